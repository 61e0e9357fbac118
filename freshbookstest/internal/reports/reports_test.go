package reports_test

import (
	"strings"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/sandboxtest"
)

func TestReportErrorsAreAccountingShaped(t *testing.T) {
	e := sandboxtest.New(t, "", freshbookstest.Options{})
	status, _, body := e.Do("GET", "/accounting/account/"+e.Account+"/reports/accounting/revenue_by_client", e.Token, "", nil)
	// freshbooks-api.md §4.5: the documented error, in the classic envelope.
	want := `{"response":{"errors":[{"errno":1004,"field":"sales_type","message":"Invalid value '' for field 'sales_type'.","object":"report","value":""}]}}`
	if status != 422 || string(body) != want {
		t.Errorf("%d %s", status, body)
	}
	status, _, body = e.Do("GET", "/accounting/account/"+e.Account+"/reports/accounting/taxsummary?start_date=2020-1-1", e.Token, "", nil)
	if status != 422 || !strings.Contains(string(body), `"errno":1004,"field":"start_date"`) || !strings.Contains(string(body), `"value":"2020-1-1"`) {
		t.Errorf("bad date: %d %s", status, body)
	}
	// search[...] is not a report parameter: ignored, the range is today.
	status, out := e.JSON("GET", "/accounting/account/"+e.Account+"/reports/accounting/taxsummary?search%5Bstart_date%5D=2020-01-01", nil)
	today := time.Now().In(engine.Eastern()).Format(time.DateOnly)
	if r := sandboxtest.Dig(out, "response", "result", "taxsummary"); status != 200 || sandboxtest.Dig(r, "start_date") != today || sandboxtest.Dig(r, "end_date") != today {
		t.Errorf("search[start_date]: %d %v", status, r)
	}
	// The reports scope is needed.
	token := e.Scoped("user:profile:read", "user:invoices:read")
	status, _, body = e.Do("GET", "/accounting/account/"+e.Account+"/reports/accounting/taxsummary", token, "", nil)
	if status != 403 || !strings.Contains(string(body), "user:reports:read") {
		t.Errorf("no scope: %d %s", status, body)
	}
}

