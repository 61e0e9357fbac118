package freshbookstest

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// noRedirect is a client that shows redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func authURL(srv *Server, extra url.Values) string {
	q := url.Values{"client_id": {srv.Options().ClientID}, "response_type": {"code"}, "redirect_uri": {srv.Options().RedirectURI}}
	for k, v := range extra {
		q[k] = v
	}
	return srv.URL + "/oauth/authorize?" + q.Encode()
}

func TestAuthorizeValidation(t *testing.T) {
	srv := newEnv(t, "", Options{}).srv
	for _, tc := range []struct {
		name     string
		url      string
		status   int
		location string // prefix of the redirect, when one is expected
	}{
		{"consent page", authURL(srv, nil), 200, ""},
		{"trailing slash", strings.Replace(authURL(srv, nil), "/authorize?", "/authorize/?", 1), 200, ""},
		{"unknown client", authURL(srv, url.Values{"client_id": {"nope"}}), 400, ""},
		{"unregistered redirect", authURL(srv, url.Values{"redirect_uri": {"https://evil.test/cb"}}), 400, ""},
		{"redirect with extra query", authURL(srv, url.Values{"redirect_uri": {DefaultRedirectURI + "?x=1"}}), 400, ""},
		{"bad response type", authURL(srv, url.Values{"response_type": {"token"}, "state": {"s1"}}), 302, DefaultRedirectURI + "?error=unsupported_response_type"},
		{"unknown scope", authURL(srv, url.Values{"scope": {"user:profile:read user:nothing:write"}}), 302, DefaultRedirectURI + "?error=invalid_scope"},
		{"write on read-only scope", authURL(srv, url.Values{"scope": {"user:reports:write"}}), 302, DefaultRedirectURI + "?error=invalid_scope"},
		{"plain PKCE", authURL(srv, url.Values{"code_challenge": {"abc"}, "code_challenge_method": {"plain"}}), 302, DefaultRedirectURI + "?error=invalid_request"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := noRedirect.Get(tc.url)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, body)
			}
			if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, tc.location) {
				t.Errorf("Location %q, want prefix %q", loc, tc.location)
			}
			if tc.status != 302 && !strings.Contains(resp.Header.Get("Content-Type"), "text/html") {
				t.Errorf("not an HTML page: %s", resp.Header.Get("Content-Type"))
			}
			if tc.status == 400 && strings.Contains(resp.Header.Get("Location"), "evil") {
				t.Error("redirected to an unregistered URI")
			}
		})
	}
	// The consent page names the app and the scopes asked for.
	resp, _ := http.Get(authURL(srv, url.Values{"scope": {"user:clients:read"}}))
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{DefaultAppName, "user:clients:read", `id="approve"`, `id="deny"`} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("consent page lacks %q", want)
		}
	}
}

// code gets an authorization code the headless way.
func code(t *testing.T, srv *Server, extra url.Values) string {
	t.Helper()
	loc, err := srv.Approve(t.Context(), authURL(srv, extra))
	if err != nil {
		t.Fatal(err)
	}
	c := loc.Query().Get("code")
	if c == "" {
		t.Fatalf("no code in %s", loc)
	}
	return c
}

type tokenAnswer struct {
	status int
	body   map[string]any
	header http.Header
}

func post(t *testing.T, target, contentType string, body []byte) tokenAnswer {
	t.Helper()
	resp, err := http.Post(target, contentType, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("token endpoint answered non-JSON %d: %s", resp.StatusCode, raw)
	}
	return tokenAnswer{resp.StatusCode, m, resp.Header}
}

