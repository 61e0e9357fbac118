package freshbooks

import (
	"fmt"
	"strconv"
)

// VisState is the visibility state of an accounting object, its vis_state
// field. Lists return active and archived objects unless filtered; deleted
// ones are kept but hidden and unusable.
type VisState int

// The visibility states.
const (
	VisActive   VisState = 0 // active, the default
	VisDeleted  VisState = 1 // deleted: hidden and unusable, but kept
	VisArchived VisState = 2 // archived: hidden from lists in the UI, still usable
)

// String returns "active", "deleted" or "archived", or "VisState(n)" for a
// value FreshBooks has not documented.
func (v VisState) String() string {
	switch v {
	case VisActive:
		return "active"
	case VisDeleted:
		return "deleted"
	case VisArchived:
		return "archived"
	}
	return "VisState(" + strconv.Itoa(int(v)) + ")"
}

// A status numbered from 0 on the wire is kept one higher in Go, so that
// the zero value means "unknown" (not read, or not set) rather than the
// status FreshBooks numbers 0. statusJSON and parseStatus convert.

// statusJSON writes s as FreshBooks numbers it; unknown is null.
func statusJSON[T ~int](s T) ([]byte, error) {
	if s == 0 {
		return []byte("null"), nil
	}
	return strconv.AppendInt(nil, int64(s)-1, 10), nil
}

// statusNumber is FreshBooks' number for s; false for the zero value,
// which has none.
func statusNumber[T ~int](s T) (int, bool) { return int(s) - 1, s != 0 }

// parseStatus reads FreshBooks' number into *s; null is unknown.
func parseStatus[T ~int](b []byte, s *T, name string) error {
	if isJSONNull(b) {
		*s = 0
		return nil
	}
	n, err := strconv.Atoi(string(b))
	if err != nil || n < 0 {
		return fmt.Errorf("freshbooks: %s %s is not a status number", name, truncateForError(string(b)))
	}
	*s = T(n + 1)
	return nil
}

// statusName names s from names (indexed by FreshBooks' number), or
// writes type(n) with FreshBooks' number for one it has not documented.
func statusName[T ~int](s T, names []string, typ string) string {
	switch n := int(s) - 1; {
	case s == 0:
		return "unknown"
	case n >= 0 && n < len(names):
		return names[n]
	default:
		return typ + "(" + strconv.Itoa(n) + ")"
	}
}
