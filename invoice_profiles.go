package freshbooks

import (
	"context"
	"iter"
)

// InvoiceProfile is a FreshBooks recurring profile: the template from which
// FreshBooks makes an invoice every period.
//
// The references list no fields for profiles; these are FreshBooks' own
// names for them as far as they are known ([INF]): invoice-like members
// plus Frequency, NumberRecurring, OccurrencesToDate, SendEmail and the
// auto-bill settings. Unknown members are kept in Extra.
type InvoiceProfile struct {
	ID                 InvoiceProfileID `json:"id,omitempty"`
	ProfileID          InvoiceProfileID `json:"profileid,omitempty"` // the same as ID
	AccountingSystemID string           `json:"accounting_systemid,omitempty"`
	CustomerID         CustomerID       `json:"customerid,omitempty"` // required on create
	OwnerID            int64            `json:"ownerid,omitempty"`

	CreateDate Date `json:"create_date,omitzero"` // the first invoice's date; required on create
	// Frequency is how often an invoice is made: "w" weekly, "2w" every two
	// weeks, "4w", "m" monthly, "2m", "3m", "6m", "y" yearly, "2y" ([INF]).
	Frequency string `json:"frequency,omitempty"`
	// NumberRecurring is how many invoices to make; 0 means forever.
	NumberRecurring     *int   `json:"numberRecurring,omitempty"`
	OccurrencesToDate   int    `json:"occurrences_to_date,omitempty"` // invoices made so far
	DueOffsetDays       *int   `json:"due_offset_days,omitempty"`
	SendEmail           *bool  `json:"send_email,omitempty"`
	SendGmail           *bool  `json:"send_gmail,omitempty"`
	AutoBill            *bool  `json:"auto_bill,omitempty"`
	Disable             *bool  `json:"disable,omitempty"` // paused
	IncludeUnbilledTime *bool  `json:"include_unbilled_time,omitempty"`
	BillGateway         string `json:"bill_gateway,omitempty"`

	CurrencyCode        string  `json:"currency_code,omitempty"`
	Language            string  `json:"language,omitempty"`
	Amount              Money   `json:"amount,omitzero"` // computed from the lines
	DiscountTotal       Money   `json:"discount_total,omitzero"`
	DiscountValue       Decimal `json:"discount_value,omitzero"` // percent
	DiscountDescription string  `json:"discount_description,omitempty"`

	ClientSnapshot

	Notes          string         `json:"notes,omitempty"`
	Terms          string         `json:"terms,omitempty"`
	Description    string         `json:"description,omitempty"`
	PONumber       string         `json:"po_number,omitempty"`
	Template       string         `json:"template,omitempty"`
	PaymentDetails string         `json:"payment_details,omitempty"`
	ReturnURI      string         `json:"return_uri,omitempty"`
	RetainerID     int64          `json:"retainer_id,omitempty"`
	Updated        AccountingTime `json:"updated,omitzero"`
	VisState       VisState       `json:"vis_state,omitempty"`

	// Lines are answered only with Include("lines"); on writes they
	// replace the profile's lines.
	Lines []Line `json:"lines,omitempty"`

	Extra Extra `json:"-"`
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (v *InvoiceProfile) UnmarshalJSON(b []byte) error {
	type plain InvoiceProfile
	return unmarshalKeeping(b, (*plain)(v), &v.Extra)
}

// MarshalJSON writes Extra back.
func (v InvoiceProfile) MarshalJSON() ([]byte, error) {
	type plain InvoiceProfile
	return marshalKeeping((*plain)(&v), v.Extra)
}

// InvoiceProfilesService manages the business's recurring profiles
// (webhook noun "recurring").
//
// Filters: customerid, customerids (In), profileid, profileids (In),
// frequency, updated (Between), vis_state. Include: lines. Sort keys:
// create_date, amount, updated.
type InvoiceProfilesService struct{ r resource[InvoiceProfile] }

// Get returns a recurring profile.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/invoice_profiles/invoice_profiles/{id}
func (s *InvoiceProfilesService) Get(ctx context.Context, id InvoiceProfileID, opts ...QueryOption) (*InvoiceProfile, error) {
	return s.r.get(ctx, int64(id), opts)
}

// List returns a page of recurring profiles, active and archived unless
// filtered.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/invoice_profiles/invoice_profiles
func (s *InvoiceProfilesService) List(ctx context.Context, opts ...QueryOption) (*Page[InvoiceProfile], error) {
	return s.r.list(ctx, opts)
}

// All iterates over every recurring profile, fetching page after page.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/invoice_profiles/invoice_profiles
func (s *InvoiceProfilesService) All(ctx context.Context, opts ...QueryOption) iter.Seq2[*InvoiceProfile, error] {
	return s.r.all(ctx, opts)
}

// Create adds a recurring profile; CustomerID, CreateDate and Frequency
// are required.
//
// FreshBooks endpoint: POST /accounting/account/{account_id}/invoice_profiles/invoice_profiles
func (s *InvoiceProfilesService) Create(ctx context.Context, p *InvoiceProfile, opts ...QueryOption) (*InvoiceProfile, error) {
	return s.r.create(ctx, p, opts)
}

// Update changes the fields of a recurring profile that p sets.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/invoice_profiles/invoice_profiles/{id}
func (s *InvoiceProfilesService) Update(ctx context.Context, id InvoiceProfileID, p *InvoiceProfile, opts ...QueryOption) (*InvoiceProfile, error) {
	return s.r.update(ctx, int64(id), p, opts)
}

// Delete deletes a recurring profile: FreshBooks keeps it with VisState
// VisDeleted and makes no more invoices from it.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/invoice_profiles/invoice_profiles/{id} with {"invoice_profile": {"vis_state": 1}}
func (s *InvoiceProfilesService) Delete(ctx context.Context, id InvoiceProfileID) error {
	_, err := s.r.setVisState(ctx, int64(id), VisDeleted)
	return err
}

// Archive hides a recurring profile from lists in FreshBooks' interface.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/invoice_profiles/invoice_profiles/{id} with {"invoice_profile": {"vis_state": 2}}
func (s *InvoiceProfilesService) Archive(ctx context.Context, id InvoiceProfileID) (*InvoiceProfile, error) {
	return s.r.setVisState(ctx, int64(id), VisArchived)
}

// Restore makes a deleted or archived recurring profile active again.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/invoice_profiles/invoice_profiles/{id} with {"invoice_profile": {"vis_state": 0}}
func (s *InvoiceProfilesService) Restore(ctx context.Context, id InvoiceProfileID) (*InvoiceProfile, error) {
	return s.r.setVisState(ctx, int64(id), VisActive)
}
