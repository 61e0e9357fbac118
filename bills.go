package freshbooks

// STUB: to be completed by the owner of this resource family.

// Bill is a FreshBooks record (stub).
type Bill struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// BillsService is a stub.
type BillsService struct{ r resource[Bill] }

// BillPayment is a FreshBooks record (stub).
type BillPayment struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// BillPaymentsService is a stub.
type BillPaymentsService struct{ r resource[BillPayment] }

// BillVendor is a FreshBooks record (stub).
type BillVendor struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// BillVendorsService is a stub.
type BillVendorsService struct{ r resource[BillVendor] }
