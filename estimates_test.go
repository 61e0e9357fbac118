package freshbooks_test

import (
	"errors"
	"testing"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

func TestEstimatesLifecycle(t *testing.T) {
	s := newEnv(t, freshbookstest.Options{})
	cl := s.customer(t, "Quote Me")
	est, err := s.acct.Estimates.Create(s.ctx, &freshbooks.Estimate{CustomerID: cl.ID, CreateDate: freshbooks.NewDate(2026, 3, 4),
		DiscountValue: dec("5"), Notes: "Valid 30 days",
		Lines: []freshbooks.Line{{Name: "Design", Qty: dec("10"), UnitCost: money("80"), TaxName1: "HST", TaxRate1: dec("13")}}},
		freshbooks.Include("lines"))
	if err != nil {
		t.Fatal(err)
	}
	// 800.00 − 5% = 760.00; 13% of 760.00 = 98.80; 858.80.
	wantMoney(t, "amount", est.Amount, "858.80", "CAD")
	wantMoney(t, "discount", est.DiscountTotal, "40.00", "CAD")
	if est.EstimateID != est.ID || len(est.EstimateNumber) != 7 || est.Status != freshbooks.EstimateDraft || est.UIStatus != "draft" ||
		est.DisplayStatus != freshbooks.DisplayDraft || est.Accepted == nil || *est.Accepted || est.Organization != "Quote Me" || len(est.Lines) != 1 {
		t.Errorf("created %+v", est)
	}

	sent, err := s.acct.Estimates.SendByEmail(s.ctx, est.ID, freshbooks.EmailOptions{Recipients: []string{"buyer@quoteme.test"}})
	if err != nil {
		t.Fatal(err)
	}
	if sent.Status != freshbooks.EstimateSent || sent.DisplayStatus != freshbooks.DisplaySent {
		t.Errorf("after email: %v %q", sent.Status, sent.DisplayStatus)
	}
	mails := s.srv.SentEmails(s.acct.ID)
	if len(mails) != 1 || mails[0].Resource != "estimate" || mails[0].ResourceID != int64(est.ID) || mails[0].Subject == "" {
		t.Errorf("emails %+v", mails)
	}

	acc, err := s.acct.Estimates.Accept(s.ctx, est.ID)
	if err != nil {
		t.Fatal(err)
	}
	if acc.Accepted == nil || !*acc.Accepted || acc.Status != freshbooks.EstimateAccepted || acc.UIStatus != "accepted" {
		t.Errorf("after accept: %+v", acc)
	}

	up, err := s.acct.Estimates.Update(s.ctx, est.ID, &freshbooks.Estimate{PONumber: "PO-77"})
	if err != nil {
		t.Fatal(err)
	}
	if up.PONumber != "PO-77" || up.Notes != "Valid 30 days" || up.Status != freshbooks.EstimateAccepted {
		t.Errorf("after update: %+v", up)
	}

	p, err := s.acct.Estimates.List(s.ctx, freshbooks.Equals("customerid", cl.ID))
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != 1 || p.Items[0].ID != est.ID || p.Items[0].Lines != nil {
		t.Errorf("list %+v", p)
	}

	// Delete is an HTTP DELETE that keeps the estimate, deleted.
	if err := s.acct.Estimates.Delete(s.ctx, est.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.acct.Estimates.Get(s.ctx, est.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.VisState != freshbooks.VisDeleted {
		t.Errorf("vis_state after delete %v", got.VisState)
	}
	if got, err = s.acct.Estimates.Restore(s.ctx, est.ID); err != nil || got.VisState != freshbooks.VisActive {
		t.Errorf("restore: %v, %v", got, err)
	}
	if got, err = s.acct.Estimates.Archive(s.ctx, est.ID); err != nil || got.VisState != freshbooks.VisArchived {
		t.Errorf("archive: %v, %v", got, err)
	}
}

func TestEstimateValidation(t *testing.T) {
	s := newEnv(t, freshbookstest.Options{})
	_, err := s.acct.Estimates.Create(s.ctx, &freshbooks.Estimate{CreateDate: freshbooks.NewDate(2026, 1, 1)})
	var ae *freshbooks.APIError
	if !errors.Is(err, freshbooks.ErrValidation) || !errors.As(err, &ae) || ae.Details[0].Field != "customerid" || ae.Details[0].Object != "estimate" {
		t.Errorf("no customer: %v", err)
	}
	if _, err := s.acct.Estimates.Accept(s.ctx, 77); !errors.Is(err, freshbooks.ErrNotFound) {
		t.Errorf("accept of an unknown estimate: %v", err)
	}
	if _, err := s.acct.Estimates.Get(s.ctx, 77); !errors.As(err, &ae) || ae.Message != "Estimate not found." || ae.Errno != 1012 {
		t.Errorf("unknown estimate: %v", err)
	}
}
