package freshbooks

import (
	"context"
	"iter"
)

// Tax is a tax the business charges, by name and rate; invoice lines name
// it in TaxName1 and carry its rate in TaxRate1 (taxAmount1 on the wire).
type Tax struct {
	ID                 TaxID  `json:"id,omitempty"`
	TaxID              TaxID  `json:"taxid,omitempty"` // the same as ID
	AccountingSystemID string `json:"accounting_systemid,omitempty"`
	Name               string `json:"name,omitempty"` // unique in the business
	// Rate is the rate in percent: "13" for 13%.
	Rate Decimal `json:"amount,omitzero"`
	// Number is the business's registration number for the tax.
	Number string `json:"number,omitempty"`
	// Compound applies the tax on top of the other taxes of a line.
	Compound *bool          `json:"compound,omitempty"`
	Updated  AccountingTime `json:"updated,omitzero"`

	Extra Extra `json:"-"`
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (v *Tax) UnmarshalJSON(b []byte) error {
	type plain Tax
	return unmarshalKeeping(b, (*plain)(v), &v.Extra)
}

// MarshalJSON writes Extra back.
func (v Tax) MarshalJSON() ([]byte, error) {
	type plain Tax
	return marshalKeeping((*plain)(&v), v.Extra)
}

// TaxesService manages the business's taxes.
//
// Filters: taxid, taxids (In), name, name (Like). Sort keys: name,
// updated.
type TaxesService struct{ r resource[Tax] }

// Get returns a tax.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/taxes/taxes/{id}
func (s *TaxesService) Get(ctx context.Context, id TaxID, opts ...QueryOption) (*Tax, error) {
	return s.r.get(ctx, int64(id), opts)
}

// List returns a page of taxes.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/taxes/taxes
func (s *TaxesService) List(ctx context.Context, opts ...QueryOption) (*Page[Tax], error) {
	return s.r.list(ctx, opts)
}

// All iterates over every tax, fetching page after page.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/taxes/taxes
func (s *TaxesService) All(ctx context.Context, opts ...QueryOption) iter.Seq2[*Tax, error] {
	return s.r.all(ctx, opts)
}

// Create adds a tax; Name and Amount are required and a name already in
// use is refused (422, errno 13002).
//
// FreshBooks endpoint: POST /accounting/account/{account_id}/taxes/taxes
func (s *TaxesService) Create(ctx context.Context, t *Tax, opts ...QueryOption) (*Tax, error) {
	return s.r.create(ctx, t, opts)
}

// Update changes the fields of a tax that t sets.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/taxes/taxes/{id}
func (s *TaxesService) Update(ctx context.Context, id TaxID, t *Tax, opts ...QueryOption) (*Tax, error) {
	return s.r.update(ctx, int64(id), t, opts)
}

// Delete deletes a tax for good. Lines that named it keep their name and
// rate.
//
// FreshBooks endpoint: DELETE /accounting/account/{account_id}/taxes/taxes/{id}
func (s *TaxesService) Delete(ctx context.Context, id TaxID) error {
	return s.r.remove(ctx, int64(id))
}
