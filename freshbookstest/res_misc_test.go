package freshbookstest

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/journal"
)

// miscEnv is a sandbox served on a loopback port, with a token of the
// first identity (every scope) and its first business's account.
type miscEnv struct {
	sb    *Sandbox
	url   string
	token string
	acct  string
}

func newMiscEnv(t *testing.T, sb *Sandbox) *miscEnv {
	t.Helper()
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	return &miscEnv{sb: sb, url: srv.URL, token: sb.IssueToken(0).AccessToken, acct: sb.eng.Identities[0].Memberships[0].Business.AccountID}
}

// do sends a request and returns the status, the headers and the body.
func (e *miscEnv) do(t *testing.T, method, path, token, contentType string, body io.Reader) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, e.url+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

// json sends a JSON request and decodes the answer.
func (e *miscEnv) json(t *testing.T, method, path string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	status, _, raw := e.do(t, method, path, e.token, "application/json", rd)
	var out map[string]any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("%s %s: %d %s", method, path, status, raw)
		}
	}
	return status, out
}

// miscDig walks nested objects.
func miscDig(v any, path ...string) any {
	for _, p := range path {
		m, _ := v.(map[string]any)
		v = m[p]
	}
	return v
}

// put stores a record straight into a table, as another family would
// have; it returns the id.
func (e *miscEnv) put(name string, rec engine.Record) int64 {
	e.sb.eng.Lock()
	defer e.sb.eng.Unlock()
	rec = rec.Clone()
	t := e.sb.eng.Table("acct:"+e.acct, name)
	id := t.Insert(rec)
	rec["id"] = json.Number(strconv.FormatInt(id, 10))
	return id
}

func TestReportErrorsAreAccountingShaped(t *testing.T) {
	e := newMiscEnv(t, New(Options{}))
	status, _, body := e.do(t, "GET", "/accounting/account/"+e.acct+"/reports/accounting/revenue_by_client", e.token, "", nil)
	// freshbooks-api.md §4.5: the documented error, in the classic envelope.
	want := `{"response":{"errors":[{"errno":1004,"field":"sales_type","message":"Invalid value '' for field 'sales_type'.","object":"report","value":""}]}}`
	if status != 422 || string(body) != want {
		t.Errorf("%d %s", status, body)
	}
	status, _, body = e.do(t, "GET", "/accounting/account/"+e.acct+"/reports/accounting/taxsummary?start_date=2020-1-1", e.token, "", nil)
	if status != 422 || !strings.Contains(string(body), `"errno":1004,"field":"start_date"`) || !strings.Contains(string(body), `"value":"2020-1-1"`) {
		t.Errorf("bad date: %d %s", status, body)
	}
	// search[...] is not a report parameter: ignored, the range is today.
	status, out := e.json(t, "GET", "/accounting/account/"+e.acct+"/reports/accounting/taxsummary?search%5Bstart_date%5D=2020-01-01", nil)
	today := time.Now().In(engine.Eastern()).Format(time.DateOnly)
	if r := miscDig(out, "response", "result", "taxsummary"); status != 200 || miscDig(r, "start_date") != today || miscDig(r, "end_date") != today {
		t.Errorf("search[start_date]: %d %v", status, r)
	}
	// The reports scope is needed.
	e.sb.eng.Lock()
	g := e.sb.auth.IssueLocked(e.sb.opts.ClientID, e.sb.eng.Identities[0], []string{"user:profile:read", "user:invoices:read"}, time.Now())
	e.sb.eng.Unlock()
	status, _, body = e.do(t, "GET", "/accounting/account/"+e.acct+"/reports/accounting/taxsummary", g.AccessToken, "", nil)
	if status != 403 || !strings.Contains(string(body), "user:reports:read") {
		t.Errorf("no scope: %d %s", status, body)
	}
}

