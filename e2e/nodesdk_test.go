package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

const nodeDir = "node"

// seedFlowResult is the JSON line seed_flow.js prints.
type seedFlowResult struct {
	OK         bool      `json:"ok"`
	Step       string    `json:"step"`
	Error      *sdkError `json:"error"`
	SDKVersion string    `json:"sdkVersion"`
	APIURL     string    `json:"apiUrl"`
	AuthURL    string    `json:"authUrl"`
	Authorize  struct {
		Status       int    `json:"status"`
		CallbackBase string `json:"callbackBase"`
		HasCode      bool   `json:"hasCode"`
		Error        string `json:"error"`
	} `json:"authorize"`
	Token struct {
		AccessTokenExpiresAt time.Time `json:"accessTokenExpiresAt"`
		HasAccessToken       bool      `json:"hasAccessToken"`
		HasRefreshToken      bool      `json:"hasRefreshToken"`
	} `json:"token"`
	Me      *sdkUser `json:"me"`
	Refresh struct {
		AccessTokenExpiresAt time.Time `json:"accessTokenExpiresAt"`
		AccessTokenRotated   bool      `json:"accessTokenRotated"`
		RefreshTokenRotated  bool      `json:"refreshTokenRotated"`
		ClientHoldsNewTokens bool      `json:"clientHoldsNewTokens"`
	} `json:"refresh"`
	MeAfterRefresh *sdkUser  `json:"meAfterRefresh"`
	BogusToken     *sdkError `json:"bogusToken"`
	SpentRefresh   *sdkError `json:"spentRefresh"`
}

type sdkUser struct {
	ID          string `json:"id"`
	Email       string `json:"email"`
	FirstName   string `json:"firstName"`
	LastName    string `json:"lastName"`
	Memberships []struct {
		ID           int64  `json:"id"`
		Role         string `json:"role"`
		BusinessID   int64  `json:"businessId"`
		AccountID    string `json:"accountId"`
		BusinessName string `json:"businessName"`
	} `json:"memberships"`
}

// sdkError is an error as the Node SDK reported it (APIClientError).
type sdkError struct {
	Threw      bool            `json:"threw"`
	Class      string          `json:"class"`
	Name       string          `json:"name"`
	Message    string          `json:"message"`
	StatusCode *string         `json:"statusCode"` // the SDK keeps it as a string
	Errors     json.RawMessage `json:"errors"`
}

// wireRecord is one request the Node SDK sent to the sandbox.
type wireRecord struct {
	Method, Path, ContentType, APIVersion, UserAgent, Authorization string
	Status                                                          int
}

type wireLog struct {
	mu   sync.Mutex
	reqs []wireRecord
}

