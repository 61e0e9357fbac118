package freshbooks_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// createRaw makes a record through the SDK's raw call and returns the
// record answered under key.
func createRaw(t *testing.T, c *freshbooks.Client, a *freshbooks.AccountScope, path, key string, rec map[string]any) map[string]any {
	t.Helper()
	var out struct {
		Response struct {
			Result map[string]map[string]any `json:"result"`
		} `json:"response"`
	}
	if err := c.Do(t.Context(), "POST", "/accounting/account/"+string(a.ID)+"/"+path, map[string]any{key: rec}, &out); err != nil {
		t.Fatalf("creating %s: %v", key, err)
	}
	return out.Response.Result[key]
}

// firstID returns the id of the first record of a list.
func firstID(t *testing.T, c *freshbooks.Client, a *freshbooks.AccountScope, path, plural string) any {
	t.Helper()
	var out struct {
		Response struct {
			Result map[string]json.RawMessage `json:"result"`
		} `json:"response"`
	}
	if err := c.Do(t.Context(), "GET", "/accounting/account/"+string(a.ID)+"/"+path, nil, &out); err != nil {
		t.Fatal(err)
	}
	var items []map[string]any
	if err := json.Unmarshal(out.Response.Result[plural], &items); err != nil || len(items) == 0 {
		t.Fatalf("no %s: %v", plural, err)
	}
	return items[0]["id"]
}

// reportData is a month of business in 2031, far from the seeded data:
// two invoices (one taxed), a payment on each, an expense and other
// income.
type reportData struct {
	client, other any
	category      string
}

func makeReportData(t *testing.T, c *freshbooks.Client, a *freshbooks.AccountScope) reportData {
	t.Helper()
	client := createRaw(t, c, a, "users/clients", "client", map[string]any{"organization": "Report Co"})
	other := createRaw(t, c, a, "users/clients", "client", map[string]any{"organization": "Quiet Co"})
	createRaw(t, c, a, "taxes/taxes", "tax", map[string]any{"name": "RptTax", "amount": "10"})
	invA := createRaw(t, c, a, "invoices/invoices", "invoice", map[string]any{"customerid": client["id"], "create_date": "2031-01-10",
		"lines": []any{map[string]any{"name": "Work", "qty": "2", "unit_cost": map[string]any{"amount": "100.00"}, "taxName1": "RptTax", "taxAmount1": "10"}}})
	invB := createRaw(t, c, a, "invoices/invoices", "invoice", map[string]any{"customerid": client["id"], "create_date": "2031-02-15",
		"lines": []any{map[string]any{"name": "More", "qty": "1", "unit_cost": map[string]any{"amount": "50.00"}}}})
	if got := invA["amount"].(map[string]any)["amount"]; got != "220.00" {
		t.Fatalf("invoice A amount = %v", got)
	}
	createRaw(t, c, a, "payments/payments", "payment", map[string]any{"invoiceid": invA["id"], "amount": map[string]any{"amount": "110.00"},
		"date": "2031-01-20", "type": "Check"})
	createRaw(t, c, a, "payments/payments", "payment", map[string]any{"invoiceid": invB["id"], "amount": map[string]any{"amount": "50.00"},
		"date": "2031-03-01", "type": "Cash"})
	category := firstID(t, c, a, "expenses/categories", "categories")
	staff := firstID(t, c, a, "users/staffs", "staffs")
	ex := createRaw(t, c, a, "expenses/expenses", "expense", map[string]any{"categoryid": category, "staffid": staff, "date": "2031-01-12",
		"amount": map[string]any{"amount": "40.00", "code": "USD"}, "taxName1": "RptTax", "taxPercent1": "10", "vendor": "Paper Inc"})
	createRaw(t, c, a, "other_incomes/other_incomes", "other_income", map[string]any{"amount": map[string]any{"amount": "25.00", "code": "USD"},
		"date": "2031-02-01", "category_name": "other", "source": "Garage sale"})
	var cat struct {
		Response struct {
			Result struct {
				Category map[string]any `json:"category"`
			} `json:"result"`
		} `json:"response"`
	}
	if err := c.Do(t.Context(), "GET", fmt.Sprintf("/accounting/account/%s/expenses/categories/%v", a.ID, ex["categoryid"]), nil, &cat); err != nil {
		t.Fatal(err)
	}
	return reportData{client: client["id"], other: other["id"], category: cat.Response.Result.Category["category"].(string)}
}

