package freshbooks

import (
	"context"
	"iter"
)

// Bill is a bill from a vendor: lines in expense categories, taxes, and
// the payments made against it.
//
// FreshBooks computes the money: each line's Amount is Quantity ×
// UnitCost, its taxes follow its tax percentages, and the bill's Amount,
// TaxAmount, TotalAmount, Paid, Outstanding and Status follow the lines
// and the bill payments. DueDate is read-only: it is IssueDate plus
// DueOffsetDays. To change a bill, send a Bill holding only the fields to
// change, not one read back from FreshBooks.
type Bill struct {
	ID            BillID       `json:"id,omitempty"`
	BillNumber    string       `json:"bill_number,omitempty"`
	VendorID      BillVendorID `json:"vendorid,omitempty"` // required
	IssueDate     Date         `json:"issue_date,omitzero"`
	DueDate       Date         `json:"due_date,omitzero"` // read-only
	DueOffsetDays *int         `json:"due_offset_days,omitempty"`
	CurrencyCode  string       `json:"currency_code,omitempty"`
	Language      string       `json:"language,omitempty"`

	Amount      Money      `json:"amount,omitzero"`       // sum of the lines' amounts, before tax
	TaxAmount   Money      `json:"tax_amount,omitzero"`   // sum of the lines' taxes
	TotalAmount Money      `json:"total_amount,omitzero"` // Amount + TaxAmount
	Paid        Money      `json:"paid,omitzero"`         // sum of the bill payments
	Outstanding Money      `json:"outstanding,omitzero"`  // TotalAmount - Paid
	Status      BillStatus `json:"status,omitempty"`

	OverallCategory    string         `json:"overall_category,omitempty"`
	OverallDescription string         `json:"overall_description,omitempty"`
	Attachment         *AttachmentRef `json:"attachment,omitempty"`
	Lines              []BillLine     `json:"lines,omitempty"`
	BillPayments       []BillPayment  `json:"bill_payments,omitempty"` // read-only
	Vendor             *BillVendor    `json:"vendor,omitempty"`        // read-only

	CreatedAt AccountingUTCTime `json:"created_at,omitzero"` // UTC on the wire, unlike most accounting times
	UpdatedAt AccountingUTCTime `json:"updated_at,omitzero"` // UTC on the wire
	VisState  VisState          `json:"vis_state,omitempty"`

	Extra Extra `json:"-"`
}

// BillStatus is where a bill stands in payment.
type BillStatus string

// Bill statuses.
const (
	BillUnpaid  BillStatus = "unpaid"
	BillOverdue BillStatus = "overdue" // not fully paid after its due date
	BillPartial BillStatus = "partial"
	BillPaid    BillStatus = "paid"
)

// BillLine is one line of a bill.
type BillLine struct {
	CategoryID  ExpenseCategoryID `json:"categoryid,omitempty"` // required: an expense category
	Category    *ExpenseCategory  `json:"category,omitempty"`   // read-only
	ListIndex   int               `json:"list_index,omitempty"` // position, from 1
	Description string            `json:"description,omitempty"`
	Quantity    Decimal           `json:"quantity,omitzero"`
	UnitCost    Money             `json:"unit_cost,omitzero"`
	Amount      Money             `json:"amount,omitzero"`       // Quantity × UnitCost, computed
	TotalAmount Money             `json:"total_amount,omitzero"` // Amount + taxes, computed

	TaxName1        string  `json:"tax_name1,omitempty"`
	TaxName2        string  `json:"tax_name2,omitempty"`
	TaxPercent1     Decimal `json:"tax_percent1,omitzero"` // "13" is 13 %
	TaxPercent2     Decimal `json:"tax_percent2,omitzero"`
	TaxAuthorityID1 int64   `json:"tax_authorityid1,omitempty"`
	TaxAuthorityID2 int64   `json:"tax_authorityid2,omitempty"`
	TaxAmount1      Money   `json:"tax_amount1,omitzero"` // computed
	TaxAmount2      Money   `json:"tax_amount2,omitzero"` // computed

	Extra Extra `json:"-"`
}

