package freshbooks_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// findCategory finds an expense category by name.
func findCategory(t *testing.T, acct *freshbooks.AccountScope, name string) *freshbooks.ExpenseCategory {
	t.Helper()
	for c, err := range acct.ExpenseCategories.All(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		if c.Category == name {
			return c
		}
	}
	t.Fatalf("no expense category %q", name)
	return nil
}

// The seeded categories are a realistic selection of FreshBooks' own
// [INF: the set and the parentid filter are inferred].
func TestExpenseCategoriesSeeded(t *testing.T) {
	acct := newEnv(t, freshbookstest.Options{Now: time.Now}).acct
	ctx := t.Context()

	page, err := acct.ExpenseCategories.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if page.PerPage != 15 || len(page.Items) != 15 || page.Total < 40 || page.Pages != (page.Total+14)/15 {
		t.Fatalf("first page: %d items, page %d/%d, per_page %d, total %d", len(page.Items), page.Page, page.Pages, page.PerPage, page.Total)
	}
	var all []*freshbooks.ExpenseCategory
	for c, err := range acct.ExpenseCategories.All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, c)
	}
	if len(all) != page.Total {
		t.Fatalf("All gave %d categories, List says %d", len(all), page.Total)
	}

	parent := findCategory(t, acct, "Office Expenses & Postage")
	supplies := findCategory(t, acct, "Office Supplies")
	if parent.ParentID != 0 || supplies.ParentID != parent.ID || supplies.CategoryID != supplies.ID {
		t.Errorf("Office Supplies: parent %d (want %d), categoryid %d; parent's parent %d", supplies.ParentID, parent.ID, supplies.CategoryID, parent.ParentID)
	}
	if supplies.IsEditable || supplies.IsCOGS || !supplies.CreatedAt.Valid() || !supplies.UpdatedAt.Valid() {
		t.Errorf("Office Supplies: %+v", supplies)
	}
	if cogs := findCategory(t, acct, "Materials"); !cogs.IsCOGS {
		t.Errorf("Materials, under Cost of Goods Sold, is not COGS")
	}

	got, err := acct.ExpenseCategories.Get(ctx, supplies.ID)
	if err != nil || got.Category != "Office Supplies" || got.ParentID != parent.ID {
		t.Fatalf("Get: %+v, %v", got, err)
	}

	// The parentid filter keeps the children of a category.
	children, err := acct.ExpenseCategories.List(ctx, freshbooks.Equals("parentid", parent.ID), freshbooks.PerPage(100))
	if err != nil {
		t.Fatal(err)
	}
	if children.Total != 8 {
		t.Errorf("children of %q: %d, want 8", parent.Category, children.Total)
	}
	for _, c := range children.Items {
		if c.ParentID != parent.ID {
			t.Errorf("child %q has parent %d", c.Category, c.ParentID)
		}
	}

	_, err = acct.ExpenseCategories.Get(ctx, 1)
	ae := wantAPIError(t, err, freshbooks.ErrNotFound, 404, 1012, "categoryid")
	if ae.Message != "Category not found." {
		t.Errorf("message %q", ae.Message)
	}
}

