package freshbooks

// STUB: to be completed by the owner of this resource family.

// CreditNote is a FreshBooks record (stub).
type CreditNote struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// CreditNotesService is a stub.
type CreditNotesService struct{ r resource[CreditNote] }