func TestReportsReadTheTables(t *testing.T) {
	e := newMiscEnv(t, New(Options{}))
	const base = "/accounting/account/"
	money := func(a string) map[string]any { return map[string]any{"amount": a, "code": "USD"} }
	client := e.put("clients", engine.Record{"organization": "Table Co", "vis_state": json.Number("0")})
	// A discounted invoice with a compounded second tax: taxes apply after
	// the discount, the second one on the amount plus the first.
	inv := e.put("invoices", engine.Record{"customerid": client, "create_date": "2032-05-03", "currency_code": "USD", "vis_state": json.Number("0"),
		"discount_value": "10", "amount": money("104.94"), "invoice_number": "0000042",
		"lines": []any{map[string]any{"qty": "1", "amount": money("100.00"), "taxName1": "A", "taxAmount1": "10",
			"taxName2": "B", "taxAmount2": "6", "compounded_tax": true}}})
	// A deleted invoice counts for nothing.
	e.put("invoices", engine.Record{"customerid": client, "create_date": "2032-05-04", "currency_code": "USD", "vis_state": json.Number("1"),
		"amount": money("999.00"), "lines": []any{map[string]any{"qty": "1", "amount": money("999.00")}}})
	e.put("payments", engine.Record{"invoiceid": inv, "clientid": client, "amount": money("52.47"), "date": "2032-05-20", "type": "VISA", "vis_state": json.Number("0")})
	e.put("expenses", engine.Record{"amount": money("20.00"), "date": "2032-05-05", "taxName1": "A", "taxAmount1": money("2.00"), "vis_state": json.Number("0")})
	e.put("other_income", engine.Record{"amount": money("5.00"), "date": "2032-05-06", "vis_state": json.Number("0")})

	q := "?start_date=2032-05-01&end_date=2032-05-31"
	_, out := e.json(t, "GET", base+e.acct+"/reports/accounting/taxsummary"+q, nil)
	taxes := miscDig(out, "response", "result", "taxsummary", "taxes").([]any)
	got := map[string]string{}
	for _, x := range taxes {
		m := x.(map[string]any)
		got[m["tax_name"].(string)] = miscDig(m, "taxable_amount_collected", "amount").(string) + "/" + miscDig(m, "tax_collected", "amount").(string) +
			"/" + miscDig(m, "tax_paid", "amount").(string) + "/" + miscDig(m, "net_tax", "amount").(string)
	}
	// A: 10% of 90.00 = 9.00 collected, 2.00 paid. B: 6% of 99.00 = 5.94.
	if got["A"] != "90.00/9.00/2.00/7.00" || got["B"] != "99.00/5.94/0.00/5.94" {
		t.Errorf("taxes = %v", got)
	}
	if v := miscDig(out, "response", "result", "taxsummary", "total_invoiced", "amount"); v != "104.94" {
		t.Errorf("total_invoiced = %v", v)
	}
	_, out = e.json(t, "GET", base+e.acct+"/reports/accounting/taxsummary"+q+"&cash_based=true", nil)
	for _, x := range miscDig(out, "response", "result", "taxsummary", "taxes").([]any) {
		if m := x.(map[string]any); m["tax_name"] == "A" && miscDig(m, "tax_collected", "amount") != "4.50" {
			t.Errorf("cash based A = %v (half of the invoice paid)", m)
		}
	}

	_, out = e.json(t, "GET", base+e.acct+"/reports/accounting/profitloss_entity"+q, nil)
	pl := miscDig(out, "response", "result", "profitloss")
	if miscDig(pl, "total_income", "total", "amount") != "95.00" || miscDig(pl, "total_expenses", "total", "amount") != "20.00" ||
		miscDig(pl, "net_profit", "total", "amount") != "75.00" || miscDig(pl, "labels").([]any)[0] != "2032-05-01" {
		t.Errorf("profit and loss = %v", pl)
	}
	_, out = e.json(t, "GET", base+e.acct+"/reports/accounting/payments_collected"+q+"&payment_method=visa", nil)
	pays := miscDig(out, "response", "result", "payments_collected", "payments").([]any)
	if len(pays) != 1 || miscDig(pays[0], "client") != "Table Co" || miscDig(pays[0], "invoice_number") != "0000042" || miscDig(pays[0], "amount", "amount") != "52.47" {
		t.Errorf("payments = %v", pays)
	}
	_, out = e.json(t, "GET", base+e.acct+"/reports/accounting/payments_collected"+q+"&clientids="+strconv.FormatInt(client, 10)+",99", nil)
	if n := len(miscDig(out, "response", "result", "payments_collected", "payments").([]any)); n != 1 {
		t.Errorf("comma-separated clientids: %d payments", n)
	}
}

