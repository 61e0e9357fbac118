package freshbookstest

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// Faults makes the sandbox misbehave the way a real API sometimes does,
// for testing clients. The zero value injects nothing. Faults apply to the
// API and the token endpoint, not to the authorization pages.
type Faults struct {
	// Latency is added before every answer.
	Latency time.Duration
	// RateLimit is how many requests one access token (or one client
	// address, without a token) may make per RateWindow; 0 means no limit.
	// Every answer then carries X-RateLimit-Limit, X-RateLimit-Remaining,
	// X-RateLimit-Reset and Retry-After, as FreshBooks' do, and a request
	// over the limit is answered 429 in the family's error shape.
	RateLimit int
	// RateWindow is the rate limit's fixed window; zero means a minute.
	RateWindow time.Duration
	// ErrorRate is the share of requests, from 0 to 1, answered with a
	// server error: half 502 with an HTML page as a gateway sends, half 503
	// in the family's JSON shape. The request is not carried out.
	ErrorRate float64
	// DropRate is the share of requests whose connection is closed without
	// an answer. The request is not carried out.
	DropRate float64
}

// faultState is the live state of the faults.
type faultState struct {
	mu      sync.Mutex
	f       Faults
	rng     *rand.Rand
	windows map[string]*window
}

type window struct {
	start time.Time
	count int
}

// SetFaults changes the faults in effect.
func (s *Sandbox) SetFaults(f Faults) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.f = f
	s.faults.windows = map[string]*window{}
}

// inject applies the faults to a request. It reports whether the request
// was answered (or dropped) here and must not go further.
func (s *Sandbox) inject(w http.ResponseWriter, r *http.Request) bool {
	if strings.HasPrefix(r.URL.Path, "/oauth/") {
		return false
	}
	fs := &s.faults
	fs.mu.Lock()
	f := fs.f
	roll := fs.rng.Float64()
	var limited bool
	var remaining int
	var reset time.Time
	if f.RateLimit > 0 {
		now := s.opts.Now()
		span := f.RateWindow
		if span <= 0 {
			span = time.Minute
		}
		key := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if key == "" {
			key, _, _ = strings.Cut(r.RemoteAddr, ":")
		}
		win := fs.windows[key]
		if win == nil || !now.Before(win.start.Add(span)) {
			win = &window{start: now}
			fs.windows[key] = win
		}
		win.count++
		limited = win.count > f.RateLimit
		remaining = max(f.RateLimit-win.count, 0)
		reset = win.start.Add(span)
	}
	fs.mu.Unlock()

	if f.Latency > 0 {
		t := time.NewTimer(f.Latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return true
		}
	}
	if f.RateLimit > 0 {
		h := w.Header()
		h.Set("X-RateLimit-Limit", strconv.Itoa(f.RateLimit))
		h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
		h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
		h.Set("Retry-After", strconv.Itoa(max(int(reset.Sub(s.opts.Now()).Round(time.Second)/time.Second), 1)))
		if limited {
			engine.WriteError(w, r, http.StatusTooManyRequests, 429, "Rate limit exceeded.")
			return true
		}
	}
	switch {
	case roll < f.DropRate:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return true
			}
		}
		panic(http.ErrAbortHandler) // HTTP/2 or a recorder: abort the stream
	case roll < f.DropRate+f.ErrorRate/2:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"))
		return true
	case roll < f.DropRate+f.ErrorRate:
		engine.WriteError(w, r, http.StatusServiceUnavailable, 503, "The service is temporarily unavailable.")
		return true
	}
	return false
}
