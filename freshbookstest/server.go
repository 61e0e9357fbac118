package freshbookstest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/oauth"
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

// Approve does what a person does with an authorization URL: it opens the
// page and clicks Approve, signed in as the first identity. It returns the
// URL the browser is sent back to, which carries the code and the state.
func (s *Server) Approve(ctx context.Context, authURL string) (*url.URL, error) {
	return oauth.Consent(ctx, s.URL, authURL, "approve")
}

// Deny is like Approve but clicks Deny.
func (s *Server) Deny(ctx context.Context, authURL string) (*url.URL, error) {
	return oauth.Consent(ctx, s.URL, authURL, "deny")
}

// IssueToken gives identity i (0 for the first) a fresh token pair with
// every scope, as if it had just authorized the application: a shortcut
// for tests that are not about the authorization flow.
func (s *Sandbox) IssueToken(i int) freshbooks.Token { return s.auth.IssueToken(i) }
