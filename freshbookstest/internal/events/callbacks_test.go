package events_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/events"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/sandboxtest"
	"github.com/freshbooks-go/freshbooks/webhook"
)

// fakeAfter fires at once and records the waits asked for.
type fakeAfter struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (f *fakeAfter) After(d time.Duration) <-chan time.Time {
	f.mu.Lock()
	f.waits = append(f.waits, d)
	f.mu.Unlock()
	c := make(chan time.Time, 1)
	c <- time.Time{}
	return c
}

func (f *fakeAfter) asked() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.waits...)
}

func TestCallbackRegistrationAndVerification(t *testing.T) {
	now := time.Date(2026, 3, 8, 6, 30, 0, 0, time.UTC)
	e := sandboxtest.New(t, "", freshbookstest.Options{Now: func() time.Time { return now }})
	rc := sandboxtest.NewReceiver(t, nil)

	cb := e.Register("invoice.create", rc.URL+"/hooks?x=1")
	id := sandboxtest.CallbackID(cb)
	want := map[string]any{"callbackid": json.Number(strconv.FormatInt(id, 10)), "event": "invoice.create", "uri": rc.URL + "/hooks?x=1",
		"verified": false, "updated_at": "2026-03-08T06:30:00Z"}
	cb["callbackid"] = json.Number(fmt.Sprint(cb["callbackid"]))
	if !reflect.DeepEqual(cb, want) {
		t.Errorf("registered callback =\n%v\nwant\n%v", cb, want)
	}

	// The verification delivery: name, object_id = the callback id,
	// verifier, signed with the verifier.
	ds, err := e.WaitDeliveries(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := e.WebhookCallback(freshbooks.AccountID(e.Account), id)
	if len(info.Verifier) != 33 || strings.Trim(info.Verifier, events.VerifierAlphabet) != "" {
		t.Errorf("verifier %q: want 33 letters and digits", info.Verifier)
	}
	got := rc.All()
	wantBody := fmt.Sprintf("name=invoice.create&object_id=%d&verifier=%s", id, info.Verifier)
	if len(got) != 1 || got[0].Body != wantBody {
		t.Fatalf("receiver got %+v, want one delivery %q", got, wantBody)
	}
	if err := webhook.Verify(info.Verifier, []byte(got[0].Body), got[0].Signature); err != nil {
		t.Errorf("verification delivery signature: %v", err)
	}
	if ct := got[0].Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
		t.Errorf("Content-Type = %q", ct)
	}
	d := ds[0]
	if !d.Verification || d.CallbackID != id || d.ObjectID != id || d.Name != "invoice.create" || d.Attempt != 1 ||
		d.StatusCode != 200 || !d.OK() || d.Body != wantBody || d.Signature != got[0].Signature || !d.Time.Equal(now) ||
		d.Account != freshbooks.AccountID(e.Account) || d.URI != rc.URL+"/hooks?x=1" {
		t.Errorf("delivery = %+v", d)
	}

	// A wrong verifier is refused [INF], and so is a callback_id that is
	// not the callback's [INF]; the callback stays unverified.
	path := e.Callbacks() + "/" + strconv.FormatInt(id, 10)
	for _, body := range []map[string]any{
		{"verifier": info.Verifier + "x"},
		{"verifier": ""},
		{"verifier": 12},
	} {
		status, out := e.As(e.Token, "PUT", path, map[string]any{"callback": body})
		wantErr := map[string]any{"errno": 422.0, "message": events.EventsInvalid, "details": []any{events.BadVerifier}}
		if status != 422 || !reflect.DeepEqual(out, wantErr) {
			t.Errorf("verify with %v: %d %v", body, status, out)
		}
	}
	status, out := e.As(e.Token, "PUT", path, map[string]any{"callback": map[string]any{"callback_id": id + 1, "verifier": info.Verifier}})
	if status != 422 || fmt.Sprint(out["details"]) != "["+events.BadCallbackID+"]" {
		t.Errorf("verify with another callback_id: %d %v", status, out)
	}
	if info, _ := e.WebhookCallback(freshbooks.AccountID(e.Account), id); info.Verified {
		t.Error("verified by a wrong verifier")
	}

	// The right one verifies, with or without callback_id (SDKs differ).
	now = now.Add(time.Hour)
	status, out = e.As(e.Token, "PUT", path, map[string]any{"callback": map[string]any{"verifier": info.Verifier}})
	res := out["response"].(map[string]any)["result"].(map[string]any)["callback"].(map[string]any)
	if status != 200 || res["verified"] != true || res["updated_at"] != "2026-03-08T07:30:00Z" {
		t.Errorf("verify: %d %v", status, out)
	}
	if info, _ := e.WebhookCallback(freshbooks.AccountID(e.Account), id); !info.Verified {
		t.Error("not verified")
	}
	// GET shows it, without the sandbox's own members.
	status, out = e.As(e.Token, "GET", path, nil)
	res = out["response"].(map[string]any)["result"].(map[string]any)["callback"].(map[string]any)
	if status != 200 || len(res) != 5 || res["verified"] != true || res["event"] != "invoice.create" {
		t.Errorf("get: %d %v", status, out)
	}
}

