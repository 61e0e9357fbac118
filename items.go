package freshbooks

import (
	"context"
	"iter"
)

// Item is something the business sells, with a price and up to two
// taxes, to put on invoice lines.
type Item struct {
	ID                 ItemID  `json:"id,omitempty"`
	ItemID             ItemID  `json:"itemid,omitempty"` // the same as ID
	AccountingSystemID string  `json:"accounting_systemid,omitempty"`
	Name               string  `json:"name,omitempty"` // required on create
	Description        string  `json:"description,omitempty"`
	Qty                Decimal `json:"qty,omitzero"`
	// Inventory is the stock on hand; zero (null) when not tracked.
	Inventory Decimal `json:"inventory,omitzero"`
	SKU       string  `json:"sku,omitempty"`
	UnitCost  Money   `json:"unit_cost,omitzero"`
	// Tax1 and Tax2 are tax ids; a pointer to 0 removes the tax.
	Tax1     *TaxID         `json:"tax1,omitempty"`
	Tax2     *TaxID         `json:"tax2,omitempty"`
	Updated  AccountingTime `json:"updated,omitzero"`
	VisState VisState       `json:"vis_state,omitempty"`

	Extra Extra `json:"-"`
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (v *Item) UnmarshalJSON(b []byte) error {
	type plain Item
	return unmarshalKeeping(b, (*plain)(v), &v.Extra)
}

// MarshalJSON writes Extra back.
func (v Item) MarshalJSON() ([]byte, error) {
	type plain Item
	return marshalKeeping((*plain)(&v), v.Extra)
}

// ItemsService manages the business's items.
//
// Filters: itemid, itemids (In), sku, name (Like), vis_state, updated
// (Between). Sort keys: name, sku, updated.
type ItemsService struct{ r resource[Item] }

// Get returns an item.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/items/items/{id}
func (s *ItemsService) Get(ctx context.Context, id ItemID, opts ...QueryOption) (*Item, error) {
	return s.r.get(ctx, int64(id), opts)
}

// List returns a page of items, active and archived unless filtered.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/items/items
func (s *ItemsService) List(ctx context.Context, opts ...QueryOption) (*Page[Item], error) {
	return s.r.list(ctx, opts)
}

// All iterates over every item, fetching page after page.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/items/items
func (s *ItemsService) All(ctx context.Context, opts ...QueryOption) iter.Seq2[*Item, error] {
	return s.r.all(ctx, opts)
}

// Create adds an item; Name is required.
//
// FreshBooks endpoint: POST /accounting/account/{account_id}/items/items
func (s *ItemsService) Create(ctx context.Context, it *Item, opts ...QueryOption) (*Item, error) {
	return s.r.create(ctx, it, opts)
}

// Update changes the fields of an item that it sets.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/items/items/{id}
func (s *ItemsService) Update(ctx context.Context, id ItemID, it *Item, opts ...QueryOption) (*Item, error) {
	return s.r.update(ctx, int64(id), it, opts)
}

// Delete deletes an item: FreshBooks keeps it with VisState VisDeleted.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/items/items/{id} with {"item": {"vis_state": 1}}
func (s *ItemsService) Delete(ctx context.Context, id ItemID) error {
	_, err := s.r.setVisState(ctx, int64(id), VisDeleted)
	return err
}

// Archive hides an item from lists in FreshBooks' interface.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/items/items/{id} with {"item": {"vis_state": 2}}
func (s *ItemsService) Archive(ctx context.Context, id ItemID) (*Item, error) {
	return s.r.setVisState(ctx, int64(id), VisArchived)
}

// Restore makes a deleted or archived item active again.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/items/items/{id} with {"item": {"vis_state": 0}}
func (s *ItemsService) Restore(ctx context.Context, id ItemID) (*Item, error) {
	return s.r.setVisState(ctx, int64(id), VisActive)
}
