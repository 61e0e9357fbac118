package freshbooks

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Date is a civil date, a day on the calendar with no time and no zone, as
// FreshBooks writes create_date, due_date and the like: "2021-01-02". It
// never shifts with the host's time zone.
//
// The zero Date holds no date: JSON null and "" decode to it, it encodes as
// null (or as "" when it was decoded from ""), and [Date.IsZero] reports true
// for it, so a field tagged `json:",omitzero"` is left out.
//
// A JSON string that is not a valid date does not fail decoding: the Date
// keeps the text, encodes back to it, and reports the problem through
// [Date.Valid] and [Date.Err].
//
// Valid Dates are comparable with ==; so is the zero Date.
type Date struct {
	year  int32
	month uint8 // 1–12; 0 when the Date holds no valid date
	day   uint8
	// lit is the JSON text decoded, when it was not a plain valid date.
	lit string
}

// NewDate returns the date year-month-day. As with time.Date, out-of-range
// months and days are normalized: NewDate(2021, 2, 29) is 2021-03-01.
// The year must be in 1–9999, the range of the wire format; outside it
// NewDate returns the zero Date.
func NewDate(year int, month time.Month, day int) Date {
	return DateOf(time.Date(year, month, day, 12, 0, 0, 0, time.UTC))
}

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	if y < 1 || y > 9999 {
		return Date{}
	}
	return Date{year: int32(y), month: uint8(m), day: uint8(d)}
}

// ParseDate parses a date in the form YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("freshbooks: invalid date %q: want YYYY-MM-DD", truncateForError(s))
	}
	y, ok1 := parseDigits(s[0:4])
	m, ok2 := parseDigits(s[5:7])
	d, ok3 := parseDigits(s[8:10])
	switch {
	case !ok1 || !ok2 || !ok3:
		return Date{}, fmt.Errorf("freshbooks: invalid date %q: want YYYY-MM-DD", s)
	case y < 1:
		return Date{}, fmt.Errorf("freshbooks: invalid date %q: year out of range", s)
	case m < 1 || m > 12:
		return Date{}, fmt.Errorf("freshbooks: invalid date %q: month out of range", s)
	case d < 1 || d > daysInMonth(time.Month(m), y):
		return Date{}, fmt.Errorf("freshbooks: invalid date %q: day out of range", s)
	}
	return Date{year: int32(y), month: uint8(m), day: uint8(d)}, nil
}

// parseDigits parses s, which must be all ASCII digits.
func parseDigits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if !isASCIIDigit(s[i]) {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, len(s) > 0
}

func daysInMonth(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Year returns d's year, or 0 if d holds no valid date.
func (d Date) Year() int { return int(d.year) }

// Month returns d's month, or 0 if d holds no valid date.
func (d Date) Month() time.Month { return time.Month(d.month) }

// Day returns d's day of the month, or 0 if d holds no valid date.
func (d Date) Day() int { return int(d.day) }

// IsZero reports whether d holds no date and no text: it was decoded from
// null or "", or never set.
func (d Date) IsZero() bool { return d.month == 0 && (d.lit == "" || d.lit == `""`) }

// Valid reports whether d holds a valid date.
func (d Date) Valid() bool { return d.month != 0 }

// Err returns why the text d was decoded from is not a valid date, or nil
// if d is valid or zero.
func (d Date) Err() error {
	if d.month != 0 || d.IsZero() {
		return nil
	}
	_, err := ParseDate(d.String())
	return err
}

// In returns midnight at the start of d in loc. It panics if loc is nil, as
// time.Date does. The zero Date gives the zero time.Time.
func (d Date) In(loc *time.Location) time.Time {
	if d.month == 0 {
		return time.Time{}
	}
	return time.Date(int(d.year), time.Month(d.month), int(d.day), 0, 0, 0, 0, loc)
}

// AddDays returns d plus n days (n may be negative). Adding to a Date that
// holds no valid date gives the zero Date.
func (d Date) AddDays(n int) Date {
	if d.month == 0 {
		return Date{}
	}
	return NewDate(int(d.year), time.Month(d.month), int(d.day)+n)
}

// Compare returns -1, 0 or +1 as d is before, equal to or after o. A Date
// without a valid date sorts before every valid one.
func (d Date) Compare(o Date) int {
	switch {
	case d.year != o.year:
		return compareInts(d.year, o.year)
	case d.month != o.month:
		return compareInts(d.month, o.month)
	}
	return compareInts(d.day, o.day)
}

func compareInts[T int32 | uint8](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return +1
	}
	return 0
}

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// String returns d as YYYY-MM-DD; for a Date decoded from text that is not a
// valid date, that text; for the zero Date, "".
func (d Date) String() string {
	if d.month == 0 {
		if d.lit == "" {
			return ""
		}
		return unquoteLit(d.lit)
	}
	return string(d.appendTo(make([]byte, 0, 10)))
}

func (d Date) appendTo(b []byte) []byte {
	y, m, dd := int(d.year), int(d.month), int(d.day)
	return append(b,
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-',
		byte('0'+dd/10), byte('0'+dd%10))
}

// MarshalJSON encodes d as "YYYY-MM-DD", or as the text it was decoded from.
// The zero Date encodes as null.
func (d Date) MarshalJSON() ([]byte, error) {
	switch {
	case d.lit != "":
		return []byte(d.lit), nil
	case d.month == 0:
		return []byte("null"), nil
	}
	b := make([]byte, 0, 12)
	b = append(b, '"')
	b = d.appendTo(b)
	return append(b, '"'), nil
}

// UnmarshalJSON decodes a JSON string. Null and "" give the zero Date; text
// that is not a date is kept (see [Date.Valid]). A JSON value that is not a
// string is an error.
func (d *Date) UnmarshalJSON(b []byte) error {
	lit, text, err := decodeStringLit(b)
	switch {
	case err != nil:
		return fmt.Errorf("freshbooks: date: %w", err)
	case lit == "":
		*d = Date{}
		return nil
	}
	v, err := ParseDate(text)
	if err != nil {
		v.lit = lit // keep the text, invalid or empty
	}
	*d = v
	return nil
}

var errNotString = errors.New("not a JSON string")

// decodeStringLit decodes b, which must be a JSON string or null. For null it
// returns an empty lit; otherwise lit is b and text its contents.
func decodeStringLit(b []byte) (lit, text string, err error) {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		return "", "", nil
	}
	lit = string(b)
	if text, ok := unquoteSimple(lit); ok {
		return lit, text, nil
	}
	if len(lit) == 0 || lit[0] != '"' {
		return "", "", fmt.Errorf("%w: %s", errNotString, truncateForError(lit))
	}
	if err := json.Unmarshal(b, &text); err != nil {
		return "", "", err
	}
	return lit, text, nil
}

// unquoteLit returns the contents of the valid JSON string literal lit.
func unquoteLit(lit string) string {
	if s, ok := unquoteSimple(lit); ok {
		return s
	}
	var s string
	_ = json.Unmarshal([]byte(lit), &s)
	return s
}
