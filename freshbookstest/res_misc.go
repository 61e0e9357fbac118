package freshbookstest

// miscRoutes registers journal entries, reports, uploads, online payment options.
// STUB: to be completed by the owner of this family.
func (s *Sandbox) miscRoutes() {}
