package freshbookstest

import (
	"cmp"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"html/template"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// Scopes lists every scope FreshBooks grants (freshbooks-api.md §1.7).
// profile, notifications and reports are read-only.
var Scopes = func() []string {
	var out []string
	for _, o := range []string{"bill_payments", "bill_vendors", "billable_items", "bills", "business", "clients",
		"credit_notes", "estimates", "expenses", "invoices", "journal_entries", "online_payments", "other_income",
		"payments", "projects", "retainers", "taxes", "teams", "time_entries", "uploads", "account", "riskhub"} {
		out = append(out, "user:"+o+":read", "user:"+o+":write")
	}
	return append(out, "user:profile:read", "user:notifications:read", "user:reports:read")
}()

// Doorkeeper's texts, which FreshBooks' token endpoint most likely uses
// (freshbooks-api.md §1.6, inferred).
const (
	descInvalidGrant     = "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."
	descInvalidClient    = "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method."
	descUnsupportedGrant = "The authorization grant type is not supported by the authorization server."
	descInvalidScope     = "The requested scope is invalid, unknown, or malformed."
)

type authCode struct {
	app         string // the client id it was issued to
	identity    *engine.Identity
	redirectURI string
	scopes      []string
	challenge   string
	expires     time.Time
	used        bool
	issued      *grant // the tokens this code bought, revoked if it is replayed
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

// grant is one issued token pair, and the caller it authenticates.
type grant struct {
	engine.Caller
	app          string // the client id it was issued to
	accessToken  string
	refreshToken string
	created      time.Time
	expires      time.Time
	revoked      bool
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// authorize validates an authorization request and shows the consent
// page, or with AutoApprove redirects at once with a code.
func (s *Sandbox) authorize(w http.ResponseWriter, r *http.Request) {
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
		if !slices.Contains(Scopes, sc) {
			redirectError(w, r, redirect, state, "invalid_scope", descInvalidScope)
			return
		}
	}
	if len(scopes) == 0 {
		scopes = Scopes
	}
	if !slices.Contains(scopes, "user:profile:read") {
		scopes = append(slices.Clone(scopes), "user:profile:read") // always granted
	}
	challenge := q.Get("code_challenge")
	if challenge != "" && q.Get("code_challenge_method") != "S256" {
		redirectError(w, r, redirect, state, "invalid_request", "Only the S256 code challenge method is supported.")
		return
	}
	c := &consent{app: app.ClientID, redirectURI: redirect, scopes: scopes, state: state, challenge: challenge, expires: s.opts.Now().Add(30 * time.Minute)}
	if s.opts.AutoApprove {
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
func (s *Sandbox) decide(w http.ResponseWriter, r *http.Request) {
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
	if c == nil || s.opts.Now().After(c.expires) {
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
func (s *Sandbox) approve(c *consent, who *engine.Identity) string {
	code := randomHex(32)
	s.eng.Lock()
	s.codes[code] = &authCode{app: c.app, identity: who, redirectURI: c.redirectURI, scopes: c.scopes, challenge: c.challenge,
		expires: s.opts.Now().Add(DefaultCodeTTL)}
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

// token is the token endpoint: authorization_code and refresh_token
// grants, with form, JSON or multipart bodies.
func (s *Sandbox) token(w http.ResponseWriter, r *http.Request) {
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
	var g *grant
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
		"access_token":  g.accessToken,
		"token_type":    "Bearer",
		"expires_in":    int64(g.expires.Sub(g.created) / time.Second),
		"refresh_token": g.refreshToken,
		"scope":         strings.Join(g.Scopes, " "),
		"created_at":    g.created.Unix(),
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
func (s *Sandbox) redeemCode(app App, p url.Values) *grant {
	now := s.opts.Now()
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
			_ = s.persistGrantLocked([]*grant{c.issued}, "")
		}
		return nil
	case now.After(c.expires), p.Get("redirect_uri") != c.redirectURI:
		return nil
	case c.challenge != "" && !pkceMatches(c.challenge, p.Get("code_verifier")):
		return nil
	}
	g := s.issueLocked(app.ClientID, c.identity, c.scopes, now)
	if s.persistGrantLocked([]*grant{g}, "") != nil {
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
func (s *Sandbox) rotate(app App, rt string) *grant {
	now := s.opts.Now()
	s.eng.Lock()
	defer s.eng.Unlock()
	old := s.refresh[rt]
	if old == nil || old.revoked || s.spent[rt] || old.app != app.ClientID {
		return nil
	}
	g := s.issueLocked(app.ClientID, old.Identity, old.Scopes, now)
	old.revoked = true
	if s.persistGrantLocked([]*grant{old, g}, rt) != nil {
		// Not on disk: as if it never happened.
		old.revoked = false
		s.revokeLocked(g)
		return nil
	}
	s.spent[rt] = true
	s.revokeLocked(old)
	return g
}

func (s *Sandbox) issueLocked(app string, who *engine.Identity, scopes []string, now time.Time) *grant {
	g := &grant{Caller: engine.Caller{Identity: who, Scopes: scopes}, app: app, created: now.Truncate(time.Second), refreshToken: randomHex(32)}
	g.expires = g.created.Add(s.opts.TokenTTL)
	g.accessToken = jwtLike(who, g.created, g.expires)
	s.access[g.accessToken] = g
	s.refresh[g.refreshToken] = g
	return g
}

func (s *Sandbox) revokeLocked(g *grant) {
	g.revoked = true
	delete(s.access, g.accessToken)
	delete(s.refresh, g.refreshToken)
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
func (s *Sandbox) revoke(w http.ResponseWriter, r *http.Request) {
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
		_ = s.persistGrantLocked([]*grant{g}, "")
	}
	s.eng.Unlock()
	if theirs {
		oauthErr(w, r, http.StatusForbidden, "unauthorized_client", "You are not authorized to revoke this token")
		return
	}
	engine.WriteJSON(w, r, http.StatusOK, map[string]any{})
}

// authed wraps an API handler: it needs a live bearer token.
func (s *Sandbox) authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		s.eng.RLock()
		g := s.access[strings.TrimSpace(tok)]
		revoked := g != nil && g.revoked // written under the write lock by rotate and revoke
		s.eng.RUnlock()
		if !ok || g == nil || revoked || !s.opts.Now().Before(g.expires) {
			engine.WriteUnauthorized(w, r)
			return
		}
		h(w, engine.WithCaller(r, &g.Caller))
	}
}

func authPage(w http.ResponseWriter, status int, title, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = errorPage.Execute(w, map[string]string{"Title": title, "Message": msg})
}

var errorPage = template.Must(template.New("error").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}} · FreshBooks Sandbox</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto">
<h1>{{.Title}}</h1><p>{{.Message}}</p></body></html>
`))

var consentPage = template.Must(template.New("consent").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Authorize {{.App}} · FreshBooks Sandbox</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; color: #1d2a39 }
li { margin: .2rem 0 } fieldset { border: 1px solid #ccd; border-radius: 6px; margin: 1rem 0 }
button { font-size: 1rem; padding: .5rem 1.5rem; margin-right: .5rem; border-radius: 4px; border: 1px solid #0063c1 }
#approve { background: #0063c1; color: white } #deny { background: white; color: #0063c1 }
</style></head>
<body>
<h1>Authorize {{.App}}</h1>
<p><strong>{{.App}}</strong> would like to access your FreshBooks account with these permissions:</p>
<ul id="scopes">{{range .Scopes}}<li><code>{{.}}</code></li>{{end}}</ul>
<form method="post" action="/oauth/authorize">
<input type="hidden" name="consent" value="{{.Consent}}">
<fieldset><legend>Sign in as</legend>
{{range $i, $p := .People}}<label><input type="radio" name="identity" value="{{$p.ID}}"{{if eq $i 0}} checked{{end}}> {{$p.FirstName}} {{$p.LastName}} &lt;{{$p.Email}}&gt;</label><br>{{end}}
</fieldset>
<button id="approve" type="submit" name="decision" value="approve">Approve</button>
<button id="deny" type="submit" name="decision" value="deny">Deny</button>
</form>
<p><small>FreshBooks Sandbox — an offline emulator; no real account is involved.</small></p>
</body></html>
`))

// authBehaviours serve the authorization pages, the token endpoints and
// the current user.
func (s *Sandbox) authBehaviours() map[string]engine.Behaviour {
	return map[string]engine.Behaviour{
		"authorize": {Hooks: engine.Hooks{Serve: map[engine.Op]engine.Handler{engine.OpList: plain(s.authorize), engine.OpCreate: plain(s.decide)},
			Actions: map[string]engine.Handler{"authorize": plain(s.authorize)}}},
		"token":  {Hooks: engine.Hooks{Serve: map[engine.Op]engine.Handler{engine.OpCreate: plain(s.token)}}},
		"revoke": {Hooks: engine.Hooks{Serve: map[engine.Op]engine.Handler{engine.OpCreate: plain(s.revoke)}}},
		"me":     {Hooks: engine.Hooks{Serve: map[engine.Op]engine.Handler{engine.OpList: plain(s.me)}}},
	}
}

// plain serves a resource with an http.HandlerFunc.
func plain(h http.HandlerFunc) engine.Handler {
	return func(w http.ResponseWriter, r *http.Request, _ *engine.Scope) *engine.Error {
		h(w, r)
		return nil
	}
}