func TestReportsReadTheTables(t *testing.T) {
	e := sandboxtest.New(t, "", freshbookstest.Options{})
	const base = "/accounting/account/"
	cat := e.Every("expenses/categories", "categories")[0].Str("id")
	client := e.Create("users/clients", "client", `{"organization": "Table Co", "currency_code": "USD"}`).Str("id")
	// A discounted invoice with a compounded second tax: taxes apply after
	// the discount, the second one on the amount plus the first.
	inv := e.Create("invoices/invoices", "invoice", `{"customerid": `+client+`, "create_date": "2032-05-03", "currency_code": "USD",
		"discount_value": "10", "invoice_number": "0000042",
		"lines": [{"name": "L", "qty": "1", "unit_cost": {"amount": "100.00"}, "taxName1": "A", "taxAmount1": "10",
			"taxName2": "B", "taxAmount2": "6", "compounded_tax": true}]}`).Str("id")
	// A deleted invoice counts for nothing.
	gone := e.Create("invoices/invoices", "invoice", `{"customerid": `+client+`, "create_date": "2032-05-04", "currency_code": "USD",
		"lines": [{"name": "L", "qty": "1", "unit_cost": {"amount": "999.00"}}]}`).Str("id")
	if status, raw := e.Call("DELETE", "invoices/invoices/"+gone, ""); status != 200 {
		t.Fatalf("DELETE invoice: %d %s", status, raw)
	}
	e.Create("payments/payments", "payment", `{"invoiceid": `+inv+`, "amount": {"amount": "52.47"}, "date": "2032-05-20", "type": "VISA"}`)
	e.Create("expenses/expenses", "expense", `{"categoryid": `+cat+`, "staffid": 1, "amount": {"amount": "20.00"}, "date": "2032-05-05",
		"taxName1": "A", "taxAmount1": {"amount": "2.00"}}`)
	e.Create("other_incomes/other_incomes", "other_income", `{"amount": {"amount": "5.00"}, "date": "2032-05-06"}`)

	q := "?start_date=2032-05-01&end_date=2032-05-31"
	_, out := e.JSON("GET", base+e.Account+"/reports/accounting/taxsummary"+q, nil)
	taxes := sandboxtest.Dig(out, "response", "result", "taxsummary", "taxes").([]any)
	got := map[string]string{}
	for _, x := range taxes {
		m := x.(map[string]any)
		got[m["tax_name"].(string)] = sandboxtest.Dig(m, "taxable_amount_collected", "amount").(string) + "/" + sandboxtest.Dig(m, "tax_collected", "amount").(string) +
			"/" + sandboxtest.Dig(m, "tax_paid", "amount").(string) + "/" + sandboxtest.Dig(m, "net_tax", "amount").(string)
	}
	// A: 10% of 90.00 = 9.00 collected, 2.00 paid. B: 6% of 99.00 = 5.94.
	if got["A"] != "90.00/9.00/2.00/7.00" || got["B"] != "99.00/5.94/0.00/5.94" {
		t.Errorf("taxes = %v", got)
	}
	if v := sandboxtest.Dig(out, "response", "result", "taxsummary", "total_invoiced", "amount"); v != "104.94" {
		t.Errorf("total_invoiced = %v", v)
	}
	_, out = e.JSON("GET", base+e.Account+"/reports/accounting/taxsummary"+q+"&cash_based=true", nil)
	for _, x := range sandboxtest.Dig(out, "response", "result", "taxsummary", "taxes").([]any) {
		if m := x.(map[string]any); m["tax_name"] == "A" && sandboxtest.Dig(m, "tax_collected", "amount") != "4.50" {
			t.Errorf("cash based A = %v (half of the invoice paid)", m)
		}
	}

	_, out = e.JSON("GET", base+e.Account+"/reports/accounting/profitloss_entity"+q, nil)
	pl := sandboxtest.Dig(out, "response", "result", "profitloss")
	if sandboxtest.Dig(pl, "total_income", "total", "amount") != "95.00" || sandboxtest.Dig(pl, "total_expenses", "total", "amount") != "20.00" ||
		sandboxtest.Dig(pl, "net_profit", "total", "amount") != "75.00" || sandboxtest.Dig(pl, "labels").([]any)[0] != "2032-05-01" {
		t.Errorf("profit and loss = %v", pl)
	}
	_, out = e.JSON("GET", base+e.Account+"/reports/accounting/payments_collected"+q+"&payment_method=visa", nil)
	pays := sandboxtest.Dig(out, "response", "result", "payments_collected", "payments").([]any)
	if len(pays) != 1 || sandboxtest.Dig(pays[0], "client") != "Table Co" || sandboxtest.Dig(pays[0], "invoice_number") != "0000042" || sandboxtest.Dig(pays[0], "amount", "amount") != "52.47" {
		t.Errorf("payments = %v", pays)
	}
	_, out = e.JSON("GET", base+e.Account+"/reports/accounting/payments_collected"+q+"&clientids="+client+",99", nil)
	if n := len(sandboxtest.Dig(out, "response", "result", "payments_collected", "payments").([]any)); n != 1 {
		t.Errorf("comma-separated clientids: %d payments", n)
	}
}

func TestHostileInput(t *testing.T) {
	e := sandboxtest.New(t, "", freshbookstest.Options{})
	// Reports: a range of too many periods is refused; fewer are fine.
	base := "/accounting/account/" + e.Account + "/reports/accounting/profitloss_entity"
	for q, want := range map[string]int{
		"?start_date=0001-01-01&end_date=9999-12-31&resolution=y": 422,
		"?start_date=1900-01-01&end_date=2000-12-31":              422,
		"?start_date=1900-01-01&end_date=2000-12-31&resolution=y": 200,
		"?currency_code=usd":     200,
		"?currency_code=dollars": 422,
	} {
		if status, out := e.JSON("GET", base+q, nil); status != want {
			t.Errorf("%s: %d %v", q, status, out)
		}
	}
}

func TestOnlyProfitLossHasPeriods(t *testing.T) {
	e := sandboxtest.New(t, "", freshbookstest.Options{})
	status, out := e.JSON("GET", "/accounting/account/"+e.Account+"/reports/accounting/taxsummary?start_date=0001-01-01&end_date=9999-12-31", nil)
	if status != 200 {
		t.Errorf("tax summary over all time: %d %v", status, out)
	}
}
