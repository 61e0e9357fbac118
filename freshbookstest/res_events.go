package freshbookstest

// eventRoutes registers webhook callbacks and their deliveries.
// STUB: to be completed by the owner of this family.
func (s *Sandbox) eventRoutes() {}