// BillPayment is a payment made against a bill.
type BillPayment struct {
	ID     BillPaymentID `json:"id,omitempty"`
	BillID BillID        `json:"billid,omitempty"` // required
	Amount Money         `json:"amount,omitzero"`
	// PaymentType is required on create; the values are those of invoice
	// payments (PaymentTypeCheck, PaymentTypeBankTransfer, …).
	PaymentType PaymentType `json:"payment_type,omitempty"`
	PaidDate    Date        `json:"paid_date,omitzero"`
	Note        string      `json:"note,omitempty"`
	VisState    VisState    `json:"vis_state,omitempty"`
	Extra       Extra       `json:"-"`
}

// BillVendor is a vendor the business receives bills from.
type BillVendor struct {
	VendorID                BillVendorID `json:"vendorid,omitempty"`
	VendorName              string       `json:"vendor_name,omitempty"`
	AccountNumber           string       `json:"account_number,omitempty"` // the business's account number with the vendor
	Street                  string       `json:"street,omitempty"`
	Street2                 string       `json:"street2,omitempty"`
	City                    string       `json:"city,omitempty"`
	Province                string       `json:"province,omitempty"`
	PostalCode              string       `json:"postal_code,omitempty"`
	Country                 string       `json:"country,omitempty"`
	Phone                   string       `json:"phone,omitempty"`
	Website                 string       `json:"website,omitempty"`
	CurrencyCode            string       `json:"currency_code,omitempty"`
	Language                string       `json:"language,omitempty"`
	Note                    string       `json:"note,omitempty"`
	Is1099                  *bool        `json:"is_1099,omitempty"` // a US 1099 contractor
	PrimaryContactEmail     string       `json:"primary_contact_email,omitempty"`
	PrimaryContactFirstName string       `json:"primary_contact_first_name,omitempty"`
	PrimaryContactLastName  string       `json:"primary_contact_last_name,omitempty"`
	OutstandingBalance      []Money      `json:"outstanding_balance,omitempty"` // read-only, one per currency
	OverdueBalance          []Money      `json:"overdue_balance,omitempty"`     // read-only, one per currency

	TaxDefaults []BillVendorTax `json:"tax_defaults,omitempty"`

	CreatedAt AccountingUTCTime `json:"created_at,omitzero"` // UTC on the wire
	UpdatedAt AccountingUTCTime `json:"updated_at,omitzero"` // UTC on the wire
	VisState  VisState          `json:"vis_state,omitempty"`

	Extra Extra `json:"-"`
}

