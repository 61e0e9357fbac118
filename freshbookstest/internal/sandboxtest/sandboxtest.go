// Package sandboxtest is the test harness of the sandbox's families: it
// starts a sandbox, signs in as its first identity and finds that
// identity's first business the way a client does, over HTTP, then sends
// requests and reads the answers. Only tests import it.
package sandboxtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// Env is a running sandbox with a token of its first identity (every
// scope) and the ids of that identity's first business.
type Env struct {
	*freshbookstest.Sandbox
	URL          string // the root of the API, such as "http://127.0.0.1:41231"
	Token        string // the first identity's access token
	IdentityID   int64
	Account      string // the business's account id
	BusinessID   int64
	BusinessUUID string

	t      testing.TB
	server *freshbookstest.Server // nil for a durable sandbox
	stop   func() error
}

// New starts a sandbox configured by opts, closed when the test ends. With
// dir empty it lives in memory (freshbookstest.NewServer); otherwise it
// keeps its data in dir (freshbookstest.Open), and a New on the same dir
// after Close is the same sandbox restarted.
func New(t testing.TB, dir string, opts freshbookstest.Options) *Env {
	t.Helper()
	e := &Env{t: t}
	if dir == "" {
		e.server = freshbookstest.NewServer(opts)
		e.Sandbox, e.URL, e.stop = e.server.Sandbox, e.server.URL, func() error { e.server.Close(); return nil }
	} else {
		sb, err := freshbookstest.Open(dir, opts)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(sb)
		e.Sandbox, e.URL, e.stop = sb, srv.URL, func() error { srv.Close(); return sb.Close() }
	}
	t.Cleanup(func() { _ = e.Close() })
	e.Token = e.IssueToken(0).AccessToken
	var me struct {
		Response struct {
			ID          int64 `json:"id"`
			Memberships []struct {
				Business struct {
					ID        int64  `json:"id"`
					UUID      string `json:"business_uuid"`
					AccountID string `json:"account_id"`
				} `json:"business"`
			} `json:"business_memberships"`
		} `json:"response"`
	}
	status, raw := e.Call("GET", "/auth/api/v1/users/me", "")
	if err := json.Unmarshal([]byte(raw), &me); status != 200 || err != nil || len(me.Response.Memberships) == 0 {
		t.Fatalf("users/me: %d %s", status, raw)
	}
	b := me.Response.Memberships[0].Business
	e.IdentityID, e.Account, e.BusinessID, e.BusinessUUID = me.Response.ID, b.AccountID, b.ID, b.UUID
	return e
}

// Close stops the sandbox (for a durable one, so that it can be opened
// again) and returns the error of closing its data file. Closing twice is
// harmless.
func (e *Env) Close() error {
	stop := e.stop
	e.stop = nil
	if stop == nil {
		return nil
	}
	return stop()
}

// Path resolves a request path: one without a leading slash is under the
// account's accounting root, /accounting/account/{account}/.
func (e *Env) Path(path string) string {
	if strings.HasPrefix(path, "/") {
		return path
	}
	return "/accounting/account/" + e.Account + "/" + path
}

// Business is the path of rest in one of the business-scoped families
// (projects, timetracking, comments): /{family}/business/{id}/{rest}.
func (e *Env) Business(family, rest string) string {
	return fmt.Sprintf("/%s/business/%d/%s", family, e.BusinessID, rest)
}

// Do sends a request with a token (none if empty) and a content type (none
// if empty), and returns the status, the headers and the body.
func (e *Env) Do(method, path, token, contentType string, body io.Reader) (int, http.Header, []byte) {
	e.t.Helper()
	req, err := http.NewRequestWithContext(e.t.Context(), method, e.URL+e.Path(path), body)
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

// Call sends a raw JSON body (possibly empty) with the token and returns
// the status and the answer.
func (e *Env) Call(method, path, body string) (int, string) {
	e.t.Helper()
	status, _, b := e.Do(method, path, e.Token, "application/json", strings.NewReader(body))
	return status, string(b)
}

// JSON sends body, raw if a string, else encoded, with the token, and
// decodes the answer (numbers as json.Number); an empty answer is nil.
func (e *Env) JSON(method, path string, body any) (int, map[string]any) {
	e.t.Helper()
	raw, ok := body.(string)
	if !ok && body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			e.t.Fatal(err)
		}
		raw = string(b)
	}
	status, answer := e.Call(method, path, raw)
	var m map[string]any
	if answer != "" {
		dec := json.NewDecoder(strings.NewReader(answer))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil {
			e.t.Fatalf("%s %s: %d %q is not a JSON object", method, path, status, answer)
		}
	}
	return status, m
}

