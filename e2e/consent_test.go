package e2e

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

const chromiumPath = "/usr/bin/chromium"

var requestedScopes = []string{"user:profile:read", "user:clients:read"}

// consentFlow is one authorization attempt: a sandbox whose registered
// redirect URI is a small local "app", the app recording the callbacks it
// receives, and the Go client's auth request.
type consentFlow struct {
	srv       *freshbookstest.Server
	app       *httptest.Server
	callbacks chan url.Values
	client    *freshbooks.Client
	req       *freshbooks.AuthRequest
}

const appName = "E2E Example App"

func newConsentFlow(t *testing.T) *consentFlow {
	t.Helper()
	f := &consentFlow{callbacks: make(chan url.Values, 8)}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /callback", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		select {
		case f.callbacks <- q:
		default: // more than 8 callbacks: the test fails on the count anyway
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html><head><meta charset="utf-8"><title>Back at %s</title></head>
<body><h1 id="callback">Back at %s</h1><p id="query">%s</p></body></html>`,
			html.EscapeString(appName), html.EscapeString(appName), html.EscapeString(q.Encode()))
	})
	f.app = httptest.NewServer(mux) // 127.0.0.1
	t.Cleanup(f.app.Close)

	f.srv = freshbookstest.NewServer(freshbookstest.Options{
		ClientID:     "e2e-client-id",
		ClientSecret: "e2e-client-secret",
		RedirectURI:  f.app.URL + "/callback",
		AppName:      appName,
	})
	t.Cleanup(f.srv.Close)

	var err error
	if f.client, err = freshbooks.NewClient(f.srv.Config()); err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	if f.req, err = f.client.NewAuthRequest(requestedScopes...); err != nil {
		t.Fatalf("NewAuthRequest: %v", err)
	}
	if !strings.HasPrefix(f.req.URL, f.srv.URL+"/oauth/authorize?") {
		t.Fatalf("auth URL %q is not on the sandbox %s", f.req.URL, f.srv.URL)
	}
	return f
}

// awaitCallback waits for the app to receive the browser's callback.
func (f *consentFlow) awaitCallback(ctx context.Context, t *testing.T) url.Values {
	t.Helper()
	select {
	case q := <-f.callbacks:
		return q
	case <-ctx.Done():
		t.Fatalf("the browser never reached the app's callback: %v", ctx.Err())
		return nil
	}
}

// consentPage is what a person sees on the consent page.
type consentPage struct {
	Title, Heading, Intro string
	Scopes                []string
	People                string
	Approve, Deny         string
}

// readConsentPage opens the auth URL in the tab, waits for the page and
// reads it.
func readConsentPage(tab context.Context, t *testing.T, authURL string) consentPage {
	t.Helper()
	if err := chromedp.Do(tab,
		chromedp.Navigate(authURL),
		chromedp.WaitVisible(chromedp.ID("approve")),
		chromedp.WaitVisible(chromedp.ID("deny")),
	); err != nil {
		t.Fatalf("open consent page: %v", err)
	}
	var p consentPage
	var err error
	read := func(what string, a chromedp.Action[string]) string {
		s, e := chromedp.Run(tab, a)
		if e != nil && err == nil {
			err = fmt.Errorf("%s: %w", what, e)
		}
		return strings.TrimSpace(s)
	}
	p.Title = read("title", chromedp.Title())
	p.Heading = read("heading", chromedp.Text(chromedp.CSS("h1")))
	p.Intro = read("intro", chromedp.Text(chromedp.CSS("h1 + p")))
	p.People = read("identities", chromedp.Text(chromedp.CSS("fieldset")))
	p.Approve = read("approve button", chromedp.Text(chromedp.ID("approve")))
	p.Deny = read("deny button", chromedp.Text(chromedp.ID("deny")))
	if err != nil {
		t.Fatalf("read consent page: %v", err)
	}
	p.Scopes, err = chromedp.Run(tab, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll('#scopes li')).map(li => li.innerText.trim())`))
	if err != nil {
		t.Fatalf("read scopes: %v", err)
	}
	return p
}

