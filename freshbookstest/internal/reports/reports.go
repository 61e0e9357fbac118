package reports

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/sales"
	"github.com/shopspring/decimal"
)

// reportBehaviours are the accounting reports (freshbooks-api.md §4.5).
func Behaviours() map[string]engine.Behaviour {
	return map[string]engine.Behaviour{"reports": {Hooks: engine.Hooks{Serve: map[engine.Op]engine.Handler{engine.OpList: report}}}}
}

// codeOf returns a money object's currency code, or "".
func codeOf(v any) string {
	switch m := v.(type) {
	case map[string]any:
		c, _ := m["code"].(string)
		return c
	case engine.Record:
		c, _ := m["code"].(string)
		return c
	}
	return ""
}

// active returns the records of a table that are not deleted, in id
// order. Callers hold the lock.
func active(sc *engine.Scope, name string) []engine.Record {
	t := sc.Table(name)
	out := make([]engine.Record, 0, len(t.IDs))
	for _, id := range t.IDs {
		if rec := t.ByID[id]; rec.Str("vis_state") != "1" {
			out = append(out, rec)
		}
	}
	return out
}

// mapsOf returns the objects of an array member.
func mapsOf(v any) []map[string]any {
	arr, _ := v.([]any)
	out := make([]map[string]any, 0, len(arr))
	for _, x := range arr {
		if m, ok := x.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// accountingError answers one accounting error entry about object.
func accountingError(w http.ResponseWriter, r *http.Request, status, errno int, object, field, msg, value string) {
	fe := engine.FieldError{Errno: errno, Message: msg, Object: object, Value: value}
	if field != "" {
		fe.Field = &field
	}
	engine.WriteJSON(w, r, status, engine.AccountingErrors(fe))
}

// reportQuery is a report request's parameters, checked.
type reportQuery struct {
	start, end    string // YYYY-MM-DD, inclusive
	currency      string
	currencyGiven bool // currency_code was a parameter
	cashBased     bool
	resolution    string
}

// in reports whether a date (or the date of a timestamp) is in range.
func (q reportQuery) in(date string) bool {
	if len(date) < 10 {
		return false
	}
	d := date[:10]
	return d >= q.start && d <= q.end
}

// reportParamError is a bad report parameter, answered 422 errno 1004 in
// the accounting shape (the revenue_by_client sales_type error of
// freshbooks-api.md §4.5; its use for every parameter is inferred).
type reportParamError struct {
	errno        int
	field, value string
	message      string
}

func badReportParam(field, value string) *reportParamError {
	return &reportParamError{errno: 1004, field: field, value: value,
		message: "Invalid value '" + value + "' for field '" + field + "'."}
}

func reportParams(sc *engine.Scope, r *http.Request, b *engine.Business) (reportQuery, *reportParamError) {
	q := r.URL.Query()
	// FreshBooks falls back to today when the dates are absent
	// (freshbooks-api.md §4.5); today in the business's zone (inferred).
	today := sc.Now().In(engine.Eastern()).Format(time.DateOnly)
	rq := reportQuery{start: today, end: today, currency: b.Currency, resolution: "m"}
	for _, p := range []struct {
		key string
		dst *string
	}{{"start_date", &rq.start}, {"end_date", &rq.end}} {
		v := q.Get(p.key)
		if v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return rq, badReportParam(p.key, v)
		}
		*p.dst = v
	}
	if rq.start > rq.end {
		return rq, &reportParamError{errno: 1007, field: "start_date", value: rq.start,
			message: "A supplied date range must have the earlier date first."}
	}
	if v := q.Get("currency_code"); v != "" {
		if !engine.IsCurrencyCode(strings.ToUpper(v)) {
			return rq, badReportParam("currency_code", v)
		}
		rq.currency, rq.currencyGiven = strings.ToUpper(v), true
	}
	if v := q.Get("cash_based"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return rq, badReportParam("cash_based", v)
		}
		rq.cashBased = b
	}
	if v := q.Get("resolution"); v != "" {
		if v != "m" && v != "q" && v != "y" {
			return rq, badReportParam("resolution", v)
		}
		rq.resolution = v
	}
	return rq, nil
}

