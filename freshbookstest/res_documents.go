package freshbookstest

// documentRoutes registers invoices, estimates, credit notes, invoice profiles, payments, taxes, items.
// STUB: to be completed by the owner of this family.
func (s *Sandbox) documentRoutes() {}
