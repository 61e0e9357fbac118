package sandboxtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/webhook"
)

// As sends body, encoded as JSON unless nil, with token, and decodes the
// answer with numbers as float64; an empty answer is nil.
func (e *Env) As(token, method, path string, body any) (int, map[string]any) {
	e.t.Helper()
	var raw []byte
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			e.t.Fatal(err)
		}
		raw = b
	}
	status, _, answer := e.Do(method, path, token, "application/json", bytes.NewReader(raw))
	var out map[string]any
	if len(answer) > 0 {
		if err := json.Unmarshal(answer, &out); err != nil {
			e.t.Fatalf("%s %s: %d, not JSON: %s", method, path, status, answer)
		}
	}
	return status, out
}

// Callbacks is the path of the business's webhook callbacks.
func (e *Env) Callbacks() string { return "/events/account/" + e.Account + "/events/callbacks" }

// Register creates a callback and returns it as answered.
func (e *Env) Register(event, uri string) map[string]any {
	e.t.Helper()
	status, out := e.As(e.Token, "POST", e.Callbacks(), map[string]any{"callback": map[string]any{"event": event, "uri": uri}})
	if status != 200 {
		e.t.Fatalf("register: %d %v", status, out)
	}
	return out["response"].(map[string]any)["result"].(map[string]any)["callback"].(map[string]any)
}

// CallbackID is the id of a callback as answered.
func CallbackID(cb map[string]any) int64 {
	n, _ := strconv.ParseInt(fmt.Sprint(cb["callbackid"]), 10, 64)
	return n
}

// Verify completes a callback's verification with its real verifier, and
// returns the verifier.
func (e *Env) Verify(id int64) string {
	e.t.Helper()
	cb, ok := e.WebhookCallback(freshbooks.AccountID(e.Account), id)
	if !ok {
		e.t.Fatalf("no callback %d", id)
	}
	status, out := e.As(e.Token, "PUT", e.Callbacks()+"/"+strconv.FormatInt(id, 10),
		map[string]any{"callback": map[string]any{"callback_id": id, "verifier": cb.Verifier}})
	if status != 200 {
		e.t.Fatalf("verify: %d %v", status, out)
	}
	return cb.Verifier
}

// CreateClient makes a client with token: a "client.create" event.
func (e *Env) CreateClient(token string) int64 {
	e.t.Helper()
	status, out := e.As(token, "POST", "users/clients", map[string]any{"client": map[string]any{"organization": "Hook Co"}})
	if status != 200 {
		e.t.Fatalf("create client: %d %v", status, out)
	}
	id, _ := strconv.ParseInt(fmt.Sprint(Dig(out, "response", "result", "client", "id")), 10, 64)
	return id
}

// UpdateClient changes a client: a "client.update" event (or
// "client.delete", for vis_state 1).
func (e *Env) UpdateClient(id int64, body map[string]any) {
	e.t.Helper()
	status, out := e.As(e.Token, "PUT", "users/clients/"+strconv.FormatInt(id, 10), map[string]any{"client": body})
	if status != 200 {
		e.t.Fatalf("update client: %d %v", status, out)
	}
}

// WaitIdle waits, up to 10s, until no delivery is pending.
func (e *Env) WaitIdle() {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.t.Context(), 10*time.Second)
	defer cancel()
	if err := e.Sandbox.WaitIdle(ctx); err != nil {
		e.t.Fatal("deliveries did not settle:", err)
	}
}

// Received is one request a Receiver got.
type Received struct {
	Body      string
	Signature string
	Header    http.Header
}

// Receiver is a webhook endpoint recording what it gets and answering
// with status(n) to its n-th request (from 0), 200 if status is nil.
type Receiver struct {
	*httptest.Server
	mu     sync.Mutex
	got    []Received
	status func(n int) int
}

// NewReceiver starts a Receiver, closed when the test ends.
func NewReceiver(t testing.TB, status func(n int) int) *Receiver {
	t.Helper()
	rc := &Receiver{status: status}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		n := len(rc.got)
		rc.got = append(rc.got, Received{string(body), r.Header.Get(webhook.SignatureHeader), r.Header.Clone()})
		rc.mu.Unlock()
		code := 200
		if rc.status != nil {
			code = rc.status(n)
		}
		w.WriteHeader(code)
	}))
	t.Cleanup(rc.Close)
	return rc
}

// All is every request received so far.
func (rc *Receiver) All() []Received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]Received(nil), rc.got...)
}

// Gate is a Receiver whose answers to deliveries other than verifications
// wait until release is closed; arrived hears every body as it comes.
func Gate(t testing.TB) (rc *Receiver, release chan struct{}, arrived chan string) {
	release = make(chan struct{})
	arrived = make(chan string, 100)
	rc = NewReceiver(t, nil)
	inner := rc.Config.Handler
	rc.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		arrived <- string(body)
		if !strings.Contains(string(body), "verifier=") {
			<-release
		}
		inner.ServeHTTP(w, r)
	})
	return rc, release, arrived
}
