package reports

import (
	"cmp"
	"slices"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/sales"
	"github.com/shopspring/decimal"
)

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
