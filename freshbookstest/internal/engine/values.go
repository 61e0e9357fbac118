package engine

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Values as records hold them: the readers and writers every family
// shares.

// DecimalOf reads a decimal from a JSON string or number (or a Go number
// of a record built in-process). Values with huge exponents are refused,
// so no input can make arithmetic blow up.
func DecimalOf(v any) (decimal.Decimal, bool) {
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

// AmountOf reads the amount of a money object, or a bare amount.
func AmountOf(v any) (decimal.Decimal, bool) {
	switch m := v.(type) {
	case map[string]any:
		return DecimalOf(m["amount"])
	case Record:
		return DecimalOf(m["amount"])
	}
	return DecimalOf(v)
}

// AmountText writes an amount with at least two decimals, as FreshBooks
// does, keeping any further precision it carries.
func AmountText(d decimal.Decimal) string {
	if d.Exponent() >= -2 {
		return d.StringFixed(2)
	}
	return d.String()
}

// Money is a money object in the wire form.
func Money(d decimal.Decimal, code string) map[string]any {
	return map[string]any{"amount": AmountText(d), "code": code}
}

// AsMap reads an object member, or nil.
func AsMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// Num is an id or count as records hold it.
func Num(n int64) json.Number { return json.Number(strconv.FormatInt(n, 10)) }

// IsCurrencyCode reports whether s is an ISO 4217 code such as "USD".
func IsCurrencyCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, c := range s {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}