func TestCallbackErrors(t *testing.T) {
	e := sandboxtest.New(t, "", freshbookstest.Options{})
	path := e.Callbacks()
	for _, tc := range []struct {
		name    string
		body    any
		details []any
	}{
		{"bad event and relative uri", map[string]any{"callback": map[string]any{"event": "invoice.sendByEmail", "uri": "/hooks"}},
			[]any{events.BadEvent, events.BadURIRelative}},
		{"missing both", map[string]any{"callback": map[string]any{}}, []any{"event: Field required", "uri: Field required"}},
		{"empty uri", map[string]any{"callback": map[string]any{"event": "invoice", "uri": ""}}, []any{events.BadURIEmpty}},
		{"ftp uri", map[string]any{"callback": map[string]any{"event": "invoice", "uri": "ftp://example.com/x"}}, []any{events.BadURIScheme}},
		{"no host", map[string]any{"callback": map[string]any{"event": "invoice", "uri": "https:///x"}}, []any{events.BadURIHost}},
		{"not strings", map[string]any{"callback": map[string]any{"event": 1, "uri": true}},
			[]any{"event: Input should be a valid string", "uri: Input should be a valid string"}},
		{"old event", map[string]any{"callback": map[string]any{"event": "all", "uri": "https://example.com"}}, []any{events.BadEvent}},
		{"no callback object", map[string]any{"event": "invoice"}, []any{"callback: Field required"}},
	} {
		status, out := e.As(e.Token, "POST", path, tc.body)
		want := map[string]any{"errno": 422.0, "message": events.EventsInvalid, "details": tc.details}
		if status != 422 || !reflect.DeepEqual(out, want) {
			t.Errorf("%s: %d %v, want 422 %v", tc.name, status, out, want)
		}
	}

	// 404 in the events family's words, for an unknown or malformed id.
	for _, p := range []string{path + "/999999", path + "/abc"} {
		for _, method := range []string{"GET", "PUT", "DELETE"} {
			status, out := e.As(e.Token, method, p, map[string]any{"callback": map[string]any{"resend": true}})
			want := map[string]any{"errno": 404.0, "message": events.EventsNotFound}
			if status != 404 || !reflect.DeepEqual(out, want) {
				t.Errorf("%s %s: %d %v", method, p, status, out)
			}
		}
	}

	// Registering needs the read scope of the event's noun.
	rc := sandboxtest.NewReceiver(t, nil)
	g := e.Scoped("user:clients:read", "user:billable_items:read")
	for event, allowed := range map[string]bool{"client.create": true, "client": true, "item": true, "service.delete": true,
		"invoice": false, "recurring.create": false, "category": false, "time_entry": false} {
		status, out := e.As(g, "POST", path, map[string]any{"callback": map[string]any{"event": event, "uri": rc.URL}})
		if allowed && status != 200 {
			t.Errorf("register %s with clients and billable_items scopes: %d %v", event, status, out)
		}
		if !allowed && (status != 403 || out["errno"] != 403.0 || !strings.Contains(fmt.Sprint(out["message"]), "required [user:")) {
			t.Errorf("register %s without its scope: %d %v", event, status, out)
		}
	}
	// ... and so does changing the event.
	cb := e.Register("client", rc.URL)
	status, out := e.As(g, "PUT", path+"/"+fmt.Sprint(sandboxtest.CallbackID(cb)), map[string]any{"callback": map[string]any{"event": "invoice"}})
	if status != 403 {
		t.Errorf("update to invoice without its scope: %d %v", status, out)
	}
	// A bad token is a 401 in the family's shape.
	status, out = e.As("nope", "GET", path, nil)
	if status != 401 || out["errno"] != 401.0 || out["message"] != "invalid_token: The request token failed to authenticate or validate." {
		t.Errorf("bad token: %d %v", status, out)
	}
}

