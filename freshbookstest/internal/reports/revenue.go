package reports

import (
	"cmp"
	"slices"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/shopspring/decimal"
)

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