// OK sends a request that must be answered 200 and returns the record
// under key in the accounting envelope.
func (e *Env) OK(method, path, body, key string) engine.Record {
	e.t.Helper()
	status, raw := e.Call(method, path, body)
	if status != 200 {
		e.t.Fatalf("%s %s: %d %s", method, path, status, raw)
	}
	var env struct {
		Response struct {
			Result map[string]json.RawMessage `json:"result"`
		} `json:"response"`
	}
	if err := json.Unmarshal([]byte(raw), &env); err != nil {
		e.t.Fatal(err)
	}
	return engine.DecodeRecord(env.Response.Result[key])
}

// Every lists every record of a resource, the deleted ones too, page by
// page, in the order listed.
func (e *Env) Every(path, plural string) []engine.Record {
	e.t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	var out []engine.Record
	for _, vis := range []string{"", "&search[vis_state]=1"} {
		for page := 1; ; page++ {
			status, m := e.JSON("GET", fmt.Sprintf("%s%sper_page=100&page=%d%s", path, sep, page, vis), nil)
			items, ok := Dig(m, "response", "result", plural).([]any)
			if status != 200 || !ok {
				e.t.Fatalf("list %s: %d %v", path, status, m)
			}
			for _, it := range items {
				out = append(out, engine.Record(it.(map[string]any)))
			}
			if len(items) < 100 {
				break
			}
		}
	}
	return out
}

// Create posts {key: body} to path, which must succeed, and returns the
// record made.
func (e *Env) Create(path, key, body string) engine.Record {
	e.t.Helper()
	return e.OK("POST", path, `{"`+key+`": `+body+`}`, key)
}

// Scoped returns an access token of the first identity granted only
// scopes (and user:profile:read, always granted), got through the
// authorization code flow. The sandbox must be in memory.
func (e *Env) Scoped(scopes ...string) string {
	e.t.Helper()
	if e.server == nil {
		e.t.Fatal("sandboxtest: Scoped needs a sandbox in memory")
	}
	o := e.Options()
	q := url.Values{"client_id": {o.ClientID}, "response_type": {"code"}, "redirect_uri": {o.RedirectURI}, "scope": {strings.Join(scopes, " ")}}
	back, err := e.server.Approve(e.t.Context(), e.URL+"/oauth/authorize?"+q.Encode())
	if err != nil {
		e.t.Fatal(err)
	}
	form := url.Values{"client_id": {o.ClientID}, "client_secret": {o.ClientSecret}, "grant_type": {"authorization_code"},
		"code": {back.Query().Get("code")}, "redirect_uri": {o.RedirectURI}}
	status, _, raw := e.Do("POST", "/auth/oauth/token", "", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(raw, &tok); status != 200 || err != nil || tok.AccessToken == "" {
		e.t.Fatalf("token exchange: %d %s", status, raw)
	}
	return tok.AccessToken
}

// Now is a fixed clock, 2026-03-08 06:30:00.123456 UTC, for sandboxes
// whose answers show the time.
func Now() time.Time { return time.Date(2026, 3, 8, 6, 30, 0, 123456000, time.UTC) }

// Dig walks nested objects by their keys.
func Dig(v any, path ...string) any {
	for _, p := range path {
		m, _ := v.(map[string]any)
		v = m[p]
	}
	return v
}

// Result digs the record under key out of an accounting answer.
func Result(m map[string]any, key string) engine.Record {
	rec, _ := Dig(m, "response", "result", key).(map[string]any)
	return rec
}

// Form builds a multipart body with the file in field and returns its
// content type and the body.
func Form(t testing.TB, field, filename string, data []byte) (string, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, err := mw.CreateFormFile(field, filename)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write(data)
	_ = mw.Close()
	return mw.FormDataContentType(), &buf
}
