package freshbooks_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// tokenEnv is a sandbox on a fake clock behind a TokenStats, served over
// real HTTP.
type tokenEnv struct {
	t     *testing.T
	clk   *clock
	sb    *freshbookstest.Sandbox
	stats *freshbookstest.TokenStats
	url   string
	hc    *http.Client // keeps enough idle connections for many goroutines
}

func newTokenEnv(t *testing.T, ttl time.Duration) *tokenEnv {
	t.Helper()
	clk := newClock()
	sb := freshbookstest.New(freshbookstest.Options{Now: clk.Now, TokenTTL: ttl, AutoApprove: true})
	stats := freshbookstest.NewTokenStats()
	srv := httptest.NewServer(stats.Wrap(sb))
	t.Cleanup(srv.Close)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 128
	t.Cleanup(tr.CloseIdleConnections)
	return &tokenEnv{t: t, clk: clk, sb: sb, stats: stats, url: srv.URL, hc: &http.Client{Transport: tr}}
}

func (e *tokenEnv) config() freshbooks.Config {
	return freshbooks.Config{
		ClientID: freshbookstest.DefaultClientID, ClientSecret: freshbookstest.DefaultClientSecret,
		RedirectURI: freshbookstest.DefaultRedirectURI, BaseURL: e.url, AuthURL: e.url,
	}
}

// issue gives the first identity a new token pair, known to the stats.
func (e *tokenEnv) issue() freshbooks.Token {
	tok := e.sb.IssueToken(0)
	e.stats.Issued(tok.RefreshToken)
	return tok
}

// client makes a client on the env's clock; edit adjusts its Config.
func (e *tokenEnv) client(edit func(*freshbooks.Config)) *freshbooks.Client {
	e.t.Helper()
	cfg := e.config()
	if edit != nil {
		edit(&cfg)
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = e.hc
	}
	c, err := freshbooks.NewClient(cfg)
	if err != nil {
		e.t.Fatal(err)
	}
	freshbooks.SetNow(c, e.clk.Now)
	return c
}

func (e *tokenEnv) wantCounts(refreshes, ok, invalid int) {
	e.t.Helper()
	got := e.stats.Counts()
	if got.Refreshes != refreshes || got.RefreshesOK != ok || got.InvalidGrants != invalid {
		e.t.Errorf("token endpoint: %d refreshes, %d ok, %d invalid_grant; want %d, %d, %d",
			got.Refreshes, got.RefreshesOK, got.InvalidGrants, refreshes, ok, invalid)
	}
}

// hookLog records OnTokenChange calls.
type hookLog struct {
	mu   sync.Mutex
	toks []freshbooks.Token
}

func (h *hookLog) record(t freshbooks.Token) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.toks = append(h.toks, t)
}

func (h *hookLog) calls() []freshbooks.Token {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]freshbooks.Token(nil), h.toks...)
}

// countingStore counts saves, and fails them while fail is set.
type countingStore struct {
	freshbooks.TokenStore
	saves atomic.Int32
	fail  atomic.Bool
}

var errDiskFull = errors.New("disk full")

func (s *countingStore) Save(ctx context.Context, t freshbooks.Token) error {
	s.saves.Add(1)
	if s.fail.Load() {
		return errDiskFull
	}
	return s.TokenStore.Save(ctx, t)
}

// autoApprove follows an authorization URL on an auto-approving sandbox
// and returns the callback URL.
func autoApprove(ctx context.Context, authURL string) (*url.URL, error) {
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, authURL, nil)
	if err != nil {
		return nil, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	return resp.Location()
}

