package expenses_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/sandboxtest"
)

// firstCategory returns the id of the account's first expense category.
func firstCategory(e *sandboxtest.Env) string {
	first := engine.Record(nil)
	for _, c := range e.Every("expenses/categories", "categories") {
		if first == nil || c.Int("id") < first.Int("id") {
			first = c
		}
	}
	return first.Str("id")
}

// No body, however odd, makes a handler fail: every one is answered with
// a 4xx in the accounting error shape.
func TestExpenseFamilyHostileBodies(t *testing.T) {
	e := sandboxtest.New(t, "", freshbookstest.Options{Now: func() time.Time { return time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC) }})
	cat := firstCategory(e)
	v := e.Create("bill_vendors/bill_vendors", "bill_vendor", `{"vendor_name": "V"}`)
	b := e.Create("bills/bills", "bill", `{"vendorid": `+v.Str("vendorid")+`, "issue_date": "2026-01-02", "lines": [{"categoryid": `+cat+`, "unit_cost": {"amount": "9"}}]}`)
	inc := e.Create("other_incomes/other_incomes", "other_income", `{"amount": {"amount": "1"}, "date": "2026-01-02"}`)
	okExpense := `"categoryid": ` + cat + `, "staffid": 1, "date": "2026-01-02"`
	okBill := `"vendorid": ` + v.Str("vendorid") + `, "issue_date": "2026-01-02"`
	for _, tc := range []struct{ method, path, body string }{
		{"POST", "expenses/expenses", `{"expense": {` + okExpense + `, "amount": "12"}}`},
		{"POST", "expenses/expenses", `{"expense": {` + okExpense + `, "amount": {"amount": "1e999999999"}}}`},
		{"POST", "expenses/expenses", `{"expense": {` + okExpense + `, "amount": {"amount": [1]}}}`},
		{"POST", "expenses/expenses", `{"expense": {` + okExpense + `, "amount": {"amount": "1", "code": 5}}}`},
		{"POST", "expenses/expenses", `{"expense": {` + okExpense + `, "amount": {"amount": "1"}, "taxPercent1": {}}}`},
		{"POST", "expenses/expenses", `{"expense": {` + okExpense + `, "amount": {"amount": "1"}, "status": 9}}`},
		{"POST", "expenses/expenses", `{"expense": {` + okExpense + `, "amount": {"amount": "1"}, "attachment": "x"}}`},
		{"POST", "expenses/expenses", `{"expense": {"categoryid": "abc", "staffid": 1, "date": "2026-01-02", "amount": {"amount": "1"}}}`},
		{"POST", "expenses/expenses", `{"expense": {"categoryid": ` + cat + `, "staffid": 1, "date": "02/01/2026", "amount": {"amount": "1"}}}`},
		{"POST", "expenses/expenses", `{"expense": []}`},
		{"POST", "expenses/expenses", `[]`},
		{"POST", "bills/bills", `{"bill": {` + okBill + `, "lines": "x"}}`},
		{"POST", "bills/bills", `{"bill": {` + okBill + `, "lines": [1, 2]}}`},
		{"POST", "bills/bills", `{"bill": {` + okBill + `, "lines": [{"categoryid": ` + cat + `, "quantity": "many"}]}}`},
		{"POST", "bills/bills", `{"bill": {` + okBill + `, "lines": [{"categoryid": ` + cat + `, "unit_cost": {"amount": "1e40"}}]}}`},
		{"POST", "bills/bills", `{"bill": {` + okBill + `, "lines": [{"categoryid": ` + cat + `, "tax_percent1": true}]}}`},
		{"POST", "bills/bills", `{"bill": {` + okBill + `, "due_offset_days": -3, "lines": [{"categoryid": ` + cat + `}]}}`},
		{"POST", "bills/bills", `{"bill": {` + okBill + `, "currency_code": 12, "lines": [{"categoryid": ` + cat + `}]}}`},
		{"POST", "bills/bills", `{"bill": {"vendorid": [], "issue_date": "2026-01-02", "lines": [{"categoryid": ` + cat + `}]}}`},
		{"PUT", "bills/bills/" + b.Str("id"), `{"bill": {"lines": {}}}`},
		{"PUT", "bills/bills/" + b.Str("id"), `not json`},
		{"POST", "bill_payments/bill_payments", `{"bill_payment": {"billid": ` + b.Str("id") + `, "payment_type": 3, "amount": {"amount": "1"}}}`},
		{"POST", "bill_payments/bill_payments", `{"bill_payment": {"billid": ` + b.Str("id") + `, "payment_type": "Cash", "amount": {"amount": "-1"}}}`},
		{"POST", "bill_payments/bill_payments", `{"bill_payment": {"billid": ` + b.Str("id") + `, "payment_type": "Cash", "amount": {"amount": "1", "code": "EUR"}}}`},
		{"POST", "bill_payments/bill_payments", `{"bill_payment": {"billid": ` + b.Str("id") + `, "payment_type": "Cash", "amount": {"amount": "1"}, "paid_date": "soon"}}`},
		{"POST", "bill_vendors/bill_vendors", `{"bill_vendor": {"vendor_name": "X", "tax_defaults": [3]}}`},
		{"POST", "bill_vendors/bill_vendors", `{"bill_vendor": {"vendor_name": "X", "tax_defaults": [{"amount": "lots"}]}}`},
		{"POST", "bill_vendors/bill_vendors", `{"bill_vendor": {"vendor_name": "X", "is_1099": "yes"}}`},
		{"POST", "other_incomes/other_incomes", `{"other_income": {"amount": {"amount": "1"}, "date": "2026-01-02", "taxes": "HST"}}`},
		{"POST", "other_incomes/other_incomes", `{"other_income": {"amount": {"amount": "1"}, "date": "2026-01-02", "taxes": [{"amount": {}}]}}`},
		{"PUT", "other_incomes/other_incomes/" + inc.Str("incomeid"), `{"other_income": {"date": "2026-01-02"}}`},
		{"POST", "projects/tasks", `{"task": {"name": 5}}`},
		{"POST", "projects/tasks", `{"task": {"name": "T", "rate": "fast"}}`},
		{"PUT", "users/staffs/1", `{"staff": {"vis_state": 7}}`},
		{"POST", "users/staffs", `{"staff": {"fname": "New"}}`},
		{"PUT", "systems/systems/1", `{"system": {"name": "x"}}`},
		{"DELETE", "expenses/categories/" + cat, ``},
		{"GET", "systems/gateways/1", ``},
	} {
		status, raw := e.Call(tc.method, tc.path, tc.body)
		var m map[string]any
		_ = json.Unmarshal([]byte(raw), &m)
		r, _ := m["response"].(map[string]any)
		if status < 400 || status >= 500 || (r == nil && status != 404 && status != 405) {
			t.Errorf("%s %s %s: %d %v", tc.method, tc.path, tc.body, status, m)
		}
	}
	// Nothing above changed the bill.
	status, m := e.JSON(http.MethodGet, "bills/bills/"+b.Str("id"), "")
	if bill := sandboxtest.Result(m, "bill"); status != 200 || bill.Str("status") != "unpaid" || engine.Record(bill["total_amount"].(map[string]any)).Str("amount") != "9.00" {
		t.Errorf("bill after hostile writes: %d %v", status, m)
	}
}

