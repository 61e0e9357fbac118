package e2e

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/e2e/internal/tokenload"
	_ "github.com/jackc/pgx/v5/stdlib"
)

// envPG names the PostgreSQL server for the token-store tests:
// `eval "$(bash e2e/pg.sh)"` starts one and sets it.
const envPG = "FRESHBOOKS_PG_DSN"

// pgDSN returns the server's DSN. Without $FRESHBOOKS_PG_DSN it skips
// the test, unless FRESHBOOKS_E2E is set: then it starts the server with
// pg.sh (installing PostgreSQL if needed), and fails if that fails.
func pgDSN(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv(envPG)
	if dsn == "" && os.Getenv(envE2E) != "" {
		startPG.Do(func() { startedDSN, startErr = runPGScript() })
		if startErr != nil {
			t.Fatalf("starting PostgreSQL with pg.sh: %v", startErr)
		}
		dsn = startedDSN
	}
	requirePeer(t, dsn != "", "PostgreSQL ($"+envPG+`; run eval "$(bash e2e/pg.sh)")`)
	return dsn
}

var (
	startPG    sync.Once
	startedDSN string
	startErr   error
)

// runPGScript runs pg.sh and returns the DSN it prints.
func runPGScript() (string, error) {
	var stderr bytes.Buffer
	cmd := exec.Command("bash", "pg.sh")
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%v\n%s", err, stderr.String())
	}
	for line := range strings.SplitSeq(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "export "+envPG+"="); ok {
			return strings.Trim(v, "'"), nil
		}
	}
	return "", fmt.Errorf("pg.sh printed no DSN: %q", out)
}

func openPG(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.PingContext(t.Context()); err != nil {
		t.Fatalf("PostgreSQL at %s: %v", dsn, err)
	}
	return db
}

// uniqueKey names a connection row for one test run.
func uniqueKey(t *testing.T) string {
	return fmt.Sprintf("%s-%d", t.Name(), time.Now().UnixNano())
}

// workerCommand runs this test binary as a tokenload worker.
func workerCommand() []string {
	return []string{os.Args[0], "-test.run=^TestTokenLoadWorker$", "-test.count=1"}
}

