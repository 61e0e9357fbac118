package freshbooks_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
	"github.com/freshbooks-go/freshbooks/webhook"
)

// verificationOf waits for the latest verification delivery of callback id
// and parses it.
func (e *env) verificationOf(t *testing.T, id int64, nth int) *webhook.Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, 10*time.Second)
	defer cancel()
	if err := e.srv.WaitIdle(ctx); err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, d := range e.srv.Deliveries() {
		if d.Verification && d.CallbackID == id {
			if seen++; seen == nth {
				ev, err := webhook.Parse([]byte(d.Body))
				if err != nil {
					t.Fatal(err)
				}
				return ev
			}
		}
	}
	t.Fatalf("no verification delivery #%d for callback %d", nth, id)
	return nil
}

func TestCallbacksCRUD(t *testing.T) {
	e := newEnv(t, freshbookstest.Options{})
	hook := receiver(t)
	clk := e.clock
	cb, err := e.acct.Callbacks.Create(e.ctx, &freshbooks.Callback{Event: webhook.EventInvoiceCreate, URI: hook + "/ready"})
	if err != nil {
		t.Fatal(err)
	}
	if cb.CallbackID == 0 || cb.Event != "invoice.create" || cb.URI != hook+"/ready" || cb.Verified ||
		!cb.UpdatedAt.Time().Equal(clk.Now()) || cb.UpdatedAt.String() != "2026-03-08T06:30:00Z" || len(cb.Extra) != 0 {
		t.Errorf("created %+v", cb)
	}

	got, err := e.acct.Callbacks.Get(e.ctx, cb.CallbackID)
	if err != nil || !reflect.DeepEqual(got, cb) {
		t.Errorf("Get = %+v, %v; want %+v", got, err, cb)
	}

	clk.Advance(time.Hour)
	up, err := e.acct.Callbacks.Update(e.ctx, cb.CallbackID, &freshbooks.Callback{Event: webhook.EventInvoice})
	if err != nil || up.Event != "invoice" || up.URI != cb.URI || !up.UpdatedAt.Time().Equal(clk.Now()) {
		t.Errorf("Update = %+v, %v", up, err)
	}

	second, err := e.acct.Callbacks.Create(e.ctx, &freshbooks.Callback{Event: webhook.EventClient, URI: hook})
	if err != nil {
		t.Fatal(err)
	}
	page, err := e.acct.Callbacks.List(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 || page.Items[0].CallbackID != cb.CallbackID || page.Items[1].CallbackID != second.CallbackID ||
		page.Page != 1 || page.Pages != 1 || page.PerPage != 15 || page.Total != 2 {
		t.Errorf("List = %+v", page)
	}
	var ids []freshbooks.CallbackID
	for c, err := range e.acct.Callbacks.All(e.ctx, freshbooks.PerPage(1)) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.CallbackID)
	}
	if !reflect.DeepEqual(ids, []freshbooks.CallbackID{cb.CallbackID, second.CallbackID}) {
		t.Errorf("All = %v", ids)
	}

	if err := e.acct.Callbacks.Delete(e.ctx, cb.CallbackID); err != nil {
		t.Fatal(err)
	}
	_, err = e.acct.Callbacks.Get(e.ctx, cb.CallbackID)
	var apiErr *freshbooks.APIError
	if !errors.Is(err, freshbooks.ErrNotFound) || !errors.As(err, &apiErr) || apiErr.Errno != 404 || apiErr.Message != "Requested resource could not be found." {
		t.Errorf("Get after Delete: %v", err)
	}
	if err := e.acct.Callbacks.Delete(e.ctx, cb.CallbackID); !errors.Is(err, freshbooks.ErrNotFound) {
		t.Errorf("Delete twice: %v", err)
	}
	if page, _ := e.acct.Callbacks.List(e.ctx); len(page.Items) != 1 || page.Total != 1 {
		t.Errorf("List after Delete = %+v", page)
	}
}

