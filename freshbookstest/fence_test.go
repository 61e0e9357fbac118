package freshbookstest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/oauth"
)

// An expense (or bill) of one business cannot carry a file uploaded to
// another business, nor an application image: the sandbox knows the
// tokens it issued. The refusal does not echo the token.
func TestAttachmentOfAnotherBusinessIsRefused(t *testing.T) {
	e := newEnv(t, "", Options{})
	owner := e.sb.eng.Identities[0] // a member of both businesses
	mine, theirs := owner.Memberships[0].Business, owner.Memberships[1].Business
	upload := func(path string) string {
		t.Helper()
		ct, body := form(t, "content", "receipt.txt", []byte("a receipt"))
		status, _, raw := e.do("POST", path, e.token, ct, body)
		var m map[string]any
		if status != 201 || json.Unmarshal(raw, &m) != nil {
			t.Fatalf("upload to %s: %d %s", path, status, raw)
		}
		for _, v := range m {
			if jwt, _ := dig(v, "jwt").(string); jwt != "" {
				return jwt
			}
		}
		t.Fatalf("upload to %s: no jwt in %s", path, raw)
		return ""
	}
	foreign := upload("/uploads/account/" + theirs.AccountID + "/attachments")
	image := upload("/uploads/images")
	own := upload("/uploads/account/" + mine.AccountID + "/attachments")

	e.sb.eng.Lock()
	cats := e.sb.eng.Tables["acct:"+mine.AccountID+"/categories"]
	category := cats.ByID[cats.IDs[0]]["id"]
	e.sb.eng.Unlock()
	expenses := "/accounting/account/" + mine.AccountID + "/expenses/expenses"
	create := func(jwt string) (int, string) {
		status, out := e.json("POST", expenses, map[string]any{"expense": map[string]any{"categoryid": category, "staffid": 1,
			"date": "2026-01-05", "amount": map[string]any{"amount": "9.99", "code": "USD"},
			"attachment": map[string]any{"jwt": jwt, "media_type": "text/plain"}}})
		b, _ := json.Marshal(out)
		return status, string(b)
	}
	_, before := e.json("GET", expenses, nil)
	for name, jwt := range map[string]string{"another business's attachment": foreign, "an application image": image} {
		status, body := create(jwt)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, `"field":"attachment"`) || strings.Contains(body, jwt) {
			t.Errorf("%s: %d %s", name, status, body)
		}
	}
	if _, after := e.json("GET", expenses, nil); dig(after, "response", "result", "total") != dig(before, "response", "result", "total") {
		t.Errorf("a refused expense was stored: %v then %v", dig(before, "response", "result", "total"), dig(after, "response", "result", "total"))
	}
	if status, body := create(own); status != http.StatusOK {
		t.Errorf("its own attachment: %d %s", status, body)
	}
	// A bill is checked the same way.
	base := "/accounting/account/" + mine.AccountID
	_, vendor := e.json("POST", base+"/bill_vendors/bill_vendors", map[string]any{"bill_vendor": map[string]any{"vendor_name": "V"}})
	vendorID := dig(vendor, "response", "result", "bill_vendor", "vendorid")
	status, out := e.json("POST", base+"/bills/bills", map[string]any{"bill": map[string]any{"vendorid": vendorID, "issue_date": "2026-01-02",
		"lines": []any{map[string]any{"categoryid": category, "unit_cost": map[string]any{"amount": "9"}}}, "attachment": map[string]any{"jwt": foreign}}})
	if b, _ := json.Marshal(out); status != http.StatusUnprocessableEntity || !strings.Contains(string(b), `"field":"attachment"`) {
		t.Errorf("bill with another business's attachment: %d %s", status, b)
	}
}