// tooManyPeriods refuses a profit and loss range of more columns than
// maxReportPeriods: a range of centuries by month would be enormous.
// FreshBooks' limit is not documented; this one (and errno 1030
// InvalidRangeValue) is inferred.
func (q reportQuery) tooManyPeriods() *reportParamError {
	start, _ := time.Parse(time.DateOnly, q.start)
	end, _ := time.Parse(time.DateOnly, q.end)
	months := (end.Year()-start.Year())*12 + int(end.Month()) - int(start.Month()) + 1
	if perCol := map[string]int{"m": 1, "q": 3, "y": 12}[q.resolution]; months/perCol > maxReportPeriods {
		return &reportParamError{errno: 1030, field: "end_date", value: q.end,
			message: "The date range has too many periods for the resolution (at most " + strconv.Itoa(maxReportPeriods) + ")."}
	}
	return nil
}

// maxReportPeriods bounds the columns of a report.
const maxReportPeriods = 1200

// multiParam reads a list parameter in any spelling: key[]=1&key[]=2, key=1&key=2
// or key=1,2.
func multiParam(r *http.Request, key string) []string {
	q := r.URL.Query()
	var out []string
	for _, v := range append(q[key+"[]"], q[key]...) {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// reportKeys maps the reports the sandbox computes to their result keys.
var reportKeys = map[string]string{"profitloss_entity": "profitloss", "payments_collected": "payments_collected",
	"taxsummary": "taxsummary", "revenue_by_client": "revenue_by_client"}

func report(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
	name := r.PathValue("report")
	key, known := reportKeys[name]
	if !known {
		accountingError(w, r, http.StatusNotFound, 1012, "report", "report", "Report not found.", name)
		return nil
	}
	rq, pe := reportParams(sc, r, sc.Business)
	if pe == nil && name == "profitloss_entity" {
		pe = rq.tooManyPeriods()
	}
	if pe == nil && name == "revenue_by_client" {
		// Documented: sales_type is required (freshbooks-api.md §4.5);
		// the values accepted are inferred.
		if st := r.URL.Query().Get("sales_type"); st != "invoiced" && st != "paid" {
			pe = badReportParam("sales_type", st)
		}
	}
	if pe != nil {
		accountingError(w, r, http.StatusUnprocessableEntity, pe.errno, "report", pe.field, pe.message, pe.value)
		return nil
	}
	sc.Lock()
	var body map[string]any
	switch name {
	case "profitloss_entity":
		body = profitLoss(sc, rq)
	case "payments_collected":
		body = paymentsCollected(sc, rq, multiParam(r, "clientids"), multiParam(r, "payment_method"))
	case "taxsummary":
		body = taxSummary(sc, rq)
	default:
		body = revenueByClient(sc, rq, r.URL.Query().Get("sales_type"))
	}
	sc.Unlock()
	body["start_date"], body["end_date"] = rq.start, rq.end
	body["download_token"] = sc.SignToken(map[string]any{"account": sc.Business.AccountID, "report": name,
		"start_date": rq.start, "end_date": rq.end, "iat": sc.Now().Unix()})
	engine.WriteJSON(w, r, http.StatusOK, engine.Result(map[string]any{key: body}))
	return nil
}

// paidShare is the share of an invoice a payment pays, at most all.
func paidShare(inv engine.Record, paid decimal.Decimal) decimal.Decimal {
	total, _ := engine.AmountOf(inv["amount"])
	if total.Sign() <= 0 {
		return decimal.Zero
	}
	return decimal.Min(paid.Div(total), decimal.NewFromInt(1))
}

// currencyOf is the currency of a record: its money's code, its
// currency_code, or the business's.
func currencyOf(rec engine.Record, moneyKey, fallback string) string {
	return cmp.Or(codeOf(rec[moneyKey]), cmp.Or(rec.Str("currency_code"), fallback))
}

// periods splits the range into the report's columns.
func (q reportQuery) periods() (labels []string, index func(date string) int) {
	start, _ := time.Parse(time.DateOnly, q.start)
	end, _ := time.Parse(time.DateOnly, q.end)
	var bounds []string // first day of each period, clipped to the range
	p := start
	for !p.After(end) {
		bounds = append(bounds, p.Format(time.DateOnly))
		y, m, _ := p.Date()
		switch q.resolution {
		case "y":
			p = time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)
		case "q":
			p = time.Date(y, m-(m-1)%3+3, 1, 0, 0, 0, 0, time.UTC)
		default:
			p = time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC)
		}
	}
	return bounds, func(date string) int {
		i, _ := slices.BinarySearch(bounds, date[:10]+"~") // the last bound <= date
		return max(i-1, 0)
	}
}

