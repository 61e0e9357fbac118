package freshbooks

import (
	"context"
	"time"
)

// SetSleep replaces the client's wait between retries, so tests observe
// the backoff without sleeping.
func SetSleep(c *Client, f func(ctx context.Context, d time.Duration) error) { c.sleep = f }

// ReadFixture reads a recorded FreshBooks response from testdata/fixtures.
var ReadFixture = readFixture
