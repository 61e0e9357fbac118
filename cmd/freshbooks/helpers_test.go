package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// cli runs the command against a sandbox over real HTTP, with its own
// configuration folder and environment.
type cli struct {
	t    *testing.T
	srv  *freshbookstest.Server
	vars map[string]string
}

func newCLI(t *testing.T, opts freshbookstest.Options) *cli {
	t.Helper()
	srv := freshbookstest.NewServer(opts)
	t.Cleanup(srv.Close)
	o := srv.Options()
	return &cli{t: t, srv: srv, vars: map[string]string{
		envClientID: o.ClientID, envClientSecret: o.ClientSecret, envRedirectURI: o.RedirectURI,
		freshbooks.EnvAPIURL: srv.URL, freshbooks.EnvAuthURL: srv.URL,
		envConfigDir: t.TempDir(),
	}}
}

// result is what one run did.
type result struct {
	code           int
	stdout, stderr string
}

// app returns an app with no terminal, reading stdin.
func (c *cli) app(stdin io.Reader, stdout, stderr io.Writer) *app {
	return &app{stdin: stdin, stdout: stdout, stderr: stderr, getenv: func(k string) string { return c.vars[k] }}
}

// run runs args as a script would: no terminal, empty standard input.
func (c *cli) run(args ...string) result { return c.runIn("", args...) }

// runIn runs args with stdin as standard input.
func (c *cli) runIn(stdin string, args ...string) result {
	var out, errw bytes.Buffer
	code := c.app(strings.NewReader(stdin), &out, &errw).run(c.t.Context(), args)
	return result{code, out.String(), errw.String()}
}

// runApp runs args in a prepared app.
func (c *cli) runApp(a *app, args ...string) int { return a.run(c.t.Context(), args) }

// login stores a fresh token of the sandbox's first identity in the
// default profile, as "auth login" would.
func (c *cli) login() freshbooks.Token {
	c.t.Helper()
	tok := c.srv.IssueToken(0)
	if err := freshbooks.NewFileStore(c.tokenFile("default")).Save(c.t.Context(), tok); err != nil {
		c.t.Fatal(err)
	}
	return tok
}

func (c *cli) tokenFile(profile string) string {
	return filepath.Join(c.vars[envConfigDir], profile+".token.json")
}

func (c *cli) storedToken(profile string) freshbooks.Token {
	c.t.Helper()
	tok, err := freshbooks.NewFileStore(c.tokenFile(profile)).Load(c.t.Context())
	if err != nil {
		c.t.Fatal(err)
	}
	return tok
}

// want checks a run's exit status.
func (r result) want(t *testing.T, code int) result {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, code, r.stdout, r.stderr)
	}
	return r
}

// noSecret fails when a secret of tok shows in any output.
func noSecret(t *testing.T, tok freshbooks.Token, outputs ...string) {
	t.Helper()
	for _, out := range outputs {
		for _, s := range []string{tok.AccessToken, tok.RefreshToken} {
			if s != "" && strings.Contains(out, s) {
				t.Fatalf("a token shows in the output: %q", out)
			}
		}
	}
}

// golden compares got with testdata/name; UPDATE_GOLDEN=1 rewrites it.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if os.Getenv("UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (UPDATE_GOLDEN=1 writes it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// lineWriter hands each complete line written to it to fn, and is safe
// for concurrent use.
type lineWriter struct {
	mu  sync.Mutex
	buf bytes.Buffer
	all bytes.Buffer
	fn  func(line string)
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.all.Write(p)
	w.buf.Write(p)
	for {
		line, err := w.buf.ReadString('\n')
		if err != nil {
			w.buf.WriteString(line)
			return len(p), nil
		}
		w.fn(line)
	}
}

func (w *lineWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.all.String()
}
