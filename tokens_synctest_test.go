package freshbooks_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// inProcess serves requests with a handler in the calling goroutine, so
// that a synctest bubble sees every wait. down makes the token endpoint
// answer 503.
// latency, when set, delays every answer, as across the internet; lists
// and peak count the list requests in flight, now and at most.
type inProcess struct {
	h       http.Handler
	down    atomic.Bool
	tokens  atomic.Int32 // token endpoint requests, answered or not
	latency atomic.Int64 // a time.Duration
	lists   atomic.Int32
	peak    atomic.Int32
}

func (p *inProcess) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Query().Has("page") {
		n := p.lists.Add(1)
		defer p.lists.Add(-1)
		for old := p.peak.Load(); n > old && !p.peak.CompareAndSwap(old, n); old = p.peak.Load() {
		}
	}
	time.Sleep(time.Duration(p.latency.Load()))
	if r.URL.Path == "/auth/oauth/token" {
		p.tokens.Add(1)
	}
	if p.down.Load() && r.URL.Path == "/auth/oauth/token" {
		return &http.Response{StatusCode: http.StatusServiceUnavailable, Header: http.Header{"Content-Type": {"text/plain"}},
			Body: io.NopCloser(strings.NewReader("down")), Request: r}, nil
	}
	rec := httptest.NewRecorder()
	p.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

// bubbleEnv is a sandbox and a client inside a synctest bubble, where
// time.Now is the bubble's fake clock for both.
func bubbleEnv(t *testing.T, ttl, margin time.Duration) (*freshbooks.Client, *freshbookstest.TokenStats, *inProcess) {
	sb := freshbookstest.New(freshbookstest.Options{TokenTTL: ttl})
	stats := freshbookstest.NewTokenStats()
	tr := &inProcess{h: stats.Wrap(sb)}
	cfg := sandboxConfig("http://sandbox.test")
	cfg.HTTPClient = &http.Client{Transport: tr}
	cfg.RefreshMargin = margin
	c, err := freshbooks.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.SetToken(sb.IssueToken(0))
	return c, stats, tr
}

func TestRefreshMarginSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, stats, _ := bubbleEnv(t, time.Hour, 10*time.Minute)
		ctx := t.Context()
		time.Sleep(49 * time.Minute)
		if _, err := c.CurrentUser(ctx); err != nil || stats.Counts().Refreshes != 0 {
			t.Fatalf("refreshed %d times 11 minutes before expiry (err %v)", stats.Counts().Refreshes, err)
		}
		time.Sleep(2 * time.Minute)
		if _, err := c.CurrentUser(ctx); err != nil || stats.Counts().RefreshesOK != 1 {
			t.Fatalf("not refreshed 9 minutes before expiry (err %v)", err)
		}
		if got := c.Token().AccessTokenExpiresAt; !got.Equal(time.Now().Truncate(time.Second).Add(time.Hour)) {
			t.Errorf("new expiry %v", got)
		}
	})
}

// A waiter with a deadline gives up at its deadline; the refresh, slower,
// goes on and serves the other callers.
func TestRefreshWaiterDeadlineSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, stats, _ := bubbleEnv(t, time.Hour, 0)
		stats.SetGate(func(*http.Request) { time.Sleep(20 * time.Second) }) // a slow token endpoint
		time.Sleep(2 * time.Hour)
		start := time.Now()
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
		defer cancel()
		hasty := make(chan error, 1)
		go func() { _, err := c.CurrentUser(ctx); hasty <- err }()
		patient := make(chan error, 1)
		go func() { _, err := c.CurrentUser(t.Context()); patient <- err }()
		if err := <-hasty; !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != 10*time.Millisecond {
			t.Fatalf("hasty caller: %v after %v", err, time.Since(start))
		}
		if err := <-patient; err != nil || time.Since(start) != 20*time.Second {
			t.Fatalf("patient caller: %v after %v", err, time.Since(start))
		}
		if n := stats.Counts().Refreshes; n != 1 {
			t.Errorf("%d refreshes", n)
		}
	})
}

// When an early refresh fails, the client keeps using its access token
// while it works, tries again after a pause, and reports the failure only
// once the token has expired.
func TestRefreshFailureBackoffSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, stats, tr := bubbleEnv(t, time.Hour, 10*time.Minute)
		ctx := t.Context()
		tr.down.Store(true)
		time.Sleep(55 * time.Minute) // inside the margin
		for range 3 {
			if _, err := c.CurrentUser(ctx); err != nil {
				t.Fatalf("the access token still works: %v", err)
			}
		}
		if n := tr.tokens.Load(); n != 1 || time.Until(c.Token().AccessTokenExpiresAt) != 5*time.Minute {
			t.Fatalf("%d token requests (want 1, then a pause); or the token changed", n)
		}
		time.Sleep(6 * time.Second) // the pause is over
		if _, err := c.CurrentUser(ctx); err != nil || tr.tokens.Load() != 2 {
			t.Fatalf("no second try after the pause: %v, %d", err, tr.tokens.Load())
		}
		time.Sleep(6 * time.Minute) // expired, endpoint still down
		_, err := c.CurrentUser(ctx)
		var oe *freshbooks.OAuthError
		if !errors.As(err, &oe) || oe.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("expired token, endpoint down: err = %v", err)
		}
		if _, err := c.CurrentUser(ctx); err == nil || tr.tokens.Load() != 4 {
			t.Fatalf("an expired token is refreshed on every call: %v, %d", err, tr.tokens.Load())
		}
		tr.down.Store(false)
		if _, err := c.CurrentUser(ctx); err != nil {
			t.Fatalf("endpoint back: %v", err)
		}
		if n := stats.Counts().RefreshesOK; n != 1 {
			t.Errorf("%d refreshes", n)
		}
	})
}