func TestJournalEntryWireAndDurability(t *testing.T) {
	dir := t.TempDir()
	sb, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := newMiscEnv(t, sb)
	key := "acct:" + e.acct
	sb.eng.Lock()
	subs := sb.eng.Table(key, journal.SubAccounts)
	cash, owner := subs.IDs[0], subs.IDs[6] // Cash, Owner's Equity
	sb.eng.Unlock()
	status, out := e.json(t, "POST", "/accounting/account/"+e.acct+"/journal_entries/journal_entries", map[string]any{"journal_entry": map[string]any{
		"name": "Capital", "user_entered_date": "2026-01-05", "details": []any{
			map[string]any{"sub_accountid": strconv.FormatInt(cash, 10), "debit": "500"},
			map[string]any{"sub_accountid": owner, "credit": 500},
		}}})
	je, _ := miscDig(out, "response", "result", "journal_entry").(map[string]any)
	if status != 200 || je == nil {
		t.Fatalf("%d %v", status, out)
	}
	d0 := je["details"].([]any)[0].(map[string]any)
	if _, has := je["vis_state"]; has || je["user_entered_date"] != "2026-01-05" || je["currency_code"] != "USD" ||
		d0["sub_accountid"] != strconv.FormatInt(cash, 10) || d0["debit"] != "500.00" || d0["credit"] != nil {
		t.Errorf("entry = %v", je)
	}
	// Only POST exists for journal entries.
	if status, _ := e.json(t, "GET", "/accounting/account/"+e.acct+"/journal_entries/journal_entries", nil); status != 404 {
		t.Errorf("GET journal entries: %d", status)
	}
	sb.Close()

	// After a restart the balances and the rows are still there.
	sb, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	e = newMiscEnv(t, sb)
	_, out = e.json(t, "GET", "/accounting/account/"+e.acct+"/journal_entry_accounts/journal_entry_accounts", nil)
	accounts := miscDig(out, "response", "result", "journal_entry_accounts").([]any)
	balances := map[string]any{}
	for _, a := range accounts {
		balances[miscDig(a, "account_name").(string)] = miscDig(a, "balance")
	}
	if balances["Assets"] != "500.00" || balances["Equity"] != "500.00" || balances["Income"] != "0.00" {
		t.Errorf("balances after restart = %v", balances)
	}
	_, out = e.json(t, "GET", "/accounting/account/"+e.acct+"/journal_entries/journal_entry_details", nil)
	if n := miscDig(out, "response", "result", "total"); n != float64(2) {
		t.Errorf("%v detail rows after restart", n)
	}
}

// miscForm builds a multipart body with the file in field.
func miscForm(t *testing.T, field, filename string, data []byte) (string, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, err := mw.CreateFormFile(field, filename)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	mw.Close()
	return mw.FormDataContentType(), &buf
}

