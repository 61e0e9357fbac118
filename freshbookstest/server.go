package freshbookstest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"

	"github.com/freshbooks-go/freshbooks"
)

// Server is a [Sandbox] listening on a loopback port.
type Server struct {
	*Sandbox
	// URL is the root of both the API and the authorization pages, such
	// as "http://127.0.0.1:41231".
	URL string

	srv *httptest.Server
}

// NewServer starts a sandbox on a loopback port. Close it when done.
func NewServer(opts Options) *Server {
	sb := New(opts)
	srv := httptest.NewServer(sb)
	return &Server{Sandbox: sb, URL: srv.URL, srv: srv}
}

// Close shuts the server down and closes its sandbox.
func (s *Server) Close() {
	s.srv.Close()
	_ = s.Sandbox.Close()
}

// Client returns an HTTP client configured for the server.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// Config returns a client configuration for the sandbox's registered
// application: its credentials, redirect URI and URLs.
func (s *Server) Config() freshbooks.Config {
	o := s.Options()
	return freshbooks.Config{
		ClientID:     o.ClientID,
		ClientSecret: o.ClientSecret,
		RedirectURI:  o.RedirectURI,
		BaseURL:      s.URL,
		AuthURL:      s.URL,
	}
}

var consentField = regexp.MustCompile(`name="consent" value="([0-9a-f]+)"`)

// Approve does what a person does with an authorization URL: it opens the
// page and clicks Approve, signed in as the first identity. It returns the
// URL the browser is sent back to, which carries the code and the state.
func (s *Server) Approve(ctx context.Context, authURL string) (*url.URL, error) {
	return s.consent(ctx, authURL, "approve")
}

// Deny is like Approve but clicks Deny.
func (s *Server) Deny(ctx context.Context, authURL string) (*url.URL, error) {
	return s.consent(ctx, authURL, "deny")
}

func (s *Server) consent(ctx context.Context, authURL, decision string) (*url.URL, error) {
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, authURL, nil)
	if err != nil {
		return nil, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	page, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusFound { // auto-approve, or an error redirect
		return resp.Location()
	}
	m := consentField.FindSubmatch(page)
	if resp.StatusCode != http.StatusOK || m == nil {
		return nil, fmt.Errorf("freshbookstest: authorization page answered %s", resp.Status)
	}
	form := url.Values{"consent": {string(m[1])}, "decision": {decision}}
	req, err = http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"/oauth/authorize", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err = hc.Do(req)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return nil, errors.New("freshbookstest: consent was not accepted: " + resp.Status)
	}
	return resp.Location()
}

// IssueToken gives identity i (0 for the first) a fresh token pair with
// every scope, as if it had just authorized the application: a shortcut
// for tests that are not about the authorization flow.
func (s *Sandbox) IssueToken(i int) freshbooks.Token {
	s.eng.Lock()
	defer s.eng.Unlock()
	g := s.issueLocked(s.opts.ClientID, s.eng.Identities[i%len(s.eng.Identities)], Scopes, s.opts.Now())
	_ = s.persistGrantLocked([]*grant{g}, "")
	return freshbooks.Token{
		AccessToken:          g.accessToken,
		RefreshToken:         g.refreshToken,
		AccessTokenExpiresAt: g.expires.UTC(),
		TokenType:            "Bearer",
		CreatedAt:            g.created.UTC(),
	}
}
