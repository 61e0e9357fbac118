package freshbooks_test

import (
	"errors"
	"testing"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

func TestItemsCRUD(t *testing.T) {
	s := newEnv(t, freshbookstest.Options{})
	tax, err := s.acct.Taxes.Create(s.ctx, &freshbooks.Tax{Name: "Item Tax", Rate: dec("10")})
	if err != nil {
		t.Fatal(err)
	}
	it, err := s.acct.Items.Create(s.ctx, &freshbooks.Item{Name: "Gizmo", Description: "A gizmo", Qty: dec("3"), Inventory: dec("12"),
		SKU: "GZ-1", UnitCost: usd("19.99"), Tax1: &tax.ID})
	if err != nil {
		t.Fatal(err)
	}
	if it.ID == 0 || it.ItemID != it.ID || it.Qty.String() != "3" || it.Inventory.String() != "12" || *it.Tax1 != tax.ID || *it.Tax2 != 0 ||
		it.VisState != freshbooks.VisActive {
		t.Errorf("created %+v", it)
	}
	wantMoney(t, "unit cost", it.UnitCost, "19.99", "USD")

	up, err := s.acct.Items.Update(s.ctx, it.ID, &freshbooks.Item{UnitCost: money("21"), Tax1: ptr(freshbooks.TaxID(0))})
	if err != nil {
		t.Fatal(err)
	}
	wantMoney(t, "updated unit cost", up.UnitCost, "21.00", "USD")
	if *up.Tax1 != 0 || up.Name != "Gizmo" {
		t.Errorf("updated %+v", up)
	}

	p, err := s.acct.Items.List(s.ctx, freshbooks.Equals("sku", "GZ-1"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != 1 || p.Items[0].ID != it.ID {
		t.Errorf("by sku: %+v", p)
	}

	if err := s.acct.Items.Delete(s.ctx, it.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.acct.Items.Get(s.ctx, it.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.VisState != freshbooks.VisDeleted {
		t.Errorf("vis_state after delete %v", got.VisState)
	}
	if p, _ := s.acct.Items.List(s.ctx, freshbooks.Equals("sku", "GZ-1")); p == nil || p.Total != 0 {
		t.Errorf("deleted item listed: %+v", p)
	}
	if p, _ := s.acct.Items.List(s.ctx, freshbooks.Equals("sku", "GZ-1"), freshbooks.Equals("vis_state", freshbooks.VisDeleted)); p == nil || p.Total != 1 {
		t.Errorf("deleted item not found by vis_state: %+v", p)
	}
	if got, err = s.acct.Items.Archive(s.ctx, it.ID); err != nil || got.VisState != freshbooks.VisArchived {
		t.Errorf("archive: %v %v", got, err)
	}
	if got, err = s.acct.Items.Restore(s.ctx, it.ID); err != nil || got.VisState != freshbooks.VisActive {
		t.Errorf("restore: %v %v", got, err)
	}
}

func TestItemValidation(t *testing.T) {
	s := newEnv(t, freshbookstest.Options{})
	tax, err := s.acct.Taxes.Create(s.ctx, &freshbooks.Tax{Name: "Twice", Rate: dec("3")})
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		it    *freshbooks.Item
		errno int
		field string
	}{
		"no name":        {&freshbooks.Item{SKU: "x"}, 1001, "name"},
		"unknown tax":    {&freshbooks.Item{Name: "x", Tax1: ptr(freshbooks.TaxID(5))}, 1012, "tax1"},
		"same tax twice": {&freshbooks.Item{Name: "x", Tax1: &tax.ID, Tax2: &tax.ID}, 1019, "tax2"},
	} {
		_, err := s.acct.Items.Create(s.ctx, tc.it)
		var ae *freshbooks.APIError
		if !errors.Is(err, freshbooks.ErrValidation) || !errors.As(err, &ae) || ae.Errno != tc.errno || ae.Details[0].Field != tc.field {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := s.acct.Items.Get(s.ctx, 1); !errors.Is(err, freshbooks.ErrNotFound) {
		t.Errorf("unknown item: %v", err)
	}
}
