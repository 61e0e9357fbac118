package freshbooks

import (
	"context"
	"iter"
)

// System is a business's accounting system: its settings as the
// accounting endpoints see them. Its id is the systemid of the account
// in the identity's roles ([IdentityRole].SystemID), not the account id.
//
// FreshBooks documents no members for it; the ones modelled are the
// business settings the accounting system carries (inferred), and the
// rest land in Extra.
type System struct {
	ID                 SystemID       `json:"id,omitempty"`
	AccountingSystemID string         `json:"accounting_systemid,omitempty"` // the account id
	Name               string         `json:"name,omitempty"`                // the business name
	Email              string         `json:"email,omitempty"`
	Phone              string         `json:"phone,omitempty"`
	Street             string         `json:"street,omitempty"`
	Street2            string         `json:"street2,omitempty"`
	City               string         `json:"city,omitempty"`
	Province           string         `json:"province,omitempty"`
	PostalCode         string         `json:"code,omitempty"`
	Country            string         `json:"country,omitempty"`
	CurrencyCode       string         `json:"currency_code,omitempty"`
	Language           string         `json:"language,omitempty"`
	DateFormat         string         `json:"date_format,omitempty"` // "mm/dd/yyyy"
	Timezone           string         `json:"timezone,omitempty"`    // "America/New_York"
	Updated            AccountingTime `json:"updated,omitzero"`

	Extra Extra `json:"-"`
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (s *System) UnmarshalJSON(b []byte) error {
	type plain System
	return unmarshalKeeping(b, (*plain)(s), &s.Extra)
}

// MarshalJSON writes Extra back.
func (s System) MarshalJSON() ([]byte, error) {
	type plain System
	return marshalKeeping((*plain)(&s), s.Extra)
}

// SystemsService reads a business's accounting system.
type SystemsService struct{ r resource[System] }

// Get returns the accounting system with id id, the SystemID of the
// account's entry in [Identity].Roles.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/systems/systems/{id}
func (s *SystemsService) Get(ctx context.Context, id SystemID, opts ...QueryOption) (*System, error) {
	return s.r.get(ctx, int64(id), opts)
}

// Gateway is an online payment gateway connected to the business, such
// as Stripe or PayPal. Its members are inferred from the allowed_gateways
// of invoices.
type Gateway struct {
	ID          GatewayID `json:"id,omitempty"`
	GatewayID   int64     `json:"gatewayid,omitempty"`    // the kind: 26 Stripe, 30 FreshBooks Payments, 7 PayPal
	GatewayName string    `json:"gateway_name,omitempty"` // "Stripe"
	Extra       Extra     `json:"-"`
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (g *Gateway) UnmarshalJSON(b []byte) error {
	type plain Gateway
	return unmarshalKeeping(b, (*plain)(g), &g.Extra)
}

// MarshalJSON writes Extra back.
func (g Gateway) MarshalJSON() ([]byte, error) {
	type plain Gateway
	return marshalKeeping((*plain)(&g), g.Extra)
}

// GatewaysService lists and disconnects the business's payment gateways.
// Gateways are connected in FreshBooks, not through this API.
type GatewaysService struct{ r resource[Gateway] }

// List returns a page of gateways.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/systems/gateways
func (s *GatewaysService) List(ctx context.Context, opts ...QueryOption) (*Page[Gateway], error) {
	return s.r.list(ctx, opts)
}

// All iterates over every gateway, fetching page after page.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/systems/gateways
func (s *GatewaysService) All(ctx context.Context, opts ...QueryOption) iter.Seq2[*Gateway, error] {
	return s.r.all(ctx, opts)
}

// Delete disconnects a gateway.
//
// FreshBooks endpoint: DELETE /accounting/account/{account_id}/systems/gateways/{id}
func (s *GatewaysService) Delete(ctx context.Context, id GatewayID) error {
	return s.r.remove(ctx, int64(id))
}
