package sales

import (
	"encoding/json"
	"strconv"
	"strings"

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

type totalsOf struct {
	subtotal, discount, tax, amount decimal.Decimal
}

// price normalizes the lines of a document and computes its totals. Line
// ids are numbered within the document, as FreshBooks does (1, 2, …).
// parentKey names the member of a line that refers to the document.
func price(sc *engine.Scope, rec engine.Record, parentKey string, discount bool) totalsOf {
	code := rec.Str("currency_code")
	lines, _ := rec["lines"].([]any)
	next := int64(0)
	for _, l := range lines {
		if m, ok := l.(map[string]any); ok {
			next = max(next, engine.Record(m).Int("lineid"))
		}
	}
	var pct decimal.Decimal
	if discount {
		pct, _ = engine.DecimalOf(rec["discount_value"])
	}
	var t totalsOf
	kept := make([]any, 0, len(lines))
	for _, l := range lines {
		m, ok := l.(map[string]any)
		if !ok {
			continue
		}
		line := engine.Record(m)
		if line.Int("lineid") <= 0 {
			next++
			line["lineid"] = json.Number(strconv.FormatInt(next, 10))
		}
		line[parentKey] = rec["id"]
		amount := charge(line)
		cost, _ := engine.AmountOf(line["unit_cost"])
		line["qty"] = lineQty(line).String()
		line["unit_cost"] = engine.Money(cost, code)
		line["amount"] = engine.Money(amount, code)
		setDefaults(line, map[string]any{"type": json.Number("0"), "name": "", "description": "", "compounded_tax": false,
			"taxName1": "", "taxName2": "", "expenseid": json.Number("0"), "taskno": json.Number("0"), "retainer_id": nil,
			"retainer_period_id": nil, "modern_project_id": nil, "modern_time_entries": []any{}, "basecampid": json.Number("0"), "date": nil})
		rate1 := lineTax(sc, line, "1")
		rate2 := lineTax(sc, line, "2")
		// Taxes apply to the amount after the discount.
		tax1, _, tax2 := LineTaxes(afterDiscount(amount, pct), rate1, rate2, line.Str("compounded_tax") == "true")
		t.subtotal = t.subtotal.Add(amount)
		t.tax = t.tax.Add(tax1).Add(tax2)
		kept = append(kept, map[string]any(line))
	}
	rec["lines"] = kept
	t.discount = cents(t.subtotal.Mul(pct).Shift(-2))
	t.tax = cents(t.tax)
	t.amount = t.subtotal.Sub(t.discount).Add(t.tax)
	return t
}

// lineTax returns the rate of a line's tax n ("1" or "2"), filling in the
// rate and the registration number of a business tax named without a rate.
func lineTax(sc *engine.Scope, line engine.Record, n string) decimal.Decimal {
	name := strings.TrimSpace(line.Str("taxName" + n))
	if rate, ok := engine.DecimalOf(line["taxAmount"+n]); ok {
		line["taxAmount"+n] = rate.String()
		return rate
	}
	line["taxAmount"+n] = nil
	if name == "" {
		return decimal.Decimal{}
	}
	t := sc.Table("taxes")
	for _, id := range t.IDs {
		tax := t.ByID[id]
		if strings.EqualFold(tax.Str("name"), name) {
			rate, _ := engine.DecimalOf(tax["amount"])
			line["taxAmount"+n] = rate.String()
			if num := tax.Str("number"); num != "" {
				line["taxNumber"+n] = num
			}
			return rate
		}
	}
	return decimal.Decimal{}
}

// nextNumber gives a document its number when the write did not: one more
// than the documents of its kind in the scope, seven digits.
