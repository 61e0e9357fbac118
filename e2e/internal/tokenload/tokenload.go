// Package tokenload proves that clients sharing one FreshBooks connection
// through a token store never lose it: a parent process serves the
// sandbox, with short-lived tokens and single-use refresh tokens, and
// starts worker processes that call the API continuously through a shared
// store (PostgreSQL or a file) across many expiries; then it counts what
// the callers saw and what the token endpoint served. It also kills a
// worker in the middle of a refresh to show what the next start finds.
//
// The same code backs the e2e tests and the refresh-stress program.
package tokenload

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// Environment of a worker process.
const (
	EnvRole       = "FRESHBOOKS_TOKENLOAD_ROLE" // "worker", or "crash:" and a crash mode
	envURL        = "FRESHBOOKS_TOKENLOAD_URL"
	envStore      = "FRESHBOOKS_TOKENLOAD_STORE"
	envDSN        = "FRESHBOOKS_TOKENLOAD_DSN"
	envFile       = "FRESHBOOKS_TOKENLOAD_FILE"
	envKey        = "FRESHBOOKS_TOKENLOAD_KEY"
	envGoroutines = "FRESHBOOKS_TOKENLOAD_GOROUTINES"
	envDuration   = "FRESHBOOKS_TOKENLOAD_DURATION"
)

// Options configures a run.
type Options struct {
	Procs      int           // worker processes
	Goroutines int           // calling goroutines per worker
	Duration   time.Duration // how long each worker calls
	TokenTTL   time.Duration // the sandbox's access token lifetime
	Store      string        // "pg" or "file"
	DSN        string        // PostgreSQL data source name, for "pg"
	File       string        // token file, for "file"
	Key        string        // connection key in the PostgreSQL table
	// Command starts a worker: this program, or a test binary with
	// -test.run selecting a test that calls Child.
	Command []string
	Log     io.Writer // progress; nil for none
}

// A Report is what a run counted.
type Report struct {
	Procs, Goroutines int
	Duration          time.Duration
	TokenTTL          time.Duration
	Store             string

	// What the callers saw.
	Calls, OK, CallerUnauthorized, CallerReauthorization, CallerOther int64
	FirstError                                                        string

	// What the sandbox served.
	Refreshes, RefreshesOK, InvalidGrants int
	APICalls, APIUnauthorized             int // 401s absorbed by refresh + retry

	Saves             int64 // saves to the store (PostgreSQL row version), -1 if unknown
	LiveRefreshTokens int   // refresh tokens live at the end
	StoreHoldsLive    bool  // the store holds the one live refresh token
	Elapsed           time.Duration
}

// Problems lists what breaks the promise: an error reaching a caller,
// a refresh token redeemed twice, a rotation saved other than once, a
// lost token.
func (r Report) Problems() []string {
	var p []string
	if r.Calls == 0 || r.OK != r.Calls {
		p = append(p, fmt.Sprintf("%d of %d calls failed (401: %d, reauthorization: %d, other: %d; first: %s)",
			r.Calls-r.OK, r.Calls, r.CallerUnauthorized, r.CallerReauthorization, r.CallerOther, r.FirstError))
	}
	if r.InvalidGrants != 0 || r.Refreshes != r.RefreshesOK {
		p = append(p, fmt.Sprintf("%d refresh requests, %d succeeded, %d invalid_grant", r.Refreshes, r.RefreshesOK, r.InvalidGrants))
	}
	if r.Saves >= 0 && r.Saves != int64(r.RefreshesOK) {
		p = append(p, fmt.Sprintf("%d rotations but %d saves", r.RefreshesOK, r.Saves))
	}
	if minimum := int(r.Duration/r.TokenTTL) / 2; r.RefreshesOK < max(minimum, 2) {
		p = append(p, fmt.Sprintf("only %d rotations in %v with %v tokens", r.RefreshesOK, r.Duration, r.TokenTTL))
	}
	if r.LiveRefreshTokens != 1 || !r.StoreHoldsLive {
		p = append(p, fmt.Sprintf("%d live refresh tokens; the store holds the live one: %v", r.LiveRefreshTokens, r.StoreHoldsLive))
	}
	return p
}

