package freshbooks

import (
	"context"
	"iter"
)

// Payment is a payment a client made against an invoice. Recording one
// updates the invoice's Paid, Outstanding and statuses; paying more than
// is outstanding makes an overpayment credit (OverpaymentID).
type Payment struct {
	ID                 PaymentID    `json:"id,omitempty"`
	LogID              PaymentID    `json:"logid,omitempty"`     // the same as ID
	InvoiceID          InvoiceID    `json:"invoiceid,omitempty"` // required on create
	CustomerID         CustomerID   `json:"clientid,omitempty"`  // the invoice's client
	AccountingSystemID string       `json:"accounting_systemid,omitempty"`
	Amount             Money        `json:"amount,omitzero"` // required on create; the code may be left out
	Date               Date         `json:"date,omitzero"`
	Type               PaymentType  `json:"type,omitempty"`
	Note               string       `json:"note,omitempty"`
	CreditID           CreditNoteID `json:"creditid,omitempty"`      // the credit note paid from, if any
	OverpaymentID      CreditNoteID `json:"overpaymentid,omitempty"` // the credit made of an overpayment
	OrderID            int64        `json:"orderid,omitempty"`
	Gateway            string       `json:"gateway,omitempty"`
	TransactionID      string       `json:"transactionid,omitempty"`
	BulkPaymentID      int64        `json:"bulk_paymentid,omitempty"`
	FromCredit         *bool        `json:"from_credit,omitempty"`
	// SendClientNotification emails the client a receipt.
	SendClientNotification *bool          `json:"send_client_notification,omitempty"`
	Updated                AccountingTime `json:"updated,omitzero"`
	VisState               VisState       `json:"vis_state,omitempty"`

	// Invoice and Client are answered with Include("invoice") and
	// Include("client").
	Invoice *Invoice  `json:"invoice,omitempty"`
	Client  *Customer `json:"client,omitempty"`

	Extra Extra `json:"-"`
}

// PaymentType is how a payment was made. FreshBooks' values are
// capitalised words; an unlisted value is kept as it is.
type PaymentType string

// Payment types.
const (
	PaymentTypeCheck        PaymentType = "Check"
	PaymentTypeCredit       PaymentType = "Credit"
	PaymentTypeCash         PaymentType = "Cash"
	PaymentTypeBankTransfer PaymentType = "Bank Transfer"
	PaymentTypeCreditCard   PaymentType = "Credit Card"
	PaymentTypeDebit        PaymentType = "Debit"
	PaymentTypePayPal       PaymentType = "PayPal"
	PaymentType2Checkout    PaymentType = "2Checkout"
	PaymentTypeVisa         PaymentType = "VISA"
	PaymentTypeMastercard   PaymentType = "MASTERCARD"
	PaymentTypeDiscover     PaymentType = "DISCOVER"
	PaymentTypeAmex         PaymentType = "AMEX"
	PaymentTypeDiners       PaymentType = "DINERS"
	PaymentTypeJCB          PaymentType = "JCB"
	PaymentTypeACH          PaymentType = "ACH"
	PaymentTypeOther        PaymentType = "Other"
)

// UnmarshalJSON keeps unmodelled members in Extra.
func (v *Payment) UnmarshalJSON(b []byte) error {
	type plain Payment
	return unmarshalKeeping(b, (*plain)(v), &v.Extra)
}

// MarshalJSON writes Extra back.
func (v Payment) MarshalJSON() ([]byte, error) {
	type plain Payment
	return marshalKeeping((*plain)(&v), v.Extra)
}

// PaymentsService manages the payments made against the business's
// invoices.
//
// Filters: logid, logids (In), invoiceid, clientid, clientids (In),
// customerid, customerids (In), type, currency, from_credit,
// notes (Like), date (Between), updated (Between), amount (Between),
// vis_state. Includes: invoice, client. Sort keys: date, amount, updated.
type PaymentsService struct{ r resource[Payment] }

// Get returns a payment.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/payments/payments/{id}
func (s *PaymentsService) Get(ctx context.Context, id PaymentID, opts ...QueryOption) (*Payment, error) {
	return s.r.get(ctx, int64(id), opts)
}

// List returns a page of payments.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/payments/payments
func (s *PaymentsService) List(ctx context.Context, opts ...QueryOption) (*Page[Payment], error) {
	return s.r.list(ctx, opts)
}

// All iterates over every payment, fetching page after page.
//
// FreshBooks endpoint: GET /accounting/account/{account_id}/payments/payments
func (s *PaymentsService) All(ctx context.Context, opts ...QueryOption) iter.Seq2[*Payment, error] {
	return s.r.all(ctx, opts)
}

// Create records a payment; InvoiceID and Amount are required.
//
// FreshBooks endpoint: POST /accounting/account/{account_id}/payments/payments
func (s *PaymentsService) Create(ctx context.Context, p *Payment, opts ...QueryOption) (*Payment, error) {
	return s.r.create(ctx, p, opts)
}

// Update changes the fields of a payment that p sets; the invoice's
// totals follow.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/payments/payments/{id}
func (s *PaymentsService) Update(ctx context.Context, id PaymentID, p *Payment, opts ...QueryOption) (*Payment, error) {
	return s.r.update(ctx, int64(id), p, opts)
}

// Delete deletes a payment: FreshBooks keeps it with VisState VisDeleted
// and the invoice is owed that amount again.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/payments/payments/{id} with {"payment": {"vis_state": 1}}
func (s *PaymentsService) Delete(ctx context.Context, id PaymentID) error {
	_, err := s.r.setVisState(ctx, int64(id), VisDeleted)
	return err
}

// Restore makes a deleted payment count again.
//
// FreshBooks endpoint: PUT /accounting/account/{account_id}/payments/payments/{id} with {"payment": {"vis_state": 0}}
func (s *PaymentsService) Restore(ctx context.Context, id PaymentID) (*Payment, error) {
	return s.r.setVisState(ctx, int64(id), VisActive)
}
