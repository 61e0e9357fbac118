package ledger_test

import (
	"strings"
	"testing"

	"github.com/freshbooks-go/freshbooks/freshbookstest"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/ledger"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/sandboxtest"
)

func TestLedgerWireForm(t *testing.T) {
	env := sandboxtest.New(t, "", freshbookstest.Options{Now: sandboxtest.Now})
	path := "/accounting/businesses/" + env.BusinessUUID + "/ledger_accounts/accounts"
	// Create reports every missing required member at once, as the
	// python-sdk fixture create_ledger_account_response__validation_errors.
	status, raw := env.Call("POST", path, `{}`)
	want := `{"errors":{"details":[` +
		`{"metadata":{"field":"name","message":"This field is required."},"reason":"name: This field is required."},` +
		`{"metadata":{"field":"sub_type","message":"This field is required."},"reason":"sub_type: This field is required."},` +
		`{"metadata":{"field":"parent_account","message":"This field is required."},"reason":"parent_account: This field is required."}],` +
		`"message":"Request failed with status code 400","status":400}}`
	if status != 400 || raw != want {
		t.Errorf("POST {}: %d %s\nwant %s", status, raw, want)
	}
	status, raw = env.Call("POST", path, `{"name": ["x"], "sub_type": "Equity", "parent_account": null, "auto_created": "yes"}`)
	want = `{"errors":{"details":[` +
		`{"metadata":{"field":"name","message":"Not a valid string."},"reason":"name: Not a valid string."},` +
		`{"metadata":{"field":"auto_created","message":"Must be a valid boolean."},"reason":"auto_created: Must be a valid boolean."}],` +
		`"message":"Request failed with status code 400","status":400}}`
	if status != 400 || raw != want {
		t.Errorf("POST bad types: %d %s\nwant %s", status, raw, want)
	}
	status, raw = env.Call("GET", path+"/nope", "")
	want = `{"errors":{"details":[{"metadata":{"field":null,"message":"Not found."},"reason":"Not found."}],"message":"Request failed with status code 404","status":404}}`
	if status != 404 || raw != want {
		t.Errorf("GET unknown: %d %s", status, raw)
	}
	if status, raw := env.Call("DELETE", path+"/nope", ""); status == 204 || status == 200 {
		t.Errorf("DELETE answered %d %s: ledger accounts have no delete", status, raw)
	}
	status, m := env.JSON("POST", path, `{"name": "Savings", "sub_type": "Cash & Bank", "parent_account": null}`)
	if status != 201 {
		t.Fatalf("create: %d %v", status, m)
	}
	acct := m["data"].(map[string]any)
	if acct["number"] != "1010" || acct["type"] != "asset" || acct["state"] != "active" || acct["updated_at"] != "2026-03-08T06:30:00.123456Z" ||
		acct["auto_created"] != false || acct["parent_account"] != nil {
		t.Errorf("created = %v", acct)
	}
	// The chart is unpaged and sorted by number.
	_, m = env.JSON("GET", path, "")
	data := m["data"].([]any)
	if len(data) != len(ledger.SeedChart)+1 {
		t.Fatalf("%d accounts, want %d", len(data), len(ledger.SeedChart)+1)
	}
	if _, ok := m["meta"]; ok {
		t.Error("ledger list has meta")
	}
	var numbers []string
	for _, a := range data {
		numbers = append(numbers, a.(map[string]any)["number"].(string))
	}
	if got := strings.Join(numbers[:4], " "); got != "1000 1000-1 1010 1200" {
		t.Errorf("numbers begin %s", got)
	}
	// Another business's UUID is refused; an unknown one is not found.
	other := "/accounting/businesses/00000000-0000-4000-8000-000000000000/ledger_accounts/accounts"
	if status, _ := env.Call("GET", other, ""); status != 404 {
		t.Errorf("unknown business: %d", status)
	}
	status, m = env.JSON("GET", "/accounting/ledger_accounts/sub_types/1", "")
	if d := m["data"].(map[string]any); status != 200 || d["name"] != "Cash & Bank" || d["type"] != "asset" {
		t.Errorf("sub_types/1: %d %v", status, m)
	}
}

func TestLedgerChartIsStable(t *testing.T) {
	a, b := sandboxtest.New(t, "", freshbookstest.Options{Now: sandboxtest.Now}), sandboxtest.New(t, "", freshbookstest.Options{Now: sandboxtest.Now})
	path := func(env *sandboxtest.Env) string {
		return "/accounting/businesses/" + env.BusinessUUID + "/ledger_accounts/accounts"
	}
	_, ra := a.Call("GET", path(a), "")
	_, rb := b.Call("GET", path(b), "")
	if ra != rb || !strings.Contains(ra, `"system_account_name":"Accounts Receivable"`) {
		t.Errorf("two sandboxes with one seed have different charts:\n%s\n%s", ra, rb)
	}
}

func TestCompareAccountNumbers(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{{"1000", "1000-1", -1}, {"1000-2", "1000-10", -1}, {"1200", "1000-9", 1}, {"6000", "6000", 0}, {"A1", "B1", -1}} {
		got := ledger.CompareAccountNumbers(tc.a, tc.b)
		if (got < 0) != (tc.want < 0) || (got > 0) != (tc.want > 0) {
			t.Errorf("compare(%s, %s) = %d, want sign of %d", tc.a, tc.b, got, tc.want)
		}
	}
}