// plEntry builds a profit and loss line from per-period amounts.
func plEntry(description, kind, currency string, data []decimal.Decimal, children []any) map[string]any {
	total := decimal.Zero
	amounts := make([]any, len(data))
	for i, d := range data {
		total = total.Add(d)
		amounts[i] = engine.Money(d.Round(2), currency)
	}
	if children == nil {
		children = []any{}
	}
	return map[string]any{"description": description, "entry_type": kind, "total": engine.Money(total.Round(2), currency),
		"data": amounts, "children": children}
}

// profitLoss computes the profit and loss report from the account's
// invoices (or payments, cash based), other income and expenses. Callers
// hold s.mu.
func profitLoss(sc *engine.Scope, q reportQuery) map[string]any {
	labels, at := q.periods()
	zeros := func() []decimal.Decimal { return make([]decimal.Decimal, len(labels)) }
	sold, other := zeros(), zeros()
	add := func(col []decimal.Decimal, date string, d decimal.Decimal) { col[at(date)] = col[at(date)].Add(d) }
	cur := sc.Business.Currency
	if q.cashBased {
		invoices := sc.Table("invoices")
		for _, p := range active(sc, "payments") {
			inv := invoices.ByID[p.Int("invoiceid")]
			c := currencyOf(p, "amount", cmp.Or(inv.Str("currency_code"), cur))
			if c == q.currency && q.in(p.Str("date")) {
				// What a payment pays of the invoice's income, taxes left
				// out; a payment without its invoice counts whole.
				d, _ := engine.AmountOf(p["amount"])
				if inv != nil {
					d = sales.Income(inv).Mul(paidShare(inv, d))
				}
				add(sold, p.Str("date"), d)
			}
		}
	} else {
		for _, inv := range active(sc, "invoices") {
			if currencyOf(inv, "amount", cur) == q.currency && q.in(inv.Str("create_date")) {
				add(sold, inv.Str("create_date"), sales.Income(inv))
			}
		}
	}
	for _, oi := range active(sc, "other_income") {
		if currencyOf(oi, "amount", cur) == q.currency && q.in(oi.Str("date")) {
			d, _ := engine.AmountOf(oi["amount"])
			add(other, oi.Str("date"), d)
		}
	}
	categories := sc.Table("categories")
	byCategory := map[string][]decimal.Decimal{}
	var names []string
	for _, ex := range active(sc, "expenses") {
		if currencyOf(ex, "amount", cur) != q.currency || !q.in(ex.Str("date")) {
			continue
		}
		name := "Uncategorized"
		if c := categories.ByID[ex.Int("categoryid")]; c != nil && c.Str("category") != "" {
			name = c.Str("category")
		}
		if byCategory[name] == nil {
			byCategory[name] = zeros()
			names = append(names, name)
		}
		d, _ := engine.AmountOf(ex["amount"])
		add(byCategory[name], ex.Str("date"), d)
	}
	slices.Sort(names)
	sum := func(cols ...[]decimal.Decimal) []decimal.Decimal {
		out := zeros()
		for _, c := range cols {
			for i, d := range c {
				out[i] = out[i].Add(d)
			}
		}
		return out
	}
	expenses := []any{}
	var expenseCols [][]decimal.Decimal
	for _, n := range names {
		expenses = append(expenses, plEntry(n, "expense", q.currency, byCategory[n], nil))
		expenseCols = append(expenseCols, byCategory[n])
	}
	totalIncome, totalExpenses := sum(sold, other), sum(expenseCols...)
	net := zeros()
	for i := range net {
		net[i] = totalIncome[i].Sub(totalExpenses[i])
	}
	return map[string]any{
		"cash_based": q.cashBased, "company_name": sc.Business.Name, "currency_code": q.currency, "resolution": q.resolution,
		"labels":         labels,
		"income":         []any{plEntry("Sales", "income", q.currency, sold, nil), plEntry("Other Income", "income", q.currency, other, nil)},
		"expenses":       expenses,
		"total_income":   plEntry("Total Income", "total", q.currency, totalIncome, nil),
		"total_expenses": plEntry("Total Expenses", "total", q.currency, totalExpenses, nil),
		"net_profit":     plEntry("Net Profit", "total", q.currency, net, nil),
	}
}

