package freshbookstest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// TokenStats watches a sandbox's token endpoint and the 401 answers of its
// API, for tests and benchmarks of token refresh: how many refreshes were
// asked for, how many were refused, which refresh tokens are still live.
// Put it in front of a sandbox with [TokenStats.Wrap]. It is safe for
// concurrent use.
type TokenStats struct {
	mu     sync.Mutex
	counts TokenCounts
	live   map[string]bool // refresh tokens issued and not redeemed
	order  []string        // refresh tokens in the order issued
	gate   func(*http.Request)
}

// TokenCounts are the numbers a [TokenStats] counted.
type TokenCounts struct {
	Refreshes     int // refresh_token grant requests
	RefreshesOK   int // … answered with a new pair
	InvalidGrants int // token requests refused with invalid_grant
	Exchanges     int // authorization_code grant requests
	Revocations   int // revoke requests
	APICalls      int // other requests
	Unauthorized  int // … answered 401
}

// NewTokenStats returns an empty TokenStats.
func NewTokenStats() *TokenStats { return &TokenStats{live: map[string]bool{}} }

// Issued records a refresh token issued outside the token endpoint, such
// as by [Sandbox.IssueToken], as live.
func (s *TokenStats) Issued(refreshToken string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.live[refreshToken] = true
	s.order = append(s.order, refreshToken)
}

// SetGate makes every refresh request call f before the sandbox sees it,
// so a test can hold a refresh in flight. Nil removes the gate.
func (s *TokenStats) SetGate(f func(*http.Request)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gate = f
}

// Counts returns the counts so far.
func (s *TokenStats) Counts() TokenCounts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts
}

// Live returns the refresh tokens that were issued (through the endpoint,
// or recorded with Issued) and not redeemed since, oldest first.
func (s *TokenStats) Live() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, rt := range s.order {
		if s.live[rt] {
			out = append(out, rt)
		}
	}
	return out
}

// Last returns the refresh token issued last, or "".
func (s *TokenStats) Last() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.order) == 0 {
		return ""
	}
	return s.order[len(s.order)-1]
}

// Wrap returns h (a sandbox) with s counting its traffic.
func (s *TokenStats) Wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/auth/oauth/token":
			s.token(h, w, r)
		case r.Method == http.MethodPost && r.URL.Path == "/auth/oauth/revoke":
			s.mu.Lock()
			s.counts.Revocations++
			s.mu.Unlock()
			h.ServeHTTP(w, r)
		case strings.HasPrefix(r.URL.Path, "/oauth/"):
			h.ServeHTTP(w, r)
		default:
			rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
			h.ServeHTTP(rec, r)
			s.mu.Lock()
			s.counts.APICalls++
			if rec.status == http.StatusUnauthorized {
				s.counts.Unauthorized++
			}
			s.mu.Unlock()
		}
	})
}

func (s *TokenStats) token(h http.Handler, w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	form, _ := url.ParseQuery(string(body)) // a JSON body counts as neither grant
	grant, used := form.Get("grant_type"), form.Get("refresh_token")
	s.mu.Lock()
	gate := s.gate
	switch grant {
	case "refresh_token":
		s.counts.Refreshes++
	case "authorization_code":
		s.counts.Exchanges++
	}
	s.mu.Unlock()
	if gate != nil && grant == "refresh_token" {
		gate(r)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	var answer struct {
		RefreshToken string `json:"refresh_token"`
		Error        string `json:"error"`
	}
	_ = json.Unmarshal(rec.Body.Bytes(), &answer)
	s.mu.Lock()
	if answer.Error == "invalid_grant" {
		s.counts.InvalidGrants++
	}
	if rec.Code == http.StatusOK && answer.RefreshToken != "" {
		if grant == "refresh_token" {
			s.counts.RefreshesOK++
			delete(s.live, used)
		}
		s.live[answer.RefreshToken] = true
		s.order = append(s.order, answer.RefreshToken)
	}
	s.mu.Unlock()
	for k, v := range rec.Header() {
		w.Header()[k] = slices.Clone(v)
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}
