package freshbooks

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strconv"

	"github.com/shopspring/decimal"
)

// Decimal is an exact decimal number, as FreshBooks writes quantities,
// percentages, rates and money amounts: "4", "13", "10.00",
// "7.60133524082021936099189318". It never goes through a float.
//
// A Decimal decoded from JSON remembers its exact text and whether it was a
// JSON string or a bare number, and encodes back to the same bytes: "10.00"
// stays "10.00" and 10 stays 10. A Decimal computed by arithmetic encodes as
// a JSON string that keeps its scale: "4" times "10.00" is "40.00".
//
// The zero Decimal holds no value: it is what JSON null decodes to, it
// encodes as null, and [Decimal.IsZero] reports true for it, so a field
// tagged `json:",omitzero"` is left out. In arithmetic and comparisons it
// counts as 0. A Decimal holding the number 0 ("0.00") is not the zero
// Decimal; test the number with [Decimal.Sign].
//
// Compare Decimals with [Decimal.Cmp] or [Decimal.Equal], never with ==.
// Decimal values are immutable and safe to share between goroutines.
type Decimal struct {
	d decimal.Decimal
	// lit is the exact JSON text the value came from, quotes included for a
	// JSON string (`"10.00"`, `10`, `""`). It is empty for the zero Decimal
	// and for computed values, which encode from d.
	lit string
	set bool // d holds a number
}

// maxDecimalExponent bounds the exponent of a parsed Decimal, so that a short
// hostile input such as "1e-999999999" cannot make arithmetic on it take
// unbounded time and memory.
const maxDecimalExponent = 10000

// ParseDecimal parses a decimal number: an optional sign, digits, an optional
// fraction and an optional exponent, as in "41.94", "-3", "1.5e3". The
// text is kept: the result's String is s.
func ParseDecimal(s string) (Decimal, error) {
	d, err := parseDecimal(s)
	if err != nil {
		return Decimal{}, err
	}
	return Decimal{d: d, lit: strconv.Quote(s), set: true}, nil
}

// MustDecimal is like [ParseDecimal] but panics if s is not a decimal
// number. It is meant for constants in programs and tests.
func MustDecimal(s string) Decimal {
	d, err := ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DecimalFromInt returns the integer n as a Decimal.
func DecimalFromInt(n int64) Decimal {
	return Decimal{d: decimal.NewFromInt(n), set: true}
}

// DecimalOf converts a shopspring decimal to a Decimal. Its text keeps the
// exponent's scale: decimal.New(1230, -2) is "12.30".
func DecimalOf(d decimal.Decimal) Decimal {
	return Decimal{d: d, set: true}
}

// Decimal returns d as a shopspring decimal, for arithmetic this type does not
// offer. The zero Decimal gives 0.
func (d Decimal) Decimal() decimal.Decimal { return d.d }

// IsZero reports whether d is the zero Decimal, which holds no value (JSON
// null, or an empty string). It does not report whether the number is 0: use
// d.Sign() == 0 for that.
func (d Decimal) IsZero() bool { return !d.set }

// Sign returns -1, 0 or +1 as d is negative, zero or positive. The zero
// Decimal counts as 0.
func (d Decimal) Sign() int { return d.d.Sign() }

// Add returns d + o. Its scale is the larger of the two: "1.5" + "2.25" is
// "3.75".
func (d Decimal) Add(o Decimal) Decimal { return DecimalOf(d.d.Add(o.d)) }

// Sub returns d - o.
func (d Decimal) Sub(o Decimal) Decimal { return DecimalOf(d.d.Sub(o.d)) }

// Mul returns d × o. Its scale is the sum of the two: "4" × "10.00" is
// "40.00".
func (d Decimal) Mul(o Decimal) Decimal { return DecimalOf(d.d.Mul(o.d)) }

// Neg returns -d.
func (d Decimal) Neg() Decimal { return DecimalOf(d.d.Neg()) }

// Round rounds d to places digits after the decimal point, halves away from
// zero ("2.345" gives "2.35", "-2.345" gives "-2.35"), as invoices round
// money. The result has exactly places digits after the point: "10" rounded
// to 2 places is "10.00". A negative places rounds to tens, hundreds, ….
func (d Decimal) Round(places int32) Decimal { return DecimalOf(d.d.Round(places)) }

// Cmp compares the numbers d and o and returns -1, 0 or +1 as d is less
// than, equal to or greater than o. The scale does not matter: "10" equals
// "10.00".
func (d Decimal) Cmp(o Decimal) int { return d.d.Cmp(o.d) }

// Equal reports whether d and o are the same number, whatever their scale.
func (d Decimal) Equal(o Decimal) bool { return d.d.Equal(o.d) }

// String returns d's text: the exact text it was parsed or decoded from,
// or for a computed value its digits with the scale kept ("40.00"), never in
// scientific notation. The zero Decimal gives "0".
func (d Decimal) String() string {
	switch {
	case !d.set:
		return "0"
	case d.lit == "":
		return d.d.StringFixed(max(0, -d.d.Exponent()))
	case d.lit[0] != '"':
		return d.lit
	}
	s, ok := unquoteSimple(d.lit)
	if !ok {
		// An escaped string; it was valid JSON when it was decoded.
		_ = json.Unmarshal([]byte(d.lit), &s)
	}
	return s
}

// MarshalJSON encodes d as the text it was decoded from, or as a JSON string
// holding its digits. The zero Decimal encodes as null.
func (d Decimal) MarshalJSON() ([]byte, error) {
	return d.appendJSON(make([]byte, 0, max(len(d.lit), 24))), nil
}

func (d Decimal) appendJSON(b []byte) []byte {
	switch {
	case d.lit != "":
		return append(b, d.lit...)
	case !d.set:
		return append(b, "null"...)
	}
	b = append(b, '"')
	b = append(b, d.d.StringFixed(max(0, -d.d.Exponent()))...)
	return append(b, '"')
}

// UnmarshalJSON decodes a JSON string holding a decimal number ("41.94") or
// a bare JSON number (41.94). Null and "" give the zero Decimal. Anything
// else is an error.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*d = Decimal{}
		return nil
	}
	lit := string(b)
	text := lit
	if len(lit) > 0 && lit[0] == '"' {
		var ok bool
		if text, ok = unquoteSimple(lit); !ok {
			if err := json.Unmarshal(b, &text); err != nil {
				return fmt.Errorf("freshbooks: decimal: %w", err)
			}
		}
		if text == "" {
			*d = Decimal{lit: lit}
			return nil
		}
	} else if len(b) == 0 || (b[0] != '-' && !isASCIIDigit(b[0])) {
		return fmt.Errorf("freshbooks: decimal: want a JSON string or number, got %s", truncateForError(lit))
	} else if end, err := scanNumber(b, 0); err != nil || end != len(b) {
		return fmt.Errorf("freshbooks: decimal: invalid JSON number %s", truncateForError(lit))
	}
	v, err := parseDecimal(text)
	if err != nil {
		return err
	}
	*d = Decimal{d: v, lit: lit, set: true}
	return nil
}