// A time entry is logged by a member of the business: naming an identity
// of another business is refused, and nothing is stored.
func TestTimeEntryOfAnOutsiderIsRefused(t *testing.T) {
	e := newEnv(t, "", Options{})
	owner, outsider := e.sb.eng.Identities[0], e.sb.eng.Identities[2]
	b := owner.Memberships[0].Business
	path := e.url + "/timetracking/business/" + itoa(b.ID) + "/time_entries"
	token := e.issue(0, Scopes...)
	entry := func(who int64) map[string]any {
		return map[string]any{"time_entry": map[string]any{"is_logged": true, "duration": 3600, "started_at": "2026-01-05T10:00:00.000Z", "identity_id": who}}
	}
	before := e.snapshot()
	if status, out := e.as(token, "POST", path, entry(outsider.ID), false); status != http.StatusUnprocessableEntity || dig(out, "error", "identity_id") == nil {
		t.Errorf("an outsider's time: %d %v", status, out)
	}
	if e.snapshot() != before {
		t.Error("the refused entry changed the data")
	}
	status, out := e.as(token, "POST", path, entry(owner.ID), false)
	if status != http.StatusOK && status != http.StatusCreated {
		t.Fatalf("a member's time: %d %v", status, out)
	}
	// Nor can an entry be handed to an outsider afterwards.
	item := path + "/" + fmt.Sprint(dig(out, "time_entry", "id"))
	before = e.snapshot()
	if status, out := e.as(token, "PUT", item, entry(outsider.ID), false); status != http.StatusUnprocessableEntity || dig(out, "error", "identity_id") == nil {
		t.Errorf("an entry given to an outsider: %d %v", status, out)
	}
	if e.snapshot() != before {
		t.Error("the refused update changed the data")
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// A replayed code revokes what it bought only when its own application
// replays it: another application cannot use someone's spent code to
// revoke their tokens.
func TestAnotherAppsReplayRevokesNothing(t *testing.T) {
	other := App{ClientID: "other-app", ClientSecret: "other-secret", RedirectURI: "https://other.example/cb"}
	srv := newEnv(t, "", Options{Apps: []App{other}}).srv
	o := srv.Options()
	c := code(t, srv, nil)
	redeem := func(a App) tokenAnswer {
		v := url.Values{"client_id": {a.ClientID}, "client_secret": {a.ClientSecret}, "grant_type": {"authorization_code"},
			"code": {c}, "redirect_uri": {a.RedirectURI}}
		return post(t, srv.URL+"/auth/oauth/token", "application/x-www-form-urlencoded", []byte(v.Encode()))
	}
	mine := App{ClientID: o.ClientID, ClientSecret: o.ClientSecret, RedirectURI: o.RedirectURI}
	pair := redeem(mine)
	if pair.status != 200 {
		t.Fatalf("redeem: %d %v", pair.status, pair.body)
	}
	access := pair.body["access_token"].(string)
	if got := redeem(other); got.status != 400 || got.body["error"] != "invalid_grant" {
		t.Errorf("another app's replay: %d %v", got.status, got.body)
	}
	if status, _ := me(t, srv, access); status != 200 {
		t.Errorf("the token after another app replayed its code: %d", status)
	}
	if got := redeem(mine); got.status != 400 {
		t.Errorf("its own replay: %d %v", got.status, got.body)
	}
	if status, _ := me(t, srv, access); status != 401 {
		t.Errorf("the token after its own app replayed the code: %d", status)
	}
}

// Membership is checked on every request, not when the token was issued:
// a token whose identity has left a business is refused there at once,
// and keeps working where the identity still belongs.
func TestTokenAfterItsIdentityLeft(t *testing.T) {
	e := newEnv(t, "", Options{})
	owner := e.sb.eng.Identities[0]
	kept, left := owner.Memberships[0].Business, owner.Memberships[1].Business
	token := e.issue(0, Scopes...)
	clients := func(b *engine.Business) route {
		return route{"GET", "/accounting/account/" + b.AccountID + "/users/clients"}
	}
	projects := func(b *engine.Business) route { return route{"GET", "/projects/business/" + itoa(b.ID) + "/projects"} }
	for _, rt := range []route{clients(left), projects(left)} {
		if status, body := e.send(rt, token); status != 200 {
			t.Fatalf("%s while a member: %d %s", rt.path, status, body)
		}
	}
	e.sb.eng.Lock()
	owner.Memberships = owner.Memberships[:1]
	e.sb.eng.Unlock()
	for _, rt := range []route{clients(left), projects(left)} {
		if status, body := e.send(rt, token); status != http.StatusForbidden {
			t.Errorf("%s after leaving: %d %s", rt.path, status, body)
		}
	}
	if status, body := e.send(clients(kept), token); status != 200 {
		t.Errorf("the business it still belongs to: %d %s", status, body)
	}
	_, who := e.as(token, "GET", e.url+"/auth/api/v1/users/me", nil, false)
	if ms, _ := dig(who, "response", "business_memberships").([]any); len(ms) != 1 {
		t.Errorf("users/me after leaving: %v", dig(who, "response", "business_memberships"))
	}
}

// A durable sandbox reopened without an application no longer accepts
// that application's tokens; the first application's still work, and
// registering the app again brings its tokens back.
func TestUnregisteredAppsTokensAreDead(t *testing.T) {
	dir := t.TempDir()
	other := App{ClientID: "other-app", ClientSecret: "other-secret", RedirectURI: "https://other.example/cb"}
	e := newEnv(t, dir, Options{Apps: []App{other}})
	sb, stop := e.sb, e.close
	sb.eng.Lock()
	theirs := sb.auth.IssueLocked(other.ClientID, sb.eng.Identities[0], Scopes, sb.opts.Now())
	mine := sb.auth.IssueLocked(sb.opts.ClientID, sb.eng.Identities[0], Scopes, sb.opts.Now())
	err := sb.auth.PersistLocked([]*oauth.Grant{theirs, mine}, "")
	sb.eng.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	stop()
	meStatus := func(base, token string) int {
		status, _ := e.as(token, "GET", base+"/auth/api/v1/users/me", nil, false)
		return status
	}
	e = newEnv(t, dir, Options{})
	base, stop := e.url, e.close
	if got := meStatus(base, theirs.AccessToken); got != http.StatusUnauthorized {
		t.Errorf("an unregistered app's token: %d", got)
	}
	if got := meStatus(base, mine.AccessToken); got != 200 {
		t.Errorf("the first app's token: %d", got)
	}
	stop()
	e = newEnv(t, dir, Options{Apps: []App{other}})
	base, stop = e.url, e.close
	defer stop()
	if got := meStatus(base, theirs.AccessToken); got != 200 {
		t.Errorf("the app's token once it is registered again: %d", got)
	}
}

// A callback is the business of the scope of its event's noun: a token
// without that read scope does not see it in the list, and cannot read,
// re-point or delete it, so a token of one noun cannot redirect another
// noun's deliveries.
func TestCallbacksOfAnotherNounAreFenced(t *testing.T) {
	e := newEnv(t, "", Options{})
	rc := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	t.Cleanup(rc.Close)
	invoice := e.register("invoice", rc.URL)
	client := e.register("client", rc.URL)
	e.srv.eng.Lock()
	g := e.srv.auth.IssueLocked(e.srv.opts.ClientID, e.srv.eng.Identities[0], []string{"user:profile:read", "user:clients:read"}, time.Now())
	e.srv.eng.Unlock()
	item := e.callbacksPath() + "/" + strconv.FormatInt(callbackID(invoice), 10)
	for _, rq := range []struct {
		method string
		body   any
	}{
		{"GET", nil},
		{"PUT", map[string]any{"callback": map[string]any{"uri": "https://attacker.example/hook"}}},
		{"PUT", map[string]any{"callback": map[string]any{"resend": true}}},
		{"DELETE", nil},
	} {
		if status, out := e.as(g.AccessToken, rq.method, item, rq.body, false); status != http.StatusForbidden || !strings.Contains(fmt.Sprint(out["message"]), "user:invoices:read") {
			t.Errorf("%s %v on an invoice callback with the clients scope: %d %v", rq.method, rq.body, status, out)
		}
	}
	status, out := e.as(e.token, "GET", item, nil, false)
	if got := dig(out, "response", "result", "callback", "uri"); status != 200 || got != rc.URL {
		t.Errorf("the invoice callback afterwards: %d %v", status, out)
	}
	status, out = e.as(g.AccessToken, "GET", e.callbacksPath(), nil, false)
	list, _ := dig(out, "response", "result", "callbacks").([]any)
	if status != 200 || len(list) != 1 || callbackID(list[0].(map[string]any)) != callbackID(client) {
		t.Errorf("the list with the clients scope: %d %v", status, out)
	}
	if status, _ := e.as(g.AccessToken, "GET", e.callbacksPath()+"/"+strconv.FormatInt(callbackID(client), 10), nil, false); status != 200 {
		t.Errorf("its own noun's callback: %d", status)
	}
}

// A project names a client of its own business: a client made in another
// business (an id the project's business does not have) is refused.
func TestProjectOfAnotherBusinessesClientIsRefused(t *testing.T) {
	e := newEnv(t, "", Options{})
	owner := e.sb.eng.Identities[0] // a member of both businesses
	mine, theirs := owner.Memberships[0].Business, owner.Memberships[1].Business
	token := e.issue(0, Scopes...)
	status, out := e.as(token, "POST", e.url+"/accounting/account/"+theirs.AccountID+"/users/clients", map[string]any{"client": map[string]any{"organization": "Theirs"}}, false)
	if status != 200 {
		t.Fatalf("their client: %d %v", status, out)
	}
	foreign := clientID(out)
	e.sb.eng.Lock()
	_, clash := e.sb.eng.Tables["acct:"+mine.AccountID+"/clients"].ByID[foreign]
	own := e.sb.eng.Tables["acct:"+mine.AccountID+"/clients"].IDs[0]
	e.sb.eng.Unlock()
	if clash {
		t.Fatalf("client %d is in both businesses", foreign)
	}
	path := e.url + "/projects/business/" + itoa(mine.ID) + "/project"
	project := func(client int64) map[string]any {
		return map[string]any{"project": map[string]any{"title": "Fenced", "client_id": client}}
	}
	before := e.snapshot()
	if status, out := e.as(token, "POST", path, project(foreign), false); status != http.StatusUnprocessableEntity || dig(out, "error", "client_id") == nil {
		t.Errorf("a project for their client: %d %v", status, out)
	}
	if e.snapshot() != before {
		t.Error("the refused project changed the data")
	}
	if status, out := e.as(token, "POST", path, project(own), false); status != http.StatusOK && status != http.StatusCreated {
		t.Errorf("a project for its own client: %d %v", status, out)
	}
}

// Capability tokens (uploads) are signed with a secret of the sandbox,
// not one anyone can derive from the seed: a token forged with the
// seed-derived key downloads nothing, two sandboxes of one seed sign
// differently, and a durable sandbox's tokens survive a restart.
func TestCapabilityTokensCannotBeForged(t *testing.T) {
	dir := t.TempDir()
	e := newEnv(t, dir, Options{})
	sb, base, stop := e.sb, e.url, e.close
	acct := sb.eng.Identities[0].Memberships[0].Business.AccountID
	token := sb.IssueToken(0).AccessToken
	upload := func(base string) (string, map[string]any) {
		t.Helper()
		ct, body := form(t, "content", "secret.txt", []byte("their file"))
		req, _ := http.NewRequest("POST", base+"/uploads/account/"+acct+"/attachments", body)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", ct)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 201 {
			t.Fatalf("upload: %d %v", resp.StatusCode, err)
		}
		jwt := dig(out, "attachment", "jwt").(string)
		sb.eng.Lock()
		claims, _ := sb.eng.At("").ReadToken(jwt)
		sb.eng.Unlock()
		return jwt, claims
	}
	download := func(base, jwt string) int {
		resp, err := http.Get(base + "/uploads/attachments/" + jwt)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	jwt, claims := upload(base)
	if download(base, jwt) != 200 {
		t.Fatal("the real token downloads nothing")
	}
	// The forgery: the same claims, signed as the sandbox once did.
	enc := base64.RawURLEncoding
	payload, _ := json.Marshal(claims)
	msg := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc.EncodeToString(payload)
	k := sha256.Sum256([]byte("freshbookstest tokens 1"))
	mac := hmac.New(sha256.New, k[:])
	mac.Write([]byte(msg))
	if got := download(base, msg+"."+enc.EncodeToString(mac.Sum(nil))); got != http.StatusNotFound {
		t.Errorf("a token forged from the seed: %d", got)
	}
	other := New(Options{})
	if _, ok := other.eng.At("").ReadToken(jwt); ok {
		t.Error("another sandbox of the same seed accepts the token")
	}
	stop()
	e = newEnv(t, dir, Options{})
	base, stop = e.url, e.close
	defer stop()
	if got := download(base, jwt); got != 200 {
		t.Errorf("the token after a restart: %d", got)
	}
}
