package freshbooks

import (
	"context"
	"encoding/json"
	"iter"
	"maps"
	"net/http"
	"net/url"
)

// Invoice is a FreshBooks invoice: a bill to a client (CustomerID), made of
// lines, with its totals, payments and statuses computed by FreshBooks.
//
// On writes, set only what you mean to send: Create needs CustomerID and
// CreateDate; Update sends the fields set and leaves the others as they are
// (Lines, when set, replace every line). Amount, Paid, Outstanding, the
// statuses and the client snapshot (FirstName, Organization, …, copied from
// the client) are computed by FreshBooks.
type Invoice struct {
	ID                 InvoiceID  `json:"id,omitempty"`
	InvoiceID          InvoiceID  `json:"invoiceid,omitempty"` // the same as ID
	AccountID          string     `json:"accountid,omitempty"`
	AccountingSystemID string     `json:"accounting_systemid,omitempty"`
	InvoiceNumber      string     `json:"invoice_number,omitempty"` // "0000001"; assigned when not given
	CustomerID         CustomerID `json:"customerid,omitempty"`     // the client's id (userid); required on create
	OwnerID            int64      `json:"ownerid,omitempty"`
	SentID             int64      `json:"sentid,omitempty"`
	EstimateID         EstimateID `json:"estimateid,omitempty"`
	Parent             int64      `json:"parent,omitempty"`
	BasecampID         int64      `json:"basecampid,omitempty"`

	// Status is the invoice's status as a number. Only InvoiceDraft,
	// InvoiceSent, InvoiceViewed and InvoiceDisputed can be written; use
	// [InvoicesService.MarkAsSent] to send one. See [InvoicesService] for
	// which status answers which question.
	Status          InvoiceStatus   `json:"status,omitempty"`
	V3Status        InvoiceV3Status `json:"v3_status,omitempty"`
	DisplayStatus   DisplayStatus   `json:"display_status,omitempty"`
	PaymentStatus   PaymentStatus   `json:"payment_status,omitempty"`
	DepositStatus   DepositStatus   `json:"deposit_status,omitempty"`
	AutoBillStatus  AutoBillStatus  `json:"autobill_status,omitempty"`
	AutoBill        *bool           `json:"auto_bill,omitempty"`
	DisputeStatus   string          `json:"dispute_status,omitempty"`
	LastOrderStatus string          `json:"last_order_status,omitempty"`

	CreateDate Date `json:"create_date,omitzero"` // the invoice date; required on create
	// DueDate is read-only: FreshBooks derives it from CreateDate and
	// DueOffsetDays and answers a write of it with 403 (errno 1038). Create
	// and Update never send it; set DueOffsetDays instead.
	DueDate         Date           `json:"due_date,omitzero"`
	DueOffsetDays   *int           `json:"due_offset_days,omitempty"` // days from CreateDate to DueDate
	DatePaid        Date           `json:"date_paid,omitzero"`
	FulfillmentDate Date           `json:"fulfillment_date,omitzero"`
	GenerationDate  Date           `json:"generation_date,omitzero"`
	CreatedAt       AccountingTime `json:"created_at,omitzero"`
	Updated         AccountingTime `json:"updated,omitzero"`
	Version         AccountingTime `json:"version,omitzero"` // with microseconds

	CurrencyCode        string  `json:"currency_code,omitempty"` // the client's currency when not given
	Language            string  `json:"language,omitempty"`
	Amount              Money   `json:"amount,omitzero"`      // total: lines + taxes − discount
	Paid                Money   `json:"paid,omitzero"`        // sum of the payments
	Outstanding         Money   `json:"outstanding,omitzero"` // Amount − Paid
	DiscountTotal       Money   `json:"discount_total,omitzero"`
	DiscountValue       Decimal `json:"discount_value,omitzero"` // a percentage, "10" for 10%
	DiscountDescription string  `json:"discount_description,omitempty"`
	DepositAmount       Money   `json:"deposit_amount,omitzero"`
	DepositPercentage   Decimal `json:"deposit_percentage,omitzero"`
	NetPaidAmount       Money   `json:"net_paid_amount,omitzero"`

	ClientSnapshot

	Notes           string   `json:"notes,omitempty"`
	Terms           string   `json:"terms,omitempty"`
	Description     string   `json:"description,omitempty"`
	PONumber        string   `json:"po_number,omitempty"`
	Template        string   `json:"template,omitempty"` // "clean-grouped"
	PaymentDetails  string   `json:"payment_details,omitempty"`
	ReturnURI       string   `json:"return_uri,omitempty"`
	ShowAttachments *bool    `json:"show_attachments,omitempty"`
	Gmail           *bool    `json:"gmail,omitempty"`
	ExtArchive      int      `json:"ext_archive,omitempty"`
	UUID            string   `json:"uuid,omitempty"`
	VisState        VisState `json:"vis_state,omitempty"`

	// Lines are answered only with Include("lines"); on writes they
	// replace the invoice's lines.
	Lines []Line `json:"lines,omitempty"`
	// Presentation, with Include("presentation"): logo and theme.
	Presentation *InvoicePresentation `json:"presentation,omitempty"`
	// UseDefaultPresentation false keeps a new invoice from taking the
	// business's default presentation.
	UseDefaultPresentation *bool               `json:"use_default_presentation,omitempty"`
	Attachments            []InvoiceAttachment `json:"attachments,omitempty"`
	// AllowedGateways, with Include("allowed_gateways"): the online
	// payment gateways the client may pay through.
	AllowedGateways []AllowedGateway `json:"allowed_gateways,omitempty"`
	// AllowedGatewayIDs sets the gateways on a write (Stripe 26,
	// FreshBooks Payments 30, PayPal 7).
	AllowedGatewayIDs []int64 `json:"allowed_gatewayids,omitempty"`

	Extra Extra `json:"-"`
}

