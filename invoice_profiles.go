package freshbooks

// STUB: to be completed by the owner of this resource family.

// InvoiceProfile is a FreshBooks record (stub).
type InvoiceProfile struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// InvoiceProfilesService is a stub.
type InvoiceProfilesService struct{ r resource[InvoiceProfile] }
