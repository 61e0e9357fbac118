package freshbooks_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
)

// redirecting serves h and counts the requests it gets.
func redirecting(t *testing.T, h func(w http.ResponseWriter, r *http.Request)) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestRedirects(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		_, _ = w.Write([]byte(`{"response": {"result": {"client": {"id": 9}}}}`))
	}))
	t.Cleanup(other.Close)
	newClient := func(t *testing.T, base string) (*freshbooks.Client, *[]time.Duration) {
		var waits []time.Duration
		return retryingClient(t, base, &waits), &waits
	}

	for _, tc := range []struct {
		method string
		status int
	}{{"POST", 302}, {"POST", 303}, {"PUT", 301}, {"PUT", 302}, {"DELETE", 303}} {
		t.Run(fmt.Sprintf("%s answered %d", tc.method, tc.status), func(t *testing.T) {
			elsewhere.Store(0)
			srv, n := redirecting(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Location", other.URL+"/moved?x=1")
				w.WriteHeader(tc.status)
			})
			c, waits := newClient(t, srv.URL)
			err := c.Do(t.Context(), tc.method, "/accounting/account/A/users/clients", map[string]any{"client": map[string]any{}}, nil)
			re, ok := errors.AsType[*freshbooks.RedirectError](err)
			if !ok || !errors.Is(err, freshbooks.ErrRedirect) || !errors.Is(err, freshbooks.ErrBadResponse) {
				t.Fatalf("err = %#v, want a *RedirectError", err)
			}
			if re.Method != tc.method || re.StatusCode != tc.status || re.Path != "/accounting/account/A/users/clients" ||
				!strings.Contains(err.Error(), other.URL+"/moved") {
				t.Errorf("err = %v (%+v)", err, re)
			}
			if n.Load() != 1 || elsewhere.Load() != 0 || len(*waits) != 0 {
				t.Errorf("%d requests, %d elsewhere, waits %v", n.Load(), elsewhere.Load(), *waits)
			}
		})
	}

	t.Run("307 to the same host is followed with the body", func(t *testing.T) {
		var got []string
		srv, _ := redirecting(t, func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			got = append(got, r.Method+" "+r.URL.Path+" "+string(body))
			if r.URL.Path == "/old" {
				http.Redirect(w, r, "/new", http.StatusTemporaryRedirect)
				return
			}
			_, _ = w.Write([]byte(`{"ok": true}`))
		})
		c, _ := newClient(t, srv.URL)
		var out map[string]bool
		if err := c.Do(t.Context(), "POST", "/old", map[string]int{"a": 1}, &out); err != nil || !out["ok"] {
			t.Fatalf("err = %v, out = %v", err, out)
		}
		if want := []string{`POST /old {"a":1}`, `POST /new {"a":1}`}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("requests %q, want %q", got, want)
		}
	})

	t.Run("308 to another host is refused for a write", func(t *testing.T) {
		elsewhere.Store(0)
		srv, _ := redirecting(t, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.URL+"/x", http.StatusPermanentRedirect)
		})
		c, _ := newClient(t, srv.URL)
		err := c.Do(t.Context(), "PUT", "/x", map[string]int{"a": 1}, nil)
		if !errors.Is(err, freshbooks.ErrRedirect) || elsewhere.Load() != 0 {
			t.Fatalf("err = %v, %d requests elsewhere", err, elsewhere.Load())
		}
	})

	t.Run("a loop is an error, not retried", func(t *testing.T) {
		srv, n := redirecting(t, func(w http.ResponseWriter, r *http.Request) {
			next := map[string]string{"/a": "/b", "/b": "/a"}[r.URL.Path]
			http.Redirect(w, r, next, http.StatusFound)
		})
		c, waits := newClient(t, srv.URL)
		err := c.Do(t.Context(), "GET", "/a", nil, nil)
		if !errors.Is(err, freshbooks.ErrRedirect) || !strings.Contains(err.Error(), "loop") {
			t.Fatalf("err = %v", err)
		}
		if n.Load() != 2 || len(*waits) != 0 {
			t.Errorf("%d requests, waits %v", n.Load(), *waits)
		}
	})

	t.Run("too many redirects is an error, not retried", func(t *testing.T) {
		srv, n := redirecting(t, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, r.URL.Path+"x", http.StatusFound)
		})
		c, waits := newClient(t, srv.URL)
		err := c.Do(t.Context(), "GET", "/x", nil, nil)
		if !errors.Is(err, freshbooks.ErrRedirect) || n.Load() != 10 || len(*waits) != 0 {
			t.Fatalf("err = %v after %d requests, waits %v", err, n.Load(), *waits)
		}
	})

	t.Run("an upload cannot be replayed", func(t *testing.T) {
		srv, n := redirecting(t, func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			http.Redirect(w, r, "/elsewhere", http.StatusTemporaryRedirect)
		})
		c, _ := newClient(t, srv.URL)
		_, err := c.Account("A").Attachments.Upload(t.Context(), "a.txt", strings.NewReader("hello"))
		if re, ok := errors.AsType[*freshbooks.RedirectError](err); !ok || re.StatusCode != 307 || n.Load() != 1 {
			t.Fatalf("err = %v after %d requests", err, n.Load())
		}
	})

	t.Run("the token endpoint's redirect", func(t *testing.T) {
		srv, _ := redirecting(t, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/login?refresh_token=leaked-refresh-token", http.StatusFound)
		})
		c, err := freshbooks.NewClient(freshbooks.Config{ClientID: "id", ClientSecret: "secret-value", RedirectURI: "https://example.com/cb",
			RefreshToken: "refresh-token-value", BaseURL: srv.URL})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.RefreshAccessToken(t.Context())
		if !errors.Is(err, freshbooks.ErrRedirect) || strings.Contains(err.Error(), "leaked") || !strings.Contains(err.Error(), "/login") {
			t.Fatalf("err = %v", err)
		}
	})
}

