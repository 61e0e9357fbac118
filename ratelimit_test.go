package freshbooks_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// Many goroutines on one client stay within the budget the sandbox
// advertises: not one request is refused with a 429.
func TestLimiterKeepsToTheAdvertisedBudget(t *testing.T) {
	c, srv := setupAuthed(t, freshbookstest.Options{})
	me, err := c.CurrentUser(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	srv.SetFaults(freshbookstest.Faults{RateLimit: 12, RateWindow: time.Second})
	c2, err := freshbooks.NewClient(func() freshbooks.Config {
		cfg := srv.Config()
		cfg.MaxRetries = -1 // a 429 would surface as an error
		return cfg
	}())
	if err != nil {
		t.Fatal(err)
	}
	c2.SetToken(c.Token())
	clients := c2.Account(me.BusinessMemberships[0].Business.AccountID).Clients
	var wg sync.WaitGroup
	var refused atomic.Int32
	for range 10 {
		wg.Go(func() {
			for range 3 {
				if _, err := clients.List(t.Context(), freshbooks.PerPage(1)); err != nil {
					if errors.Is(err, freshbooks.ErrRateLimited) {
						refused.Add(1)
					} else {
						t.Error(err)
					}
				}
			}
		})
	}
	wg.Wait()
	if n := refused.Load(); n > 0 {
		t.Errorf("%d requests refused with 429", n)
	}
}

// budgetServer answers 200 while advertising that the window's budget is
// spent for another hundred seconds.
func budgetServer(t *testing.T, hits *atomic.Int32) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("X-RateLimit-Limit", "2")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("Retry-After", "100")
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// When the advertised budget is spent and the next window opens after
// the call's deadline, the call fails at once as the 429 it would get,
// with the wait, and sends nothing.
func TestLimiterSpentBudgetFailsFast(t *testing.T) {
	var hits atomic.Int32
	srv := budgetServer(t, &hits)
	c, _ := freshbooks.NewClient(freshbooks.Config{AccessToken: "t", BaseURL: srv.URL, MaxRetries: -1, Timeout: 5 * time.Second})
	if err := c.Do(t.Context(), "GET", "/x", nil, nil); err != nil {
		t.Fatal(err)
	}
	err := c.Do(t.Context(), "GET", "/x", nil, nil)
	ae, ok := errors.AsType[*freshbooks.APIError](err)
	if !ok || !errors.Is(err, freshbooks.ErrRateLimited) || ae.RetryAfter < 90*time.Second {
		t.Fatalf("spent budget: %v", err)
	}
	if hits.Load() != 1 {
		t.Errorf("the server saw %d requests, want 1", hits.Load())
	}
}

// A Retry-After longer than MaxRetryWait, or than the call has left, ends
// the call at once with the 429 and its wait, never with a deadline
// error after waiting in vain.
func TestRetryAfterThatDoesNotFit(t *testing.T) {
	for _, tc := range []struct {
		name       string
		retryAfter string
		timeout    time.Duration
	}{
		{"beyond MaxRetryWait", "120", 0},
		{"beyond the deadline", "10", time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := replayHeader(t, 429, "Retry-After", tc.retryAfter)
			var waits []time.Duration
			freshbooks.SetSleep(c, func(ctx context.Context, d time.Duration) error {
				waits = append(waits, d)
				return ctx.Err()
			})
			ctx := t.Context()
			if tc.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tc.timeout)
				defer cancel()
			}
			err := c.Do(ctx, "GET", "/x", nil, nil)
			ae, ok := errors.AsType[*freshbooks.APIError](err)
			if !ok || !errors.Is(err, freshbooks.ErrRateLimited) || ae.RetryAfter == 0 || errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("got %v", err)
			}
			if len(waits) != 0 {
				t.Errorf("waited %v for an answer it could not use", waits)
			}
		})
	}
}

// A fixed budget (Config.RateLimit) is shared by the client's calls; one
// that cannot be met before the deadline fails with ErrRateLimited.
func TestFixedRateLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(`{}`)) }))
	defer srv.Close()
	c, _ := freshbooks.NewClient(freshbooks.Config{AccessToken: "t", BaseURL: srv.URL, RateLimit: 0.001, RateBurst: 1, Timeout: time.Second})
	if err := c.Do(t.Context(), "GET", "/x", nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Do(t.Context(), "GET", "/x", nil, nil); !errors.Is(err, freshbooks.ErrRateLimited) {
		t.Fatalf("over the fixed budget: %v", err)
	}
}
