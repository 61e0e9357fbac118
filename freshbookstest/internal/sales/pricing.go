package sales

import (
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/shopspring/decimal"
)

// Pricing of invoice-like documents, in one place: the documents' totals
// (price) and the accounting reports are computed from these.

var hundred = decimal.NewFromInt(100)

// cents rounds an amount to the cent.
func cents(d decimal.Decimal) decimal.Decimal { return d.Round(2) }

// charge is what a line charges before discount and taxes: its quantity
// (1 when it has none [INF]) times its unit cost, to the cent.
func charge(line engine.Record) decimal.Decimal {
	cost, _ := engine.AmountOf(line["unit_cost"])
	return cents(lineQty(line).Mul(cost))
}

// LineAmount is a line's amount as stored (pricing sets it to the line's
// charge), or its charge when it has none.
func LineAmount(line engine.Record) decimal.Decimal {
	if d, ok := engine.AmountOf(line["amount"]); ok && line["amount"] != nil {
		return d
	}
	return charge(line)
}

// lineQty is a line's quantity; a line without one counts once [INF].
func lineQty(line engine.Record) decimal.Decimal {
	if qty, ok := engine.DecimalOf(line["qty"]); ok {
		return qty
	}
	return decimal.NewFromInt(1)
}

// afterDiscount is what pct percent off leaves of d.
func afterDiscount(d, pct decimal.Decimal) decimal.Decimal { return d.Mul(hundred.Sub(pct)).Shift(-2) }

// DiscountKept is the share of a document's lines its discount leaves.
func DiscountKept(doc engine.Record) decimal.Decimal {
	pct, _ := engine.DecimalOf(doc["discount_value"])
	return afterDiscount(decimal.NewFromInt(1), pct)
}

// LineTaxes are the taxes of a line whose amount after the discount is
// base: the first at rate1 percent, the second at rate2 percent of base,
// or of base plus the first tax when compounded. on2 is what the second
// applies to.
func LineTaxes(base, rate1, rate2 decimal.Decimal, compounded bool) (tax1, on2, tax2 decimal.Decimal) {
	tax1 = base.Mul(rate1).Shift(-2)
	on2 = base
	if compounded {
		on2 = base.Add(tax1)
	}
	return tax1, on2, on2.Mul(rate2).Shift(-2)
}

// Income is what a priced invoice earns before taxes: its lines after its
// discount, or its amount when it has no lines.
func Income(inv engine.Record) decimal.Decimal {
	lines, _ := inv["lines"].([]any)
	if len(lines) == 0 {
		d, _ := engine.AmountOf(inv["amount"])
		return d
	}
	total := decimal.Zero
	for _, l := range lines {
		if m, ok := l.(map[string]any); ok {
			total = total.Add(LineAmount(m))
		}
	}
	return total.Mul(DiscountKept(inv))
}
