package freshbookstest

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/shopspring/decimal"
)

// docEnv is a sandbox with a token and the first account's API root.
type docEnv struct {
	t     *testing.T
	srv   *Server
	token string
	root  string // http://…/accounting/account/{account}/
}

func newDocEnv(t *testing.T) *docEnv {
	t.Helper()
	srv := newTestServer(t, Options{Now: func() time.Time { return time.Date(2026, 3, 8, 6, 30, 0, 0, time.UTC) }})
	acct := srv.eng.Identities[0].Memberships[0].Business.AccountID
	return &docEnv{t: t, srv: srv, token: srv.IssueToken(0).AccessToken, root: srv.URL + "/accounting/account/" + acct + "/"}
}

// call sends a request with a raw body and returns the status and body.
func (e *docEnv) call(method, path, body string) (int, []byte) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.root+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+e.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// ok sends a request that must succeed and returns the record under key.
func (e *docEnv) ok(method, path, body, key string) engine.Record {
	e.t.Helper()
	status, b := e.call(method, path, body)
	if status != 200 {
		e.t.Fatalf("%s %s: %d %s", method, path, status, b)
	}
	var env struct {
		Response struct {
			Result map[string]json.RawMessage `json:"result"`
		} `json:"response"`
	}
	if err := json.Unmarshal(b, &env); err != nil {
		e.t.Fatal(err)
	}
	return engine.DecodeRecord(env.Response.Result[key])
}

func (e *docEnv) client() string {
	e.t.Helper()
	return e.ok("POST", "users/clients", `{"client": {"organization": "Doc Co", "email": "ap@doc.test", "currency_code": "EUR"}}`, "client").Str("id")
}

func (e *docEnv) invoice(customer string) engine.Record {
	e.t.Helper()
	return e.ok("POST", "invoices/invoices?include[]=lines", `{"invoice": {"customerid": `+customer+`, "create_date": "2026-03-01",
		"lines": [{"name": "A", "qty": 3, "unit_cost": {"amount": "10.00"}, "taxName1": "T", "taxAmount1": "10"}]}}`, "invoice")
}