// String prints the counts, one group a line.
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d processes × %d goroutines, %v of calls, %v access tokens, %s store (%v)\n",
		r.Procs, r.Goroutines, r.Duration, r.TokenTTL, r.Store, r.Elapsed.Round(time.Millisecond))
	fmt.Fprintf(&b, "  callers:        %d calls, %d ok, %d saw 401, %d saw ErrReauthorizationRequired, %d other errors\n",
		r.Calls, r.OK, r.CallerUnauthorized, r.CallerReauthorization, r.CallerOther)
	fmt.Fprintf(&b, "  token endpoint: %d refresh requests, %d ok (rotations), %d invalid_grant\n",
		r.Refreshes, r.RefreshesOK, r.InvalidGrants)
	fmt.Fprintf(&b, "  API:            %d requests, %d answered 401 and were retried after picking up the new token\n",
		r.APICalls, r.APIUnauthorized)
	saves := "unknown"
	if r.Saves >= 0 {
		saves = strconv.FormatInt(r.Saves, 10)
	}
	fmt.Fprintf(&b, "  store:          %s saves; %d live refresh token(s) at the end; the store holds it: %v",
		saves, r.LiveRefreshTokens, r.StoreHoldsLive)
	return b.String()
}

// sandbox serves a sandbox with stats on a loopback port.
type sandbox struct {
	sb    *freshbookstest.Sandbox
	stats *freshbookstest.TokenStats
	url   string
	srv   *http.Server
}

func startSandbox(ttl time.Duration) (*sandbox, error) {
	sb := freshbookstest.New(freshbookstest.Options{TokenTTL: ttl})
	stats := freshbookstest.NewTokenStats()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: stats.Wrap(sb), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return &sandbox{sb: sb, stats: stats, url: "http://" + ln.Addr().String(), srv: srv}, nil
}

func (s *sandbox) close() { _ = s.srv.Close() }

// OpenStore opens the store kind ("pg" or "file"). For "pg" it also
// returns the database, to close.
func OpenStore(kind, dsn, file, key string) (freshbooks.TokenStore, *sql.DB, error) {
	switch kind {
	case "file":
		return freshbooks.NewFileStore(file), nil, nil
	case "pg":
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, nil, err
		}
		db.SetMaxOpenConns(8)
		st, err := freshbooks.NewPostgresStore(db, "", key)
		if err != nil {
			db.Close()
			return nil, nil, err
		}
		return st, db, nil
	}
	return nil, nil, fmt.Errorf("tokenload: unknown store %q", kind)
}

// seed makes the store hold a new token from the sandbox; expired makes
// its access token look expired, so the first call refreshes.
func seed(ctx context.Context, s *sandbox, st freshbooks.TokenStore, expired bool) error {
	if pg, ok := st.(*freshbooks.PostgresStore); ok {
		if err := pg.CreateTable(ctx); err != nil {
			return err
		}
	}
	if err := st.Clear(ctx); err != nil {
		return err
	}
	tok := s.sb.IssueToken(0)
	s.stats.Issued(tok.RefreshToken)
	if expired {
		tok.AccessTokenExpiresAt = time.Now().Add(-time.Minute).UTC()
	}
	return st.Save(ctx, tok)
}

func (o Options) env(role, url string) []string {
	return append(os.Environ(), EnvRole+"="+role, envURL+"="+url, envStore+"="+o.Store, envDSN+"="+o.DSN,
		envFile+"="+o.File, envKey+"="+o.Key, envGoroutines+"="+strconv.Itoa(o.Goroutines), envDuration+"="+o.Duration.String())
}

func (o Options) logf(format string, args ...any) {
	if o.Log != nil {
		fmt.Fprintf(o.Log, format+"\n", args...)
	}
}

// result is what a worker prints, after "RESULT ".
type result struct {
	Calls, OK, Unauthorized, Reauthorization, Other int64
	FirstError                                      string
}

