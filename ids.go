package freshbooks

import "strconv"

// AccountID identifies a business's accounting system, such as "ABC123".
// Accounting, events, online payments and uploads endpoints are scoped by it.
type AccountID string

// BusinessID identifies a business by number. Projects, time tracking and
// services endpoints are scoped by it.
type BusinessID int64

// String returns the decimal form of id, as it appears in URLs.
func (id BusinessID) String() string { return strconv.FormatInt(int64(id), 10) }

// BusinessUUID identifies a business by UUID. Ledger account endpoints are
// scoped by it.
type BusinessUUID string

// IdentityID identifies a FreshBooks identity: one person, unique by email.
type IdentityID int64
