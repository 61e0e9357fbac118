//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package freshbooks

import (
	"context"
	"sync"
)

// Without flock(2), the lock covers the current process only.
var fileLocks sync.Map // path → chan struct{}

func lockFile(ctx context.Context, path string) (unlock func() error, err error) {
	v, _ := fileLocks.LoadOrStore(path, make(chan struct{}, 1))
	ch := v.(chan struct{})
	select {
	case ch <- struct{}{}:
		return func() error { <-ch; return nil }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Folders cannot be synced everywhere (Windows); the rename is then as
// durable as the system makes it.
func isSyncUnsupported(error) bool { return true }
