package freshbooks

import (
	"context"
	"iter"
)

// Estimate is a FreshBooks estimate: a quote to a client, invoice-like,
// that the client can accept.
type Estimate struct {
	ID                 EstimateID `json:"id,omitempty"`
	EstimateID         EstimateID `json:"estimateid,omitempty"` // the same as ID
	AccountID          string     `json:"accountid,omitempty"`
	AccountingSystemID string     `json:"accounting_systemid,omitempty"`
	EstimateNumber     string     `json:"estimate_number,omitempty"` // assigned when not given
	CustomerID         CustomerID `json:"customerid,omitempty"`      // the client's id; required on create
	OwnerID            int64      `json:"ownerid,omitempty"`
	InvoiceID          InvoiceID  `json:"invoiceid,omitempty"` // the invoice made from it, if any

	// Status is the estimate's status number. Its values are not
	// documented; the constants are inferred (see [EstimateStatus]).
	Status        EstimateStatus `json:"status,omitempty"`
	DisplayStatus DisplayStatus  `json:"display_status,omitempty"`
	UIStatus      string         `json:"ui_status,omitempty"`
	ReplyStatus   string         `json:"reply_status,omitempty"`
	Accepted      *bool          `json:"accepted,omitempty"`
	Invoiced      *bool          `json:"invoiced,omitempty"`

	RichProposal           *bool `json:"rich_proposal,omitempty"`
	RequireClientSignature *bool `json:"require_client_signature,omitempty"`

	CreateDate Date           `json:"create_date,omitzero"` // required on create
	CreatedAt  AccountingTime `json:"created_at,omitzero"`
	Updated    AccountingTime `json:"updated,omitzero"`

	CurrencyCode        string  `json:"currency_code,omitempty"`
	Language            string  `json:"language,omitempty"`
	Amount              Money   `json:"amount,omitzero"` // computed: lines + taxes − discount
	DiscountTotal       Money   `json:"discount_total,omitzero"`
	DiscountValue       Decimal `json:"discount_value,omitzero"` // percent
	DiscountDescription string  `json:"discount_description,omitempty"`

	ClientSnapshot

	Notes       string   `json:"notes,omitempty"`
	Terms       string   `json:"terms,omitempty"`
	Description string   `json:"description,omitempty"`
	PONumber    string   `json:"po_number,omitempty"`
	Template    string   `json:"template,omitempty"`
	ExtArchive  int      `json:"ext_archive,omitempty"`
	UUID        string   `json:"uuid,omitempty"`
	VisState    VisState `json:"vis_state,omitempty"`

	// Lines are answered only with Include("lines"); on writes they
	// replace the estimate's lines.
	Lines []Line `json:"lines,omitempty"`

	Extra Extra `json:"-"`
}

// EstimateStatus is an estimate's status number. FreshBooks does not
// document the values for estimates; the constants below are inferred
// ([INF]) from invoices and the estimate's life: draft, sent, viewed,
// replied, accepted, invoiced. The zero value is EstimateStatusUnknown;
// FreshBooks' numbers start at 0 (disputed), and an EstimateStatus reads
// and writes them.
type EstimateStatus int

// Estimate statuses (inferred).
const (
	EstimateStatusUnknown EstimateStatus = iota // not read, or not set
	EstimateDisputed                            // 0 on the wire
	EstimateDraft                               // 1
	EstimateSent                                // 2
	EstimateViewed                              // 3
	EstimateReplied                             // 4
	EstimateAccepted                            // 5
	EstimateInvoiced                            // 6
)

// String returns the status's name, such as "accepted", "unknown" for the
// zero value, or "EstimateStatus(n)" for FreshBooks' number n.
func (s EstimateStatus) String() string {
	return statusName(s, []string{"disputed", "draft", "sent", "viewed", "replied", "accepted", "invoiced"}, "EstimateStatus")
}

// Number is FreshBooks' number for the status, as the API sends it (the
// Go value is one more, so that zero means unknown); false for the zero
// value.
func (s EstimateStatus) Number() (int, bool) { return statusNumber(s) }