// TestTokenLoadWorker is not a test: it is the body of the worker
// processes started by the tests below.
func TestTokenLoadWorker(t *testing.T) {
	if !tokenload.IsChild() {
		t.Skip("worker process body; run by other tests")
	}
	if err := tokenload.Child(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestPostgresStore(t *testing.T) {
	dsn := pgDSN(t)
	ctx := t.Context()
	db1, db2 := openPG(t, dsn), openPG(t, dsn)
	key := uniqueKey(t)
	s1, err := freshbooks.NewPostgresStore(db1, "", key)
	if err != nil {
		t.Fatal(err)
	}
	s2, _ := freshbooks.NewPostgresStore(db2, "", key)
	if err := s1.CreateTable(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s1.CreateTable(ctx); err != nil {
		t.Fatalf("CreateTable again: %v", err)
	}
	if tok, err := s1.Load(ctx); err != nil || tok != (freshbooks.Token{}) {
		t.Fatalf("empty store: %v, %v", tok, err)
	}
	tok := freshbooks.Token{AccessToken: "a1", RefreshToken: "r1", TokenType: "Bearer", Scope: "user:profile:read",
		AccessTokenExpiresAt: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC), CreatedAt: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)}
	if err := s1.Save(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if got, err := s2.Load(ctx); err != nil || got != tok {
		t.Fatalf("round trip: %v, %v", got, err)
	}
	if v, _ := s1.Version(ctx); v != 1 {
		t.Errorf("version %d after one save", v)
	}

	// One instance holds the row; the other waits in the database until
	// the first commits, then reads its token.
	lk1, err := s1.LockToken(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan freshbooks.Token, 1)
	go func() {
		lk2, err := s2.LockToken(ctx)
		if err != nil {
			t.Error(err)
			got <- freshbooks.Token{}
			return
		}
		defer lk2.Unlock()
		t2, err := lk2.Load(ctx)
		if err != nil {
			t.Error(err)
		}
		got <- t2
	}()
	waitForLockWaiter(t, db1)
	next := freshbooks.Token{AccessToken: "a2", RefreshToken: "r2"}
	if err := lk1.Save(ctx, next); err != nil {
		t.Fatal(err)
	}
	if err := lk1.Unlock(); err != nil {
		t.Fatal(err)
	}
	if t2 := <-got; t2 != next {
		t.Errorf("the waiting instance read %v", t2)
	}
	if v, _ := s1.Version(ctx); v != 2 {
		t.Errorf("version %d after two saves", v)
	}
	// A lock on a missing row makes it.
	s3, _ := freshbooks.NewPostgresStore(db1, "", key+"-new")
	lk3, err := s3.LockToken(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := lk3.Save(ctx, tok); err != nil {
		t.Fatal(err)
	}
	_ = lk3.Unlock()
	if got, _ := s3.Load(ctx); got != tok {
		t.Error("lock and save on a new row")
	}
	if err := s1.Clear(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := s1.Load(ctx); got != (freshbooks.Token{}) {
		t.Error("Clear left the token")
	}
	_ = s3.Clear(ctx)
	if _, err := freshbooks.NewPostgresStore(db1, "x; DROP TABLE y", key); err == nil {
		t.Error("a bad table name was accepted")
	}
}

// waitForLockWaiter waits until a session waits for a row lock.
func waitForLockWaiter(t *testing.T, db *sql.DB) {
	t.Helper()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(20 * time.Second)
	for {
		var n int
		if err := db.QueryRowContext(t.Context(), `SELECT count(*) FROM pg_locks WHERE NOT granted`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatal("the second instance never waited for the lock")
		}
	}
}

// The proof: 8 processes × 50 goroutines share one PostgreSQL-backed
// connection across many expiries of 2 s tokens.
func TestPostgresProof(t *testing.T) {
	dsn := pgDSN(t)
	rep, err := tokenload.Run(t.Context(), tokenload.Options{
		Procs: 8, Goroutines: 50, Duration: 10 * time.Second, TokenTTL: 2 * time.Second,
		Store: "pg", DSN: dsn, Key: uniqueKey(t), Command: workerCommand(),
	})
	t.Logf("\n%s", rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems() {
		t.Error(p)
	}
}

// The same with a token file, in one process.
func TestFileStoreProofOneProcess(t *testing.T) {
	rep, err := tokenload.Run(t.Context(), tokenload.Options{
		Procs: 1, Goroutines: 50, Duration: 6 * time.Second, TokenTTL: 2 * time.Second,
		Store: "file", File: filepath.Join(t.TempDir(), "token.json"), Command: workerCommand(),
	})
	t.Logf("\n%s", rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems() {
		t.Error(p)
	}
}

// A worker killed during a refresh, at three moments; the next start.
func TestPostgresCrashDuringRefresh(t *testing.T) {
	dsn := pgDSN(t)
	for _, mode := range []string{tokenload.BeforeSend, tokenload.AfterAnswer, tokenload.AfterSave} {
		t.Run(mode, func(t *testing.T) {
			rep, err := tokenload.Crash(t.Context(), tokenload.Options{
				Store: "pg", DSN: dsn, Key: uniqueKey(t), Command: workerCommand(),
			}, mode)
			if err != nil {
				t.Fatal(err)
			}
			t.Log(rep)
			if mode == tokenload.AfterAnswer {
				// The inherent window: FreshBooks rotated the token, the
				// new pair died with the process.
				if !errors.Is(rep.NextErr, freshbooks.ErrReauthorizationRequired) || rep.StoreLive || rep.RotationsOK != [2]int{1, 1} {
					t.Errorf("want ErrReauthorizationRequired and a lost pair: %v", rep)
				}
				return
			}
			if rep.NextErr != nil || !rep.StoreLive || rep.Live != 1 {
				t.Errorf("the next start did not resume: %v", rep)
			}
		})
	}
}
