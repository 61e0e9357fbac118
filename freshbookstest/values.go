package freshbookstest

import (
	"encoding/json"
	"strings"

	"github.com/shopspring/decimal"
)

// Values as records hold them: the readers and writers every family
// shares.

// decimalOf reads a decimal from a JSON string or number (or a Go number
// of a record built in-process). Values with huge exponents are refused,
// so no input can make arithmetic blow up.
func decimalOf(v any) (decimal.Decimal, bool) {
	var text string
	switch v := v.(type) {
	case json.Number:
		text = v.String()
	case string:
		text = strings.TrimSpace(v)
	case int:
		return decimal.NewFromInt(int64(v)), true
	case int64:
		return decimal.NewFromInt(v), true
	case float64:
		return decimal.NewFromFloat(v), true
	default:
		return decimal.Decimal{}, false
	}
	if text == "" || len(text) > 64 {
		return decimal.Decimal{}, false
	}
	d, err := decimal.NewFromString(text)
	if err != nil || d.Exponent() < -30 || d.Exponent() > 30 {
		return decimal.Decimal{}, false
	}
	return d, true
}

// amountOf reads the amount of a money object, or a bare amount.
func amountOf(v any) (decimal.Decimal, bool) {
	switch m := v.(type) {
	case map[string]any:
		return decimalOf(m["amount"])
	case record:
		return decimalOf(m["amount"])
	}
	return decimalOf(v)
}

// amountText writes an amount with at least two decimals, as FreshBooks
// does, keeping any further precision it carries.
func amountText(d decimal.Decimal) string {
	if d.Exponent() >= -2 {
		return d.StringFixed(2)
	}
	return d.String()
}

// moneyJSON is a money object in the wire form.
func moneyJSON(d decimal.Decimal, code string) map[string]any {
	return map[string]any{"amount": amountText(d), "code": code}
}
