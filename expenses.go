package freshbooks

import (
	"context"
	"iter"
)

// Expense is money the business spent: an amount on a date, in an expense
// category, by a staff member, optionally billable to a client or project.
type Expense struct {
	ID                 ExpenseID `json:"id,omitempty"`
	ExpenseID          ExpenseID `json:"expenseid,omitempty"`
	AccountingSystemID string    `json:"accounting_systemid,omitempty"`
	// AccountID and AccountName are the bank account an imported expense
	// came from.
	AccountID   int64  `json:"accountid,omitempty"`
	AccountName string `json:"account_name,omitempty"`

	// Required on create: CategoryID, StaffID, Date and Amount.
	Amount     Money             `json:"amount,omitzero"`
	CategoryID ExpenseCategoryID `json:"categoryid,omitempty"`
	StaffID    StaffID           `json:"staffid,omitempty"` // the account owner is 1
	Date       Date              `json:"date,omitzero"`
	CustomerID CustomerID        `json:"clientid,omitempty"`  // 0 means none
	ProjectID  ProjectID         `json:"projectid,omitempty"` // 0 means none
	Vendor     string            `json:"vendor,omitempty"`
	Notes      string            `json:"notes,omitempty"`

	// Status is set by FreshBooks as the expense is billed.
	Status        ExpenseStatus `json:"status,omitempty"`
	MarkupPercent Decimal       `json:"markup_percent,omitzero"` // a percentage, "10" is 10 %
	Billable      *bool         `json:"billable,omitempty"`
	IsCOGS        *bool         `json:"is_cogs,omitempty"` // a cost of goods sold

	// Taxes on the expense: names, percentages and amounts. The wire
	// spells these members in camelCase.
	TaxName1      string  `json:"taxName1,omitempty"`
	TaxName2      string  `json:"taxName2,omitempty"`
	TaxPercent1   Decimal `json:"taxPercent1,omitzero"`
	TaxPercent2   Decimal `json:"taxPercent2,omitzero"`
	TaxAmount1    Money   `json:"taxAmount1,omitzero"`
	TaxAmount2    Money   `json:"taxAmount2,omitzero"`
	CompoundedTax *bool   `json:"compounded_tax,omitempty"`

	// Receipt: upload a file with [AttachmentsService], then set
	// Attachment to {JWT, MediaType}. FreshBooks answers with the
	// attachment only when asked with Include("attachment").
	Attachment     *AttachmentRef `json:"attachment,omitempty"`
	HasReceipt     *bool          `json:"has_receipt,omitempty"`
	IncludeReceipt *bool          `json:"include_receipt,omitempty"`

	IsDuplicate          bool      `json:"isduplicate,omitempty"`
	InvoiceID            InvoiceID `json:"invoiceid,omitempty"` // the invoice that billed it
	ProfileID            int64     `json:"profileid,omitempty"` // the recurring expense profile
	TransactionID        int64     `json:"transactionid,omitempty"`
	BankName             string    `json:"bank_name,omitempty"`
	BillMatches          []Extra   `json:"bill_matches,omitempty"`
	PotentialBillPayment bool      `json:"potential_bill_payment,omitempty"`
	FromBulkImport       bool      `json:"from_bulk_import,omitempty"`
	BackgroundJobID      int64     `json:"background_jobid,omitempty"`
	ExtAccountID         int64     `json:"ext_accountid,omitempty"`
	ExtInvoiceID         int64     `json:"ext_invoiceid,omitempty"`
	ExtSystemID          int64     `json:"ext_systemid,omitempty"`
	ConverseProjectID    int64     `json:"converse_projectid,omitempty"`
	ModernProjectID      ProjectID `json:"modern_projectid,omitempty"`

	Updated AccountingTime `json:"updated,omitzero"`
	// Version is a timestamp with microseconds, "2021-04-16 10:31:58.480684".
	Version  AccountingTime `json:"version,omitzero"`
	VisState VisState       `json:"vis_state,omitempty"`

	// Category is the expense's category, with Include("category").
	// The other includes (expense_profile, project, account) land in
	// Extra.
	Category *ExpenseCategory `json:"category,omitempty"`

	Extra Extra `json:"-"`
}

