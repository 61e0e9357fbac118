package freshbooks

import (
	"context"
	"iter"
)

// Customer is a FreshBooks client: a person or organisation the business
// bills. (The Go name Client is this package's API client.) Its id is also
// its userid, and invoices refer to it as customerid.
type Customer struct {
	ID                     CustomerID        `json:"id,omitempty"`
	UserID                 CustomerID        `json:"userid,omitempty"`
	AccountingSystemID     string            `json:"accounting_systemid,omitempty"`
	FirstName              string            `json:"fname,omitempty"`
	LastName               string            `json:"lname,omitempty"`
	Organization           string            `json:"organization,omitempty"`
	Email                  string            `json:"email,omitempty"`
	Username               string            `json:"username,omitempty"`
	BusinessPhone          string            `json:"bus_phone,omitempty"`
	HomePhone              string            `json:"home_phone,omitempty"`
	MobilePhone            string            `json:"mob_phone,omitempty"`
	Fax                    string            `json:"fax,omitempty"`
	Note                   string            `json:"note,omitempty"`
	CurrencyCode           string            `json:"currency_code,omitempty"`
	Language               string            `json:"language,omitempty"`
	VATName                string            `json:"vat_name,omitempty"`
	VATNumber              string            `json:"vat_number,omitempty"`
	BillingStreet          string            `json:"p_street,omitempty"`
	BillingStreet2         string            `json:"p_street2,omitempty"`
	BillingCity            string            `json:"p_city,omitempty"`
	BillingProvince        string            `json:"p_province,omitempty"`
	BillingPostalCode      string            `json:"p_code,omitempty"`
	BillingCountry         string            `json:"p_country,omitempty"`
	ShippingStreet         string            `json:"s_street,omitempty"`
	ShippingStreet2        string            `json:"s_street2,omitempty"`
	ShippingCity           string            `json:"s_city,omitempty"`
	ShippingProvince       string            `json:"s_province,omitempty"`
	ShippingPostalCode     string            `json:"s_code,omitempty"`
	ShippingCountry        string            `json:"s_country,omitempty"`
	AllowLateFees          *bool             `json:"allow_late_fees,omitempty"`
	AllowLateNotifications *bool             `json:"allow_late_notifications,omitempty"`
	AllowEmailIncludePDF   *bool             `json:"allow_email_include_pdf,omitempty"`
	PrefEmail              *bool             `json:"pref_email,omitempty"`
	PrefGmail              *bool             `json:"pref_gmail,omitempty"`
	CompanyIndustry        string            `json:"company_industry,omitempty"`
	CompanySize            string            `json:"company_size,omitempty"`
	DirectLinkToken        string            `json:"direct_link_token,omitempty"`
	StatementToken         string            `json:"statement_token,omitempty"`
	Subdomain              string            `json:"subdomain,omitempty"`
	HasRetainer            *bool             `json:"has_retainer,omitempty"`
	RetainerID             int64             `json:"retainer_id,omitempty"`
	Role                   string            `json:"role,omitempty"`
	NumLogins              int               `json:"num_logins,omitempty"`
	Level                  int               `json:"level,omitempty"`
	Notified               *bool             `json:"notified,omitempty"`
	LastActivity           AccountingTime    `json:"last_activity,omitzero"`
	LastLogin              AccountingTime    `json:"last_login,omitzero"`
	SignupDate             AccountingUTCTime `json:"signup_date,omitzero"` // UTC on the wire, unlike most accounting times
	Updated                AccountingTime    `json:"updated,omitzero"`
	UUID                   string            `json:"uuid,omitempty"`
	VisState               VisState          `json:"vis_state,omitempty"`

	// Balances, present when included (Include("outstanding_balance"), …):
	// one entry per currency.
	OutstandingBalance []Balance `json:"outstanding_balance,omitempty"`
	CreditBalance      []Balance `json:"credit_balance,omitempty"`
	DraftBalance       []Balance `json:"draft_balance,omitempty"`
	OverdueBalance     []Balance `json:"overdue_balance,omitempty"`
	GrandTotalBalance  []Balance `json:"grand_total_balance,omitempty"`

	// Extra holds the members this struct does not model.
	Extra Extra `json:"-"`
}

