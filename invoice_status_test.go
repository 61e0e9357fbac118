package freshbooks_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// The helpers answer "is it paid, owed, overdue, and how much is owed"
// through an invoice's life in the sandbox.
func TestInvoiceStatusHelpers(t *testing.T) {
	s := newEnv(t, freshbookstest.Options{})
	cl := s.customer(t, "Status Co")
	inv := twoLineInvoice(cl.ID) // 3 × 100.00 + 13% and 2 × 25.50: 390.00
	inv.CreateDate = freshbooks.NewDate(2026, 3, 1)
	inv.DueOffsetDays = ptr(30)
	inv, err := s.acct.Invoices.Create(s.ctx, inv)
	if err != nil {
		t.Fatal(err)
	}
	check := func(when string, inv *freshbooks.Invoice, draft, unpaid, paid, overdue bool, owed string) {
		t.Helper()
		late := freshbooks.NewDate(2026, 5, 1)
		if inv.IsDraft() != draft || inv.IsUnpaid() != unpaid || inv.IsPaid() != paid || inv.IsOverdue(late) != overdue {
			t.Errorf("%s: draft %v unpaid %v paid %v overdue %v (statuses %v %s %s)", when,
				inv.IsDraft(), inv.IsUnpaid(), inv.IsPaid(), inv.IsOverdue(late), inv.Status, inv.V3Status, inv.PaymentStatus)
		}
		if got := inv.AmountOwed(); got.String() != owed {
			t.Errorf("%s: owed %s, want %s", when, got, owed)
		}
		if inv.IsOverdue(inv.DueDate) {
			t.Errorf("%s: overdue on its due date", when)
		}
	}
	check("draft", inv, true, false, false, false, "390.00 CAD")
	if inv, err = s.acct.Invoices.MarkAsSent(s.ctx, inv.ID); err != nil {
		t.Fatal(err)
	}
	check("sent", inv, false, true, false, true, "390.00 CAD")
	pay := func(amount string) *freshbooks.Invoice {
		t.Helper()
		if _, err := s.acct.Payments.Create(s.ctx, &freshbooks.Payment{InvoiceID: inv.ID, Amount: freshbooks.Money{Amount: dec(amount)},
			Date: freshbooks.NewDate(2026, 3, 10), Type: freshbooks.PaymentTypeCash}); err != nil {
			t.Fatal(err)
		}
		got, err := s.acct.Invoices.Get(s.ctx, inv.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	check("partly paid", pay("100"), false, true, false, true, "290.00 CAD")
	check("paid", pay("290"), false, false, true, false, "0.00 CAD")
}

// Status numbers start at 0 on the wire; in Go the zero value is unknown,
// so that a status not read never passes for "disputed" or "internal".
func TestStatusZeroIsUnknown(t *testing.T) {
	var inv freshbooks.Invoice
	if err := json.Unmarshal([]byte(`{"status": 0}`), &inv); err != nil || inv.Status != freshbooks.InvoiceDisputed {
		t.Fatalf("status 0: %v %v", inv.Status, err)
	}
	if b, _ := json.Marshal(freshbooks.Invoice{Status: freshbooks.InvoiceDisputed}); string(b) != `{"status":0}` {
		t.Errorf("disputed writes %s", b)
	}
	if b, _ := json.Marshal(freshbooks.Invoice{}); string(b) != `{}` {
		t.Errorf("unknown writes %s", b)
	}
	var e freshbooks.Expense
	if err := json.Unmarshal([]byte(`{"status": 3}`), &e); err != nil || e.Status != freshbooks.ExpenseRecouped {
		t.Fatalf("expense status 3: %v %v", e.Status, err)
	}
	for _, s := range []fmt.Stringer{freshbooks.InvoiceStatus(0), freshbooks.ExpenseStatus(0), freshbooks.EstimateStatus(0)} {
		if s.String() != "unknown" {
			t.Errorf("%T zero value prints %q", s, s.String())
		}
	}
	if n, ok := freshbooks.InvoiceDisputed.Number(); n != 0 || !ok {
		t.Errorf("disputed is number %d, %v", n, ok)
	}
	if n, ok := freshbooks.ExpenseRecouped.Number(); n != 3 || !ok {
		t.Errorf("recouped is number %d, %v", n, ok)
	}
	if _, ok := freshbooks.EstimateStatus(0).Number(); ok {
		t.Error("unknown has a number")
	}
	if err := json.Unmarshal([]byte(`{"status": "paid"}`), &inv); err == nil {
		t.Error("a word for a status number")
	}
}
