package freshbooks_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// flaky answers with the given statuses in turn, then 200.
func flaky(t *testing.T, statuses ...int) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		if i < len(statuses) {
			if statuses[i] == 429 {
				w.Header().Set("Retry-After", "2")
			}
			w.WriteHeader(statuses[i])
			_, _ = w.Write([]byte(`{"response":{"errors":[{"errno":0,"message":"busy"}]}}`))
			return
		}
		_, _ = w.Write([]byte(`{"ok": true}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func retryingClient(t *testing.T, url string, waits *[]time.Duration) *freshbooks.Client {
	c, err := freshbooks.NewClient(freshbooks.Config{AccessToken: "t", BaseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	freshbooks.SetSleep(c, func(ctx context.Context, d time.Duration) error {
		*waits = append(*waits, d)
		return ctx.Err()
	})
	return c
}

func TestRetries(t *testing.T) {
	t.Run("GET retried on 429 and 5xx, honouring Retry-After", func(t *testing.T) {
		srv, n := flaky(t, 503, 429, 502)
		var waits []time.Duration
		c := retryingClient(t, srv.URL, &waits)
		var out map[string]bool
		if err := c.Do(t.Context(), "GET", "/x", nil, &out); err != nil || !out["ok"] {
			t.Fatalf("err = %v, out = %v", err, out)
		}
		if n.Load() != 4 || len(waits) != 3 || waits[1] != 2*time.Second {
			t.Errorf("attempts %d, waits %v", n.Load(), waits)
		}
		for i, w := range waits {
			if w < 0 || w > 30*time.Second {
				t.Errorf("wait %d = %v out of bounds", i, w)
			}
		}
	})
	t.Run("gives up after MaxRetries", func(t *testing.T) {
		srv, n := flaky(t, 500, 500, 500, 500, 500, 500)
		var waits []time.Duration
		c := retryingClient(t, srv.URL, &waits)
		err := c.Do(t.Context(), "PUT", "/x", map[string]int{"a": 1}, nil)
		if !errors.Is(err, freshbooks.ErrServer) || n.Load() != 4 {
			t.Errorf("err = %v after %d attempts", err, n.Load())
		}
	})
	t.Run("POST never retried once sent", func(t *testing.T) {
		srv, n := flaky(t, 503)
		var waits []time.Duration
		c := retryingClient(t, srv.URL, &waits)
		if err := c.Do(t.Context(), "POST", "/x", map[string]int{"a": 1}, nil); err == nil || n.Load() != 1 {
			t.Errorf("err = %v after %d attempts", err, n.Load())
		}
	})
	t.Run("4xx not retried", func(t *testing.T) {
		srv, n := flaky(t, 404)
		var waits []time.Duration
		c := retryingClient(t, srv.URL, &waits)
		if err := c.Do(t.Context(), "GET", "/x", nil, nil); !errors.Is(err, freshbooks.ErrNotFound) || n.Load() != 1 {
			t.Errorf("err = %v after %d attempts", err, n.Load())
		}
	})
	t.Run("connection refused retried even for POST", func(t *testing.T) {
		var waits []time.Duration
		c := retryingClient(t, "http://127.0.0.1:1", &waits)
		err := c.Do(t.Context(), "POST", "/x", nil, nil)
		if err == nil || len(waits) != 3 {
			t.Errorf("err = %v, waits %v", err, waits)
		}
	})
	t.Run("context cancels the wait", func(t *testing.T) {
		srv, n := flaky(t, 503, 503)
		c, _ := freshbooks.NewClient(freshbooks.Config{AccessToken: "t", BaseURL: srv.URL})
		ctx, cancel := context.WithCancel(t.Context())
		freshbooks.SetSleep(c, func(context.Context, time.Duration) error { cancel(); return context.Canceled })
		if err := c.Do(ctx, "GET", "/x", nil, nil); !errors.Is(err, context.Canceled) || n.Load() != 1 {
			t.Errorf("err = %v after %d attempts", err, n.Load())
		}
	})
}

func TestRedirectDropsAuthorization(t *testing.T) {
	var got atomic.Value
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.Header.Get("Authorization") + "|")
		_, _ = w.Write([]byte(`{}`))
	}))
	defer other.Close()
	home := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/elsewhere", http.StatusFound)
	}))
	defer home.Close()
	c, _ := freshbooks.NewClient(freshbooks.Config{AccessToken: "secret-token", BaseURL: home.URL})
	if err := c.Do(t.Context(), "GET", "/x", nil, nil); err != nil {
		t.Fatal(err)
	}
	if got.Load() != "|" {
		t.Errorf("Authorization forwarded to another host: %q", got.Load())
	}
}

func TestResponseSizeCap(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"a":"`))
		chunk := bytes.Repeat([]byte("x"), 1<<20)
		for range 40 {
			w.Write(chunk)
		}
	}))
	defer srv.Close()
	c, _ := freshbooks.NewClient(freshbooks.Config{AccessToken: "t", BaseURL: srv.URL})
	if err := c.Do(t.Context(), "GET", "/x", nil, nil); !errors.Is(err, freshbooks.ErrResponseTooLarge) {
		t.Errorf("err = %v", err)
	}
}

