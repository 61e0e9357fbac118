package freshbookstest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// env is the harness of the package's internal tests: a running sandbox
// with a token of its first identity (every scope) and that identity's
// first business. Unlike sandboxtest's, it may reach the sandbox's
// internals (sb.eng, sb.auth). It cannot be sandboxtest's Env: sandboxtest
// imports this package, so these tests importing it would be a cycle;
// hence the few request helpers written again here.
type env struct {
	t     testing.TB
	sb    *Sandbox
	srv   *Server // the server of a sandbox in memory; nil for a durable one
	url   string  // the root of the API, such as "http://127.0.0.1:41231"
	token string  // the first identity's access token
	acct  string  // the business's account id
	biz   *engine.Business
	stop  func()
}

// newEnv starts a sandbox configured by opts, closed when the test ends.
// With dir empty it lives in memory (NewServer); otherwise it keeps its
// data in dir (Open), and a newEnv on the same dir after close is the same
// sandbox restarted.
func newEnv(t testing.TB, dir string, opts Options) *env {
	t.Helper()
	e := &env{t: t}
	if dir == "" {
		e.srv = NewServer(opts)
		e.sb, e.url, e.stop = e.srv.Sandbox, e.srv.URL, e.srv.Close
	} else {
		sb, err := Open(dir, opts)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(sb)
		e.sb, e.url, e.stop = sb, srv.URL, func() { srv.Close(); _ = sb.Close() }
	}
	t.Cleanup(e.close)
	e.token = e.sb.IssueToken(0).AccessToken
	e.biz = e.sb.eng.Identities[0].Memberships[0].Business
	e.acct = e.biz.AccountID
	return e
}

// close stops the sandbox; closing twice is harmless.
func (e *env) close() {
	if stop := e.stop; stop != nil {
		e.stop = nil
		stop()
	}
}

// path resolves a request path: a URL is kept, one without a leading
// slash is under the account's accounting root, and others are under the
// server's root.
func (e *env) path(path string) string {
	switch {
	case strings.HasPrefix(path, "http"):
		return path
	case strings.HasPrefix(path, "/"):
		return e.url + path
	}
	return e.url + "/accounting/account/" + e.acct + "/" + path
}

// business is the path of rest in one of the business-scoped families:
// /{family}/business/{id}/{rest}.
func (e *env) business(family, rest string) string {
	return fmt.Sprintf("/%s/business/%d/%s", family, e.biz.ID, rest)
}

// do sends a request with a token (none if empty) and a content type
// (none if empty), and returns the status, the headers and the body.
func (e *env) do(method, path, token, contentType string, body io.Reader) (int, http.Header, []byte) {
	e.t.Helper()
	req, err := http.NewRequestWithContext(e.t.Context(), method, e.path(path), body)
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

// call sends a raw JSON body (possibly empty) with the token and returns
// the status and the answer.
func (e *env) call(method, path, body string) (int, string) {
	e.t.Helper()
	status, _, b := e.do(method, path, e.token, "application/json", strings.NewReader(body))
	return status, string(b)
}

// as sends body, raw if a string, else encoded, with token, and decodes
// the answer (numbers as float64, or json.Number if numbers); an empty
// answer is nil.
func (e *env) as(token, method, path string, body any, numbers bool) (int, map[string]any) {
	e.t.Helper()
	raw, ok := body.(string)
	if !ok && body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			e.t.Fatal(err)
		}
		raw = string(b)
	}
	status, _, answer := e.do(method, path, token, "application/json", strings.NewReader(raw))
	var m map[string]any
	if len(answer) > 0 {
		dec := json.NewDecoder(bytes.NewReader(answer))
		if numbers {
			dec.UseNumber()
		}
		if err := dec.Decode(&m); err != nil {
			e.t.Fatalf("%s %s: %d %q is not a JSON object", method, path, status, answer)
		}
	}
	return status, m
}

// json is as with the token, numbers as float64.
func (e *env) json(method, path string, body any) (int, map[string]any) {
	e.t.Helper()
	return e.as(e.token, method, path, body, false)
}

// numbers is as with the token, numbers as json.Number.
func (e *env) numbers(method, path string, body any) (int, map[string]any) {
	e.t.Helper()
	return e.as(e.token, method, path, body, true)
}

// ok sends a request that must be answered 200 and returns the record
// under key in the accounting envelope.
func (e *env) ok(method, path, body, key string) engine.Record {
	e.t.Helper()
	status, raw := e.call(method, path, body)
	if status != 200 {
		e.t.Fatalf("%s %s: %d %s", method, path, status, raw)
	}
	var answer struct {
		Response struct {
			Result map[string]json.RawMessage `json:"result"`
		} `json:"response"`
	}
	if err := json.Unmarshal([]byte(raw), &answer); err != nil {
		e.t.Fatal(err)
	}
	return engine.DecodeRecord(answer.Response.Result[key])
}

// create posts {key: body} to path, which must succeed, and returns the
// record made.
func (e *env) create(path, key, body string) engine.Record {
	e.t.Helper()
	return e.ok("POST", path, `{"`+key+`": `+body+`}`, key)
}

// client makes a client and returns its id.
func (e *env) client() string {
	e.t.Helper()
	return e.create("users/clients", "client", `{"organization": "Doc Co", "email": "ap@doc.test", "currency_code": "EUR"}`).Str("id")
}

// invoice makes an invoice of one line for customer.
func (e *env) invoice(customer string) engine.Record {
	e.t.Helper()
	return e.ok("POST", "invoices/invoices?include[]=lines", `{"invoice": {"customerid": `+customer+`, "create_date": "2026-03-01",
		"lines": [{"name": "A", "qty": 3, "unit_cost": {"amount": "10.00"}, "taxName1": "T", "taxAmount1": "10"}]}}`, "invoice")
}

// dig walks nested objects by their keys.
func dig(v any, path ...string) any {
	for _, p := range path {
		m, _ := v.(map[string]any)
		v = m[p]
	}
	return v
}

// form builds a multipart body with the file in field and returns its
// content type and the body.
func form(t testing.TB, field, filename string, data []byte) (string, *bytes.Buffer) {
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

// fixedNow is a fixed clock, 2026-03-08 06:30:00 UTC, for sandboxes whose
// answers show the time.
func fixedNow() time.Time { return time.Date(2026, 3, 8, 6, 30, 0, 0, time.UTC) }
