package e2e

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
)

const (
	// pythonBin is Debian's Python, which sees Debian's python3-requests
	// (a python3 earlier on PATH, such as pyenv's, may not).
	pythonBin = "/usr/bin/python3"
	pythonDir = "python"
	// envPythonSDK overrides where the official Python SDK's source is.
	envPythonSDK = "FRESHBOOKS_PYTHON_SDK"
	// pythonSDKDefault is its place beside the repository (e2e may read
	// ../shared; the root module may not).
	pythonSDKDefault = "../../shared/peers/freshbooks-python-sdk"

	pyClientID     = "python-e2e-client-id"
	pyClientSecret = "python-e2e-client-secret"
	pyRedirectURI  = "https://127.0.0.1/python-e2e/callback" // never contacted: the script reads the Location
	pyTokenTTL     = 2 * time.Hour
	pySDKAgent     = "FreshBooks python sdk/1.3.0 client_id "
)

// pythonSDK returns the directory holding the official Python SDK's
// freshbooks package, or skips (fails with FRESHBOOKS_E2E) when it, Debian's
// Python or its requests package is missing.
func pythonSDK(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(cmp.Or(os.Getenv(envPythonSDK), pythonSDKDefault))
	if err != nil {
		t.Fatal(err)
	}
	ok := fileExists(filepath.Join(dir, "freshbooks", "client.py")) && fileExists(pythonBin) &&
		exec.Command(pythonBin, "-c", "import requests, urllib3").Run() == nil
	requirePeer(t, ok, "the official Python SDK ("+dir+", or $"+envPythonSDK+") with "+pythonBin+" and python3-requests")
	return dir
}

// pyOutcome is what every script's last line carries.
type pyOutcome struct {
	OK    bool     `json:"ok"`
	Step  string   `json:"step"`
	Error *pyError `json:"error"`
}

// pyError is an exception from the SDK, as report.error describes it.
type pyError struct {
	Class        string          `json:"class"`
	Message      string          `json:"message"`
	StatusCode   int             `json:"status_code"`
	ErrorCode    json.RawMessage `json:"error_code"`
	ErrorDetails json.RawMessage `json:"error_details"`
}

func (e *pyError) String() string {
	if e == nil {
		return "no error"
	}
	return fmt.Sprintf("%s %q status %d error_code %s error_details %s", e.Class, e.Message, e.StatusCode, e.ErrorCode, e.ErrorDetails)
}

// runPython runs python/<script> with the SDK on PYTHONPATH and env added,
// and decodes its last line into result (see runCheckpointed for
// atCheckpoint). A script that fails, or prints no result, fails the test.
func runPython(ctx context.Context, t *testing.T, sdk, script string, env []string, atCheckpoint func([]byte), result any) {
	t.Helper()
	cmd := exec.CommandContext(ctx, pythonBin, script)
	cmd.Dir = pythonDir
	cmd.Env = append(cmd.Environ(), append(env, "PYTHONPATH="+sdk, "PYTHONDONTWRITEBYTECODE=1",
		"NO_PROXY=127.0.0.1,localhost", "no_proxy=127.0.0.1,localhost")...)
	last, runErr := runCheckpointed(t, cmd, atCheckpoint)
	var out pyOutcome
	if err := json.Unmarshal(last, &out); err != nil {
		t.Fatalf("%s printed no JSON result (%v); exit: %v", script, err, runErr)
	}
	if !out.OK || runErr != nil {
		t.Fatalf("the Python SDK failed at step %q: %s (exit: %v)", out.Step, out.Error, runErr)
	}
	if err := json.Unmarshal(last, result); err != nil {
		t.Fatalf("%s's result: %v", script, err)
	}
}

