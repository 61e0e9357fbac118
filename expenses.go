package freshbooks

// STUB: to be completed by the owner of this resource family.

// Expense is a FreshBooks record (stub).
type Expense struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// ExpensesService is a stub.
type ExpensesService struct{ r resource[Expense] }

// ExpenseCategory is a FreshBooks record (stub).
type ExpenseCategory struct {
	ID    int64 `json:"id,omitempty"`
	Extra Extra `json:"-"`
}

// ExpenseCategoriesService is a stub.
type ExpenseCategoriesService struct{ r resource[ExpenseCategory] }
