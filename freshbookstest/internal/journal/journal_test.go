package journal_test

import (
	"encoding/json"
	"fmt"
	"strconv"
	"testing"

	"github.com/freshbooks-go/freshbooks/freshbookstest"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/sandboxtest"
)

// subAccount returns the id of the account's sub account named name.
func subAccount(t *testing.T, e *sandboxtest.Env, name string) int64 {
	t.Helper()
	_, out := e.JSON("GET", "journal_entry_accounts/journal_entry_accounts", nil)
	accounts, _ := sandboxtest.Dig(out, "response", "result", "journal_entry_accounts").([]any)
	for _, a := range accounts {
		subs, _ := sandboxtest.Dig(a, "sub_accounts").([]any)
		for _, s := range subs {
			if sandboxtest.Dig(s, "account_sub_name") == name {
				id, err := strconv.ParseInt(fmt.Sprint(sandboxtest.Dig(s, "sub_accountid")), 10, 64)
				if err != nil {
					t.Fatal(err)
				}
				return id
			}
		}
	}
	t.Fatalf("no sub account %s in %v", name, out)
	return 0
}

func TestJournalEntryWireAndDurability(t *testing.T) {
	dir := t.TempDir()
	e := sandboxtest.New(t, dir, freshbookstest.Options{})
	cash, owner := subAccount(t, e, "Cash"), subAccount(t, e, "Owner's Equity")
	status, out := e.JSON("POST", "/accounting/account/"+e.Account+"/journal_entries/journal_entries", map[string]any{"journal_entry": map[string]any{
		"name": "Capital", "user_entered_date": "2026-01-05", "details": []any{
			map[string]any{"sub_accountid": strconv.FormatInt(cash, 10), "debit": "500"},
			map[string]any{"sub_accountid": owner, "credit": 500},
		}}})
	je, _ := sandboxtest.Dig(out, "response", "result", "journal_entry").(map[string]any)
	if status != 200 || je == nil {
		t.Fatalf("%d %v", status, out)
	}
	d0 := je["details"].([]any)[0].(map[string]any)
	if _, has := je["vis_state"]; has || je["user_entered_date"] != "2026-01-05" || je["currency_code"] != "USD" ||
		d0["sub_accountid"] != strconv.FormatInt(cash, 10) || d0["debit"] != "500.00" || d0["credit"] != nil {
		t.Errorf("entry = %v", je)
	}
	// Only POST exists for journal entries.
	if status, _ := e.JSON("GET", "/accounting/account/"+e.Account+"/journal_entries/journal_entries", nil); status != 404 {
		t.Errorf("GET journal entries: %d", status)
	}
	e.Close()

	// After a restart the balances and the rows are still there.
	e = sandboxtest.New(t, dir, freshbookstest.Options{})
	_, out = e.JSON("GET", "/accounting/account/"+e.Account+"/journal_entry_accounts/journal_entry_accounts", nil)
	accounts := sandboxtest.Dig(out, "response", "result", "journal_entry_accounts").([]any)
	balances := map[string]any{}
	for _, a := range accounts {
		balances[sandboxtest.Dig(a, "account_name").(string)] = sandboxtest.Dig(a, "balance")
	}
	if balances["Assets"] != "500.00" || balances["Equity"] != "500.00" || balances["Income"] != "0.00" {
		t.Errorf("balances after restart = %v", balances)
	}
	_, out = e.JSON("GET", "/accounting/account/"+e.Account+"/journal_entries/journal_entry_details", nil)
	if n := sandboxtest.Dig(out, "response", "result", "total"); n != json.Number("2") {
		t.Errorf("%v detail rows after restart", n)
	}
}

func TestHostileInput(t *testing.T) {
	e := sandboxtest.New(t, "", freshbookstest.Options{})
	jePath := "/accounting/account/" + e.Account + "/journal_entries/journal_entries"
	cash, sales := subAccount(t, e, "Cash"), subAccount(t, e, "Sales")
	line := func(sub int64, side string, amount any) map[string]any {
		return map[string]any{"sub_accountid": sub, side: amount}
	}
	for _, tc := range []struct {
		details any
		errno   int
	}{
		{[]any{line(cash, "debit", "1e999999999"), line(sales, "credit", "1e999999999")}, 1004},
		{[]any{line(cash, "debit", "ten"), line(sales, "credit", "10")}, 1004},
		{[]any{1, 2}, 1004},
		{"x", 1001},
		{[]any{line(cash, "debit", "0"), line(sales, "credit", "0")}, 1004},
	} {
		status, out := e.JSON("POST", jePath, map[string]any{"journal_entry": map[string]any{"name": "x", "date": "2026-01-01", "details": tc.details}})
		errs, _ := sandboxtest.Dig(out, "response", "errors").([]any)
		if status != 422 || len(errs) != 1 || sandboxtest.Dig(errs[0], "errno") != json.Number(strconv.Itoa(tc.errno)) {
			t.Errorf("%v: %d %v", tc.details, status, out)
		}
	}
	// One sub account twice in an entry: each line moves it in turn.
	status, _ := e.JSON("POST", jePath, map[string]any{"journal_entry": map[string]any{"name": "split", "date": "2026-01-01",
		"details": []any{line(cash, "debit", "5"), line(cash, "debit", "5.00"), line(sales, "credit", "10")}}})
	if status != 200 {
		t.Fatal(status)
	}
	_, out := e.JSON("GET", "/accounting/account/"+e.Account+"/journal_entries/journal_entry_details?search[sub_accountid]="+strconv.FormatInt(cash, 10), nil)
	rows := sandboxtest.Dig(out, "response", "result", "journal_entry_details").([]any)
	if len(rows) != 2 || sandboxtest.Dig(rows[0], "balance", "amount") != "5.00" || sandboxtest.Dig(rows[1], "balance", "amount") != "10.00" {
		t.Errorf("rows = %v", rows)
	}
}
