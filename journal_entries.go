package freshbooks

// STUB: to be completed by the owner of this resource family.

// JournalEntry is a FreshBooks record (stub).
type JournalEntry struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// JournalEntriesService is a stub.
type JournalEntriesService struct{ r resource[JournalEntry] }

// JournalEntryAccount is a FreshBooks record (stub).
type JournalEntryAccount struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// JournalEntryAccountsService is a stub.
type JournalEntryAccountsService struct{ r resource[JournalEntryAccount] }

// JournalEntryDetail is a FreshBooks record (stub).
type JournalEntryDetail struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// JournalEntryDetailsService is a stub.
type JournalEntryDetailsService struct{ r resource[JournalEntryDetail] }