func moneyList(ms []freshbooks.Money) string {
	var parts []string
	for _, m := range ms {
		parts = append(parts, m.Amount.String())
	}
	return strings.Join(parts, ",")
}

func TestProfitLossComputedFromTheAccount(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{})
	c, a := env.c, env.acct
	data := makeReportData(t, c, a)
	q1 := freshbooks.ProfitLossParams{StartDate: freshbooks.NewDate(2031, 1, 1), EndDate: freshbooks.NewDate(2031, 3, 31)}

	pl, err := a.Reports.ProfitLoss(t.Context(), &q1)
	if err != nil {
		t.Fatal(err)
	}
	if pl.StartDate != q1.StartDate || pl.EndDate != q1.EndDate || pl.CurrencyCode != "USD" || pl.Resolution != freshbooks.ResolutionMonthly ||
		pl.CashBased == nil || *pl.CashBased || pl.CompanyName == "" || strings.Count(pl.DownloadToken, ".") != 2 {
		t.Errorf("header = %+v", pl)
	}
	if strings.Join(pl.Labels, ",") != "2031-01-01,2031-02-01,2031-03-01" {
		t.Errorf("labels = %v", pl.Labels)
	}
	if len(pl.Income) != 2 || pl.Income[0].Description != "Sales" || pl.Income[0].Total.String() != "250.00 USD" ||
		moneyList(pl.Income[0].Data) != "200.00,50.00,0.00" || pl.Income[1].Total.Amount.String() != "25.00" ||
		pl.Income[0].EntryType != freshbooks.ProfitLossIncome {
		t.Errorf("income = %+v", pl.Income)
	}
	if len(pl.Expenses) != 1 || pl.Expenses[0].Description != data.category || moneyList(pl.Expenses[0].Data) != "40.00,0.00,0.00" {
		t.Errorf("expenses = %+v", pl.Expenses)
	}
	if pl.TotalIncome.Total.Amount.String() != "275.00" || pl.TotalExpenses.Total.Amount.String() != "40.00" ||
		pl.NetProfit.Total.Amount.String() != "235.00" || moneyList(pl.NetProfit.Data) != "160.00,75.00,0.00" {
		t.Errorf("totals: %v %v %v", pl.TotalIncome.Total, pl.TotalExpenses.Total, pl.NetProfit)
	}

	// Cash based: income when paid, what the payment pays of the
	// invoice's income (110 of 220 pays 100 of 200).
	cash := true
	q2 := q1
	q2.CashBased, q2.Resolution = &cash, freshbooks.ResolutionQuarterly
	pl, err = a.Reports.ProfitLoss(t.Context(), &q2)
	if err != nil {
		t.Fatal(err)
	}
	if !*pl.CashBased || len(pl.Labels) != 1 || pl.Income[0].Total.Amount.String() != "150.00" || moneyList(pl.Income[0].Data) != "150.00" {
		t.Errorf("cash based: %v %+v", pl.Labels, pl.Income[0])
	}

	// The range applies: January only.
	pl, err = a.Reports.ProfitLoss(t.Context(), &freshbooks.ProfitLossParams{StartDate: freshbooks.NewDate(2031, 1, 1),
		EndDate: freshbooks.NewDate(2031, 1, 31), Resolution: freshbooks.ResolutionYearly})
	if err != nil {
		t.Fatal(err)
	}
	if pl.Income[0].Total.Amount.String() != "200.00" || pl.Income[1].Total.Amount.String() != "0.00" || pl.NetProfit.Total.Amount.String() != "160.00" {
		t.Errorf("january: %+v", pl)
	}

	// Another currency has nothing.
	pl, err = a.Reports.ProfitLoss(t.Context(), &freshbooks.ProfitLossParams{StartDate: q1.StartDate, EndDate: q1.EndDate, CurrencyCode: "EUR"})
	if err != nil {
		t.Fatal(err)
	}
	if pl.CurrencyCode != "EUR" || pl.NetProfit.Total.String() != "0.00 EUR" || len(pl.Expenses) != 0 {
		t.Errorf("EUR: %+v", pl)
	}
}

