package freshbooks_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
	"github.com/freshbooks-go/freshbooks/webhook"
)

// e2eAfter fires retry timers at once and records the waits asked for,
// so retries take no time and their schedule can be checked.
type e2eAfter struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (a *e2eAfter) After(d time.Duration) <-chan time.Time {
	a.mu.Lock()
	a.waits = append(a.waits, d)
	a.mu.Unlock()
	c := make(chan time.Time, 1)
	c <- time.Time{}
	return c
}

func (a *e2eAfter) asked() []time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]time.Duration(nil), a.waits...)
}

// e2eApp is the application under test: a webhook.Handler whose
// OnVerification confirms callbacks with Callbacks.Verify and keeps the
// verifiers, and whose OnEvent hands events to the test.
type e2eApp struct {
	handler  *webhook.Handler
	events   chan *webhook.Event
	verified chan int64

	mu        sync.Mutex
	verifiers map[freshbooks.AccountID][]string
}

func newE2EApp(acct *freshbooks.AccountScope) *e2eApp {
	app := &e2eApp{events: make(chan *webhook.Event, 100), verified: make(chan int64, 100), verifiers: map[freshbooks.AccountID][]string{}}
	app.handler = &webhook.Handler{
		Verifiers: func(_ context.Context, account freshbooks.AccountID) ([]string, error) {
			app.mu.Lock()
			defer app.mu.Unlock()
			return app.verifiers[account], nil
		},
		OnVerification: func(ctx context.Context, e *webhook.Event) error {
			cb, err := acct.Callbacks.Verify(ctx, freshbooks.CallbackID(e.ObjectID), e.Verifier)
			if err != nil {
				return err
			}
			app.mu.Lock()
			app.verifiers[acct.ID] = append(app.verifiers[acct.ID], e.Verifier)
			app.mu.Unlock()
			app.verified <- int64(cb.CallbackID)
			return nil
		},
		OnEvent: func(_ context.Context, e *webhook.Event) error {
			app.events <- e
			return nil
		},
	}
	return app
}

func e2eNext[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("no %s within 10s", what)
	}
	var zero T
	return zero
}

func e2eNone[T any](t *testing.T, ch <-chan T, what string) {
	t.Helper()
	select {
	case v := <-ch:
		t.Fatalf("unexpected %s: %+v", what, v)
	default:
	}
}

