package freshbookstest

import (
	"bytes"
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
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/events"
	"github.com/freshbooks-go/freshbooks/webhook"
)

func (e *env) callbacksPath() string { return "/events/account/" + e.acct + "/events/callbacks" }

// register creates a callback and returns its answer.
func (e *env) register(event, uri string) map[string]any {
	e.t.Helper()
	status, out := e.as(e.token, "POST", e.callbacksPath(), map[string]any{"callback": map[string]any{"event": event, "uri": uri}}, false)
	if status != 200 {
		e.t.Fatalf("register: %d %v", status, out)
	}
	return out["response"].(map[string]any)["result"].(map[string]any)["callback"].(map[string]any)
}

func callbackID(cb map[string]any) int64 {
	n, _ := strconv.ParseInt(fmt.Sprint(cb["callbackid"]), 10, 64)
	return n
}

// verify completes a callback's verification with its real verifier.
func (e *env) verify(id int64) string {
	e.t.Helper()
	cb, ok := e.srv.WebhookCallback(freshbooks.AccountID(e.acct), id)
	if !ok {
		e.t.Fatalf("no callback %d", id)
	}
	status, out := e.as(e.token, "PUT", e.callbacksPath()+"/"+strconv.FormatInt(id, 10), map[string]any{"callback": map[string]any{"callback_id": id, "verifier": cb.Verifier}}, false)
	if status != 200 {
		e.t.Fatalf("verify: %d %v", status, out)
	}
	return cb.Verifier
}

// createClient makes a client through the API: a "client.create" event.
func (e *env) createClient(token string) int64 {
	e.t.Helper()
	status, out := e.as(token, "POST", "/accounting/account/"+e.acct+"/users/clients", map[string]any{"client": map[string]any{"organization": "Hook Co"}}, false)
	if status != 200 {
		e.t.Fatalf("create client: %d %v", status, out)
	}
	id, _ := strconv.ParseInt(fmt.Sprint(out["response"].(map[string]any)["result"].(map[string]any)["client"].(map[string]any)["id"]), 10, 64)
	return id
}

func (e *env) updateClient(id int64, body map[string]any) {
	e.t.Helper()
	status, out := e.as(e.token, "PUT", "/accounting/account/"+e.acct+"/users/clients/"+strconv.FormatInt(id, 10), map[string]any{"client": body}, false)
	if status != 200 {
		e.t.Fatalf("update client: %d %v", status, out)
	}
}

func (e *env) waitIdle() {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.t.Context(), 10*time.Second)
	defer cancel()
	if err := e.srv.WaitIdle(ctx); err != nil {
		e.t.Fatal("deliveries did not settle:", err)
	}
}

// received is one request a receiver got.
type received struct {
	body      string
	signature string
	header    http.Header
}

// receiver is a webhook endpoint recording what it gets and answering
// with status(n) to its n-th request (from 0).
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	got    []received
	status func(n int) int
}