// An answer whose declared length is over the cap is refused before its
// body is read; one shorter than its declared length is an error, not a
// truncated success; one of exactly its length decodes.
func TestResponseDeclaredLength(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/big":
			w.Header().Set("Content-Length", strconv.Itoa(40<<20))
			w.Write([]byte(`{"a":"`))
		case "/short":
			w.Header().Set("Content-Length", "100")
			w.Write([]byte(`{"a":"b"}`))
		default:
			w.Header().Set("Content-Length", "9")
			w.Write([]byte(`{"a":"b"}`))
		}
	}))
	defer srv.Close()
	c, _ := freshbooks.NewClient(freshbooks.Config{AccessToken: "t", BaseURL: srv.URL, MaxRetries: -1})
	if err := c.Do(t.Context(), "GET", "/big", nil, nil); !errors.Is(err, freshbooks.ErrResponseTooLarge) {
		t.Errorf("declared 40 MiB: err = %v, want ErrResponseTooLarge", err)
	}
	var out map[string]string
	if err := c.Do(t.Context(), "GET", "/short", nil, &out); err == nil {
		t.Errorf("body shorter than its Content-Length: no error, decoded %v", out)
	}
	if err := c.Do(t.Context(), "GET", "/exact", nil, &out); err != nil || out["a"] != "b" {
		t.Errorf("exact length: %v, %v", out, err)
	}
}

func TestLoggingAndHeaders(t *testing.T) {
	var hdr http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hdr = r.Header.Clone()
		_, _ = w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	var logs bytes.Buffer
	c, _ := freshbooks.NewClient(freshbooks.Config{ClientID: "cid", AccessToken: "tok-SECRET", BaseURL: srv.URL, APIVersion: "2023-02-20",
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err := c.Do(t.Context(), "GET", "/accounting/account/A1/users/clients?search[email]=a+b@x.test", nil, nil); err != nil {
		t.Fatal(err)
	}
	if hdr.Get("Authorization") != "Bearer tok-SECRET" || hdr.Get("X-API-VERSION") != "2023-02-20" ||
		hdr.Get("User-Agent") != "FreshBooks go sdk/"+freshbooks.Version+" client_id cid" || hdr.Get("Content-Type") != "" {
		t.Errorf("headers %v", hdr)
	}
	line := logs.String()
	if !strings.Contains(line, "method=GET") || !strings.Contains(line, "status=200") || !strings.Contains(line, "attempt=1") ||
		!strings.Contains(line, "path=/accounting/account/A1/users/clients") || !strings.Contains(line, `query="search%5Bemail%5D=a+b%40x.test"`) {
		t.Errorf("log line %q", line)
	}
	if strings.Contains(line, "SECRET") {
		t.Error("token logged")
	}
}

// The debug log shows a list's query, so a wrong filter can be seen.
func TestLogShowsQuery(t *testing.T) {
	srv := freshbookstest.NewServer(freshbookstest.Options{})
	t.Cleanup(srv.Close)
	var logs bytes.Buffer
	cfg := srv.Config()
	cfg.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := freshbooks.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tok := srv.IssueToken(0)
	c.SetToken(tok)
	me, err := c.CurrentUser(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	acct := c.Account(me.BusinessMemberships[0].Business.AccountID)
	if _, err := acct.Invoices.List(t.Context(), freshbooks.Equals("customerid", 7), freshbooks.PerPage(5)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), `"query":"per_page=5&search%5Bcustomerid%5D=7"`) {
		t.Errorf("log: %s", logs.String())
	}
	if strings.Contains(logs.String(), tok.AccessToken) {
		t.Error("token logged")
	}
}