// A durable sandbox keeps the family's data across restarts: a
// disconnected gateway stays disconnected, and bills settle after a
// reload.
func TestExpenseFamilyDurable(t *testing.T) {
	dir := t.TempDir()
	clock := time.Date(2026, 3, 8, 12, 0, 0, 0, time.UTC)
	opts := freshbookstest.Options{Now: func() time.Time { return clock }}
	e := sandboxtest.New(t, dir, opts)
	cat := firstCategory(e)
	status, m := e.JSON(http.MethodGet, "systems/gateways", "")
	gateways, _ := m["response"].(map[string]any)["result"].(map[string]any)["gateways"].([]any)
	if status != 200 || len(gateways) != 2 {
		t.Fatalf("gateways: %d %v", status, m)
	}
	stripe := engine.Record(gateways[0].(map[string]any)).Str("id")
	if status, m := e.JSON(http.MethodDelete, "systems/gateways/"+stripe, ""); status != 200 {
		t.Fatalf("DELETE gateway: %d %v", status, m)
	}
	v := e.Create("bill_vendors/bill_vendors", "bill_vendor", `{"vendor_name": "V"}`)
	b := e.Create("bills/bills", "bill", `{"vendorid": `+v.Str("vendorid")+`, "issue_date": "2026-03-01", "due_offset_days": 10,
		"lines": [{"categoryid": `+cat+`, "quantity": 4, "unit_cost": {"amount": "2.50"}}]}`)
	e.Create("bill_payments/bill_payments", "bill_payment", `{"billid": `+b.Str("id")+`, "amount": {"amount": "4"}, "payment_type": "Cash"}`)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}

	clock = clock.AddDate(0, 0, 10) // past the due date
	e = sandboxtest.New(t, dir, opts)
	status, m = e.JSON(http.MethodGet, "systems/gateways", "")
	gateways, _ = m["response"].(map[string]any)["result"].(map[string]any)["gateways"].([]any)
	if status != 200 || len(gateways) != 1 || engine.Record(gateways[0].(map[string]any)).Str("gateway_name") != "PayPal" {
		t.Errorf("gateways after restart: %d %v", status, m)
	}
	if cat2 := firstCategory(e); cat2 != cat {
		t.Errorf("category ids changed across a restart: %s, then %s", cat, cat2)
	}
	status, m = e.JSON(http.MethodGet, "bills/bills?search[statuses][]=overdue", "")
	bills, _ := m["response"].(map[string]any)["result"].(map[string]any)["bills"].([]any)
	if status != 200 || len(bills) != 1 {
		t.Fatalf("overdue bills after restart: %d %v", status, m)
	}
	bill := engine.Record(bills[0].(map[string]any))
	if engine.Record(bill["outstanding"].(map[string]any)).Str("amount") != "6.00" || bill.Str("due_date") != "2026-03-11" {
		t.Errorf("bill after restart: %v", bill)
	}
}