func newReceiver(t *testing.T, status func(n int) int) *receiver {
	t.Helper()
	rc := &receiver{status: status}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		n := len(rc.got)
		rc.got = append(rc.got, received{string(body), r.Header.Get(webhook.SignatureHeader), r.Header.Clone()})
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

func (rc *receiver) all() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.got...)
}

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
	e := newEnv(t, "", Options{Now: func() time.Time { return now }})
	rc := newReceiver(t, nil)

	cb := e.register("invoice.create", rc.URL+"/hooks?x=1")
	id := callbackID(cb)
	want := map[string]any{"callbackid": json.Number(strconv.FormatInt(id, 10)), "event": "invoice.create", "uri": rc.URL + "/hooks?x=1",
		"verified": false, "updated_at": "2026-03-08T06:30:00Z"}
	cb["callbackid"] = json.Number(fmt.Sprint(cb["callbackid"]))
	if !reflect.DeepEqual(cb, want) {
		t.Errorf("registered callback =\n%v\nwant\n%v", cb, want)
	}

	// The verification delivery: name, object_id = the callback id,
	// verifier, signed with the verifier.
	ds, err := e.srv.WaitDeliveries(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := e.srv.WebhookCallback(freshbooks.AccountID(e.acct), id)
	if len(info.Verifier) != 33 || strings.Trim(info.Verifier, events.VerifierAlphabet) != "" {
		t.Errorf("verifier %q: want 33 letters and digits", info.Verifier)
	}
	got := rc.all()
	wantBody := fmt.Sprintf("name=invoice.create&object_id=%d&verifier=%s", id, info.Verifier)
	if len(got) != 1 || got[0].body != wantBody {
		t.Fatalf("receiver got %+v, want one delivery %q", got, wantBody)
	}
	if err := webhook.Verify(info.Verifier, []byte(got[0].body), got[0].signature); err != nil {
		t.Errorf("verification delivery signature: %v", err)
	}
	if ct := got[0].header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
		t.Errorf("Content-Type = %q", ct)
	}
	d := ds[0]
	if !d.Verification || d.CallbackID != id || d.ObjectID != id || d.Name != "invoice.create" || d.Attempt != 1 ||
		d.StatusCode != 200 || !d.OK() || d.Body != wantBody || d.Signature != got[0].signature || !d.Time.Equal(now) ||
		d.Account != freshbooks.AccountID(e.acct) || d.URI != rc.URL+"/hooks?x=1" {
		t.Errorf("delivery = %+v", d)
	}

	// A wrong verifier is refused [INF], and so is a callback_id that is
	// not the callback's [INF]; the callback stays unverified.
	path := e.callbacksPath() + "/" + strconv.FormatInt(id, 10)
	for _, body := range []map[string]any{
		{"verifier": info.Verifier + "x"},
		{"verifier": ""},
		{"verifier": 12},
	} {
		status, out := e.as(e.token, "PUT", path, map[string]any{"callback": body}, false)
		wantErr := map[string]any{"errno": 422.0, "message": events.EventsInvalid, "details": []any{events.BadVerifier}}
		if status != 422 || !reflect.DeepEqual(out, wantErr) {
			t.Errorf("verify with %v: %d %v", body, status, out)
		}
	}
	status, out := e.as(e.token, "PUT", path, map[string]any{"callback": map[string]any{"callback_id": id + 1, "verifier": info.Verifier}}, false)
	if status != 422 || fmt.Sprint(out["details"]) != "["+events.BadCallbackID+"]" {
		t.Errorf("verify with another callback_id: %d %v", status, out)
	}
	if info, _ := e.srv.WebhookCallback(freshbooks.AccountID(e.acct), id); info.Verified {
		t.Error("verified by a wrong verifier")
	}

	// The right one verifies, with or without callback_id (SDKs differ).
	now = now.Add(time.Hour)
	status, out = e.as(e.token, "PUT", path, map[string]any{"callback": map[string]any{"verifier": info.Verifier}}, false)
	res := out["response"].(map[string]any)["result"].(map[string]any)["callback"].(map[string]any)
	if status != 200 || res["verified"] != true || res["updated_at"] != "2026-03-08T07:30:00Z" {
		t.Errorf("verify: %d %v", status, out)
	}
	if info, _ := e.srv.WebhookCallback(freshbooks.AccountID(e.acct), id); !info.Verified {
		t.Error("not verified")
	}
	// GET shows it, without the sandbox's own members.
	status, out = e.as(e.token, "GET", path, nil, false)
	res = out["response"].(map[string]any)["result"].(map[string]any)["callback"].(map[string]any)
	if status != 200 || len(res) != 5 || res["verified"] != true || res["event"] != "invoice.create" {
		t.Errorf("get: %d %v", status, out)
	}
}

