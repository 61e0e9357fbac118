package freshbooks

import "strconv"

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
