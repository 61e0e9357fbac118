package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
	"github.com/freshbooks-go/freshbooks/webhook"
)

// syncBuffer is a bytes.Buffer safe for the handler's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRunAgainstSandbox(t *testing.T) {
	t.Setenv("FRESHBOOKS_ACCESS_TOKEN", "")
	var out syncBuffer
	if err := run(t.Context(), &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{
		"in-process FreshBooks sandbox",
		`for "client" at http://127.0.0.1:`, "(verified: false)",
		`verified callback`,
		"created client",
		"event client.create: object",
		`is now "Webhook Widgets Ltd"`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestLiveNeedsPublicURL(t *testing.T) {
	t.Setenv("FRESHBOOKS_ACCESS_TOKEN", "some-token")
	t.Setenv("WEBHOOK_PUBLIC_URL", "")
	var out syncBuffer
	if err := run(t.Context(), &out); err == nil || !strings.Contains(err.Error(), "WEBHOOK_PUBLIC_URL") {
		t.Errorf("run = %v", err)
	}
}

// A verification delivery for a callback that is not the receiver's is
// acknowledged and ignored; events signed with an unknown verifier are
// refused.
func TestReceiverIgnoresOthers(t *testing.T) {
	srv := freshbookstest.NewServer(freshbookstest.Options{})
	defer srv.Close()
	client, err := freshbooks.NewClient(srv.Config())
	if err != nil {
		t.Fatal(err)
	}
	client.SetToken(srv.IssueToken(0))
	acct, err := firstAccount(t.Context(), client, "")
	if err != nil {
		t.Fatal(err)
	}
	elsewhere := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer elsewhere.Close()
	other, err := acct.Callbacks.Create(t.Context(), &freshbooks.Callback{Event: webhook.EventInvoice, URI: elsewhere.URL})
	if err != nil {
		t.Fatal(err)
	}
	var out syncBuffer
	rc := newReceiver(acct, "http://127.0.0.1:1/webhooks/freshbooks", &out)
	h := httptest.NewServer(rc.Handler())
	defer h.Close()
	post := func(body, sig string) int {
		t.Helper()
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, h.URL, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if sig != "" {
			req.Header.Set(webhook.SignatureHeader, sig)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	body := "name=invoice&object_id=" + itoa(int64(other.CallbackID)) + "&verifier=forged"
	if code := post(body, ""); code != http.StatusOK {
		t.Errorf("foreign verification: %d", code)
	}
	rc.mu.Lock()
	n := len(rc.verifiers)
	rc.mu.Unlock()
	if n != 0 || strings.Contains(out.String(), "verified") {
		t.Errorf("a foreign callback was verified: %d verifiers; %s", n, out.String())
	}
	if cb, _ := acct.Callbacks.Get(t.Context(), other.CallbackID); cb.Verified {
		t.Error("the other callback got verified")
	}
	event := webhook.Encode([]webhook.Field{{Key: "name", Value: "invoice.create"}, {Key: "object_id", Value: "1"}, {Key: "account_id", Value: string(acct.ID)}})
	sig, _ := webhook.Sign("forged", event)
	if code := post(string(event), sig); code != http.StatusUnauthorized {
		t.Errorf("event signed by an unknown verifier: %d, want 401", code)
	}
	if len(rc.events) != 0 {
		t.Error("a forged event was queued")
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
