package freshbooks_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

func TestLedgerAccountsChart(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{})
	ledger := env.c.LedgerAccounts(env.uuid)
	page, err := ledger.List(env.ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The whole chart, one page, in number order.
	if page.Page != 1 || page.Pages != 1 || page.Total != len(page.Items) || len(page.Items) < 10 {
		t.Fatalf("page: %d of %d, %d items", page.Page, page.Pages, len(page.Items))
	}
	if page.Items[0].Number != "1000" || page.Items[1].Number != "1000-1" || page.Items[2].Number != "1200" {
		t.Errorf("first numbers %s %s %s", page.Items[0].Number, page.Items[1].Number, page.Items[2].Number)
	}
	byName := map[string]freshbooks.LedgerAccount{}
	for _, a := range page.Items {
		byName[a.Name] = a
		if a.UUID == "" || a.State != "active" || !a.UpdatedAt.Valid() || a.Type == "" {
			t.Errorf("account %+v", a)
		}
	}
	cash, petty := byName["Cash"], byName["Petty Cash"]
	if cash.Number != "1000" || cash.Type != freshbooks.LedgerAsset || cash.SubType != "Cash & Bank" || cash.SystemAccountName != "Cash" ||
		!cash.AutoCreated || cash.ParentAccount != "" || !slices.Contains(cash.SubAccounts, petty.UUID) {
		t.Errorf("Cash = %+v", cash)
	}
	if petty.Number != "1000-1" || petty.ParentAccount != cash.UUID || petty.SystemAccountName != "" || petty.AutoCreated {
		t.Errorf("Petty Cash = %+v", petty)
	}
	for name, want := range map[string]freshbooks.LedgerAccountType{"Accounts Receivable": freshbooks.LedgerAsset,
		"Accounts Payable": freshbooks.LedgerLiability, "Retained Earnings": freshbooks.LedgerEquity, "Sales": freshbooks.LedgerIncome,
		"Expenses": freshbooks.LedgerExpense} {
		if a := byName[name]; a.Type != want || a.SystemAccountName != name {
			t.Errorf("%s = %+v, want a %s system account", name, a, want)
		}
	}
	if len(byName["Expenses"].SubAccounts) < 3 {
		t.Errorf("Expenses has sub-accounts %v", byName["Expenses"].SubAccounts)
	}

	got, err := ledger.Get(env.ctx, cash.UUID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Cash" || got.UUID != cash.UUID || !got.UpdatedAt.Time().Equal(cash.UpdatedAt.Time()) {
		t.Errorf("Get = %+v", got)
	}
	_, err = ledger.Get(env.ctx, "no-such-account")
	if ae := asAPIError(t, err, freshbooks.ErrNotFound); ae.Message != "Not found." {
		t.Errorf("404 message = %q", ae.Message)
	}
	// Another identity's business is not reachable.
	_, err = env.c.LedgerAccounts("00000000-0000-4000-8000-000000000000").List(env.ctx)
	asAPIError(t, err, freshbooks.ErrNotFound)
}