// MarshalJSON writes FreshBooks' number of the status.
func (s EstimateStatus) MarshalJSON() ([]byte, error) { return statusJSON(s) }

// UnmarshalJSON reads FreshBooks' number of the status.
func (s *EstimateStatus) UnmarshalJSON(b []byte) error { return parseStatus(b, s, "estimate status") }

// UnmarshalJSON keeps unmodelled members in Extra.
func (v *Estimate) UnmarshalJSON(b []byte) error {
	type plain Estimate
	return unmarshalKeeping(b, (*plain)(v), &v.Extra)
}

// MarshalJSON writes Extra back.
func (v Estimate) MarshalJSON() ([]byte, error) {
	type plain Estimate
	return marshalKeeping((*plain)(&v), v.Extra)
}

// EstimatesService manages the business's estimates.
//
// Filters: customerid, customerids (In), estimateid, estimateids (In),
// estimate_number, date (Between, on the estimate date), updated
// (Between), vis_state. Include: lines. Sort keys: estimate_date,
// create_date, estimate_number, amount, updated.
type EstimatesService struct{ r resource[Estimate] }

// Get returns an estimate; add Include("lines") for its lines.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/estimates/estimates/{id}
func (s *EstimatesService) Get(ctx context.Context, id EstimateID, opts ...QueryOption) (*Estimate, error) {
	return s.r.get(ctx, int64(id), opts)
}

// List returns a page of estimates, active and archived unless filtered.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/estimates/estimates
func (s *EstimatesService) List(ctx context.Context, opts ...QueryOption) (*Page[Estimate], error) {
	return s.r.list(ctx, opts)
}

// All iterates over every estimate, fetching page after page.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/estimates/estimates
func (s *EstimatesService) All(ctx context.Context, opts ...QueryOption) iter.Seq2[*Estimate, error] {
	return s.r.all(ctx, opts)
}

// Create adds an estimate, as a draft; CustomerID and CreateDate are
// required.
//
// FreshBooks endpoint: POST /accounting/account/{account_id}/estimates/estimates
func (s *EstimatesService) Create(ctx context.Context, e *Estimate, opts ...QueryOption) (*Estimate, error) {
	return s.r.create(ctx, e, opts)
}

// Update changes the fields of an estimate that e sets.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/estimates/estimates/{id}
func (s *EstimatesService) Update(ctx context.Context, id EstimateID, e *Estimate, opts ...QueryOption) (*Estimate, error) {
	return s.r.update(ctx, int64(id), e, opts)
}

// Delete deletes an estimate; FreshBooks keeps it with VisState
// VisDeleted.
//
// FreshBooks endpoint: DELETE /accounting/account/{account_id}/estimates/estimates/{id}
func (s *EstimatesService) Delete(ctx context.Context, id EstimateID) error {
	return s.r.remove(ctx, int64(id))
}

// Archive hides an estimate from lists in FreshBooks' interface.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/estimates/estimates/{id} with {"estimate": {"vis_state": 2}}
func (s *EstimatesService) Archive(ctx context.Context, id EstimateID) (*Estimate, error) {
	return s.r.setVisState(ctx, int64(id), VisArchived)
}

// Restore makes a deleted or archived estimate active again.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/estimates/estimates/{id} with {"estimate": {"vis_state": 0}}
func (s *EstimatesService) Restore(ctx context.Context, id EstimateID) (*Estimate, error) {
	return s.r.setVisState(ctx, int64(id), VisActive)
}

// Accept marks an estimate as accepted by the client.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/estimates/estimates/{id} with {"estimate": {"action_accept": true}}
func (s *EstimatesService) Accept(ctx context.Context, id EstimateID) (*Estimate, error) {
	return s.r.put(ctx, int64(id), map[string]any{"action_accept": true})
}

// SendByEmail emails an estimate to the recipients and marks it sent.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/estimates/estimates/{id} with {"estimate": {"action_email": true, "email_recipients": [...], "estimate_customized_email": {...}}}
func (s *EstimatesService) SendByEmail(ctx context.Context, id EstimateID, email EmailOptions) (*Estimate, error) {
	return s.r.put(ctx, int64(id), email.fields("estimate"))
}
