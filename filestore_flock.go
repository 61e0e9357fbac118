//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package freshbooks

import (
	"context"
	"errors"
	"os"
	"syscall"
)

// lockFile takes an exclusive flock(2) on the file at path, made with
// mode 0600 if missing. The kernel releases it when the process dies.
func lockFile(ctx context.Context, path string) (unlock func() error, err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	fd := int(f.Fd())
	release := func() error {
		err := flock(fd, syscall.LOCK_UN)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	}
	err = flock(fd, syscall.LOCK_EX|syscall.LOCK_NB)
	if err == nil {
		return release, nil
	}
	if !errors.Is(err, syscall.EWOULDBLOCK) {
		f.Close()
		return nil, err
	}
	// Held by another process (or another open file of ours): wait in a
	// goroutine, so that ctx can end the wait.
	got := make(chan error, 1)
	go func() { got <- flock(fd, syscall.LOCK_EX) }()
	select {
	case err := <-got:
		if err != nil {
			f.Close()
			return nil, err
		}
		return release, nil
	case <-ctx.Done():
		go func() {
			if <-got == nil {
				_ = flock(fd, syscall.LOCK_UN)
			}
			f.Close()
		}()
		return nil, ctx.Err()
	}
}

func flock(fd, how int) error {
	for {
		err := syscall.Flock(fd, how)
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}

func isSyncUnsupported(err error) bool { return errors.Is(err, syscall.EINVAL) }
