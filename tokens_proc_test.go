package freshbooks_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// The tests below run copies of this test binary as separate processes
// sharing a token file: TestTokenWorkerProcess is the child's body.
const (
	envWorker     = "FRESHBOOKS_TOKEN_WORKER" // "load" or a crash mode
	envWorkerURL  = "FRESHBOOKS_TOKEN_WORKER_URL"
	envWorkerFile = "FRESHBOOKS_TOKEN_WORKER_FILE"
	envWorkerGo   = "FRESHBOOKS_TOKEN_WORKER_GOROUTINES"
	envWorkerFor  = "FRESHBOOKS_TOKEN_WORKER_DURATION"
)

// workerResult is what a load worker prints, prefixed by "RESULT ".
type workerResult struct {
	Calls, OK, Unauthorized, Reauthorization, Other int64
	FirstError                                      string
}

func sandboxConfig(url string) freshbooks.Config {
	return freshbooks.Config{
		ClientID: freshbookstest.DefaultClientID, ClientSecret: freshbookstest.DefaultClientSecret,
		RedirectURI: freshbookstest.DefaultRedirectURI, BaseURL: url, AuthURL: url,
	}
}

// TestTokenWorkerProcess is not a test: it is the body of the child
// processes of TestFileStoreProcesses and TestCrashDuringRefresh.
func TestTokenWorkerProcess(t *testing.T) {
	mode := os.Getenv(envWorker)
	if mode == "" {
		t.Skip("child process body; run by other tests")
	}
	cfg := sandboxConfig(os.Getenv(envWorkerURL))
	file := freshbooks.NewFileStore(os.Getenv(envWorkerFile))
	cfg.TokenStore = file
	ctx := context.Background()
	if mode != "load" {
		crashWorker(ctx, cfg, file, mode)
		t.Fatal("the crash worker survived")
	}
	goroutines, _ := strconv.Atoi(os.Getenv(envWorkerGo))
	dur, _ := time.ParseDuration(os.Getenv(envWorkerFor))
	c, err := freshbooks.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var res workerResult
	var mu sync.Mutex
	deadline := time.Now().Add(dur)
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				_, err := c.CurrentUser(ctx)
				mu.Lock()
				res.Calls++
				switch {
				case err == nil:
					res.OK++
				case errors.Is(err, freshbooks.ErrReauthorizationRequired):
					res.Reauthorization++
				case errors.Is(err, freshbooks.ErrUnauthorized):
					res.Unauthorized++
				default:
					res.Other++
				}
				if err != nil && res.FirstError == "" {
					res.FirstError = err.Error()
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if err := c.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(res)
	fmt.Printf("RESULT %s\n", out)
}

// crashLocker kills its process around the save of a refreshed token.
type crashLocker struct {
	*freshbooks.FileStore
	mode string
}

func (s crashLocker) LockToken(ctx context.Context) (freshbooks.TokenLock, error) {
	l, err := s.FileStore.LockToken(ctx)
	if err != nil {
		return nil, err
	}
	return crashLock{l, s.mode}, nil
}

type crashLock struct {
	freshbooks.TokenLock
	mode string
}

func (l crashLock) Save(ctx context.Context, t freshbooks.Token) error {
	if l.mode == "after-answer" {
		die("FreshBooks answered; killed before the save")
	}
	err := l.TokenLock.Save(ctx, t)
	if l.mode == "after-save" {
		die("killed after the save, before the unlock")
	}
	return err
}

// die kills the process as abruptly as kill -9, holding the lock.
func die(why string) {
	fmt.Println("CRASH", why)
	_ = os.Stdout.Sync()
	_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
	select {}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func crashWorker(ctx context.Context, cfg freshbooks.Config, file *freshbooks.FileStore, mode string) {
	cfg.TokenStore = crashLocker{file, mode}
	if mode == "before-send" {
		cfg.HTTPClient = &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			if r.URL.Path == "/auth/oauth/token" {
				die("killed before the token request was sent")
			}
			return http.DefaultTransport.RoundTrip(r)
		})}
	}
	c, err := freshbooks.NewClient(cfg)
	if err != nil {
		panic(err)
	}
	_, err = c.CurrentUser(ctx) // the stored token is expired: refresh
	fmt.Println("no crash:", err)
}

// spawn starts this test binary as a worker.
func spawn(t *testing.T, ctx context.Context, env ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestTokenWorkerProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &out
}