// Run runs the load and reports.
func Run(ctx context.Context, o Options) (Report, error) {
	rep := Report{Procs: o.Procs, Goroutines: o.Goroutines, Duration: o.Duration, TokenTTL: o.TokenTTL, Store: o.Store, Saves: -1}
	s, err := startSandbox(o.TokenTTL)
	if err != nil {
		return rep, err
	}
	defer s.close()
	st, db, err := OpenStore(o.Store, o.DSN, o.File, o.Key)
	if err != nil {
		return rep, err
	}
	if db != nil {
		defer db.Close()
	}
	if err := seed(ctx, s, st, false); err != nil {
		return rep, err
	}
	pg, _ := st.(*freshbooks.PostgresStore)
	var v0 int64
	if pg != nil {
		if v0, err = pg.Version(ctx); err != nil {
			return rep, err
		}
	}
	o.logf("sandbox %s; %d workers × %d goroutines for %v", s.url, o.Procs, o.Goroutines, o.Duration)
	start := time.Now()
	type worker struct {
		cmd *exec.Cmd
		out *bytes.Buffer
	}
	var workers []worker
	for range o.Procs {
		cmd := exec.CommandContext(ctx, o.Command[0], o.Command[1:]...)
		cmd.Env = o.env("worker", s.url)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			return rep, err
		}
		workers = append(workers, worker{cmd, &out})
	}
	var firstErr error
	for i, w := range workers {
		err := w.cmd.Wait()
		var r result
		found := false
		sc := bufio.NewScanner(w.out)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if line, ok := strings.CutPrefix(sc.Text(), "RESULT "); ok {
				found = json.Unmarshal([]byte(line), &r) == nil
			}
		}
		if (err != nil || !found) && firstErr == nil {
			firstErr = fmt.Errorf("worker %d: %v\n%s", i, err, w.out)
		}
		rep.Calls += r.Calls
		rep.OK += r.OK
		rep.CallerUnauthorized += r.Unauthorized
		rep.CallerReauthorization += r.Reauthorization
		rep.CallerOther += r.Other
		if rep.FirstError == "" {
			rep.FirstError = r.FirstError
		}
	}
	rep.Elapsed = time.Since(start)
	c := s.stats.Counts()
	rep.Refreshes, rep.RefreshesOK, rep.InvalidGrants = c.Refreshes, c.RefreshesOK, c.InvalidGrants
	rep.APICalls, rep.APIUnauthorized = c.APICalls, c.Unauthorized
	if pg != nil {
		v1, err := pg.Version(ctx)
		if err != nil {
			return rep, err
		}
		rep.Saves = v1 - v0
	}
	final, err := st.Load(ctx)
	if err != nil {
		return rep, err
	}
	live := s.stats.Live()
	rep.LiveRefreshTokens = len(live)
	rep.StoreHoldsLive = len(live) == 1 && live[0] == final.RefreshToken
	return rep, firstErr
}

// IsChild reports whether this process was started as a worker.
func IsChild() bool { return os.Getenv(EnvRole) != "" }