func TestPaymentsCollectedReport(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{})
	c, a := env.c, env.acct
	data := makeReportData(t, c, a)
	clientID := freshbooks.CustomerID(data.client.(float64))
	p := freshbooks.PaymentsCollectedParams{StartDate: freshbooks.NewDate(2031, 1, 1), EndDate: freshbooks.NewDate(2031, 12, 31)}
	r, err := a.Reports.PaymentsCollected(t.Context(), &p)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Payments) != 2 || moneyList(r.Totals) != "160.00" || r.Totals[0].Code != "USD" || r.DownloadToken == "" {
		t.Fatalf("report = %+v", r)
	}
	p0 := r.Payments[0]
	if p0.Amount.String() != "110.00 USD" || p0.Date != freshbooks.NewDate(2031, 1, 20) || p0.Method != "Check" ||
		p0.CustomerID != clientID || p0.Client != "Report Co" || p0.InvoiceID == 0 || p0.InvoiceNumber == "" || p0.PaymentID == 0 {
		t.Errorf("payment 0 = %+v", p0)
	}
	for _, tc := range []struct {
		params freshbooks.PaymentsCollectedParams
		want   string
	}{
		{freshbooks.PaymentsCollectedParams{StartDate: p.StartDate, EndDate: p.EndDate, PaymentMethod: "Check"}, "110.00"},
		{freshbooks.PaymentsCollectedParams{StartDate: p.StartDate, EndDate: p.EndDate, CustomerIDs: []freshbooks.CustomerID{clientID}}, "160.00"},
		{freshbooks.PaymentsCollectedParams{StartDate: p.StartDate, EndDate: p.EndDate, CustomerIDs: []freshbooks.CustomerID{freshbooks.CustomerID(data.other.(float64))}}, ""},
		{freshbooks.PaymentsCollectedParams{StartDate: freshbooks.NewDate(2031, 2, 1), EndDate: p.EndDate}, "50.00"},
		{freshbooks.PaymentsCollectedParams{StartDate: p.StartDate, EndDate: p.EndDate, CurrencyCode: "CAD"}, ""},
	} {
		r, err := a.Reports.PaymentsCollected(t.Context(), &tc.params)
		if err != nil {
			t.Fatal(err)
		}
		if got := moneyList(r.Totals); got != tc.want {
			t.Errorf("%+v: totals %q, want %q", tc.params, got, tc.want)
		}
		if len(tc.params.CustomerIDs) > 0 && (len(r.CustomerIDs) != 1 || r.CustomerIDs[0] != tc.params.CustomerIDs[0]) {
			t.Errorf("clientids echoed %v", r.CustomerIDs)
		}
	}
}