// Balance is one currency's balance of a client.
type Balance struct {
	Amount Money `json:"amount"`
	Extra  Extra `json:"-"`
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (b *Balance) UnmarshalJSON(data []byte) error {
	type plain Balance
	return unmarshalKeeping(data, (*plain)(b), &b.Extra)
}

// MarshalJSON writes Extra back.
func (b Balance) MarshalJSON() ([]byte, error) {
	type plain Balance
	return marshalKeeping((*plain)(&b), b.Extra)
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (c *Customer) UnmarshalJSON(data []byte) error {
	type plain Customer
	return unmarshalKeeping(data, (*plain)(c), &c.Extra)
}

// MarshalJSON writes Extra back.
func (c Customer) MarshalJSON() ([]byte, error) {
	type plain Customer
	return marshalKeeping((*plain)(&c), c.Extra)
}

// ClientsService manages the business's clients.
//
// Filters: email, userid, userids (In), username, fname_like, lname_like,
// organization_like, note_like, phone_like, address_like, user_like,
// updated (Between, dates), vis_state, and the flags has_credit,
// has_draft, has_outstanding, has_overdue. Includes: outstanding_balance,
// credit_balance, draft_balance, overdue_balance, grand_total_balance,
// last_activity, late_reminders, late_fee. Sort keys: client_id,
// organization_name, email, bus_phone, updated, fullname, outstanding,
// overdue, credit.
type ClientsService struct{ r resource[Customer] }

// Get returns a client.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/users/clients/{id}
func (s *ClientsService) Get(ctx context.Context, id CustomerID, opts ...QueryOption) (*Customer, error) {
	return s.r.get(ctx, int64(id), opts)
}

// List returns a page of clients, active and archived unless filtered.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/users/clients
func (s *ClientsService) List(ctx context.Context, opts ...QueryOption) (*Page[Customer], error) {
	return s.r.list(ctx, opts)
}

// All iterates over every client, fetching page after page.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/users/clients
func (s *ClientsService) All(ctx context.Context, opts ...QueryOption) iter.Seq2[*Customer, error] {
	return s.r.all(ctx, opts)
}

// Create adds a client; one of FirstName, LastName, Email and Organization
// is required.
//
// FreshBooks endpoint: POST /accounting/account/{account_id}/users/clients
func (s *ClientsService) Create(ctx context.Context, c *Customer, opts ...QueryOption) (*Customer, error) {
	return s.r.create(ctx, c, opts)
}

// Update changes the fields of a client that c sets.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/users/clients/{id}
func (s *ClientsService) Update(ctx context.Context, id CustomerID, c *Customer, opts ...QueryOption) (*Customer, error) {
	return s.r.update(ctx, int64(id), c, opts)
}

// Delete deletes a client: FreshBooks keeps it with VisState VisDeleted.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/users/clients/{id} with {"client": {"vis_state": 1}}
func (s *ClientsService) Delete(ctx context.Context, id CustomerID) error {
	_, err := s.r.setVisState(ctx, int64(id), VisDeleted)
	return err
}

// Archive hides a client from lists in FreshBooks' interface; it stays
// usable.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/users/clients/{id} with {"client": {"vis_state": 2}}
func (s *ClientsService) Archive(ctx context.Context, id CustomerID) (*Customer, error) {
	return s.r.setVisState(ctx, int64(id), VisArchived)
}

// Restore makes a deleted or archived client active again.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/users/clients/{id} with {"client": {"vis_state": 0}}
func (s *ClientsService) Restore(ctx context.Context, id CustomerID) (*Customer, error) {
	return s.r.setVisState(ctx, int64(id), VisActive)
}