// TestWebhooksEndToEnd runs the whole loop with the sandbox, the SDK and
// the webhook package: register a callback, complete the verification from
// the receiving end, create an invoice through the SDK, receive the signed
// invoice.create event; refuse a tampered delivery; see a failing endpoint
// retried then disabled, and re-enabled by resending the verification.
func TestWebhooksEndToEnd(t *testing.T) {
	after := &e2eAfter{}
	env := newEnv(t, freshbookstest.Options{Now: time.Now, Webhooks: freshbookstest.WebhookOptions{
		Retry: []time.Duration{time.Minute, 5 * time.Minute}, DisableAfter: 3, After: after.After,
	}})
	srv, ctx, me, acct := env.srv, env.ctx, env.me, env.acct
	biz := me.BusinessMemberships[0].Business
	app := newE2EApp(acct)
	recv := httptest.NewServer(app.handler)
	defer recv.Close()
	idle := func() {
		t.Helper()
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := srv.WaitIdle(wctx); err != nil {
			t.Fatal(err)
		}
	}

	// 1. Register; the verification delivery reaches OnVerification,
	// which verifies the callback.
	cb, err := acct.Callbacks.Create(ctx, &freshbooks.Callback{Event: webhook.EventInvoice, URI: recv.URL + "/webhooks/ready"})
	if err != nil {
		t.Fatal(err)
	}
	if cb.Verified {
		t.Fatal("verified at registration")
	}
	if id := e2eNext(t, app.verified, "verification"); id != int64(cb.CallbackID) {
		t.Fatalf("verified callback %d, want %d", id, cb.CallbackID)
	}
	if got, err := acct.Callbacks.Get(ctx, cb.CallbackID); err != nil || !got.Verified {
		t.Fatalf("after the handshake: %+v, %v", got, err)
	}
	idle()

	// 2. An invoice created through the SDK arrives as a signed
	// invoice.create event with the invoice's and the business's ids. The
	// client created first is no event for an invoice callback.
	cl, err := acct.Clients.Create(ctx, &freshbooks.Customer{Organization: "Webhook Widgets"})
	if err != nil {
		t.Fatal(err)
	}
	inv, err := acct.Invoices.Create(ctx, &freshbooks.Invoice{
		CustomerID: cl.ID, CreateDate: freshbooks.NewDate(2026, 3, 8),
		Lines: []freshbooks.Line{{Name: "Hooks", Qty: dec("2"), UnitCost: usd("50.00")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	ev := e2eNext(t, app.events, "invoice.create event")
	want := &webhook.Event{
		Name: webhook.EventInvoiceCreate, Resource: webhook.EventInvoice, Action: webhook.ActionCreate,
		ObjectID: int64(inv.ID), AccountID: biz.AccountID, BusinessID: biz.ID, IdentityID: me.IdentityID,
		// The deprecated user_id is still sent: 1 for the account owner [INF].
		//lint:ignore SA1019 checking what the sandbox sends
		UserID: 1,
	}
	ev.Fields = nil
	if !reflect.DeepEqual(ev, want) {
		t.Errorf("event =\n%+v\nwant\n%+v", ev, want)
	}
	// The event is a hint: the application fetches the object by its id.
	if got, err := acct.Invoices.Get(ctx, freshbooks.InvoiceID(ev.ObjectID)); err != nil || got.CustomerID != cl.ID {
		t.Errorf("fetching the invoice of the event: %+v, %v", got, err)
	}
	idle()
	e2eNone(t, app.events, "event") // the client.create was not delivered

	// 3. A tampered delivery (another object_id, the same signature) is
	// refused with 401 and never reaches OnEvent; so is an unsigned one.
	ds := srv.Deliveries()
	orig := ds[len(ds)-1]
	if orig.Name != "invoice.create" || !orig.OK() || orig.CallbackID != int64(cb.CallbackID) {
		t.Fatalf("last delivery %+v", orig)
	}
	post := func(body, signature string) int {
		t.Helper()
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, orig.URI, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if signature != "" {
			req.Header.Set(webhook.SignatureHeader, signature)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	tampered := strings.Replace(orig.Body, "object_id="+itoa(int64(inv.ID)), "object_id="+itoa(int64(inv.ID)+1), 1)
	if tampered == orig.Body {
		t.Fatalf("object_id not found in %q", orig.Body)
	}
	if code := post(tampered, orig.Signature); code != http.StatusUnauthorized {
		t.Errorf("tampered delivery: %d, want 401", code)
	}
	if code := post(orig.Body, ""); code != http.StatusUnauthorized {
		t.Errorf("unsigned delivery: %d, want 401", code)
	}
	e2eNone(t, app.events, "event from a refused delivery")
	// (The untampered body with its signature is accepted again: a
	// signature carries no time, see the webhook package's Security notes.)
	if code := post(orig.Body, orig.Signature); code != http.StatusOK {
		t.Errorf("replayed delivery: %d", code)
	}
	e2eNext(t, app.events, "replayed event")

	// 4. A failing endpoint: retried after each wait of the schedule, then
	// disabled after 3 failures in a row; nothing more is delivered.
	var failing atomic.Bool
	flaky := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if failing.Load() {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		app.handler.ServeHTTP(w, r)
	}))
	defer flaky.Close()
	cc, err := acct.Callbacks.Create(ctx, &freshbooks.Callback{Event: webhook.EventClientCreate, URI: flaky.URL})
	if err != nil {
		t.Fatal(err)
	}
	e2eNext(t, app.verified, "verification of the client callback")
	idle()
	failing.Store(true)
	before := len(srv.Deliveries())
	if _, err := acct.Clients.Create(ctx, &freshbooks.Customer{Organization: "Lost Event Ltd"}); err != nil {
		t.Fatal(err)
	}
	idle()
	var attempts []int
	for _, d := range srv.Deliveries()[before:] {
		if d.CallbackID != int64(cc.CallbackID) || d.StatusCode != http.StatusServiceUnavailable || d.Name != "client.create" {
			t.Errorf("delivery %+v", d)
		}
		attempts = append(attempts, d.Attempt)
	}
	if !reflect.DeepEqual(attempts, []int{1, 2, 3}) {
		t.Errorf("attempts %v, want 1, 2, 3", attempts)
	}
	if last := srv.Deliveries()[len(srv.Deliveries())-1]; !last.Disabled {
		t.Errorf("the third failure did not disable: %+v", last)
	}
	if !reflect.DeepEqual(after.asked(), []time.Duration{time.Minute, 5 * time.Minute}) {
		t.Errorf("retry waits %v", after.asked())
	}
	if st, _ := srv.WebhookCallback(biz.AccountID, int64(cc.CallbackID)); !st.Disabled {
		t.Errorf("callback state %+v, want disabled", st)
	}
	e2eNone(t, app.events, "event from a failing endpoint")
	failing.Store(false)
	n := len(srv.Deliveries())
	if _, err := acct.Clients.Create(ctx, &freshbooks.Customer{Organization: "Ignored Inc"}); err != nil {
		t.Fatal(err)
	}
	idle()
	if len(srv.Deliveries()) != n {
		t.Errorf("a disabled callback got %d attempts", len(srv.Deliveries())-n)
	}

	// 5. Resending the verification re-enables it: the handshake runs
	// again through the handler, and events flow.
	if _, err := acct.Callbacks.ResendVerification(ctx, cc.CallbackID); err != nil {
		t.Fatal(err)
	}
	e2eNext(t, app.verified, "re-verification")
	idle()
	if st, _ := srv.WebhookCallback(biz.AccountID, int64(cc.CallbackID)); st.Disabled || !st.Verified {
		t.Errorf("after resend: %+v", st)
	}
	back, err := acct.Clients.Create(ctx, &freshbooks.Customer{Organization: "Back Online"})
	if err != nil {
		t.Fatal(err)
	}
	if ev := e2eNext(t, app.events, "client.create after re-enabling"); ev.Name != webhook.EventClientCreate || ev.ObjectID != int64(back.ID) {
		t.Errorf("event %+v", ev)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
