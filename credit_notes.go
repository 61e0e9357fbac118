package freshbooks

import (
	"context"
	"iter"
)

// CreditNote is a FreshBooks credit note: money the business owes a client,
// made of lines like an invoice, or made by FreshBooks for an overpayment.
type CreditNote struct {
	ID                 CreditNoteID `json:"id,omitempty"`
	CreditID           CreditNoteID `json:"creditid,omitempty"` // the same as ID
	AccountingSystemID string       `json:"accounting_systemid,omitempty"`
	CustomerID         CustomerID   `json:"clientid,omitempty"` // required on create
	SentID             int64        `json:"sentid,omitempty"`
	CreditNumber       string       `json:"credit_number,omitempty"` // assigned when not given
	CreditType         CreditType   `json:"credit_type,omitempty"`
	CreateDate         Date         `json:"create_date,omitzero"` // required on create

	CurrencyCode  string        `json:"currency_code,omitempty"`
	Language      string        `json:"language,omitempty"`
	Amount        Money         `json:"amount,omitzero"` // computed from the lines
	Paid          Money         `json:"paid,omitzero"`
	PaymentStatus PaymentStatus `json:"payment_status,omitempty"`
	PaymentType   string        `json:"payment_type,omitempty"`
	// Status and DisplayStatus are words here, not numbers: draft,
	// created, sent, viewed.
	Status          DisplayStatus `json:"status,omitempty"`
	DisplayStatus   DisplayStatus `json:"display_status,omitempty"`
	DisputeStatus   string        `json:"dispute_status,omitempty"`
	LastOrderStatus string        `json:"last_order_status,omitempty"`

	Description string `json:"description,omitempty"`
	Notes       string `json:"notes,omitempty"`
	Terms       string `json:"terms,omitempty"`

	ClientSnapshot

	Template   string         `json:"template,omitempty"`
	ExtArchive int            `json:"ext_archive,omitempty"`
	Updated    AccountingTime `json:"updated,omitzero"`
	VisState   VisState       `json:"vis_state,omitempty"`

	Lines []Line `json:"lines,omitempty"`

	Extra Extra `json:"-"`
}

// CreditType is why a credit note exists.
type CreditType string

// Credit types.
const (
	CreditGoodwill    CreditType = "goodwill"
	CreditOverpayment CreditType = "overpayment"
	CreditPrepayment  CreditType = "prepayment"
)

// UnmarshalJSON keeps unmodelled members in Extra.
func (v *CreditNote) UnmarshalJSON(b []byte) error {
	type plain CreditNote
	return unmarshalKeeping(b, (*plain)(v), &v.Extra)
}

// MarshalJSON writes Extra back.
func (v CreditNote) MarshalJSON() ([]byte, error) {
	type plain CreditNote
	return marshalKeeping((*plain)(&v), v.Extra)
}

// CreditNotesService manages the business's credit notes.
//
// Filters: clientid, clientids (In), creditid, creditids (In),
// credit_number, credit_type, date (Between, on the credit note's date),
// updated (Between), vis_state. Include: lines. Sort keys: create_date,
// credit_number, amount, updated.
type CreditNotesService struct{ r resource[CreditNote] }

// Get returns a credit note.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/credit_notes/credit_notes/{id}
func (s *CreditNotesService) Get(ctx context.Context, id CreditNoteID, opts ...QueryOption) (*CreditNote, error) {
	return s.r.get(ctx, int64(id), opts)
}

// List returns a page of credit notes, active and archived unless
// filtered.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/credit_notes/credit_notes
func (s *CreditNotesService) List(ctx context.Context, opts ...QueryOption) (*Page[CreditNote], error) {
	return s.r.list(ctx, opts)
}

// All iterates over every credit note, fetching page after page.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/credit_notes/credit_notes
func (s *CreditNotesService) All(ctx context.Context, opts ...QueryOption) iter.Seq2[*CreditNote, error] {
	return s.r.all(ctx, opts)
}

// Create adds a credit note; ClientID and CreateDate are required.
//
// FreshBooks endpoint: POST /accounting/account/{account_id}/credit_notes/credit_notes
func (s *CreditNotesService) Create(ctx context.Context, cn *CreditNote, opts ...QueryOption) (*CreditNote, error) {
	return s.r.create(ctx, cn, opts)
}

// Update changes the fields of a credit note that cn sets.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/credit_notes/credit_notes/{id}
func (s *CreditNotesService) Update(ctx context.Context, id CreditNoteID, cn *CreditNote, opts ...QueryOption) (*CreditNote, error) {
	return s.r.update(ctx, int64(id), cn, opts)
}

// Delete deletes a credit note: FreshBooks keeps it with VisState
// VisDeleted.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/credit_notes/credit_notes/{id} with {"credit_note": {"vis_state": 1}}
func (s *CreditNotesService) Delete(ctx context.Context, id CreditNoteID) error {
	_, err := s.r.setVisState(ctx, int64(id), VisDeleted)
	return err
}

// Archive hides a credit note from lists in FreshBooks' interface.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/credit_notes/credit_notes/{id} with {"credit_note": {"vis_state": 2}}
func (s *CreditNotesService) Archive(ctx context.Context, id CreditNoteID) (*CreditNote, error) {
	return s.r.setVisState(ctx, int64(id), VisArchived)
}

// Restore makes a deleted or archived credit note active again.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/credit_notes/credit_notes/{id} with {"credit_note": {"vis_state": 0}}
func (s *CreditNotesService) Restore(ctx context.Context, id CreditNoteID) (*CreditNote, error) {
	return s.r.setVisState(ctx, int64(id), VisActive)
}
