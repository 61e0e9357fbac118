package freshbooks

import "time"

// SetNow replaces the client's clock, so tests can share a fake clock
// with the sandbox.
func SetNow(c *Client, now func() time.Time) {
	c.tk.mu.Lock()
	defer c.tk.mu.Unlock()
	c.tk.now = now
}
