package freshbooks

// STUB: to be completed by the owner of this resource family.

// Invoice is a FreshBooks record (stub).
type Invoice struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// InvoicesService is a stub.
type InvoicesService struct{ r resource[Invoice] }
