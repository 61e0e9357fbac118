package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
)

// Helpers for the tests that run a peer (a browser, an official SDK)
// against the sandbox.

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

// recordWire serves target (a sandbox's address) through a proxy that logs
// each request in wire. JSON bodies are kept whole; of a form body only the
// field names are kept, so that no secret (client secret, code, refresh
// token) reaches the log. The log is complete once the proxy is closed
// (Close waits for every handler).
func recordWire(t *testing.T, target string) (*httptest.Server, *crudWire) {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	wire := &crudWire{}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &crudRequest{Method: r.Method, Path: r.URL.Path, UserAgent: r.Header.Get("User-Agent"),
			APIVersion: r.Header.Get("X-Api-Version"), ContentType: r.Header.Get("Content-Type")}
		// Python's requests percent-encodes the builders' brackets; the
		// log keeps the query as the builders wrote it.
		query, err := url.QueryUnescape(r.URL.RawQuery)
		if err != nil {
			query = "undecodable: " + r.URL.RawQuery
		}
		rec.Query = query
		rec.Authorization, _, _ = strings.Cut(r.Header.Get("Authorization"), " ")
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		r.Body = io.NopCloser(bytes.NewReader(body))
		switch mt, _, _ := mime.ParseMediaType(rec.ContentType); mt {
		case "application/json":
			rec.Body = string(body)
		case "application/x-www-form-urlencoded":
			rec.Body = "form: " + formKeys(string(body))
		}
		sw := &statusWriter{ResponseWriter: w}
		proxy.ServeHTTP(sw, r)
		wire.mu.Lock()
		rec.Status = sw.status
		wire.reqs = append(wire.reqs, rec)
		wire.mu.Unlock()
	}))
	t.Cleanup(hs.Close)
	return hs, wire
}

// formKeys returns the field names of a form body, in order.
func formKeys(body string) string {
	var keys []string
	for kv := range strings.SplitSeq(body, "&") {
		k, _, _ := strings.Cut(kv, "=")
		keys = append(keys, k)
	}
	return strings.Join(keys, ",")
}

// wantRequest is one request a peer must make, in order.
type wantRequest struct {
	method, path, query string
	status              int    // 0: any 2xx
	body                string // when not empty, the exact body (or "form: " and its field names)
}

// checkWireOrder checks the requests a peer sent against want, one by one
// and in order.
func checkWireOrder(t *testing.T, sent []*crudRequest, want []wantRequest) {
	t.Helper()
	for i, r := range sent {
		t.Logf("wire: %s %s -> %d %s", r.Method, joinQuery(r.Path, r.Query), r.Status, r.Body)
		if i >= len(want) {
			t.Errorf("request %d %s %s: not expected", i, r.Method, joinQuery(r.Path, r.Query))
			continue
		}
		w := want[i]
		okStatus := r.Status == w.status || (w.status == 0 && r.Status >= 200 && r.Status < 300)
		if r.Method != w.method || r.Path != w.path || r.Query != w.query || !okStatus || (w.body != "" && r.Body != w.body) {
			t.Errorf("request %d = %s %s -> %d %s\nwant %s %s -> %d %s", i, r.Method, joinQuery(r.Path, r.Query), r.Status, r.Body,
				w.method, joinQuery(w.path, w.query), w.status, w.body)
		}
	}
	if len(sent) < len(want) {
		t.Errorf("the SDK made %d requests, want %d", len(sent), len(want))
	}
}
