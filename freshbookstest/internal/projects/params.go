package projects

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// Query parameters of the business family. FreshBooks' business services
// validate the filters they know (a pydantic model): a malformed value is
// a 422 errno 2001 naming the parameter (freshbooks-api.md §3.7, captured
// for updated_since); unknown parameters are ignored.

// boolParam reads a boolean filter; absent gives def.
func boolParam(q url.Values, key string, def bool) (bool, *engine.Error) {
	v := q.Get(key)
	if v == "" {
		return def, nil
	}
	switch strings.ToLower(v) {
	case "true", "1", "yes", "on", "t", "y":
		return true, nil
	case "false", "0", "no", "off", "f", "n":
		return false, nil
	}
	// pydantic v2's text; that FreshBooks checks booleans is [INF].
	return false, engine.Validation(2001, key, "Input should be a valid boolean, unable to interpret input")
}

// intParam reads an integer filter; ok is false when absent.
func intParam(q url.Values, key string) (n int64, ok bool, e *engine.Error) {
	v := q.Get(key)
	if v == "" {
		return 0, false, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		// pydantic v2's text; that FreshBooks checks integers is [INF].
		return 0, false, engine.Validation(2001, key, "Input should be a valid integer, unable to parse string as an integer")
	}
	return n, true, nil
}

// timeParam reads a datetime filter (ISO 8601, UTC unless zoned, or a
// bare date); ok is false when absent.
func timeParam(q url.Values, key string) (t time.Time, ok bool, e *engine.Error) {
	v := q.Get(key)
	if v == "" {
		return time.Time{}, false, nil
	}
	t, ok = ParseISO(v)
	if !ok {
		return time.Time{}, false, engine.Validation(2001, key, "Input should be a valid datetime or date, "+DatetimeProblem(v))
	}
	return t, true, nil
}

// ParseISO reads the datetimes the business family accepts: ISO 8601 with
// "T" or a space, optional fractional seconds, "Z" or an offset, UTC when
// there is no zone; or a bare date, at midnight UTC.
func ParseISO(v string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999Z07:00",
		"2006-01-02 15:04:05.999999999", "2006-01-02T15:04Z07:00", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// DatetimeProblem says what is wrong with a datetime as pydantic v2 does.
// "input is too short" is captured from FreshBooks
// (error_422_bare_filter.json); the other texts are pydantic's own for
// those cases [INF].
func DatetimeProblem(v string) string {
	switch {
	case len(v) < 10:
		return "input is too short"
	case strings.IndexFunc(v[:4], func(r rune) bool { return r < '0' || r > '9' }) >= 0:
		return "invalid character in year"
	case v[4] != '-' || v[7] != '-':
		return "invalid date separator, expected `-`"
	}
	if m, err := strconv.Atoi(v[5:7]); err != nil || m < 1 || m > 12 {
		return "month value is outside expected range of 1-12"
	}
	if d, err := strconv.Atoi(v[8:10]); err != nil || d < 1 || d > 31 {
		return "day value is outside expected range"
	}
	return "unexpected extra characters at the end of the input"
}

// wireTime writes an instant as the business family does: UTC, seconds,
// "Z".
func wireTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }
