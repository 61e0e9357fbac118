package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/freshbooks-go/freshbooks"
)

const (
	testVerifier = "UWQfd9zCzxmVwFZWKqqKwLxqz8gvzGdAn"
	testDelivery = "name=invoice.create&object_id=1234567&account_id=6BApk&business_id=6543&identity_id=1234&user_id=1"
)

// recorder is a Handler whose callbacks record what they receive.
type recorder struct {
	mu            sync.Mutex
	events        []*Event
	verifications []*Event
	logs          bytes.Buffer
}

func (rec *recorder) Write(p []byte) (int, error) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.logs.Write(p)
}

func (rec *recorder) snapshot() (events, verifications []*Event, logs string) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.events, rec.verifications, rec.logs.String()
}

// newTestServer serves h, filling in its unset fields with ones recording
// into the returned recorder. Account 6BApk has the verifiers "old" and
// testVerifier.
func newTestServer(t *testing.T, h *Handler) (*httptest.Server, *recorder) {
	t.Helper()
	rec := &recorder{}
	if h.Verifiers == nil {
		h.Verifiers = func(ctx context.Context, account freshbooks.AccountID) ([]string, error) {
			if account == "6BApk" {
				return []string{"old", testVerifier}, nil
			}
			return nil, nil
		}
	}
	if h.OnEvent == nil {
		h.OnEvent = func(ctx context.Context, e *Event) error {
			rec.mu.Lock()
			defer rec.mu.Unlock()
			rec.events = append(rec.events, e)
			return nil
		}
	}
	if h.OnVerification == nil {
		h.OnVerification = func(ctx context.Context, e *Event) error {
			rec.mu.Lock()
			defer rec.mu.Unlock()
			rec.verifications = append(rec.verifications, e)
			return nil
		}
	}
	h.Logger = slog.New(slog.NewTextHandler(rec, nil))
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, rec
}