func TestUploadsWire(t *testing.T) {
	dir := t.TempDir()
	sb, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := newMiscEnv(t, sb)
	ct, body := miscForm(t, "content", "notes.txt", []byte("hello, receipts"))
	status, h, raw := e.do(t, "POST", "/uploads/account/"+e.acct+"/attachments", e.token, ct, body)
	var att map[string]map[string]any
	if err := json.Unmarshal(raw, &att); status != 201 || err != nil || h.Get("Content-Type") != "application/vnd.api+json" {
		t.Fatalf("%d %s %s", status, h.Get("Content-Type"), raw)
	}
	a := att["attachment"]
	jwt, _ := a["jwt"].(string)
	if a["public_id"] != jwt || a["media_type"] != "text/plain" || !strings.HasPrefix(a["filename"].(string), "upload-") || len(a) != 5 {
		t.Errorf("attachment = %v", a)
	}
	// The token carries what FreshBooks' does (freshbooks-api.md §8.3).
	claims, ok := sb.eng.At("").ReadToken(jwt)
	if !ok || claims["original_filename"] != "notes.txt" || claims["bucket"] != "uploads" || claims["account"] != e.acct {
		t.Errorf("claims = %v", claims)
	}

	// An image without an account.
	ct, body = miscForm(t, "content", "logo.png", []byte("\x89PNG\r\n\x1a\n...."))
	status, _, raw = e.do(t, "POST", "/uploads/images", e.token, ct, body)
	var img struct {
		Image map[string]any `json:"image"`
		Link  string         `json:"link"`
	}
	if err := json.Unmarshal(raw, &img); status != 201 || err != nil || img.Image["media_type"] != "image/png" ||
		img.Link != e.url+"/uploads/images/"+img.Image["jwt"].(string) {
		t.Fatalf("image: %d %s", status, raw)
	}

	// Errors: no token, wrong field, not multipart, a forged token.
	ct, body = miscForm(t, "content", "x", []byte("x"))
	if status, _, raw := e.do(t, "POST", "/uploads/account/"+e.acct+"/images", "", ct, body); status != 401 {
		t.Errorf("no token: %d %s", status, raw)
	}
	ct, body = miscForm(t, "file", "x", []byte("x"))
	if status, _, raw := e.do(t, "POST", "/uploads/account/"+e.acct+"/images", e.token, ct, body); status != 400 || !strings.Contains(string(raw), `"error":`) {
		t.Errorf("wrong field: %d %s", status, raw)
	}
	if status, _, _ := e.do(t, "POST", "/uploads/account/"+e.acct+"/images", e.token, "application/json", strings.NewReader("{}")); status != 400 {
		t.Errorf("not multipart: %d", status)
	}
	parts := strings.Split(jwt, ".")
	forged := parts[0] + "." + parts[1] + ".AAAA"
	if status, _, raw := e.do(t, "GET", "/uploads/attachments/"+forged, "", "", nil); status != 404 || string(raw) != `{"error":"File not found"}` {
		t.Errorf("forged: %d %s", status, raw)
	}
	sb.Close()

	// Uploads survive a restart of a durable sandbox.
	sb, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	e = newMiscEnv(t, sb)
	status, h, raw = e.do(t, "GET", "/uploads/attachments/"+jwt, "", "", nil)
	if status != 200 || string(raw) != "hello, receipts" || h.Get("Content-Type") != "text/plain" {
		t.Errorf("after restart: %d %q %s", status, h.Get("Content-Type"), raw)
	}
	if status, _, raw := e.do(t, "GET", "/uploads/images/"+img.Image["jwt"].(string), "", "", nil); status != 200 || !bytes.HasPrefix(raw, []byte("\x89PNG")) {
		t.Errorf("account-less image after restart: %d", status)
	}
}

