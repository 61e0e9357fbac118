package freshbooks

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// Token is an OAuth2 token pair. FreshBooks access tokens last 12 hours;
// a refresh token never expires but works exactly once, and every refresh
// returns a new one, so the newest RefreshToken must always be kept.
//
// Its JSON form (snake_case, with the secrets) is meant for storage; its
// String, GoString and LogValue forms hide the secrets.
type Token struct {
	AccessToken          string    `json:"access_token"`
	RefreshToken         string    `json:"refresh_token"`
	AccessTokenExpiresAt time.Time `json:"access_token_expires_at,omitzero"` // UTC
	TokenType            string    `json:"token_type,omitempty"`             // "Bearer"
	Scope                string    `json:"scope,omitempty"`                  // space-separated granted scopes
	CreatedAt            time.Time `json:"created_at,omitzero"`              // when FreshBooks issued the token, UTC
}

// String describes t without its secrets.
func (t Token) String() string {
	return fmt.Sprintf("freshbooks.Token{AccessToken: %s, RefreshToken: %s, AccessTokenExpiresAt: %s, Scope: %q}",
		redact(t.AccessToken), redact(t.RefreshToken), t.AccessTokenExpiresAt.Format(time.RFC3339), t.Scope)
}

// GoString is like String, so %#v does not reveal secrets either.
func (t Token) GoString() string { return t.String() }

// LogValue keeps the secrets out of structured logs.
func (t Token) LogValue() slog.Value {
	return slog.GroupValue(slog.Time("access_token_expires_at", t.AccessTokenExpiresAt), slog.String("scope", t.Scope))
}

// Expired reports whether the access token is missing or expires within
// margin of now. A token with an unknown (zero) expiry is not expired.
func (t Token) Expired(now time.Time, margin time.Duration) bool {
	if t.AccessToken == "" {
		return true
	}
	return !t.AccessTokenExpiresAt.IsZero() && !now.Add(margin).Before(t.AccessTokenExpiresAt)
}

// Scopes returns the granted scopes as a list.
func (t Token) Scopes() []string { return strings.Fields(t.Scope) }

// Errors returned before any request when the configuration lacks
// something a call needs. They name the missing [Config] field.
var (
	ErrNoRedirectURI  = errors.New("freshbooks: Config.RedirectURI must be configured")
	ErrNoClientSecret = errors.New("freshbooks: Config.ClientSecret must be configured")
	ErrNoRefreshToken = errors.New("freshbooks: a refresh token must be configured or provided")
	ErrNoAccessToken  = errors.New("freshbooks: no access token: complete the authorization flow or set Config.AccessToken")
)

// GetAuthRequestURL returns the URL of the FreshBooks page where a user
// authorizes the application. With no scopes the token gets every scope
// the application is registered for.
//
// It carries no state and no PKCE challenge, like the official SDKs; prefer
// [Client.NewAuthRequest], which adds both.
//
// FreshBooks endpoint: GET https://auth.freshbooks.com/oauth/authorize
func (c *Client) GetAuthRequestURL(scopes ...string) (string, error) {
	if c.redirectURI == "" {
		return "", ErrNoRedirectURI
	}
	return c.oauth.AuthCodeURL("", scopeOption(scopes)...), nil
}

func scopeOption(scopes []string) []oauth2.AuthCodeOption {
	if len(scopes) == 0 {
		return nil
	}
	return []oauth2.AuthCodeOption{oauth2.SetAuthURLParam("scope", strings.Join(scopes, " "))}
}

// An AuthRequest is one authorization attempt: the URL to send the user
// to, the random state that the callback must carry back (against CSRF) and
// the PKCE code verifier that proves, at the token exchange, that the code
// came from this attempt. Keep State and CodeVerifier server-side (in the
// user's session) until the callback.
type AuthRequest struct {
	URL          string
	State        string
	CodeVerifier string
}

// String describes r without its code verifier.
func (r AuthRequest) String() string {
	return fmt.Sprintf("freshbooks.AuthRequest{URL: %q, State: %q, CodeVerifier: %s}", r.URL, r.State, redact(r.CodeVerifier))
}

// GoString is like String.
func (r AuthRequest) GoString() string { return r.String() }

// NewAuthRequest starts an authorization with a random state and a PKCE
// S256 challenge, which no official SDK offers. Complete it with
// [Client.CompleteAuth].
//
// FreshBooks endpoint: GET https://auth.freshbooks.com/oauth/authorize
func (c *Client) NewAuthRequest(scopes ...string) (*AuthRequest, error) {
	if c.redirectURI == "" {
		return nil, ErrNoRedirectURI
	}
	state := rand.Text()
	verifier := oauth2.GenerateVerifier()
	opts := append(scopeOption(scopes), oauth2.S256ChallengeOption(verifier))
	return &AuthRequest{URL: c.oauth.AuthCodeURL(state, opts...), State: state, CodeVerifier: verifier}, nil
}