func (l *wireLog) all() []wireRecord {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.reqs)
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// TestNodeSDKAgainstSandbox runs the official FreshBooks Node SDK, unchanged,
// through the OAuth flow against an auto-approving sandbox and checks what
// it saw against the sandbox's own data, read with the Go client.
func TestNodeSDKAgainstSandbox(t *testing.T) {
	node, lookErr := exec.LookPath("node")
	sdk := filepath.Join(nodeDir, "node_modules", "@freshbooks", "api", "package.json")
	requirePeer(t, lookErr == nil && fileExists(sdk), "the Node SDK ("+sdk+", and node on PATH)")

	ctx, cancel := context.WithTimeout(t.Context(), 45*time.Second)
	defer cancel()

	// A fixed clock and a non-default lifetime make the expiry the SDK
	// computes (created_at + expires_in) exact.
	now := time.Date(2026, 11, 2, 15, 4, 5, 0, time.UTC)
	const ttl = 2 * time.Hour
	sb := freshbookstest.New(freshbookstest.Options{
		ClientID:     "node-e2e-client-id",
		ClientSecret: "node-e2e-client-secret",
		RedirectURI:  "https://127.0.0.1/node-e2e/callback", // never contacted: the script reads the Location
		AutoApprove:  true,
		TokenTTL:     ttl,
		Now:          func() time.Time { return now },
	})
	// The sandbox behind a recorder of what the SDK sends.
	wire := &wireLog{}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w}
		sb.ServeHTTP(sw, r)
		rec := wireRecord{Method: r.Method, Path: r.URL.Path, ContentType: r.Header.Get("Content-Type"),
			APIVersion: r.Header.Get("Api-Version"), UserAgent: r.Header.Get("User-Agent"), Status: sw.status}
		if a := r.Header.Get("Authorization"); a != "" {
			rec.Authorization, _, _ = strings.Cut(a, " ") // the scheme only
		}
		wire.mu.Lock()
		wire.reqs = append(wire.reqs, rec)
		wire.mu.Unlock()
	}))
	defer hs.Close()
	opts := sb.Options()
	goCfg := freshbooks.Config{ClientID: opts.ClientID, ClientSecret: opts.ClientSecret, RedirectURI: opts.RedirectURI,
		BaseURL: hs.URL, AuthURL: hs.URL}

	cmd := exec.CommandContext(ctx, node, "seed_flow.js")
	cmd.Dir = nodeDir
	cmd.Env = append(cmd.Environ(),
		"FRESHBOOKS_API_URL="+hs.URL,
		"FRESHBOOKS_AUTH_URL="+hs.URL,
		"FRESHBOOKS_CLIENT_ID="+opts.ClientID,
		"FRESHBOOKS_CLIENT_SECRET="+opts.ClientSecret,
		"FRESHBOOKS_REDIRECT_URI="+opts.RedirectURI,
		"NO_PROXY=127.0.0.1,localhost", "no_proxy=127.0.0.1,localhost",
	)
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	sent := wire.all() // before the Go client's own calls below
	t.Logf("node seed_flow.js: %s", strings.TrimSpace(stdout.String()))
	if stderr.Len() > 0 {
		t.Logf("stderr:\n%s", stderr.String())
	}
	for _, r := range sent {
		t.Logf("wire: %s %s -> %d (Content-Type %q, Api-Version %q, Authorization %q, User-Agent %q)",
			r.Method, r.Path, r.Status, r.ContentType, r.APIVersion, r.Authorization, r.UserAgent)
	}

	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	var got seedFlowResult
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &got); err != nil {
		t.Fatalf("seed_flow.js printed no JSON result (%v); run error: %v", err, runErr)
	}
	if !got.OK || runErr != nil {
		t.Fatalf("the Node SDK failed at step %q: %+v (exit: %v)", got.Step, got.Error, runErr)
	}

	// What the sandbox holds for the identity auto-approve signs in.
	want := sandboxIdentity(ctx, t, sb, goCfg, 0)

	if got.SDKVersion != "4.1.0" {
		t.Errorf("SDK version = %q, want the pinned 4.1.0", got.SDKVersion)
	}
	if got.APIURL != hs.URL {
		t.Errorf("SDK apiUrl = %q, want $FRESHBOOKS_API_URL %s", got.APIURL, hs.URL)
	}
	if !strings.HasPrefix(got.AuthURL, hs.URL+"/oauth/authorize?") {
		t.Errorf("auth URL %q is not on the sandbox", got.AuthURL)
	}
	if got.Authorize.Status != http.StatusFound || !got.Authorize.HasCode || got.Authorize.CallbackBase != opts.RedirectURI {
		t.Errorf("authorize: %+v, want a 302 to %s with a code", got.Authorize, opts.RedirectURI)
	}
	wantExpiry := now.Add(ttl)
	if !got.Token.HasAccessToken || !got.Token.HasRefreshToken || !got.Token.AccessTokenExpiresAt.Equal(wantExpiry) {
		t.Errorf("getAccessToken: %+v, want both tokens expiring at %s", got.Token, wantExpiry)
	}
	if !got.Refresh.AccessTokenRotated || !got.Refresh.RefreshTokenRotated || !got.Refresh.ClientHoldsNewTokens {
		t.Errorf("refreshAccessToken: %+v, want a new access and refresh token, held by the client", got.Refresh)
	}
	if !got.Refresh.AccessTokenExpiresAt.Equal(wantExpiry) {
		t.Errorf("refreshed access token expires at %s, want %s", got.Refresh.AccessTokenExpiresAt, wantExpiry)
	}
	checkSDKUser(t, "users.me()", got.Me, want)
	checkSDKUser(t, "users.me() after refresh", got.MeAfterRefresh, want)

	// The error path: a bogus access token is a 401 whose body the SDK
	// understands (not its "Returned an unexpected response" fallback),
	// with the message the Go client reads from the same answer.
	goErr := goCurrentUserError(ctx, t, goCfg, "bogus-access-token")
	if b := got.BogusToken; b == nil || !b.Threw || b.StatusCode == nil || *b.StatusCode != "401" ||
		b.Name != "Get Identity" || b.Message == "" || b.Message == "Returned an unexpected response" {
		t.Errorf("users.me() with a bogus token: %+v, want an APIClientError 'Get Identity' 401 with the server's message", b)
	} else if b.Message != goErr.Message {
		t.Errorf("users.me() with a bogus token: SDK message %q, Go client message %q", b.Message, goErr.Message)
	}
	// A spent refresh token is refused; the SDK reads no message from OAuth
	// error bodies (it looks for "errors" or "message" only), so only the
	// status is compared.
	if s := got.SpentRefresh; s == nil || !s.Threw || s.StatusCode == nil || *s.StatusCode != "400" {
		t.Errorf("refreshAccessToken with a spent refresh token: %+v, want a 400 APIClientError", s)
	}

	checkWire(t, sent, opts.ClientID)
}

