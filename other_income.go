package freshbooks

// STUB: to be completed by the owner of this resource family.

// OtherIncome is a FreshBooks record (stub).
type OtherIncome struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// OtherIncomeService is a stub.
type OtherIncomeService struct{ r resource[OtherIncome] }