func TestDocumentErrorBodies(t *testing.T) {
	e := newDocEnv(t)
	cl := e.client()
	inv := e.invoice(cl)
	id := inv.Str("id")
	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		want                     string
	}{
		{"due_date is read-only", "PUT", "invoices/invoices/" + id, `{"invoice": {"due_date": "2026-04-01"}}`, 403,
			`{"response":{"errors":[{"errno":1038,"field":"due_date","message":"Write access denied for the field 'due_date'.","object":"invoice","value":"2026-04-01"}]}}`},
		{"due_date on create", "POST", "invoices/invoices", `{"invoice": {"customerid": ` + cl + `, "create_date": "2026-03-01", "due_date": "2026-04-01"}}`, 403,
			`{"response":{"errors":[{"errno":1038,"field":"due_date","message":"Write access denied for the field 'due_date'.","object":"invoice","value":"2026-04-01"}]}}`},
		{"status as a string", "PUT", "invoices/invoices/" + id, `{"invoice": {"status": "sent"}}`, 422,
			`{"response":{"errors":[{"errno":1015,"field":"status","message":"The field 'status' must be a number.","object":"invoice","value":"sent"}]}}`},
		{"status 4", "PUT", "invoices/invoices/" + id, `{"invoice": {"status": 4}}`, 422,
			`{"response":{"errors":[{"errno":1004,"field":"status","message":"Status must be one of 'draft', 'sent', 'viewed' or 'disputed'.","object":"invoice","value":"4"}]}}`},
		{"unknown invoice", "GET", "invoices/invoices/12", "", 404,
			`{"response":{"errors":[{"errno":1012,"field":"invoiceid","message":"Invoice not found.","object":"invoice","value":"12"}]}}`},
		{"duplicate tax", "POST", "taxes/taxes", `{"tax": {"name": "Sales Tax", "amount": "1"}}`, 422,
			`{"response":{"errors":[{"errno":13002,"field":"name","message":"The tax name 'Sales Tax' is already in use.","object":"tax","value":"Sales Tax"}]}}`},
		{"bad share method", "GET", "invoices/invoices/" + id + "/share_link?share_method=email", "", 422,
			`{"response":{"errors":[{"errno":1004,"field":"share_method","message":"Invalid value for field 'share_method'.","object":"share_link","value":"email"}]}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, b := e.call(tc.method, tc.path, tc.body)
			if status != tc.status || string(b) != tc.want {
				t.Errorf("%d %s\nwant %d %s", status, b, tc.status, tc.want)
			}
		})
	}
	// None of that changed the invoice.
	got := e.ok("GET", "invoices/invoices/"+id, "", "invoice")
	if got.Str("v3_status") != "draft" || got.Str("due_date") != "2026-03-01" || got.Str("updated") != inv.Str("updated") {
		t.Errorf("after refused writes: %v", got)
	}
}

func TestDocumentDeleteShapes(t *testing.T) {
	e := newDocEnv(t)
	tax := e.ok("POST", "taxes/taxes", `{"tax": {"name": "Gone Tax", "amount": "2.5"}}`, "tax")
	// Taxes: HTTP DELETE answers 200 {"response": {}} and the tax is gone.
	if status, b := e.call("DELETE", "taxes/taxes/"+tax.Str("id"), ""); status != 200 || string(b) != `{"response":{}}` {
		t.Errorf("tax delete: %d %s", status, b)
	}
	if status, b := e.call("GET", "taxes/taxes/"+tax.Str("id"), ""); status != 404 || !strings.Contains(string(b), `"Tax not found."`) {
		t.Errorf("tax after delete: %d %s", status, b)
	}
	// Invoices: HTTP DELETE answers the same and keeps the invoice, deleted.
	inv := e.invoice(e.client())
	if status, b := e.call("DELETE", "invoices/invoices/"+inv.Str("id"), ""); status != 200 || string(b) != `{"response":{}}` {
		t.Errorf("invoice delete: %d %s", status, b)
	}
	if got := e.ok("GET", "invoices/invoices/"+inv.Str("id"), "", "invoice"); got.Str("vis_state") != "1" {
		t.Errorf("invoice after delete: %v", got)
	}
	// Payments, items, credit notes, profiles: no HTTP DELETE (the route
	// does not exist), only the vis_state PUT.
	cl := e.client()
	inv = e.invoice(cl)
	for _, rec := range []struct{ path, key, body string }{
		{"payments/payments", "payment", `{"payment": {"invoiceid": ` + inv.Str("id") + `, "amount": "1"}}`},
		{"items/items", "item", `{"item": {"name": "Kept"}}`},
		{"credit_notes/credit_notes", "credit_note", `{"credit_note": {"clientid": ` + cl + `, "create_date": "2026-03-01"}}`},
		{"invoice_profiles/invoice_profiles", "invoice_profile", `{"invoice_profile": {"customerid": ` + cl + `, "create_date": "2026-03-01", "frequency": "m"}}`},
	} {
		id := e.ok("POST", rec.path, rec.body, rec.key).Str("id")
		if status, _ := e.call("DELETE", rec.path+"/"+id, ""); status != http.StatusNotFound {
			t.Errorf("DELETE %s: %d, want 404", rec.path, status)
		}
		if got := e.ok("GET", rec.path+"/"+id, "", rec.key); got.Str("vis_state") != "0" {
			t.Errorf("%s after DELETE: vis_state %s", rec.key, got.Str("vis_state"))
		}
		if got := e.ok("PUT", rec.path+"/"+id, `{"`+rec.key+`": {"vis_state": 1}}`, rec.key); got.Str("vis_state") != "1" {
			t.Errorf("%s after PUT vis_state 1: %s", rec.key, got.Str("vis_state"))
		}
	}
}

func TestDocumentUpdatePhases(t *testing.T) {
	e := newDocEnv(t)
	inv := e.invoice(e.client())
	path := "invoices/invoices/" + inv.Str("id")
	// An action runs alone: the other fields are discarded.
	got := e.ok("PUT", path, `{"invoice": {"action_mark_as_sent": true, "notes": "dropped"}}`, "invoice")
	if got.Str("display_status") != "sent" || got.Str("status") != "2" || got.Str("notes") != "" {
		t.Errorf("after the action: status %s/%s, notes %q", got.Str("status"), got.Str("v3_status"), got.Str("notes"))
	}
	// vis_state comes before actions.
	got = e.ok("PUT", path, `{"invoice": {"vis_state": 2, "action_email": true, "email_recipients": ["a@b.test"]}}`, "invoice")
	if got.Str("vis_state") != "2" || got.Str("display_status") != "sent" {
		t.Errorf("vis_state with an action: %v", got)
	}
	acct := e.srv.eng.Identities[0].Memberships[0].Business.AccountID
	if n := len(e.srv.SentEmails(freshbooks.AccountID(acct))); n != 0 {
		t.Errorf("%d emails sent by a vis_state write", n)
	}
	// An action set to false is no action: the data phase runs, and
	// leaves no action member behind.
	got = e.ok("PUT", path, `{"invoice": {"action_mark_as_sent": false, "notes": "kept"}}`, "invoice")
	if got.Str("notes") != "kept" || got["action_mark_as_sent"] != nil {
		t.Errorf("false action: %v", got)
	}
}

func TestDocumentLinesHiddenUnlessIncluded(t *testing.T) {
	e := newDocEnv(t)
	inv := e.invoice(e.client())
	if inv["lines"] == nil {
		t.Fatal("create with include[]=lines has no lines")
	}
	got := e.ok("GET", "invoices/invoices/"+inv.Str("id"), "", "invoice")
	if _, ok := got["lines"]; ok {
		t.Errorf("lines without include: %v", got["lines"])
	}
	for k := range got {
		if strings.HasPrefix(k, "_") {
			t.Errorf("bookkeeping member %s answered", k)
		}
	}
	line := engine.Record(inv["lines"].([]any)[0].(map[string]any))
	// 3 × 10.00 = 30.00; 10% tax 3.00; 33.00 in the client's currency.
	if line.Str("lineid") != "1" || line.Str("qty") != "3" || engine.Record(engine.AsMap(line["amount"])).Str("amount") != "30.00" ||
		engine.Record(engine.AsMap(inv["amount"])).Str("amount") != "33.00" || engine.Record(engine.AsMap(inv["amount"])).Str("code") != "EUR" {
		t.Errorf("line %v, amount %v", line, inv["amount"])
	}
}

// The seeded invoices are priced and paid as the API would: amount =
// lines + taxes, paid = the payments made on them.
func TestSeededInvoicesAreConsistent(t *testing.T) {
	e := newDocEnv(t)
	s := e.srv.Sandbox
	s.eng.Lock()
	defer s.eng.Unlock()
	key := "acct:" + s.eng.Identities[0].Memberships[0].Business.AccountID
	invoices, payments := s.eng.Table(key, "invoices"), s.eng.Table(key, "payments")
	if len(invoices.IDs) == 0 || len(payments.IDs) == 0 {
		t.Fatalf("%d invoices, %d payments seeded", len(invoices.IDs), len(payments.IDs))
	}
	for _, id := range invoices.IDs {
		inv := invoices.ByID[id]
		var sum decimal.Decimal
		for _, l := range inv["lines"].([]any) {
			line := engine.Record(l.(map[string]any))
			amt, _ := engine.AmountOf(line["amount"])
			rate, _ := engine.DecimalOf(line["taxAmount1"])
			sum = sum.Add(amt).Add(amt.Mul(rate).Shift(-2))
		}
		amount, _ := engine.AmountOf(inv["amount"])
		if !sum.Round(2).Equal(amount) {
			t.Errorf("invoice %d: amount %s, lines and taxes %s", id, amount, sum.Round(2))
		}
		var paid decimal.Decimal
		for _, pid := range payments.IDs {
			if p := payments.ByID[pid]; p.Int("invoiceid") == id {
				amt, _ := engine.AmountOf(p["amount"])
				paid = paid.Add(amt)
			}
		}
		got, _ := engine.AmountOf(inv["paid"])
		out, _ := engine.AmountOf(inv["outstanding"])
		if !got.Equal(paid) || !out.Equal(amount.Sub(paid)) {
			t.Errorf("invoice %d: paid %s outstanding %s, payments %s", id, got, out, paid)
		}
	}
}

func TestDocumentWebhookEvents(t *testing.T) {
	e := newDocEnv(t)
	var events []string
	e.srv.eng.Lock()
	e.srv.eng.OnChange = func(c engine.Change) { events = append(events, c.Event) }
	e.srv.eng.Unlock()
	cl := e.client()
	inv := e.invoice(cl)
	e.ok("PUT", "invoices/invoices/"+inv.Str("id"), `{"invoice": {"action_mark_as_sent": true}}`, "invoice")
	e.ok("POST", "payments/payments", `{"payment": {"invoiceid": `+inv.Str("id")+`, "amount": {"amount": "5"}}}`, "payment")
	est := e.ok("POST", "estimates/estimates", `{"estimate": {"customerid": `+cl+`, "create_date": "2026-03-01"}}`, "estimate")
	e.ok("PUT", "estimates/estimates/"+est.Str("id"), `{"estimate": {"action_accept": true}}`, "estimate")
	e.ok("POST", "invoice_profiles/invoice_profiles", `{"invoice_profile": {"customerid": `+cl+`, "create_date": "2026-03-01", "frequency": "y"}}`, "invoice_profile")
	tax := e.ok("POST", "taxes/taxes", `{"tax": {"name": "Hooked", "amount": "1"}}`, "tax")
	e.call("DELETE", "taxes/taxes/"+tax.Str("id"), "")
	item := e.ok("POST", "items/items", `{"item": {"name": "Hook"}}`, "item")
	e.ok("PUT", "items/items/"+item.Str("id"), `{"item": {"vis_state": 1}}`, "item")
	e.ok("POST", "credit_notes/credit_notes", `{"credit_note": {"clientid": `+cl+`, "create_date": "2026-03-01"}}`, "credit_note")
	e.call("DELETE", "invoices/invoices/"+inv.Str("id"), "")
	e.srv.eng.Lock()
	defer e.srv.eng.Unlock()
	want := []string{"client.create", "invoice.create", "invoice.update", "payment.create", "invoice.update", "estimate.create", "estimate.update",
		"recurring.create", "tax.create", "tax.delete", "item.create", "item.delete", "credit_note.create", "invoice.delete"}
	if !slices.Equal(events, want) {
		t.Errorf("events %v\nwant   %v", events, want)
	}
}

func TestDocumentsSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	now := func() time.Time { return time.Date(2026, 3, 8, 6, 30, 0, 0, time.UTC) }
	sb, url, stop := openServer(t, dir, Options{Now: now})
	acct := sb.eng.Identities[0].Memberships[0].Business.AccountID
	e := &docEnv{t: t, token: sb.IssueToken(0).AccessToken, root: url + "/accounting/account/" + acct + "/"}
	inv := e.invoice(e.client())
	id := inv.Str("id")
	e.ok("PUT", "invoices/invoices/"+id, `{"invoice": {"action_email": true, "email_recipients": ["x@y.test"]}}`, "invoice")
	e.ok("POST", "payments/payments", `{"payment": {"invoiceid": `+id+`, "amount": {"amount": "40"}}}`, "payment") // 7.00 over
	stop()

	sb, url, stop = openServer(t, dir, Options{Now: now})
	defer stop()
	e = &docEnv{t: t, token: sb.IssueToken(0).AccessToken, root: url + "/accounting/account/" + acct + "/"}
	got := e.ok("GET", "invoices/invoices/"+id+"?include[]=lines", "", "invoice")
	if got.Str("v3_status") != "paid" || engine.Record(engine.AsMap(got["outstanding"])).Str("amount") != "0.00" || len(got["lines"].([]any)) != 1 {
		t.Errorf("after restart: %v", got)
	}
	if mails := sb.SentEmails(freshbooks.AccountID(acct)); len(mails) != 1 || mails[0].To[0] != "x@y.test" {
		t.Errorf("emails after restart: %+v", mails)
	}
	status, b := e.call("GET", "credit_notes/credit_notes?search[credit_type]=overpayment", "")
	if status != 200 || !strings.Contains(string(b), `"amount":"7.00"`) {
		t.Errorf("overpayment credit after restart: %d %s", status, b)
	}
}

// No body makes a document endpoint fail with a 5xx or panic.
func TestDocumentsRejectGarbage(t *testing.T) {
	e := newDocEnv(t)
	cl := e.client()
	inv := e.invoice(cl).Str("id")
	bodies := []string{
		``, `null`, `[]`, `{"invoice": null}`, `{"invoice": []}`, `{"invoice": {"lines": "x"}}`, `{"invoice": {"lines": [1, null, "a"]}}`,
		`{"invoice": {"lines": [{"qty": true, "unit_cost": "abc"}]}}`, `{"invoice": {"lines": [{"unit_cost": {"amount": {}}}]}}`,
		`{"invoice": {"customerid": "abc", "create_date": 5}}`, `{"invoice": {"customerid": -1, "create_date": "2026-02-30"}}`,
		`{"invoice": {"discount_value": "ten"}}`, `{"invoice": {"due_offset_days": "soon"}}`, `{"invoice": {"status": 1.5}}`,
		`{"invoice": {"allowed_gatewayids": "26"}}`, `{"invoice": {"action_email": true, "email_recipients": "a@b"}}`,
		`{"invoice": {"action_email": true, "email_recipients": [1]}}`, `{"invoice": {"action_nothing": true}}`,
		`{"invoice": {"lines": [{"qty": "1e999999999"}]}}`, `{"invoice": {"lines": [{"qty": "99999999999999999999", "unit_cost": {"amount": "99999999999999999999"}}]}}`,
		`{"payment": {"invoiceid": "x", "amount": "y"}}`, `{"payment": {"invoiceid": ` + inv + `, "amount": {"amount": "0"}}}`,
		`{"payment": {"invoiceid": ` + inv + `, "amount": 5, "date": "yesterday"}}`, `{"tax": {"name": 5, "amount": []}}`,
		`{"tax": {"name": "Z", "amount": "1", "compound": "yes"}}`, `{"item": {"name": "x", "tax1": "abc", "qty": "many"}}`,
		`{"item": {"name": "x", "unit_cost": [1]}}`, `{"estimate": {"status": "x"}}`, `{"estimate": {"status": 9}}`,
		`{"credit_note": {"clientid": ` + cl + `, "create_date": "2026-01-01", "credit_type": 5}}`,
		`{"invoice_profile": {"customerid": ` + cl + `, "create_date": "2026-01-01", "frequency": "m", "numberRecurring": -1}}`,
	}
	paths := []string{"invoices/invoices", "invoices/invoices/" + inv, "payments/payments", "taxes/taxes", "items/items",
		"estimates/estimates", "credit_notes/credit_notes", "invoice_profiles/invoice_profiles"}
	for _, p := range paths {
		for _, b := range bodies {
			method := "POST"
			if strings.Count(p, "/") > 1 {
				method = "PUT"
			}
			status, resp := e.call(method, p, b)
			if status >= 500 {
				t.Errorf("%s %s %s: %d %s", method, p, b, status, resp)
			}
		}
	}
	// Garbage that must be refused, not stored.
	for _, tc := range []struct{ path, body string }{
		{"invoices/invoices", `{"invoice": {"customerid": "abc", "create_date": "2026-01-01"}}`},
		{"invoices/invoices", `{"invoice": {"customerid": ` + cl + `, "create_date": "2026-02-30"}}`},
		{"invoices/invoices", `{"invoice": {"customerid": ` + cl + `, "create_date": "2026-01-01", "lines": [{"qty": "1e999999999"}]}}`},
		{"payments/payments", `{"payment": {"invoiceid": ` + inv + `, "amount": {"amount": "0"}}}`},
	} {
		if status, b := e.call("POST", tc.path, tc.body); status != 422 {
			t.Errorf("POST %s %s: %d %s", tc.path, tc.body, status, b)
		}
	}
}

func TestDocumentMoneyIsExact(t *testing.T) {
	e := newDocEnv(t)
	cl := e.client()
	inv := e.ok("POST", "invoices/invoices?include[]=lines", `{"invoice": {"customerid": `+cl+`, "create_date": "2026-03-01",
		"lines": [{"name": "third", "qty": "0.333", "unit_cost": {"amount": "3.00"}},
		          {"name": "big", "qty": "1000000", "unit_cost": {"amount": "12345678.91"}},
		          {"name": "tenths", "qty": "3", "unit_cost": {"amount": "0.1"}}]}}`, "invoice")
	lines := inv["lines"].([]any)
	amounts := []string{}
	for _, l := range lines {
		amounts = append(amounts, engine.Record(engine.AsMap(engine.Record(l.(map[string]any))["amount"])).Str("amount"))
	}
	// 0.999 → 1.00; 12345678910000.00 exactly; 3 × 0.1 = 0.30, not 0.30000000000000004.
	if !slices.Equal(amounts, []string{"1.00", "12345678910000.00", "0.30"}) {
		t.Errorf("line amounts %v", amounts)
	}
	if got := engine.Record(engine.AsMap(inv["amount"])).Str("amount"); got != "12345678910001.30" {
		t.Errorf("amount %s", got)
	}
}
