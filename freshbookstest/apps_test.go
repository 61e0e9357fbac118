package freshbookstest

import (
	"net/http"
	"net/url"
	"testing"
)

// Two registered applications: what one is issued, the other cannot
// spend, refresh or revoke, and each keeps to its own redirect URI.
func TestApplicationsAreFenced(t *testing.T) {
	other := App{ClientID: "other-app", ClientSecret: "other-secret", RedirectURI: "https://other.example/cb"}
	srv := newEnv(t, "", Options{Apps: []App{other}}).srv
	first := srv.Options()
	form := func(a App, kv ...string) []byte {
		v := url.Values{"client_id": {a.ClientID}, "client_secret": {a.ClientSecret}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return []byte(v.Encode())
	}
	mine := App{ClientID: first.ClientID, ClientSecret: first.ClientSecret, RedirectURI: first.RedirectURI}
	token := func(a App, kv ...string) tokenAnswer {
		return post(t, srv.URL+"/auth/oauth/token", "application/x-www-form-urlencoded", form(a, kv...))
	}

	c := code(t, srv, nil)
	if got := token(other, "grant_type", "authorization_code", "code", c, "redirect_uri", other.RedirectURI); got.status != 400 || got.body["error"] != "invalid_grant" {
		t.Fatalf("another app's code: %d %v", got.status, got.body)
	}
	pair := token(mine, "grant_type", "authorization_code", "code", c, "redirect_uri", mine.RedirectURI)
	if pair.status != 200 {
		t.Fatalf("the code, after another app tried it: %d %v", pair.status, pair.body)
	}
	access, refresh := pair.body["access_token"].(string), pair.body["refresh_token"].(string)
	if got := token(other, "grant_type", "refresh_token", "refresh_token", refresh); got.status != 400 || got.body["error"] != "invalid_grant" {
		t.Errorf("another app's refresh token: %d %v", got.status, got.body)
	}
	got := post(t, srv.URL+"/auth/oauth/revoke", "application/x-www-form-urlencoded", form(other, "token", access))
	if got.status != http.StatusForbidden || got.body["error"] != "unauthorized_client" {
		t.Errorf("revoking another app's token: %d %v", got.status, got.body)
	}
	if status, _ := me(t, srv, access); status != 200 {
		t.Errorf("the token after another app tried to revoke it: %d", status)
	}
	if got := token(mine, "grant_type", "refresh_token", "refresh_token", refresh); got.status != 200 {
		t.Errorf("the refresh token after another app tried it: %d %v", got.status, got.body)
	}

	// The second app authorizes with its own redirect URI only.
	q := url.Values{"client_id": {other.ClientID}, "response_type": {"code"}, "redirect_uri": {other.RedirectURI}}
	loc, err := srv.Approve(t.Context(), srv.URL+"/oauth/authorize?"+q.Encode())
	if err != nil || loc.Host != "other.example" {
		t.Fatalf("the second app's consent: %v %v", loc, err)
	}
	if got := token(other, "grant_type", "authorization_code", "code", loc.Query().Get("code"), "redirect_uri", other.RedirectURI); got.status != 200 {
		t.Errorf("the second app's own code: %d %v", got.status, got.body)
	}
	q.Set("redirect_uri", first.RedirectURI)
	resp, err := noRedirect.Get(srv.URL + "/oauth/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("the second app with the first's redirect URI: %d", resp.StatusCode)
	}
}

// RFC 6749 §4.1.3: redirect_uri at redemption must be the one the
// authorization request named; a code refused for it is not spent.
func TestRedeemNeedsTheSameRedirectURI(t *testing.T) {
	srv := newEnv(t, "", Options{}).srv
	o := srv.Options()
	c := code(t, srv, nil)
	redeem := func(redirect ...string) tokenAnswer {
		v := url.Values{"client_id": {o.ClientID}, "client_secret": {o.ClientSecret}, "grant_type": {"authorization_code"}, "code": {c}}
		if len(redirect) > 0 {
			v.Set("redirect_uri", redirect[0])
		}
		return post(t, srv.URL+"/auth/oauth/token", "application/x-www-form-urlencoded", []byte(v.Encode()))
	}
	for _, bad := range [][]string{nil, {"https://evil.example/cb"}, {o.RedirectURI + "/"}} {
		if got := redeem(bad...); got.status != 400 || got.body["error"] != "invalid_grant" {
			t.Errorf("redirect_uri %v: %d %v", bad, got.status, got.body)
		}
	}
	if got := redeem(o.RedirectURI); got.status != 200 {
		t.Errorf("the right redirect_uri: %d %v", got.status, got.body)
	}
}