func TestCallbackListFilterAndPaging(t *testing.T) {
	e := sandboxtest.New(t, "", freshbookstest.Options{Webhooks: freshbookstest.WebhookOptions{Retry: []time.Duration{}}})
	list := func(query string) (ids []string, meta map[string]any) {
		t.Helper()
		status, out := e.As(e.Token, "GET", e.Callbacks()+query, nil)
		if status != 200 {
			t.Fatalf("list %s: %d %v", query, status, out)
		}
		res := out["response"].(map[string]any)["result"].(map[string]any)
		for _, cb := range res["callbacks"].([]any) {
			ids = append(ids, cb.(map[string]any)["event"].(string))
		}
		delete(res, "callbacks")
		return ids, res
	}
	events, meta := list("")
	if len(events) != 0 || !reflect.DeepEqual(meta, map[string]any{"page": 1.0, "pages": 0.0, "per_page": 15.0, "total": 0.0}) {
		t.Errorf("empty list: %v %v", events, meta)
	}
	rc := sandboxtest.NewReceiver(t, nil)
	for _, ev := range []string{"invoice", "invoice.create", "invoice.update", "estimate.create", "client"} {
		e.Register(ev, rc.URL)
	}
	for query, want := range map[string][]string{
		"?search%5Bevent%5D=invoice":        {"invoice", "invoice.create", "invoice.update"},
		"?search%5Bevent%5D=invoice.create": {"invoice", "invoice.create"},
		"?search%5Bevent%5D=estimate":       {"estimate.create"},
		"?search%5Bevent%5D=client.delete":  {"client"},
		"?search%5Bevent%5D=tax":            nil,
		"?search%5Bnothing%5D=1":            {"invoice", "invoice.create", "invoice.update", "estimate.create", "client"},
	} {
		if got, _ := list(query); !reflect.DeepEqual(got, want) {
			t.Errorf("list %s = %v, want %v", query, got, want)
		}
	}
	got, meta := list("?per_page=2&page=3")
	if !reflect.DeepEqual(got, []string{"client"}) || !reflect.DeepEqual(meta, map[string]any{"page": 3.0, "pages": 3.0, "per_page": 2.0, "total": 5.0}) {
		t.Errorf("page 3 of 2: %v %v", got, meta)
	}
	if got, _ := list("?per_page=2&page=4"); len(got) != 0 {
		t.Errorf("page beyond: %v", got)
	}
}