// checkPythonWire checks the requests that reached the sandbox against
// want, and the headers the Python SDK sends: its token calls are plain
// requests.post (requests' own User-Agent, no Authorization); its resource
// calls carry its User-Agent, a bearer token, no X-API-VERSION unless asked
// for, and a JSON Content-Type only with a JSON body.
func checkPythonWire(t *testing.T, wire *crudWire, want []wantRequest) {
	t.Helper()
	wire.mu.Lock()
	defer wire.mu.Unlock()
	for i, r := range wire.reqs {
		if r.Path == "/oauth/authorize" || r.Path == "/auth/oauth/token" {
			if !strings.HasPrefix(r.UserAgent, "python-requests/") || r.Authorization != "" {
				t.Errorf("request %d %s %s: User-Agent %q, Authorization scheme %q; want requests' and none", i, r.Method, r.Path, r.UserAgent, r.Authorization)
			}
			continue
		}
		if r.UserAgent != pySDKAgent+pyClientID || r.Authorization != "Bearer" || r.APIVersion != "" {
			t.Errorf("request %d %s %s: User-Agent %q, Authorization scheme %q, X-API-VERSION %q; want the SDK's, Bearer and none",
				i, r.Method, r.Path, r.UserAgent, r.Authorization, r.APIVersion)
		}
		if hasBody := r.Method == http.MethodPost || r.Method == http.MethodPut; hasBody != (r.ContentType == "application/json") {
			t.Errorf("request %d %s %s: Content-Type %q", i, r.Method, r.Path, r.ContentType)
		}
	}
	checkWireOrder(t, wire.reqs, want)
}

// pyStamp renders an instant as report.instant does.
func pyStamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

// TestPythonSDKAgainstSandbox runs the official FreshBooks Python SDK
// (1.3.0, unchanged, from ../shared/peers) against `freshbooks sandbox`,
// the program built from ../cmd/freshbooks: the OAuth flow of its guide,
// then CRUD on clients, invoices, projects and time entries with its
// builders and error types. Each result is checked against what the Go
// client reads from the same sandbox, and each request the SDK sent is
// checked on the wire.
func TestPythonSDKAgainstSandbox(t *testing.T) {
	sdk := pythonSDK(t)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	sandbox := startSandboxCommand(t, "-auto-approve", "-token-ttl", pyTokenTTL.String(),
		"-client-id", pyClientID, "-client-secret", pyClientSecret, "-redirect-uri", pyRedirectURI)
	goCfg := freshbooks.Config{ClientID: pyClientID, ClientSecret: pyClientSecret, RedirectURI: pyRedirectURI,
		BaseURL: sandbox, AuthURL: sandbox}

	t.Run("seed flow", func(t *testing.T) { testPythonSeedFlow(ctx, t, sdk, goCfg) })
	t.Run("crud", func(t *testing.T) { testPythonCRUD(ctx, t, sdk, goCfg) })
}

// pySeedFlow is what seed_flow.py prints.
type pySeedFlow struct {
	SDKVersion string `json:"sdk_version"`
	AuthURL    string `json:"auth_url"`
	Authorize  struct {
		Status       int    `json:"status"`
		CallbackBase string `json:"callback_base"`
		HasCode      bool   `json:"has_code"`
	} `json:"authorize"`
	Token          pyTokens    `json:"token"`
	Refresh        pyTokens    `json:"refresh"`
	RefreshStored  pyTokens    `json:"refresh_stored"`
	Me             *pyIdentity `json:"me"`
	MeAfterRefresh *pyIdentity `json:"me_after_refresh"`
	SpentRefresh   *pyError    `json:"spent_refresh"`
	SpentCode      *pyError    `json:"spent_code"`
	BogusToken     *pyError    `json:"bogus_token"`
	NoRedirectURI  *pyError    `json:"no_redirect_uri"`
}

type pyTokens struct {
	HasAccessToken      bool   `json:"has_access_token"`
	HasRefreshToken     bool   `json:"has_refresh_token"`
	HeldByClient        bool   `json:"held_by_client"`
	ExpiresAt           string `json:"expires_at"`
	AccessTokenRotated  *bool  `json:"access_token_rotated"`
	RefreshTokenRotated *bool  `json:"refresh_token_rotated"`
}

type pyIdentity struct {
	IdentityID          int64          `json:"identity_id"`
	Email               string         `json:"email"`
	FirstName           string         `json:"first_name"`
	LastName            string         `json:"last_name"`
	FullName            string         `json:"full_name"`
	BusinessMemberships []pyMembership `json:"business_memberships"`
}