// clientName is how reports name a client: its organization, or its
// person's name.
func clientName(c engine.Record) string {
	if c == nil {
		return ""
	}
	if o := c.Str("organization"); o != "" {
		return o
	}
	return strings.TrimSpace(c.Str("fname") + " " + c.Str("lname"))
}

// paymentsCollected lists the payments received in range. Callers hold
// s.mu.
func paymentsCollected(sc *engine.Scope, q reportQuery, clientIDs, methods []string) map[string]any {
	invoices, clients := sc.Table("invoices"), sc.Table("clients")
	currencies := []string{} // the filters are echoed, as in FreshBooks' example
	if q.currencyGiven {
		currencies = append(currencies, q.currency)
	}
	totals := map[string]decimal.Decimal{}
	var codes []string
	type row struct {
		date string
		id   int64
		v    map[string]any
	}
	var rows []row
	for _, p := range active(sc, "payments") {
		inv := invoices.ByID[p.Int("invoiceid")]
		c := currencyOf(p, "amount", cmp.Or(inv.Str("currency_code"), sc.Business.Currency))
		clientID := cmp.Or(p.Str("clientid"), inv.Str("customerid"))
		if c != q.currency || !q.in(p.Str("date")) {
			continue
		}
		if len(clientIDs) > 0 && !slices.Contains(clientIDs, clientID) {
			continue
		}
		if len(methods) > 0 && !slices.ContainsFunc(methods, func(m string) bool { return strings.EqualFold(m, p.Str("type")) }) {
			continue
		}
		d, _ := engine.AmountOf(p["amount"])
		if _, ok := totals[c]; !ok {
			codes = append(codes, c)
		}
		totals[c] = totals[c].Add(d)
		cid, _ := strconv.ParseInt(clientID, 10, 64)
		rows = append(rows, row{p.Str("date"), p.Int("id"), map[string]any{
			"amount": engine.Money(d.Round(2), c), "paymentid": p["id"], "clientid": cid, "client": clientName(clients.ByID[cid]),
			"invoiceid": p["invoiceid"], "invoice_number": inv.Str("invoice_number"), "date": p.Str("date"),
			"method": p.Str("type"), "note": p.Str("note"),
		}})
	}
	slices.SortStableFunc(rows, func(a, b row) int { return cmpDateID(a.date, a.id, b.date, b.id) })
	payments := make([]any, len(rows))
	for i, r := range rows {
		payments[i] = r.v
	}
	totalList := []any{}
	for _, c := range codes {
		totalList = append(totalList, engine.Money(totals[c].Round(2), c))
	}
	ids := []any{}
	for _, id := range clientIDs {
		if n, err := strconv.ParseInt(id, 10, 64); err == nil {
			ids = append(ids, n)
		}
	}
	return map[string]any{"clientids": ids, "currency_codes": currencies, "payment_methods": append([]string{}, methods...),
		"payments": payments, "totals": totalList}
}

