package freshbooks

// STUB: to be completed by the owner of this resource family.

// Service is a FreshBooks record (stub).
type Service struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// ServicesService is a stub.
type ServicesService struct{ r resource[Service] }

// ServiceRate is a FreshBooks record (stub).
type ServiceRate struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// ServiceRatesService is a stub.
type ServiceRatesService struct{ r resource[ServiceRate] }
