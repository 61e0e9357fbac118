package freshbooks

import (
	"context"
	"iter"
)

// OtherIncome is income that is not an invoice payment: sales through
// another channel, rentals, advertising revenue.
type OtherIncome struct {
	IncomeID     OtherIncomeID       `json:"incomeid,omitempty"`
	Amount       Money               `json:"amount,omitzero"` // required
	Date         Date                `json:"date,omitzero"`   // required
	CategoryName OtherIncomeCategory `json:"category_name,omitempty"`
	// PaymentType is how the income was received, with the values of
	// invoice payments (PaymentTypeCash, PaymentTypeVisa, …).
	PaymentType PaymentType      `json:"payment_type,omitempty"`
	Source      string           `json:"source,omitempty"` // where it came from, such as "ebay"
	SourceID    int64            `json:"sourceid,omitempty"`
	Note        string           `json:"note,omitempty"`
	Taxes       []OtherIncomeTax `json:"taxes,omitempty"`
	UserID      int64            `json:"userid,omitempty"` // who recorded it
	CreatedAt   AccountingTime   `json:"created_at,omitzero"`
	UpdatedAt   AccountingTime   `json:"updated_at,omitzero"`
	VisState    VisState         `json:"vis_state,omitempty"`

	Extra Extra `json:"-"`
}

// OtherIncomeCategory is the kind of an other income.
type OtherIncomeCategory string

// Other income categories.
const (
	OtherIncomeAdvertising   OtherIncomeCategory = "advertising"
	OtherIncomeInPersonSales OtherIncomeCategory = "in_person_sales"
	OtherIncomeOnlineSales   OtherIncomeCategory = "online_sales"
	OtherIncomeRentals       OtherIncomeCategory = "rentals"
	OtherIncomeOther         OtherIncomeCategory = "other"
)

// OtherIncomeTax is a tax on an other income: {"name": "HST", "amount": "3"}.
type OtherIncomeTax struct {
	Name   string  `json:"name,omitempty"`
	Amount Decimal `json:"amount,omitzero"`
	Extra  Extra   `json:"-"`
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (o *OtherIncome) UnmarshalJSON(b []byte) error {
	type plain OtherIncome
	return unmarshalKeeping(b, (*plain)(o), &o.Extra)
}

// MarshalJSON writes Extra back.
func (o OtherIncome) MarshalJSON() ([]byte, error) {
	type plain OtherIncome
	return marshalKeeping((*plain)(&o), o.Extra)
}

// UnmarshalJSON keeps unmodelled members in Extra.
func (t *OtherIncomeTax) UnmarshalJSON(b []byte) error {
	type plain OtherIncomeTax
	return unmarshalKeeping(b, (*plain)(t), &t.Extra)
}

// MarshalJSON writes Extra back.
func (t OtherIncomeTax) MarshalJSON() ([]byte, error) {
	type plain OtherIncomeTax
	return marshalKeeping((*plain)(&t), t.Extra)
}

// OtherIncomeService manages the business's other income. Its list key is
// the singular "other_income".
//
// Filters: incomeid, category_name (Equals), vis_state.
type OtherIncomeService struct{ r resource[OtherIncome] }

// Get returns an other income.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/other_incomes/other_incomes/{id}
func (s *OtherIncomeService) Get(ctx context.Context, id OtherIncomeID, opts ...QueryOption) (*OtherIncome, error) {
	return s.r.get(ctx, int64(id), opts)
}

// List returns a page of other income.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/other_incomes/other_incomes
func (s *OtherIncomeService) List(ctx context.Context, opts ...QueryOption) (*Page[OtherIncome], error) {
	return s.r.list(ctx, opts)
}

// All iterates over every other income, fetching page after page.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/other_incomes/other_incomes
func (s *OtherIncomeService) All(ctx context.Context, opts ...QueryOption) iter.Seq2[*OtherIncome, error] {
	return s.r.all(ctx, opts)
}

// Create adds an other income; Amount and Date are required.
//
// FreshBooks endpoint: POST /accounting/account/{account_id}/other_incomes/other_incomes
func (s *OtherIncomeService) Create(ctx context.Context, o *OtherIncome, opts ...QueryOption) (*OtherIncome, error) {
	return s.r.create(ctx, o, opts)
}

// Update changes an other income. Unlike most updates, FreshBooks wants
// Amount and Date on every update (reported from live use), so set them
// even when they do not change.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/other_incomes/other_incomes/{id}
func (s *OtherIncomeService) Update(ctx context.Context, id OtherIncomeID, o *OtherIncome, opts ...QueryOption) (*OtherIncome, error) {
	return s.r.update(ctx, int64(id), o, opts)
}

// Delete deletes an other income.
//
// FreshBooks endpoint: DELETE /accounting/account/{account_id}/other_incomes/other_incomes/{id}
func (s *OtherIncomeService) Delete(ctx context.Context, id OtherIncomeID) error {
	return s.r.remove(ctx, int64(id))
}