func cmpDateID(d1 string, id1 int64, d2 string, id2 int64) int {
	if c := strings.Compare(d1, d2); c != 0 {
		return c
	}
	return int(id1 - id2)
}

// taxAmounts accumulates one tax of the tax summary.
type taxAmounts struct {
	taxableCollected, collected, taxablePaid, paid decimal.Decimal
}

// taxSummary sums the taxes on the lines of the invoices in range (or,
// cash based, on the share of them paid in range) and on the expenses in
// range. Callers hold s.mu.
func taxSummary(sc *engine.Scope, q reportQuery) map[string]any {
	taxes := map[string]*taxAmounts{}
	var names []string
	tax := func(name string) *taxAmounts {
		if taxes[name] == nil {
			taxes[name] = &taxAmounts{}
			names = append(names, name)
		}
		return taxes[name]
	}
	for _, t := range active(sc, "taxes") {
		if n := t.Str("name"); n != "" {
			tax(n)
		}
	}
	hundred := decimal.NewFromInt(100)
	invoiced := decimal.Zero
	// collect adds the taxes of an invoice's lines, scaled by share: taxes
	// apply after the discount, and a compounded second tax applies to the
	// amount plus the first tax (as the invoices compute them).
	collect := func(inv engine.Record, share decimal.Decimal) {
		kept := sales.DiscountKept(inv)
		for _, l := range mapsOf(inv["lines"]) {
			lr := engine.Record(l)
			base := sales.LineAmount(lr).Mul(kept).Mul(share)
			// A tax counts when the line names it and carries its rate.
			var names [2]string
			var rates [2]decimal.Decimal
			for i, n := range []string{"1", "2"} {
				if pct, ok := engine.AmountOf(l["taxAmount"+n]); ok && l["taxAmount"+n] != nil {
					names[i], rates[i] = lr.Str("taxName"+n), pct
				}
				if names[i] == "" {
					rates[i] = decimal.Zero
				}
			}
			tax1, on2, tax2 := sales.LineTaxes(base, rates[0], rates[1], lr.Str("compounded_tax") == "true")
			for i, t := range []struct{ on, amount decimal.Decimal }{{base, tax1}, {on2, tax2}} {
				if names[i] != "" {
					entry := tax(names[i])
					entry.taxableCollected = entry.taxableCollected.Add(t.on)
					entry.collected = entry.collected.Add(t.amount)
				}
			}
		}
	}
	cur := sc.Business.Currency
	if q.cashBased {
		invoices := sc.Table("invoices")
		for _, p := range active(sc, "payments") {
			inv := invoices.ByID[p.Int("invoiceid")]
			if inv == nil || currencyOf(p, "amount", cmp.Or(inv.Str("currency_code"), cur)) != q.currency || !q.in(p.Str("date")) {
				continue
			}
			paid, _ := engine.AmountOf(p["amount"])
			invoiced = invoiced.Add(paid)
			collect(inv, paidShare(inv, paid))
		}
	} else {
		for _, inv := range active(sc, "invoices") {
			if currencyOf(inv, "amount", cur) != q.currency || !q.in(inv.Str("create_date")) {
				continue
			}
			total, ok := engine.AmountOf(inv["amount"])
			if !ok {
				total = sales.Income(inv)
			}
			invoiced = invoiced.Add(total)
			collect(inv, decimal.NewFromInt(1))
		}
	}
	for _, ex := range active(sc, "expenses") {
		if currencyOf(ex, "amount", cur) != q.currency || !q.in(ex.Str("date")) {
			continue
		}
		amount, _ := engine.AmountOf(ex["amount"])
		// An expense's taxAmountN is money, taken on its amount
		// (freshbooks-api.md §3.5; the sandbox's expenses compute it so);
		// a bare number is read as a percent of the amount (inferred).
		for _, n := range []string{"1", "2"} {
			name := ex.Str("taxName" + n)
			v := ex["taxAmount"+n]
			d, ok := engine.AmountOf(v)
			if name == "" || !ok || v == nil {
				continue
			}
			if _, isMoney := v.(map[string]any); !isMoney {
				d = amount.Mul(d).Div(hundred)
			}
			t := tax(name)
			t.paid = t.paid.Add(d)
			t.taxablePaid = t.taxablePaid.Add(amount)
		}
	}
	slices.Sort(names)
	entries := []any{}
	for _, n := range names {
		t := taxes[n]
		entries = append(entries, map[string]any{
			"tax_name":                 n,
			"taxable_amount_collected": engine.Money(t.taxableCollected.Round(2), q.currency),
			"tax_collected":            engine.Money(t.collected.Round(2), q.currency),
			"taxable_amount_paid":      engine.Money(t.taxablePaid.Round(2), q.currency),
			"tax_paid":                 engine.Money(t.paid.Round(2), q.currency),
			"net_taxable_amount":       engine.Money(t.taxableCollected.Sub(t.taxablePaid).Round(2), q.currency),
			"net_tax":                  engine.Money(t.collected.Sub(t.paid).Round(2), q.currency),
		})
	}
	return map[string]any{"cash_based": q.cashBased, "company_name": sc.Business.Name, "currency_code": q.currency,
		"taxes": entries, "total_invoiced": engine.Money(invoiced.Round(2), q.currency)}
}

