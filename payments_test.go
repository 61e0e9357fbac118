package freshbooks_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

func TestPaymentsCRUDAndFilters(t *testing.T) {
	s := newEnv(t, freshbookstest.Options{})
	cl := s.customer(t, "Payers Inc")
	inv, err := s.acct.Invoices.Create(s.ctx, twoLineInvoice(cl.ID)) // 390.00 CAD
	if err != nil {
		t.Fatal(err)
	}
	pay := func(amount string, day int, typ freshbooks.PaymentType) *freshbooks.Payment {
		t.Helper()
		p, err := s.acct.Payments.Create(s.ctx, &freshbooks.Payment{InvoiceID: inv.ID, Amount: freshbooks.Money{Amount: dec(amount)},
			Date: freshbooks.NewDate(2026, 3, day), Type: typ, Note: "paid " + amount})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	p1 := pay("50", 2, freshbooks.PaymentTypeCash)
	p2 := pay("75.25", 9, freshbooks.PaymentTypeVisa)
	p3 := pay("20", 16, freshbooks.PaymentTypeCash)

	got, err := s.acct.Payments.Get(s.ctx, p2.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantMoney(t, "amount", got.Amount, "75.25", "CAD")
	if got.InvoiceID != inv.ID || got.CustomerID != cl.ID || got.Type != freshbooks.PaymentTypeVisa || got.Note != "paid 75.25" ||
		got.Date != freshbooks.NewDate(2026, 3, 9) || got.Updated.IsZero() || got.AccountingSystemID != string(s.acct.ID) {
		t.Errorf("payment %+v", got)
	}

	ids := func(opts ...freshbooks.QueryOption) []freshbooks.PaymentID {
		t.Helper()
		p, err := s.acct.Payments.List(s.ctx, append(opts, freshbooks.Equals("invoiceid", inv.ID))...)
		if err != nil {
			t.Fatal(err)
		}
		var out []freshbooks.PaymentID
		for _, x := range p.Items {
			out = append(out, x.ID)
		}
		return out
	}
	for name, tc := range map[string]struct {
		opts []freshbooks.QueryOption
		want []freshbooks.PaymentID
	}{
		"invoiceid":              {nil, []freshbooks.PaymentID{p1.ID, p2.ID, p3.ID}},
		"type":                   {[]freshbooks.QueryOption{freshbooks.Equals("type", freshbooks.PaymentTypeCash)}, []freshbooks.PaymentID{p1.ID, p3.ID}},
		"date range, both ends":  {[]freshbooks.QueryOption{freshbooks.Between("date", freshbooks.NewDate(2026, 3, 2), freshbooks.NewDate(2026, 3, 16))}, []freshbooks.PaymentID{p1.ID, p2.ID, p3.ID}},
		"amount at least 50":     {[]freshbooks.QueryOption{freshbooks.Between("amount", "50", nil)}, []freshbooks.PaymentID{p1.ID, p2.ID}},
		"clientid":               {[]freshbooks.QueryOption{freshbooks.Equals("clientid", cl.ID)}, []freshbooks.PaymentID{p1.ID, p2.ID, p3.ID}},
		"logids":                 {[]freshbooks.QueryOption{freshbooks.In("logids", p3.ID, p1.ID)}, []freshbooks.PaymentID{p1.ID, p3.ID}},
		"note like":              {[]freshbooks.QueryOption{freshbooks.Like("notes", "75")}, []freshbooks.PaymentID{p2.ID}},
		"sorted by amount, desc": {[]freshbooks.QueryOption{freshbooks.SortDesc("amount")}, []freshbooks.PaymentID{p2.ID, p1.ID, p3.ID}},
	} {
		if got := ids(tc.opts...); !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", name, got, tc.want)
		}
	}

	// Includes: the invoice and the client.
	got, err = s.acct.Payments.Get(s.ctx, p1.ID, freshbooks.Include("invoice", "client"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Invoice == nil || got.Invoice.ID != inv.ID || got.Client == nil || got.Client.ID != cl.ID {
		t.Errorf("includes: invoice %v, client %v", got.Invoice, got.Client)
	}
	if got.Invoice != nil {
		wantMoney(t, "included invoice outstanding", got.Invoice.Outstanding, "244.75", "CAD")
	}

	// Update: the invoice follows.
	if _, err := s.acct.Payments.Update(s.ctx, p3.ID, &freshbooks.Payment{Amount: money("64.75")}); err != nil {
		t.Fatal(err)
	}
	invNow, err := s.acct.Invoices.Get(s.ctx, inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantMoney(t, "outstanding after update", invNow.Outstanding, "200.00", "CAD")

	// Delete is PUT vis_state 1: the payment stays, deleted, and stops counting.
	if err := s.acct.Payments.Delete(s.ctx, p1.ID); err != nil {
		t.Fatal(err)
	}
	if got := ids(); !slices.Equal(got, []freshbooks.PaymentID{p2.ID, p3.ID}) {
		t.Errorf("after delete: %v", got)
	}
	if got := ids(freshbooks.Equals("vis_state", freshbooks.VisDeleted)); !slices.Equal(got, []freshbooks.PaymentID{p1.ID}) {
		t.Errorf("deleted payments: %v", got)
	}
	invNow, err = s.acct.Invoices.Get(s.ctx, inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantMoney(t, "outstanding after delete", invNow.Outstanding, "250.00", "CAD")
	if _, err := s.acct.Payments.Restore(s.ctx, p1.ID); err != nil {
		t.Fatal(err)
	}
	invNow, err = s.acct.Invoices.Get(s.ctx, inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantMoney(t, "outstanding after restore", invNow.Outstanding, "200.00", "CAD")
}

func TestPaymentDefaultsToToday(t *testing.T) {
	s := newEnv(t, freshbookstest.Options{})
	cl := s.customer(t, "Today Co")
	inv, err := s.acct.Invoices.Create(s.ctx, twoLineInvoice(cl.ID))
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.acct.Payments.Create(s.ctx, &freshbooks.Payment{InvoiceID: inv.ID, Amount: money("1")})
	if err != nil {
		t.Fatal(err)
	}
	// The sandbox clock is 2026-03-08 06:30 UTC, 01:30 in US/Eastern.
	if p.Date != freshbooks.NewDate(2026, 3, 8) || p.Type != freshbooks.PaymentTypeOther {
		t.Errorf("date %v, type %q", p.Date, p.Type)
	}
}

func TestPaymentValidation(t *testing.T) {
	s := newEnv(t, freshbookstest.Options{})
	cl := s.customer(t, "Bad Payer")
	inv, err := s.acct.Invoices.Create(s.ctx, twoLineInvoice(cl.ID))
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		p     *freshbooks.Payment
		errno int
		field string
	}{
		"no invoice":      {&freshbooks.Payment{Amount: usd("1")}, 1001, "invoiceid"},
		"unknown invoice": {&freshbooks.Payment{InvoiceID: 12, Amount: usd("1")}, 1012, "invoiceid"},
		"no amount":       {&freshbooks.Payment{InvoiceID: inv.ID}, 1001, "amount"},
		"negative amount": {&freshbooks.Payment{InvoiceID: inv.ID, Amount: usd("-5")}, 1025, "amount"},
		"unknown type":    {&freshbooks.Payment{InvoiceID: inv.ID, Amount: usd("5"), Type: "Cheque"}, 1004, "type"},
	} {
		_, err := s.acct.Payments.Create(s.ctx, tc.p)
		var ae *freshbooks.APIError
		if !errors.Is(err, freshbooks.ErrValidation) || !errors.As(err, &ae) || ae.Errno != tc.errno || ae.Details[0].Field != tc.field ||
			ae.Details[0].Object != "payment" {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := s.acct.Payments.Get(s.ctx, 3); !errors.Is(err, freshbooks.ErrNotFound) {
		t.Errorf("unknown payment: %v", err)
	}
	invNow, err := s.acct.Invoices.Get(s.ctx, inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantMoney(t, "outstanding after refused payments", invNow.Outstanding, "390.00", "CAD")
}
