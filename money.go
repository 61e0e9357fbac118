package freshbooks

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"
)

// ErrCurrencyMismatch is returned by [Money.Add] and [Money.Sub] for amounts
// in different currencies (codes are compared as FreshBooks sent them).
var ErrCurrencyMismatch = errors.New("freshbooks: currency mismatch")

// Money is an amount of money in a currency, as FreshBooks writes it:
// {"amount": "41.94", "code": "CAD"}. The amount is exact (see [Decimal]) and
// encodes back to the text it was decoded from.
//
// Code is an ISO 4217 currency code. It is left out of the encoding when
// empty: FreshBooks accepts amount-only money on writes and applies the
// object's currency.
//
// The zero Money holds nothing: JSON null decodes to it and it encodes as
// null, so a field tagged `json:",omitzero"` is left out. Members of a money
// object other than amount and code are kept and encoded back.
type Money struct {
	Amount Decimal // the amount, exact
	Code   string  // the ISO 4217 currency code, such as "CAD"

	extra Extra // members FreshBooks may add to money objects
}

// ErrInvalidCurrency is returned by [NewMoney] for a code that is not
// three ASCII letters.
var ErrInvalidCurrency = errors.New("freshbooks: invalid currency code")

// NewMoney returns the money amount in the currency code; amount is parsed
// with [ParseDecimal]. code is normalized to upper case ("cad" is "CAD")
// and must be three letters, or empty for the object's own currency.
// Decoding never checks a code: what FreshBooks sends is kept as sent.
func NewMoney(amount, code string) (Money, error) {
	d, err := ParseDecimal(amount)
	if err != nil {
		return Money{}, err
	}
	c, err := normalizeCurrency(code)
	if err != nil {
		return Money{}, err
	}
	return Money{Amount: d, Code: c}, nil
}

// MustMoney is NewMoney for constants in programs and tests: it panics on
// a bad amount or code.
func MustMoney(amount, code string) Money {
	m, err := NewMoney(amount, code)
	if err != nil {
		panic(err)
	}
	return m
}

// normalizeCurrency upper-cases code and checks it is three letters.
func normalizeCurrency(code string) (string, error) {
	if code == "" {
		return "", nil
	}
	b := []byte(code)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	if len(b) != 3 || !isUpper(b[0]) || !isUpper(b[1]) || !isUpper(b[2]) {
		return "", fmt.Errorf("%w: %q is not three letters such as USD", ErrInvalidCurrency, code)
	}
	return string(b), nil
}

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

// IsZero reports whether m is the zero Money: no amount, no currency. A
// Money of "0.00" CAD is not zero; test the amount with m.Amount.Sign() == 0.
func (m Money) IsZero() bool { return m.Amount.IsZero() && m.Code == "" && len(m.extra) == 0 }

// Add returns m + o. It is an error to add amounts in different currencies;
// a Money without a code takes the other's.
func (m Money) Add(o Money) (Money, error) {
	code, err := m.commonCode(o, "add")
	if err != nil {
		return Money{}, err
	}
	return Money{Amount: m.Amount.Add(o.Amount), Code: code}, nil
}

// Sub returns m - o. It is an error to subtract amounts in different
// currencies; a Money without a code takes the other's.
func (m Money) Sub(o Money) (Money, error) {
	code, err := m.commonCode(o, "subtract")
	if err != nil {
		return Money{}, err
	}
	return Money{Amount: m.Amount.Sub(o.Amount), Code: code}, nil
}

func (m Money) commonCode(o Money, op string) (string, error) {
	switch {
	case strings.EqualFold(m.Code, o.Code) || o.Code == "":
		return m.Code, nil
	case m.Code == "":
		return o.Code, nil
	}
	return "", fmt.Errorf("%w: cannot %s %s and %s", ErrCurrencyMismatch, op, m.Code, o.Code)
}

// Mul returns m's amount multiplied by f, in m's currency: a quantity, a
// rate or a tax fraction. The product is exact; round it with [Money.Round].
func (m Money) Mul(f Decimal) Money {
	return Money{Amount: m.Amount.Mul(f), Code: m.Code}
}

// Div returns m's amount divided by d, in m's currency, rounded half away
// from zero to places decimal places (2 for cents): a division is rarely
// exact, so the precision is the caller's to say. Dividing by zero is an
// error.
func (m Money) Div(d Decimal, places int32) (Money, error) {
	if d.Sign() == 0 {
		return Money{}, errors.New("freshbooks: money divided by zero")
	}
	return Money{Amount: DecimalOf(m.Amount.Decimal().DivRound(d.Decimal(), places)), Code: m.Code}, nil
}

// Round returns m rounded half away from zero to places decimal places,
// such as 2 for cents.
func (m Money) Round(places int32) Money {
	return Money{Amount: m.Amount.Round(places), Code: m.Code}
}

// String returns the amount and the currency code, as "41.94 CAD", or only
// the amount when there is no code.
func (m Money) String() string {
	if m.Code == "" {
		return m.Amount.String()
	}
	return m.Amount.String() + " " + m.Code
}

// MarshalJSON encodes m as {"amount": "41.94", "code": "CAD"}, leaving out
// an empty code. The zero Money encodes as null.
func (m Money) MarshalJSON() ([]byte, error) {
	if m.IsZero() {
		return []byte("null"), nil
	}
	b := make([]byte, 0, 48)
	b = append(b, `{"amount":`...)
	b = m.Amount.appendJSON(b)
	if m.Code != "" {
		b = append(b, `,"code":`...)
		b = appendJSONString(b, m.Code)
	}
	if len(m.extra) == 0 {
		return append(b, '}'), nil
	}
	return appendExtra(b, true, m.extra, func(name string) bool {
		return name == "amount" || name == "code" && m.Code != ""
	})
}

// UnmarshalJSON decodes a money object. The amount may be a JSON string, a
// bare number or null; null decodes to the zero Money.
func (m *Money) UnmarshalJSON(b []byte) error {
	sc := objScanner{data: b}
	switch isObj, err := sc.begin(); {
	case err != nil:
		return fmt.Errorf("freshbooks: money: %w", err)
	case !isObj:
		if isJSONNull(b) {
			*m = Money{}
			return nil
		}
		return &json.UnmarshalTypeError{Value: jsonKind(b), Type: reflect.TypeFor[Money]()}
	}
	var v Money
	for {
		mem, ok := sc.next()
		if !ok {
			break
		}
		key := b[mem.ks:mem.ke]
		if mem.keyEscaped || !utf8.Valid(key) {
			name, err := unescapeKey(b, mem)
			if err != nil {
				return err
			}
			key = []byte(name)
		}
		val := b[mem.vs:mem.ve]
		switch string(key) {
		case "amount":
			if err := v.Amount.UnmarshalJSON(val); err != nil {
				return fmt.Errorf("freshbooks: money: %w", err)
			}
		case "code":
			if s, ok := unquoteSimple(string(val)); ok {
				v.Code = s
			} else if err := json.Unmarshal(val, &v.Code); err != nil {
				return fmt.Errorf("freshbooks: money: code: %w", err)
			}
		default:
			if v.extra == nil {
				v.extra = Extra{}
			}
			v.extra[string(key)] = json.RawMessage(bytes.Clone(val))
		}
	}
	if sc.err != nil {
		return fmt.Errorf("freshbooks: money: %w", sc.err)
	}
	*m = v
	return nil
}