func TestCallbackErrors(t *testing.T) {
	e := newEnv(t, "", Options{})
	path := e.callbacksPath()
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
		status, out := e.as(e.token, "POST", path, tc.body, false)
		want := map[string]any{"errno": 422.0, "message": events.EventsInvalid, "details": tc.details}
		if status != 422 || !reflect.DeepEqual(out, want) {
			t.Errorf("%s: %d %v, want 422 %v", tc.name, status, out, want)
		}
	}

	// 404 in the events family's words, for an unknown or malformed id.
	for _, p := range []string{path + "/999999", path + "/abc"} {
		for _, method := range []string{"GET", "PUT", "DELETE"} {
			status, out := e.as(e.token, method, p, map[string]any{"callback": map[string]any{"resend": true}}, false)
			want := map[string]any{"errno": 404.0, "message": events.EventsNotFound}
			if status != 404 || !reflect.DeepEqual(out, want) {
				t.Errorf("%s %s: %d %v", method, p, status, out)
			}
		}
	}

	// Registering needs the read scope of the event's noun.
	rc := newReceiver(t, nil)
	e.srv.eng.Lock()
	g := e.srv.auth.IssueLocked(e.srv.opts.ClientID, e.srv.eng.Identities[0], []string{"user:profile:read", "user:clients:read", "user:billable_items:read"}, time.Now())
	e.srv.eng.Unlock()
	for event, allowed := range map[string]bool{"client.create": true, "client": true, "item": true, "service.delete": true,
		"invoice": false, "recurring.create": false, "category": false, "time_entry": false} {
		status, out := e.as(g.AccessToken, "POST", path, map[string]any{"callback": map[string]any{"event": event, "uri": rc.URL}}, false)
		if allowed && status != 200 {
			t.Errorf("register %s with clients and billable_items scopes: %d %v", event, status, out)
		}
		if !allowed && (status != 403 || out["errno"] != 403.0 || !strings.Contains(fmt.Sprint(out["message"]), "required [user:")) {
			t.Errorf("register %s without its scope: %d %v", event, status, out)
		}
	}
	// ... and so does changing the event.
	cb := e.register("client", rc.URL)
	status, out := e.as(g.AccessToken, "PUT", path+"/"+fmt.Sprint(callbackID(cb)), map[string]any{"callback": map[string]any{"event": "invoice"}}, false)
	if status != 403 {
		t.Errorf("update to invoice without its scope: %d %v", status, out)
	}
	// A bad token is a 401 in the family's shape.
	status, out = e.as("nope", "GET", path, nil, false)
	if status != 401 || out["errno"] != 401.0 || out["message"] != "invalid_token: The request token failed to authenticate or validate." {
		t.Errorf("bad token: %d %v", status, out)
	}
}