var errDecimalSyntax = errors.New("not a decimal number")

// parseDecimal parses s strictly: [+-]digits[.digits][(e|E)[+-]digits].
func parseDecimal(s string) (decimal.Decimal, error) {
	fail := func(why error) (decimal.Decimal, error) {
		return decimal.Decimal{}, fmt.Errorf("freshbooks: invalid decimal %q: %w", truncateForError(s), why)
	}
	i := 0
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	intStart := i
	for i < len(s) && isASCIIDigit(s[i]) {
		i++
	}
	intDigits := s[intStart:i]
	if intDigits == "" {
		return fail(errDecimalSyntax)
	}
	var fracDigits string
	if i < len(s) && s[i] == '.' {
		i++
		start := i
		for i < len(s) && isASCIIDigit(s[i]) {
			i++
		}
		fracDigits = s[start:i]
		if fracDigits == "" {
			return fail(errDecimalSyntax)
		}
	}
	exp := int64(0)
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		start := i
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		for i < len(s) && isASCIIDigit(s[i]) {
			i++
		}
		e, err := strconv.ParseInt(s[start:i], 10, 32)
		if err != nil {
			if errors.Is(err, strconv.ErrRange) {
				return fail(errors.New("exponent out of range"))
			}
			return fail(errDecimalSyntax)
		}
		exp = e
	}
	if i != len(s) {
		return fail(errDecimalSyntax)
	}
	exp -= int64(len(fracDigits))
	if exp < -maxDecimalExponent || exp > maxDecimalExponent {
		return fail(errors.New("exponent out of range"))
	}
	if n := len(intDigits) + len(fracDigits); n <= 18 {
		var u int64
		for _, part := range [2]string{intDigits, fracDigits} {
			for j := 0; j < len(part); j++ {
				u = u*10 + int64(part[j]-'0')
			}
		}
		if neg {
			u = -u
		}
		return decimal.New(u, int32(exp)), nil
	}
	coef, ok := new(big.Int).SetString(intDigits+fracDigits, 10)
	if !ok {
		return fail(errDecimalSyntax)
	}
	if neg {
		coef.Neg(coef)
	}
	return decimal.NewFromBigInt(coef, int32(exp)), nil
}

func isASCIIDigit(c byte) bool { return '0' <= c && c <= '9' }

// unquoteSimple returns the contents of the JSON string literal lit when it
// holds no escapes and no bytes that JSON decoding would change.
func unquoteSimple(lit string) (string, bool) {
	if len(lit) < 2 || lit[0] != '"' || lit[len(lit)-1] != '"' {
		return "", false
	}
	s := lit[1 : len(lit)-1]
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\\' || c == '"' || c < 0x20 || c >= 0x80 {
			return "", false
		}
	}
	return s, true
}

// truncateForError shortens s for an error message.
func truncateForError(s string) string {
	const n = 64
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
