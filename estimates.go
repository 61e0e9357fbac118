package freshbooks

// STUB: to be completed by the owner of this resource family.

// Estimate is a FreshBooks record (stub).
type Estimate struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// EstimatesService is a stub.
type EstimatesService struct{ r resource[Estimate] }