// InvoiceStatus is an invoice's status number, its status. The zero
// value is InvoiceStatusUnknown, which FreshBooks never sends: its own
// numbers run from 0 (disputed) to 8 (partial), and an InvoiceStatus
// reads and writes them.
type InvoiceStatus int

// Invoice statuses. On writes only Draft, Sent, Viewed and Disputed
// (FreshBooks Classic) are accepted; the others follow from payments.
const (
	InvoiceStatusUnknown InvoiceStatus = iota // not read, or not set
	InvoiceDisputed                           // 0 on the wire
	InvoiceDraft                              // 1
	InvoiceSent                               // 2
	InvoiceViewed                             // 3
	InvoicePaid                               // 4
	InvoiceAutoPaid                           // 5
	InvoiceRetry                              // 6
	InvoiceFailed                             // 7
	InvoicePartial                            // 8
)

// String returns the status's name, such as "draft", "unknown" for the
// zero value, or "InvoiceStatus(n)" for a number n FreshBooks has not
// documented.
func (s InvoiceStatus) String() string {
	return statusName(s, []string{"disputed", "draft", "sent", "viewed", "paid", "auto-paid", "retry", "failed", "partial"}, "InvoiceStatus")
}

// Number is FreshBooks' number for the status, as the API sends it (the
// Go value is one more, so that zero means unknown); false for the zero
// value.
func (s InvoiceStatus) Number() (int, bool) { return statusNumber(s) }

// MarshalJSON writes FreshBooks' number of the status.
func (s InvoiceStatus) MarshalJSON() ([]byte, error) { return statusJSON(s) }

// UnmarshalJSON reads FreshBooks' number of the status.
func (s *InvoiceStatus) UnmarshalJSON(b []byte) error { return parseStatus(b, s, "invoice status") }

// InvoiceV3Status is an invoice's status in words, its v3_status; filter
// lists on it with Equals("v3_status", V3Paid).
type InvoiceV3Status string

// The v3 statuses.
const (
	V3Created        InvoiceV3Status = "created"
	V3Draft          InvoiceV3Status = "draft"
	V3Sent           InvoiceV3Status = "sent"
	V3Viewed         InvoiceV3Status = "viewed"
	V3Failed         InvoiceV3Status = "failed"
	V3Retry          InvoiceV3Status = "retry"
	V3Success        InvoiceV3Status = "success"
	V3AutoPaid       InvoiceV3Status = "autopaid"
	V3Paid           InvoiceV3Status = "paid"
	V3Partial        InvoiceV3Status = "partial"
	V3Disputed       InvoiceV3Status = "disputed"
	V3Resolved       InvoiceV3Status = "resolved"
	V3Overdue        InvoiceV3Status = "overdue"
	V3Declined       InvoiceV3Status = "declined"
	V3Pending        InvoiceV3Status = "pending"
	V3DepositPartial InvoiceV3Status = "deposit-partial"
	V3DepositPaid    InvoiceV3Status = "deposit-paid"
)

