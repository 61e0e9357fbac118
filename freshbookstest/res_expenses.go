package freshbookstest

// expenseRoutes registers expenses, expense categories, bills, bill vendors, bill payments, other income, tasks, staff, systems, gateways.
// STUB: to be completed by the owner of this family.
func (s *Sandbox) expenseRoutes() {}