// ErrStateMismatch reports a callback whose state is not the one the
// authorization request sent: it did not come from that request.
var ErrStateMismatch = errors.New("freshbooks: authorization callback state does not match the request")

// Code checks an authorization callback's query parameters against r and
// returns the authorization code. A callback that reports an error (the
// user denied access, say) is an [*OAuthError].
func (r *AuthRequest) Code(callback url.Values) (string, error) {
	if subtle.ConstantTimeCompare([]byte(callback.Get("state")), []byte(r.State)) != 1 {
		return "", ErrStateMismatch
	}
	if e := callback.Get("error"); e != "" {
		return "", &OAuthError{Code: e, Description: callback.Get("error_description")}
	}
	code := callback.Get("code")
	if code == "" {
		return "", errors.New("freshbooks: authorization callback carries no code")
	}
	return code, nil
}

// CompleteAuth checks the callback's query parameters against r, then
// exchanges the code, with r's PKCE verifier, for tokens that the client
// stores and returns.
//
// FreshBooks endpoint: POST /auth/oauth/token (grant_type=authorization_code)
func (c *Client) CompleteAuth(ctx context.Context, r *AuthRequest, callback url.Values) (Token, error) {
	code, err := r.Code(callback)
	if err != nil {
		return Token{}, err
	}
	return c.exchange(ctx, code, r.CodeVerifier)
}

// GetAccessToken exchanges an authorization code for tokens, stores them on
// the client and returns them. A code works once and for five minutes.
//
// FreshBooks endpoint: POST /auth/oauth/token (grant_type=authorization_code)
func (c *Client) GetAccessToken(ctx context.Context, code string) (Token, error) {
	return c.exchange(ctx, code, "")
}

// exchange redeems code, with the PKCE verifier when not empty.
func (c *Client) exchange(ctx context.Context, code, verifier string) (Token, error) {
	if err := c.needOAuth(); err != nil {
		return Token{}, err
	}
	var opts []oauth2.AuthCodeOption
	if verifier != "" {
		opts = append(opts, oauth2.VerifierOption(verifier))
	}
	ot, err := c.oauth.Exchange(c.oauthContext(ctx), code, opts...)
	if err != nil {
		return Token{}, oauthError(err, c.scrubber(code, verifier))
	}
	return c.storeToken(ctx, ot)
}

// RefreshAccessToken trades a refresh token for a new token pair, stores it
// on the client and returns it. It uses the given refresh token, else the
// one the client holds. The old refresh token stops working, so persist
// the returned one before anything else.
//
// Clients refresh by themselves (see [Config.RefreshMargin]); this forces
// a refresh now. Without an argument it follows the same protocol as the
// automatic refresh: concurrent calls make one refresh, the new pair is
// saved to the [Config.TokenStore] first, and a refused refresh token is
// [ErrReauthorizationRequired]. If the save fails, the returned token is
// valid and held by the client, and the error matches [ErrTokenNotSaved].
//
// FreshBooks endpoint: POST /auth/oauth/token (grant_type=refresh_token)
func (c *Client) RefreshAccessToken(ctx context.Context, refreshToken ...string) (Token, error) {
	rt := ""
	if len(refreshToken) > 0 {
		rt = refreshToken[0]
	}
	if err := c.needOAuth(); err != nil {
		return Token{}, err
	}
	if rt == "" || rt == c.Token().RefreshToken {
		return c.tk.refreshNow(ctx)
	}
	t, err := c.redeemRefresh(ctx, rt)
	if err != nil {
		return Token{}, err
	}
	return t, c.tk.adopt(ctx, t)
}

// RevokeToken revokes a token (access or refresh) and, when it is one the
// client holds, forgets the client's tokens. When the [Config.TokenStore]
// holds it, the store is cleared.
//
// FreshBooks endpoint: POST /auth/oauth/revoke
func (c *Client) RevokeToken(ctx context.Context, token string) error {
	if err := c.needOAuth(); err != nil {
		return err
	}
	form := url.Values{"client_id": {c.clientID}, "client_secret": {c.oauth.ClientSecret}, "token": {token}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base.JoinPath("/auth/oauth/revoke").String(), strings.NewReader(form.Encode()))
	if err != nil {
		return fmt.Errorf("freshbooks: revoke: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", c.userAgent)
	resp, err := c.do(req, "/auth/oauth/revoke", token)
	if err != nil {
		return fmt.Errorf("freshbooks: revoke: %w", err)
	}
	defer resp.Body.Close()
	body, err := readBody(resp.Body, resp.ContentLength, 1<<20)
	if err != nil {
		return fmt.Errorf("freshbooks: revoke: %w", err)
	}
	if resp.StatusCode >= 300 {
		return oauthErrorFromBody(resp.StatusCode, body, c.scrubber(token))
	}
	return c.tk.forget(ctx, token)
}

func (c *Client) needOAuth() error {
	if c.redirectURI == "" {
		return ErrNoRedirectURI
	}
	if !c.hasSecret {
		return ErrNoClientSecret
	}
	return nil
}

// oauthContext makes x/oauth2 send through the client's HTTP client and
// bounds the call by the client's timeout.
func (c *Client) oauthContext(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, c.tokenHTTPClient())
}

