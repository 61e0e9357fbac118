package freshbooks

// STUB: to be completed by the owner of this resource family.

// Payment is a FreshBooks record (stub).
type Payment struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// PaymentsService is a stub.
type PaymentsService struct{ r resource[Payment] }