// Child is a worker's body: it reads its orders from the environment,
// calls the API until its time is up and prints its counts (a load
// worker), or refreshes and gets killed (a crash worker).
func Child(ctx context.Context) error {
	role := os.Getenv(EnvRole)
	st, db, err := OpenStore(os.Getenv(envStore), os.Getenv(envDSN), os.Getenv(envFile), os.Getenv(envKey))
	if err != nil {
		return err
	}
	if db != nil {
		defer db.Close()
	}
	goroutines, _ := strconv.Atoi(os.Getenv(envGoroutines))
	cfg := Config(os.Getenv(envURL), max(goroutines, 2))
	cfg.TokenStore = st
	if mode, ok := strings.CutPrefix(role, "crash:"); ok {
		return crash(ctx, cfg, mode)
	}
	dur, err := time.ParseDuration(os.Getenv(envDuration))
	if err != nil {
		return err
	}
	c, err := freshbooks.NewClient(cfg)
	if err != nil {
		return err
	}
	var mu sync.Mutex
	var r result
	deadline := time.Now().Add(dur)
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				_, err := c.CurrentUser(ctx)
				mu.Lock()
				r.Calls++
				switch {
				case err == nil:
					r.OK++
				case errors.Is(err, freshbooks.ErrReauthorizationRequired):
					r.Reauthorization++
				case errors.Is(err, freshbooks.ErrUnauthorized):
					r.Unauthorized++
				default:
					r.Other++
				}
				if err != nil && r.FirstError == "" {
					r.FirstError = err.Error()
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if err := c.Flush(ctx); err != nil {
		return err
	}
	out, _ := json.Marshal(r)
	fmt.Printf("RESULT %s\n", out)
	return nil
}

// Config is a client configuration for the sandbox at url, with an HTTP
// client keeping enough idle connections for conns goroutines.
func Config(url string, conns int) freshbooks.Config {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = conns
	return freshbooks.Config{
		ClientID: freshbookstest.DefaultClientID, ClientSecret: freshbookstest.DefaultClientSecret,
		RedirectURI: freshbookstest.DefaultRedirectURI, BaseURL: url, AuthURL: url,
		HTTPClient: &http.Client{Transport: tr},
	}
}

// Crash modes: when the worker is killed (SIGKILL) during its refresh.
const (
	BeforeSend  = "before-send"  // before the token request leaves
	AfterAnswer = "after-answer" // FreshBooks rotated the token; not saved yet
	AfterSave   = "after-save"   // saved; the lock still held
)

// A CrashReport tells what happened when a worker was killed during a
// refresh and the connection was then used again.
type CrashReport struct {
	Mode        string
	Worker      string // what the worker said before dying
	NextErr     error  // the next start's first call
	Refreshes   [2]int // refresh requests served: at the kill, and after the next start
	RotationsOK [2]int // … of which succeeded
	Live        int    // live refresh tokens at the end
	StoreLive   bool   // the store holds a live refresh token
}

// String tells the story in one line.
func (r CrashReport) String() string {
	return fmt.Sprintf("killed %s (%q): next start: err = %v; refreshes %d→%d (ok %d→%d); the store holds a live refresh token: %v",
		r.Mode, r.Worker, r.NextErr, r.Refreshes[0], r.Refreshes[1], r.RotationsOK[0], r.RotationsOK[1], r.StoreLive)
}

// Crash starts a worker that gets killed in mode during a refresh, then
// makes a new client on the same store (the next start) call the API.
func Crash(ctx context.Context, o Options, mode string) (CrashReport, error) {
	rep := CrashReport{Mode: mode}
	s, err := startSandbox(time.Hour)
	if err != nil {
		return rep, err
	}
	defer s.close()
	st, db, err := OpenStore(o.Store, o.DSN, o.File, o.Key)
	if err != nil {
		return rep, err
	}
	if db != nil {
		defer db.Close()
	}
	if err := seed(ctx, s, st, true); err != nil {
		return rep, err
	}
	cmd := exec.CommandContext(ctx, o.Command[0], o.Command[1:]...)
	cmd.Env = o.env("crash:"+mode, s.url)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		return rep, fmt.Errorf("the worker was not killed: %v\n%s", err, out.String())
	}
	for line := range strings.SplitSeq(out.String(), "\n") {
		if w, ok := strings.CutPrefix(line, "CRASH "); ok {
			rep.Worker = w
		}
	}
	c0 := s.stats.Counts()
	cfg := Config(s.url, 2)
	cfg.TokenStore = st
	next, err := freshbooks.NewClient(cfg)
	if err != nil {
		return rep, err
	}
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	_, rep.NextErr = next.CurrentUser(cctx)
	c1 := s.stats.Counts()
	rep.Refreshes = [2]int{c0.Refreshes, c1.Refreshes}
	rep.RotationsOK = [2]int{c0.RefreshesOK, c1.RefreshesOK}
	final, err := st.Load(ctx)
	if err != nil {
		return rep, err
	}
	live := s.stats.Live()
	rep.Live = len(live)
	for _, rt := range live {
		rep.StoreLive = rep.StoreLive || rt == final.RefreshToken
	}
	return rep, nil
}

// crash refreshes the store's expired token and dies in mode.
func crash(ctx context.Context, cfg freshbooks.Config, mode string) error {
	locker, ok := cfg.TokenStore.(freshbooks.TokenLocker)
	if !ok {
		return errors.New("tokenload: the store has no lock")
	}
	cfg.TokenStore = killingStore{cfg.TokenStore, locker, mode}
	if mode == BeforeSend {
		base := cfg.HTTPClient.Transport
		cfg.HTTPClient = &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
			if r.URL.Path == "/auth/oauth/token" {
				die("killed before the token request was sent")
			}
			return base.RoundTrip(r)
		})}
	}
	c, err := freshbooks.NewClient(cfg)
	if err != nil {
		return err
	}
	_, err = c.CurrentUser(ctx)
	return fmt.Errorf("tokenload: not killed (%v)", err)
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// killingStore kills the process around the save of a refreshed token.
type killingStore struct {
	freshbooks.TokenStore
	locker freshbooks.TokenLocker
	mode   string
}

func (s killingStore) LockToken(ctx context.Context) (freshbooks.TokenLock, error) {
	l, err := s.locker.LockToken(ctx)
	if err != nil {
		return nil, err
	}
	return killingLock{l, s.mode}, nil
}

type killingLock struct {
	freshbooks.TokenLock
	mode string
}

func (l killingLock) Save(ctx context.Context, t freshbooks.Token) error {
	if l.mode == AfterAnswer {
		die("FreshBooks answered with a new pair; killed before the save")
	}
	err := l.TokenLock.Save(ctx, t)
	if l.mode == AfterSave {
		die("killed after the save")
	}
	return err
}

// die kills the process as kill -9 does: no deferred call runs, locks
// and connections die with it.
func die(why string) {
	fmt.Println("CRASH " + why)
	_ = os.Stdout.Sync()
	_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
	select {}
}
