package oauth

import (
	"cmp"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// Doorkeeper's texts, which FreshBooks' token endpoint most likely uses
// (freshbooks-api.md §1.6, inferred).
const (
	descInvalidGrant     = "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."
	descInvalidClient    = "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method."
	descUnsupportedGrant = "The authorization grant type is not supported by the authorization server."
	descInvalidScope     = "The requested scope is invalid, unknown, or malformed."
)

// Grant is one issued token pair, and the caller it authenticates.
type Grant struct {
	engine.Caller
	AccessToken  string
	RefreshToken string
	Created      time.Time
	Expires      time.Time // of the access token
	app          string    // the client id it was issued to
	revoked      bool
}

// token is the token endpoint: authorization_code and refresh_token
// grants, with form, JSON or multipart bodies.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	p, err := tokenParams(w, r)
	if err != nil {
		oauthErr(w, r, http.StatusBadRequest, "invalid_request", "The request is missing a required parameter, includes an unsupported parameter value, or is otherwise malformed.")
		return
	}
	id, secret := p.Get("client_id"), p.Get("client_secret")
	if u, pw, ok := r.BasicAuth(); ok && id == "" {
		id, secret = u, pw
	}
	app, ok := s.client(id, secret)
	if !ok {
		oauthErr(w, r, http.StatusUnauthorized, "invalid_client", descInvalidClient)
		return
	}
	var g *Grant
	switch p.Get("grant_type") {
	case "authorization_code":
		g = s.redeemCode(app, p)
	case "refresh_token":
		g = s.rotate(app, p.Get("refresh_token"))
	case "":
		oauthErr(w, r, http.StatusBadRequest, "invalid_request", "Missing required parameter: grant_type.")
		return
	default:
		oauthErr(w, r, http.StatusBadRequest, "unsupported_grant_type", descUnsupportedGrant)
		return
	}
	if g == nil {
		oauthErr(w, r, http.StatusBadRequest, "invalid_grant", descInvalidGrant)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	engine.WriteJSON(w, r, http.StatusOK, map[string]any{
		"access_token":  g.AccessToken,
		"token_type":    "Bearer",
		"expires_in":    int64(g.Expires.Sub(g.Created) / time.Second),
		"refresh_token": g.RefreshToken,
		"scope":         strings.Join(g.Scopes, " "),
		"created_at":    g.Created.Unix(),
	})
}

func tokenParams(w http.ResponseWriter, r *http.Request) (url.Values, error) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		var m map[string]any
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
			return nil, err
		}
		v := url.Values{}
		for k, x := range m {
			switch x := x.(type) {
			case string:
				v.Set(k, x)
			case float64:
				v.Set(k, strconv.FormatFloat(x, 'f', -1, 64))
			}
		}
		return v, nil
	case "multipart/form-data":
		if err := r.ParseMultipartForm(64 << 10); err != nil {
			return nil, err
		}
		return r.PostForm, nil
	}
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	return r.PostForm, nil
}

func oauthErr(w http.ResponseWriter, r *http.Request, status int, code, desc string) {
	w.Header().Set("Cache-Control", "no-store")
	engine.WriteJSON(w, r, status, map[string]string{"error": code, "error_description": desc})
}

// redeemCode spends an authorization code for app. A replayed code also
// revokes the tokens it bought (RFC 6749 §4.1.2). The code must have been
// issued to app, and redirect_uri must be the one the authorization
// request named (§4.1.3); FreshBooks' SDKs always send it.
func (s *Server) redeemCode(app App, p url.Values) *Grant {
	now := s.eng.Now()
	s.eng.Lock()
	defer s.eng.Unlock()
	c := s.codes[p.Get("code")]
	switch {
	case c == nil:
		return nil
	case c.app != app.ClientID:
		// Another application's code is not spent by the attempt, and its
		// replay by another application revokes nothing: that would let
		// any registered client end another's tokens.
		return nil
	case c.used:
		if c.issued != nil {
			s.revokeLocked(c.issued)
			_ = s.PersistLocked([]*Grant{c.issued}, "")
		}
		return nil
	case now.After(c.expires), p.Get("redirect_uri") != c.redirectURI:
		return nil
	case c.challenge != "" && !pkceMatches(c.challenge, p.Get("code_verifier")):
		return nil
	}
	g := s.IssueLocked(app.ClientID, c.identity, c.scopes, now)
	if s.PersistLocked([]*Grant{g}, "") != nil {
		s.revokeLocked(g)
		return nil
	}
	c.used, c.issued = true, g
	return g
}

