package freshbooks

import (
	"context"
	"iter"
)

// Staff is a staff member of the business in the accounting system
// (deprecated by FreshBooks in favour of team members, but still served).
// The account owner is staff 1, the StaffID of the expenses they record.
//
// The members follow FreshBooks' user records, which staff share with
// clients; no recorded answer lists them all, so some are inferred.
type Staff struct {
	ID                 StaffID `json:"id,omitempty"`
	UserID             StaffID `json:"userid,omitempty"`
	AccountingSystemID string  `json:"accounting_systemid,omitempty"`
	FirstName          string  `json:"fname,omitempty"`
	LastName           string  `json:"lname,omitempty"`
	DisplayName        string  `json:"display_name,omitempty"`
	Email              string  `json:"email,omitempty"`
	Username           string  `json:"username,omitempty"`
	Organization       string  `json:"organization,omitempty"`
	BusinessPhone      string  `json:"bus_phone,omitempty"`
	HomePhone          string  `json:"home_phone,omitempty"`
	MobilePhone        string  `json:"mob_phone,omitempty"`
	Fax                string  `json:"fax,omitempty"`
	Note               string  `json:"note,omitempty"`
	Street             string  `json:"p_street,omitempty"`
	Street2            string  `json:"p_street2,omitempty"`
	City               string  `json:"p_city,omitempty"`
	Province           string  `json:"p_province,omitempty"`
	PostalCode         string  `json:"p_code,omitempty"`
	Country            string  `json:"p_country,omitempty"`
	Rate               Decimal `json:"rate,omitzero"` // hourly billing rate
	CurrencyCode       string  `json:"currency_code,omitempty"`
	Language           string  `json:"language,omitempty"`
	Level              int     `json:"level,omitempty"`
	NumLogins          int     `json:"num_logins,omitempty"`
	APIToken           string  `json:"api_token,omitempty"`

	LastLogin  AccountingTime    `json:"last_login,omitzero"`
	SignupDate AccountingUTCTime `json:"signup_date,omitzero"` // UTC, as for clients (inferred)
	Updated    AccountingTime    `json:"updated,omitzero"`
	VisState   VisState          `json:"vis_state,omitempty"`

	Extra Extra `json:"-"`
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (p *Staff) UnmarshalJSON(b []byte) error {
	type plain Staff
	return unmarshalKeeping(b, (*plain)(p), &p.Extra)
}

// MarshalJSON writes Extra back.
func (p Staff) MarshalJSON() ([]byte, error) {
	type plain Staff
	return marshalKeeping((*plain)(&p), p.Extra)
}

// StaffService reads and changes the business's staff. Staff cannot be
// created through the API: people join a business by invitation.
//
// Filters: vis_state; the sandbox also accepts email and username
// (Equals, inferred).
type StaffService struct{ r resource[Staff] }

// Get returns a staff member.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/users/staffs/{id}
func (s *StaffService) Get(ctx context.Context, id StaffID, opts ...QueryOption) (*Staff, error) {
	return s.r.get(ctx, int64(id), opts)
}

// List returns a page of staff.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/users/staffs
func (s *StaffService) List(ctx context.Context, opts ...QueryOption) (*Page[Staff], error) {
	return s.r.list(ctx, opts)
}

// All iterates over every staff member, fetching page after page.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/users/staffs
func (s *StaffService) All(ctx context.Context, opts ...QueryOption) iter.Seq2[*Staff, error] {
	return s.r.all(ctx, opts)
}

// Update changes the fields of a staff member that p sets.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/users/staffs/{id}
func (s *StaffService) Update(ctx context.Context, id StaffID, p *Staff, opts ...QueryOption) (*Staff, error) {
	return s.r.update(ctx, int64(id), p, opts)
}

// Delete deletes a staff member: FreshBooks keeps the record with VisState
// VisDeleted.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/users/staffs/{id} with {"staff": {"vis_state": 1}}
func (s *StaffService) Delete(ctx context.Context, id StaffID) error {
	_, err := s.r.setVisState(ctx, int64(id), VisDeleted)
	return err
}