// v3StatusNames lists the v3 statuses, for the v3_status filter.
func v3StatusNames() []string {
	return []string{"created", "draft", "sent", "viewed", "failed", "retry", "success", "autopaid", "paid", "partial",
		"disputed", "resolved", "overdue", "declined", "pending", "deposit-partial", "deposit-paid"}
}

// DisplayStatus is how far a document has gone to the client: its
// display_status (invoices, estimates, credit notes).
type DisplayStatus string

// Display statuses.
const (
	DisplayDraft       DisplayStatus = "draft"
	DisplayCreated     DisplayStatus = "created"
	DisplaySent        DisplayStatus = "sent"
	DisplayViewed      DisplayStatus = "viewed"
	DisplayOutstanding DisplayStatus = "outstanding"
)

// PaymentStatus is how much of a document is paid.
type PaymentStatus string

// Payment statuses.
const (
	PaymentStatusUnpaid   PaymentStatus = "unpaid"
	PaymentStatusPartial  PaymentStatus = "partial"
	PaymentStatusPaid     PaymentStatus = "paid"
	PaymentStatusAutoPaid PaymentStatus = "auto-paid"
)

// DepositStatus is the state of an invoice's deposit.
type DepositStatus string

// Deposit statuses.
const (
	DepositPaid      DepositStatus = "paid"
	DepositUnpaid    DepositStatus = "unpaid"
	DepositPartial   DepositStatus = "partial"
	DepositNone      DepositStatus = "none"
	DepositConverted DepositStatus = "converted"
)

// AutoBillStatus is the state of an invoice's automatic billing.
type AutoBillStatus string

// Auto-bill statuses.
const (
	AutoBillRetry   AutoBillStatus = "retry"
	AutoBillFailed  AutoBillStatus = "failed"
	AutoBillSuccess AutoBillStatus = "success"
)

// Line is one line of an invoice, estimate, credit note or recurring
// profile. Amount is Qty × UnitCost, computed by FreshBooks. Its tax
// members keep FreshBooks' camelCase names (taxName1, taxAmount1, …).
type Line struct {
	LineID      int64     `json:"lineid,omitempty"`
	InvoiceID   InvoiceID `json:"invoiceid,omitempty"`
	Type        LineType  `json:"type,omitempty"`
	Name        string    `json:"name,omitempty"`
	Description string    `json:"description,omitempty"`
	Qty         Decimal   `json:"qty,omitzero"` // "4"; a string on reads
	UnitCost    Money     `json:"unit_cost,omitzero"`
	Amount      Money     `json:"amount,omitzero"` // computed
	TaxName1    string    `json:"taxName1,omitempty"`
	// TaxRate1 is the first tax's rate in percent ("13"), not an amount.
	TaxRate1   Decimal `json:"taxAmount1,omitzero"`
	TaxName2   string  `json:"taxName2,omitempty"`
	TaxRate2   Decimal `json:"taxAmount2,omitzero"` // percent
	TaxNumber1 string  `json:"taxNumber1,omitempty"`
	TaxNumber2 string  `json:"taxNumber2,omitempty"`
	// CompoundedTax applies the second tax to the amount plus the first
	// tax.
	CompoundedTax    *bool          `json:"compounded_tax,omitempty"`
	Date             Date           `json:"date,omitzero"`
	ExpenseID        ExpenseID      `json:"expenseid,omitempty"`
	TaskNo           int            `json:"taskno,omitempty"`
	RetainerID       int64          `json:"retainer_id,omitempty"`
	RetainerPeriodID int64          `json:"retainer_period_id,omitempty"`
	ModernProjectID  ProjectID      `json:"modern_project_id,omitempty"`
	BasecampID       int64          `json:"basecampid,omitempty"`
	Updated          AccountingTime `json:"updated,omitzero"`
	// ModernTimeEntries are the time entries billed on the line; their
	// shape is not documented, so they are kept as FreshBooks sent them.
	ModernTimeEntries []json.RawMessage `json:"modern_time_entries,omitempty"`

	Extra Extra `json:"-"`
}

// LineType is the kind of a line.
type LineType int