func pkceMatches(challenge, verifier string) bool {
	sum := sha256.Sum256([]byte(verifier))
	got := base64.RawURLEncoding.EncodeToString(sum[:])
	return verifier != "" && subtle.ConstantTimeCompare([]byte(got), []byte(challenge)) == 1
}

// rotate spends a refresh token of app for a new pair and retires the
// old pair. Another application's refresh token is refused, unspent.
func (s *Server) rotate(app App, rt string) *Grant {
	now := s.eng.Now()
	s.eng.Lock()
	defer s.eng.Unlock()
	old := s.refresh[rt]
	if old == nil || old.revoked || s.spent[rt] || old.app != app.ClientID {
		return nil
	}
	g := s.IssueLocked(app.ClientID, old.Identity, old.Scopes, now)
	old.revoked = true
	if s.PersistLocked([]*Grant{old, g}, rt) != nil {
		// Not on disk: as if it never happened.
		old.revoked = false
		s.revokeLocked(g)
		return nil
	}
	s.spent[rt] = true
	s.revokeLocked(old)
	return g
}

// IssueLocked makes a live token pair of the application app for who
// with scopes, created at now, in memory only (see PersistLocked).
// Callers hold the engine's lock.
func (s *Server) IssueLocked(app string, who *engine.Identity, scopes []string, now time.Time) *Grant {
	g := &Grant{Caller: engine.Caller{Identity: who, Scopes: scopes}, app: app, Created: now.Truncate(time.Second), RefreshToken: randomHex(32)}
	g.Expires = g.Created.Add(s.cfg.TokenTTL)
	g.AccessToken = jwtLike(who, g.Created, g.Expires)
	s.access[g.AccessToken] = g
	s.refresh[g.RefreshToken] = g
	return g
}

// IssueToken gives identity i (0 for the first) a fresh token pair of
// the first application with every scope, kept on disk when the sandbox
// is durable.
func (s *Server) IssueToken(i int) freshbooks.Token {
	s.eng.Lock()
	defer s.eng.Unlock()
	g := s.IssueLocked(s.cfg.Apps[0].ClientID, s.eng.Identities[i%len(s.eng.Identities)], s.cfg.Scopes, s.eng.Now())
	_ = s.PersistLocked([]*Grant{g}, "")
	return freshbooks.Token{
		AccessToken:          g.AccessToken,
		RefreshToken:         g.RefreshToken,
		AccessTokenExpiresAt: g.Expires.UTC(),
		TokenType:            "Bearer",
		CreatedAt:            g.Created.UTC(),
	}
}

func (s *Server) revokeLocked(g *Grant) {
	g.revoked = true
	delete(s.access, g.AccessToken)
	delete(s.refresh, g.RefreshToken)
}

// jwtLike makes an access token shaped like FreshBooks' JWTs. Only the
// sandbox reads it, by lookup; the signature is random.
func jwtLike(who *engine.Identity, iat, exp time.Time) string {
	enc := base64.RawURLEncoding
	head := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	claims, _ := json.Marshal(map[string]any{"iss": "freshbooks-sandbox", "sub": who.ID, "iat": iat.Unix(), "exp": exp.Unix(), "jti": randomHex(8)})
	sig := make([]byte, 32)
	_, _ = rand.Read(sig)
	return head + "." + enc.EncodeToString(claims) + "." + enc.EncodeToString(sig)
}

// revoke revokes an access or refresh token and its pair (RFC 7009: an
// unknown token is not an error). A token issued to another application
// is refused and kept (§2.1); the answer is Doorkeeper's [INF].
func (s *Server) revoke(w http.ResponseWriter, r *http.Request) {
	p, err := tokenParams(w, r)
	if err != nil {
		oauthErr(w, r, http.StatusBadRequest, "invalid_request", "The request could not be read.")
		return
	}
	app, ok := s.client(p.Get("client_id"), p.Get("client_secret"))
	if !ok {
		oauthErr(w, r, http.StatusUnauthorized, "invalid_client", descInvalidClient)
		return
	}
	tok := p.Get("token")
	s.eng.Lock()
	g := cmp.Or(s.access[tok], s.refresh[tok])
	theirs := g != nil && g.app != app.ClientID
	if g != nil && !theirs {
		s.revokeLocked(g)
		_ = s.PersistLocked([]*Grant{g}, "")
	}
	s.eng.Unlock()
	if theirs {
		oauthErr(w, r, http.StatusForbidden, "unauthorized_client", "You are not authorized to revoke this token")
		return
	}
	engine.WriteJSON(w, r, http.StatusOK, map[string]any{})
}
