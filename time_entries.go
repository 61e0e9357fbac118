package freshbooks

// STUB: to be completed by the owner of this resource family.

// TimeEntry is a FreshBooks record (stub).
type TimeEntry struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// TimeEntriesService is a stub.
type TimeEntriesService struct{ r resource[TimeEntry] }
