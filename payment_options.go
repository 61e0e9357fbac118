package freshbooks

// STUB: to be completed by the owner of this resource family.

// PaymentOptions is a FreshBooks record (stub).
type PaymentOptions struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// InvoicePaymentOptionsService is a stub.
type InvoicePaymentOptionsService struct{ r resource[PaymentOptions] }