func checkConsentPage(t *testing.T, p consentPage, who *freshbooks.Identity) {
	t.Helper()
	if !strings.Contains(p.Title, appName) {
		t.Errorf("page title = %q, want it to name the app %q", p.Title, appName)
	}
	if p.Heading != "Authorize "+appName {
		t.Errorf("heading = %q, want %q", p.Heading, "Authorize "+appName)
	}
	if !strings.Contains(p.Intro, appName) {
		t.Errorf("intro = %q, want it to name the app", p.Intro)
	}
	if got, want := slices.Sorted(slices.Values(p.Scopes)), slices.Sorted(slices.Values(requestedScopes)); !slices.Equal(got, want) {
		t.Errorf("scopes shown = %q, want %q", p.Scopes, want)
	}
	if !strings.Contains(p.People, who.Email) {
		t.Errorf("sign-in choices %q do not offer the sandbox's first identity %s", p.People, who.Email)
	}
	if p.Approve != "Approve" || p.Deny != "Deny" {
		t.Errorf("buttons = %q / %q, want Approve / Deny", p.Approve, p.Deny)
	}
}

// startBrowser starts headless Chromium with the flags this machine needs
// and returns its context; cancelling ctx stops it.
func startBrowser(ctx context.Context, t *testing.T) context.Context {
	t.Helper()
	requirePeer(t, fileExists(chromiumPath), "Chromium at "+chromiumPath)
	out := &syncBuffer{}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(900, 900),
		chromedp.CombinedOutput(out),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		if t.Failed() {
			t.Logf("chromium output:\n%s", out.String())
		}
	})
	if err := chromedp.Do(browser); err != nil { // starts the browser
		t.Fatalf("start chromium: %v\n%s", err, out.String())
	}
	return browser
}

