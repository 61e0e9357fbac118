package freshbooks_test

import (
	"slices"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

func newVendor(t *testing.T, acct *freshbooks.AccountScope, name string) *freshbooks.BillVendor {
	t.Helper()
	v, err := acct.BillVendors.Create(t.Context(), &freshbooks.BillVendor{VendorName: name, PrimaryContactEmail: "ap@" + name + ".test"})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// [INF] vendor_name is required; a new vendor's balances are empty lists.
func TestBillVendorsCRUD(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{})
	acct, clk := env.acct, env.clock
	ctx := t.Context()

	_, err := acct.BillVendors.Create(ctx, &freshbooks.BillVendor{City: "Toronto"})
	ae := wantAPIError(t, err, freshbooks.ErrValidation, 422, 1001, "vendor_name")
	if ae.Message != "'vendor_name' is a required field." || ae.Details[0].Object != "bill_vendor" {
		t.Errorf("detail %+v", ae.Details[0])
	}

	v, err := acct.BillVendors.Create(ctx, &freshbooks.BillVendor{VendorName: "Paper Co", Is1099: ptr(false), Country: "Canada",
		TaxDefaults: []freshbooks.BillVendorTax{{Name: "HST", Rate: dec("13")}}})
	if err != nil {
		t.Fatal(err)
	}
	if v.VendorID == 0 || v.VendorName != "Paper Co" || v.CurrencyCode != "USD" || v.Language != "en" || v.Country != "Canada" {
		t.Fatalf("created %+v", v)
	}
	// created_at and updated_at are UTC, unlike most accounting times.
	if v.CreatedAt.String() != "2026-03-08 06:30:00" || !v.CreatedAt.Time().Equal(clk.Now()) || v.UpdatedAt != v.CreatedAt {
		t.Errorf("created_at %q updated_at %q", v.CreatedAt, v.UpdatedAt)
	}
	if len(v.TaxDefaults) != 1 || v.TaxDefaults[0].TaxDefaultID == 0 || v.TaxDefaults[0].VendorID != v.VendorID ||
		v.TaxDefaults[0].Enabled == nil || !*v.TaxDefaults[0].Enabled || !v.TaxDefaults[0].CreatedAt.Valid() {
		t.Errorf("tax defaults %+v", v.TaxDefaults)
	}
	if len(v.OutstandingBalance) != 0 || len(v.OverdueBalance) != 0 {
		t.Errorf("a new vendor owes %v / %v", v.OutstandingBalance, v.OverdueBalance)
	}

	clk.Advance(time.Hour)
	up, err := acct.BillVendors.Update(ctx, v.VendorID, &freshbooks.BillVendor{Phone: "555-0100", Is1099: ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	if up.Phone != "555-0100" || !*up.Is1099 || up.VendorName != "Paper Co" || up.UpdatedAt.String() != "2026-03-08 07:30:00" || up.CreatedAt != v.CreatedAt {
		t.Errorf("updated %+v", up)
	}
	got, err := acct.BillVendors.Get(ctx, v.VendorID)
	if err != nil || got.Phone != "555-0100" {
		t.Fatalf("Get: %+v, %v", got, err)
	}

	if err := acct.BillVendors.Delete(ctx, v.VendorID); err != nil {
		t.Fatal(err)
	}
	live, err := acct.BillVendors.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	deleted, err := acct.BillVendors.List(ctx, freshbooks.Equals("vis_state", freshbooks.VisDeleted))
	if err != nil {
		t.Fatal(err)
	}
	if live.Total != 0 || deleted.Total != 1 || deleted.Items[0].VendorID != v.VendorID || deleted.Items[0].VisState != freshbooks.VisDeleted {
		t.Errorf("after delete: %d live, %+v deleted", live.Total, deleted.Items)
	}
	_, err = acct.BillVendors.Get(ctx, v.VendorID+999)
	wantAPIError(t, err, freshbooks.ErrNotFound, 404, 1012, "vendorid")
}

// A bill with two lines and a partial payment: the amounts follow the
// lines, the payment moves paid, outstanding and status, and time makes
// it overdue. Inferred [INF]: rounding to the cent, "Split" as the overall
// category of lines in several categories, the vendor balances' shape,
// the refusal of an overpayment and of an unknown payment type (errno
// 1004), and overdue winning over partial.
func TestBillLinesAndPayments(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{}) // 2026-03-08
	acct, clk := env.acct, env.clock
	ctx := t.Context()
	vendor := newVendor(t, acct, "paperco")
	supplies, software := findCategory(t, acct, "Office Supplies"), findCategory(t, acct, "Software")

	b, err := acct.Bills.Create(ctx, &freshbooks.Bill{
		VendorID: vendor.VendorID, BillNumber: "INV-7", IssueDate: date("2026-03-01"), DueOffsetDays: ptr(30),
		Lines: []freshbooks.BillLine{
			{CategoryID: supplies.ID, Description: "Paper", Quantity: dec("2"), UnitCost: money("37.50"),
				TaxName1: "HST", TaxPercent1: dec("13")},
			{CategoryID: software.ID, Description: "Licence", Quantity: dec("1.5"), UnitCost: money("10.00")},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if b.ID == 0 || b.VendorID != vendor.VendorID || b.BillNumber != "INV-7" || b.CurrencyCode != "USD" || b.DueDate != date("2026-03-31") {
		t.Fatalf("created %+v", b)
	}
	if len(b.Lines) != 2 {
		t.Fatalf("%d lines", len(b.Lines))
	}
	l1, l2 := b.Lines[0], b.Lines[1]
	wantMoney(t, "line 1 amount", l1.Amount, "75.00", "USD")
	wantMoney(t, "line 1 tax", l1.TaxAmount1, "9.75", "USD")
	wantMoney(t, "line 1 total", l1.TotalAmount, "84.75", "USD")
	wantMoney(t, "line 2 amount", l2.Amount, "15.00", "USD")
	wantMoney(t, "line 2 total", l2.TotalAmount, "15.00", "USD")
	if !l2.TaxAmount1.IsZero() || l1.ListIndex != 1 || l2.ListIndex != 2 || l1.Category == nil || l1.Category.Category != "Office Supplies" {
		t.Errorf("lines %+v / %+v", l1, l2)
	}
	wantMoney(t, "amount", b.Amount, "90.00", "USD")
	wantMoney(t, "tax", b.TaxAmount, "9.75", "USD")
	wantMoney(t, "total", b.TotalAmount, "99.75", "USD")
	wantMoney(t, "paid", b.Paid, "0.00", "USD")
	wantMoney(t, "outstanding", b.Outstanding, "99.75", "USD")
	if b.Status != freshbooks.BillUnpaid || b.Vendor == nil || b.Vendor.VendorName != "paperco" || len(b.BillPayments) != 0 || b.OverallCategory != "Split" {
		t.Errorf("created: status %q, vendor %+v, payments %v, overall %q", b.Status, b.Vendor, b.BillPayments, b.OverallCategory)
	}
	if b.CreatedAt.String() != "2026-03-08 06:30:00" { // UTC
		t.Errorf("created_at %q", b.CreatedAt)
	}

	// payment_type is required.
	_, err = acct.BillPayments.Create(ctx, &freshbooks.BillPayment{BillID: b.ID, Amount: money("40.00")})
	ae := wantAPIError(t, err, freshbooks.ErrValidation, 422, 1001, "payment_type")
	if ae.Message != "'payment_type' is a required field." {
		t.Errorf("message %q", ae.Message)
	}
	_, err = acct.BillPayments.Create(ctx, &freshbooks.BillPayment{Amount: money("40.00"), PaymentType: freshbooks.PaymentTypeCheck})
	wantAPIError(t, err, freshbooks.ErrValidation, 422, 1001, "billid")
	_, err = acct.BillPayments.Create(ctx, &freshbooks.BillPayment{BillID: b.ID + 1, Amount: money("1"), PaymentType: freshbooks.PaymentTypeCheck})
	wantAPIError(t, err, freshbooks.ErrValidation, 422, 1012, "billid")
	_, err = acct.BillPayments.Create(ctx, &freshbooks.BillPayment{BillID: b.ID, Amount: money("1"), PaymentType: "Gold Bars"})
	wantAPIError(t, err, freshbooks.ErrValidation, 422, 1004, "payment_type")

	// A partial payment.
	p1, err := acct.BillPayments.Create(ctx, &freshbooks.BillPayment{BillID: b.ID, Amount: money("40.00"),
		PaymentType: freshbooks.PaymentTypeCheck, Note: "first"})
	if err != nil {
		t.Fatal(err)
	}
	wantMoney(t, "payment", p1.Amount, "40.00", "USD")
	if p1.ID == 0 || p1.BillID != b.ID || p1.PaidDate != date("2026-03-08") || p1.PaymentType != freshbooks.PaymentTypeCheck || p1.Note != "first" {
		t.Errorf("payment %+v", p1)
	}
	b2, err := acct.Bills.Get(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantMoney(t, "paid", b2.Paid, "40.00", "USD")
	wantMoney(t, "outstanding", b2.Outstanding, "59.75", "USD")
	if b2.Status != freshbooks.BillPartial || len(b2.BillPayments) != 1 || b2.BillPayments[0].ID != p1.ID {
		t.Errorf("after a partial payment: status %q, payments %+v", b2.Status, b2.BillPayments)
	}
	if v, err := acct.BillVendors.Get(ctx, vendor.VendorID); err != nil || len(v.OutstandingBalance) != 1 ||
		v.OutstandingBalance[0].Amount.String() != "59.75" || v.OverdueBalance[0].Amount.String() != "0.00" {
		t.Errorf("vendor balances: %+v, %v", v, err)
	}

	// More than is outstanding is refused.
	_, err = acct.BillPayments.Create(ctx, &freshbooks.BillPayment{BillID: b.ID, Amount: money("59.76"), PaymentType: freshbooks.PaymentTypeCash})
	wantAPIError(t, err, freshbooks.ErrValidation, 422, 1004, "amount")

	// Paying the rest settles it.
	p2, err := acct.BillPayments.Create(ctx, &freshbooks.BillPayment{BillID: b.ID, Amount: money("59.75"),
		PaymentType: freshbooks.PaymentTypeBankTransfer, PaidDate: date("2026-03-09")})
	if err != nil {
		t.Fatal(err)
	}
	if b2, err = acct.Bills.Get(ctx, b.ID); err != nil || b2.Status != freshbooks.BillPaid || b2.Outstanding.Amount.String() != "0.00" {
		t.Fatalf("after paying in full: %+v, %v", b2, err)
	}
	paid, err := acct.Bills.List(ctx, freshbooks.In("statuses", freshbooks.BillPaid))
	if err != nil || paid.Total != 1 || paid.Items[0].ID != b.ID {
		t.Fatalf("statuses=paid: %+v, %v", paid, err)
	}

	// Changing a payment follows through.
	if _, err := acct.BillPayments.Update(ctx, p2.ID, &freshbooks.BillPayment{Amount: money("50.00")}); err != nil {
		t.Fatal(err)
	}
	if b2, err = acct.Bills.Get(ctx, b.ID); err != nil || b2.Status != freshbooks.BillPartial || b2.Outstanding.Amount.String() != "9.75" {
		t.Fatalf("after lowering a payment: %+v, %v", b2, err)
	}

	// A deleted payment no longer counts; past the due date the bill is
	// overdue.
	if err := acct.BillPayments.Delete(ctx, p2.ID); err != nil {
		t.Fatal(err)
	}
	clk.Advance(30 * 24 * time.Hour) // 2026-04-07
	overdue, err := acct.Bills.List(ctx, freshbooks.In("statuses", freshbooks.BillOverdue, freshbooks.BillPartial))
	if err != nil || overdue.Total != 1 {
		t.Fatalf("statuses=overdue: %+v, %v", overdue, err)
	}
	b2 = &overdue.Items[0]
	wantMoney(t, "outstanding", b2.Outstanding, "59.75", "USD")
	if b2.Status != freshbooks.BillOverdue || len(b2.BillPayments) != 1 {
		t.Errorf("overdue bill: status %q, %d payments", b2.Status, len(b2.BillPayments))
	}
	if v, err := acct.BillVendors.Get(ctx, vendor.VendorID); err != nil || v.OverdueBalance[0].Amount.String() != "59.75" {
		t.Errorf("vendor overdue balance: %+v, %v", v, err)
	}
	deleted, err := acct.BillPayments.List(ctx, freshbooks.Equals("vis_state", freshbooks.VisDeleted))
	if err != nil || deleted.Total != 1 || deleted.Items[0].ID != p2.ID {
		t.Errorf("deleted payments: %+v, %v", deleted, err)
	}
}

// [INF] for bills: lines are required, quantity defaults to 1, and a
// written due_date is refused with 403 errno 1038 as for invoices.
func TestBillValidation(t *testing.T) {
	acct := newEnv(t, freshbookstest.Options{Now: time.Now}).acct
	ctx := t.Context()
	vendor := newVendor(t, acct, "acme")
	cat := findCategory(t, acct, "Advertising")
	line := []freshbooks.BillLine{{CategoryID: cat.ID, UnitCost: money("5")}}

	for _, tc := range []struct {
		name   string
		bill   freshbooks.Bill
		status int
		errno  int
		field  string
	}{
		{"no vendor", freshbooks.Bill{IssueDate: date("2026-01-01"), Lines: line}, 422, 1001, "vendorid"},
		{"unknown vendor", freshbooks.Bill{VendorID: 5, IssueDate: date("2026-01-01"), Lines: line}, 422, 1012, "vendorid"},
		{"no issue date", freshbooks.Bill{VendorID: vendor.VendorID, Lines: line}, 422, 1001, "issue_date"},
		{"no lines", freshbooks.Bill{VendorID: vendor.VendorID, IssueDate: date("2026-01-01")}, 422, 1001, "lines"},
		{"line without category", freshbooks.Bill{VendorID: vendor.VendorID, IssueDate: date("2026-01-01"),
			Lines: []freshbooks.BillLine{{UnitCost: money("5")}}}, 422, 1001, "categoryid"},
		{"due date is read-only", freshbooks.Bill{VendorID: vendor.VendorID, IssueDate: date("2026-01-01"), DueDate: date("2026-02-01"),
			Lines: line}, 403, 1038, "due_date"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := acct.Bills.Create(ctx, &tc.bill)
			sentinel := freshbooks.ErrValidation
			if tc.status == 403 {
				sentinel = freshbooks.ErrForbidden
			}
			wantAPIError(t, err, sentinel, tc.status, tc.errno, tc.field)
		})
	}

	b, err := acct.Bills.Create(ctx, &freshbooks.Bill{VendorID: vendor.VendorID, IssueDate: date("2026-01-01"), Lines: line})
	if err != nil {
		t.Fatal(err)
	}
	// Quantity defaults to 1; the due date to the issue date.
	if b.Lines[0].Quantity.String() != "1" || b.TotalAmount.Amount.String() != "5.00" || b.DueDate != date("2026-01-01") || b.OverallCategory != "Advertising" {
		t.Errorf("created %+v", b)
	}
	_, err = acct.Bills.Update(ctx, b.ID, &freshbooks.Bill{DueDate: date("2026-03-01")})
	wantAPIError(t, err, freshbooks.ErrForbidden, 403, 1038, "due_date")
	// The offset moves the due date.
	up, err := acct.Bills.Update(ctx, b.ID, &freshbooks.Bill{DueOffsetDays: ptr(14), Lines: []freshbooks.BillLine{
		{CategoryID: cat.ID, Quantity: dec("3"), UnitCost: money("2.50")}}})
	if err != nil {
		t.Fatal(err)
	}
	if up.DueDate != date("2026-01-15") || up.TotalAmount.Amount.String() != "7.50" || len(up.Lines) != 1 {
		t.Errorf("updated: due %s, total %s, %d lines", up.DueDate, up.TotalAmount, len(up.Lines))
	}
	_, err = acct.Bills.Get(ctx, b.ID+1)
	wantAPIError(t, err, freshbooks.ErrNotFound, 404, 1012, "id")
}

func TestBillFiltersArchiveDelete(t *testing.T) {
	acct := newEnv(t, freshbookstest.Options{Now: time.Now}).acct
	ctx := t.Context()
	v1, v2 := newVendor(t, acct, "one"), newVendor(t, acct, "two")
	cat := findCategory(t, acct, "Advertising")
	var bills []*freshbooks.Bill
	for i, v := range []freshbooks.BillVendorID{v1.VendorID, v1.VendorID, v2.VendorID} {
		b, err := acct.Bills.Create(ctx, &freshbooks.Bill{VendorID: v, IssueDate: date("2099-01-01"), CurrencyCode: []string{"USD", "CAD", "USD"}[i],
			Lines: []freshbooks.BillLine{{CategoryID: cat.ID, UnitCost: money("10")}}})
		if err != nil {
			t.Fatal(err)
		}
		bills = append(bills, b)
	}
	ids := func(opts ...freshbooks.QueryOption) []freshbooks.BillID {
		t.Helper()
		var out []freshbooks.BillID
		for b, err := range acct.Bills.All(ctx, opts...) {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, b.ID)
		}
		return out
	}
	if got := ids(freshbooks.Equals("vendorid", v1.VendorID)); !slices.Equal(got, []freshbooks.BillID{bills[0].ID, bills[1].ID}) {
		t.Errorf("vendorid: %v", got)
	}
	if got := ids(freshbooks.In("ids", bills[0].ID, bills[2].ID)); !slices.Equal(got, []freshbooks.BillID{bills[0].ID, bills[2].ID}) {
		t.Errorf("ids: %v", got)
	}
	if got := ids(freshbooks.Equals("currency_code", "CAD")); !slices.Equal(got, []freshbooks.BillID{bills[1].ID}) {
		t.Errorf("currency_code: %v", got)
	}
	if bills[1].TotalAmount.Code != "CAD" || bills[1].Lines[0].UnitCost.Code != "CAD" {
		t.Errorf("a CAD bill: %s, %s", bills[1].TotalAmount, bills[1].Lines[0].UnitCost)
	}

	arch, err := acct.Bills.Archive(ctx, bills[0].ID)
	if err != nil || arch.VisState != freshbooks.VisArchived {
		t.Fatalf("Archive: %+v, %v", arch, err)
	}
	if err := acct.Bills.Delete(ctx, bills[1].ID); err != nil {
		t.Fatal(err)
	}
	if got := ids(); !slices.Equal(got, []freshbooks.BillID{bills[0].ID, bills[2].ID}) {
		t.Errorf("default list (active and archived): %v", got)
	}
	if got := ids(freshbooks.Equals("vis_state", freshbooks.VisArchived)); !slices.Equal(got, []freshbooks.BillID{bills[0].ID}) {
		t.Errorf("archived: %v", got)
	}
	if got := ids(freshbooks.Equals("vis_state", freshbooks.VisDeleted)); !slices.Equal(got, []freshbooks.BillID{bills[1].ID}) {
		t.Errorf("deleted: %v", got)
	}
	// A deleted bill takes no payments: errno 1011 DeletedResource [INF].
	_, err = acct.BillPayments.Create(ctx, &freshbooks.BillPayment{BillID: bills[1].ID, Amount: money("1"), PaymentType: freshbooks.PaymentTypeCash})
	wantAPIError(t, err, freshbooks.ErrValidation, 422, 1011, "billid")
}