func TestTaxSummaryReport(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{})
	c, a := env.c, env.acct
	makeReportData(t, c, a)
	find := func(r *freshbooks.TaxSummaryReport) *freshbooks.TaxSummaryEntry {
		for i := range r.Taxes {
			if r.Taxes[i].TaxName == "RptTax" {
				return &r.Taxes[i]
			}
		}
		t.Fatalf("no RptTax in %+v", r.Taxes)
		return nil
	}
	p := freshbooks.TaxSummaryParams{StartDate: freshbooks.NewDate(2031, 1, 1), EndDate: freshbooks.NewDate(2031, 12, 31)}
	r, err := a.Reports.TaxSummary(t.Context(), &p)
	if err != nil {
		t.Fatal(err)
	}
	e := find(r)
	got := strings.Join([]string{e.TaxableAmountCollected.Amount.String(), e.TaxCollected.Amount.String(), e.TaxableAmountPaid.Amount.String(),
		e.TaxPaid.Amount.String(), e.NetTaxableAmount.Amount.String(), e.NetTax.Amount.String()}, ",")
	if got != "200.00,20.00,40.00,4.00,160.00,16.00" || r.TotalInvoiced.String() != "270.00 USD" || *r.CashBased {
		t.Errorf("accrual: %s, invoiced %v", got, r.TotalInvoiced)
	}
	// The seeded taxes are listed too, with nothing in 2031.
	for _, x := range r.Taxes {
		if x.TaxName != "RptTax" && x.TaxCollected.Amount.String() != "0.00" {
			t.Errorf("tax %s collected %v", x.TaxName, x.TaxCollected)
		}
	}
	cash := true
	p.CashBased = &cash
	r, err = a.Reports.TaxSummary(t.Context(), &p)
	if err != nil {
		t.Fatal(err)
	}
	e = find(r)
	if e.TaxableAmountCollected.Amount.String() != "100.00" || e.TaxCollected.Amount.String() != "10.00" ||
		r.TotalInvoiced.Amount.String() != "160.00" || !*r.CashBased {
		t.Errorf("cash based: %+v, invoiced %v", e, r.TotalInvoiced)
	}
}

func TestReportDatesAndErrors(t *testing.T) {
	a := newEnv(t, freshbookstest.Options{}).acct
	// Without dates FreshBooks reports on today (the clock: 2026-03-08).
	r, err := a.Reports.PaymentsCollected(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if today := freshbooks.NewDate(2026, 3, 8); r.StartDate != today || r.EndDate != today || len(r.Payments) != 0 {
		t.Errorf("default range %v–%v", r.StartDate, r.EndDate)
	}
	for _, tc := range []struct {
		params url.Values
		errno  int
		field  string
	}{
		{url.Values{"start_date": {"2031-02-30"}}, 1004, "start_date"},
		{url.Values{"end_date": {"yesterday"}}, 1004, "end_date"},
		{url.Values{"start_date": {"2031-02-01"}, "end_date": {"2031-01-01"}}, 1007, "start_date"},
		{url.Values{"cash_based": {"perhaps"}}, 1004, "cash_based"},
		{url.Values{"resolution": {"weekly"}}, 1004, "resolution"},
	} {
		var out json.RawMessage
		err := a.Reports.Get(t.Context(), "taxsummary", &freshbooks.ReportParams{Params: tc.params}, &out)
		var ae *freshbooks.APIError
		if !errors.Is(err, freshbooks.ErrValidation) || !errors.As(err, &ae) || ae.Errno != tc.errno ||
			len(ae.Details) != 1 || ae.Details[0].Field != tc.field || ae.Details[0].Object != "report" {
			t.Errorf("%v: %v", tc.params, err)
		}
	}
	// revenue_by_client needs sales_type: the documented error, exactly.
	var out map[string]any
	err = a.Reports.Get(t.Context(), "revenue_by_client", nil, &out)
	var ae *freshbooks.APIError
	if !errors.As(err, &ae) || ae.StatusCode != 422 || len(ae.Details) != 1 ||
		ae.Details[0] != (freshbooks.ErrorDetail{Errno: 1004, Field: "sales_type", Object: "report", Message: "Invalid value '' for field 'sales_type'."}) {
		t.Errorf("revenue_by_client: %v", err)
	}
	// An unknown report.
	if err := a.Reports.Get(t.Context(), "nope", nil, &out); !errors.Is(err, freshbooks.ErrNotFound) {
		t.Errorf("unknown report: %v", err)
	}
	if err := a.Reports.Get(t.Context(), "", nil, &out); err == nil {
		t.Error("empty name accepted")
	}
}

func TestReportGetGeneric(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{})
	c, a := env.c, env.acct
	data := makeReportData(t, c, a)
	var rev struct {
		Clients []struct {
			ClientID int64            `json:"clientid"`
			Client   string           `json:"client"`
			Total    freshbooks.Money `json:"total"`
		} `json:"clients"`
		Total     freshbooks.Money `json:"total"`
		SalesType string           `json:"sales_type"`
	}
	p := &freshbooks.ReportParams{StartDate: freshbooks.NewDate(2031, 1, 1), EndDate: freshbooks.NewDate(2031, 12, 31),
		Params: url.Values{"sales_type": {"invoiced"}}}
	if err := a.Reports.Get(t.Context(), "revenue_by_client", p, &rev); err != nil {
		t.Fatal(err)
	}
	if len(rev.Clients) != 1 || rev.Clients[0].ClientID != int64(data.client.(float64)) || rev.Clients[0].Client != "Report Co" ||
		rev.Total.String() != "270.00 USD" || rev.SalesType != "invoiced" {
		t.Errorf("revenue = %+v", rev)
	}
	p.Params.Set("sales_type", "paid")
	p.EndDate = freshbooks.NewDate(2031, 1, 31)
	if err := a.Reports.Get(t.Context(), "revenue_by_client", p, &rev); err != nil {
		t.Fatal(err)
	}
	if rev.Total.Amount.String() != "110.00" {
		t.Errorf("paid in January = %v", rev.Total)
	}
	// A nil out only checks the answer.
	if err := a.Reports.Get(t.Context(), "profitloss_entity", nil, nil); err != nil {
		t.Error(err)
	}
}

