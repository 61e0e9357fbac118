package oauth

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

type authCode struct {
	app         string // the client id it was issued to
	identity    *engine.Identity
	redirectURI string
	scopes      []string
	challenge   string
	expires     time.Time
	used        bool
	issued      *Grant // the tokens this code bought, revoked if it is replayed
}

// consent is an authorization request waiting on the consent page.
type consent struct {
	app         string
	redirectURI string
	scopes      []string
	state       string
	challenge   string
	expires     time.Time
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// authorize validates an authorization request and shows the consent
// page, or with AutoApprove redirects at once with a code.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	app, ok := s.app(q.Get("client_id"))
	if !ok {
		authPage(w, http.StatusBadRequest, "Unknown application", "The client_id does not identify a registered application.")
		return
	}
	redirect := q.Get("redirect_uri")
	if redirect != app.RedirectURI {
		// Never redirect to an unregistered URI.
		authPage(w, http.StatusBadRequest, "Invalid redirect URI", "The redirect_uri is not registered for this application.")
		return
	}
	state := q.Get("state")
	if q.Get("response_type") != "code" {
		redirectError(w, r, redirect, state, "unsupported_response_type", "The authorization server does not support this response type.")
		return
	}
	scopes := strings.Fields(q.Get("scope"))
	for _, sc := range scopes {
		if !slices.Contains(s.cfg.Scopes, sc) {
			redirectError(w, r, redirect, state, "invalid_scope", descInvalidScope)
			return
		}
	}
	if len(scopes) == 0 {
		scopes = s.cfg.Scopes
	}
	if !slices.Contains(scopes, "user:profile:read") {
		scopes = append(slices.Clone(scopes), "user:profile:read") // always granted
	}
	challenge := q.Get("code_challenge")
	if challenge != "" && q.Get("code_challenge_method") != "S256" {
		redirectError(w, r, redirect, state, "invalid_request", "Only the S256 code challenge method is supported.")
		return
	}
	c := &consent{app: app.ClientID, redirectURI: redirect, scopes: scopes, state: state, challenge: challenge, expires: s.eng.Now().Add(30 * time.Minute)}
	if s.cfg.AutoApprove {
		s.eng.Lock()
		who := s.eng.Identities[0]
		s.eng.Unlock()
		http.Redirect(w, r, s.approve(c, who), http.StatusFound)
		return
	}
	id := randomHex(16)
	s.eng.Lock()
	s.pending[id] = c
	people := slices.Clone(s.eng.Identities)
	s.eng.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Frame-Options", "DENY")
	_ = consentPage.Execute(w, map[string]any{"App": app.Name, "Scopes": scopes, "Consent": id, "People": people})
}

// decide handles the consent form's Approve or Deny.
func (s *Server) decide(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		authPage(w, http.StatusBadRequest, "Bad request", "The form could not be read.")
		return
	}
	s.eng.Lock()
	c := s.pending[r.PostForm.Get("consent")]
	delete(s.pending, r.PostForm.Get("consent"))
	var who *engine.Identity
	for _, p := range s.eng.Identities {
		if strconv.FormatInt(p.ID, 10) == r.PostForm.Get("identity") {
			who = p
		}
	}
	s.eng.Unlock()
	if c == nil || s.eng.Now().After(c.expires) {
		authPage(w, http.StatusBadRequest, "Request expired", "This authorization request is unknown or has expired. Start again from the application.")
		return
	}
	if r.PostForm.Get("decision") != "approve" {
		redirectError(w, r, c.redirectURI, c.state, "access_denied", "The resource owner or authorization server denied the request.")
		return
	}
	if who == nil {
		who = s.eng.Identities[0]
	}
	http.Redirect(w, r, s.approve(c, who), http.StatusFound)
}

// approve issues a code for c and returns the redirect carrying it.
func (s *Server) approve(c *consent, who *engine.Identity) string {
	code := randomHex(32)
	s.eng.Lock()
	s.codes[code] = &authCode{app: c.app, identity: who, redirectURI: c.redirectURI, scopes: c.scopes, challenge: c.challenge,
		expires: s.eng.Now().Add(s.cfg.CodeTTL)}
	s.eng.Unlock()
	return withQuery(c.redirectURI, "code", code, "state", c.state)
}

func redirectError(w http.ResponseWriter, r *http.Request, redirect, state, code, desc string) {
	http.Redirect(w, r, withQuery(redirect, "error", code, "error_description", desc, "state", state), http.StatusFound)
}

// withQuery adds key/value pairs (skipping empty values) to a URL's query.
func withQuery(raw string, kv ...string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}
