package freshbooks_test

import (
	"errors"
	"testing"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

func TestTaxesCRUD(t *testing.T) {
	s := newEnv(t, freshbookstest.Options{})
	tax, err := s.acct.Taxes.Create(s.ctx, &freshbooks.Tax{Name: "HST ON", Rate: dec("13"), Number: "RT0001"})
	if err != nil {
		t.Fatal(err)
	}
	if tax.ID == 0 || tax.TaxID != tax.ID || tax.Rate.String() != "13" || tax.Number != "RT0001" || tax.Compound == nil || *tax.Compound ||
		tax.Updated.String() != "2026-03-08 01:30:00" {
		t.Errorf("created %+v", tax)
	}
	if _, ok := tax.Extra["vis_state"]; ok {
		t.Error("taxes have no vis_state")
	}
	got, err := s.acct.Taxes.Get(s.ctx, tax.ID)
	if err != nil || got.Name != "HST ON" {
		t.Fatalf("get: %+v, %v", got, err)
	}
	up, err := s.acct.Taxes.Update(s.ctx, tax.ID, &freshbooks.Tax{Rate: dec("15"), Compound: ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	if up.Rate.String() != "15" || !*up.Compound || up.Name != "HST ON" {
		t.Errorf("updated %+v", up)
	}
	p, err := s.acct.Taxes.List(s.ctx, freshbooks.Like("name", "hst"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != 1 || p.Items[0].ID != tax.ID {
		t.Errorf("name_like hst: %+v", p)
	}

	// HTTP DELETE removes it for good.
	if err := s.acct.Taxes.Delete(s.ctx, tax.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.acct.Taxes.Get(s.ctx, tax.ID); !errors.Is(err, freshbooks.ErrNotFound) {
		t.Errorf("get after delete: %v", err)
	}
	if err := s.acct.Taxes.Delete(s.ctx, tax.ID); !errors.Is(err, freshbooks.ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	// The name is free again.
	if _, err := s.acct.Taxes.Create(s.ctx, &freshbooks.Tax{Name: "HST ON", Rate: dec("13")}); err != nil {
		t.Errorf("re-create: %v", err)
	}
}

func TestTaxValidation(t *testing.T) {
	s := newEnv(t, freshbookstest.Options{})
	if _, err := s.acct.Taxes.Create(s.ctx, &freshbooks.Tax{Name: "some taxv2", Rate: dec("5")}); err != nil {
		t.Fatal(err)
	}
	// A name in use: 422 errno 13002, as in FreshBooks' Postman example.
	_, err := s.acct.Taxes.Create(s.ctx, &freshbooks.Tax{Name: "some taxv2", Rate: dec("7")})
	ae := asAPIError(t, err, freshbooks.ErrValidation)
	want := freshbooks.ErrorDetail{Errno: 13002, Field: "name", Object: "tax", Value: "some taxv2", Message: "The tax name 'some taxv2' is already in use."}
	if ae.StatusCode != 422 || len(ae.Details) != 1 || ae.Details[0] != want {
		t.Errorf("duplicate: %d %+v", ae.StatusCode, ae.Details)
	}
	for name, tc := range map[string]struct {
		tax   *freshbooks.Tax
		errno int
		field string
	}{
		"no name":     {&freshbooks.Tax{Rate: dec("5")}, 1001, "name"},
		"no amount":   {&freshbooks.Tax{Name: "Amountless"}, 1001, "amount"},
		"bad percent": {&freshbooks.Tax{Name: "Bad", Extra: freshbooks.Extra{"amount": []byte(`"five"`)}}, 1018, "amount"},
	} {
		_, err := s.acct.Taxes.Create(s.ctx, tc.tax)
		if !errors.As(err, &ae) || ae.Errno != tc.errno || ae.Details[0].Field != tc.field {
			t.Errorf("%s: %v", name, err)
		}
	}
}
