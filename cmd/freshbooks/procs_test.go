package main

import (
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// runMainEnv makes the test binary the freshbooks command, for tests
// that start it as a process.
const runMainEnv = "FRESHBOOKS_CLI_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// process returns the command as a process with c's environment.
func (c *cli) process(args ...string) *exec.Cmd {
	cmd := exec.CommandContext(c.t.Context(), os.Args[0], args...)
	cmd.Env = append(os.Environ(), runMainEnv+"=1")
	for k, v := range c.vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	return cmd
}

// expire marks the profile's stored token as expired, so that the next
// command refreshes it.
func (c *cli) expire(tok freshbooks.Token) {
	c.t.Helper()
	tok.AccessTokenExpiresAt = time.Now().Add(-time.Hour).UTC()
	if err := freshbooks.NewFileStore(c.tokenFile("default")).Save(c.t.Context(), tok); err != nil {
		c.t.Fatal(err)
	}
}

// TestProcessesRefreshAtOnce starts several freshbooks processes on one
// expired token: one refreshes, the others use its token, and the stored
// refresh token, which works once, stays usable.
func TestProcessesRefreshAtOnce(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	first := c.login()
	c.expire(first)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if out, err := c.process("whoami").CombinedOutput(); err != nil {
				t.Errorf("whoami: %v\n%s", err, out)
			}
		})
	}
	wg.Wait()
	stored := c.storedToken("default")
	if stored.RefreshToken == first.RefreshToken || stored.AccessTokenExpiresAt.Before(time.Now()) {
		t.Fatalf("no refreshed token stored: %v", stored)
	}
	// The stored refresh token is the live one.
	c.expire(stored)
	c.run("whoami").want(t, 0)
	if again := c.storedToken("default"); again.RefreshToken == stored.RefreshToken {
		t.Error("the last refresh was not stored")
	}
}