func TestCallbacksListFilter(t *testing.T) {
	e := newEnv(t, freshbookstest.Options{Now: time.Now})
	hook := receiver(t)
	for _, ev := range []string{webhook.EventInvoice, webhook.EventInvoiceCreate, webhook.EventEstimateCreate, webhook.EventEstimateDelete} {
		if _, err := e.acct.Callbacks.Create(e.ctx, &freshbooks.Callback{Event: ev, URI: hook}); err != nil {
			t.Fatal(err)
		}
	}
	// FreshBooks matches the event and its parent (freshbooks-api.md
	// §7.1); the sandbox reads that both ways [INF].
	for search, want := range map[string][]string{
		"invoice.create":  {"invoice", "invoice.create"},
		"invoice":         {"invoice", "invoice.create"},
		"estimate":        {"estimate.create", "estimate.delete"},
		"estimate.delete": {"estimate.delete"},
		"bill":            nil,
	} {
		page, err := e.acct.Callbacks.List(e.ctx, freshbooks.Equals("event", search))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, cb := range page.Items {
			got = append(got, cb.Event)
		}
		if !reflect.DeepEqual(got, want) || page.Total != len(want) {
			t.Errorf("search[event]=%s: %v (total %d), want %v", search, got, page.Total, want)
		}
	}
}

func TestCallbacksVerifyAndResend(t *testing.T) {
	e := newEnv(t, freshbookstest.Options{Now: time.Now})
	hook := receiver(t)
	cb, err := e.acct.Callbacks.Create(e.ctx, &freshbooks.Callback{Event: webhook.EventClient, URI: hook})
	if err != nil {
		t.Fatal(err)
	}
	ver := e.verificationOf(t, int64(cb.CallbackID), 1)
	if !ver.IsVerification() || ver.ObjectID != int64(cb.CallbackID) || ver.Name != "client" || len(ver.Verifier) != 33 {
		t.Fatalf("verification delivery %+v", ver)
	}

	// A wrong verifier is refused [INF].
	_, err = e.acct.Callbacks.Verify(e.ctx, cb.CallbackID, "not-"+ver.Verifier)
	var apiErr *freshbooks.APIError
	if !errors.Is(err, freshbooks.ErrValidation) || !errors.As(err, &apiErr) || apiErr.StatusCode != 422 || apiErr.Errno != 422 ||
		len(apiErr.Details) != 1 || apiErr.Details[0].Field != "verifier" {
		t.Errorf("Verify with a wrong verifier: %v", err)
	}
	if got, _ := e.acct.Callbacks.Get(e.ctx, cb.CallbackID); got.Verified {
		t.Error("verified by a wrong verifier")
	}

	v, err := e.acct.Callbacks.Verify(e.ctx, cb.CallbackID, ver.Verifier)
	if err != nil || !v.Verified || v.CallbackID != cb.CallbackID {
		t.Fatalf("Verify = %+v, %v", v, err)
	}
	if _, err := e.acct.Callbacks.Verify(e.ctx, 999999, ver.Verifier); !errors.Is(err, freshbooks.ErrNotFound) {
		t.Errorf("Verify of an unknown callback: %v", err)
	}

	// Resend sends the verification again, with the same verifier, and
	// leaves a verified callback verified [INF].
	r, err := e.acct.Callbacks.ResendVerification(e.ctx, cb.CallbackID)
	if err != nil || !r.Verified {
		t.Fatalf("ResendVerification = %+v, %v", r, err)
	}
	again := e.verificationOf(t, int64(cb.CallbackID), 2)
	if again.Verifier != ver.Verifier || again.ObjectID != int64(cb.CallbackID) {
		t.Errorf("resent verification %+v", again)
	}

	// Changing the URI un-verifies until the new URI is verified [INF].
	u, err := e.acct.Callbacks.Update(e.ctx, cb.CallbackID, &freshbooks.Callback{URI: hook + "/new"})
	if err != nil || u.Verified || u.URI != hook+"/new" {
		t.Fatalf("Update URI = %+v, %v", u, err)
	}
	third := e.verificationOf(t, int64(cb.CallbackID), 3)
	if v, err := e.acct.Callbacks.Verify(e.ctx, cb.CallbackID, third.Verifier); err != nil || !v.Verified {
		t.Errorf("Verify of the new URI = %+v, %v", v, err)
	}
}