func post(t *testing.T, url, body, signature string) int {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if signature != "" {
		req.Header.Set(SignatureHeader, signature)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

func mustSign(t *testing.T, verifier, body string) string {
	t.Helper()
	sig, err := Sign(verifier, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

func TestHandlerDelivery(t *testing.T) {
	srv, rec := newTestServer(t, &Handler{})
	if code := post(t, srv.URL, testDelivery, mustSign(t, testVerifier, testDelivery)); code != http.StatusOK {
		t.Fatalf("status = %d, want 200", code)
	}
	events, verifications, logs := rec.snapshot()
	if len(events) != 1 || len(verifications) != 0 {
		t.Fatalf("got %d events, %d verifications; want 1, 0", len(events), len(verifications))
	}
	e := events[0]
	if e.Name != EventInvoiceCreate || e.ObjectID != 1234567 || e.AccountID != "6BApk" ||
		e.BusinessID != 6543 || e.IdentityID != 1234 || e.UserID != 1 || len(e.Fields) != 6 {
		t.Errorf("event = %+v", e)
	}
	if logs != "" {
		t.Errorf("logged %q", logs)
	}
}

func TestHandlerRejects(t *testing.T) {
	good := mustSign(t, testVerifier, testDelivery)
	other := strings.Replace(testDelivery, "6BApk", "Other1", 1)
	for _, tt := range []struct {
		name, body, signature string
		want                  int
	}{
		{"missing signature", testDelivery, "", http.StatusUnauthorized},
		{"wrong signature", testDelivery, mustSign(t, "wrong", testDelivery), http.StatusUnauthorized},
		{"garbage signature", testDelivery, "not base64!", http.StatusUnauthorized},
		{"tampered body", strings.Replace(testDelivery, "1234567", "7654321", 1), good, http.StatusUnauthorized},
		{"account without verifiers", other, mustSign(t, testVerifier, other), http.StatusUnauthorized},
		{"malformed body", testDelivery + "&%zz", good, http.StatusBadRequest},
		{"repeated key", testDelivery + "&object_id=1", good, http.StatusBadRequest},
		{"signed bad id", "name=invoice.create&object_id=abc&account_id=6BApk",
			mustSign(t, testVerifier, "name=invoice.create&object_id=abc&account_id=6BApk"), http.StatusBadRequest},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv, rec := newTestServer(t, &Handler{})
			if code := post(t, srv.URL, tt.body, tt.signature); code != tt.want {
				t.Errorf("status = %d, want %d", code, tt.want)
			}
			events, verifications, logs := rec.snapshot()
			if len(events)+len(verifications) != 0 {
				t.Errorf("application called: %d events, %d verifications", len(events), len(verifications))
			}
			if logs == "" {
				t.Error("nothing logged")
			}
			if strings.Contains(logs, testVerifier) || tt.signature != "" && strings.Contains(logs, tt.signature) {
				t.Errorf("log reveals a secret: %s", logs)
			}
		})
	}
}

func TestHandlerEmptyVerifierNeverMatches(t *testing.T) {
	srv, rec := newTestServer(t, &Handler{
		Verifiers: func(context.Context, freshbooks.AccountID) ([]string, error) { return []string{""}, nil },
	})
	msg, _ := CanonicalJSON([]byte(testDelivery))
	if code := post(t, srv.URL, testDelivery, sign("", msg)); code != http.StatusUnauthorized {
		t.Errorf("status = %d, want 401", code)
	}
	if events, _, _ := rec.snapshot(); len(events) != 0 {
		t.Error("OnEvent called")
	}
}

func TestHandlerNilVerifiers(t *testing.T) {
	h := &Handler{}
	srv := httptest.NewServer(h)
	defer srv.Close()
	if code := post(t, srv.URL, testDelivery, mustSign(t, testVerifier, testDelivery)); code != http.StatusUnauthorized {
		t.Errorf("status = %d, want 401", code)
	}
}

func TestHandlerVerification(t *testing.T) {
	const body = "name=invoice.create&object_id=2001&verifier=scADVVi5QuKuj5qTjVkbJNYQe7V7USpGd"
	srv, rec := newTestServer(t, &Handler{})
	// No signature: the application does not hold the verifier yet.
	if code := post(t, srv.URL, body, ""); code != http.StatusOK {
		t.Fatalf("status = %d, want 200", code)
	}
	events, verifications, _ := rec.snapshot()
	if len(events) != 0 || len(verifications) != 1 {
		t.Fatalf("got %d events, %d verifications; want 0, 1", len(events), len(verifications))
	}
	if v := verifications[0]; !v.IsVerification() || v.ObjectID != 2001 || v.Verifier != "scADVVi5QuKuj5qTjVkbJNYQe7V7USpGd" {
		t.Errorf("verification = %+v", v)
	}

	if code := post(t, srv.URL, "verifier=x&object_id=abc", ""); code != http.StatusBadRequest {
		t.Errorf("malformed verification: status = %d, want 400", code)
	}
}

func TestHandlerVerificationNil(t *testing.T) {
	h := &Handler{}
	srv := httptest.NewServer(h)
	defer srv.Close()
	if code := post(t, srv.URL, "verifier=x&object_id=1", ""); code != http.StatusOK {
		t.Errorf("status = %d, want 200", code)
	}
}

func TestHandlerApplicationErrors(t *testing.T) {
	fail := func(context.Context, *Event) error { return errors.New("database down") }
	srv, rec := newTestServer(t, &Handler{OnEvent: fail, OnVerification: fail})
	if code := post(t, srv.URL, testDelivery, mustSign(t, testVerifier, testDelivery)); code != http.StatusInternalServerError {
		t.Errorf("OnEvent error: status = %d, want 500", code)
	}
	if code := post(t, srv.URL, "verifier="+testVerifier+"&object_id=1", ""); code != http.StatusInternalServerError {
		t.Errorf("OnVerification error: status = %d, want 500", code)
	}
	if _, _, logs := rec.snapshot(); !strings.Contains(logs, "database down") || strings.Contains(logs, testVerifier) {
		t.Errorf("logs = %s", logs)
	}

	srv, _ = newTestServer(t, &Handler{
		Verifiers: func(context.Context, freshbooks.AccountID) ([]string, error) { return nil, errors.New("database down") },
	})
	if code := post(t, srv.URL, testDelivery, mustSign(t, testVerifier, testDelivery)); code != http.StatusInternalServerError {
		t.Errorf("Verifiers error: status = %d, want 500", code)
	}
}

func TestHandlerBodyLimit(t *testing.T) {
	body := testDelivery + "&pad=" + strings.Repeat("x", 200)
	sig := mustSign(t, testVerifier, body)

	srv, _ := newTestServer(t, &Handler{MaxBodyBytes: int64(len(body))})
	if code := post(t, srv.URL, body, sig); code != http.StatusOK {
		t.Errorf("body at the limit: status = %d, want 200", code)
	}
	srv, rec := newTestServer(t, &Handler{MaxBodyBytes: int64(len(body)) - 1})
	if code := post(t, srv.URL, body, sig); code != http.StatusRequestEntityTooLarge {
		t.Errorf("body over the limit: status = %d, want 413", code)
	}
	if events, _, _ := rec.snapshot(); len(events) != 0 {
		t.Error("OnEvent called")
	}

	big := testDelivery + "&pad=" + strings.Repeat("x", DefaultMaxBodyBytes)
	srv, _ = newTestServer(t, &Handler{})
	if code := post(t, srv.URL, big, mustSign(t, testVerifier, big)); code != http.StatusRequestEntityTooLarge {
		t.Errorf("body over the default limit: status = %d, want 413", code)
	}
}

func TestHandlerMethod(t *testing.T) {
	srv, rec := newTestServer(t, &Handler{})
	for _, method := range []string{http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete} {
		req, _ := http.NewRequestWithContext(t.Context(), method, srv.URL, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != http.MethodPost {
			t.Errorf("%s: status = %d, Allow = %q; want 405, POST", method, resp.StatusCode, resp.Header.Get("Allow"))
		}
	}
	if events, verifications, _ := rec.snapshot(); len(events)+len(verifications) != 0 {
		t.Error("application called")
	}
}

// An application error that echoes the verifier (a FreshBooks answer
// reflecting the Verify request, say) is logged without it.
func TestHandlerVerificationErrorHidesVerifier(t *testing.T) {
	echo := func(_ context.Context, e *Event) error { return fmt.Errorf("verify refused: %q is wrong", e.Verifier) }
	srv, rec := newTestServer(t, &Handler{OnVerification: echo})
	if code := post(t, srv.URL, "verifier="+testVerifier+"&object_id=1", ""); code != http.StatusInternalServerError {
		t.Errorf("status = %d, want 500", code)
	}
	if _, _, logs := rec.snapshot(); !strings.Contains(logs, "verify refused") || strings.Contains(logs, testVerifier) {
		t.Errorf("logs = %s", logs)
	}
}