// ExpenseStatus is where an expense stands in billing. The zero value is
// ExpenseStatusUnknown; FreshBooks numbers the statuses from 0 (internal)
// and an ExpenseStatus reads and writes its numbers.
type ExpenseStatus int

// Expense statuses.
const (
	ExpenseStatusUnknown ExpenseStatus = iota // not read, or not set
	ExpenseInternal                           // 0 on the wire: not billable to a client
	ExpenseOutstanding                        // 1: billable, not yet invoiced
	ExpenseInvoiced                           // 2: on an invoice
	ExpenseRecouped                           // 3: invoiced and paid
)

// String returns "internal", "outstanding", "invoiced" or "recouped",
// "unknown" for the zero value, or "ExpenseStatus(n)" for FreshBooks'
// number n it has not documented.
func (s ExpenseStatus) String() string {
	return statusName(s, []string{"internal", "outstanding", "invoiced", "recouped"}, "ExpenseStatus")
}

// Number is FreshBooks' number for the status, as the API sends it (the
// Go value is one more, so that zero means unknown); false for the zero
// value.
func (s ExpenseStatus) Number() (int, bool) { return statusNumber(s) }

// MarshalJSON writes FreshBooks' number of the status.
func (s ExpenseStatus) MarshalJSON() ([]byte, error) { return statusJSON(s) }

// UnmarshalJSON reads FreshBooks' number of the status.
func (s *ExpenseStatus) UnmarshalJSON(b []byte) error { return parseStatus(b, s, "expense status") }

// AttachmentRef is a file uploaded with [AttachmentsService] and attached
// to an expense or a bill. Writes send JWT and MediaType; FreshBooks adds
// the ids.
type AttachmentRef struct {
	ID           int64  `json:"id,omitempty"`
	AttachmentID int64  `json:"attachmentid,omitempty"`
	JWT          string `json:"jwt,omitempty"`
	MediaType    string `json:"media_type,omitempty"` // "image/png"
	Extra        Extra  `json:"-"`
}