// Records loaded as JSON go through the same rules: a loaded bill payment
// settles its bill.
func TestExpenseFamilyLoad(t *testing.T) {
	e := sandboxtest.New(t, "", freshbookstest.Options{})
	cat := firstCategory(e)
	doc := `{"": {
		"bill_vendors": [{"vendor_name": "Loaded"}],
		"expenses": [{"categoryid": ` + cat + `, "staffid": 1, "date": "2026-01-02", "amount": {"amount": "3.30"}, "vendor": "Loaded"}]}}`
	if err := e.Load(strings.NewReader(doc)); err != nil {
		t.Fatal(err)
	}
	status, m := e.JSON(http.MethodGet, "bill_vendors/bill_vendors", "")
	vendors, _ := m["response"].(map[string]any)["result"].(map[string]any)["bill_vendors"].([]any)
	if status != 200 || len(vendors) != 1 {
		t.Fatalf("vendors: %d %v", status, m)
	}
	vid := engine.Record(vendors[0].(map[string]any)).Str("vendorid")
	doc = `{"": {"bills": [{"vendorid": ` + vid + `, "issue_date": "2026-01-02", "lines": [{"categoryid": ` + cat + `, "unit_cost": {"amount": "10"}}]}]}}`
	if err := e.Load(strings.NewReader(doc)); err != nil {
		t.Fatal(err)
	}
	status, m = e.JSON(http.MethodGet, "bills/bills?search[vendorid]="+vid, "")
	bills, _ := m["response"].(map[string]any)["result"].(map[string]any)["bills"].([]any)
	if status != 200 || len(bills) != 1 {
		t.Fatalf("bills: %d %v", status, m)
	}
	bid := engine.Record(bills[0].(map[string]any)).Str("id")
	doc = `{"": {"bill_payments": [{"billid": ` + bid + `, "amount": {"amount": "10"}, "payment_type": "Check"}]}}`
	if err := e.Load(strings.NewReader(doc)); err != nil {
		t.Fatal(err)
	}
	status, m = e.JSON(http.MethodGet, "bills/bills?search[statuses][]=paid", "")
	bills, _ = m["response"].(map[string]any)["result"].(map[string]any)["bills"].([]any)
	if status != 200 || len(bills) != 1 || engine.Record(bills[0].(map[string]any)).Str("id") != bid {
		t.Errorf("paid bills after loading a payment: %d %v", status, m)
	}
	// A loaded expense that breaks the rules is refused.
	err := e.Load(strings.NewReader(`{"": {"expenses": [{"staffid": 1, "date": "2026-01-02", "amount": {"amount": "1"}}]}}`))
	if err == nil || !strings.Contains(err.Error(), "'categoryid' is a required field.") {
		t.Errorf("loading an expense without a category: %v", err)
	}
}