func TestTokenEndpointBodies(t *testing.T) {
	srv := newEnv(t, "", Options{}).srv
	o := srv.Options()
	tokenURL := srv.URL + "/auth/oauth/token"

	// Exactly what the official Python SDK sends (python-sdk.md §2.2).
	py := "client_id=" + o.ClientID + "&client_secret=" + o.ClientSecret + "&grant_type=authorization_code&redirect_uri=" +
		url.QueryEscape(o.RedirectURI) + "&code=" + code(t, srv, nil)
	a := post(t, tokenURL, "application/x-www-form-urlencoded", []byte(py))
	if a.status != 200 || a.body["token_type"] != "Bearer" || a.body["expires_in"] != float64(43200) || a.body["refresh_token"] == "" {
		t.Fatalf("form exchange: %d %v", a.status, a.body)
	}
	if a.header.Get("Cache-Control") != "no-store" {
		t.Error("token answer is cacheable")
	}
	rt := a.body["refresh_token"].(string)

	// What the Node SDK sends: JSON, refresh with redirect_uri.
	js, _ := json.Marshal(map[string]string{"client_id": o.ClientID, "client_secret": o.ClientSecret, "grant_type": "refresh_token",
		"redirect_uri": o.RedirectURI, "refresh_token": rt})
	a = post(t, tokenURL, "application/json", js)
	if a.status != 200 || a.body["refresh_token"] == rt {
		t.Fatalf("JSON refresh: %d %v", a.status, a.body)
	}
	// The same refresh token again: FreshBooks' 400 invalid_grant.
	a = post(t, tokenURL, "application/json", js)
	if a.status != 400 || a.body["error"] != "invalid_grant" || a.body["error_description"] == "" {
		t.Fatalf("reused refresh token: %d %v", a.status, a.body)
	}

	// curl -F, as in FreshBooks' tutorial.
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	for k, v := range map[string]string{"client_id": o.ClientID, "client_secret": o.ClientSecret, "grant_type": "authorization_code",
		"redirect_uri": o.RedirectURI, "code": code(t, srv, nil)} {
		_ = mw.WriteField(k, v)
	}
	mw.Close()
	if a = post(t, tokenURL, mw.FormDataContentType(), mp.Bytes()); a.status != 200 {
		t.Fatalf("multipart exchange: %d %v", a.status, a.body)
	}
}

func TestTokenEndpointErrors(t *testing.T) {
	srv := newEnv(t, "", Options{}).srv
	o := srv.Options()
	tokenURL := srv.URL + "/auth/oauth/token"
	form := func(kv ...string) []byte {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return []byte(v.Encode())
	}
	creds := []string{"client_id", o.ClientID, "client_secret", o.ClientSecret}
	for _, tc := range []struct {
		name   string
		ctype  string
		body   []byte
		status int
		err    string
	}{
		{"wrong secret", "application/x-www-form-urlencoded", form("client_id", o.ClientID, "client_secret", "x", "grant_type", "refresh_token", "refresh_token", "r"), 401, "invalid_client"},
		{"no credentials", "application/x-www-form-urlencoded", form("grant_type", "refresh_token"), 401, "invalid_client"},
		{"unknown grant", "application/x-www-form-urlencoded", form(append(creds, "grant_type", "password")...), 400, "unsupported_grant_type"},
		{"no grant", "application/x-www-form-urlencoded", form(creds...), 400, "invalid_request"},
		{"unknown code", "application/x-www-form-urlencoded", form(append(creds, "grant_type", "authorization_code", "code", "nope")...), 400, "invalid_grant"},
		{"unknown refresh token", "application/x-www-form-urlencoded", form(append(creds, "grant_type", "refresh_token", "refresh_token", "nope")...), 400, "invalid_grant"},
		{"malformed JSON", "application/json", []byte(`{"client_id": `), 400, "invalid_request"},
		{"JSON array", "application/json", []byte(`[1,2]`), 400, "invalid_request"},
		{"bad multipart", "multipart/form-data; boundary=x", []byte("garbage"), 400, "invalid_request"},
		{"redirect mismatch", "application/x-www-form-urlencoded", form(append(creds, "grant_type", "authorization_code", "code", code(t, srv, nil), "redirect_uri", "https://other.test/cb")...), 400, "invalid_grant"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := post(t, tokenURL, tc.ctype, tc.body)
			if a.status != tc.status || a.body["error"] != tc.err {
				t.Errorf("got %d %v, want %d %s", a.status, a.body, tc.status, tc.err)
			}
		})
	}
}