func (c *Client) tokenHTTPClient() *http.Client {
	if c.timeout == 0 || (c.hc.Timeout != 0 && c.hc.Timeout < c.timeout) {
		return c.hc
	}
	hc := *c.hc
	hc.Timeout = c.timeout
	return &hc
}

// storeToken turns a token endpoint answer into a Token and stores it (on
// the client and in its token store). A failed save returns the token
// with an error matching ErrTokenNotSaved.
func (c *Client) storeToken(ctx context.Context, ot *oauth2.Token) (Token, error) {
	t := tokenFromOAuth2(ot)
	if t.RefreshToken == "" {
		return Token{}, &OAuthError{Code: "invalid_response", Description: "token response carries no refresh_token"}
	}
	return t, c.tk.adopt(ctx, t)
}

// tokenFromOAuth2 computes the expiry as FreshBooks means it:
// created_at + expires_in, not the local receipt time.
func tokenFromOAuth2(ot *oauth2.Token) Token {
	t := Token{
		AccessToken:          ot.AccessToken,
		RefreshToken:         ot.RefreshToken,
		AccessTokenExpiresAt: ot.Expiry.UTC(),
		TokenType:            ot.TokenType,
	}
	if s, ok := ot.Extra("scope").(string); ok {
		t.Scope = s
	}
	if created, ok := ot.Extra("created_at").(float64); ok && created > 0 {
		t.CreatedAt = time.Unix(int64(created), 0).UTC()
		if ot.ExpiresIn > 0 {
			t.AccessTokenExpiresAt = t.CreatedAt.Add(time.Duration(ot.ExpiresIn) * time.Second)
		}
	}
	return t
}

// ErrInvalidGrant matches an [*OAuthError] whose code is invalid_grant: the
// authorization code or refresh token is spent, expired or revoked.
var ErrInvalidGrant = errors.New("freshbooks: invalid_grant")

// An OAuthError is a failure reported by the token endpoint, or by an
// authorization callback.
type OAuthError struct {
	StatusCode  int    // HTTP status; 0 for a callback error
	Code        string // OAuth error code, such as "invalid_grant"
	Description string // human-readable explanation
}

// Error describes the failure by status, code and description.
func (e *OAuthError) Error() string {
	var b strings.Builder
	b.WriteString("freshbooks: oauth: ")
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, "%d ", e.StatusCode)
	}
	b.WriteString(e.Code)
	if e.Description != "" {
		b.WriteString(": ")
		b.WriteString(e.Description)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrInvalidGrant) hold for an invalid_grant error.
func (e *OAuthError) Is(target error) bool {
	return target == ErrInvalidGrant && e.Code == "invalid_grant"
}

// oauthError converts x/oauth2's errors, scrubbed of secrets. The raw
// body is not kept: it could echo a secret.
func oauthError(err error, s scrubber) error {
	if re, ok := errors.AsType[*RedirectError](err); ok {
		re.Path, re.Location = "/auth/oauth/token", s.text(re.Location)
		return re
	}
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return fmt.Errorf("freshbooks: token request: %w", err)
	}
	status := 0
	if re.Response != nil {
		status = re.Response.StatusCode
	}
	if re.ErrorCode != "" {
		return &OAuthError{StatusCode: status, Code: s.text(re.ErrorCode), Description: s.text(re.ErrorDescription)}
	}
	return oauthErrorFromBody(status, re.Body, s)
}

func oauthErrorFromBody(status int, body []byte, s scrubber) *OAuthError {
	body = s.bytes(body)
	var e struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	if json.Unmarshal(body, &e) == nil && e.Error != "" {
		return &OAuthError{StatusCode: status, Code: s.text(e.Error), Description: s.text(e.Description)}
	}
	return &OAuthError{StatusCode: status, Code: "invalid_response", Description: "unexpected token endpoint response: " + excerpt(body)}
}
