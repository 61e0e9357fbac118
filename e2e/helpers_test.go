package e2e

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// envE2E, when set, makes a missing browser or Node SDK a failure instead
// of a skip: CI sets it after running setup.sh.
const envE2E = "FRESHBOOKS_E2E"

// envArtifacts, when set, names a directory that also receives the
// screenshots the tests take (they always go to t.TempDir()).
const envArtifacts = "FRESHBOOKS_E2E_ARTIFACTS"

// requirePeer skips the test when a peer (browser, Node SDK) is missing,
// unless FRESHBOOKS_E2E is set, when it fails.
func requirePeer(t *testing.T, present bool, what string) {
	t.Helper()
	if present {
		return
	}
	if os.Getenv(envE2E) != "" {
		t.Fatalf("%s is missing and %s is set: run `bash e2e/setup.sh`", what, envE2E)
	}
	t.Skipf("%s is missing (run `bash e2e/setup.sh`, or set %s=1 to make this a failure)", what, envE2E)
}

func fileExists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}

// saveArtifact writes data to dir/name, and to $FRESHBOOKS_E2E_ARTIFACTS
// when set, and returns the first path.
func saveArtifact(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatalf("save %s: %v", name, err)
	}
	if keep := os.Getenv(envArtifacts); keep != "" {
		if err := os.MkdirAll(keep, 0o755); err != nil {
			t.Fatalf("artifacts dir: %v", err)
		}
		if err := os.WriteFile(filepath.Join(keep, name), data, 0o644); err != nil {
			t.Fatalf("save %s: %v", name, err)
		}
	}
	return p
}

// sandboxIdentity returns the sandbox's identity i as the Go client sees it
// (configured by cfg) through a token the sandbox issues directly: the
// reference the flows under test are compared with.
func sandboxIdentity(ctx context.Context, t *testing.T, sb *freshbookstest.Sandbox, cfg freshbooks.Config, i int) *freshbooks.Identity {
	t.Helper()
	tok := sb.IssueToken(i)
	cfg.AccessToken, cfg.RefreshToken, cfg.AccessTokenExpiresAt = tok.AccessToken, tok.RefreshToken, tok.AccessTokenExpiresAt
	c, err := freshbooks.NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	me, err := c.CurrentUser(ctx)
	if err != nil {
		t.Fatalf("reference CurrentUser for identity %d: %v", i, err)
	}
	return me
}

// syncBuffer is a bytes.Buffer safe for concurrent writers (a child
// process's output) and readers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