func TestReplayedCodeRevokesItsTokens(t *testing.T) {
	srv := newEnv(t, "", Options{}).srv
	o := srv.Options()
	c := code(t, srv, nil)
	body := []byte(url.Values{"client_id": {o.ClientID}, "client_secret": {o.ClientSecret}, "grant_type": {"authorization_code"}, "code": {c}, "redirect_uri": {o.RedirectURI}}.Encode())
	first := post(t, srv.URL+"/auth/oauth/token", "application/x-www-form-urlencoded", body)
	if first.status != 200 {
		t.Fatal(first.body)
	}
	if again := post(t, srv.URL+"/auth/oauth/token", "application/x-www-form-urlencoded", body); again.status != 400 {
		t.Fatalf("replayed code: %d", again.status)
	}
	if status, _ := me(t, srv, first.body["access_token"].(string)); status != 401 {
		t.Errorf("tokens of a replayed code still work: %d", status)
	}
}

func me(t *testing.T, srv *Server, token string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL+"/auth/api/v1/users/me", nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, m
}

func TestUsersMe(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	srv := newEnv(t, "", Options{Now: func() time.Time { return now }, TokenTTL: time.Hour}).srv
	want401 := map[string]any{"error": "unauthenticated", "error_description": "This action requires authentication to continue."}
	for _, tok := range []string{"", "garbage"} {
		status, body := me(t, srv, tok)
		if status != 401 || body["error"] != want401["error"] || body["error_description"] != want401["error_description"] {
			t.Errorf("token %q: %d %v", tok, status, body)
		}
	}
	tok := srv.IssueToken(0)
	status, body := me(t, srv, tok.AccessToken)
	if status != 200 {
		t.Fatalf("%d %v", status, body)
	}
	r := body["response"].(map[string]any)
	ms := r["business_memberships"].([]any)
	b := ms[0].(map[string]any)["business"].(map[string]any)
	if r["email"] == "" || b["account_id"] == "" || b["business_uuid"] == "" || b["id"] == nil {
		t.Errorf("identity lacks ids: %v", r)
	}
	// Deterministic from the seed.
	other := newEnv(t, "", Options{}).srv
	_, body2 := me(t, other, other.IssueToken(0).AccessToken)
	if body2["response"].(map[string]any)["email"] != r["email"] {
		t.Error("same seed, different identity")
	}
	third := newEnv(t, "", Options{Seed: 99}).srv
	_, body3 := me(t, third, third.IssueToken(0).AccessToken)
	if body3["response"].(map[string]any)["identity_id"] == r["identity_id"] {
		t.Error("different seed, same identity")
	}
	// Expiry.
	now = now.Add(time.Hour)
	if status, _ := me(t, srv, tok.AccessToken); status != 401 {
		t.Errorf("expired token: %d", status)
	}
}

func TestRevoke(t *testing.T) {
	srv := newEnv(t, "", Options{}).srv
	o := srv.Options()
	tok := srv.IssueToken(0)
	body := []byte(url.Values{"client_id": {o.ClientID}, "client_secret": {o.ClientSecret}, "token": {tok.RefreshToken}}.Encode())
	if a := post(t, srv.URL+"/auth/oauth/revoke", "application/x-www-form-urlencoded", body); a.status != 200 || len(a.body) != 0 {
		t.Fatalf("revoke: %d %v", a.status, a.body)
	}
	if status, _ := me(t, srv, tok.AccessToken); status != 401 {
		t.Error("access token of a revoked pair still works")
	}
	bad := []byte(url.Values{"client_id": {o.ClientID}, "client_secret": {"x"}, "token": {tok.RefreshToken}}.Encode())
	if a := post(t, srv.URL+"/auth/oauth/revoke", "application/x-www-form-urlencoded", bad); a.status != 401 {
		t.Errorf("revoke with a wrong secret: %d", a.status)
	}
}

func TestUnknownPathsAnswerInFamilyShape(t *testing.T) {
	srv := newEnv(t, "", Options{}).srv
	for path, key := range map[string]string{
		"/auth/api/v1/nothing":                "error",
		"/projects/business/1/nothing":        "error",
		"/events/account/x/events/nothing":    "errno",
		"/accounting/account/x/nothing/there": "response",
	} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		err = json.NewDecoder(resp.Body).Decode(&m)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 404 || m[key] == nil {
			t.Errorf("%s: %d %v %v", path, resp.StatusCode, m, err)
		}
	}
}