func TestCallbacksValidation(t *testing.T) {
	e := newEnv(t, freshbookstest.Options{Now: time.Now})
	hook := receiver(t)
	_, err := e.acct.Callbacks.Create(e.ctx, &freshbooks.Callback{Event: "invoice.paid", URI: "/webhooks/ready"})
	apiErr := asAPIError(t, err, freshbooks.ErrValidation)
	want := []freshbooks.ErrorDetail{
		{Field: "event", Message: "Value error, Unrecognized event."},
		{Field: "uri", Message: "Input should be a valid URL, relative URL without a base"},
	}
	if apiErr.Errno != 422 || apiErr.Message != "The request was well-formed but was unable to be followed due to semantic errors." ||
		!reflect.DeepEqual(apiErr.Details, want) {
		t.Errorf("error = %+v", apiErr)
	}
	// Every one of the 60 events is accepted, nothing else.
	n := 0
	for _, noun := range []string{"bill", "bill_vendor", "category", "client", "credit_note", "estimate", "expense", "invoice",
		"item", "payment", "project", "recurring", "service", "tax", "time_entry"} {
		for _, ev := range []string{noun, noun + ".create", noun + ".update", noun + ".delete"} {
			if _, err := e.acct.Callbacks.Create(e.ctx, &freshbooks.Callback{Event: ev, URI: hook}); err != nil {
				t.Errorf("Create %s: %v", ev, err)
			}
			n++
		}
	}
	for _, ev := range []string{"", "invoice.sendByEmail", "invoice.pastdue.1", "staff.create", "task", "all", "Invoice", "invoice."} {
		if _, err := e.acct.Callbacks.Create(e.ctx, &freshbooks.Callback{Event: ev, URI: hook}); !errors.Is(err, freshbooks.ErrValidation) {
			t.Errorf("Create %q: %v, want a validation error", ev, err)
		}
	}
	if page, _ := e.acct.Callbacks.List(e.ctx); page.Total != n || n != 60 {
		t.Errorf("%d callbacks for %d events", page.Total, n)
	}
}

