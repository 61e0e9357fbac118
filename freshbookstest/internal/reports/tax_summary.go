package reports

import (
	"cmp"
	"slices"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/sales"
	"github.com/shopspring/decimal"
)

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