func TestLedgerAccountsCreateUpdate(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{})
	ledger := env.c.LedgerAccounts(env.uuid)
	env.clock.Advance(90*time.Minute + 250*time.Microsecond)
	top, err := ledger.Create(env.ctx, &freshbooks.LedgerAccount{Name: "Business Savings", SubType: "Cash & Bank", Description: "High-interest account"})
	if err != nil {
		t.Fatal(err)
	}
	if top.UUID == "" || top.Number != "1010" || top.Type != freshbooks.LedgerAsset || top.ParentAccount != "" || top.AutoCreated ||
		top.State != "active" || !top.UpdatedAt.Time().Equal(env.clock.Now().Truncate(time.Microsecond)) {
		t.Errorf("created = %+v (updated_at %s)", top, top.UpdatedAt)
	}
	if top.UpdatedAt.String() != "2026-03-08T08:00:00.000250Z" {
		t.Errorf("UpdatedAt written %s, want microseconds", top.UpdatedAt)
	}

	sub, err := ledger.Create(env.ctx, &freshbooks.LedgerAccount{Name: "Emergency Fund", SubType: "Cash & Bank", ParentAccount: top.UUID})
	if err != nil {
		t.Fatal(err)
	}
	if sub.Number != "1010-1" || sub.ParentAccount != top.UUID {
		t.Errorf("sub-account = %+v", sub)
	}
	parent, err := ledger.Get(env.ctx, top.UUID)
	if err != nil || !slices.Equal(parent.SubAccounts, []string{sub.UUID}) {
		t.Errorf("parent after adding a sub-account = %+v, %v", parent, err)
	}

	up, err := ledger.Update(env.ctx, top.UUID, &freshbooks.LedgerAccount{Name: "Savings", SubType: "Current Asset"})
	if err != nil {
		t.Fatal(err)
	}
	if up.Name != "Savings" || up.SubType != "Current Asset" || up.Type != freshbooks.LedgerAsset || up.Number != "1010" || up.Description != "High-interest account" {
		t.Errorf("updated = %+v", up)
	}
	up, err = ledger.Update(env.ctx, top.UUID, &freshbooks.LedgerAccount{SubType: "Long Term Liability"})
	if err != nil || up.Type != freshbooks.LedgerLiability {
		t.Errorf("type after a sub_type change = %+v, %v", up, err)
	}

	_, err = ledger.Create(env.ctx, &freshbooks.LedgerAccount{Description: "nameless"})
	ae := asAPIError(t, err, freshbooks.ErrValidation)
	if ae.StatusCode != 400 || len(ae.Details) != 2 || ae.Details[0].Field != "name" || ae.Details[1].Field != "sub_type" ||
		ae.Details[0].Message != "This field is required." || ae.Message != "name: This field is required." {
		t.Errorf("err = %#v", ae)
	}
	_, err = ledger.Create(env.ctx, &freshbooks.LedgerAccount{Name: "Odd", SubType: "Crypto"})
	if ae := asAPIError(t, err, freshbooks.ErrValidation); ae.Details[0].Field != "sub_type" || ae.Details[0].Message != `"Crypto" is not a valid choice.` {
		t.Errorf("err = %#v", ae)
	}
	_, err = ledger.Create(env.ctx, &freshbooks.LedgerAccount{Name: "Dup", SubType: "Income", Number: "1010"})
	if ae := asAPIError(t, err, freshbooks.ErrValidation); ae.Details[0].Field != "number" {
		t.Errorf("err = %#v", ae)
	}
	_, err = ledger.Update(env.ctx, "no-such-account", &freshbooks.LedgerAccount{Name: "x"})
	asAPIError(t, err, freshbooks.ErrNotFound)
}

func TestLedgerLookups(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{})
	ledger := env.c.LedgerAccounts(env.uuid)
	types, err := ledger.Types(env.ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []freshbooks.LedgerAccountType
	for _, ty := range types {
		names = append(names, ty.Name)
	}
	if !slices.Equal(names, []freshbooks.LedgerAccountType{freshbooks.LedgerAsset, freshbooks.LedgerLiability, freshbooks.LedgerEquity,
		freshbooks.LedgerIncome, freshbooks.LedgerExpense}) {
		t.Errorf("types = %v", names)
	}
	subs, err := ledger.SubTypes(env.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) < 5 || subs[0].Name != "Cash & Bank" || subs[0].Type != freshbooks.LedgerAsset || subs[0].BaseNumber() != "1000" {
		t.Errorf("sub-types = %+v", subs)
	}
	one, err := ledger.SubType(env.ctx, subs[1].ID)
	if err != nil || one.Name != subs[1].Name {
		t.Errorf("SubType(%d) = %+v, %v", subs[1].ID, one, err)
	}
	_, err = ledger.SubType(env.ctx, 999)
	asAPIError(t, err, freshbooks.ErrNotFound)
}