// Line types.
const (
	LineNormal  LineType = 0 // an item or service
	LineBilling LineType = 1 // an expense or billed time
)

// InvoicePresentation is an invoice's look: logo, banner, theme and column
// headings.
type InvoicePresentation struct {
	InvoiceID             InvoiceID `json:"invoiceid,omitempty"`
	DateFormat            string    `json:"date_format,omitempty"`
	ImageLogoSrc          string    `json:"image_logo_src,omitempty"` // "/uploads/images/<jwt>"
	ImageBannerSrc        string    `json:"image_banner_src,omitempty"`
	ImageBannerPositionY  int       `json:"image_banner_position_y,omitempty"`
	ThemePrimaryColor     string    `json:"theme_primary_color,omitempty"` // "#663399"
	ThemeLayout           string    `json:"theme_layout,omitempty"`        // "simple" or "modern"
	ThemeFontName         string    `json:"theme_font_name,omitempty"`     // "modern" or "classic"
	DescriptionHeading    string    `json:"description_heading,omitempty"`
	HoursHeading          string    `json:"hours_heading,omitempty"`
	ItemHeading           string    `json:"item_heading,omitempty"`
	Label                 string    `json:"label,omitempty"`
	QuantityHeading       string    `json:"quantity_heading,omitempty"`
	RateHeading           string    `json:"rate_heading,omitempty"`
	TaskHeading           string    `json:"task_heading,omitempty"`
	TimeEntryNotesHeading string    `json:"time_entry_notes_heading,omitempty"`
	UnitCostHeading       string    `json:"unit_cost_heading,omitempty"`

	Extra Extra `json:"-"`
}

// InvoiceAttachment is a file attached to an invoice: upload it with the
// attachments service, then refer to it by its JWT.
type InvoiceAttachment struct {
	JWT       string `json:"jwt,omitempty"`
	MediaType string `json:"media_type,omitempty"`

	Extra Extra `json:"-"`
}

// AllowedGateway is an online payment gateway a client may pay an invoice
// through.
type AllowedGateway struct {
	ID           int64  `json:"id,omitempty"`
	AllowedID    int64  `json:"allowedid,omitempty"`
	GatewayID    int64  `json:"gatewayid,omitempty"`
	GatewayName  string `json:"gateway_name,omitempty"`
	ConnectionID int64  `json:"connectionid,omitempty"`

	Extra Extra `json:"-"`
}

// ShareLink is a link that lets anyone view a sent invoice.
type ShareLink struct {
	CustomerID   CustomerID `json:"clientid,omitempty"`
	ResourceType string     `json:"resource_type,omitempty"` // "invoice"
	ResourceID   int64      `json:"resourceid,omitempty"`
	URL          string     `json:"share_link,omitempty"`
	ShareMethod  string     `json:"share_method,omitempty"` // "share_link"

	Extra Extra `json:"-"`
}

// EmailOptions says whom to email a document to, and with what words.
type EmailOptions struct {
	Recipients []string // the addresses; required
	Subject    string   // empty means FreshBooks' default subject
	Body       string   // empty means FreshBooks' default message
	IncludePDF *bool    // attach the PDF (email_include_pdf)
}

