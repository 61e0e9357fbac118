package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

func TestUsageErrors(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	for _, args := range [][]string{
		nil,
		{"nope"},
		{"--no-such-flag"},
		{"-o", "xml", "version"},
		{"version", "extra"},
		{"auth"},
		{"auth", "nope"},
		{"auth", "login", "--port", "many"},
		{"completion"},
		{"completion", "tcsh"},
		{"api", "GET"},
		{"api", "FETCH", "/x"},
		{"api", "GET", "/x", "-F", "novalue"},
		{"api", "POST", "/x", "--paginate"},
		{"--profile", "../escape", "whoami"},
		{"sandbox", "-no-such-flag"},
		{"sandbox", "-token-ttl", "0s"},
		{"sandbox", "-token-ttl", "soon"},
		{"sandbox", "-error-rate", "1.5"},
		{"sandbox", "-error-rate", "0.6", "-drop-rate", "0.6"},
		{"sandbox", "-rate-limit", "-1"},
		{"sandbox", "extra-arg"},
	} {
		r := c.run(args...)
		if r.code != exitUsage {
			t.Errorf("%q: exit %d, want 2; stderr %q", args, r.code, r.stderr)
		}
		if r.stderr == "" || r.stdout != "" {
			t.Errorf("%q: stdout %q, stderr %q: want the explanation on stderr only", args, r.stdout, r.stderr)
		}
	}
	r := c.run("sandbox", "-h")
	if r.code != 0 || !strings.Contains(r.stderr, "-auto-approve") {
		t.Errorf("sandbox -h: %d %q", r.code, r.stderr)
	}
	r = c.run("--help")
	if r.code != 0 || !strings.Contains(r.stdout, "5  rate limited") {
		t.Errorf("--help does not list the exit codes: %d %q", r.code, r.stdout)
	}
}

func TestUsageErrorAsJSON(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	r := c.run("-o", "json", "api", "FETCH", "/x").want(t, exitUsage)
	var e jsonError
	if err := json.Unmarshal([]byte(r.stderr), &e); err != nil || e.ExitCode != exitUsage || !strings.Contains(e.Error, "FETCH") {
		t.Errorf("stderr %q: %v %+v", r.stderr, err, e)
	}
	if strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("want one line, got %q", r.stderr)
	}
}

func TestSandboxServes(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan int)
	var errw bytes.Buffer
	go func() {
		done <- run(ctx, []string{"sandbox", "-addr", "127.0.0.1:0", "-auto-approve", "-data", t.TempDir(),
			"-app", "second-app:s3cret:https://two.example/cb"}, pw, &errw)
		pw.Close()
	}()
	lines := bufio.NewReader(pr)
	var banner []string
	for range 5 {
		line, err := lines.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		banner = append(banner, line)
	}
	go io.Copy(io.Discard, pr)
	url := strings.TrimSpace(strings.TrimPrefix(banner[0], "FreshBooks sandbox listening on "))
	want := []string{
		"  export FRESHBOOKS_API_URL=" + url + " FRESHBOOKS_AUTH_URL=" + url + "\n",
		"  export FRESHBOOKS_CLIENT_ID=sandbox-client-id FRESHBOOKS_CLIENT_SECRET=sandbox-client-secret FRESHBOOKS_REDIRECT_URI=https://localhost/callback\n",
		"then log in with:\n",
		"  freshbooks auth login --no-browser\n",
	}
	for i, w := range want {
		if banner[i+1] != w {
			t.Errorf("banner line %d: %q, want %q", i+1, banner[i+1], w)
		}
	}
	resp, err := http.Get(url + "/auth/api/v1/users/me")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("users/me without a token: %d", resp.StatusCode)
	}
	// The -app application authorizes with its own redirect URI.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = noFollow.Get(url + "/oauth/authorize?response_type=code&client_id=second-app&redirect_uri=https://two.example/cb")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusFound || !strings.HasPrefix(loc, "https://two.example/cb?code=") {
		t.Errorf("the -app application's authorization: %d %q", resp.StatusCode, loc)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d: %s", code, errw.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the sandbox did not stop")
	}
}

func TestSandboxAppFlag(t *testing.T) {
	for _, bad := range []string{"id-only", "id:secret", ":secret:https://x/cb", "id:secret:not-a-uri"} {
		var errw bytes.Buffer
		if code := run(t.Context(), []string{"sandbox", "-app", bad}, io.Discard, &errw); code != exitUsage {
			t.Errorf("-app %q: exit %d (%s)", bad, code, errw.String())
		}
	}
}

func TestSandboxBanner(t *testing.T) {
	got := sandboxBanner("http://127.0.0.1:1", "id", "my secret", "http://127.0.0.1:8976/callback")
	if strings.Contains(got, "my secret") {
		t.Errorf("a chosen client secret is echoed: %q", got)
	}
	if !strings.Contains(got, "FRESHBOOKS_REDIRECT_URI=http://127.0.0.1:8976/callback") || !strings.HasSuffix(got, "  freshbooks auth login\n") {
		t.Errorf("a loopback redirect URI logs in through the browser: %q", got)
	}
	if q := shellQuote("https://x/cb?a=b&c=d"); q != "'https://x/cb?a=b&c=d'" {
		t.Errorf("shellQuote: %s", q)
	}
}

func TestVersionMatchesLibrary(t *testing.T) {
	var out bytes.Buffer
	if code := run(t.Context(), []string{"version"}, &out, io.Discard); code != 0 {
		t.Fatalf("version exited %d", code)
	}
	if want := "freshbooks version " + freshbooks.Version + "\n"; out.String() != want {
		t.Errorf("version printed %q, want %q", out.String(), want)
	}
}

func TestCompletion(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	for shell, marker := range map[string]string{"bash": "complete -o default -F __start_freshbooks freshbooks", "zsh": "#compdef freshbooks", "fish": "complete -c freshbooks"} {
		r := c.run("completion", shell).want(t, 0)
		if !strings.Contains(r.stdout, marker) {
			t.Errorf("%s completion lacks %q", shell, marker)
		}
	}
}