// TestNullRecords: a record given as null, in every family's envelope, is
// ErrBadResponse, never an empty record.
func TestNullRecords(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		call       func(ctx context.Context, c *freshbooks.Client) (any, error)
	}{
		{"accounting", `{"response": {"result": {"client": null}}}`, func(ctx context.Context, c *freshbooks.Client) (any, error) {
			return c.Account("A").Clients.Get(ctx, 1)
		}},
		{"events", `{"response": {"result": {"callback": null}}}`, func(ctx context.Context, c *freshbooks.Client) (any, error) {
			return c.Account("A").Callbacks.Get(ctx, 1)
		}},
		{"projects", `{"project": null}`, func(ctx context.Context, c *freshbooks.Client) (any, error) {
			return c.Business(1).Projects.Get(ctx, 1)
		}},
		{"time tracking", `{"time_entry": null}`, func(ctx context.Context, c *freshbooks.Client) (any, error) {
			return c.Business(1).TimeEntries.Get(ctx, 1)
		}},
		{"payments", `{"payment_options": null}`, func(ctx context.Context, c *freshbooks.Client) (any, error) {
			return c.Account("A").InvoicePaymentOptions.Get(ctx, 1)
		}},
		{"ledger", `{"data": null}`, func(ctx context.Context, c *freshbooks.Client) (any, error) {
			return c.LedgerAccounts("U").Get(ctx, "x")
		}},
		{"uploads", `{"attachment": null}`, func(ctx context.Context, c *freshbooks.Client) (any, error) {
			return c.Account("A").Attachments.Upload(ctx, "a.txt", strings.NewReader("x"))
		}},
		{"reports", `{"response": {"result": {"profitloss": null}}}`, func(ctx context.Context, c *freshbooks.Client) (any, error) {
			var out json.RawMessage
			return out, c.Account("A").Reports.Get(ctx, "profitloss", nil, &out)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := replay(t, 200, []byte(tc.body))
			v, err := tc.call(t.Context(), c)
			if !errors.Is(err, freshbooks.ErrBadResponse) || !strings.Contains(err.Error(), "null") {
				t.Fatalf("got %+v, err = %v; want ErrBadResponse", v, err)
			}
		})
	}
}

