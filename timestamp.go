package freshbooks

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"sync"
	"time"
	_ "time/tzdata" // America/New_York on hosts without zoneinfo
)

// easternLocation returns the America/New_York location, loaded on first use.
var easternLocation = sync.OnceValues(func() (*time.Location, error) {
	return time.LoadLocation("America/New_York")
})

// stamp is the common part of the timestamp types.
type stamp struct {
	t   time.Time // the instant in UTC; zero when none or invalid
	lit string    // the JSON text decoded, quotes included; "" when built
	ok  bool      // t holds an instant
}

// timeFamily describes one wire convention.
type timeFamily struct {
	name    string
	eastern bool // naive "YYYY-MM-DD HH:MM:SS" is US/Eastern, not UTC
	iso     bool // written as ISO 8601 with T and Z
}

var (
	accountingFamily    = &timeFamily{name: "accounting timestamp", eastern: true}
	accountingUTCFamily = &timeFamily{name: "accounting UTC timestamp"}
	isoFamily           = &timeFamily{name: "timestamp", iso: true}
)

func newStamp(t time.Time) stamp {
	if t.IsZero() {
		return stamp{}
	}
	return stamp{t: t.UTC().Truncate(time.Microsecond), ok: true}
}

func (s stamp) isZero() bool { return !s.ok && (s.lit == "" || s.lit == `""`) }

func (s stamp) valid() bool { return s.ok }

func (s stamp) err(f *timeFamily) error {
	if s.valid() || s.isZero() {
		return nil
	}
	_, err := f.parse(unquoteLit(s.lit))
	return err
}

func (s stamp) string(f *timeFamily) string {
	switch {
	case s.lit != "":
		return unquoteLit(s.lit)
	case !s.ok:
		return ""
	}
	b, _ := f.appendFormat(nil, s.t)
	return string(b)
}

func (s stamp) marshal(f *timeFamily) ([]byte, error) {
	switch {
	case s.lit != "":
		return []byte(s.lit), nil
	case !s.ok:
		return []byte("null"), nil
	}
	b, err := f.appendFormat([]byte{'"'}, s.t)
	if err != nil {
		return nil, err
	}
	return append(b, '"'), nil
}

func (s *stamp) unmarshal(f *timeFamily, b []byte) error {
	lit, text, err := decodeStringLit(b)
	switch {
	case err != nil:
		return fmt.Errorf("freshbooks: %s: %w", f.name, err)
	case lit == "":
		*s = stamp{}
		return nil
	}
	t, err := f.parse(text) // invalid text is kept; Err reports it
	*s = stamp{t: t, lit: lit, ok: err == nil}
	return nil
}

func (f *timeFamily) appendFormat(b []byte, t time.Time) ([]byte, error) {
	switch {
	case f.eastern:
		loc, err := easternLocation()
		if err != nil {
			return nil, fmt.Errorf("freshbooks: %s: %w", f.name, err)
		}
		t = t.In(loc)
	default:
		t = t.UTC()
	}
	if y := t.Year(); y < 1 || y > 9999 {
		return nil, fmt.Errorf("freshbooks: %s: year %d out of range", f.name, y)
	}
	layout := "2006-01-02 15:04:05"
	if f.iso {
		layout = "2006-01-02T15:04:05"
	}
	b = t.AppendFormat(b, layout)
	if t.Nanosecond() >= 1000 {
		b = t.AppendFormat(b, ".000000")
	}
	if f.iso {
		b = append(b, 'Z')
	}
	return b, nil
}

var errTimestampSyntax = errors.New("want YYYY-MM-DD HH:MM:SS or YYYY-MM-DDTHH:MM:SS, optionally with fractional seconds and a zone")