// BillVendorTax is a tax a vendor's bills carry by default. The member
// names follow the Node SDK's BillVendorTax model (inferred: no recorded
// answer carries one).
type BillVendorTax struct {
	TaxDefaultID int64             `json:"tax_defaultid,omitempty"`
	VendorID     BillVendorID      `json:"vendorid,omitempty"`
	SystemTaxID  int64             `json:"system_taxid,omitempty"`
	Name         string            `json:"name,omitempty"`
	Rate         Decimal           `json:"amount,omitzero"` // a percentage
	Enabled      *bool             `json:"enabled,omitempty"`
	CreatedAt    AccountingUTCTime `json:"created_at,omitzero"` // UTC on the wire
	UpdatedAt    AccountingUTCTime `json:"updated_at,omitzero"` // UTC on the wire
	Extra        Extra             `json:"-"`
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (b *Bill) UnmarshalJSON(data []byte) error {
	type plain Bill
	return unmarshalKeeping(data, (*plain)(b), &b.Extra)
}

// MarshalJSON writes Extra back.
func (b Bill) MarshalJSON() ([]byte, error) {
	type plain Bill
	return marshalKeeping((*plain)(&b), b.Extra)
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (l *BillLine) UnmarshalJSON(data []byte) error {
	type plain BillLine
	return unmarshalKeeping(data, (*plain)(l), &l.Extra)
}

// MarshalJSON writes Extra back.
func (l BillLine) MarshalJSON() ([]byte, error) {
	type plain BillLine
	return marshalKeeping((*plain)(&l), l.Extra)
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (p *BillPayment) UnmarshalJSON(data []byte) error {
	type plain BillPayment
	return unmarshalKeeping(data, (*plain)(p), &p.Extra)
}

// MarshalJSON writes Extra back.
func (p BillPayment) MarshalJSON() ([]byte, error) {
	type plain BillPayment
	return marshalKeeping((*plain)(&p), p.Extra)
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (v *BillVendor) UnmarshalJSON(data []byte) error {
	type plain BillVendor
	return unmarshalKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON writes Extra back.
func (v BillVendor) MarshalJSON() ([]byte, error) {
	type plain BillVendor
	return marshalKeeping((*plain)(&v), v.Extra)
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (t *BillVendorTax) UnmarshalJSON(data []byte) error {
	type plain BillVendorTax
	return unmarshalKeeping(data, (*plain)(t), &t.Extra)
}

// MarshalJSON writes Extra back.
func (t BillVendorTax) MarshalJSON() ([]byte, error) {
	type plain BillVendorTax
	return marshalKeeping((*plain)(&t), t.Extra)
}

// BillsService manages the business's bills.
//
// Filters: vendorid, currency_code (Equals), statuses and ids (In),
// vis_state. There is no date range filter.
type BillsService struct{ r resource[Bill] }

// Get returns a bill.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/bills/bills/{id}
func (s *BillsService) Get(ctx context.Context, id BillID, opts ...QueryOption) (*Bill, error) {
	return s.r.get(ctx, int64(id), opts)
}

// List returns a page of bills, active and archived unless filtered.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/bills/bills
func (s *BillsService) List(ctx context.Context, opts ...QueryOption) (*Page[Bill], error) {
	return s.r.list(ctx, opts)
}

// All iterates over every bill, fetching page after page.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/bills/bills
func (s *BillsService) All(ctx context.Context, opts ...QueryOption) iter.Seq2[*Bill, error] {
	return s.r.all(ctx, opts)
}

// Create adds a bill; VendorID, IssueDate and lines, each with a
// CategoryID, are required. Leave DueDate unset: it is derived.
//
// FreshBooks endpoint: POST /accounting/account/{account_id}/bills/bills
func (s *BillsService) Create(ctx context.Context, b *Bill, opts ...QueryOption) (*Bill, error) {
	return s.r.create(ctx, b, opts)
}

// Update changes the fields of a bill that b sets. Lines, when set,
// replace the bill's lines.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/bills/bills/{id}
func (s *BillsService) Update(ctx context.Context, id BillID, b *Bill, opts ...QueryOption) (*Bill, error) {
	return s.r.update(ctx, int64(id), b, opts)
}

// Delete deletes a bill: FreshBooks keeps it with VisState VisDeleted.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/bills/bills/{id} with {"bill": {"vis_state": 1}}
func (s *BillsService) Delete(ctx context.Context, id BillID) error {
	_, err := s.r.setVisState(ctx, int64(id), VisDeleted)
	return err
}

// Archive hides a bill from lists in FreshBooks' interface; it still
// counts.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/bills/bills/{id} with {"bill": {"vis_state": 2}}
func (s *BillsService) Archive(ctx context.Context, id BillID) (*Bill, error) {
	return s.r.setVisState(ctx, int64(id), VisArchived)
}

// BillPaymentsService manages payments made against bills. A payment
// changes its bill's Paid, Outstanding and Status.
//
// FreshBooks honours no filters on bill payments but vis_state.
type BillPaymentsService struct{ r resource[BillPayment] }

// Get returns a bill payment.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/bill_payments/bill_payments/{id}
func (s *BillPaymentsService) Get(ctx context.Context, id BillPaymentID, opts ...QueryOption) (*BillPayment, error) {
	return s.r.get(ctx, int64(id), opts)
}

// List returns a page of bill payments.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/bill_payments/bill_payments
func (s *BillPaymentsService) List(ctx context.Context, opts ...QueryOption) (*Page[BillPayment], error) {
	return s.r.list(ctx, opts)
}

// All iterates over every bill payment, fetching page after page.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/bill_payments/bill_payments
func (s *BillPaymentsService) All(ctx context.Context, opts ...QueryOption) iter.Seq2[*BillPayment, error] {
	return s.r.all(ctx, opts)
}

// Create records a payment of a bill; BillID and PaymentType are
// required.
//
// FreshBooks endpoint: POST /accounting/account/{account_id}/bill_payments/bill_payments
func (s *BillPaymentsService) Create(ctx context.Context, p *BillPayment, opts ...QueryOption) (*BillPayment, error) {
	return s.r.create(ctx, p, opts)
}

// Update changes the fields of a bill payment that p sets.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/bill_payments/bill_payments/{id}
func (s *BillPaymentsService) Update(ctx context.Context, id BillPaymentID, p *BillPayment, opts ...QueryOption) (*BillPayment, error) {
	return s.r.update(ctx, int64(id), p, opts)
}

// Delete deletes a bill payment: FreshBooks keeps it with VisState
// VisDeleted, and it no longer counts towards its bill.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/bill_payments/bill_payments/{id} with {"bill_payment": {"vis_state": 1}}
func (s *BillPaymentsService) Delete(ctx context.Context, id BillPaymentID) error {
	_, err := s.r.setVisState(ctx, int64(id), VisDeleted)
	return err
}

// BillVendorsService manages the vendors bills come from.
//
// FreshBooks honours no filters on bill vendors but vis_state.
type BillVendorsService struct{ r resource[BillVendor] }

// Get returns a bill vendor.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/bill_vendors/bill_vendors/{id}
func (s *BillVendorsService) Get(ctx context.Context, id BillVendorID, opts ...QueryOption) (*BillVendor, error) {
	return s.r.get(ctx, int64(id), opts)
}

// List returns a page of bill vendors.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/bill_vendors/bill_vendors
func (s *BillVendorsService) List(ctx context.Context, opts ...QueryOption) (*Page[BillVendor], error) {
	return s.r.list(ctx, opts)
}

// All iterates over every bill vendor, fetching page after page.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/bill_vendors/bill_vendors
func (s *BillVendorsService) All(ctx context.Context, opts ...QueryOption) iter.Seq2[*BillVendor, error] {
	return s.r.all(ctx, opts)
}

// Create adds a bill vendor; VendorName is required.
//
// FreshBooks endpoint: POST /accounting/account/{account_id}/bill_vendors/bill_vendors
func (s *BillVendorsService) Create(ctx context.Context, v *BillVendor, opts ...QueryOption) (*BillVendor, error) {
	return s.r.create(ctx, v, opts)
}

// Update changes the fields of a bill vendor that v sets.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/bill_vendors/bill_vendors/{id}
func (s *BillVendorsService) Update(ctx context.Context, id BillVendorID, v *BillVendor, opts ...QueryOption) (*BillVendor, error) {
	return s.r.update(ctx, int64(id), v, opts)
}

// Delete deletes a bill vendor: FreshBooks keeps it with VisState
// VisDeleted.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/bill_vendors/bill_vendors/{id} with {"bill_vendor": {"vis_state": 1}}
func (s *BillVendorsService) Delete(ctx context.Context, id BillVendorID) error {
	_, err := s.r.setVisState(ctx, int64(id), VisDeleted)
	return err
}