func checkSDKUser(t *testing.T, what string, got *sdkUser, want *freshbooks.Identity) {
	t.Helper()
	if got == nil {
		t.Errorf("%s: no user", what)
		return
	}
	if got.ID != strconv.FormatInt(int64(want.ID), 10) || got.Email != want.Email ||
		got.FirstName != want.FirstName || got.LastName != want.LastName {
		t.Errorf("%s = %s %s %s <%s>, want %d %s %s <%s>", what, got.ID, got.FirstName, got.LastName, got.Email,
			want.ID, want.FirstName, want.LastName, want.Email)
	}
	if len(got.Memberships) != len(want.BusinessMemberships) {
		t.Errorf("%s: %d memberships, want %d", what, len(got.Memberships), len(want.BusinessMemberships))
		return
	}
	for i, m := range got.Memberships {
		w := want.BusinessMemberships[i]
		if m.ID != w.ID || m.Role != string(w.Role) || m.BusinessID != int64(w.Business.ID) ||
			m.AccountID != string(w.Business.AccountID) || m.BusinessName != w.Business.Name {
			t.Errorf("%s: membership %d = %+v, want id %d role %s business %d account %s %q", what, i, m,
				w.ID, w.Role, w.Business.ID, w.Business.AccountID, w.Business.Name)
		}
	}
}

// goCurrentUserError returns the error the Go client gets from CurrentUser
// with the given access token.
func goCurrentUserError(ctx context.Context, t *testing.T, cfg freshbooks.Config, token string) *freshbooks.APIError {
	t.Helper()
	cfg.AccessToken = token
	c, err := freshbooks.NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	_, err = c.CurrentUser(ctx)
	var ae *freshbooks.APIError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusUnauthorized {
		t.Fatalf("Go CurrentUser with a bogus token: err = %v, want a 401 APIError", err)
	}
	return ae
}

// checkWire checks what the SDK sent, as peer-sdks.md §4 describes it:
// JSON token requests, Api-Version: alpha and its User-Agent everywhere.
func checkWire(t *testing.T, reqs []wireRecord, clientID string) {
	t.Helper()
	var tokenCalls, meCalls int
	for _, r := range reqs {
		switch {
		case r.Method == "GET" && r.Path == "/oauth/authorize":
			continue // node's fetch, not the SDK
		case r.Method == "POST" && r.Path == "/auth/oauth/token":
			tokenCalls++
			if !strings.HasPrefix(r.ContentType, "application/json") {
				t.Errorf("token request Content-Type = %q, want JSON", r.ContentType)
			}
		case r.Method == "GET" && r.Path == "/auth/api/v1/users/me":
			meCalls++
		default:
			t.Errorf("unexpected request %s %s", r.Method, r.Path)
		}
		if r.APIVersion != "alpha" {
			t.Errorf("%s %s: Api-Version = %q, want alpha", r.Method, r.Path, r.APIVersion)
		}
		if r.UserAgent != "FreshBooks nodejs sdk/4.1.0 client_id "+clientID {
			t.Errorf("%s %s: User-Agent = %q", r.Method, r.Path, r.UserAgent)
		}
	}
	if tokenCalls != 3 || meCalls != 3 {
		t.Errorf("the SDK made %d token and %d users/me calls, want 3 and 3", tokenCalls, meCalls)
	}
}
