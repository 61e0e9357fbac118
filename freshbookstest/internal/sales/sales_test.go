package sales_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/sandboxtest"
	"github.com/shopspring/decimal"
)

// client makes a client billed in euros and returns its id.
func client(e *sandboxtest.Env) string {
	return e.OK("POST", "users/clients", `{"client": {"organization": "Doc Co", "email": "ap@doc.test", "currency_code": "EUR"}}`, "client").Str("id")
}

// invoice makes an invoice of one taxed line for customer, with its lines.
func invoice(e *sandboxtest.Env, customer string) engine.Record {
	return e.OK("POST", "invoices/invoices?include[]=lines", `{"invoice": {"customerid": `+customer+`, "create_date": "2026-03-01",
		"lines": [{"name": "A", "qty": 3, "unit_cost": {"amount": "10.00"}, "taxName1": "T", "taxAmount1": "10"}]}}`, "invoice")
}

func TestDocumentErrorBodies(t *testing.T) {
	e := sandboxtest.New(t, "", freshbookstest.Options{Now: sandboxtest.Now})
	cl := client(e)
	inv := invoice(e, cl)
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
			status, b := e.Call(tc.method, tc.path, tc.body)
			if status != tc.status || string(b) != tc.want {
				t.Errorf("%d %s\nwant %d %s", status, b, tc.status, tc.want)
			}
		})
	}
	// None of that changed the invoice.
	got := e.OK("GET", "invoices/invoices/"+id, "", "invoice")
	if got.Str("v3_status") != "draft" || got.Str("due_date") != "2026-03-01" || got.Str("updated") != inv.Str("updated") {
		t.Errorf("after refused writes: %v", got)
	}
}

func TestDocumentDeleteShapes(t *testing.T) {
	e := sandboxtest.New(t, "", freshbookstest.Options{Now: sandboxtest.Now})
	tax := e.OK("POST", "taxes/taxes", `{"tax": {"name": "Gone Tax", "amount": "2.5"}}`, "tax")
	// Taxes: HTTP DELETE answers 200 {"response": {}} and the tax is gone.
	if status, b := e.Call("DELETE", "taxes/taxes/"+tax.Str("id"), ""); status != 200 || string(b) != `{"response":{}}` {
		t.Errorf("tax delete: %d %s", status, b)
	}
	if status, b := e.Call("GET", "taxes/taxes/"+tax.Str("id"), ""); status != 404 || !strings.Contains(string(b), `"Tax not found."`) {
		t.Errorf("tax after delete: %d %s", status, b)
	}
	// Invoices: HTTP DELETE answers the same and keeps the invoice, deleted.
	inv := invoice(e, client(e))
	if status, b := e.Call("DELETE", "invoices/invoices/"+inv.Str("id"), ""); status != 200 || string(b) != `{"response":{}}` {
		t.Errorf("invoice delete: %d %s", status, b)
	}
	if got := e.OK("GET", "invoices/invoices/"+inv.Str("id"), "", "invoice"); got.Str("vis_state") != "1" {
		t.Errorf("invoice after delete: %v", got)
	}
	// Payments, items, credit notes, profiles: no HTTP DELETE (the route
	// does not exist), only the vis_state PUT.
	cl := client(e)
	inv = invoice(e, cl)
	for _, rec := range []struct{ path, key, body string }{
		{"payments/payments", "payment", `{"payment": {"invoiceid": ` + inv.Str("id") + `, "amount": "1"}}`},
		{"items/items", "item", `{"item": {"name": "Kept"}}`},
		{"credit_notes/credit_notes", "credit_note", `{"credit_note": {"clientid": ` + cl + `, "create_date": "2026-03-01"}}`},
		{"invoice_profiles/invoice_profiles", "invoice_profile", `{"invoice_profile": {"customerid": ` + cl + `, "create_date": "2026-03-01", "frequency": "m"}}`},
	} {
		id := e.OK("POST", rec.path, rec.body, rec.key).Str("id")
		if status, _ := e.Call("DELETE", rec.path+"/"+id, ""); status != http.StatusNotFound {
			t.Errorf("DELETE %s: %d, want 404", rec.path, status)
		}
		if got := e.OK("GET", rec.path+"/"+id, "", rec.key); got.Str("vis_state") != "0" {
			t.Errorf("%s after DELETE: vis_state %s", rec.key, got.Str("vis_state"))
		}
		if got := e.OK("PUT", rec.path+"/"+id, `{"`+rec.key+`": {"vis_state": 1}}`, rec.key); got.Str("vis_state") != "1" {
			t.Errorf("%s after PUT vis_state 1: %s", rec.key, got.Str("vis_state"))
		}
	}
}

