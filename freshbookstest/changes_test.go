package freshbookstest

import (
	"net/http"
	"slices"
	"testing"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/expenses"
)

// TestDocumentWebhookEvents stays here, beside the engine: it hears every
// change the engine makes (OnChange), in order, which no public API shows
// (webhook deliveries to different callbacks go out concurrently).
func TestDocumentWebhookEvents(t *testing.T) {
	e := newEnv(t, "", Options{Now: fixedNow})
	var events []string
	e.sb.eng.Lock()
	e.sb.eng.OnChange = func(c engine.Change) { events = append(events, c.Event) }
	e.sb.eng.Unlock()
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
	e.sb.eng.Lock()
	defer e.sb.eng.Unlock()
	want := []string{"client.create", "invoice.create", "invoice.update", "payment.create", "invoice.update", "estimate.create", "estimate.update",
		"recurring.create", "tax.create", "tax.delete", "item.create", "item.delete", "credit_note.create", "invoice.delete"}
	if !slices.Equal(events, want) {
		t.Errorf("events %v\nwant   %v", events, want)
	}
}

func (e *env) firstCategory() string {
	e.t.Helper()
	s := e.sb
	s.eng.Lock()
	defer s.eng.Unlock()
	c := s.eng.Table("acct:"+e.acct, expenses.Categories)
	return c.ByID[c.IDs[0]].Str("id")
}

// Webhook nouns: expense, category, bill and bill_vendor have events;
// bill payments, tasks and other income have none.
//
// The test stays here, beside the engine: it hears every change the
// engine makes (OnChange), which no public API shows.
func TestExpenseFamilyEvents(t *testing.T) {
	e := newEnv(t, "", Options{})
	var events []string
	e.sb.eng.Lock()
	e.sb.eng.OnChange = func(c engine.Change) { events = append(events, c.Event) }
	e.sb.eng.Unlock()
	cat := e.firstCategory()

	exp := e.create("expenses/expenses", "expense", `{"categoryid": `+cat+`, "staffid": 1, "date": "2026-01-02", "amount": {"amount": "5"}}`)
	e.call(http.MethodPut, "expenses/expenses/"+exp.Str("id"), `{"expense": {"notes": "x"}}`)
	e.call(http.MethodPut, "expenses/expenses/"+exp.Str("id"), `{"expense": {"vis_state": 1}}`)
	v := e.create("bill_vendors/bill_vendors", "bill_vendor", `{"vendor_name": "V"}`)
	b := e.create("bills/bills", "bill", `{"vendorid": `+v.Str("vendorid")+`, "issue_date": "2026-01-02", "lines": [{"categoryid": `+cat+`, "unit_cost": {"amount": "9"}}]}`)
	e.create("bill_payments/bill_payments", "bill_payment", `{"billid": `+b.Str("id")+`, "amount": {"amount": "1"}, "payment_type": "Cash"}`)
	e.create("projects/tasks", "task", `{"name": "T"}`)
	e.create("other_incomes/other_incomes", "other_income", `{"amount": {"amount": "1"}, "date": "2026-01-02"}`)

	e.sb.eng.Lock()
	defer e.sb.eng.Unlock()
	want := []string{"expense.create", "expense.update", "expense.delete", "bill_vendor.create", "bill.create"}
	if !slices.Equal(events, want) {
		t.Errorf("events %v, want %v", events, want)
	}
}
