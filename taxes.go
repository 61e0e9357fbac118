package freshbooks

// STUB: to be completed by the owner of this resource family.

// Tax is a FreshBooks record (stub).
type Tax struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// TaxesService is a stub.
type TaxesService struct{ r resource[Tax] }