func TestEventDeliveries(t *testing.T) {
	e := sandboxtest.New(t, "", freshbookstest.Options{})
	rcAll := sandboxtest.NewReceiver(t, nil)
	rcUpdate := sandboxtest.NewReceiver(t, nil)
	rcUnverified := sandboxtest.NewReceiver(t, nil)
	rcOther := sandboxtest.NewReceiver(t, nil)
	all := sandboxtest.CallbackID(e.Register("client", rcAll.URL))
	upd := sandboxtest.CallbackID(e.Register("client.update", rcUpdate.URL))
	sandboxtest.CallbackID(e.Register("client", rcUnverified.URL))
	other := sandboxtest.CallbackID(e.Register("invoice", rcOther.URL))
	vAll, vUpd := e.Verify(all), e.Verify(upd)
	e.Verify(other)
	e.WaitIdle()
	before := len(e.Deliveries())

	id := e.CreateClient(e.Token)
	e.UpdateClient(id, map[string]any{"fname": "Ada"})
	e.UpdateClient(id, map[string]any{"vis_state": 1}) // a delete
	e.WaitIdle()

	fields := func(event string) string {
		return fmt.Sprintf("name=%s&object_id=%d&account_id=%s&business_id=%d&identity_id=%d&user_id=1", event, id, e.Account, e.BusinessID, e.IdentityID)
	}
	check := func(rc *sandboxtest.Receiver, verifier string, want ...string) {
		t.Helper()
		got := rc.All()[1:] // after the verification delivery
		if len(got) != len(want) {
			t.Fatalf("got %d deliveries, want %d: %+v", len(got), len(want), got)
		}
		for i, w := range want {
			if got[i].Body != fields(w) {
				t.Errorf("delivery %d = %s, want %s", i, got[i].Body, fields(w))
			}
			if err := webhook.Verify(verifier, []byte(got[i].Body), got[i].Signature); err != nil {
				t.Errorf("delivery %d: %v", i, err)
			}
			ev, err := webhook.Parse([]byte(got[i].Body))
			if err != nil || ev.ObjectID != id || ev.BusinessID != freshbooks.BusinessID(e.BusinessID) || ev.IdentityID != freshbooks.IdentityID(e.IdentityID) {
				t.Errorf("delivery %d parses as %+v, %v", i, ev, err)
			}
		}
	}
	check(rcAll, vAll, "client.create", "client.update", "client.delete")
	check(rcUpdate, vUpd, "client.update")
	if n := len(rcUnverified.All()); n != 1 {
		t.Errorf("the unverified callback got %d requests, want only its verification", n)
	}
	if n := len(rcOther.All()); n != 1 {
		t.Errorf("the invoice callback got %d requests, want only its verification", n)
	}
	if n := len(e.Deliveries()) - before; n != 4 {
		t.Errorf("%d delivery attempts recorded, want 4", n)
	}

	// Another member of the business: its identity, and user_id 2 [INF].
	token2 := e.IssueToken(1).AccessToken
	_, me := e.As(token2, "GET", "/auth/api/v1/users/me", nil)
	other2ID := int64(sandboxtest.Dig(me, "response", "id").(float64))
	e.CreateClient(token2)
	e.WaitIdle()
	got := rcAll.All()
	last, _ := webhook.Parse([]byte(got[len(got)-1].Body))
	if last.IdentityID != freshbooks.IdentityID(other2ID) || last.Get("user_id") != "2" || last.Name != "client.create" {
		t.Errorf("change by the employee delivered as %+v", last)
	}
}

