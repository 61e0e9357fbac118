package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
)

// startSandboxCommand builds `freshbooks` from ../cmd/freshbooks into a
// temporary directory, runs `freshbooks sandbox -addr 127.0.0.1:0` with
// args, and returns the address it listens on. The program is stopped
// (interrupted, as by Ctrl-C) when the test ends.
func startSandboxCommand(t *testing.T, args ...string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "freshbooks")
	build := exec.CommandContext(t.Context(), "go", "build", "-o", bin, "./cmd/freshbooks")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/freshbooks: %v\n%s", err, out)
	}

	cmd := exec.Command(bin, append([]string{"sandbox", "-addr", "127.0.0.1:0"}, args...)...)
	var stderr syncBuffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start freshbooks sandbox: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("freshbooks sandbox exited with %v\n%s", err, stderr.String())
			}
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			t.Errorf("freshbooks sandbox did not stop on an interrupt\n%s", stderr.String())
			<-done
		}
	})

	// The first line says where it listens; the rest is drained so that
	// the program never blocks on a full pipe.
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		t.Fatalf("freshbooks sandbox printed nothing: %v\n%s", lines.Err(), stderr.String())
	}
	const prefix = "FreshBooks sandbox listening on "
	first := lines.Text()
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	if !strings.HasPrefix(first, prefix) {
		t.Fatalf("freshbooks sandbox printed %q, want %q and its address", first, prefix)
	}
	return strings.TrimPrefix(first, prefix)
}

// authorizeGo walks the OAuth flow with the Go client against an
// auto-approving sandbox (NewAuthRequest, the redirect's code,
// CompleteAuth) and returns the authorized client.
func authorizeGo(ctx context.Context, t *testing.T, cfg freshbooks.Config, scopes ...string) *freshbooks.Client {
	t.Helper()
	c, err := freshbooks.NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	ar, err := c.NewAuthRequest(scopes...)
	if err != nil {
		t.Fatalf("NewAuthRequest: %v", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, ar.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatalf("GET the authorization URL: %v", err)
	}
	body, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
	res.Body.Close()
	loc, err := url.Parse(res.Header.Get("Location")) // not logged: it carries the code
	if res.StatusCode != http.StatusFound || err != nil {
		t.Fatalf("authorize: %s (%v), want a 302 redirect; body %s", res.Status, err, bytes.TrimSpace(body))
	}
	if _, err := c.CompleteAuth(ctx, ar, loc.Query()); err != nil {
		t.Fatalf("CompleteAuth: %v", err)
	}
	return c
}

// runCheckpointed runs cmd, a peer's script that prints JSON lines, and
// returns its last line and how it exited. At a {"checkpoint": ...} line it
// calls atCheckpoint with the line, then writes a line to the script's
// stdin to let it go on. Its stderr is logged.
func runCheckpointed(t *testing.T, cmd *exec.Cmd, atCheckpoint func(line []byte)) (last []byte, runErr error) {
	t.Helper()
	cmd.WaitDelay = 5 * time.Second
	var stderr syncBuffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", strings.Join(cmd.Args, " "), err)
	}
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var cp struct{ Checkpoint string }
		if json.Unmarshal(line, &cp) == nil && cp.Checkpoint != "" {
			if atCheckpoint != nil {
				atCheckpoint(line)
			}
			if _, err := io.WriteString(stdin, "go on\n"); err != nil {
				t.Errorf("release the checkpoint: %v", err)
			}
			continue
		}
		if len(bytes.TrimSpace(line)) > 0 {
			last = bytes.Clone(line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Errorf("reading the output of %s: %v", strings.Join(cmd.Args, " "), err)
	}
	runErr = cmd.Wait()
	t.Logf("%s: %s", strings.Join(cmd.Args, " "), last)
	if s := stderr.String(); s != "" {
		t.Logf("stderr:\n%s", s)
	}
	return last, runErr
}

// ownedBusiness returns the account and business ids of the first business
// the identity owns.
func ownedBusiness(t *testing.T, me *freshbooks.Identity) (freshbooks.AccountID, freshbooks.BusinessID) {
	t.Helper()
	for _, m := range me.BusinessMemberships {
		if m.Role == freshbooks.RoleOwner && m.Business.AccountID != "" {
			return m.Business.AccountID, m.Business.ID
		}
	}
	t.Fatalf("identity %d owns no business with an account: %+v", me.ID, me.BusinessMemberships)
	return "", 0
}
