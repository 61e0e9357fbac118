package freshbooks

// STUB: to be completed by the owner of this resource family.

// Callback is a FreshBooks record (stub).
type Callback struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// CallbacksService is a stub.
type CallbacksService struct{ r resource[Callback] }