func TestConsentPageInChromium(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Second)
	defer cancel()
	browser := startBrowser(ctx, t)

	t.Run("approve", func(t *testing.T) {
		f := newConsentFlow(t)
		first := sandboxIdentity(ctx, t, f.srv.Sandbox, f.srv.Config(), 0)
		tab, closeTab := chromedp.NewContext(browser)
		defer closeTab()

		checkConsentPage(t, readConsentPage(tab, t, f.req.URL), first)
		shot, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		t.Logf("consent page screenshot: %s", saveArtifact(t, t.TempDir(), "consent-page.png", shot))

		if err := chromedp.Do(tab, chromedp.Click(chromedp.ID("approve"))); err != nil {
			t.Fatalf("click Approve: %v", err)
		}
		q := f.awaitCallback(ctx, t)
		landed := landedAt(ctx, t, tab, f.app.URL+"/callback")
		if landed.Query().Encode() != q.Encode() {
			t.Errorf("browser shows %s, but the app received %s", landed, q.Encode())
		}

		if q.Get("code") == "" {
			t.Fatalf("callback %q carries no code", q.Encode())
		}
		if q.Get("state") != f.req.State {
			t.Fatalf("callback state = %q, want the request's %q", q.Get("state"), f.req.State)
		}
		if e := q.Get("error"); e != "" {
			t.Fatalf("callback carries error=%s", e)
		}

		tok, err := f.client.CompleteAuth(ctx, f.req, q)
		if err != nil {
			t.Fatalf("CompleteAuth: %v", err)
		}
		if tok.AccessToken == "" || tok.RefreshToken == "" {
			t.Fatalf("CompleteAuth returned %v without both tokens", tok)
		}
		for _, s := range requestedScopes {
			if !slices.Contains(tok.Scopes(), s) {
				t.Errorf("granted scopes %q lack %s", tok.Scope, s)
			}
		}
		if d := time.Until(tok.AccessTokenExpiresAt); d < 11*time.Hour || d > 13*time.Hour {
			t.Errorf("access token expires at %s, want about 12 hours from now", tok.AccessTokenExpiresAt)
		}
		me, err := f.client.CurrentUser(ctx)
		if err != nil {
			t.Fatalf("CurrentUser: %v", err)
		}
		if me.ID != first.ID || me.Email != first.Email || len(me.BusinessMemberships) != len(first.BusinessMemberships) {
			t.Errorf("CurrentUser = %d %s (%d memberships), want the identity signed in on the page: %d %s (%d)",
				me.ID, me.Email, len(me.BusinessMemberships), first.ID, first.Email, len(first.BusinessMemberships))
		}
		if n := len(f.callbacks); n != 0 {
			t.Errorf("the app received %d more callbacks", n)
		}
		// The code works once.
		if _, err := f.client.CompleteAuth(ctx, f.req, q); !errors.Is(err, freshbooks.ErrInvalidGrant) {
			t.Errorf("second CompleteAuth with the same code: err = %v, want invalid_grant", err)
		}
	})

	t.Run("approve as the second identity", func(t *testing.T) {
		f := newConsentFlow(t)
		second := sandboxIdentity(ctx, t, f.srv.Sandbox, f.srv.Config(), 1)
		tab, closeTab := chromedp.NewContext(browser)
		defer closeTab()

		readConsentPage(tab, t, f.req.URL)
		radio := chromedp.CSS(fmt.Sprintf(`input[name="identity"][value="%d"]`, second.ID))
		if err := chromedp.Do(tab, chromedp.Click(radio), chromedp.Click(chromedp.ID("approve"))); err != nil {
			t.Fatalf("choose %s and click Approve: %v", second.Email, err)
		}
		q := f.awaitCallback(ctx, t)
		landedAt(ctx, t, tab, f.app.URL+"/callback")
		if _, err := f.client.CompleteAuth(ctx, f.req, q); err != nil {
			t.Fatalf("CompleteAuth: %v", err)
		}
		me, err := f.client.CurrentUser(ctx)
		if err != nil {
			t.Fatalf("CurrentUser: %v", err)
		}
		if me.ID != second.ID || me.Email != second.Email {
			t.Errorf("CurrentUser = %d %s, want the identity chosen on the page: %d %s", me.ID, me.Email, second.ID, second.Email)
		}
	})

	t.Run("deny", func(t *testing.T) {
		f := newConsentFlow(t)
		first := sandboxIdentity(ctx, t, f.srv.Sandbox, f.srv.Config(), 0)
		tab, closeTab := chromedp.NewContext(browser)
		defer closeTab()

		checkConsentPage(t, readConsentPage(tab, t, f.req.URL), first)
		if err := chromedp.Do(tab, chromedp.Click(chromedp.ID("deny"))); err != nil {
			t.Fatalf("click Deny: %v", err)
		}
		q := f.awaitCallback(ctx, t)
		landedAt(ctx, t, tab, f.app.URL+"/callback")

		if q.Get("error") != "access_denied" {
			t.Fatalf("callback %q: error = %q, want access_denied", q.Encode(), q.Get("error"))
		}
		if q.Get("state") != f.req.State {
			t.Fatalf("callback state = %q, want the request's %q", q.Get("state"), f.req.State)
		}
		if q.Has("code") {
			t.Fatalf("a denied callback carries a code: %q", q.Encode())
		}
		_, err := f.client.CompleteAuth(ctx, f.req, q)
		var oe *freshbooks.OAuthError
		if !errors.As(err, &oe) || oe.Code != "access_denied" {
			t.Fatalf("CompleteAuth after Deny: err = %v, want an OAuthError access_denied", err)
		}
		if tok := f.client.Token(); tok.AccessToken != "" {
			t.Errorf("the client holds a token after Deny")
		}
	})
}

// landedAt waits until the tab shows the app's callback page and returns
// the browser's location, which must be under want.
func landedAt(ctx context.Context, t *testing.T, tab context.Context, want string) *url.URL {
	t.Helper()
	if err := chromedp.Do(tab, chromedp.WaitVisible(chromedp.ID("callback"))); err != nil {
		t.Fatalf("callback page never showed: %v (%v)", err, ctx.Err())
	}
	loc, err := chromedp.Run(tab, chromedp.Location())
	if err != nil {
		t.Fatalf("location: %v", err)
	}
	u, err := url.Parse(loc)
	if err != nil || u.Scheme+"://"+u.Host+u.Path != want {
		t.Fatalf("browser is at %q, want %s", loc, want)
	}
	return u
}
