package freshbookstest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/expenses"
)

// exEnv is a sandbox called in process, with the first identity's token
// and account.
type exEnv struct {
	s     *Sandbox
	token string
	base  string // "/accounting/account/<id>/"
}

func newExEnv(t *testing.T, s *Sandbox) *exEnv {
	t.Helper()
	t.Cleanup(func() { s.Close() })
	return &exEnv{s: s, token: s.IssueToken(0).AccessToken, base: "/accounting/account/" + accountOf(s) + "/"}
}

// call sends a request with a raw body and returns the status and the
// decoded answer (numbers as json.Number).
func (e *exEnv) call(t *testing.T, method, path, body string) (int, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(method, e.base+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+e.token)
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	e.s.ServeHTTP(w, req)
	dec := json.NewDecoder(w.Body)
	dec.UseNumber()
	var m map[string]any
	_ = dec.Decode(&m)
	return w.Code, m
}

// exResult digs the record under key out of an accounting answer.
func exResult(m map[string]any, key string) engine.Record {
	r, _ := m["response"].(map[string]any)
	res, _ := r["result"].(map[string]any)
	rec, _ := res[key].(map[string]any)
	return rec
}

func (e *exEnv) create(t *testing.T, path, key, body string) engine.Record {
	t.Helper()
	status, m := e.call(t, http.MethodPost, path, `{"`+key+`": `+body+`}`)
	if status != 200 {
		t.Fatalf("POST %s %s: %d %v", path, body, status, m)
	}
	return exResult(m, key)
}

func (e *exEnv) firstCategory(t *testing.T) string {
	t.Helper()
	s := e.s
	s.eng.Lock()
	defer s.eng.Unlock()
	c := s.eng.Table("acct:"+accountOf(s), expenses.Categories)
	return c.ByID[c.IDs[0]].Str("id")
}

// Webhook nouns: expense, category, bill and bill_vendor have events;
// bill payments, tasks and other income have none.
func TestExpenseFamilyEvents(t *testing.T) {
	e := newExEnv(t, New(Options{}))
	var events []string
	e.s.eng.Lock()
	e.s.eng.OnChange = func(c engine.Change) { events = append(events, c.Event) }
	e.s.eng.Unlock()
	cat := e.firstCategory(t)

	exp := e.create(t, "expenses/expenses", "expense", `{"categoryid": `+cat+`, "staffid": 1, "date": "2026-01-02", "amount": {"amount": "5"}}`)
	e.call(t, http.MethodPut, "expenses/expenses/"+exp.Str("id"), `{"expense": {"notes": "x"}}`)
	e.call(t, http.MethodPut, "expenses/expenses/"+exp.Str("id"), `{"expense": {"vis_state": 1}}`)
	v := e.create(t, "bill_vendors/bill_vendors", "bill_vendor", `{"vendor_name": "V"}`)
	b := e.create(t, "bills/bills", "bill", `{"vendorid": `+v.Str("vendorid")+`, "issue_date": "2026-01-02", "lines": [{"categoryid": `+cat+`, "unit_cost": {"amount": "9"}}]}`)
	e.create(t, "bill_payments/bill_payments", "bill_payment", `{"billid": `+b.Str("id")+`, "amount": {"amount": "1"}, "payment_type": "Cash"}`)
	e.create(t, "projects/tasks", "task", `{"name": "T"}`)
	e.create(t, "other_incomes/other_incomes", "other_income", `{"amount": {"amount": "1"}, "date": "2026-01-02"}`)

	e.s.eng.Lock()
	defer e.s.eng.Unlock()
	want := []string{"expense.create", "expense.update", "expense.delete", "bill_vendor.create", "bill.create"}
	if !slices.Equal(events, want) {
		t.Errorf("events %v, want %v", events, want)
	}
}

// No body, however odd, makes a handler fail: every one is answered with
// a 4xx in the accounting error shape.
func TestExpenseFamilyHostileBodies(t *testing.T) {
	e := newExEnv(t, New(Options{Now: func() time.Time { return time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC) }}))
	cat := e.firstCategory(t)
	v := e.create(t, "bill_vendors/bill_vendors", "bill_vendor", `{"vendor_name": "V"}`)
	b := e.create(t, "bills/bills", "bill", `{"vendorid": `+v.Str("vendorid")+`, "issue_date": "2026-01-02", "lines": [{"categoryid": `+cat+`, "unit_cost": {"amount": "9"}}]}`)
	inc := e.create(t, "other_incomes/other_incomes", "other_income", `{"amount": {"amount": "1"}, "date": "2026-01-02"}`)
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
		status, m := e.call(t, tc.method, tc.path, tc.body)
		r, _ := m["response"].(map[string]any)
		if status < 400 || status >= 500 || (r == nil && status != 404 && status != 405) {
			t.Errorf("%s %s %s: %d %v", tc.method, tc.path, tc.body, status, m)
		}
	}
	// Nothing above changed the bill.
	status, m := e.call(t, http.MethodGet, "bills/bills/"+b.Str("id"), "")
	if bill := exResult(m, "bill"); status != 200 || bill.Str("status") != "unpaid" || engine.Record(bill["total_amount"].(map[string]any)).Str("amount") != "9.00" {
		t.Errorf("bill after hostile writes: %d %v", status, m)
	}
}