func TestLedgerWire(t *testing.T) {
	c, last := replay(t, http.StatusOK, freshbooks.ReadFixture(t, "get_ledger_account_response.json"))
	a, err := c.LedgerAccounts("a_business_uuid").Get(t.Context(), "a_uuid")
	if err != nil {
		t.Fatal(err)
	}
	if last.URL.Path != "/accounting/businesses/a_business_uuid/ledger_accounts/accounts/a_uuid" {
		t.Errorf("GET %s", last.URL.Path)
	}
	if a.Name != "Cash" || a.Number != "1000" || a.SubType != "Cash & Bank" || !a.AutoCreated || a.ParentAccount != "" ||
		!slices.Equal(a.SubAccounts, []string{"a_uuid2"}) || !a.UpdatedAt.Time().Equal(time.Date(2023, 4, 27, 14, 33, 48, 841075000, time.UTC)) {
		t.Errorf("account = %+v", a)
	}
	c, _ = replay(t, http.StatusOK, freshbooks.ReadFixture(t, "list_ledger_accounts_response.json"))
	page, err := c.LedgerAccounts("a_business_uuid").List(t.Context())
	if err != nil || len(page.Items) != 2 || page.Pages != 1 || page.Items[1].ParentAccount != "a_uuid" {
		t.Errorf("list = %+v, %v", page, err)
	}
	c, _ = replay(t, http.StatusOK, []byte(`{"data": []}`))
	page, err = c.LedgerAccounts("a_business_uuid").List(t.Context())
	if err != nil || len(page.Items) != 0 {
		t.Errorf("empty list = %+v, %v", page, err)
	}
	c, _ = replay(t, http.StatusNotFound, freshbooks.ReadFixture(t, "get_ledger_account_response__not_found.json"))
	_, err = c.LedgerAccounts("a_business_uuid").Get(t.Context(), "a_uuid")
	if ae := asAPIError(t, err, freshbooks.ErrNotFound); ae.Message != "Not found." || ae.Details[0].Message != "Not found." {
		t.Errorf("err = %#v", ae)
	}
	c, _ = replay(t, http.StatusBadRequest, freshbooks.ReadFixture(t, "create_ledger_account_response__validation_errors.json"))
	_, err = c.LedgerAccounts("a_business_uuid").Create(t.Context(), &freshbooks.LedgerAccount{})
	if ae := asAPIError(t, err, freshbooks.ErrValidation); len(ae.Details) != 3 || ae.Details[2].Field != "parent_account" {
		t.Errorf("err = %#v", ae)
	}
	c, _ = replay(t, http.StatusOK, []byte(`{"foo": "bar"}`))
	_, err = c.LedgerAccounts("a_business_uuid").Get(t.Context(), "a_uuid")
	asAPIError(t, err, freshbooks.ErrBadResponse)

	// Bodies are bare; Create sends parent_account null for a top-level
	// account, Update sends only what is set.
	var method, path, body string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		method, path, body = r.Method, r.URL.Path, string(b)
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write(freshbooks.ReadFixture(t, "get_ledger_account_response.json"))
	}))
	defer srv.Close()
	rc, err := freshbooks.NewClient(freshbooks.Config{AccessToken: "t", BaseURL: srv.URL, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	ledger := rc.LedgerAccounts("biz-uuid")
	in := &freshbooks.LedgerAccount{Name: "Cash", SubType: "Cash & Bank"}
	if _, err := ledger.Create(t.Context(), in); err != nil {
		t.Fatal(err)
	}
	if method != "POST" || path != "/accounting/businesses/biz-uuid/ledger_accounts/accounts" ||
		body != `{"name":"Cash","sub_type":"Cash & Bank","parent_account":null}` {
		t.Errorf("%s %s %s", method, path, body)
	}
	if in.Extra != nil {
		t.Errorf("Create changed the caller's account: Extra = %v", in.Extra)
	}
	if _, err := ledger.Create(t.Context(), &freshbooks.LedgerAccount{Name: "Sub", SubType: "Cash & Bank", ParentAccount: "p"}); err != nil {
		t.Fatal(err)
	}
	if body != `{"name":"Sub","sub_type":"Cash & Bank","parent_account":"p"}` {
		t.Errorf("sub-account body %s", body)
	}
	if _, err := ledger.Update(t.Context(), "a_uuid", &freshbooks.LedgerAccount{Name: "Till"}); err != nil {
		t.Fatal(err)
	}
	if method != "PUT" || path != "/accounting/businesses/biz-uuid/ledger_accounts/accounts/a_uuid" || body != `{"name":"Till"}` {
		t.Errorf("%s %s %s", method, path, body)
	}
}