func TestExpenseCRUD(t *testing.T) {
	acct := newEnv(t, freshbookstest.Options{}).acct
	ctx := t.Context()
	ads := findCategory(t, acct, "Advertising")

	e, err := acct.Expenses.Create(ctx, &freshbooks.Expense{
		CategoryID: ads.ID, StaffID: 1, Date: date("2026-03-02"), Amount: money("41.94"),
		Vendor: "Staples", Notes: "Flyers", TaxName1: "HST", TaxPercent1: dec("13"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if e.ID == 0 || e.ExpenseID != e.ID || e.CategoryID != ads.ID || e.StaffID != 1 || e.Date != date("2026-03-02") {
		t.Fatalf("created %+v", e)
	}
	wantMoney(t, "amount", e.Amount, "41.94", "USD")        // the business's currency
	wantMoney(t, "tax amount", e.TaxAmount1, "5.45", "USD") // [INF] the percentage of the amount, to the cent
	if e.Status != freshbooks.ExpenseInternal || e.Vendor != "Staples" || e.Notes != "Flyers" || e.TaxName1 != "HST" {
		t.Errorf("created %+v", e)
	}
	if e.Updated.String() != "2026-03-08 01:30:00" { // the clock's 06:30 UTC, in US/Eastern
		t.Errorf("updated %q", e.Updated)
	}
	if e.Billable == nil || *e.Billable || e.Category != nil || e.VisState != freshbooks.VisActive || e.AccountingSystemID != string(acct.ID) {
		t.Errorf("created %+v", e)
	}

	// The category comes with Include("category") only.
	got, err := acct.Expenses.Get(ctx, e.ID, freshbooks.Include("category"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Category == nil || got.Category.Category != "Advertising" || got.Category.ID != ads.ID {
		t.Fatalf("included category %+v", got.Category)
	}
	if got, err = acct.Expenses.Get(ctx, e.ID); err != nil || got.Category != nil {
		t.Fatalf("Get without include: %+v, %v", got, err)
	}

	// Billing it to a client makes it outstanding [INF].
	client, err := acct.Clients.Create(ctx, &freshbooks.Customer{Organization: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	up, err := acct.Expenses.Update(ctx, e.ID, &freshbooks.Expense{CustomerID: client.ID, Billable: ptr(true), Amount: money("100")})
	if err != nil {
		t.Fatal(err)
	}
	if up.Status != freshbooks.ExpenseOutstanding || up.CustomerID != client.ID || up.Vendor != "Staples" {
		t.Errorf("updated %+v", up)
	}
	wantMoney(t, "amount", up.Amount, "100.00", "USD")
	wantMoney(t, "tax amount", up.TaxAmount1, "13.00", "USD")

	// Delete keeps it, deleted: out of lists unless asked for.
	if err := acct.Expenses.Delete(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	if got, err = acct.Expenses.Get(ctx, e.ID); err != nil || got.VisState != freshbooks.VisDeleted {
		t.Fatalf("after delete: %+v, %v", got, err)
	}
	ids := func(opts ...freshbooks.QueryOption) []freshbooks.ExpenseID {
		var out []freshbooks.ExpenseID
		for x, err := range acct.Expenses.All(ctx, opts...) {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, x.ID)
		}
		return out
	}
	if slices.Contains(ids(), e.ID) {
		t.Error("a deleted expense is listed")
	}
	if !slices.Contains(ids(freshbooks.Equals("vis_state", freshbooks.VisDeleted)), e.ID) {
		t.Error("a deleted expense is not listed with vis_state 1")
	}

	_, err = acct.Expenses.Get(ctx, e.ID+1000)
	wantAPIError(t, err, freshbooks.ErrNotFound, 404, 1012, "expenseid")
}

// Required fields answer errno 1001 with "'field' is a required field."
// (the text seen live on bill payments; inferred for expenses); unknown
// references answer errno 1012 with a 422 [INF status].
func TestExpenseValidation(t *testing.T) {
	acct := newEnv(t, freshbookstest.Options{Now: time.Now}).acct
	ctx := t.Context()
	ads := findCategory(t, acct, "Advertising")
	full := func() *freshbooks.Expense {
		return &freshbooks.Expense{CategoryID: ads.ID, StaffID: 1, Date: date("2026-01-05"), Amount: money("10.00")}
	}
	for _, tc := range []struct {
		field  string
		change func(*freshbooks.Expense)
		errno  int
		msg    string
	}{
		{"categoryid", func(e *freshbooks.Expense) { e.CategoryID = 0 }, 1001, "'categoryid' is a required field."},
		{"staffid", func(e *freshbooks.Expense) { e.StaffID = 0 }, 1001, "'staffid' is a required field."},
		{"date", func(e *freshbooks.Expense) { e.Date = freshbooks.Date{} }, 1001, "'date' is a required field."},
		{"amount", func(e *freshbooks.Expense) { e.Amount = freshbooks.Money{} }, 1001, "'amount' is a required field."},
		{"categoryid", func(e *freshbooks.Expense) { e.CategoryID = 7 }, 1012, "Category not found."},
		{"staffid", func(e *freshbooks.Expense) { e.StaffID = 99 }, 1012, "Staff not found."},
		{"clientid", func(e *freshbooks.Expense) { e.CustomerID = 12 }, 1012, "Client not found."},
	} {
		t.Run(tc.msg, func(t *testing.T) {
			e := full()
			tc.change(e)
			_, err := acct.Expenses.Create(ctx, e)
			ae := wantAPIError(t, err, freshbooks.ErrValidation, 422, tc.errno, tc.field)
			if ae.Message != tc.msg || ae.Details[0].Object != "expense" {
				t.Errorf("detail %+v, want message %q", ae.Details[0], tc.msg)
			}
		})
	}
}

func TestExpenseFilters(t *testing.T) {
	// A fixed clock ahead of the real one (tokens stay fresh): the seeded
	// expenses are dated in the year before it, 2029.
	at := time.Date(2030, 1, 2, 15, 4, 5, 0, time.UTC)
	acct := newEnv(t, freshbookstest.Options{Now: func() time.Time { return at }}).acct
	ctx := t.Context()
	ads, travel := findCategory(t, acct, "Advertising"), findCategory(t, acct, "Airfare")
	client, err := acct.Clients.Create(ctx, &freshbooks.Customer{Organization: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	// Dates in 2026, before the seeded expenses.
	made := map[string]freshbooks.ExpenseID{}
	for _, x := range []struct {
		name, date, amount, vendor string
		cat                        freshbooks.ExpenseCategoryID
		client                     freshbooks.CustomerID
	}{
		{"a", "2026-02-01", "20.00", "Staples Inc", ads.ID, 0},
		{"b", "2026-02-10", "75.50", "Delta Air Lines", travel.ID, client.ID},
		{"c", "2026-02-20", "120.00", "Staples Inc", travel.ID, 0},
		{"d", "2026-03-01", "99.99", "Adobe", ads.ID, client.ID},
	} {
		e, err := acct.Expenses.Create(ctx, &freshbooks.Expense{CategoryID: x.cat, StaffID: 1, Date: date(x.date),
			Amount: money(x.amount), Vendor: x.vendor, CustomerID: x.client})
		if err != nil {
			t.Fatal(err)
		}
		made[x.name] = e.ID
	}
	// names lists this test's expenses: those dated 2026, unless opts
	// filter on the date themselves.
	names := func(dated bool, opts ...freshbooks.QueryOption) []string {
		t.Helper()
		base := []freshbooks.QueryOption{freshbooks.PerPage(100)}
		if !dated {
			base = append(base, freshbooks.Between("date", "2026-01-01", "2026-12-31"))
		}
		page, err := acct.Expenses.List(ctx, append(base, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range page.Items {
			for n, id := range made {
				if id == e.ID {
					out = append(out, n)
				}
			}
		}
		if len(out) != page.Total {
			t.Errorf("%d of %d items are this test's", len(out), page.Total)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		opts []freshbooks.QueryOption
		want []string
	}{
		{"date range, both ends included", []freshbooks.QueryOption{freshbooks.Between("date", "2026-02-05", "2026-02-20")}, []string{"b", "c"}},
		{"category", []freshbooks.QueryOption{freshbooks.Equals("categoryid", ads.ID)}, []string{"a", "d"}},
		{"categories", []freshbooks.QueryOption{freshbooks.In("categoryids", ads.ID, travel.ID)}, []string{"a", "b", "c", "d"}},
		{"client", []freshbooks.QueryOption{freshbooks.Equals("clientid", client.ID)}, []string{"b", "d"}},
		{"clients", []freshbooks.QueryOption{freshbooks.In("clientids", client.ID)}, []string{"b", "d"}},
		{"amount range", []freshbooks.QueryOption{freshbooks.Between("amount", "50", "100")}, []string{"b", "d"}},
		// [INF] the vendor filter matches a substring, ignoring case.
		{"vendor", []freshbooks.QueryOption{freshbooks.Equals("vendor", "staples")}, []string{"a", "c"}},
		{"unknown filter ignored by FreshBooks", []freshbooks.QueryOption{freshbooks.Param("search[colour]", "red")}, []string{"a", "b", "c", "d"}},
		{"sorted by amount", []freshbooks.QueryOption{freshbooks.SortDesc("amount")}, []string{"c", "d", "b", "a"}}, // [INF] sort key
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := names(strings.HasPrefix(tc.name, "date"), tc.opts...)
			if tc.name != "sorted by amount" {
				slices.Sort(got)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// The attachment comes only when included; attaching one sets
// has_receipt [INF].
func TestExpenseReceipt(t *testing.T) {
	acct := newEnv(t, freshbookstest.Options{Now: time.Now}).acct
	ctx := t.Context()
	ads := findCategory(t, acct, "Advertising")
	e, err := acct.Expenses.Create(ctx, &freshbooks.Expense{CategoryID: ads.ID, StaffID: 1, Date: date("2026-01-05"), Amount: money("9.99"),
		Attachment: &freshbooks.AttachmentRef{JWT: "eyJ.receipt", MediaType: "image/png"}})
	if err != nil {
		t.Fatal(err)
	}
	if e.Attachment != nil || e.HasReceipt == nil || !*e.HasReceipt {
		t.Fatalf("created: attachment %+v, has_receipt %v", e.Attachment, e.HasReceipt)
	}
	got, err := acct.Expenses.Get(ctx, e.ID, freshbooks.Include("attachment"))
	if err != nil {
		t.Fatal(err)
	}
	if a := got.Attachment; a == nil || a.AttachmentID == 0 || a.ID != a.AttachmentID || a.JWT != "eyJ.receipt" || a.MediaType != "image/png" {
		t.Fatalf("included attachment %+v", got.Attachment)
	}
	page, err := acct.Expenses.List(ctx, freshbooks.Equals("has_receipt", true))
	if err != nil || page.Total != 1 || page.Items[0].ID != e.ID {
		t.Fatalf("has_receipt filter: %+v, %v", page, err)
	}
}

// The services of the family have exactly the methods FreshBooks has
// endpoints for (python-sdk.md §1.5, plus Node's bill archive): a missing
// endpoint is a missing method, a compile error for callers.
func TestExpenseFamilyMethodSets(t *testing.T) {
	crud := []string{"All", "Create", "Delete", "Get", "List", "Update"}
	for _, tc := range []struct {
		svc  any
		want []string
	}{
		{&freshbooks.ExpensesService{}, crud},
		{&freshbooks.ExpenseCategoriesService{}, []string{"All", "Get", "List"}},
		{&freshbooks.BillsService{}, []string{"All", "Archive", "Create", "Delete", "Get", "List", "Update"}},
		{&freshbooks.BillPaymentsService{}, crud},
		{&freshbooks.BillVendorsService{}, crud},
		{&freshbooks.OtherIncomeService{}, crud},
		{&freshbooks.TasksService{}, crud},
		{&freshbooks.StaffService{}, []string{"All", "Delete", "Get", "List", "Update"}},
		{&freshbooks.SystemsService{}, []string{"Get"}},
		{&freshbooks.GatewaysService{}, []string{"All", "Delete", "List"}},
	} {
		typ := reflect.TypeOf(tc.svc)
		var got []string
		for i := range typ.NumMethod() {
			got = append(got, typ.Method(i).Name)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s has methods %v, want %v", typ.Elem().Name(), got, tc.want)
		}
	}
}

// The expenses the sandbox seeds are valid expenses of the seeded staff
// and categories.
func TestExpensesSeeded(t *testing.T) {
	acct := newEnv(t, freshbookstest.Options{Now: time.Now}).acct
	n := 0
	for e, err := range acct.Expenses.All(t.Context(), freshbooks.Include("category")) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if e.StaffID != 1 || e.Category == nil || e.Amount.Code != "USD" || e.Amount.Amount.Sign() <= 0 || e.Date.Before(date("2025-01-01")) {
			t.Errorf("seeded expense %+v", e)
		}
	}
	if n == 0 {
		t.Error("no seeded expenses")
	}
}
