package freshbooks

import "time"

// SetNow replaces the client's clock, so tests can share a fake clock
// with the sandbox.
func SetNow(c *Client, now func() time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ts.now = now
}