// realSandbox serves a sandbox on the real clock, with stats.
func realSandbox(t *testing.T, ttl time.Duration) (*freshbookstest.Sandbox, *freshbookstest.TokenStats, string) {
	sb := freshbookstest.New(freshbookstest.Options{TokenTTL: ttl})
	stats := freshbookstest.NewTokenStats()
	srv := httptest.NewServer(stats.Wrap(sb))
	t.Cleanup(srv.Close)
	return sb, stats, srv.URL
}

// Several processes share one token file: across many expiries of 2 s
// tokens, every call succeeds, every rotation is one refresh, and the
// file ends holding the one live refresh token.
func TestFileStoreProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs processes for seconds")
	}
	const procs, goroutines, dur = 4, 20, 5 * time.Second
	sb, stats, url := realSandbox(t, 2*time.Second)
	path := filepath.Join(t.TempDir(), "token.json")
	tok := sb.IssueToken(0)
	stats.Issued(tok.RefreshToken)
	if err := freshbooks.NewFileStore(path).Save(t.Context(), tok); err != nil {
		t.Fatal(err)
	}
	type child struct {
		cmd *exec.Cmd
		out *bytes.Buffer
	}
	var children []child
	for range procs {
		cmd, out := spawn(t, t.Context(), envWorker+"=load", envWorkerURL+"="+url, envWorkerFile+"="+path,
			envWorkerGo+"="+strconv.Itoa(goroutines), envWorkerFor+"="+dur.String())
		children = append(children, child{cmd, out})
	}
	var total workerResult
	for i, ch := range children {
		if err := ch.cmd.Wait(); err != nil {
			t.Fatalf("worker %d: %v\n%s", i, err, ch.out)
		}
		var r workerResult
		sc := bufio.NewScanner(ch.out)
		for sc.Scan() {
			if line, ok := strings.CutPrefix(sc.Text(), "RESULT "); ok {
				if err := json.Unmarshal([]byte(line), &r); err != nil {
					t.Fatal(err)
				}
			}
		}
		if r.Calls == 0 {
			t.Fatalf("worker %d made no call:\n%s", i, ch.out)
		}
		total.Calls, total.OK = total.Calls+r.Calls, total.OK+r.OK
		total.Unauthorized += r.Unauthorized
		total.Reauthorization += r.Reauthorization
		total.Other += r.Other
		if total.FirstError == "" {
			total.FirstError = r.FirstError
		}
	}
	counts := stats.Counts()
	t.Logf("%d processes × %d goroutines, %v, 2 s tokens: %d calls (%d ok); callers saw %d 401, %d reauthorization, %d other; "+
		"token endpoint: %d refreshes, %d ok, %d invalid_grant; API: %d calls, %d answered 401 (absorbed)",
		procs, goroutines, dur, total.Calls, total.OK, total.Unauthorized, total.Reauthorization, total.Other,
		counts.Refreshes, counts.RefreshesOK, counts.InvalidGrants, counts.APICalls, counts.Unauthorized)
	if total.OK != total.Calls {
		t.Errorf("callers saw errors; first: %s", total.FirstError)
	}
	if counts.Refreshes != counts.RefreshesOK || counts.InvalidGrants != 0 {
		t.Error("a refresh token was redeemed twice")
	}
	if counts.RefreshesOK < 2 {
		t.Errorf("only %d rotations: the test did not cross expiries", counts.RefreshesOK)
	}
	live := stats.Live()
	stored := load(t, freshbooks.NewFileStore(path))
	if len(live) != 1 || live[0] != stored.RefreshToken {
		t.Errorf("%d live refresh tokens; the file holds the live one: %v", len(live), len(live) == 1 && live[0] == stored.RefreshToken)
	}
}

