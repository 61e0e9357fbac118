package freshbooks_test

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// Many goroutines on one client stay within the budget the sandbox
// advertises: not one request is refused with a 429.
func TestLimiterKeepsToTheAdvertisedBudget(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{Now: time.Now})
	c, srv := env.c, env.srv
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
	clients := c2.Account(env.acct.ID).Clients
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

// Fifty goroutines hammering one client against a sandbox that limits
// each token to 40 requests per 10-second window, on the bubble's clock:
// once the limiter has seen the sandbox's X-RateLimit-* headers (one call
// first), the sandbox refuses not one of the 300 requests, every call
// succeeds (no call deadline: each waits its turn), and pacing them takes
// the windows it must (300 requests at 40 a window span at least 7 window
// ends).
func TestLimiterUnderLoadSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const limit, window, goroutines, calls = 40, 10 * time.Second, 50, 6
		sb := freshbookstest.New(freshbookstest.Options{Faults: freshbookstest.Faults{RateLimit: limit, RateWindow: window}})
		defer sb.Close()
		var answered, refused atomic.Int32 // as the sandbox answered
		count := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := httptest.NewRecorder()
			sb.ServeHTTP(rec, r)
			answered.Add(1)
			if rec.Code == http.StatusTooManyRequests {
				refused.Add(1)
			}
			maps.Copy(w.Header(), rec.Header())
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
		})
		cfg := sandboxConfig("http://sandbox.test")
		cfg.HTTPClient = &http.Client{Transport: &inProcess{h: count}}
		cfg.MaxRetries = -1 // a 429 would surface as an error
		cfg.Timeout = -1    // a call waits for its turn however long
		c, err := freshbooks.NewClient(cfg)
		if err != nil {
			t.Fatal(err)
		}
		c.SetToken(sb.IssueToken(0))
		me, err := c.CurrentUser(t.Context()) // the limiter hears the budget
		if err != nil {
			t.Fatal(err)
		}
		clients := c.Account(me.BusinessMemberships[0].Business.AccountID).Clients
		start := time.Now()
		var wg sync.WaitGroup
		var ok atomic.Int32
		for range goroutines {
			wg.Go(func() {
				for range calls {
					if _, err := clients.List(t.Context(), freshbooks.PerPage(1)); err != nil {
						t.Error(err)
						continue
					}
					ok.Add(1)
				}
			})
		}
		wg.Wait()
		if n := refused.Load(); n > 0 {
			t.Errorf("the sandbox refused %d of %d requests with 429 after the limiter saw the headers", n, answered.Load())
		}
		if n := ok.Load(); n != goroutines*calls {
			t.Errorf("%d calls succeeded, want %d", n, goroutines*calls)
		}
		if took, least := time.Since(start), time.Duration((goroutines*calls+1)/limit)*window-window; took < least {
			t.Errorf("the calls took %v of the bubble's time, want at least %v: they were not paced", took, least)
		}
		t.Logf("%d requests in %v of the bubble's time, %d refused", answered.Load(), time.Since(start), refused.Load())
	})
}
