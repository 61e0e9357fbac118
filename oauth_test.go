package freshbooks_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

func TestGetAuthRequestURL(t *testing.T) {
	c, err := freshbooks.NewClient(freshbooks.Config{ClientID: "some_client", RedirectURI: "https://example.com", AuthURL: "https://auth.example.test"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetAuthRequestURL()
	if err != nil {
		t.Fatal(err)
	}
	if want := "https://auth.example.test/oauth/authorize?client_id=some_client&redirect_uri=https%3A%2F%2Fexample.com&response_type=code"; got != want {
		t.Errorf("no scopes:\n got %s\nwant %s", got, want)
	}
	got, _ = c.GetAuthRequestURL("user:profile:read", "user:clients:read")
	if !strings.HasSuffix(got, "&scope=user%3Aprofile%3Aread+user%3Aclients%3Aread") {
		t.Errorf("scopes are not one space-separated, encoded parameter: %s", got)
	}
	if strings.Contains(got, "state=") || strings.Contains(got, "code_challenge") {
		t.Errorf("the official-SDK form must carry no state or PKCE: %s", got)
	}

	c, _ = freshbooks.NewClient(freshbooks.Config{ClientID: "some_client"})
	if _, err := c.GetAuthRequestURL(); !errors.Is(err, freshbooks.ErrNoRedirectURI) || !strings.Contains(err.Error(), "RedirectURI") {
		t.Errorf("missing redirect URI: err = %v", err)
	}
	if _, err := c.NewAuthRequest(); !errors.Is(err, freshbooks.ErrNoRedirectURI) {
		t.Errorf("NewAuthRequest without redirect URI: err = %v", err)
	}
}

// TestSeedFlow runs the whole flow of the issue against the sandbox: the
// secure authorize step, a person approving, the code exchange, the
// current user, and refreshes with the held and with a passed token.
func TestSeedFlow(t *testing.T) {
	clk := newClock()
	c, srv := setup(t, freshbookstest.Options{Now: clk.Now})
	ctx := t.Context()

	ar, err := c.NewAuthRequest("user:profile:read", "user:clients:read")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(ar.URL)
	q := u.Query()
	if q.Get("state") != ar.State || len(ar.State) < 20 || q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" {
		t.Fatalf("auth URL lacks state or PKCE: %s", ar.URL)
	}
	if strings.Contains(ar.URL, ar.CodeVerifier) {
		t.Fatal("the code verifier leaked into the auth URL")
	}
	callback, err := srv.Approve(ctx, ar.URL)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(callback.String(), freshbookstest.DefaultRedirectURI+"?") {
		t.Fatalf("callback %s is not the redirect URI", callback)
	}
	tok, err := c.CompleteAuth(ctx, ar, callback.Query())
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("empty tokens: %v", tok)
	}
	wantExpiry := clk.Now().Add(freshbookstest.DefaultTokenTTL)
	if !tok.AccessTokenExpiresAt.Equal(wantExpiry) || tok.AccessTokenExpiresAt.Location() != time.UTC {
		t.Errorf("AccessTokenExpiresAt = %v, want %v in UTC", tok.AccessTokenExpiresAt, wantExpiry)
	}
	if got := tok.Scopes(); len(got) != 2 || got[0] != "user:profile:read" || got[1] != "user:clients:read" {
		t.Errorf("granted scopes = %v", got)
	}
	if c.Token() != tok {
		t.Errorf("client holds %v, want the exchanged %v", c.Token(), tok)
	}

	user, err := c.CurrentUser(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if user.Email == "" || user.FullName() == "" || len(user.BusinessMemberships) == 0 {
		t.Fatalf("thin identity: %+v", user)
	}
	m := user.BusinessMemberships[0]
	if m.Business.ID == 0 || m.Business.AccountID == "" || m.Business.BusinessUUID == "" || m.Business.Name == "" || m.Role != freshbooks.RoleOwner {
		t.Errorf("membership lacks ids or role: %+v", m)
	}
	if got := user.MembershipForAccount(m.Business.AccountID); got == nil || got.Business.ID != m.Business.ID {
		t.Errorf("MembershipForAccount(%q) = %v", m.Business.AccountID, got)
	}
	if got := user.MembershipForBusiness(m.Business.ID); got == nil || got.Business.AccountID != m.Business.AccountID {
		t.Errorf("MembershipForBusiness(%d) = %v", m.Business.ID, got)
	}
	if user.MembershipForAccount("nope") != nil {
		t.Error("MembershipForAccount found an unknown account")
	}

	clk.Advance(time.Hour)
	refreshed, err := c.RefreshAccessToken(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if refreshed.RefreshToken == tok.RefreshToken || refreshed.AccessToken == tok.AccessToken {
		t.Error("refresh did not rotate both tokens")
	}
	if !refreshed.AccessTokenExpiresAt.Equal(clk.Now().Add(freshbookstest.DefaultTokenTTL)) {
		t.Errorf("refreshed expiry %v", refreshed.AccessTokenExpiresAt)
	}
	if c.Token() != refreshed {
		t.Error("client does not hold the refreshed token")
	}

	// The spent refresh token is refused, and the failure leaves the
	// client's tokens as they were.
	_, err = c.RefreshAccessToken(ctx, tok.RefreshToken)
	var oe *freshbooks.OAuthError
	if !errors.Is(err, freshbooks.ErrInvalidGrant) || !errors.As(err, &oe) || oe.StatusCode != 400 || oe.Description == "" {
		t.Fatalf("reusing a refresh token: err = %#v", err)
	}
	if c.Token() != refreshed {
		t.Error("a failed refresh changed the client's tokens")
	}

	// A stored refresh token passed in works, on a fresh client.
	c2, _ := freshbooks.NewClient(srv.Config())
	again, err := c2.RefreshAccessToken(ctx, refreshed.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	if again.RefreshToken == refreshed.RefreshToken || c2.Token() != again {
		t.Error("refresh with a passed token did not rotate or store")
	}
	// The previous access token died with the rotation.
	if _, err := c.CurrentUser(ctx); !errors.Is(err, freshbooks.ErrUnauthorized) {
		t.Errorf("access token of a rotated pair still works: err = %v", err)
	}
}

func TestGetAccessTokenWithoutPKCE(t *testing.T) {
	c, srv := setup(t, freshbookstest.Options{})
	ctx := t.Context()
	authURL, err := c.GetAuthRequestURL()
	if err != nil {
		t.Fatal(err)
	}
	cb, err := srv.Approve(ctx, authURL)
	if err != nil {
		t.Fatal(err)
	}
	code := cb.Query().Get("code")
	tok, err := c.GetAccessToken(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	if tok.RefreshToken == "" || c.Token() != tok {
		t.Fatalf("token not stored: %v", tok)
	}
	// A code works once.
	if _, err := c.GetAccessToken(ctx, code); !errors.Is(err, freshbooks.ErrInvalidGrant) {
		t.Errorf("second use of a code: err = %v", err)
	}
	if c.Token() != tok {
		t.Error("failed exchange changed the client's tokens")
	}
}

func TestAuthRequestChecks(t *testing.T) {
	clk := newClock()
	c, srv := setup(t, freshbookstest.Options{Now: clk.Now})
	ctx := t.Context()

	t.Run("state mismatch", func(t *testing.T) {
		ar, _ := c.NewAuthRequest()
		cb, err := srv.Approve(ctx, ar.URL)
		if err != nil {
			t.Fatal(err)
		}
		q := cb.Query()
		q.Set("state", "forged")
		if _, err := c.CompleteAuth(ctx, ar, q); !errors.Is(err, freshbooks.ErrStateMismatch) {
			t.Errorf("err = %v", err)
		}
		if c.Token().AccessToken != "" {
			t.Error("a forged callback got tokens")
		}
	})
	t.Run("denied", func(t *testing.T) {
		ar, _ := c.NewAuthRequest()
		cb, err := srv.Deny(ctx, ar.URL)
		if err != nil {
			t.Fatal(err)
		}
		var oe *freshbooks.OAuthError
		if _, err := c.CompleteAuth(ctx, ar, cb.Query()); !errors.As(err, &oe) || oe.Code != "access_denied" {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("PKCE enforced", func(t *testing.T) {
		ar, _ := c.NewAuthRequest()
		cb, _ := srv.Approve(ctx, ar.URL)
		wrong := *ar
		wrong.CodeVerifier = strings.Repeat("x", 43)
		if _, err := c.CompleteAuth(ctx, &wrong, cb.Query()); !errors.Is(err, freshbooks.ErrInvalidGrant) {
			t.Errorf("wrong verifier: err = %v", err)
		}
	})
	t.Run("code expires after five minutes", func(t *testing.T) {
		ar, _ := c.NewAuthRequest()
		cb, _ := srv.Approve(ctx, ar.URL)
		clk.Advance(5*time.Minute + time.Second)
		if _, err := c.CompleteAuth(ctx, ar, cb.Query()); !errors.Is(err, freshbooks.ErrInvalidGrant) {
			t.Errorf("stale code: err = %v", err)
		}
	})
}

func TestMissingConfiguration(t *testing.T) {
	// Port 1 on loopback refuses connections: any request would fail
	// with a different error.
	base := freshbooks.Config{ClientID: "id", ClientSecret: "secret", RedirectURI: "https://example.com/cb", BaseURL: "http://127.0.0.1:1", RefreshToken: "rt"}
	ctx := t.Context()
	for _, tc := range []struct {
		name  string
		edit  func(*freshbooks.Config)
		call  func(*freshbooks.Client) error
		want  error
		field string
	}{
		{"secret for exchange", func(c *freshbooks.Config) { c.ClientSecret = "" }, func(c *freshbooks.Client) error { _, err := c.GetAccessToken(ctx, "x"); return err }, freshbooks.ErrNoClientSecret, "ClientSecret"},
		{"redirect for exchange", func(c *freshbooks.Config) { c.RedirectURI = "" }, func(c *freshbooks.Client) error { _, err := c.GetAccessToken(ctx, "x"); return err }, freshbooks.ErrNoRedirectURI, "RedirectURI"},
		{"secret for refresh", func(c *freshbooks.Config) { c.ClientSecret = "" }, func(c *freshbooks.Client) error { _, err := c.RefreshAccessToken(ctx); return err }, freshbooks.ErrNoClientSecret, "ClientSecret"},
		{"refresh token", func(c *freshbooks.Config) { c.RefreshToken = "" }, func(c *freshbooks.Client) error { _, err := c.RefreshAccessToken(ctx); return err }, freshbooks.ErrNoRefreshToken, "refresh token"},
		{"access token", func(c *freshbooks.Config) { c.RefreshToken = "" }, func(c *freshbooks.Client) error { _, err := c.CurrentUser(ctx); return err }, freshbooks.ErrNoAccessToken, "access token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := base
			tc.edit(&cfg)
			c, err := freshbooks.NewClient(cfg)
			if err != nil {
				t.Fatal(err)
			}
			err = tc.call(c)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.field) {
				t.Errorf("err = %v, want %v naming %s", err, tc.want, tc.field)
			}
		})
	}
	if _, err := freshbooks.NewClient(freshbooks.Config{BaseURL: "not a url"}); err == nil || !strings.Contains(err.Error(), "BaseURL") {
		t.Errorf("bad BaseURL: err = %v", err)
	}
}

func TestTokenExpiryAndRevocation(t *testing.T) {
	clk := newClock()
	c, srv := setupAuthed(t, freshbookstest.Options{Now: clk.Now, TokenTTL: time.Minute})
	ctx := t.Context()
	if _, err := c.CurrentUser(ctx); err != nil {
		t.Fatal(err)
	}
	// Without a refresh token (the client would refresh by itself), the
	// expiry reaches the caller.
	held := c.Token()
	c.SetToken(freshbooks.Token{AccessToken: held.AccessToken, AccessTokenExpiresAt: held.AccessTokenExpiresAt})
	clk.Advance(time.Minute)
	_, err := c.CurrentUser(ctx)
	c.SetToken(held)
	var ae *freshbooks.APIError
	if !errors.Is(err, freshbooks.ErrUnauthorized) || !errors.As(err, &ae) || ae.Code != "unauthenticated" ||
		ae.Message != "This action requires authentication to continue." {
		t.Fatalf("expired token: err = %#v", err)
	}
	if _, err := c.RefreshAccessToken(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CurrentUser(ctx); err != nil {
		t.Fatalf("after refresh: %v", err)
	}
	rt := c.Token().RefreshToken
	if err := c.RevokeToken(ctx, rt); err != nil {
		t.Fatal(err)
	}
	if c.Token() != (freshbooks.Token{}) {
		t.Error("revoking the held refresh token did not clear the client's tokens")
	}
	if _, err := c.RefreshAccessToken(ctx, rt); !errors.Is(err, freshbooks.ErrInvalidGrant) {
		t.Errorf("revoked refresh token: err = %v", err)
	}
	_ = srv
}

func TestEnvironmentURLs(t *testing.T) {
	t.Setenv(freshbooks.EnvAPIURL, "http://api.env.test/")
	t.Setenv(freshbooks.EnvAuthURL, "http://auth.env.test")
	c, _ := freshbooks.NewClient(freshbooks.Config{ClientID: "id", RedirectURI: "https://x.test/cb"})
	u, _ := c.GetAuthRequestURL()
	if !strings.HasPrefix(u, "http://auth.env.test/oauth/authorize?") {
		t.Errorf("FRESHBOOKS_AUTH_URL ignored: %s", u)
	}
	c, _ = freshbooks.NewClient(freshbooks.Config{ClientID: "id", RedirectURI: "https://x.test/cb", AuthURL: "https://explicit.test"})
	u, _ = c.GetAuthRequestURL()
	if !strings.HasPrefix(u, "https://explicit.test/oauth/authorize?") {
		t.Errorf("Config.AuthURL did not win: %s", u)
	}

	// The API URL also moves the token endpoint.
	srv := freshbookstest.NewServer(freshbookstest.Options{})
	defer srv.Close()
	t.Setenv(freshbooks.EnvAPIURL, srv.URL)
	t.Setenv(freshbooks.EnvAuthURL, srv.URL)
	cfg := srv.Config()
	cfg.BaseURL, cfg.AuthURL = "", ""
	c, _ = freshbooks.NewClient(cfg)
	authURL, _ := c.GetAuthRequestURL()
	cb, err := srv.Approve(t.Context(), authURL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetAccessToken(t.Context(), cb.Query().Get("code")); err != nil {
		t.Fatalf("token endpoint not under FRESHBOOKS_API_URL: %v", err)
	}
	if _, err := c.CurrentUser(t.Context()); err != nil {
		t.Fatal(err)
	}
}

// TestSecretsStayHidden prints and logs everything that holds a secret.
func TestSecretsStayHidden(t *testing.T) {
	c, srv := setup(t, freshbookstest.Options{})
	ctx := t.Context()
	ar, _ := c.NewAuthRequest()
	cb, _ := srv.Approve(ctx, ar.URL)
	tok, err := c.CompleteAuth(ctx, ar, cb.Query())
	if err != nil {
		t.Fatal(err)
	}
	cfg := srv.Config()
	cfg.AccessToken, cfg.RefreshToken = tok.AccessToken, tok.RefreshToken
	secrets := []string{tok.AccessToken, tok.RefreshToken, cfg.ClientSecret, ar.CodeVerifier}

	var out bytes.Buffer
	for _, v := range []any{cfg, &cfg, tok, &tok, c, *ar, ar, struct{ T freshbooks.Token }{tok}} {
		fmt.Fprintf(&out, "%v %+v %#v %s\n", v, v, v, v)
	}
	for _, h := range []slog.Handler{slog.NewJSONHandler(&out, nil), slog.NewTextHandler(&out, nil)} {
		slog.New(h).Info("state", "config", cfg, "token", tok, "client", c)
	}
	// An error carrying a failure from the token endpoint.
	_, err = c.RefreshAccessToken(ctx, "spent-"+tok.RefreshToken)
	fmt.Fprintln(&out, err)
	js, _ := json.Marshal(err)
	out.Write(js)
	for _, s := range secrets {
		if bytes.Contains(out.Bytes(), []byte(s)) {
			t.Fatalf("a secret appears in output:\n%s", out.String())
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	c, _ := setupAuthed(t, freshbookstest.Options{})
	ctx := t.Context()
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for range 20 {
		wg.Go(func() {
			_, err := c.CurrentUser(ctx)
			errs <- err
		})
		wg.Go(func() {
			if c.Token().AccessToken == "" {
				errs <- errors.New("token vanished")
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// The official Python SDK's token fixture: expiry is created_at +
// expires_in, not the local clock.
func TestTokenFixture(t *testing.T) {
	c, last := replay(t, 200, freshbooks.ReadFixture(t, "auth_token_response.json"))
	tok, err := c.GetAccessToken(context.Background(), "some_grant")
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken != "my_access_token" || tok.RefreshToken != "my_refresh_token" {
		t.Errorf("tokens = %v", tok)
	}
	if want := time.Date(2010, 10, 17, 0, 0, 0, 0, time.UTC); !tok.AccessTokenExpiresAt.Equal(want) {
		t.Errorf("AccessTokenExpiresAt = %v, want %v", tok.AccessTokenExpiresAt, want)
	}
	if last.URL.Path != "/auth/oauth/token" || last.Header.Get("Authorization") != "" {
		t.Errorf("token request went to %s with Authorization %q", last.URL.Path, last.Header.Get("Authorization"))
	}
}

func TestTokenEndpointErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		body   string
		code   string
	}{
		{"no auth fixture", 403, string(freshbooks.ReadFixture(t, "auth_me_response__no_auth.json")), "unauthenticated"},
		{"invalid grant", 400, `{"error":"invalid_grant","error_description":"spent"}`, "invalid_grant"},
		{"html page", 502, "<html><body>Bad Gateway</body></html>", "invalid_response"},
		{"empty json", 200, `{}`, ""},
		{"truncated", 200, `{"access_token": "abc", "refresh`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := replay(t, tc.status, []byte(tc.body))
			before := c.Token()
			_, err := c.GetAccessToken(t.Context(), "code")
			if err == nil {
				t.Fatal("no error")
			}
			var oe *freshbooks.OAuthError
			if tc.code != "" && (!errors.As(err, &oe) || oe.Code != tc.code || oe.StatusCode != tc.status) {
				t.Errorf("err = %#v, want code %s status %d", err, tc.code, tc.status)
			}
			if c.Token() != before {
				t.Error("failure changed the client's tokens")
			}
		})
	}
}
