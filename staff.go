package freshbooks

// STUB: to be completed by the owner of this resource family.

// Staff is a FreshBooks record (stub).
type Staff struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// StaffService is a stub.
type StaffService struct{ r resource[Staff] }