// parse reads text as described above; the instant is in UTC.
func (f *timeFamily) parse(s string) (time.Time, error) {
	fail := func(why error) (time.Time, error) {
		return time.Time{}, fmt.Errorf("freshbooks: invalid %s %q: %w", f.name, truncateForError(s), why)
	}
	// YYYY-MM-DD?hh:mm:ss
	if len(s) < 19 || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' {
		return fail(errTimestampSyntax)
	}
	var v [6]int
	for i, pos := range [6]int{0, 5, 8, 11, 14, 17} {
		n := 2
		if i == 0 {
			n = 4
		}
		x, ok := parseDigits(s[pos : pos+n])
		if !ok {
			return fail(errTimestampSyntax)
		}
		v[i] = x
	}
	year, month, day, hour, minute, sec := v[0], time.Month(v[1]), v[2], v[3], v[4], v[5]
	switch {
	case year < 1:
		return fail(errors.New("year out of range"))
	case month < 1 || month > 12:
		return fail(errors.New("month out of range"))
	case day < 1 || day > daysInMonth(month, year):
		return fail(errors.New("day out of range"))
	case hour > 23:
		return fail(errors.New("hour out of range"))
	case minute > 59:
		return fail(errors.New("minute out of range"))
	case sec > 59:
		return fail(errors.New("second out of range"))
	}
	rest := s[19:]
	nsec := 0
	if len(rest) > 0 && rest[0] == '.' {
		i := 1
		for i < len(rest) && isASCIIDigit(rest[i]) {
			i++
		}
		digits := rest[1:i]
		if len(digits) == 0 || len(digits) > 9 {
			return fail(errors.New("bad fractional seconds"))
		}
		nsec, _ = parseDigits(digits)
		for range 9 - len(digits) {
			nsec *= 10
		}
		rest = rest[i:]
	}
	switch {
	case rest == "Z":
		return time.Date(year, month, day, hour, minute, sec, nsec, time.UTC), nil
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, ok1 := parseDigits(rest[1:3])
		om, ok2 := parseDigits(rest[4:6])
		if !ok1 || !ok2 || oh > 23 || om > 59 {
			return fail(errors.New("bad zone offset"))
		}
		off := time.Duration(oh)*time.Hour + time.Duration(om)*time.Minute
		if rest[0] == '-' {
			off = -off
		}
		return time.Date(year, month, day, hour, minute, sec, nsec, time.UTC).Add(-off), nil
	case rest != "":
		return fail(errTimestampSyntax)
	case !f.eastern || s[10] == 'T':
		return time.Date(year, month, day, hour, minute, sec, nsec, time.UTC), nil
	}
	loc, err := easternLocation()
	if err != nil {
		return fail(err)
	}
	t := time.Date(year, month, day, hour, minute, sec, nsec, loc)
	if t.Hour() != hour || t.Minute() != minute {
		// The wall time was skipped by a change to daylight saving time:
		// use the offset from before the change, as Python's zoneinfo does.
		_, off := t.Zone()
		t = time.Date(year, month, day, hour, minute, sec, nsec, time.UTC).Add(-time.Duration(off) * time.Second)
	}
	return t.UTC(), nil
}

// AccountingTime is an instant as most FreshBooks accounting fields write it:
// "2019-11-14 11:27:45", US/Eastern wall time.
//
// FreshBooks writes instants three ways, and each has its own type:
//
//   - AccountingTime: "2019-11-14 11:27:45" (optionally with microseconds,
//     "2021-04-16 10:31:58.480684") in US/Eastern time, with daylight saving:
//     most accounting fields (updated, created_at, last_login, …).
//   - AccountingUTCTime: the same form in UTC: the accounting exceptions
//     client signup_date, bill and bill vendor created_at and updated_at, and
//     tax defaults created_at and updated_at.
//   - Time: ISO 8601 in UTC, "2020-10-17T05:00:00Z", with or without the Z,
//     with optional fractional seconds: projects, time tracking, comments,
//     auth, ledger and events.
//
// All three read any of these forms, so a field typed with the wrong family
// still decodes sensibly: text without a zone is read in the family's zone,
// except that text with a "T" between date and time is read as UTC (as the
// official SDKs do for accounting fields), and an explicit "Z" or offset
// ("+05:30") is honored. Each keeps the exact text it was decoded from and
// encodes back to it; a value built with NewAccountingTime,
// NewAccountingUTCTime or NewTime encodes in its family's form, at
// microsecond precision.
//
// Text that is not a valid timestamp ("2019-09-13 08:16:74") does not fail
// decoding, which would lose the rest of the response: the value keeps the
// text, encodes back to it, reports false from Valid and the reason from Err,
// and holds the zero time.Time. A JSON value that is not a string or null is
// a decoding error.
//
// A US/Eastern wall time that occurs twice (the hour repeated when daylight
// saving ends) is read as the first, daylight-saving one; one that does not
// occur (the hour skipped when it starts) is read with the offset from before
// the change, as Python's zoneinfo does.
//
// The zero AccountingTime holds no instant: JSON null and "" decode to it, it
// encodes as null (or "" if decoded from ""), and IsZero reports true for it,
// so a field tagged `json:",omitzero"` is left out.
type AccountingTime struct{ s stamp }

// NewAccountingTime returns t as an AccountingTime, truncated to the
// microsecond. It encodes as US/Eastern wall time, "2006-01-02 15:04:05"
// (with ".000000" microseconds when t has any).
func NewAccountingTime(t time.Time) AccountingTime { return AccountingTime{newStamp(t)} }

// Time returns the instant in UTC, or the zero time.Time if there is none or
// the decoded text was invalid.
func (t AccountingTime) Time() time.Time { return t.s.t }

// IsZero reports whether t holds no instant and no text.
func (t AccountingTime) IsZero() bool { return t.s.isZero() }

// Valid reports whether t holds an instant.
func (t AccountingTime) Valid() bool { return t.s.valid() }

// Err returns why the decoded text is not a valid timestamp, or nil.
func (t AccountingTime) Err() error { return t.s.err(accountingFamily) }

// String returns the text t was decoded from, or t in its wire form, or "" for
// the zero AccountingTime.
func (t AccountingTime) String() string { return t.s.string(accountingFamily) }

