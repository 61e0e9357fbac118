package freshbooks

// STUB: to be completed by the owner of this resource family.

// Gateway is a FreshBooks record (stub).
type Gateway struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// GatewaysService is a stub.
type GatewaysService struct{ r resource[Gateway] }

// System is a FreshBooks record (stub).
type System struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// SystemsService is a stub.
type SystemsService struct{ r resource[System] }