func TestDeliveryRetriesAndDisabling(t *testing.T) {
	after := &fakeAfter{}
	var failing sync.Mutex
	fail := true
	e := sandboxtest.New(t, "", freshbookstest.Options{Webhooks: freshbookstest.WebhookOptions{Retry: []time.Duration{time.Minute, 2 * time.Minute}, DisableAfter: 5, After: after.After}})
	rc := sandboxtest.NewReceiver(t, func(n int) int {
		failing.Lock()
		defer failing.Unlock()
		if n == 0 || !fail { // the verification succeeds
			return 200
		}
		return 503
	})
	id := sandboxtest.CallbackID(e.Register("client.create", rc.URL))
	verifier := e.Verify(id)
	e.WaitIdle()
	acct := freshbooks.AccountID(e.Account)

	// First event: 3 attempts (1 + 2 retries), then dropped.
	c1 := e.CreateClient(e.Token)
	e.WaitIdle()
	ds := e.Deliveries()[1:]
	type outcome struct {
		attempt, status int
		retry           bool
		in              time.Duration
		dropped, off    bool
	}
	var got []outcome
	for _, d := range ds {
		got = append(got, outcome{d.Attempt, d.StatusCode, d.Retry, d.RetryIn, d.Dropped, d.Disabled})
		if d.ObjectID != c1 || d.OK() {
			t.Errorf("delivery %+v", d)
		}
	}
	want := []outcome{{1, 503, true, time.Minute, false, false}, {2, 503, true, 2 * time.Minute, false, false}, {3, 503, false, 0, true, false}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("first event: %+v, want %+v", got, want)
	}
	if cb, _ := e.WebhookCallback(acct, id); cb.Disabled || cb.Failures != 3 || !cb.Verified {
		t.Errorf("after 3 failures: %+v", cb)
	}

	// Second event: 2 more failures make 5 in a row: disabled.
	e.CreateClient(e.Token)
	e.WaitIdle()
	ds = e.Deliveries()[4:]
	if len(ds) != 2 || ds[1].Attempt != 2 || !ds[1].Disabled || !ds[1].Dropped || ds[1].Retry {
		t.Errorf("second event: %+v", ds)
	}
	if w := after.asked(); !reflect.DeepEqual(w, []time.Duration{time.Minute, 2 * time.Minute, time.Minute}) {
		t.Errorf("waits = %v", w)
	}
	cb, _ := e.WebhookCallback(acct, id)
	if !cb.Disabled || cb.Failures != 5 || !cb.Verified {
		t.Errorf("after 5 failures: %+v", cb)
	}
	// The API answer does not show it [INF].
	_, out := e.As(e.Token, "GET", e.Callbacks()+"/"+fmt.Sprint(id), nil)
	if res := out["response"].(map[string]any)["result"].(map[string]any)["callback"].(map[string]any); len(res) != 5 || res["verified"] != true {
		t.Errorf("disabled callback answered as %v", res)
	}

	// Disabled: a new event delivers nothing.
	n := len(rc.All())
	e.CreateClient(e.Token)
	e.WaitIdle()
	if len(rc.All()) != n || len(e.Deliveries()) != 6 {
		t.Errorf("a disabled callback received %d more requests", len(rc.All())-n)
	}

	// Resending the verification re-enables it, with the same verifier.
	failing.Lock()
	fail = false
	failing.Unlock()
	status, out := e.As(e.Token, "PUT", e.Callbacks()+"/"+fmt.Sprint(id), map[string]any{"callback": map[string]any{"callback_id": id, "resend": true}})
	if status != 200 || out["response"].(map[string]any)["result"].(map[string]any)["callback"].(map[string]any)["verified"] != true {
		t.Fatalf("resend: %d %v", status, out)
	}
	e.WaitIdle()
	cb, _ = e.WebhookCallback(acct, id)
	if cb.Disabled || cb.Failures != 0 || cb.Verifier != verifier {
		t.Errorf("after resend: %+v", cb)
	}
	if last := rc.All()[len(rc.All())-1]; last.Body != fmt.Sprintf("name=client.create&object_id=%d&verifier=%s", id, verifier) {
		t.Errorf("resend delivered %q", last.Body)
	}
	c4 := e.CreateClient(e.Token)
	e.WaitIdle()
	ds = e.Deliveries()
	if d := ds[len(ds)-1]; !d.OK() || d.ObjectID != c4 || d.Name != "client.create" {
		t.Errorf("after re-enabling: %+v", d)
	}
}