// MarshalJSON encodes t as the text it was decoded from or in its wire form;
// the zero AccountingTime encodes as null.
func (t AccountingTime) MarshalJSON() ([]byte, error) { return t.s.marshal(accountingFamily) }

// UnmarshalJSON decodes a JSON string or null. Text that is not a valid
// timestamp is kept, not an error.
func (t *AccountingTime) UnmarshalJSON(b []byte) error { return t.s.unmarshal(accountingFamily, b) }

// AccountingUTCTime is an instant in the accounting form, "2020-10-31
// 15:25:34", but in UTC: client signup_date; bill and bill vendor created_at
// and updated_at; tax defaults created_at and updated_at. It behaves as
// [AccountingTime] otherwise.
type AccountingUTCTime struct{ s stamp }

// NewAccountingUTCTime returns t as an AccountingUTCTime, truncated to the
// microsecond. It encodes as UTC, "2006-01-02 15:04:05" (with ".000000"
// microseconds when t has any).
func NewAccountingUTCTime(t time.Time) AccountingUTCTime { return AccountingUTCTime{newStamp(t)} }

// Time returns the instant in UTC, or the zero time.Time if there is none or
// the decoded text was invalid.
func (t AccountingUTCTime) Time() time.Time { return t.s.t }

// IsZero reports whether t holds no instant and no text.
func (t AccountingUTCTime) IsZero() bool { return t.s.isZero() }

// Valid reports whether t holds an instant.
func (t AccountingUTCTime) Valid() bool { return t.s.valid() }

// Err returns why the decoded text is not a valid timestamp, or nil.
func (t AccountingUTCTime) Err() error { return t.s.err(accountingUTCFamily) }

// String returns the text t was decoded from, or t in its wire form, or "" for
// the zero AccountingUTCTime.
func (t AccountingUTCTime) String() string { return t.s.string(accountingUTCFamily) }

// MarshalJSON encodes t as the text it was decoded from or in its wire form;
// the zero AccountingUTCTime encodes as null.
func (t AccountingUTCTime) MarshalJSON() ([]byte, error) { return t.s.marshal(accountingUTCFamily) }

// UnmarshalJSON decodes a JSON string or null. Text that is not a valid
// timestamp is kept, not an error.
func (t *AccountingUTCTime) UnmarshalJSON(b []byte) error {
	return t.s.unmarshal(accountingUTCFamily, b)
}

// Time is an instant as the projects, time tracking, comments, auth, ledger
// and events APIs write it: ISO 8601 in UTC, "2020-10-17T05:00:00Z" (with or
// without the Z, with optional fractional seconds). It behaves as
// [AccountingTime] otherwise.
type Time struct{ s stamp }

// NewTime returns t as a Time, truncated to the microsecond. It encodes as
// RFC 3339 in UTC, "2006-01-02T15:04:05Z" (with ".000000" microseconds when
// t has any).
func NewTime(t time.Time) Time { return Time{newStamp(t)} }

// Time returns the instant in UTC, or the zero time.Time if there is none or
// the decoded text was invalid.
func (t Time) Time() time.Time { return t.s.t }

// IsZero reports whether t holds no instant and no text.
func (t Time) IsZero() bool { return t.s.isZero() }

// Valid reports whether t holds an instant.
func (t Time) Valid() bool { return t.s.valid() }

// Err returns why the decoded text is not a valid timestamp, or nil.
func (t Time) Err() error { return t.s.err(isoFamily) }

// String returns the text t was decoded from, or t in its wire form, or "" for
// the zero Time.
func (t Time) String() string { return t.s.string(isoFamily) }

// MarshalJSON encodes t as the text it was decoded from or in its wire form;
// the zero Time encodes as null.
func (t Time) MarshalJSON() ([]byte, error) { return t.s.marshal(isoFamily) }

// UnmarshalJSON decodes a JSON string or null. Text that is not a valid
// timestamp is kept, not an error.
func (t *Time) UnmarshalJSON(b []byte) error { return t.s.unmarshal(isoFamily, b) }

// seconds reads and writes a time.Duration as FreshBooks writes durations:
// a whole number of seconds, or null for none (a running timer's duration).
// It points into the model, which keeps a plain time.Duration.
type seconds struct{ d *time.Duration }

// IsZero reports a zero duration, which writes leave out.
func (s seconds) IsZero() bool { return *s.d == 0 }

// MarshalJSON writes the duration in whole seconds, rounded down.
func (s seconds) MarshalJSON() ([]byte, error) {
	return strconv.AppendInt(nil, int64(*s.d/time.Second), 10), nil
}

// UnmarshalJSON reads whole seconds; null is 0.
func (s *seconds) UnmarshalJSON(b []byte) error {
	if isJSONNull(b) {
		*s.d = 0
		return nil
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil || n > math.MaxInt64/int64(time.Second) || n < math.MinInt64/int64(time.Second) {
		return fmt.Errorf("freshbooks: duration %s is not a whole number of seconds", truncateForError(string(b)))
	}
	*s.d = time.Duration(n) * time.Second
	return nil
}