// revenueByClient sums, per client, what was invoiced (or paid) in range.
// The report's shape is inferred. Callers hold s.mu.
func revenueByClient(sc *engine.Scope, q reportQuery, salesType string) map[string]any {
	clients, invoices := sc.Table("clients"), sc.Table("invoices")
	sums := map[int64]decimal.Decimal{}
	var order []int64
	add := func(cid int64, d decimal.Decimal) {
		if _, ok := sums[cid]; !ok {
			order = append(order, cid)
		}
		sums[cid] = sums[cid].Add(d)
	}
	cur := sc.Business.Currency
	if salesType == "paid" {
		for _, p := range active(sc, "payments") {
			inv := invoices.ByID[p.Int("invoiceid")]
			if currencyOf(p, "amount", cmp.Or(inv.Str("currency_code"), cur)) == q.currency && q.in(p.Str("date")) {
				d, _ := engine.AmountOf(p["amount"])
				add(firstNonZero(p.Int("clientid"), inv.Int("customerid")), d)
			}
		}
	} else {
		for _, inv := range active(sc, "invoices") {
			if currencyOf(inv, "amount", cur) == q.currency && q.in(inv.Str("create_date")) {
				d, _ := engine.AmountOf(inv["amount"])
				add(inv.Int("customerid"), d)
			}
		}
	}
	slices.Sort(order)
	rows := []any{}
	total := decimal.Zero
	for _, cid := range order {
		total = total.Add(sums[cid])
		rows = append(rows, map[string]any{"clientid": cid, "client": clientName(clients.ByID[cid]), "total": engine.Money(sums[cid].Round(2), q.currency)})
	}
	return map[string]any{"company_name": sc.Business.Name, "currency_code": q.currency, "sales_type": salesType,
		"clients": rows, "total": engine.Money(total.Round(2), q.currency)}
}

func firstNonZero(a, b int64) int64 {
	if a != 0 {
		return a
	}
	return b
}