func TestDeliveryRedirectIsFailure(t *testing.T) {
	target := sandboxtest.NewReceiver(t, nil)
	e := sandboxtest.New(t, "", freshbookstest.Options{Webhooks: freshbookstest.WebhookOptions{Retry: []time.Duration{}}})
	rc := sandboxtest.NewReceiver(t, func(int) int { return 0 })
	rc.Config.Handler = http.RedirectHandler(target.URL, http.StatusTemporaryRedirect)
	e.Register("client", rc.URL)
	ds, err := e.WaitDeliveries(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if d := ds[0]; d.OK() || d.StatusCode != 307 || !d.Dropped {
		t.Errorf("delivery = %+v, want a failed 307", d)
	}
	if n := len(target.All()); n != 0 {
		t.Errorf("the redirect was followed (%d requests)", n)
	}
}

func TestDeliveryTimeout(t *testing.T) {
	release := make(chan struct{})
	hung := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer hung.Close()
	defer close(release)
	e := sandboxtest.New(t, "", freshbookstest.Options{Webhooks: freshbookstest.WebhookOptions{Retry: []time.Duration{}, Timeout: 50 * time.Millisecond}})
	e.Register("client", hung.URL)
	ds, err := e.WaitDeliveries(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if d := ds[0]; d.OK() || d.StatusCode != 0 || d.Err == nil || !strings.Contains(d.Err.Error(), "no answer within 50ms") {
		t.Errorf("delivery = %+v, want a timeout", d)
	}
	if freshbookstest.DefaultWebhookTimeout != 10*time.Second {
		t.Errorf("freshbookstest.DefaultWebhookTimeout = %v, want FreshBooks' 10s", freshbookstest.DefaultWebhookTimeout)
	}
}

func TestDeliveriesInOrderPerCallback(t *testing.T) {
	e := sandboxtest.New(t, "", freshbookstest.Options{Webhooks: freshbookstest.WebhookOptions{Concurrency: 4}})
	rc, release, arrived := sandboxtest.Gate(t)
	id := sandboxtest.CallbackID(e.Register("client", rc.URL))
	<-arrived // the verification
	e.WaitIdle()
	e.Verify(id)
	c := e.CreateClient(e.Token)
	for i := range 5 {
		e.UpdateClient(c, map[string]any{"fname": fmt.Sprint("n", i)})
	}
	// One at a time: the first is held, the others wait behind it.
	<-arrived
	select {
	case b := <-arrived:
		t.Fatalf("a second delivery %q was sent while the first was unanswered", b)
	default:
	}
	close(release)
	e.WaitIdle()
	var names []string
	for _, r := range rc.All()[1:] {
		ev, _ := webhook.Parse([]byte(r.Body))
		names = append(names, ev.Name)
	}
	want := []string{"client.create", "client.update", "client.update", "client.update", "client.update", "client.update"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("order = %v", names)
	}
}

func TestDeletingCallbackDropsPending(t *testing.T) {
	e := sandboxtest.New(t, "", freshbookstest.Options{})
	rc, release, arrived := sandboxtest.Gate(t)
	id := sandboxtest.CallbackID(e.Register("client", rc.URL))
	<-arrived
	e.WaitIdle()
	e.Verify(id)
	c := e.CreateClient(e.Token)
	e.UpdateClient(c, map[string]any{"fname": "x"})
	<-arrived // the create is in flight, the update queued
	status, out := e.As(e.Token, "DELETE", e.Callbacks()+"/"+fmt.Sprint(id), nil)
	if status != 204 || out != nil {
		t.Errorf("delete: %d %v", status, out)
	}
	close(release)
	e.WaitIdle()
	if n := len(rc.All()); n != 2 {
		t.Errorf("receiver got %d requests, want the verification and the create only", n)
	}
	if _, ok := e.WebhookCallback(freshbooks.AccountID(e.Account), id); ok {
		t.Error("deleted callback still there")
	}
	if status, _ := e.As(e.Token, "GET", e.Callbacks()+"/"+fmt.Sprint(id), nil); status != 404 {
		t.Errorf("get after delete: %d", status)
	}
}

func TestURIChangeReverifies(t *testing.T) {
	e := sandboxtest.New(t, "", freshbookstest.Options{})
	rc1, rc2 := sandboxtest.NewReceiver(t, nil), sandboxtest.NewReceiver(t, nil)
	id := sandboxtest.CallbackID(e.Register("client", rc1.URL))
	verifier := e.Verify(id)
	e.WaitIdle()
	path := e.Callbacks() + "/" + fmt.Sprint(id)

	// Changing only the event keeps the verification.
	status, out := e.As(e.Token, "PUT", path, map[string]any{"callback": map[string]any{"event": "client.create"}})
	res := out["response"].(map[string]any)["result"].(map[string]any)["callback"].(map[string]any)
	if status != 200 || res["event"] != "client.create" || res["verified"] != true {
		t.Errorf("event change: %d %v", status, out)
	}
	// Changing the URI un-verifies and verifies the new URI, with a new
	// verifier [INF].
	status, out = e.As(e.Token, "PUT", path, map[string]any{"callback": map[string]any{"uri": rc2.URL}})
	res = out["response"].(map[string]any)["result"].(map[string]any)["callback"].(map[string]any)
	if status != 200 || res["uri"] != rc2.URL || res["verified"] != false {
		t.Errorf("uri change: %d %v", status, out)
	}
	e.CreateClient(e.Token) // not delivered: unverified
	e.WaitIdle()
	cb, _ := e.WebhookCallback(freshbooks.AccountID(e.Account), id)
	got := rc2.All()
	if cb.Verifier == verifier || len(cb.Verifier) != 33 ||
		len(got) != 1 || got[0].Body != fmt.Sprintf("name=client.create&object_id=%d&verifier=%s", id, cb.Verifier) {
		t.Errorf("new uri got %+v (verifier %q, was %q)", got, cb.Verifier, verifier)
	}
	if err := webhook.Verify(cb.Verifier, []byte(got[0].Body), got[0].Signature); err != nil {
		t.Error(err)
	}
	// The old verifier no longer verifies it.
	status, _ = e.As(e.Token, "PUT", path, map[string]any{"callback": map[string]any{"verifier": verifier}})
	if status != 422 {
		t.Errorf("verify with the old verifier: %d", status)
	}
	if len(rc1.All()) != 1 {
		t.Errorf("old uri got %d requests", len(rc1.All()))
	}
	// Invalid updates change nothing.
	status, out = e.As(e.Token, "PUT", path, map[string]any{"callback": map[string]any{"event": "invoice.paid", "uri": "nope"}})
	if status != 422 || fmt.Sprint(out["details"]) != fmt.Sprint([]string{events.BadEvent, events.BadURIRelative}) {
		t.Errorf("invalid update: %d %v", status, out)
	}
	if cb, _ := e.WebhookCallback(freshbooks.AccountID(e.Account), id); cb.Event != "client.create" || cb.URI != rc2.URL {
		t.Errorf("after invalid update: %+v", cb)
	}
}

func TestCloseStopsDeliveries(t *testing.T) {
	e := sandboxtest.New(t, "", freshbookstest.Options{})
	s := e.Sandbox
	rc, release, arrived := sandboxtest.Gate(t)
	defer close(release)
	id := sandboxtest.CallbackID(e.Register("client", rc.URL))
	<-arrived
	e.WaitIdle()
	e.Verify(id)
	e.CreateClient(e.Token)
	<-arrived // held
	e.CreateClient(e.Token)
	if err := s.Close(); err != nil { // cuts the held one short, drops the other
		t.Fatal(err)
	}
	e.WaitIdle()
	e.CreateClient(e.Token)
	e.WaitIdle()
	if n := len(s.Deliveries()); n != 1 {
		t.Errorf("%d attempts recorded, want the verification only", n)
	}
}

func TestWaitDeliveriesHonoursContext(t *testing.T) {
	s := freshbookstest.New(freshbookstest.Options{})
	defer s.Close()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := s.WaitDeliveries(ctx, 1); err != context.Canceled {
		t.Errorf("WaitDeliveries = %v", err)
	}
	if err := s.WaitIdle(ctx); err != nil {
		t.Errorf("WaitIdle of an idle sandbox = %v", err)
	}
}

// A verification still queued for a URI that has since changed is not sent.
func TestURIChangeDropsPendingVerification(t *testing.T) {
	e := sandboxtest.New(t, "", freshbookstest.Options{})
	release := make(chan struct{})
	arrived := make(chan struct{}, 10)
	held := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		arrived <- struct{}{}
		<-release
	}))
	defer held.Close()
	b, c := sandboxtest.NewReceiver(t, nil), sandboxtest.NewReceiver(t, nil)
	id := sandboxtest.CallbackID(e.Register("client", held.URL))
	<-arrived // in flight, held
	path := e.Callbacks() + "/" + fmt.Sprint(id)
	for _, uri := range []string{b.URL, c.URL} {
		if status, out := e.As(e.Token, "PUT", path, map[string]any{"callback": map[string]any{"uri": uri}}); status != 200 {
			t.Fatalf("uri change: %d %v", status, out)
		}
	}
	close(release)
	e.WaitIdle()
	cb, _ := e.WebhookCallback(freshbooks.AccountID(e.Account), id)
	if len(b.All()) != 0 || len(c.All()) != 1 || !strings.Contains(c.All()[0].Body, "verifier="+cb.Verifier) {
		t.Errorf("B got %d, C got %+v", len(b.All()), c.All())
	}
}
