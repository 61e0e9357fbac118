// Package oauth emulates FreshBooks' OAuth2 authorization server: the
// authorization request and its consent page, the token endpoint (issue,
// refresh, revoke), the grants and their persistence, and the current
// user (freshbooks-api.md §1).
package oauth

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// App is a registered OAuth application.
type App struct {
	ClientID     string
	ClientSecret string
	RedirectURI  string // matched exactly
	Name         string // shown on the consent page
}

// Config is what the authorization server needs of the sandbox's
// options, defaults filled in.
type Config struct {
	// Apps are the registered applications; the first is the default
	// one, whose tokens IssueToken makes and to which grants stored
	// before apps existed belong.
	Apps []App
	// Scopes are every scope a token may be granted.
	Scopes []string
	// AutoApprove redirects an authorization request at once with a
	// code for the first identity, without the consent page.
	AutoApprove bool
	TokenTTL    time.Duration // an access token's lifetime
	CodeTTL     time.Duration // an authorization code's lifetime
}

// Server is the authorization server. Its state is guarded by the
// engine's lock.
type Server struct {
	eng *engine.Engine
	cfg Config

	// Under the engine's lock:
	codes   map[string]*authCode
	pending map[string]*consent
	access  map[string]*Grant // by access token
	refresh map[string]*Grant // by refresh token
	spent   map[string]bool   // refresh tokens already used
}

// New returns the authorization server of eng's identities for the
// applications and options of cfg.
func New(eng *engine.Engine, cfg Config) *Server {
	return &Server{
		eng:     eng,
		cfg:     cfg,
		codes:   map[string]*authCode{},
		pending: map[string]*consent{},
		access:  map[string]*Grant{},
		refresh: map[string]*Grant{},
		spent:   map[string]bool{},
	}
}

// app finds the registered application whose client id is id.
func (s *Server) app(id string) (App, bool) {
	for _, a := range s.cfg.Apps {
		if a.ClientID == id && id != "" {
			return a, true
		}
	}
	return App{}, false
}

// client authenticates an application by its id and secret.
func (s *Server) client(id, secret string) (App, bool) {
	a, ok := s.app(id)
	return a, ok && subtle.ConstantTimeCompare([]byte(secret), []byte(a.ClientSecret)) == 1
}

// Behaviours serve the authorization pages, the token endpoints and
// the current user.
func (s *Server) Behaviours() map[string]engine.Behaviour {
	return map[string]engine.Behaviour{
		"authorize": {Hooks: engine.Hooks{Serve: map[engine.Op]engine.Handler{engine.OpList: plain(s.authorize), engine.OpCreate: plain(s.decide)},
			Actions: map[string]engine.Handler{"authorize": plain(s.authorize)}}},
		"token":  {Hooks: engine.Hooks{Serve: map[engine.Op]engine.Handler{engine.OpCreate: plain(s.token)}}},
		"revoke": {Hooks: engine.Hooks{Serve: map[engine.Op]engine.Handler{engine.OpCreate: plain(s.revoke)}}},
		"me":     {Hooks: engine.Hooks{Serve: map[engine.Op]engine.Handler{engine.OpList: plain(me)}}},
	}
}

// plain serves a resource with an http.HandlerFunc.
func plain(h http.HandlerFunc) engine.Handler {
	return func(w http.ResponseWriter, r *http.Request, _ *engine.Scope) *engine.Error {
		h(w, r)
		return nil
	}
}

// Authed wraps an API handler: it needs a live bearer token, whose
// caller it puts in the request's context.
func (s *Server) Authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		s.eng.RLock()
		g := s.access[strings.TrimSpace(tok)]
		revoked := g != nil && g.revoked // written under the write lock by rotate and revoke
		s.eng.RUnlock()
		if !ok || g == nil || revoked || !s.eng.Now().Before(g.Expires) {
			engine.WriteUnauthorized(w, r)
			return
		}
		h(w, engine.WithCaller(r, &g.Caller))
	}
}
