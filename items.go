package freshbooks

// STUB: to be completed by the owner of this resource family.

// Item is a FreshBooks record (stub).
type Item struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// ItemsService is a stub.
type ItemsService struct{ r resource[Item] }