// fields renders the options as the action_email phase of a PUT; kind is
// the document's noun ("invoice", "estimate"), which prefixes the
// customized email member.
func (o EmailOptions) fields(kind string) map[string]any {
	to := o.Recipients
	if to == nil {
		to = []string{}
	}
	f := map[string]any{"action_email": true, "email_recipients": to}
	if o.Subject != "" || o.Body != "" {
		f[kind+"_customized_email"] = map[string]string{"subject": o.Subject, "body": o.Body}
	}
	if o.IncludePDF != nil {
		f["email_include_pdf"] = *o.IncludePDF
	}
	return f
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (v *Invoice) UnmarshalJSON(b []byte) error {
	type plain Invoice
	return unmarshalKeeping(b, (*plain)(v), &v.Extra)
}

// MarshalJSON writes Extra back.
func (v Invoice) MarshalJSON() ([]byte, error) {
	type plain Invoice
	return marshalKeeping((*plain)(&v), v.Extra)
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (v *Line) UnmarshalJSON(b []byte) error {
	type plain Line
	return unmarshalKeeping(b, (*plain)(v), &v.Extra)
}

// MarshalJSON writes Extra back.
func (v Line) MarshalJSON() ([]byte, error) {
	type plain Line
	return marshalKeeping((*plain)(&v), v.Extra)
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (v *InvoicePresentation) UnmarshalJSON(b []byte) error {
	type plain InvoicePresentation
	return unmarshalKeeping(b, (*plain)(v), &v.Extra)
}

// MarshalJSON writes Extra back.
func (v InvoicePresentation) MarshalJSON() ([]byte, error) {
	type plain InvoicePresentation
	return marshalKeeping((*plain)(&v), v.Extra)
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (v *InvoiceAttachment) UnmarshalJSON(b []byte) error {
	type plain InvoiceAttachment
	return unmarshalKeeping(b, (*plain)(v), &v.Extra)
}

// MarshalJSON writes Extra back.
func (v InvoiceAttachment) MarshalJSON() ([]byte, error) {
	type plain InvoiceAttachment
	return marshalKeeping((*plain)(&v), v.Extra)
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (v *AllowedGateway) UnmarshalJSON(b []byte) error {
	type plain AllowedGateway
	return unmarshalKeeping(b, (*plain)(v), &v.Extra)
}

// MarshalJSON writes Extra back.
func (v AllowedGateway) MarshalJSON() ([]byte, error) {
	type plain AllowedGateway
	return marshalKeeping((*plain)(&v), v.Extra)
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (v *ShareLink) UnmarshalJSON(b []byte) error {
	type plain ShareLink
	return unmarshalKeeping(b, (*plain)(v), &v.Extra)
}

// MarshalJSON writes Extra back.
func (v ShareLink) MarshalJSON() ([]byte, error) {
	type plain ShareLink
	return marshalKeeping((*plain)(&v), v.Extra)
}

// checkDueDate refuses a DueDate that a write would silently lose: one
// set without DueOffsetDays, which is what decides the due date (an
// invoice as read carries both and passes).
func (inv *Invoice) checkDueDate() error {
	if inv == nil || !inv.DueDate.Valid() || inv.DueOffsetDays != nil || inv.DueDate == inv.CreateDate {
		return nil
	}
	return &WriteError{Resource: "invoices", Member: "due_date", Reason: "FreshBooks derives it (create_date + due_offset_days) " +
		"and ignores a write of it: set DueOffsetDays instead"}
}

// forWrite is inv as sent on a write: without due_date, which FreshBooks
// derives and refuses to have written (403, errno 1038). inv is not
// changed.
func (inv *Invoice) forWrite() *Invoice {
	if inv == nil {
		return nil
	}
	w := *inv
	w.DueDate = Date{}
	if _, ok := w.Extra["due_date"]; ok {
		w.Extra = maps.Clone(w.Extra)
		delete(w.Extra, "due_date")
	}
	return &w
}

// IsPaid reports whether the invoice is paid in full.
func (inv *Invoice) IsPaid() bool {
	switch {
	case inv.V3Status == V3Paid, inv.V3Status == V3AutoPaid:
		return true
	case inv.PaymentStatus == PaymentStatusPaid, inv.PaymentStatus == PaymentStatusAutoPaid:
		return true
	}
	return false
}

// IsDraft reports whether the invoice has not been sent (or marked as
// sent) yet.
func (inv *Invoice) IsDraft() bool {
	return inv.V3Status == V3Draft || inv.DisplayStatus == DisplayDraft || inv.Status == InvoiceDraft
}

// IsUnpaid reports whether the client owes money on the invoice: it is
// sent and not fully paid. A draft is not unpaid: nothing is owed on it
// yet. These are the invoices InvoiceFilter{Unpaid: true} lists.
func (inv *Invoice) IsUnpaid() bool {
	return !inv.IsDraft() && !inv.IsPaid() && inv.Outstanding.Amount.Sign() > 0
}

// IsOverdue reports whether the invoice is unpaid past its due date on
// the day today (or FreshBooks says it is overdue).
func (inv *Invoice) IsOverdue(today Date) bool {
	if !inv.IsUnpaid() {
		return false
	}
	return inv.V3Status == V3Overdue || inv.DueDate.Valid() && inv.DueDate.Before(today)
}

// AmountOwed returns what is still owed on the invoice, in its currency:
// its Outstanding amount, zero for a paid invoice.
func (inv *Invoice) AmountOwed() Money {
	m := inv.Outstanding
	if m.Amount.IsZero() {
		m.Amount = DecimalFromInt(0)
	}
	if m.Code == "" {
		m.Code = inv.CurrencyCode
	}
	return m
}

// ClientSnapshot is the copy of the client's name and address a sales
// document keeps, made when the document is created; set its fields to
// override them.
type ClientSnapshot struct {
	FirstName           string `json:"fname,omitempty"`
	LastName            string `json:"lname,omitempty"`
	Organization        string `json:"organization,omitempty"`
	CurrentOrganization string `json:"current_organization,omitempty"` // the client's organization now
	Email               string `json:"email,omitempty"`
	Address             string `json:"address,omitempty"`
	Street              string `json:"street,omitempty"`
	Street2             string `json:"street2,omitempty"`
	City                string `json:"city,omitempty"`
	Province            string `json:"province,omitempty"`
	PostalCode          string `json:"code,omitempty"`
	Country             string `json:"country,omitempty"`
	VATName             string `json:"vat_name,omitempty"`
	VATNumber           string `json:"vat_number,omitempty"`
}

// InvoiceFilter is the typed filter of invoice lists; the fields left zero
// filter nothing. It is a [QueryOption]:
//
//	acct.Invoices.List(ctx, freshbooks.InvoiceFilter{
//		CustomerID: c.ID,
//		Dates:      freshbooks.DateRange{From: today.AddDays(-90), To: today},
//		Unpaid:     true,
//	})
type InvoiceFilter struct {
	CustomerID CustomerID      // the client's invoices (customerid)
	Dates      DateRange       // on the invoice date, both ends included (date_min, date_max)
	Updated    DateRange       // last changed, both ends included (updated_min, updated_max)
	Status     InvoiceV3Status // one v3 status, such as V3Overdue (v3_status)
	Paid       bool            // only fully paid invoices (paid=true)
	// Unpaid keeps the invoices money is still owed on: sent and not fully
	// paid, drafts left out (FreshBooks' outstanding=true).
	Unpaid bool
}

func (f InvoiceFilter) applyQuery(q *query) {
	if f.CustomerID != 0 {
		q.add(opEquals, "customerid", f.CustomerID)
	}
	f.Dates.apply(q, "date")
	f.Updated.apply(q, "updated")
	if f.Status != "" {
		q.add(opEquals, "v3_status", f.Status)
	}
	if f.Paid {
		q.add(opEquals, "paid", true)
	}
	if f.Unpaid {
		q.add(opEquals, "outstanding", true)
	}
}

// InvoicesService manages the business's invoices.
//
// # Status
//
// An invoice carries six status fields; each answers one question:
//
//	Question                       Field (wire name)               Values
//	Where is it, in one word?      V3Status (v3_status)            draft, sent, viewed, partial, paid, overdue, …
//	Has the client seen it?        DisplayStatus (display_status)  draft, created, sent, viewed, outstanding
//	How much of it is paid?        PaymentStatus (payment_status)  unpaid, partial, paid, auto-paid
//	The number FreshBooks keeps    Status (status)                 InvoiceDraft … InvoicePartial; the one that is written
//	Is its deposit paid?           DepositStatus (deposit_status)  none, unpaid, partial, paid, converted
//	Did automatic billing work?    AutoBillStatus                  retry, failed, success
//
// The amounts say the rest: Amount is the total, Paid the sum of the
// payments, Outstanding what is still owed. For the usual questions use
// the helpers: [Invoice.IsPaid], [Invoice.IsUnpaid] (sent and not fully
// paid: what the client owes), [Invoice.IsOverdue] and
// [Invoice.AmountOwed].
//
// Lists filter on three of these: v3_status (one status), paid=true
// (fully paid) and outstanding=true (sent and not fully paid, drafts left
// out). FreshBooks ignores status, payment_status and display_status as
// filters. [InvoiceFilter] has them as Status, Paid and Unpaid.
//
// # Queries
//
// Filters, sort keys and includes are listed in the catalogue
// ([LookupResource]("invoices")): customerid, customerids, invoiceid,
// invoiceids, invoice_number, date (the invoice date, a range), updated
// (a range), v3_status, paid, outstanding, vis_state; sorts invoice_date,
// create_date, due_date, invoice_number, amount, outstanding, updated;
// includes lines, presentation, allowed_gateways.
type InvoicesService struct{ r resource[Invoice] }

// Get returns an invoice; add Include("lines") for its lines.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/invoices/invoices/{id}
func (s *InvoicesService) Get(ctx context.Context, id InvoiceID, opts ...QueryOption) (*Invoice, error) {
	return s.r.get(ctx, int64(id), opts)
}

// List returns a page of invoices, active and archived unless filtered.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/invoices/invoices
func (s *InvoicesService) List(ctx context.Context, opts ...QueryOption) (*Page[Invoice], error) {
	return s.r.list(ctx, opts)
}

// All iterates over every invoice, fetching page after page.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/invoices/invoices
func (s *InvoicesService) All(ctx context.Context, opts ...QueryOption) iter.Seq2[*Invoice, error] {
	return s.r.all(ctx, opts)
}

// Create adds an invoice, as a draft; CustomerID and CreateDate are
// required. DueDate is never sent (see [Invoice]); one set is a
// [WriteError]: set DueOffsetDays.
//
// FreshBooks endpoint: POST /accounting/account/{account_id}/invoices/invoices
func (s *InvoicesService) Create(ctx context.Context, inv *Invoice, opts ...QueryOption) (*Invoice, error) {
	if err := inv.checkDueDate(); err != nil {
		return nil, err
	}
	return s.r.create(ctx, inv.forWrite(), opts)
}

// Update changes the fields of an invoice that inv sets. DueDate is never
// sent: one set without DueOffsetDays is a [WriteError], since FreshBooks
// would keep its own. A VisState set in inv makes FreshBooks apply only that and
// discard the other fields.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/invoices/invoices/{id}
func (s *InvoicesService) Update(ctx context.Context, id InvoiceID, inv *Invoice, opts ...QueryOption) (*Invoice, error) {
	if err := inv.checkDueDate(); err != nil {
		return nil, err
	}
	return s.r.update(ctx, int64(id), inv.forWrite(), opts)
}

// Delete deletes an invoice. FreshBooks keeps it with VisState
// VisDeleted: it no longer counts in reports and comes back with
// Restore.
//
// FreshBooks endpoint: DELETE /accounting/account/{account_id}/invoices/invoices/{id}
func (s *InvoicesService) Delete(ctx context.Context, id InvoiceID) error {
	return s.r.remove(ctx, int64(id))
}

// Archive hides an invoice from lists in FreshBooks' interface; it still
// counts.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/invoices/invoices/{id} with {"invoice": {"vis_state": 2}}
func (s *InvoicesService) Archive(ctx context.Context, id InvoiceID) (*Invoice, error) {
	return s.r.setVisState(ctx, int64(id), VisArchived)
}

// Restore makes a deleted or archived invoice active again.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/invoices/invoices/{id} with {"invoice": {"vis_state": 0}}
func (s *InvoicesService) Restore(ctx context.Context, id InvoiceID) (*Invoice, error) {
	return s.r.setVisState(ctx, int64(id), VisActive)
}

// MarkAsSent marks a draft invoice as sent without emailing it, as when it
// was delivered by other means.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/invoices/invoices/{id} with {"invoice": {"action_mark_as_sent": true}}
func (s *InvoicesService) MarkAsSent(ctx context.Context, id InvoiceID) (*Invoice, error) {
	return s.r.put(ctx, int64(id), map[string]any{"action_mark_as_sent": true})
}

// SendByEmail emails an invoice to the recipients and marks it sent.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/invoices/invoices/{id} with {"invoice": {"action_email": true, "email_recipients": [...], "invoice_customized_email": {...}}}
func (s *InvoicesService) SendByEmail(ctx context.Context, id InvoiceID, email EmailOptions) (*Invoice, error) {
	return s.r.put(ctx, int64(id), email.fields("invoice"))
}

// ShareLink returns a link to view an invoice. The invoice must have been
// sent (or marked as sent) first.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/invoices/invoices/{id}/share_link?share_method=share_link
func (s *InvoicesService) ShareLink(ctx context.Context, id InvoiceID) (*ShareLink, error) {
	r := resource[ShareLink]{s.r.c, endpoint{family: FamilyAccounting,
		list: s.r.ep.idPath(int64(id)) + "/share_link", single: "share_link"}}
	return r.one(ctx, &request{method: http.MethodGet, path: r.ep.list, query: url.Values{"share_method": {"share_link"}}})
}
