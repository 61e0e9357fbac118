package freshbooks_test

import (
	"errors"
	"testing"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

func TestInvoiceProfilesCRUD(t *testing.T) {
	s := newEnv(t, freshbookstest.Options{})
	cl := s.customer(t, "Monthly Retainer")
	p, err := s.acct.InvoiceProfiles.Create(s.ctx, &freshbooks.InvoiceProfile{CustomerID: cl.ID, CreateDate: freshbooks.NewDate(2026, 4, 1),
		Frequency: "m", NumberRecurring: ptr(12), Lines: []freshbooks.Line{{Name: "Retainer", Qty: dec("1"), UnitCost: money("1500")}}},
		freshbooks.Include("lines"))
	if err != nil {
		t.Fatal(err)
	}
	wantMoney(t, "amount", p.Amount, "1500.00", "CAD")
	if p.ProfileID != p.ID || p.Frequency != "m" || *p.NumberRecurring != 12 || p.OccurrencesToDate != 0 || p.Organization != "Monthly Retainer" ||
		len(p.Lines) != 1 || p.Disable == nil || *p.Disable {
		t.Errorf("created %+v", p)
	}
	up, err := s.acct.InvoiceProfiles.Update(s.ctx, p.ID, &freshbooks.InvoiceProfile{Frequency: "2w", Disable: ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	if up.Frequency != "2w" || !*up.Disable || *up.NumberRecurring != 12 {
		t.Errorf("updated %+v", up)
	}
	list, err := s.acct.InvoiceProfiles.List(s.ctx, freshbooks.Equals("customerid", cl.ID))
	if err != nil {
		t.Fatal(err)
	}
	if list.Total != 1 || list.Items[0].Lines != nil {
		t.Errorf("list %+v", list)
	}
	if err := s.acct.InvoiceProfiles.Delete(s.ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.acct.InvoiceProfiles.Get(s.ctx, p.ID)
	if err != nil || got.VisState != freshbooks.VisDeleted {
		t.Errorf("after delete: %v %v", got, err)
	}
}

func TestInvoiceProfileValidation(t *testing.T) {
	s := newEnv(t, freshbookstest.Options{})
	cl := s.customer(t, "Bad Frequency")
	_, err := s.acct.InvoiceProfiles.Create(s.ctx, &freshbooks.InvoiceProfile{CustomerID: cl.ID, CreateDate: freshbooks.NewDate(2026, 4, 1), Frequency: "fortnightly"})
	var ae *freshbooks.APIError
	if !errors.Is(err, freshbooks.ErrValidation) || !errors.As(err, &ae) || ae.Details[0].Field != "frequency" {
		t.Errorf("bad frequency: %v", err)
	}
	_, err = s.acct.InvoiceProfiles.Create(s.ctx, &freshbooks.InvoiceProfile{CustomerID: cl.ID, CreateDate: freshbooks.NewDate(2026, 4, 1)})
	if !errors.As(err, &ae) || ae.Errno != 1001 || ae.Details[0].Field != "frequency" {
		t.Errorf("no frequency: %v", err)
	}
	if _, err := s.acct.InvoiceProfiles.Get(s.ctx, 9); !errors.Is(err, freshbooks.ErrNotFound) {
		t.Errorf("unknown profile: %v", err)
	}
}