type pyMembership struct {
	ID           int64  `json:"id"`
	Role         string `json:"role"`
	BusinessID   int64  `json:"business_id"`
	AccountID    string `json:"account_id"`
	BusinessUUID string `json:"business_uuid"`
	Name         string `json:"name"`
}

func pyIdentityFrom(me *freshbooks.Identity) *pyIdentity {
	out := &pyIdentity{IdentityID: int64(me.IdentityID), Email: me.Email, FirstName: me.FirstName, LastName: me.LastName,
		FullName: me.FullName(), BusinessMemberships: []pyMembership{}}
	for _, m := range me.BusinessMemberships {
		out.BusinessMemberships = append(out.BusinessMemberships, pyMembership{ID: m.ID, Role: string(m.Role),
			BusinessID: int64(m.Business.ID), AccountID: string(m.Business.AccountID),
			BusinessUUID: string(m.Business.BusinessUUID), Name: m.Business.Name})
	}
	return out
}

// testPythonSeedFlow runs seed_flow.py: the guide's OAuth flow and its
// error paths.
func testPythonSeedFlow(ctx context.Context, t *testing.T, sdk string, goCfg freshbooks.Config) {
	hs, wire := recordWire(t, goCfg.BaseURL)
	proxy := hs.URL
	start := time.Now()
	var got pySeedFlow
	runPython(ctx, t, sdk, "seed_flow.py", []string{
		"FRESHBOOKS_API_URL=" + proxy, "FRESHBOOKS_AUTH_URL=" + proxy,
		"FRESHBOOKS_CLIENT_ID=" + pyClientID, "FRESHBOOKS_CLIENT_SECRET=" + pyClientSecret,
		"FRESHBOOKS_REDIRECT_URI=" + pyRedirectURI,
	}, nil, &got)
	end := time.Now()

	if got.SDKVersion != "1.3.0" {
		t.Errorf("SDK version %q, want 1.3.0", got.SDKVersion)
	}
	// The URL the Go client's GetAuthRequestURL makes with the same
	// scopes, but for the order of the parameters.
	proxied := goCfg
	proxied.AuthURL = proxy
	pc, err := freshbooks.NewClient(proxied)
	if err != nil {
		t.Fatal(err)
	}
	goURL, err := pc.GetAuthRequestURL("user:profile:read", "user:clients:read")
	if err != nil || !sameURL(got.AuthURL, goURL) {
		t.Errorf("get_auth_request_url = %q, the Go client's GetAuthRequestURL = %q (%v)", got.AuthURL, goURL, err)
	}
	if a := got.Authorize; a.Status != http.StatusFound || !a.HasCode || a.CallbackBase != pyRedirectURI {
		t.Errorf("authorize: %+v, want a 302 to %s with a code", a, pyRedirectURI)
	}

	// access_token_expires_at is the server's created_at (whole seconds)
	// plus expires_in, the sandbox's -token-ttl.
	earliest, latest := start.Truncate(time.Second).Add(pyTokenTTL), end.Add(pyTokenTTL)
	for _, tk := range []struct {
		what    string
		got     pyTokens
		rotates bool
	}{{"get_access_token", got.Token, false}, {"refresh_access_token()", got.Refresh, true}, {"refresh_access_token(stored)", got.RefreshStored, true}} {
		exp, err := time.Parse("2006-01-02T15:04:05.000000Z", tk.got.ExpiresAt)
		if !tk.got.HasAccessToken || !tk.got.HasRefreshToken || !tk.got.HeldByClient || err != nil || exp.Before(earliest) || exp.After(latest) {
			t.Errorf("%s: %+v, want both tokens held by the client, expiring between %s and %s", tk.what, tk.got, earliest, latest)
		}
		if tk.rotates && (!deref(tk.got.AccessTokenRotated) || !deref(tk.got.RefreshTokenRotated)) {
			t.Errorf("%s: %+v, want a new access and refresh token", tk.what, tk.got)
		}
	}

	// The identity the sandbox approves, as the Go client reads it.
	gc := authorizeGo(ctx, t, goCfg)
	me, err := gc.CurrentUser(ctx)
	if err != nil {
		t.Fatalf("Go CurrentUser: %v", err)
	}
	want := pyIdentityFrom(me)
	for what, id := range map[string]*pyIdentity{"current_user()": got.Me, "current_user() after the refreshes": got.MeAfterRefresh} {
		if !jsonEqual(id, want) {
			t.Errorf("%s = %+v\nthe Go client read %+v", what, id, want)
		}
	}

	// A spent refresh token and a spent code: the token endpoint's 400,
	// with the description the Go client reads (the SDK keeps no code).
	spent := gc.Token().RefreshToken
	if _, err := gc.RefreshAccessToken(ctx); err != nil {
		t.Fatalf("Go RefreshAccessToken: %v", err)
	}
	_, goErr := gc.RefreshAccessToken(ctx, spent)
	var oe *freshbooks.OAuthError
	if !errors.As(goErr, &oe) || !errors.Is(goErr, freshbooks.ErrInvalidGrant) {
		t.Fatalf("Go RefreshAccessToken with a spent refresh token: %v, want invalid_grant", goErr)
	}
	for what, e := range map[string]*pyError{"refresh_access_token(spent)": got.SpentRefresh, "get_access_token(spent code)": got.SpentCode} {
		if e == nil || e.Class != "FreshBooksError" || e.StatusCode != oe.StatusCode || e.Message != oe.Description ||
			string(e.ErrorCode) != "null" || string(e.ErrorDetails) != "null" {
			t.Errorf("%s: %s, want FreshBooksError %d %q with no error_code or details", what, e, oe.StatusCode, oe.Description)
		}
	}
	// A bogus access token: /users/me's 401, its error as error_code.
	ae := goCurrentUserError(ctx, t, goCfg, "bogus-access-token")
	if e := got.BogusToken; e == nil || e.Class != "FreshBooksError" || e.StatusCode != http.StatusUnauthorized ||
		e.Message != ae.Message || string(e.ErrorCode) != strconv.Quote(ae.Code) {
		t.Errorf("current_user() with a bogus token: %s, want FreshBooksError 401 %q error_code %q", e, ae.Message, ae.Code)
	}
	if e := got.NoRedirectURI; e == nil || e.Class != "FreshBooksClientConfigError" || e.Message != "redirect_uri must be configured" {
		t.Errorf("get_auth_request_url without a redirect URI: %s, want FreshBooksClientConfigError", e)
	}

	token, usersMe := "/auth/oauth/token", "/auth/api/v1/users/me"
	codeForm := "form: client_id,client_secret,grant_type,redirect_uri,code"
	refreshForm := "form: client_id,client_secret,grant_type,redirect_uri,refresh_token"
	authQuery, _ := url.QueryUnescape(strings.TrimPrefix(got.AuthURL, proxy+"/oauth/authorize?"))
	hs.Close()
	checkPythonWire(t, wire, []wantRequest{
		{"GET", "/oauth/authorize", authQuery, http.StatusFound, ""},
		{"POST", token, "", 200, codeForm},
		{"GET", usersMe, "", 200, ""},
		{"POST", token, "", 200, refreshForm},
		{"POST", token, "", 200, refreshForm},
		{"GET", usersMe, "", 200, ""},
		{"POST", token, "", 400, refreshForm},
		{"POST", token, "", 400, codeForm},
		{"GET", usersMe, "", 401, ""},
	})
}

// sameURL reports whether a and b differ at most in the order of their
// query parameters.
func sameURL(a, b string) bool {
	ua, errA := url.Parse(a)
	ub, errB := url.Parse(b)
	if errA != nil || errB != nil {
		return false
	}
	qa, qb := ua.Query(), ub.Query()
	ua.RawQuery, ub.RawQuery = "", ""
	return ua.String() == ub.String() && reflect.DeepEqual(qa, qb)
}

// jsonEqual reports whether a and b encode to the same JSON.
func jsonEqual(a, b any) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}
