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

// Record ids. Each resource's id has its own type, and every field that
// refers to another record has that record's id type, so an invoice id
// cannot be passed where a client id is expected. On the wire they are
// plain numbers; the zero id means "none" and is left out of writes.
//
// FreshBooks names one concept several ways; this package names it once.
// A client's id is:
//
//   - id and userid on the client itself ([Customer].ID, [Customer].UserID),
//   - customerid on invoices, estimates and recurring profiles,
//   - clientid on payments, expenses, credit notes and reports,
//   - client_id on projects and time entries,
//
// and in Go it is always a [CustomerID] in a field named CustomerID. The
// userid of a staff member or of other income's recorder is a person, not
// a client: a [StaffID].
type (
	// CustomerID identifies a client ([Customer]).
	CustomerID int64
	// InvoiceID identifies an [Invoice].
	InvoiceID int64
	// EstimateID identifies an [Estimate].
	EstimateID int64
	// CreditNoteID identifies a [CreditNote] (its creditid).
	CreditNoteID int64
	// InvoiceProfileID identifies a recurring [InvoiceProfile].
	InvoiceProfileID int64
	// PaymentID identifies a [Payment] (its logid).
	PaymentID int64
	// ExpenseID identifies an [Expense].
	ExpenseID int64
	// ExpenseCategoryID identifies an [ExpenseCategory].
	ExpenseCategoryID int64
	// ItemID identifies an [Item].
	ItemID int64
	// TaxID identifies a [Tax].
	TaxID int64
	// TaskID identifies a [Task].
	TaskID int64
	// StaffID identifies a [Staff] member.
	StaffID int64
	// OtherIncomeID identifies an [OtherIncome] record (its incomeid).
	OtherIncomeID int64
	// BillID identifies a [Bill].
	BillID int64
	// BillPaymentID identifies a [BillPayment].
	BillPaymentID int64
	// BillVendorID identifies a [BillVendor] (its vendorid).
	BillVendorID int64
	// CallbackID identifies a webhook [Callback].
	CallbackID int64
	// JournalEntryID identifies a [JournalEntry] (its entryid).
	JournalEntryID int64
	// SystemID identifies an accounting [System].
	SystemID int64
	// GatewayID identifies a connected payment [Gateway].
	GatewayID int64
	// ProjectID identifies a [Project].
	ProjectID int64
	// TimeEntryID identifies a [TimeEntry].
	TimeEntryID int64
	// ServiceID identifies a [Service].
	ServiceID int64
)