func TestPaymentOptionsWire(t *testing.T) {
	e := newMiscEnv(t, New(Options{}))
	inv := e.put("invoices", engine.Record{"vis_state": json.Number("0"), "currency_code": "USD"})
	gone := e.put("invoices", engine.Record{"vis_state": json.Number("1")})
	base := "/payments/account/" + e.acct
	status, h, raw := e.do(t, "GET", base+"/invoice/"+strconv.FormatInt(gone, 10)+"/payment_options", e.token, "", nil)
	if status != 404 || h.Get("Content-Type") != "application/vnd.api+json" ||
		string(raw) != `{"error_type":"not_found","message":"Invoice `+strconv.FormatInt(gone, 10)+` not found."}` {
		t.Errorf("deleted invoice: %d %s", status, raw)
	}
	status, out := e.json(t, "GET", base+"/payment_options?entity_type=estimate", nil)
	if status != 400 || out["error_type"] != "validation" || miscDig(out["errors"].([]any)[0], "field") != "entity_type" {
		t.Errorf("entity_type: %d %v", status, out)
	}
	// entity_id may be a number on write (the Python SDK's example); it is
	// a string in the answer.
	status, out = e.json(t, "POST", base+"/invoice/"+strconv.FormatInt(inv, 10)+"/payment_options",
		map[string]any{"gateway_name": "paypal", "entity_id": inv, "entity_type": "invoice", "has_paypal_smart_checkout": true})
	po, _ := out["payment_options"].(map[string]any)
	if status != 201 || po["entity_id"] != strconv.FormatInt(inv, 10) || po["has_paypal_smart_checkout"] != true || po["has_credit_card"] != false {
		t.Errorf("create: %d %v", status, out)
	}
	e.sb.eng.Lock()
	g := e.sb.auth.IssueLocked(e.sb.opts.ClientID, e.sb.eng.Identities[0], []string{"user:profile:read"}, time.Now())
	e.sb.eng.Unlock()
	if status, _, raw := e.do(t, "GET", base+"/payment_options?entity_type=invoice", g.AccessToken, "", nil); status != 403 ||
		!strings.Contains(string(raw), `"error_type":"forbidden"`) {
		t.Errorf("no scope: %d %s", status, raw)
	}
}

func TestMiscHostileInput(t *testing.T) {
	e := newMiscEnv(t, New(Options{}))
	jePath := "/accounting/account/" + e.acct + "/journal_entries/journal_entries"
	e.sb.eng.Lock()
	subs := e.sb.eng.Table("acct:"+e.acct, journal.SubAccounts)
	cash, sales := subs.IDs[0], subs.IDs[8] // Cash, Sales
	e.sb.eng.Unlock()
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
		status, out := e.json(t, "POST", jePath, map[string]any{"journal_entry": map[string]any{"name": "x", "date": "2026-01-01", "details": tc.details}})
		errs, _ := miscDig(out, "response", "errors").([]any)
		if status != 422 || len(errs) != 1 || miscDig(errs[0], "errno") != float64(tc.errno) {
			t.Errorf("%v: %d %v", tc.details, status, out)
		}
	}
	// One sub account twice in an entry: each line moves it in turn.
	status, _ := e.json(t, "POST", jePath, map[string]any{"journal_entry": map[string]any{"name": "split", "date": "2026-01-01",
		"details": []any{line(cash, "debit", "5"), line(cash, "debit", "5.00"), line(sales, "credit", "10")}}})
	if status != 200 {
		t.Fatal(status)
	}
	_, out := e.json(t, "GET", "/accounting/account/"+e.acct+"/journal_entries/journal_entry_details?search[sub_accountid]="+strconv.FormatInt(cash, 10), nil)
	rows := miscDig(out, "response", "result", "journal_entry_details").([]any)
	if len(rows) != 2 || miscDig(rows[0], "balance", "amount") != "5.00" || miscDig(rows[1], "balance", "amount") != "10.00" {
		t.Errorf("rows = %v", rows)
	}
	// Reports: a range of too many periods is refused; fewer are fine.
	base := "/accounting/account/" + e.acct + "/reports/accounting/profitloss_entity"
	for q, want := range map[string]int{
		"?start_date=0001-01-01&end_date=9999-12-31&resolution=y": 422,
		"?start_date=1900-01-01&end_date=2000-12-31":              422,
		"?start_date=1900-01-01&end_date=2000-12-31&resolution=y": 200,
		"?currency_code=usd":     200,
		"?currency_code=dollars": 422,
	} {
		if status, out := e.json(t, "GET", base+q, nil); status != want {
			t.Errorf("%s: %d %v", q, status, out)
		}
	}
}

func TestOnlyProfitLossHasPeriods(t *testing.T) {
	e := newMiscEnv(t, New(Options{}))
	status, out := e.json(t, "GET", "/accounting/account/"+e.acct+"/reports/accounting/taxsummary?start_date=0001-01-01&end_date=9999-12-31", nil)
	if status != 200 {
		t.Errorf("tax summary over all time: %d %v", status, out)
	}
}
