package freshbooks

// STUB: to be completed by the owner of this resource family.

// LedgerAccount is a FreshBooks record (stub).
type LedgerAccount struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// LedgerAccountsService is a stub.
type LedgerAccountsService struct{ r resource[LedgerAccount] }
