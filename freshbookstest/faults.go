package freshbookstest

import (
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

// SetFaults changes the faults in effect.
func (s *Sandbox) SetFaults(f Faults) { s.faults.Set(engine.Faults(f)) }
