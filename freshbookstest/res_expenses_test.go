package freshbookstest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

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
//
// The test stays here, beside the engine: it hears every change the
// engine makes (OnChange), which no public API shows.
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
