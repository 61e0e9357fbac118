package freshbooks_test

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// subAccounts indexes the chart's sub accounts by name.
func subAccounts(t *testing.T, a *freshbooks.AccountScope) (map[string]freshbooks.JournalSubAccount, map[string]freshbooks.JournalEntryAccount) {
	t.Helper()
	subs := map[string]freshbooks.JournalSubAccount{}
	accounts := map[string]freshbooks.JournalEntryAccount{}
	for acc, err := range a.JournalEntryAccounts.All(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		accounts[acc.AccountName] = *acc
		for _, s := range acc.SubAccounts {
			subs[s.AccountSubName] = s
		}
	}
	return subs, accounts
}

func TestJournalEntryAccountsChart(t *testing.T) {
	a := newEnv(t, freshbookstest.Options{Now: time.Now}).acct
	page, err := a.JournalEntryAccounts.List(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 5 || page.Page != 1 || page.Pages != 1 || len(page.Items) != 5 {
		t.Fatalf("page = %+v", page)
	}
	types := map[freshbooks.JournalAccountType]bool{}
	for _, acc := range page.Items {
		types[acc.AccountType] = true
		if acc.ID == 0 || acc.ID != acc.AccountID || acc.CurrencyCode != "USD" || acc.Balance.String() != "0.00" {
			t.Errorf("account %+v", acc)
		}
		if len(acc.SubAccounts) < 2 {
			t.Errorf("%s has %d sub accounts", acc.AccountName, len(acc.SubAccounts))
		}
		for _, s := range acc.SubAccounts {
			if s.ParentID != acc.ID || s.SubAccountID != s.ID || s.AccountType != acc.AccountType || s.Custom == nil || *s.Custom {
				t.Errorf("sub account %+v of %d", s, acc.ID)
			}
		}
	}
	for _, want := range []freshbooks.JournalAccountType{freshbooks.JournalAsset, freshbooks.JournalLiability,
		freshbooks.JournalEquity, freshbooks.JournalIncome, freshbooks.JournalExpense} {
		if !types[want] {
			t.Errorf("no %s account", want)
		}
	}
	// Paging applies: two per page gives three pages.
	page, err = a.JournalEntryAccounts.List(t.Context(), freshbooks.PerPage(2), freshbooks.OnPage(3))
	if err != nil {
		t.Fatal(err)
	}
	if page.Pages != 3 || len(page.Items) != 1 || page.Items[0].AccountName != "Expenses" {
		t.Fatalf("page 3 = %+v", page)
	}
}

func TestJournalEntryCreatePostsDetailsAndBalances(t *testing.T) {
	a := newEnv(t, freshbookstest.Options{Now: time.Now}).acct
	ctx := t.Context()
	subs, _ := subAccounts(t, a)
	cash, sales, travel := subs["Cash"], subs["Sales"], subs["Travel"]

	je, err := a.JournalEntries.Create(ctx, &freshbooks.JournalEntry{
		Name: "Opening sale", Description: "Cash sale", Date: freshbooks.NewDate(2026, 2, 3), CurrencyCode: "USD",
		Details: []freshbooks.JournalEntryLine{
			{SubAccountID: cash.ID, Debit: dec("150.00")},
			{SubAccountID: sales.ID, Credit: dec("150.00"), Description: "Sales line"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if je.ID == 0 || je.EntryID != je.ID || je.Name != "Opening sale" || je.UserEnteredDate != freshbooks.NewDate(2026, 2, 3) ||
		je.CurrencyCode != "USD" || len(je.Details) != 2 {
		t.Fatalf("created %+v", je)
	}
	d0, d1 := je.Details[0], je.Details[1]
	if d0.SubAccountID != cash.ID || d0.Debit.String() != "150.00" || !d0.Credit.IsZero() || d0.DetailID == 0 || d0.Name != "Opening sale" {
		t.Errorf("detail 0 = %+v", d0)
	}
	if d1.SubAccountID != sales.ID || d1.Credit.String() != "150.00" || !d1.Debit.IsZero() || d1.Description != "Sales line" {
		t.Errorf("detail 1 = %+v", d1)
	}

	// A second entry: travel paid in cash.
	if _, err := a.JournalEntries.Create(ctx, &freshbooks.JournalEntry{
		Name: "Train", Date: freshbooks.NewDate(2026, 2, 10),
		Details: []freshbooks.JournalEntryLine{
			{SubAccountID: travel.ID, Debit: dec("40")},
			{SubAccountID: cash.ID, Credit: dec("40")},
		},
	}); err != nil {
		t.Fatal(err)
	}

	// Balances moved: assets and expenses rise with debits, income with credits.
	subs, accounts := subAccounts(t, a)
	for name, want := range map[string]string{"Cash": "110.00", "Sales": "150.00", "Travel": "40.00", "Petty Cash": "0.00"} {
		if got := subs[name].Balance.String(); got != want {
			t.Errorf("%s balance = %s, want %s", name, got, want)
		}
	}
	for name, want := range map[string]string{"Assets": "110.00", "Income": "150.00", "Expenses": "40.00", "Liabilities": "0.00"} {
		if got := accounts[name].Balance.String(); got != want {
			t.Errorf("%s balance = %s, want %s", name, got, want)
		}
	}

	// One detail row per line, with the account, the entry and the running balance.
	rows, err := a.JournalEntryDetails.List(ctx, freshbooks.Equals("sub_accountid", cash.ID))
	if err != nil {
		t.Fatal(err)
	}
	if rows.Total != 2 || len(rows.Items) != 2 {
		t.Fatalf("cash rows = %+v", rows)
	}
	r0, r1 := rows.Items[0], rows.Items[1]
	if r0.Debit.String() != "150.00 USD" || !r0.Credit.IsZero() || r0.Balance.String() != "150.00 USD" ||
		r0.Entry == nil || r0.Entry.EntryID != je.ID || r0.Account == nil || r0.Account.AccountName != "Assets" ||
		r0.SubAccount == nil || r0.SubAccount.AccountSubName != "Cash" || r0.UserEnteredDate != freshbooks.NewDate(2026, 2, 3) ||
		r0.DetailID != je.Details[0].DetailID || r0.AccountingSystemID != string(a.ID) {
		t.Errorf("row 0 = %+v", r0)
	}
	if r1.Credit.String() != "40.00 USD" || !r1.Debit.IsZero() || r1.Balance.String() != "110.00 USD" || r1.Name != "Train" {
		t.Errorf("row 1 = %+v", r1)
	}

	// Filters: by entry, by account, by date range.
	for _, tc := range []struct {
		opts []freshbooks.QueryOption
		want int
	}{
		{[]freshbooks.QueryOption{freshbooks.Equals("entryid", je.ID)}, 2},
		{[]freshbooks.QueryOption{freshbooks.Equals("accountid", r0.Account.AccountID)}, 2},
		{[]freshbooks.QueryOption{freshbooks.Between("date", freshbooks.NewDate(2026, 2, 5), nil)}, 2},
		{[]freshbooks.QueryOption{freshbooks.Between("date", nil, freshbooks.NewDate(2026, 2, 5))}, 2},
		{nil, 4},
	} {
		n := 0
		for _, err := range a.JournalEntryDetails.All(ctx, tc.opts...) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		if n != tc.want {
			t.Errorf("%d rows, want %d", n, tc.want)
		}
	}
}

func TestJournalEntryValidation(t *testing.T) {
	a := newEnv(t, freshbookstest.Options{Now: time.Now}).acct
	subs, _ := subAccounts(t, a)
	cash, sales := subs["Cash"].ID, subs["Sales"].ID
	date := freshbooks.NewDate(2026, 1, 1)
	for _, tc := range []struct {
		name  string
		je    freshbooks.JournalEntry
		errno int
		field string
	}{
		{"unbalanced", freshbooks.JournalEntry{Name: "x", Date: date, Details: []freshbooks.JournalEntryLine{
			{SubAccountID: cash, Debit: dec("10.00")}, {SubAccountID: sales, Credit: dec("9.99")}}}, 1040, "details"},
		{"no name", freshbooks.JournalEntry{Date: date, Details: []freshbooks.JournalEntryLine{
			{SubAccountID: cash, Debit: dec("1")}, {SubAccountID: sales, Credit: dec("1")}}}, 1001, "name"},
		{"no date", freshbooks.JournalEntry{Name: "x", Details: []freshbooks.JournalEntryLine{
			{SubAccountID: cash, Debit: dec("1")}, {SubAccountID: sales, Credit: dec("1")}}}, 1001, "date"},
		{"no details", freshbooks.JournalEntry{Name: "x", Date: date}, 1001, "details"},
		{"unknown sub account", freshbooks.JournalEntry{Name: "x", Date: date, Details: []freshbooks.JournalEntryLine{
			{SubAccountID: 1, Debit: dec("1")}, {SubAccountID: sales, Credit: dec("1")}}}, 1004, "sub_accountid"},
		{"negative", freshbooks.JournalEntry{Name: "x", Date: date, Details: []freshbooks.JournalEntryLine{
			{SubAccountID: cash, Debit: dec("-1")}, {SubAccountID: sales, Credit: dec("-1")}}}, 1025, "debit"},
		{"debit and credit", freshbooks.JournalEntry{Name: "x", Date: date, Details: []freshbooks.JournalEntryLine{
			{SubAccountID: cash, Debit: dec("1"), Credit: dec("1")}}}, 1004, "details"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := a.JournalEntries.Create(t.Context(), &tc.je)
			ae := asAPIError(t, err, freshbooks.ErrValidation)
			if ae.StatusCode != 422 || ae.Errno != tc.errno || len(ae.Details) != 1 || ae.Details[0].Field != tc.field {
				t.Errorf("error = %+v", ae)
			}
		})
	}
	// Nothing was posted.
	n := 0
	for _, err := range a.JournalEntryDetails.All(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 0 {
		t.Errorf("%d detail rows after failed creates", n)
	}
}

// TestJournalEntryMethods checks the services have exactly the methods
// FreshBooks has endpoints for: journal entries can only be created, the
// accounts and details only listed.
func TestJournalEntryMethods(t *testing.T) {
	for _, tc := range []struct {
		v    any
		want []string
	}{
		{&freshbooks.JournalEntriesService{}, []string{"Create"}},
		{&freshbooks.JournalEntryAccountsService{}, []string{"All", "List"}},
		{&freshbooks.JournalEntryDetailsService{}, []string{"All", "List"}},
		{&freshbooks.InvoicePaymentOptionsService{}, []string{"Create", "Defaults", "Get"}},
		{&freshbooks.AttachmentsService{}, []string{"Download", "Upload"}},
		{&freshbooks.ImagesService{}, []string{"Download", "Upload"}},
		{&freshbooks.ReportsService{}, []string{"Get", "PaymentsCollected", "ProfitLoss", "TaxSummary"}},
	} {
		typ := reflect.TypeOf(tc.v)
		var got []string
		for i := range typ.NumMethod() {
			got = append(got, typ.Method(i).Name)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%v methods = %v, want %v", typ, got, tc.want)
		}
	}
}

func TestJournalEntryLineWire(t *testing.T) {
	// sub_accountid is written as a string, as FreshBooks' examples do,
	// and read from a string or a number.
	b, err := freshbooks.JournalEntryLine{SubAccountID: 123, Debit: dec("10.00")}.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"debit":"10.00","sub_accountid":"123"}` {
		t.Errorf("encoded %s", b)
	}
	for _, in := range []string{`{"sub_accountid": 456}`, `{"sub_accountid": "456"}`} {
		var d freshbooks.JournalEntryLine
		if err := d.UnmarshalJSON([]byte(in)); err != nil || d.SubAccountID != 456 || d.Extra != nil {
			t.Errorf("%s: %+v, %v", in, d, err)
		}
	}
	var d freshbooks.JournalEntryLine
	if err := d.UnmarshalJSON([]byte(`{"sub_accountid": "abc"}`)); err == nil {
		t.Error("bad sub_accountid decoded")
	}
}