func TestDocumentUpdatePhases(t *testing.T) {
	e := sandboxtest.New(t, "", freshbookstest.Options{Now: sandboxtest.Now})
	inv := invoice(e, client(e))
	path := "invoices/invoices/" + inv.Str("id")
	// An action runs alone: the other fields are discarded.
	got := e.OK("PUT", path, `{"invoice": {"action_mark_as_sent": true, "notes": "dropped"}}`, "invoice")
	if got.Str("display_status") != "sent" || got.Str("status") != "2" || got.Str("notes") != "" {
		t.Errorf("after the action: status %s/%s, notes %q", got.Str("status"), got.Str("v3_status"), got.Str("notes"))
	}
	// vis_state comes before actions.
	got = e.OK("PUT", path, `{"invoice": {"vis_state": 2, "action_email": true, "email_recipients": ["a@b.test"]}}`, "invoice")
	if got.Str("vis_state") != "2" || got.Str("display_status") != "sent" {
		t.Errorf("vis_state with an action: %v", got)
	}
	acct := e.Account
	if n := len(e.SentEmails(freshbooks.AccountID(acct))); n != 0 {
		t.Errorf("%d emails sent by a vis_state write", n)
	}
	// An action set to false is no action: the data phase runs, and
	// leaves no action member behind.
	got = e.OK("PUT", path, `{"invoice": {"action_mark_as_sent": false, "notes": "kept"}}`, "invoice")
	if got.Str("notes") != "kept" || got["action_mark_as_sent"] != nil {
		t.Errorf("false action: %v", got)
	}
}

func TestDocumentLinesHiddenUnlessIncluded(t *testing.T) {
	e := sandboxtest.New(t, "", freshbookstest.Options{Now: sandboxtest.Now})
	inv := invoice(e, client(e))
	if inv["lines"] == nil {
		t.Fatal("create with include[]=lines has no lines")
	}
	got := e.OK("GET", "invoices/invoices/"+inv.Str("id"), "", "invoice")
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
	e := sandboxtest.New(t, "", freshbookstest.Options{Now: sandboxtest.Now})
	invoices, payments := e.Every("invoices/invoices?include[]=lines", "invoices"), e.Every("payments/payments", "payments")
	if len(invoices) == 0 || len(payments) == 0 {
		t.Fatalf("%d invoices, %d payments seeded", len(invoices), len(payments))
	}
	for _, inv := range invoices {
		id := inv.Int("id")
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
		for _, p := range payments {
			if p.Int("invoiceid") == id {
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

func TestDocumentsSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	opts := freshbookstest.Options{Now: sandboxtest.Now}
	e := sandboxtest.New(t, dir, opts)
	inv := invoice(e, client(e))
	id := inv.Str("id")
	e.OK("PUT", "invoices/invoices/"+id, `{"invoice": {"action_email": true, "email_recipients": ["x@y.test"]}}`, "invoice")
	e.OK("POST", "payments/payments", `{"payment": {"invoiceid": `+id+`, "amount": {"amount": "40"}}}`, "payment") // 7.00 over
	e.Close()

	e = sandboxtest.New(t, dir, opts)
	got := e.OK("GET", "invoices/invoices/"+id+"?include[]=lines", "", "invoice")
	if got.Str("v3_status") != "paid" || engine.Record(engine.AsMap(got["outstanding"])).Str("amount") != "0.00" || len(got["lines"].([]any)) != 1 {
		t.Errorf("after restart: %v", got)
	}
	if mails := e.SentEmails(freshbooks.AccountID(e.Account)); len(mails) != 1 || mails[0].To[0] != "x@y.test" {
		t.Errorf("emails after restart: %+v", mails)
	}
	status, b := e.Call("GET", "credit_notes/credit_notes?search[credit_type]=overpayment", "")
	if status != 200 || !strings.Contains(string(b), `"amount":"7.00"`) {
		t.Errorf("overpayment credit after restart: %d %s", status, b)
	}
}

// No body makes a document endpoint fail with a 5xx or panic.
func TestDocumentsRejectGarbage(t *testing.T) {
	e := sandboxtest.New(t, "", freshbookstest.Options{Now: sandboxtest.Now})
	cl := client(e)
	inv := invoice(e, cl).Str("id")
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
			status, resp := e.Call(method, p, b)
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
		if status, b := e.Call("POST", tc.path, tc.body); status != 422 {
			t.Errorf("POST %s %s: %d %s", tc.path, tc.body, status, b)
		}
	}
}

func TestDocumentMoneyIsExact(t *testing.T) {
	e := sandboxtest.New(t, "", freshbookstest.Options{Now: sandboxtest.Now})
	cl := client(e)
	inv := e.OK("POST", "invoices/invoices?include[]=lines", `{"invoice": {"customerid": `+cl+`, "create_date": "2026-03-01",
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
