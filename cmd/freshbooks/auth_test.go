package main

import (
	"crypto/tls"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// TestLoginNoBrowser pastes the URL the consent page redirects to, as a
// person in an SSH session does.
func TestLoginNoBrowser(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	pr, stderr := c.pasteOnPrompt(func(back *url.URL) string { return back.String() })
	var out strings.Builder
	code := c.runApp(c.app(pr, &out, stderr), "auth", "login", "--no-browser", "--scopes", "user:profile:read,user:clients:read")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	tok := c.storedToken("default")
	if tok.RefreshToken == "" || tok.Scope != "user:profile:read user:clients:read" {
		t.Errorf("stored token %v", tok)
	}
	if !strings.Contains(stderr.String(), "Logged in as ") {
		t.Errorf("stderr %q", stderr.String())
	}
	noSecret(t, tok, out.String(), stderr.String())

	s := c.run("auth", "status").want(t, 0)
	noSecret(t, tok, s.stdout, s.stderr)
	var st status
	if err := json.Unmarshal([]byte(s.stdout), &st); err != nil || st.Email == "" || len(st.Businesses) == 0 || !st.Businesses[0].Current || st.ExpiresAt.IsZero() {
		t.Errorf("status %q: %v", s.stdout, err)
	}
}

// TestLoginBareCode pastes only the code.
func TestLoginBareCode(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	pr, stderr := c.pasteOnPrompt(func(back *url.URL) string { return back.Query().Get("code") })
	if code := c.runApp(c.app(pr, io.Discard, stderr), "auth", "login", "--no-browser"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if c.storedToken("default").AccessToken == "" {
		t.Error("no token stored")
	}
}

func TestLoginPastedGarbage(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	r := c.runIn("https://localhost/callback?nothing=here\n", "auth", "login", "--no-browser").want(t, exitUsage)
	if !strings.Contains(r.stderr, "neither a redirect URL") {
		t.Errorf("stderr %q", r.stderr)
	}
	r = c.runIn("https://localhost/callback?code=abc&state=forged\n", "auth", "login", "--no-browser").want(t, exitError)
	if !strings.Contains(r.stderr, "state does not match") {
		t.Errorf("stderr %q", r.stderr)
	}
}

// TestLoginLoopback lets the browser follow the redirect to the
// command's own listener, over http and over https.
func TestLoginLoopback(t *testing.T) {
	for _, scheme := range []string{"http", "https"} {
		t.Run(scheme, func(t *testing.T) {
			port := freePort(t)
			redirect := scheme + "://127.0.0.1:" + strconv.Itoa(port) + "/callback"
			c := newCLI(t, freshbookstest.Options{RedirectURI: redirect})
			browser := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
			var visited string
			var errw strings.Builder
			a := c.app(strings.NewReader(""), io.Discard, &errw)
			a.openBrowser = func(u string) error {
				back, err := c.srv.Approve(t.Context(), u)
				if err != nil {
					return err
				}
				resp, err := browser.Get(back.String())
				if err != nil {
					return err
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				visited = string(body)
				return nil
			}
			if code := c.runApp(a, "auth", "login"); code != 0 {
				t.Fatalf("exit %d: %s", code, errw.String())
			}
			if !strings.Contains(visited, "You are logged in") {
				t.Errorf("the browser saw %q", visited)
			}
			if c.storedToken("default").AccessToken == "" {
				t.Error("no token stored")
			}
		})
	}
}

// pasteOnPrompt plays the person at the terminal: when the command
// prints the authorization URL, it approves it and types paste(redirect)
// on standard input.
func (c *cli) pasteOnPrompt(paste func(redirect *url.URL) string) (io.Reader, *lineWriter) {
	pr, pw := io.Pipe()
	return pr, &lineWriter{fn: func(line string) {
		if u := strings.TrimSpace(line); strings.HasPrefix(u, c.srv.URL+"/oauth/authorize?") {
			go func() {
				back, err := c.srv.Approve(c.t.Context(), u)
				if err != nil {
					c.t.Error(err)
					pw.CloseWithError(err)
					return
				}
				io.WriteString(pw, paste(back)+"\n")
			}()
		}
	}}
}

func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func TestNotLoggedIn(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	for _, args := range [][]string{{"whoami"}, {"auth", "status"}, {"auth", "token"}, {"auth", "logout"}, {"api", "GET", "/auth/api/v1/users/me"}} {
		r := c.run(args...).want(t, exitAuth)
		if !strings.Contains(r.stderr, `run "freshbooks auth login"`) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%q: stderr %q", args, r.stderr)
		}
	}
	delete(c.vars, envClientSecret)
	r := c.run("whoami").want(t, exitAuth)
	if !strings.Contains(r.stderr, envClientSecret) {
		t.Errorf("stderr %q", r.stderr)
	}
}

// TestDeadToken: a token FreshBooks refuses, whose refresh token is
// refused too, asks for a login.
func TestDeadToken(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	dead := freshbooks.Token{AccessToken: "dead-access", RefreshToken: "dead-refresh"}
	if err := freshbooks.NewFileStore(c.tokenFile("default")).Save(t.Context(), dead); err != nil {
		t.Fatal(err)
	}
	r := c.run("whoami").want(t, exitAuth)
	noSecret(t, dead, r.stdout, r.stderr)
}

func TestWhoamiAndToken(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	tok := c.login()
	r := c.run("whoami").want(t, 0)
	var me freshbooks.Identity
	if err := json.Unmarshal([]byte(r.stdout), &me); err != nil || me.Email == "" || len(me.BusinessMemberships) == 0 {
		t.Fatalf("whoami -o json: %q %v", r.stdout, err)
	}
	noSecret(t, tok, r.stdout, r.stderr)
	tab := c.run("-o", "table", "whoami").want(t, 0)
	if !strings.Contains(tab.stdout, me.Email) || !strings.Contains(tab.stdout, "CURRENT  ACCOUNT") {
		t.Errorf("whoami table:\n%s", tab.stdout)
	}
	if r := c.run("auth", "token").want(t, 0); r.stdout != tok.AccessToken+"\n" {
		t.Errorf("auth token printed %q", r.stdout)
	}
}

func TestSwitchBusiness(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	c.login()
	var me freshbooks.Identity
	json.Unmarshal([]byte(c.run("whoami").want(t, 0).stdout), &me)
	if len(me.BusinessMemberships) < 2 {
		t.Skip("the first identity has one business")
	}
	second := me.BusinessMemberships[1].Business
	c.run("auth", "switch", string(second.AccountID)).want(t, 0)
	var st status
	json.Unmarshal([]byte(c.run("auth", "status").want(t, 0).stdout), &st)
	for _, b := range st.Businesses {
		if b.Current != (b.AccountID == string(second.AccountID)) {
			t.Errorf("after switching to %s: %+v", second.AccountID, st.Businesses)
		}
	}
	r := c.run("auth", "switch", "no-such-business").want(t, exitUsage)
	if !strings.Contains(r.stderr, string(second.AccountID)) {
		t.Errorf("the refusal does not list the businesses: %q", r.stderr)
	}
}

func TestLogout(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	tok := c.login()
	c.run("auth", "logout").want(t, 0)
	if got := c.storedToken("default"); got.AccessToken != "" || got.RefreshToken != "" {
		t.Errorf("the token is still stored: %v", got)
	}
	// Revoked at the sandbox: the old token no longer works.
	c.login()
	client, _ := freshbooks.NewClient(freshbooks.Config{BaseURL: c.srv.URL, AccessToken: tok.AccessToken, MaxRetries: -1})
	if _, err := client.CurrentUser(t.Context()); err == nil {
		t.Error("the revoked token still works")
	}
}

func TestProfilesAreSeparate(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	c.login()
	c.run("--profile", "work", "whoami").want(t, exitAuth)
	c.run("--profile", "default", "whoami").want(t, 0)
}
