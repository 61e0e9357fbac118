package freshbooks_test

import (
	"slices"
	"testing"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// [INF]: the category_name check, userid 1 (the owner), US/Eastern
// created_at, and the 422 errno 1001 answer to an update without amount
// and date (FreshBooks' live answer is "There was an error accessing your
// account data.", status unrecorded).
func TestOtherIncomeCRUD(t *testing.T) {
	acct := newEnv(t, freshbookstest.Options{}).acct
	ctx := t.Context()

	_, err := acct.OtherIncome.Create(ctx, &freshbooks.OtherIncome{Date: date("2026-02-01")})
	wantAPIError(t, err, freshbooks.ErrValidation, 422, 1001, "amount")
	_, err = acct.OtherIncome.Create(ctx, &freshbooks.OtherIncome{Amount: money("5"), Date: date("2026-02-01"), CategoryName: "lottery"})
	wantAPIError(t, err, freshbooks.ErrValidation, 422, 1004, "category_name")

	o, err := acct.OtherIncome.Create(ctx, &freshbooks.OtherIncome{
		Amount: money("100.00"), Date: date("2026-02-01"), CategoryName: freshbooks.OtherIncomeOnlineSales,
		PaymentType: freshbooks.PaymentTypeVisa, Source: "ebay", Note: "Spring sale",
		Taxes: []freshbooks.OtherIncomeTax{{Name: "HST", Amount: dec("3")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if o.IncomeID == 0 || o.CategoryName != freshbooks.OtherIncomeOnlineSales || o.PaymentType != freshbooks.PaymentTypeVisa ||
		o.Source != "ebay" || o.Note != "Spring sale" || o.UserID != 1 || o.Date != date("2026-02-01") {
		t.Fatalf("created %+v", o)
	}
	wantMoney(t, "amount", o.Amount, "100.00", "USD")
	if len(o.Taxes) != 1 || o.Taxes[0].Name != "HST" || o.Taxes[0].Amount.String() != "3" {
		t.Errorf("taxes %+v", o.Taxes)
	}
	if o.CreatedAt.String() != "2026-03-08 01:30:00" || o.UpdatedAt != o.CreatedAt { // US/Eastern
		t.Errorf("created_at %q updated_at %q", o.CreatedAt, o.UpdatedAt)
	}

	// The list key is the singular "other_income".
	second, err := acct.OtherIncome.Create(ctx, &freshbooks.OtherIncome{Amount: money("20"), Date: date("2026-02-03"), CategoryName: freshbooks.OtherIncomeRentals})
	if err != nil {
		t.Fatal(err)
	}
	page, err := acct.OtherIncome.List(ctx)
	if err != nil || page.Total != 2 || len(page.Items) != 2 {
		t.Fatalf("List: %+v, %v", page, err)
	}
	rentals, err := acct.OtherIncome.List(ctx, freshbooks.Equals("category_name", freshbooks.OtherIncomeRentals))
	if err != nil || rentals.Total != 1 || rentals.Items[0].IncomeID != second.IncomeID {
		t.Fatalf("category_name filter: %+v, %v", rentals, err)
	}

	// FreshBooks wants amount and date on every update.
	_, err = acct.OtherIncome.Update(ctx, o.IncomeID, &freshbooks.OtherIncome{Note: "changed"})
	wantAPIError(t, err, freshbooks.ErrValidation, 422, 1001, "amount")
	up, err := acct.OtherIncome.Update(ctx, o.IncomeID, &freshbooks.OtherIncome{Amount: money("110.00"), Date: o.Date, Note: "changed"})
	if err != nil {
		t.Fatal(err)
	}
	if up.Note != "changed" || up.Amount.Amount.String() != "110.00" || up.Source != "ebay" {
		t.Errorf("updated %+v", up)
	}
	if got, err := acct.OtherIncome.Get(ctx, o.IncomeID); err != nil || got.Note != "changed" {
		t.Fatalf("Get: %+v, %v", got, err)
	}

	// Delete is an HTTP DELETE; the record stays, deleted.
	if err := acct.OtherIncome.Delete(ctx, o.IncomeID); err != nil {
		t.Fatal(err)
	}
	var live []freshbooks.OtherIncomeID
	for x, err := range acct.OtherIncome.All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		live = append(live, x.IncomeID)
	}
	if !slices.Equal(live, []freshbooks.OtherIncomeID{second.IncomeID}) {
		t.Errorf("after delete: %v", live)
	}
	deleted, err := acct.OtherIncome.List(ctx, freshbooks.Equals("vis_state", freshbooks.VisDeleted))
	if err != nil || deleted.Total != 1 || deleted.Items[0].IncomeID != o.IncomeID || deleted.Items[0].VisState != freshbooks.VisDeleted {
		t.Errorf("deleted: %+v, %v", deleted, err)
	}
	_, err = acct.OtherIncome.Get(ctx, 42)
	wantAPIError(t, err, freshbooks.ErrNotFound, 404, 1012, "incomeid")
}