func load(t *testing.T, s freshbooks.TokenStore) freshbooks.Token {
	t.Helper()
	tok, err := s.Load(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestRefreshBeforeExpiry(t *testing.T) {
	e := newTokenEnv(t, 12*time.Hour)
	store := freshbooks.NewMemoryStore(e.issue())
	var hook hookLog
	c := e.client(func(cfg *freshbooks.Config) { cfg.TokenStore, cfg.OnTokenChange = store, hook.record })
	ctx := t.Context()
	if _, err := c.CurrentUser(ctx); err != nil {
		t.Fatal(err)
	}
	before := c.Token()
	e.clk.Advance(12*time.Hour - freshbooks.DefaultRefreshMargin - time.Second)
	if _, err := c.CurrentUser(ctx); err != nil {
		t.Fatal(err)
	}
	e.wantCounts(0, 0, 0)
	e.clk.Advance(2 * time.Second) // now inside the margin
	if _, err := c.CurrentUser(ctx); err != nil {
		t.Fatal(err)
	}
	e.wantCounts(1, 1, 0)
	after := c.Token()
	if after.RefreshToken == before.RefreshToken || load(t, store) != after {
		t.Error("the refreshed token is not the client's and the store's")
	}
	if got := hook.calls(); len(got) != 1 || got[0] != after {
		t.Errorf("OnTokenChange calls: %v", got)
	}
	if n := e.stats.Counts().Unauthorized; n != 0 {
		t.Errorf("%d requests were refused", n)
	}
}

func TestRefreshAfterExpiry(t *testing.T) {
	e := newTokenEnv(t, time.Hour)
	c := e.client(nil)
	c.SetToken(e.issue())
	e.clk.Advance(3 * time.Hour)
	if _, err := c.CurrentUser(t.Context()); err != nil {
		t.Fatal(err)
	}
	e.wantCounts(1, 1, 0)
	if n := e.stats.Counts().Unauthorized; n != 0 {
		t.Errorf("%d requests were refused", n)
	}
}

// A 401 for a token the client believed valid makes one refresh and one
// retry, invisible to the caller.
func TestRefreshOn401(t *testing.T) {
	e := newTokenEnv(t, time.Hour)
	c := e.client(nil)
	freshbooks.SetNow(c, newClock().Now) // a client clock that stays behind
	c.SetToken(e.issue())
	e.clk.Advance(2 * time.Hour)
	if _, err := c.CurrentUser(t.Context()); err != nil {
		t.Fatal(err)
	}
	e.wantCounts(1, 1, 0)
	if got := e.stats.Counts(); got.Unauthorized != 1 || got.APICalls != 2 {
		t.Errorf("API: %d calls, %d refused; want 2 and 1", got.APICalls, got.Unauthorized)
	}
	// The raw Do too.
	e.clk.Advance(2 * time.Hour)
	if err := c.Do(t.Context(), http.MethodGet, "/auth/api/v1/users/me", nil, nil); err != nil {
		t.Fatal(err)
	}
	e.wantCounts(2, 2, 0)
}

func TestRefreshSingleFlight(t *testing.T) {
	e := newTokenEnv(t, time.Hour)
	store := &countingStore{TokenStore: freshbooks.NewMemoryStore(e.issue())}
	var hook hookLog
	c := e.client(func(cfg *freshbooks.Config) { cfg.TokenStore, cfg.OnTokenChange = store, hook.record })
	ctx := t.Context()
	if _, err := c.CurrentUser(ctx); err != nil {
		t.Fatal(err)
	}
	e.clk.Advance(2 * time.Hour)
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for range 100 {
		wg.Go(func() {
			if _, err := c.CurrentUser(ctx); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	e.wantCounts(1, 1, 0)
	if n := store.saves.Load(); n != 1 {
		t.Errorf("%d saves, want 1", n)
	}
	if n := len(hook.calls()); n != 1 {
		t.Errorf("%d OnTokenChange calls, want 1", n)
	}
	if live := e.stats.Live(); len(live) != 1 || live[0] != load(t, store).RefreshToken {
		t.Errorf("live refresh tokens %d; the store does not hold the live one", len(live))
	}
}

// A caller that gives up while a refresh is in flight gets its context's
// error; the refresh goes on, is saved, and serves the others.
func TestRefreshWaiterGivesUp(t *testing.T) {
	e := newTokenEnv(t, time.Hour)
	store := freshbooks.NewMemoryStore(e.issue())
	c := e.client(func(cfg *freshbooks.Config) { cfg.TokenStore = store })
	entered, release := make(chan struct{}), make(chan struct{})
	e.stats.SetGate(func(*http.Request) { entered <- struct{}{}; <-release })
	e.clk.Advance(2 * time.Hour)

	ctx, cancel := context.WithCancel(t.Context())
	impatient := make(chan error, 1)
	go func() { _, err := c.CurrentUser(ctx); impatient <- err }()
	<-entered // the refresh is at the token endpoint
	patient := make(chan error, 1)
	go func() { _, err := c.CurrentUser(t.Context()); patient <- err }()
	cancel()
	if err := <-impatient; !errors.Is(err, context.Canceled) {
		t.Fatalf("impatient caller: err = %v", err)
	}
	close(release)
	if err := <-patient; err != nil {
		t.Fatalf("patient caller: %v", err)
	}
	if err := c.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	e.wantCounts(1, 1, 0)
	if load(t, store) != c.Token() || c.Token().RefreshToken != e.stats.Last() {
		t.Error("the refresh was not saved")
	}
}

// plainStore hides a store's lock: processes sharing it do not
// coordinate, and the loser of a race recovers by reloading.
type plainStore struct{ freshbooks.TokenStore }

// hookStore runs hooks around a store's calls.
type hookStore struct {
	freshbooks.TokenStore
	loads      atomic.Int32
	onLoad     func(n int32) // before the nth Load
	beforeSave func()
}

func (s *hookStore) Load(ctx context.Context) (freshbooks.Token, error) {
	if n := s.loads.Add(1); s.onLoad != nil {
		s.onLoad(n)
	}
	return s.TokenStore.Load(ctx)
}

func (s *hookStore) Save(ctx context.Context, t freshbooks.Token) error {
	if s.beforeSave != nil {
		s.beforeSave()
	}
	return s.TokenStore.Save(ctx, t)
}

func TestInvalidGrantReloadsStore(t *testing.T) {
	e := newTokenEnv(t, time.Hour)
	shared := plainStore{freshbooks.NewMemoryStore(e.issue())}
	// a rotates the token and is slow to save it; b, meanwhile, reads
	// the old token, redeems it in vain, reloads the store, and finds a's.
	aSaving, aRelease, aSaved := make(chan struct{}), make(chan struct{}), make(chan struct{})
	aStore := &hookStore{TokenStore: shared}
	bStore := &hookStore{TokenStore: shared}
	var hookB hookLog
	a := e.client(func(cfg *freshbooks.Config) { cfg.TokenStore = aStore })
	b := e.client(func(cfg *freshbooks.Config) { cfg.TokenStore, cfg.OnTokenChange = bStore, hookB.record })
	ctx := t.Context()
	for _, c := range []*freshbooks.Client{a, b} {
		if _, err := c.CurrentUser(ctx); err != nil {
			t.Fatal(err)
		}
	}
	aStore.beforeSave = func() { close(aSaving); <-aRelease }
	bStore.onLoad = func(n int32) {
		if n == 3 { // the reload after invalid_grant
			close(aRelease)
			<-aSaved
		}
	}
	e.clk.Advance(2 * time.Hour)
	aErr := make(chan error, 1)
	go func() { _, err := a.CurrentUser(ctx); close(aSaved); aErr <- err }()
	<-aSaving
	if _, err := b.CurrentUser(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-aErr; err != nil {
		t.Fatal(err)
	}
	e.wantCounts(2, 1, 1)
	if b.Token() != a.Token() || len(hookB.calls()) != 1 {
		t.Error("b did not pick up a's token")
	}

	// Without a race, b reads the store before refreshing: a rotated the
	// token, it expired, b refreshes a's token.
	bStore.onLoad, aStore.beforeSave = nil, nil
	if _, err := a.RefreshAccessToken(ctx); err != nil {
		t.Fatal(err)
	}
	e.clk.Advance(2 * time.Hour)
	if _, err := b.CurrentUser(ctx); err != nil {
		t.Fatal(err)
	}
	e.wantCounts(4, 3, 1)
}

func TestReauthorizationRequired(t *testing.T) {
	e := newTokenEnv(t, time.Hour)
	tok := e.issue()
	store := freshbooks.NewMemoryStore(tok)
	c := e.client(func(cfg *freshbooks.Config) { cfg.TokenStore = store })
	ctx := t.Context()
	// Someone outside the store spends the refresh token.
	thief := e.client(nil)
	if _, err := thief.RefreshAccessToken(ctx, tok.RefreshToken); err != nil {
		t.Fatal(err)
	}
	// The access token died with the rotation: 401, refresh refused,
	// store reloaded (same token), so reauthorization is required.
	_, err := c.CurrentUser(ctx)
	var oe *freshbooks.OAuthError
	if !errors.Is(err, freshbooks.ErrReauthorizationRequired) || !errors.Is(err, freshbooks.ErrInvalidGrant) ||
		!errors.As(err, &oe) || oe.Code != "invalid_grant" || !errors.Is(err, freshbooks.ErrUnauthorized) {
		t.Fatalf("err = %v", err)
	}
	e.wantCounts(2, 1, 1)
	// The explicit call says the same.
	if _, err := c.RefreshAccessToken(ctx); !errors.Is(err, freshbooks.ErrReauthorizationRequired) {
		t.Fatalf("RefreshAccessToken: err = %v", err)
	}
	// Once the application authorizes again (here: writes a new token to
	// the store from elsewhere), the client resumes.
	fresh := e.issue()
	if err := store.Save(ctx, fresh); err != nil {
		t.Fatal(err)
	}
	e.clk.Advance(2 * time.Hour)
	if _, err := c.CurrentUser(ctx); err != nil {
		t.Fatalf("after reauthorization: %v", err)
	}
}

func TestSaveFailure(t *testing.T) {
	e := newTokenEnv(t, time.Hour)
	store := &countingStore{TokenStore: freshbooks.NewMemoryStore(e.issue())}
	var logs bytes.Buffer
	var hook hookLog
	c := e.client(func(cfg *freshbooks.Config) {
		cfg.TokenStore, cfg.OnTokenChange = store, hook.record
		cfg.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelError}))
	})
	ctx := t.Context()
	if _, err := c.CurrentUser(ctx); err != nil {
		t.Fatal(err)
	}
	stale := load(t, store)
	store.fail.Store(true)
	e.clk.Advance(2 * time.Hour)
	// The refresh works; the save does not; the call succeeds anyway, with
	// the new token, which the hook also received.
	if _, err := c.CurrentUser(ctx); err != nil {
		t.Fatal(err)
	}
	held := c.Token()
	if held == stale || load(t, store) != stale {
		t.Fatal("the client should hold the new token and the store the old one")
	}
	if got := hook.calls(); len(got) != 1 || got[0] != held {
		t.Errorf("OnTokenChange calls: %v", got)
	}
	if !strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), "disk full") {
		t.Errorf("the failure was not logged: %q", logs.String())
	}
	if err := c.Flush(ctx); !errors.Is(err, freshbooks.ErrTokenNotSaved) || !errors.Is(err, errDiskFull) {
		t.Errorf("Flush: err = %v", err)
	}
	// An explicit refresh reports the failure with the token.
	tok, err := c.RefreshAccessToken(ctx)
	if !errors.Is(err, freshbooks.ErrTokenNotSaved) || tok.RefreshToken == "" || tok != c.Token() {
		t.Fatalf("RefreshAccessToken: %v, err = %v", tok, err)
	}
	e.wantCounts(2, 2, 0)

	// The store heals: the next request saves the token in the
	// background (after a short pause); Flush waits for it.
	store.fail.Store(false)
	e.clk.Advance(2 * time.Second)
	if _, err := c.CurrentUser(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if load(t, store) != c.Token() {
		t.Error("the retried save did not store the token")
	}
	e.wantCounts(2, 2, 0)
}

// A token that could not be saved is the base of the next refresh, not
// the stale stored one.
func TestRefreshFromUnsavedToken(t *testing.T) {
	e := newTokenEnv(t, time.Hour)
	store := &countingStore{TokenStore: freshbooks.NewMemoryStore(e.issue())}
	c := e.client(func(cfg *freshbooks.Config) { cfg.TokenStore = store; cfg.Logger = slog.New(slog.DiscardHandler) })
	ctx := t.Context()
	store.fail.Store(true)
	e.clk.Advance(2 * time.Hour)
	if _, err := c.CurrentUser(ctx); err != nil {
		t.Fatal(err)
	}
	store.fail.Store(false)
	e.clk.Advance(2 * time.Hour)
	if _, err := c.CurrentUser(ctx); err != nil {
		t.Fatal(err)
	}
	e.wantCounts(2, 2, 0)
	if live := e.stats.Live(); len(live) != 1 || live[0] != load(t, store).RefreshToken {
		t.Error("the store does not hold the live refresh token")
	}
}

func TestExplicitCallsUseTheStore(t *testing.T) {
	e := newTokenEnv(t, time.Hour)
	store := freshbooks.NewMemoryStore(freshbooks.Token{})
	var hook hookLog
	c := e.client(func(cfg *freshbooks.Config) { cfg.TokenStore, cfg.OnTokenChange = store, hook.record })
	ctx := t.Context()

	// Authorization: the code's tokens are saved.
	req, err := c.NewAuthRequest()
	if err != nil {
		t.Fatal(err)
	}
	back, err := autoApprove(ctx, req.URL)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := c.CompleteAuth(ctx, req, back.Query())
	if err != nil {
		t.Fatal(err)
	}
	if load(t, store) != tok || c.Token() != tok {
		t.Fatal("CompleteAuth did not save the token")
	}
	// RefreshAccessToken saves.
	r1, err := c.RefreshAccessToken(ctx)
	if err != nil || load(t, store) != r1 {
		t.Fatalf("RefreshAccessToken: %v; saved: %v", err, load(t, store) == r1)
	}
	// With a refresh token passed in, too.
	r2, err := c.RefreshAccessToken(ctx, r1.RefreshToken)
	if err != nil || load(t, store) != r2 {
		t.Fatalf("RefreshAccessToken(rt): %v", err)
	}
	// SetToken's token is saved by the next request, or by Flush.
	other := e.issue()
	c.SetToken(other)
	if err := c.Flush(ctx); err != nil || load(t, store) != other {
		t.Fatalf("SetToken + Flush: %v", err)
	}
	if n := len(hook.calls()); n != 3 {
		t.Errorf("%d OnTokenChange calls, want 3 (auth, 2 refreshes)", n)
	}
	// Revocation clears the store and the client.
	if err := c.RevokeToken(ctx, other.RefreshToken); err != nil {
		t.Fatal(err)
	}
	if load(t, store) != (freshbooks.Token{}) || c.Token() != (freshbooks.Token{}) {
		t.Error("revocation did not clear the store and the client")
	}
	if got := hook.calls(); got[len(got)-1] != (freshbooks.Token{}) {
		t.Error("OnTokenChange was not told of the revocation")
	}
	if _, err := c.CurrentUser(ctx); !errors.Is(err, freshbooks.ErrNoAccessToken) {
		t.Errorf("after revocation: err = %v", err)
	}
}

// The store is read on first use; the Config's token seeds an empty one.
func TestStoreReadOnFirstUse(t *testing.T) {
	e := newTokenEnv(t, time.Hour)
	ctx := t.Context()
	seed := e.issue()
	empty := freshbooks.NewMemoryStore(freshbooks.Token{})
	c := e.client(func(cfg *freshbooks.Config) {
		cfg.TokenStore = empty
		cfg.AccessToken, cfg.RefreshToken, cfg.AccessTokenExpiresAt = seed.AccessToken, seed.RefreshToken, seed.AccessTokenExpiresAt
	})
	if _, err := c.CurrentUser(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if load(t, empty).RefreshToken != seed.RefreshToken {
		t.Error("the Config's token was not saved to the empty store")
	}

	stored := e.issue()
	full := freshbooks.NewMemoryStore(stored)
	c = e.client(func(cfg *freshbooks.Config) {
		cfg.TokenStore = full
		cfg.AccessToken, cfg.RefreshToken = "stale", "stale"
	})
	if _, err := c.CurrentUser(ctx); err != nil {
		t.Fatal(err)
	}
	if c.Token() != stored {
		t.Error("the stored token should win over the Config's")
	}
	e.wantCounts(0, 0, 0)
}

// The margin is capped at half a token's lifetime: a short-lived token
// is not refreshed on every call.
func TestShortTokensAreNotRefreshedOnEveryCall(t *testing.T) {
	e := newTokenEnv(t, 10*time.Second)
	c := e.client(nil) // default margin: 5 minutes
	c.SetToken(e.issue())
	for range 10 {
		if _, err := c.CurrentUser(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	e.wantCounts(0, 0, 0)
	e.clk.Advance(6 * time.Second)
	if _, err := c.CurrentUser(t.Context()); err != nil {
		t.Fatal(err)
	}
	e.wantCounts(1, 1, 0)
}