// Registering needs the read scope of the event's noun (freshbooks-api.md
// §7.2).
func TestCallbacksNeedTheEventScope(t *testing.T) {
	c, srv := setup(t, freshbookstest.Options{})
	ar, err := c.NewAuthRequest("user:profile:read", "user:clients:read")
	if err != nil {
		t.Fatal(err)
	}
	back, err := srv.Approve(t.Context(), ar.URL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CompleteAuth(t.Context(), ar, back.Query()); err != nil {
		t.Fatal(err)
	}
	me, err := c.CurrentUser(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	acct := c.Account(me.BusinessMemberships[0].Business.AccountID)
	hook := receiver(t)
	if _, err := acct.Callbacks.Create(t.Context(), &freshbooks.Callback{Event: webhook.EventClientCreate, URI: hook}); err != nil {
		t.Errorf("client.create with user:clients:read: %v", err)
	}
	for _, ev := range []string{webhook.EventInvoice, webhook.EventRecurringCreate, webhook.EventCategory} {
		if _, err := acct.Callbacks.Create(t.Context(), &freshbooks.Callback{Event: ev, URI: hook}); !errors.Is(err, freshbooks.ErrForbidden) {
			t.Errorf("%s without its scope: %v, want ErrForbidden", ev, err)
		}
	}
}

// The wire requests of each method, as the SDKs send them
// (python-sdk.md §1.4.2, peer-sdks.md §2.2).
func TestCallbacksRequests(t *testing.T) {
	type req struct{ method, path, body string }
	var mu sync.Mutex
	var got []req
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, req{r.Method, r.URL.RequestURI(), string(b)})
		mu.Unlock()
		if r.Method == http.MethodDelete {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.api+json")
		_, _ = w.Write(freshbooks.ReadFixture(t, "get_callback_response.json"))
	}))
	defer srv.Close()
	c, err := freshbooks.NewClient(freshbooks.Config{AccessToken: "t", BaseURL: srv.URL, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	cbs := c.Account("ACM123").Callbacks
	ctx := t.Context()
	if _, err := cbs.Verify(ctx, 123, "abc"); err != nil {
		t.Fatal(err)
	}
	if _, err := cbs.ResendVerification(ctx, 123); err != nil {
		t.Fatal(err)
	}
	if _, err := cbs.Create(ctx, &freshbooks.Callback{Event: "invoice.create", URI: "http://your_server.com/webhooks/ready"}); err != nil {
		t.Fatal(err)
	}
	if err := cbs.Delete(ctx, 123); err != nil {
		t.Fatal(err)
	}
	const item = "/events/account/ACM123/events/callbacks/123"
	want := []req{
		{"PUT", item, `{"callback":{"callback_id":123,"verifier":"abc"}}`},
		{"PUT", item, `{"callback":{"callback_id":123,"resend":true}}`},
		{"POST", "/events/account/ACM123/events/callbacks", `{"callback":{"event":"invoice.create","uri":"http://your_server.com/webhooks/ready"}}`},
		{"DELETE", item, ""},
	}
	for i := range want {
		want[i].body = strings.TrimSpace(want[i].body)
		if i < len(got) {
			got[i].body = strings.TrimSpace(got[i].body)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("requests:\n%v\nwant\n%v", got, want)
	}
}

// The python-sdk fixtures, replayed over HTTP.
func TestCallbacksFixtures(t *testing.T) {
	ctx := t.Context()
	c, _ := replay(t, 200, freshbooks.ReadFixture(t, "get_callback_response.json"))
	cb, err := c.Account("ACM123").Callbacks.Get(ctx, 123)
	if err != nil || cb.CallbackID != 123 || !cb.Verified || cb.Event != "invoice.create" ||
		!cb.UpdatedAt.Time().Equal(time.Date(2017, 8, 23, 11, 45, 9, 0, time.UTC)) {
		t.Errorf("get: %+v, %v", cb, err)
	}

	c, _ = replay(t, 200, freshbooks.ReadFixture(t, "list_callbacks_response.json"))
	page, err := c.Account("ACM123").Callbacks.List(ctx)
	if err != nil || len(page.Items) != 3 || page.Items[2].CallbackID != 125 || page.Items[2].Verified ||
		page.Items[1].Event != "estimate.create" || page.Page != 1 || page.Pages != 1 || page.PerPage != 15 || page.Total != 3 {
		t.Errorf("list: %+v, %v", page, err)
	}

	// The python-sdk test serves this one with HTTP 400.
	c, _ = replay(t, 400, freshbooks.ReadFixture(t, "create_callback_response__validation_error.json"))
	_, err = c.Account("ACM123").Callbacks.Create(ctx, &freshbooks.Callback{Event: "x", URI: "y"})
	var apiErr *freshbooks.APIError
	if !errors.Is(err, freshbooks.ErrValidation) || !errors.As(err, &apiErr) || apiErr.Errno != 422 || len(apiErr.Details) != 2 ||
		apiErr.Details[1].Field != "uri" || apiErr.Details[1].Message != "Input should be a valid URL, relative URL without a base" {
		t.Errorf("validation: %v", err)
	}

	c, _ = replay(t, 404, freshbooks.ReadFixture(t, "get_callback_response__not_found.json"))
	if _, err := c.Account("ACM123").Callbacks.Get(ctx, 1); !errors.Is(err, freshbooks.ErrNotFound) ||
		!errors.As(err, &apiErr) || apiErr.Message != "Requested resource could not be found." {
		t.Errorf("not found: %v", err)
	}

	// ... and this one with HTTP 404: the status decides, errno is kept.
	c, _ = replay(t, 404, freshbooks.ReadFixture(t, "get_callback_response__no_auth.json"))
	if _, err := c.Account("ACM123").Callbacks.Get(ctx, 1); !errors.Is(err, freshbooks.ErrNotFound) ||
		!errors.As(err, &apiErr) || apiErr.Errno != 401 || !strings.HasPrefix(apiErr.Message, "invalid_token") {
		t.Errorf("no auth: %v", err)
	}
}