func TestCallbackListFilterAndPaging(t *testing.T) {
	e := newEnv(t, "", Options{Webhooks: WebhookOptions{Retry: []time.Duration{}}})
	list := func(query string) (ids []string, meta map[string]any) {
		t.Helper()
		status, out := e.as(e.token, "GET", e.callbacksPath()+query, nil, false)
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
	rc := newReceiver(t, nil)
	for _, ev := range []string{"invoice", "invoice.create", "invoice.update", "estimate.create", "client"} {
		e.register(ev, rc.URL)
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
	e := newEnv(t, "", Options{})
	rcAll := newReceiver(t, nil)
	rcUpdate := newReceiver(t, nil)
	rcUnverified := newReceiver(t, nil)
	rcOther := newReceiver(t, nil)
	all := callbackID(e.register("client", rcAll.URL))
	upd := callbackID(e.register("client.update", rcUpdate.URL))
	callbackID(e.register("client", rcUnverified.URL))
	other := callbackID(e.register("invoice", rcOther.URL))
	vAll, vUpd := e.verify(all), e.verify(upd)
	e.verify(other)
	e.waitIdle()
	before := len(e.srv.Deliveries())

	id := e.createClient(e.token)
	e.updateClient(id, map[string]any{"fname": "Ada"})
	e.updateClient(id, map[string]any{"vis_state": 1}) // a delete
	e.waitIdle()

	owner := e.srv.eng.Identities[0]
	fields := func(event string) string {
		return fmt.Sprintf("name=%s&object_id=%d&account_id=%s&business_id=%d&identity_id=%d&user_id=1", event, id, e.acct, e.biz.ID, owner.ID)
	}
	check := func(rc *receiver, verifier string, want ...string) {
		t.Helper()
		got := rc.all()[1:] // after the verification delivery
		if len(got) != len(want) {
			t.Fatalf("got %d deliveries, want %d: %+v", len(got), len(want), got)
		}
		for i, w := range want {
			if got[i].body != fields(w) {
				t.Errorf("delivery %d = %s, want %s", i, got[i].body, fields(w))
			}
			if err := webhook.Verify(verifier, []byte(got[i].body), got[i].signature); err != nil {
				t.Errorf("delivery %d: %v", i, err)
			}
			ev, err := webhook.Parse([]byte(got[i].body))
			if err != nil || ev.ObjectID != id || ev.BusinessID != freshbooks.BusinessID(e.biz.ID) || ev.IdentityID != freshbooks.IdentityID(owner.ID) {
				t.Errorf("delivery %d parses as %+v, %v", i, ev, err)
			}
		}
	}
	check(rcAll, vAll, "client.create", "client.update", "client.delete")
	check(rcUpdate, vUpd, "client.update")
	if n := len(rcUnverified.all()); n != 1 {
		t.Errorf("the unverified callback got %d requests, want only its verification", n)
	}
	if n := len(rcOther.all()); n != 1 {
		t.Errorf("the invoice callback got %d requests, want only its verification", n)
	}
	if n := len(e.srv.Deliveries()) - before; n != 4 {
		t.Errorf("%d delivery attempts recorded, want 4", n)
	}

	// Another member of the business: its identity, and user_id 2 [INF].
	other2 := e.srv.eng.Identities[1]
	e.createClient(e.srv.IssueToken(1).AccessToken)
	e.waitIdle()
	got := rcAll.all()
	last, _ := webhook.Parse([]byte(got[len(got)-1].body))
	if last.IdentityID != freshbooks.IdentityID(other2.ID) || last.Get("user_id") != "2" || last.Name != "client.create" {
		t.Errorf("change by the employee delivered as %+v", last)
	}
}

func TestDeliveryRetriesAndDisabling(t *testing.T) {
	after := &fakeAfter{}
	var failing sync.Mutex
	fail := true
	e := newEnv(t, "", Options{Webhooks: WebhookOptions{Retry: []time.Duration{time.Minute, 2 * time.Minute}, DisableAfter: 5, After: after.After}})
	rc := newReceiver(t, func(n int) int {
		failing.Lock()
		defer failing.Unlock()
		if n == 0 || !fail { // the verification succeeds
			return 200
		}
		return 503
	})
	id := callbackID(e.register("client.create", rc.URL))
	verifier := e.verify(id)
	e.waitIdle()
	acct := freshbooks.AccountID(e.acct)

	// First event: 3 attempts (1 + 2 retries), then dropped.
	c1 := e.createClient(e.token)
	e.waitIdle()
	ds := e.srv.Deliveries()[1:]
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
	if cb, _ := e.srv.WebhookCallback(acct, id); cb.Disabled || cb.Failures != 3 || !cb.Verified {
		t.Errorf("after 3 failures: %+v", cb)
	}

	// Second event: 2 more failures make 5 in a row: disabled.
	e.createClient(e.token)
	e.waitIdle()
	ds = e.srv.Deliveries()[4:]
	if len(ds) != 2 || ds[1].Attempt != 2 || !ds[1].Disabled || !ds[1].Dropped || ds[1].Retry {
		t.Errorf("second event: %+v", ds)
	}
	if w := after.asked(); !reflect.DeepEqual(w, []time.Duration{time.Minute, 2 * time.Minute, time.Minute}) {
		t.Errorf("waits = %v", w)
	}
	cb, _ := e.srv.WebhookCallback(acct, id)
	if !cb.Disabled || cb.Failures != 5 || !cb.Verified {
		t.Errorf("after 5 failures: %+v", cb)
	}
	// The API answer does not show it [INF].
	_, out := e.as(e.token, "GET", e.callbacksPath()+"/"+fmt.Sprint(id), nil, false)
	if res := out["response"].(map[string]any)["result"].(map[string]any)["callback"].(map[string]any); len(res) != 5 || res["verified"] != true {
		t.Errorf("disabled callback answered as %v", res)
	}

	// Disabled: a new event delivers nothing.
	n := len(rc.all())
	e.createClient(e.token)
	e.waitIdle()
	if len(rc.all()) != n || len(e.srv.Deliveries()) != 6 {
		t.Errorf("a disabled callback received %d more requests", len(rc.all())-n)
	}

	// Resending the verification re-enables it, with the same verifier.
	failing.Lock()
	fail = false
	failing.Unlock()
	status, out := e.as(e.token, "PUT", e.callbacksPath()+"/"+fmt.Sprint(id), map[string]any{"callback": map[string]any{"callback_id": id, "resend": true}}, false)
	if status != 200 || out["response"].(map[string]any)["result"].(map[string]any)["callback"].(map[string]any)["verified"] != true {
		t.Fatalf("resend: %d %v", status, out)
	}
	e.waitIdle()
	cb, _ = e.srv.WebhookCallback(acct, id)
	if cb.Disabled || cb.Failures != 0 || cb.Verifier != verifier {
		t.Errorf("after resend: %+v", cb)
	}
	if last := rc.all()[len(rc.all())-1]; last.body != fmt.Sprintf("name=client.create&object_id=%d&verifier=%s", id, verifier) {
		t.Errorf("resend delivered %q", last.body)
	}
	c4 := e.createClient(e.token)
	e.waitIdle()
	ds = e.srv.Deliveries()
	if d := ds[len(ds)-1]; !d.OK() || d.ObjectID != c4 || d.Name != "client.create" {
		t.Errorf("after re-enabling: %+v", d)
	}
}

func TestDeliveryRedirectIsFailure(t *testing.T) {
	target := newReceiver(t, nil)
	e := newEnv(t, "", Options{Webhooks: WebhookOptions{Retry: []time.Duration{}}})
	rc := newReceiver(t, func(int) int { return 0 })
	rc.Config.Handler = http.RedirectHandler(target.URL, http.StatusTemporaryRedirect)
	e.register("client", rc.URL)
	ds, err := e.srv.WaitDeliveries(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if d := ds[0]; d.OK() || d.StatusCode != 307 || !d.Dropped {
		t.Errorf("delivery = %+v, want a failed 307", d)
	}
	if n := len(target.all()); n != 0 {
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
	e := newEnv(t, "", Options{Webhooks: WebhookOptions{Retry: []time.Duration{}, Timeout: 50 * time.Millisecond}})
	e.register("client", hung.URL)
	ds, err := e.srv.WaitDeliveries(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if d := ds[0]; d.OK() || d.StatusCode != 0 || d.Err == nil || !strings.Contains(d.Err.Error(), "no answer within 50ms") {
		t.Errorf("delivery = %+v, want a timeout", d)
	}
	if DefaultWebhookTimeout != 10*time.Second {
		t.Errorf("DefaultWebhookTimeout = %v, want FreshBooks' 10s", DefaultWebhookTimeout)
	}
}

// gate is a receiver whose answers wait until released.
func gate(t *testing.T) (*receiver, chan struct{}, chan string) {
	release := make(chan struct{})
	arrived := make(chan string, 100)
	rc := newReceiver(t, nil)
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

func TestDeliveriesInOrderPerCallback(t *testing.T) {
	e := newEnv(t, "", Options{Webhooks: WebhookOptions{Concurrency: 4}})
	rc, release, arrived := gate(t)
	id := callbackID(e.register("client", rc.URL))
	<-arrived // the verification
	e.waitIdle()
	e.verify(id)
	c := e.createClient(e.token)
	for i := range 5 {
		e.updateClient(c, map[string]any{"fname": fmt.Sprint("n", i)})
	}
	// One at a time: the first is held, the others wait behind it.
	<-arrived
	select {
	case b := <-arrived:
		t.Fatalf("a second delivery %q was sent while the first was unanswered", b)
	default:
	}
	close(release)
	e.waitIdle()
	var names []string
	for _, r := range rc.all()[1:] {
		ev, _ := webhook.Parse([]byte(r.body))
		names = append(names, ev.Name)
	}
	want := []string{"client.create", "client.update", "client.update", "client.update", "client.update", "client.update"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("order = %v", names)
	}
}

func TestDeletingCallbackDropsPending(t *testing.T) {
	e := newEnv(t, "", Options{})
	rc, release, arrived := gate(t)
	id := callbackID(e.register("client", rc.URL))
	<-arrived
	e.waitIdle()
	e.verify(id)
	c := e.createClient(e.token)
	e.updateClient(c, map[string]any{"fname": "x"})
	<-arrived // the create is in flight, the update queued
	status, out := e.as(e.token, "DELETE", e.callbacksPath()+"/"+fmt.Sprint(id), nil, false)
	if status != 204 || out != nil {
		t.Errorf("delete: %d %v", status, out)
	}
	close(release)
	e.waitIdle()
	if n := len(rc.all()); n != 2 {
		t.Errorf("receiver got %d requests, want the verification and the create only", n)
	}
	if _, ok := e.srv.WebhookCallback(freshbooks.AccountID(e.acct), id); ok {
		t.Error("deleted callback still there")
	}
	if status, _ := e.as(e.token, "GET", e.callbacksPath()+"/"+fmt.Sprint(id), nil, false); status != 404 {
		t.Errorf("get after delete: %d", status)
	}
}

func TestURIChangeReverifies(t *testing.T) {
	e := newEnv(t, "", Options{})
	rc1, rc2 := newReceiver(t, nil), newReceiver(t, nil)
	id := callbackID(e.register("client", rc1.URL))
	verifier := e.verify(id)
	e.waitIdle()
	path := e.callbacksPath() + "/" + fmt.Sprint(id)

	// Changing only the event keeps the verification.
	status, out := e.as(e.token, "PUT", path, map[string]any{"callback": map[string]any{"event": "client.create"}}, false)
	res := out["response"].(map[string]any)["result"].(map[string]any)["callback"].(map[string]any)
	if status != 200 || res["event"] != "client.create" || res["verified"] != true {
		t.Errorf("event change: %d %v", status, out)
	}
	// Changing the URI un-verifies and verifies the new URI, with a new
	// verifier [INF].
	status, out = e.as(e.token, "PUT", path, map[string]any{"callback": map[string]any{"uri": rc2.URL}}, false)
	res = out["response"].(map[string]any)["result"].(map[string]any)["callback"].(map[string]any)
	if status != 200 || res["uri"] != rc2.URL || res["verified"] != false {
		t.Errorf("uri change: %d %v", status, out)
	}
	e.createClient(e.token) // not delivered: unverified
	e.waitIdle()
	cb, _ := e.srv.WebhookCallback(freshbooks.AccountID(e.acct), id)
	got := rc2.all()
	if cb.Verifier == verifier || len(cb.Verifier) != 33 ||
		len(got) != 1 || got[0].body != fmt.Sprintf("name=client.create&object_id=%d&verifier=%s", id, cb.Verifier) {
		t.Errorf("new uri got %+v (verifier %q, was %q)", got, cb.Verifier, verifier)
	}
	if err := webhook.Verify(cb.Verifier, []byte(got[0].body), got[0].signature); err != nil {
		t.Error(err)
	}
	// The old verifier no longer verifies it.
	status, _ = e.as(e.token, "PUT", path, map[string]any{"callback": map[string]any{"verifier": verifier}}, false)
	if status != 422 {
		t.Errorf("verify with the old verifier: %d", status)
	}
	if len(rc1.all()) != 1 {
		t.Errorf("old uri got %d requests", len(rc1.all()))
	}
	// Invalid updates change nothing.
	status, out = e.as(e.token, "PUT", path, map[string]any{"callback": map[string]any{"event": "invoice.paid", "uri": "nope"}}, false)
	if status != 422 || fmt.Sprint(out["details"]) != fmt.Sprint([]string{events.BadEvent, events.BadURIRelative}) {
		t.Errorf("invalid update: %d %v", status, out)
	}
	if cb, _ := e.srv.WebhookCallback(freshbooks.AccountID(e.acct), id); cb.Event != "client.create" || cb.URI != rc2.URL {
		t.Errorf("after invalid update: %+v", cb)
	}
}

func TestCloseStopsDeliveries(t *testing.T) {
	e := newEnv(t, "", Options{})
	s := e.sb
	rc, release, arrived := gate(t)
	defer close(release)
	id := callbackID(e.register("client", rc.URL))
	<-arrived
	e.waitIdle()
	e.verify(id)
	e.createClient(e.token)
	<-arrived // held
	e.createClient(e.token)
	if err := s.Close(); err != nil { // cuts the held one short, drops the other
		t.Fatal(err)
	}
	e.waitIdle()
	e.createClient(e.token)
	e.waitIdle()
	if n := len(s.Deliveries()); n != 1 {
		t.Errorf("%d attempts recorded, want the verification only", n)
	}
}

func TestWaitDeliveriesHonoursContext(t *testing.T) {
	s := New(Options{})
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

// Callbacks go through the generic machinery too: Load makes them, with
// a verifier, unverified.
func TestLoadCallbacks(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	if err := s.Load(strings.NewReader(`{"": {"callbacks": [{"event": "invoice", "uri": "https://example.com/h", "verified": true}]}}`)); err != nil {
		t.Fatal(err)
	}
	acct := s.eng.Identities[0].Memberships[0].Business.AccountID
	t1 := s.eng.Tables["acct:"+acct+"/callbacks"]
	if t1 == nil || len(t1.IDs) != 1 {
		t.Fatalf("loaded %v", t1)
	}
	cb, ok := s.WebhookCallback(freshbooks.AccountID(acct), t1.IDs[0])
	if !ok || cb.Event != "invoice" || len(cb.Verifier) != 33 {
		t.Errorf("loaded callback %+v", cb)
	}
	rec := t1.ByID[t1.IDs[0]]
	for _, k := range []string{"vis_state", "accounting_systemid", "created_at"} {
		if _, ok := rec[k]; ok {
			t.Errorf("loaded callback has %s", k)
		}
	}
}

// A verification still queued for a URI that has since changed is not sent.
func TestURIChangeDropsPendingVerification(t *testing.T) {
	e := newEnv(t, "", Options{})
	release := make(chan struct{})
	arrived := make(chan struct{}, 10)
	held := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		arrived <- struct{}{}
		<-release
	}))
	defer held.Close()
	b, c := newReceiver(t, nil), newReceiver(t, nil)
	id := callbackID(e.register("client", held.URL))
	<-arrived // in flight, held
	path := e.callbacksPath() + "/" + fmt.Sprint(id)
	for _, uri := range []string{b.URL, c.URL} {
		if status, out := e.as(e.token, "PUT", path, map[string]any{"callback": map[string]any{"uri": uri}}, false); status != 200 {
			t.Fatalf("uri change: %d %v", status, out)
		}
	}
	close(release)
	e.waitIdle()
	cb, _ := e.srv.WebhookCallback(freshbooks.AccountID(e.acct), id)
	if len(b.all()) != 0 || len(c.all()) != 1 || !strings.Contains(c.all()[0].body, "verifier="+cb.Verifier) {
		t.Errorf("B got %d, C got %+v", len(b.all()), c.all())
	}
}