// A process killed during a refresh, at three moments; then the next
// start with the same token file.
func TestCrashDuringRefresh(t *testing.T) {
	for _, tc := range []struct {
		mode    string
		recover bool // the next start resumes without reauthorization
	}{
		{"before-send", true},
		{"after-answer", false}, // the inherent window: the new pair died with the process
		{"after-save", true},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			sb, stats, url := realSandbox(t, time.Hour)
			path := filepath.Join(t.TempDir(), "token.json")
			tok := sb.IssueToken(0)
			tok.AccessTokenExpiresAt = time.Now().Add(-time.Minute) // due for a refresh
			if err := freshbooks.NewFileStore(path).Save(t.Context(), tok); err != nil {
				t.Fatal(err)
			}
			cmd, out := spawn(t, t.Context(), envWorker+"="+tc.mode, envWorkerURL+"="+url, envWorkerFile+"="+path)
			err := cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ProcessState.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("the worker was not killed: %v\n%s", err, out)
			}
			t.Logf("worker: %s", strings.TrimSpace(strings.SplitN(out.String(), "\n", 2)[0]))
			before := stats.Counts()

			// The next start: a new process (here, a new client) on the
			// same file. The dead process's lock is gone with it.
			cfg := sandboxConfig(url)
			cfg.TokenStore = freshbooks.NewFileStore(path)
			c, err := freshbooks.NewClient(cfg)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			defer cancel()
			_, err = c.CurrentUser(ctx)
			after := stats.Counts()
			t.Logf("next start: err = %v; token endpoint before/after: %d/%d refreshes, %d/%d ok",
				err, before.Refreshes, after.Refreshes, before.RefreshesOK, after.RefreshesOK)
			if tc.recover {
				if err != nil {
					t.Fatalf("the next start did not recover: %v", err)
				}
				if live := stats.Live(); len(live) != 1 || live[0] != load(t, cfg.TokenStore).RefreshToken {
					t.Error("the file does not hold the live refresh token")
				}
				return
			}
			if !errors.Is(err, freshbooks.ErrReauthorizationRequired) || !errors.Is(err, freshbooks.ErrInvalidGrant) {
				t.Fatalf("err = %v, want ErrReauthorizationRequired", err)
			}
			if before.RefreshesOK != 1 || after.InvalidGrants != 1 {
				t.Errorf("counts: %+v then %+v", before, after)
			}
			// The pair issued to the dead process is still live at
			// FreshBooks: nobody holds it.
			if live := stats.Live(); len(live) != 1 || live[0] == load(t, cfg.TokenStore).RefreshToken {
				t.Errorf("live tokens: %d", len(live))
			}
		})
	}
}

// One process, two clients sharing one token file, 50 goroutines, on a
// clock shared with the sandbox and advanced between rounds of calls:
// many expiries, no error reaches a caller, one refresh per rotation.
func TestFileStoreProofInProcess(t *testing.T) {
	e := newTokenEnv(t, 2*time.Second)
	path := filepath.Join(t.TempDir(), "token.json")
	if err := freshbooks.NewFileStore(path).Save(t.Context(), e.issue()); err != nil {
		t.Fatal(err)
	}
	var changes atomic.Int64
	clients := []*freshbooks.Client{
		e.client(func(cfg *freshbooks.Config) {
			cfg.TokenStore = freshbooks.NewFileStore(path)
			cfg.OnTokenChange = func(freshbooks.Token) { changes.Add(1) }
		}),
		e.client(func(cfg *freshbooks.Config) { cfg.TokenStore = freshbooks.NewFileStore(path) }),
	}
	const rounds, goroutines, callsPerRound = 30, 50, 1
	var calls, failures atomic.Int64
	var firstErr atomic.Value
	for range rounds {
		var wg sync.WaitGroup
		for g := range goroutines {
			c := clients[g%len(clients)]
			wg.Go(func() {
				for range callsPerRound {
					calls.Add(1)
					if _, err := c.CurrentUser(t.Context()); err != nil {
						failures.Add(1)
						firstErr.CompareAndSwap(nil, err.Error())
					}
				}
			})
		}
		wg.Wait()
		e.clk.Advance(700 * time.Millisecond)
	}
	counts := e.stats.Counts()
	t.Logf("%d calls, %d failed; token endpoint: %d refreshes, %d ok, %d invalid_grant; %d 401 absorbed; %d token changes seen by client 0",
		calls.Load(), failures.Load(), counts.Refreshes, counts.RefreshesOK, counts.InvalidGrants, counts.Unauthorized, changes.Load())
	if failures.Load() != 0 {
		t.Errorf("callers saw errors; first: %v", firstErr.Load())
	}
	if counts.Refreshes != counts.RefreshesOK || counts.InvalidGrants != 0 {
		t.Error("a refresh token was redeemed twice")
	}
	// 21 s of sandbox time with 2 s tokens refreshed 1 s early.
	if counts.RefreshesOK < 10 {
		t.Errorf("%d rotations only", counts.RefreshesOK)
	}
	live := e.stats.Live()
	if stored := load(t, freshbooks.NewFileStore(path)); len(live) != 1 || live[0] != stored.RefreshToken {
		t.Error("the file does not hold the one live refresh token")
	}
}
