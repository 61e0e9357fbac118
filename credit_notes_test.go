package freshbooks_test

import (
	"errors"
	"testing"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

func TestCreditNotesCRUD(t *testing.T) {
	s := newEnv(t, freshbookstest.Options{})
	cl := s.customer(t, "Credit Union")
	cn, err := s.acct.CreditNotes.Create(s.ctx, &freshbooks.CreditNote{CustomerID: cl.ID, CreateDate: freshbooks.NewDate(2026, 3, 5),
		Notes: "Sorry for the delay", Lines: []freshbooks.Line{{Name: "Goodwill", Qty: dec("1"), UnitCost: money("45.5")}}})
	if err != nil {
		t.Fatal(err)
	}
	wantMoney(t, "amount", cn.Amount, "45.50", "CAD")
	wantMoney(t, "paid", cn.Paid, "0.00", "CAD")
	if cn.CreditID != cn.ID || cn.CreditType != freshbooks.CreditGoodwill || cn.Status != freshbooks.DisplayDraft ||
		cn.PaymentStatus != freshbooks.PaymentStatusUnpaid || cn.Organization != "Credit Union" || len(cn.Lines) != 1 || cn.CreditNumber == "" {
		t.Errorf("created %+v", cn)
	}
	up, err := s.acct.CreditNotes.Update(s.ctx, cn.ID, &freshbooks.CreditNote{Terms: "Use within a year",
		Lines: []freshbooks.Line{{Name: "Goodwill", Qty: dec("2"), UnitCost: money("45.5")}}})
	if err != nil {
		t.Fatal(err)
	}
	wantMoney(t, "updated amount", up.Amount, "91.00", "CAD")
	if up.Terms != "Use within a year" || up.Notes != "Sorry for the delay" {
		t.Errorf("updated %+v", up)
	}
	p, err := s.acct.CreditNotes.List(s.ctx, freshbooks.Equals("clientid", cl.ID))
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != 1 || p.Items[0].ID != cn.ID {
		t.Errorf("by clientid: %+v", p)
	}
	if err := s.acct.CreditNotes.Delete(s.ctx, cn.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.acct.CreditNotes.Get(s.ctx, cn.ID)
	if err != nil || got.VisState != freshbooks.VisDeleted {
		t.Errorf("after delete: %v %v", got, err)
	}
	if p, _ := s.acct.CreditNotes.List(s.ctx, freshbooks.Equals("clientid", cl.ID)); p == nil || p.Total != 0 {
		t.Errorf("deleted credit note listed: %+v", p)
	}
	if got, err = s.acct.CreditNotes.Restore(s.ctx, cn.ID); err != nil || got.VisState != freshbooks.VisActive {
		t.Errorf("restore: %v %v", got, err)
	}
}

func TestCreditNoteValidation(t *testing.T) {
	s := newEnv(t, freshbookstest.Options{})
	cl := s.customer(t, "No Date")
	for name, tc := range map[string]struct {
		cn    *freshbooks.CreditNote
		errno int
		field string
	}{
		"no client":      {&freshbooks.CreditNote{CreateDate: freshbooks.NewDate(2026, 1, 1)}, 1001, "clientid"},
		"no create_date": {&freshbooks.CreditNote{CustomerID: cl.ID}, 1001, "create_date"},
		"bad type":       {&freshbooks.CreditNote{CustomerID: cl.ID, CreateDate: freshbooks.NewDate(2026, 1, 1), CreditType: "gift"}, 1004, "credit_type"},
	} {
		_, err := s.acct.CreditNotes.Create(s.ctx, tc.cn)
		var ae *freshbooks.APIError
		if !errors.Is(err, freshbooks.ErrValidation) || !errors.As(err, &ae) || ae.Errno != tc.errno || ae.Details[0].Field != tc.field {
			t.Errorf("%s: %v", name, err)
		}
	}
}