// A durable sandbox keeps the family's data across restarts: a
// disconnected gateway stays disconnected, and bills settle after a
// reload.
func TestExpenseFamilyDurable(t *testing.T) {
	dir := t.TempDir()
	clock := time.Date(2026, 3, 8, 12, 0, 0, 0, time.UTC)
	opts := Options{Now: func() time.Time { return clock }}
	s, err := Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	e := &exEnv{s: s, token: s.IssueToken(0).AccessToken, base: "/accounting/account/" + accountOf(s) + "/"}
	cat := e.firstCategory(t)
	status, m := e.call(t, http.MethodGet, "systems/gateways", "")
	gateways, _ := m["response"].(map[string]any)["result"].(map[string]any)["gateways"].([]any)
	if status != 200 || len(gateways) != 2 {
		t.Fatalf("gateways: %d %v", status, m)
	}
	stripe := engine.Record(gateways[0].(map[string]any)).Str("id")
	if status, m := e.call(t, http.MethodDelete, "systems/gateways/"+stripe, ""); status != 200 {
		t.Fatalf("DELETE gateway: %d %v", status, m)
	}
	v := e.create(t, "bill_vendors/bill_vendors", "bill_vendor", `{"vendor_name": "V"}`)
	b := e.create(t, "bills/bills", "bill", `{"vendorid": `+v.Str("vendorid")+`, "issue_date": "2026-03-01", "due_offset_days": 10,
		"lines": [{"categoryid": `+cat+`, "quantity": 4, "unit_cost": {"amount": "2.50"}}]}`)
	e.create(t, "bill_payments/bill_payments", "bill_payment", `{"billid": `+b.Str("id")+`, "amount": {"amount": "4"}, "payment_type": "Cash"}`)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	clock = clock.AddDate(0, 0, 10) // past the due date
	s, err = Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	e = newExEnv(t, s)
	status, m = e.call(t, http.MethodGet, "systems/gateways", "")
	gateways, _ = m["response"].(map[string]any)["result"].(map[string]any)["gateways"].([]any)
	if status != 200 || len(gateways) != 1 || engine.Record(gateways[0].(map[string]any)).Str("gateway_name") != "PayPal" {
		t.Errorf("gateways after restart: %d %v", status, m)
	}
	if cat2 := e.firstCategory(t); cat2 != cat {
		t.Errorf("category ids changed across a restart: %s, then %s", cat, cat2)
	}
	status, m = e.call(t, http.MethodGet, "bills/bills?search[statuses][]=overdue", "")
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
	e := newExEnv(t, New(Options{}))
	cat := e.firstCategory(t)
	doc := `{"": {
		"bill_vendors": [{"vendor_name": "Loaded"}],
		"expenses": [{"categoryid": ` + cat + `, "staffid": 1, "date": "2026-01-02", "amount": {"amount": "3.30"}, "vendor": "Loaded"}]}}`
	if err := e.s.Load(strings.NewReader(doc)); err != nil {
		t.Fatal(err)
	}
	status, m := e.call(t, http.MethodGet, "bill_vendors/bill_vendors", "")
	vendors, _ := m["response"].(map[string]any)["result"].(map[string]any)["bill_vendors"].([]any)
	if status != 200 || len(vendors) != 1 {
		t.Fatalf("vendors: %d %v", status, m)
	}
	vid := engine.Record(vendors[0].(map[string]any)).Str("vendorid")
	doc = `{"": {"bills": [{"vendorid": ` + vid + `, "issue_date": "2026-01-02", "lines": [{"categoryid": ` + cat + `, "unit_cost": {"amount": "10"}}]}]}}`
	if err := e.s.Load(strings.NewReader(doc)); err != nil {
		t.Fatal(err)
	}
	status, m = e.call(t, http.MethodGet, "bills/bills?search[vendorid]="+vid, "")
	bills, _ := m["response"].(map[string]any)["result"].(map[string]any)["bills"].([]any)
	if status != 200 || len(bills) != 1 {
		t.Fatalf("bills: %d %v", status, m)
	}
	bid := engine.Record(bills[0].(map[string]any)).Str("id")
	doc = `{"": {"bill_payments": [{"billid": ` + bid + `, "amount": {"amount": "10"}, "payment_type": "Check"}]}}`
	if err := e.s.Load(strings.NewReader(doc)); err != nil {
		t.Fatal(err)
	}
	status, m = e.call(t, http.MethodGet, "bills/bills?search[statuses][]=paid", "")
	bills, _ = m["response"].(map[string]any)["result"].(map[string]any)["bills"].([]any)
	if status != 200 || len(bills) != 1 || engine.Record(bills[0].(map[string]any)).Str("id") != bid {
		t.Errorf("paid bills after loading a payment: %d %v", status, m)
	}
	// A loaded expense that breaks the rules is refused.
	err := e.s.Load(strings.NewReader(`{"": {"expenses": [{"staffid": 1, "date": "2026-01-02", "amount": {"amount": "1"}}]}}`))
	if err == nil || !strings.Contains(err.Error(), "'categoryid' is a required field.") {
		t.Errorf("loading an expense without a category: %v", err)
	}
}
