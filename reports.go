package freshbooks

// STUB: to be completed by the owner of this resource family.

// ReportsService is a stub.
type ReportsService struct {
	c    *Client
	root string
}
