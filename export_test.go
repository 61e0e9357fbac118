package freshbooks

import (
	"context"
	"sync"
	"time"
)

// SetSleep replaces the client's waits (between retries, and for the rate
// limiter), so tests observe them without sleeping. The limiter's clock
// moves on by each wait, as if it had passed.
func SetSleep(c *Client, f func(ctx context.Context, d time.Duration) error) {
	var mu sync.Mutex
	var passed time.Duration
	c.sleep = func(ctx context.Context, d time.Duration) error {
		if err := f(ctx, d); err != nil {
			return err
		}
		mu.Lock()
		passed += d
		mu.Unlock()
		return nil
	}
	c.limit.sleep = c.sleep
	c.limit.now = func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return time.Now().Add(passed)
	}
}

// ReadFixture reads a recorded FreshBooks response from testdata/fixtures.
var ReadFixture = readFixture
