package engine

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Faults are the faults an [Injector] injects: freshbookstest.Faults,
// whose doc says what each field means.
type Faults struct {
	Latency    time.Duration
	RateLimit  int
	RateWindow time.Duration
	ErrorRate  float64
	DropRate   float64
}

// Injector makes requests misbehave as its faults say. It is safe for
// concurrent use.
type Injector struct {
	now     func() time.Time
	mu      sync.Mutex
	f       Faults
	rng     *rand.Rand
	windows map[string]*window
}

type window struct {
	start time.Time
	count int
}

// NewInjector returns an injector of no faults, on the clock now, whose
// random draws follow seed.
func NewInjector(now func() time.Time, seed uint64) *Injector {
	return &Injector{now: now, rng: rand.New(rand.NewPCG(seed, 0x6661756c7473)), windows: map[string]*window{}}
}

// Set changes the faults in effect, and starts the rate windows afresh.
func (fs *Injector) Set(f Faults) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.f = f
	fs.windows = map[string]*window{}
}

// Inject applies the faults to a request. It reports whether the request
// was answered (or dropped) here and must not go further.
func (fs *Injector) Inject(w http.ResponseWriter, r *http.Request) bool {
	if strings.HasPrefix(r.URL.Path, "/oauth/") {
		return false
	}
	fs.mu.Lock()
	f := fs.f
	roll := fs.rng.Float64()
	var limited bool
	var remaining int
	var reset time.Time
	if f.RateLimit > 0 {
		now := fs.now()
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
		h.Set("Retry-After", strconv.Itoa(max(int(reset.Sub(fs.now()).Round(time.Second)/time.Second), 1)))
		if limited {
			WriteError(w, r, http.StatusTooManyRequests, 429, "Rate limit exceeded.")
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
		WriteError(w, r, http.StatusServiceUnavailable, 503, "The service is temporarily unavailable.")
		return true
	}
	return false
}
