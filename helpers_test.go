package freshbooks_test

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// clock is a settable clock for the sandbox.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2026, 3, 8, 6, 30, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// setup starts a sandbox and returns a client configured for it, without
// tokens.
func setup(t *testing.T, opts freshbookstest.Options) (*freshbooks.Client, *freshbookstest.Server) {
	t.Helper()
	srv := freshbookstest.NewServer(opts)
	t.Cleanup(srv.Close)
	c, err := freshbooks.NewClient(srv.Config())
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

// setupAuthed is setup with the first identity's tokens on the client.
func setupAuthed(t *testing.T, opts freshbookstest.Options) (*freshbooks.Client, *freshbookstest.Server) {
	t.Helper()
	c, srv := setup(t, opts)
	c.SetToken(srv.IssueToken(0))
	return c, srv
}

// setupAccount is setupAuthed with the first identity's first account.
func setupAccount(t *testing.T, opts freshbookstest.Options) (*freshbooks.Client, *freshbooks.AccountScope) {
	t.Helper()
	c, _ := setupAuthed(t, opts)
	me, err := c.CurrentUser(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return c, c.Account(me.BusinessMemberships[0].Business.AccountID)
}

// fixture reads a recorded FreshBooks response from testdata/fixtures.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	return freshbooks.ReadFixture(t, name)
}

// replay serves a recorded response body with a status for every request,
// and remembers the last request.
func replay(t *testing.T, status int, body []byte) (*freshbooks.Client, *http.Request) {
	t.Helper()
	var last http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		last = *r
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	c, err := freshbooks.NewClient(freshbooks.Config{
		ClientID: "some_client", ClientSecret: "some_secret", RedirectURI: "https://example.com",
		AccessToken: "some_token", RefreshToken: "some_refresh", BaseURL: srv.URL, AuthURL: srv.URL, MaxRetries: -1,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c, &last
}

// replayHeader is replay with one response header and an empty JSON body.
func replayHeader(t *testing.T, status int, key, value string) (*freshbooks.Client, *httptest.Server) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(key, value)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	c, err := freshbooks.NewClient(freshbooks.Config{AccessToken: "t", BaseURL: srv.URL, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}