// ExpenseCategory is a category of expense, such as "Advertising" or
// "Office Supplies". FreshBooks provides them; subcategories name their
// parent in ParentID.
type ExpenseCategory struct {
	ID                ExpenseCategoryID `json:"id,omitempty"`
	CategoryID        ExpenseCategoryID `json:"categoryid,omitempty"`
	Category          string            `json:"category,omitempty"` // the name
	ParentID          ExpenseCategoryID `json:"parentid,omitempty"` // 0 (null on the wire) for a top-level category
	IsCOGS            bool              `json:"is_cogs,omitempty"`
	IsEditable        bool              `json:"is_editable,omitempty"`
	TransactionPosted bool              `json:"transaction_posted,omitempty"`
	CreatedAt         AccountingTime    `json:"created_at,omitzero"`
	UpdatedAt         AccountingTime    `json:"updated_at,omitzero"`
	VisState          VisState          `json:"vis_state,omitempty"`
	Extra             Extra             `json:"-"`
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (e *Expense) UnmarshalJSON(b []byte) error {
	type plain Expense
	return unmarshalKeeping(b, (*plain)(e), &e.Extra)
}

// MarshalJSON writes Extra back.
func (e Expense) MarshalJSON() ([]byte, error) {
	type plain Expense
	return marshalKeeping((*plain)(&e), e.Extra)
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (a *AttachmentRef) UnmarshalJSON(b []byte) error {
	type plain AttachmentRef
	return unmarshalKeeping(b, (*plain)(a), &a.Extra)
}

// MarshalJSON writes Extra back.
func (a AttachmentRef) MarshalJSON() ([]byte, error) {
	type plain AttachmentRef
	return marshalKeeping((*plain)(&a), a.Extra)
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (c *ExpenseCategory) UnmarshalJSON(b []byte) error {
	type plain ExpenseCategory
	return unmarshalKeeping(b, (*plain)(c), &c.Extra)
}

// MarshalJSON writes Extra back.
func (c ExpenseCategory) MarshalJSON() ([]byte, error) {
	type plain ExpenseCategory
	return marshalKeeping((*plain)(&c), c.Extra)
}

// ExpenseFilter is the typed filter of expense lists; the fields left zero
// filter nothing. It is a [QueryOption].
type ExpenseFilter struct {
	CategoryID ExpenseCategoryID // in the category (categoryid)
	CustomerID CustomerID        // billable to the client (clientid)
	ProjectID  ProjectID         // for the project (projectid)
	Dates      DateRange         // on the expense's date, both ends included (date_min, date_max)
	Vendor     string            // the vendor (vendor)
}

func (f ExpenseFilter) applyQuery(q *query) {
	if f.CategoryID != 0 {
		q.add(opEquals, "categoryid", f.CategoryID)
	}
	if f.CustomerID != 0 {
		q.add(opEquals, "clientid", f.CustomerID)
	}
	if f.ProjectID != 0 {
		q.add(opEquals, "projectid", f.ProjectID)
	}
	f.Dates.apply(q, "date")
	if f.Vendor != "" {
		q.add(opEquals, "vendor", f.Vendor)
	}
}

// ExpensesService manages the business's expenses.
//
// Filters: date and updated (Between, dates), amount (Between), clientid,
// projectid, categoryid (Equals) and their plurals clientids, projectids,
// categoryids (In), vendor (Equals: FreshBooks' expense filters carry no
// _like suffix; the sandbox matches a substring, which is inferred),
// has_receipt, vis_state. Includes: attachment, category,
// expense_profile, project, account. The sandbox also accepts staffid,
// expenseid and expenseids, and sorts by date, amount, vendor and updated
// (inferred).
type ExpensesService struct{ r resource[Expense] }

// Get returns an expense.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/expenses/expenses/{id}
func (s *ExpensesService) Get(ctx context.Context, id ExpenseID, opts ...QueryOption) (*Expense, error) {
	return s.r.get(ctx, int64(id), opts)
}

// List returns a page of expenses, active and archived unless filtered.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/expenses/expenses
func (s *ExpensesService) List(ctx context.Context, opts ...QueryOption) (*Page[Expense], error) {
	return s.r.list(ctx, opts)
}

// All iterates over every expense, fetching page after page.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/expenses/expenses
func (s *ExpensesService) All(ctx context.Context, opts ...QueryOption) iter.Seq2[*Expense, error] {
	return s.r.all(ctx, opts)
}

// Create adds an expense; CategoryID, StaffID, Date and Amount are
// required.
//
// FreshBooks endpoint: POST /accounting/account/{account_id}/expenses/expenses
func (s *ExpensesService) Create(ctx context.Context, e *Expense, opts ...QueryOption) (*Expense, error) {
	return s.r.create(ctx, e, opts)
}

// Update changes the fields of an expense that e sets.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/expenses/expenses/{id}
func (s *ExpensesService) Update(ctx context.Context, id ExpenseID, e *Expense, opts ...QueryOption) (*Expense, error) {
	return s.r.update(ctx, int64(id), e, opts)
}

// Delete deletes an expense: FreshBooks keeps it with VisState VisDeleted.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/expenses/expenses/{id} with {"expense": {"vis_state": 1}}
func (s *ExpensesService) Delete(ctx context.Context, id ExpenseID) error {
	_, err := s.r.setVisState(ctx, int64(id), VisDeleted)
	return err
}

// ExpenseCategoriesService reads the expense categories FreshBooks
// provides. They cannot be created, changed or deleted through the API.
//
// The sandbox filters on categoryids (In), parentid (Equals), is_cogs and
// vis_state; FreshBooks documents none (inferred).
type ExpenseCategoriesService struct{ r resource[ExpenseCategory] }

// Get returns an expense category.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/expenses/categories/{id}
func (s *ExpenseCategoriesService) Get(ctx context.Context, id ExpenseCategoryID, opts ...QueryOption) (*ExpenseCategory, error) {
	return s.r.get(ctx, int64(id), opts)
}

// List returns a page of expense categories.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/expenses/categories
func (s *ExpenseCategoriesService) List(ctx context.Context, opts ...QueryOption) (*Page[ExpenseCategory], error) {
	return s.r.list(ctx, opts)
}

// All iterates over every expense category, fetching page after page.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/expenses/categories
func (s *ExpenseCategoriesService) All(ctx context.Context, opts ...QueryOption) iter.Seq2[*ExpenseCategory, error] {
	return s.r.all(ctx, opts)
}
