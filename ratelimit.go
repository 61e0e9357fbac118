package freshbooks

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter paces one client's requests, shared by all its goroutines and
// by the prefetching of All. It keeps to two budgets:
//
//   - the one FreshBooks advertises: each answer's X-RateLimit-Remaining
//     says how many requests are left in the current window and
//     Retry-After (or X-RateLimit-Reset) when the window ends. The
//     limiter counts the requests it lets go against the last figure and
//     holds the next one back when none are left, until the window ends,
//     so the client slows down before the limit rather than after a 429;
//   - an optional fixed rate, Config.RateLimit.
//
// FreshBooks does not document its rate limits; the headers are those of
// the official Postman examples (inferred: windows of about a minute).
type limiter struct {
	fixed *rate.Limiter // nil: no fixed budget
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error

	mu        sync.Mutex
	known     bool      // the server's budget has been heard
	limit     int       // requests per window, as advertised
	window    int64     // the window's X-RateLimit-Reset, which names it; 0 if not sent
	remaining int       // left in the window, counting the requests sent since the figure
	reset     time.Time // when the window ends, by this client's clock
	inflight  int       // requests let go and not yet answered
	hold      time.Time // after a 429: no request before then
}

// resetMargin is added to the server's Retry-After, which is in whole
// seconds and may be rounded down.
const resetMargin = time.Second

func newLimiter(perSecond rate.Limit, burst int) *limiter {
	l := &limiter{now: time.Now, sleep: sleepContext}
	if perSecond > 0 {
		l.fixed = rate.NewLimiter(perSecond, max(burst, 1))
	}
	return l
}

// wait blocks until a request may go, or ctx ends. Every wait that
// returns nil must be followed by one done.
func (l *limiter) wait(ctx context.Context) error {
	if l.fixed != nil {
		if err := l.fixed.Wait(ctx); err != nil {
			return err
		}
	}
	for {
		d := l.take()
		if d <= 0 {
			return nil
		}
		if !fitsDeadline(ctx, d) {
			return &errBudgetSpent{wait: d}
		}
		if err := l.sleep(ctx, d); err != nil {
			return err
		}
	}
}

// take lets one request go, or says how long to wait for the next
// window.
func (l *limiter) take() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Before(l.hold) {
		return l.hold.Sub(now)
	}
	if l.known {
		if !now.Before(l.reset) {
			// A new window: the advertised budget less what is still in
			// flight (the server may count it in the new window), until
			// an answer tells more.
			l.remaining = l.limit - l.inflight
			l.reset = now.Add(resetMargin)
			l.window = 0
		}
		if l.remaining <= 0 {
			return l.reset.Sub(now)
		}
		l.remaining--
	}
	l.inflight++
	return 0
}

// done records the answer to a request let go by wait: h is its header,
// nil when no answer came.
func (l *limiter) done(status int, h http.Header) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inflight--
	if h == nil {
		return
	}
	if status == http.StatusTooManyRequests {
		// Every goroutine holds back for as long as the server asked;
		// the call that was refused waits as much before its retry.
		if wait := retryAfter(h, l.now()); wait > 0 {
			l.hold = later(l.hold, l.now().Add(wait))
		}
	}
	l.observe(h)
}

// observe reads the budget an answer advertises. l.mu is held.
func (l *limiter) observe(h http.Header) {
	// The keys in canonical form, read from the map: Get would
	// canonicalise (and allocate) on every answer.
	rv, lv := firstValue(h, "X-Ratelimit-Remaining"), firstValue(h, "X-Ratelimit-Limit")
	if rv == "" || lv == "" {
		return // most answers: nothing to learn, and nothing to allocate
	}
	remaining, err1 := strconv.Atoi(rv)
	limit, err2 := strconv.Atoi(lv)
	if err1 != nil || err2 != nil || limit <= 0 || remaining < 0 {
		return
	}
	window, _ := strconv.ParseInt(firstValue(h, "X-Ratelimit-Reset"), 10, 64)
	// Retry-After is relative, so the two clocks need not agree; the
	// epoch X-RateLimit-Reset is the fallback.
	var reset time.Time
	if s, err := strconv.Atoi(h.Get("Retry-After")); err == nil && s >= 0 {
		reset = l.now().Add(time.Duration(s)*time.Second + resetMargin)
	} else if window > 0 {
		reset = time.Unix(window, 0).Add(resetMargin)
	} else {
		return
	}
	// The server's figure does not count the requests still in flight,
	// which it may yet receive in this window.
	est := remaining - l.inflight
	switch {
	case l.known && window != 0 && window < l.window:
		return // a late answer from an earlier window
	case l.known && window != 0 && window == l.window:
		l.remaining = min(l.remaining, est)
		l.reset = later(l.reset, reset)
	case l.known && window == 0 && reset.Sub(l.reset).Abs() < 2*time.Second:
		l.remaining = min(l.remaining, est)
		l.reset = later(l.reset, reset)
	default:
		l.remaining, l.reset, l.window = est, reset, window
	}
	l.known, l.limit = true, limit
}

// firstValue is h.Get(key) for a key already in canonical form.
func firstValue(h http.Header, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// errBudgetSpent reports that the next request must wait longer than the
// call's deadline allows.
type errBudgetSpent struct{ wait time.Duration }

func (e *errBudgetSpent) Error() string {
	return "the rate limit's budget is spent for " + e.wait.Round(time.Second).String()
}

// budgetError turns a limiter's refusal into the error the call returns:
// a spent FreshBooks budget is reported as the 429 it would be, with the
// wait in RetryAfter, without sending anything.
func (c *Client) budgetError(r *request, err error) error {
	var spent *errBudgetSpent
	if errors.As(err, &spent) {
		return &APIError{StatusCode: http.StatusTooManyRequests, Method: r.method, Path: r.path, RetryAfter: spent.wait,
			Message: "rate limited by the client: FreshBooks' budget for this window is spent, and the next window opens after the call's deadline"}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("freshbooks: %s %s: %w: Config.RateLimit: %v", r.method, r.path, ErrRateLimited, err)
}