func TestReportQueriesAreFlat(t *testing.T) {
	c, last := replay(t, 200, []byte(`{"response":{"result":{"profitloss":{"currency_code":"USD"}}}}`))
	cash := false
	pl, err := c.Account("ACM123").Reports.ProfitLoss(t.Context(), &freshbooks.ProfitLossParams{StartDate: freshbooks.NewDate(2024, 1, 1),
		EndDate: freshbooks.NewDate(2024, 6, 30), CurrencyCode: "CAD", Resolution: freshbooks.ResolutionQuarterly, CashBased: &cash})
	if err != nil || pl.CurrencyCode != "USD" {
		t.Fatal(pl, err)
	}
	if last.URL.Path != "/accounting/account/ACM123/reports/accounting/profitloss_entity" ||
		last.URL.RawQuery != "cash_based=false&currency_code=CAD&end_date=2024-06-30&resolution=q&start_date=2024-01-01" {
		t.Errorf("request %s?%s", last.URL.Path, last.URL.RawQuery)
	}

	c, last = replay(t, 200, []byte(`{"response":{"result":{"payments_collected":{"payments":[]}}}}`))
	if _, err := c.Account("ACM123").Reports.PaymentsCollected(t.Context(), &freshbooks.PaymentsCollectedParams{
		StartDate: freshbooks.NewDate(2024, 1, 1), CustomerIDs: []freshbooks.CustomerID{1, 2}, PaymentMethod: "Check"}); err != nil {
		t.Fatal(err)
	}
	if q := last.URL.Query(); last.URL.Path != "/accounting/account/ACM123/reports/accounting/payments_collected" ||
		strings.Join(q["clientids[]"], ",") != "1,2" || q.Get("payment_method") != "Check" || q.Get("start_date") != "2024-01-01" ||
		strings.Contains(last.URL.RawQuery, "search") {
		t.Errorf("request %s?%s", last.URL.Path, last.URL.RawQuery)
	}

	c, last = replay(t, 200, []byte(`{"response":{"result":{"taxsummary":{"taxes":[]}}}}`))
	if _, err := c.Account("ACM123").Reports.TaxSummary(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	if last.URL.Path != "/accounting/account/ACM123/reports/accounting/taxsummary" || last.URL.RawQuery != "" {
		t.Errorf("request %s?%s", last.URL.Path, last.URL.RawQuery)
	}

	// An answer without the report is an unexpected response.
	c, _ = replay(t, 200, []byte(`{"response":{"result":{}}}`))
	if _, err := c.Account("ACM123").Reports.TaxSummary(t.Context(), nil); !errors.Is(err, freshbooks.ErrBadResponse) {
		t.Errorf("empty result: %v", err)
	}
}