// echoing is a server that reflects back everything it was sent, as a
// badly behaved proxy or debug page would: request headers in an HTML
// error page, forms in the token endpoint's error_description, and the
// token in a JSON error and in a 200 answer of the wrong shape.
func echoing(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		auth := r.Header.Get("Authorization")
		switch r.URL.Path {
		case "/auth/oauth/token", "/auth/oauth/revoke":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(400)
			_ = json.NewEncoder(w).Encode(map[string]string{"error": "invalid_grant", "error_description": "refused: " + r.PostForm.Encode()})
		case "/html":
			w.WriteHeader(502)
			fmt.Fprintf(w, "<html><body><pre>Authorization: %s\nCookie: none</pre></body></html>", auth)
		case "/json":
			w.WriteHeader(401)
			tok := strings.TrimPrefix(auth, "Bearer ")
			_ = json.NewEncoder(w).Encode(map[string]any{"errno": 401, "message": "token " + tok + " refused",
				"details": []string{"Authorization: " + auth, "token: " + url.QueryEscape(tok), "stray: Bearer someone-elses-token"}})
		default:
			fmt.Fprintf(w, `{"response": {"result": {"other": %q}}}`, auth)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestEchoedSecretsScrubbed(t *testing.T) {
	srv := echoing(t)
	const access, refresh, secret = "access-SECRET-0123456789", "refresh-SECRET-0123456789", "client-SECRET-0123456789"
	var logs bytes.Buffer
	c, err := freshbooks.NewClient(freshbooks.Config{
		ClientID: "cid", ClientSecret: secret, RedirectURI: "https://example.com/cb",
		AccessToken: access, RefreshToken: refresh, BaseURL: srv.URL, AuthURL: srv.URL, MaxRetries: -1,
		Logger: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		t.Fatal(err)
	}
	ar, _ := c.NewAuthRequest()
	ctx := t.Context()
	var errs []error
	for _, p := range []string{"/html", "/json"} {
		errs = append(errs, c.Do(ctx, "GET", p, nil, nil))
	}
	_, err = c.Account("A").Clients.Get(ctx, 1)
	errs = append(errs, err)
	_, err = c.RefreshAccessToken(ctx)
	errs = append(errs, err)
	_, err = c.RefreshAccessToken(ctx, "other-refresh-token-42")
	errs = append(errs, err)
	_, err = c.CompleteAuth(ctx, ar, url.Values{"state": {ar.State}, "code": {"the-authorization-code"}})
	errs = append(errs, err)
	errs = append(errs, c.RevokeToken(ctx, access))

	var out bytes.Buffer
	for i, err := range errs {
		if err == nil {
			t.Fatalf("call %d: no error", i)
		}
		fmt.Fprintf(&out, "%v\n%+v\n", err, err)
		if ae, ok := errors.AsType[*freshbooks.APIError](err); ok {
			js, _ := json.Marshal(ae)
			fmt.Fprintf(&out, "%s\n%s\n", js, ae.Body)
		}
		if oe, ok := errors.AsType[*freshbooks.OAuthError](err); ok {
			fmt.Fprintf(&out, "%s %s\n", oe.Code, oe.Description)
		}
	}
	out.Write(logs.Bytes())
	text := out.String()
	for _, s := range []string{access, refresh, secret, ar.CodeVerifier, "the-authorization-code", "other-refresh-token-42",
		url.QueryEscape(access), "someone-elses-token"} {
		if strings.Contains(text, s) {
			t.Errorf("%q shown in:\n%s", s, text)
		}
	}
	// The errors still say what happened.
	for _, want := range []string{"Authorization: Bearer [redacted]", "502", "invalid_grant", "client_secret=[redacted]"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q missing from:\n%s", want, text)
		}
	}
}

// TestUploadPartTypeAndLength: the file part carries the type detected
// from the file name, else from the content, and the request a
// Content-Length when the reader knows its size.
func TestUploadPartTypeAndLength(t *testing.T) {
	type seen struct {
		partType, filename, content string
		length                      int64
		bodyLen                     int
	}
	got := make(chan seen, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		mr, err := r.MultipartReader()
		if err != nil {
			t.Error(err)
			return
		}
		part, err := mr.NextPart()
		if err != nil {
			t.Error(err)
			return
		}
		content, _ := io.ReadAll(part)
		got <- seen{part.Header.Get("Content-Type"), part.FileName(), string(content), r.ContentLength, len(body)}
		_, _ = w.Write([]byte(`{"attachment": {"jwt": "j"}}`))
	}))
	t.Cleanup(srv.Close)
	c, err := freshbooks.NewClient(freshbooks.Config{AccessToken: "t", BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	pdf := "%PDF-1.7\n" + strings.Repeat("x", 2000)
	file := filepath.Join(t.TempDir(), "scan")
	if err := os.WriteFile(file, []byte(pdf), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	for _, tc := range []struct {
		name, filename string
		src            io.Reader
		content        string
		partType       string
		known          bool
	}{
		{"by name", `receipt "May".png`, strings.NewReader("not really a png"), "not really a png", "image/png", true},
		{"by content", "scan", io.MultiReader(strings.NewReader(pdf)), pdf, "application/pdf", false},
		{"a file", "scan", f, pdf, "application/pdf", true},
		{"short text", "notes", bytes.NewBufferString("hello"), "hello", "text/plain; charset=utf-8", true},
		{"empty", "x", strings.NewReader(""), "", "text/plain; charset=utf-8", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := c.Account("A").Attachments.Upload(t.Context(), tc.filename, tc.src); err != nil {
				t.Fatal(err)
			}
			s := <-got
			if s.partType != tc.partType || s.content != tc.content || s.filename != tc.filename {
				t.Errorf("part %q %q (%d bytes), want %q %q", s.partType, s.filename, len(s.content), tc.partType, tc.filename)
			}
			if tc.known && s.length != int64(s.bodyLen) || !tc.known && s.length != -1 {
				t.Errorf("Content-Length %d for a body of %d bytes (known %v)", s.length, s.bodyLen, tc.known)
			}
		})
	}
}
