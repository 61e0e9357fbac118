// Package freshbookstest serves FreshBooks offline: an emulator of the
// FreshBooks API and of its OAuth2 authorization server, for tests,
// examples and local development.
//
// [NewServer] starts one on a loopback port for a test:
//
//	srv := freshbookstest.NewServer(freshbookstest.Options{AutoApprove: true})
//	defer srv.Close()
//	client, _ := freshbooks.NewClient(srv.Config())
//
// The same emulator runs as a program with `freshbooks sandbox`.
package freshbookstest

import (
	"cmp"

	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Defaults of the registered application.
const (
	DefaultClientID     = "sandbox-client-id"
	DefaultClientSecret = "sandbox-client-secret"
	DefaultRedirectURI  = "https://localhost/callback"
	DefaultAppName      = "Sandbox App"
	DefaultTokenTTL     = 12 * time.Hour // as FreshBooks
	DefaultCodeTTL      = 5 * time.Minute
)

// Options configures a [Sandbox]. The zero value is ready to use.
type Options struct {
	ClientID     string // the registered application's client id
	ClientSecret string // its client secret
	RedirectURI  string // its one registered redirect URI, matched exactly
	AppName      string // shown on the consent page

	// AutoApprove makes GET /oauth/authorize redirect at once with a code
	// for the first identity, without showing the consent page.
	AutoApprove bool
	// TokenTTL is the access token lifetime; zero means 12 hours.
	TokenTTL time.Duration
	// Seed makes the seeded identities, businesses and records; the same
	// seed gives the same data. Zero means 1.
	Seed uint64
	// Now is the sandbox's clock; nil means time.Now.
	Now func() time.Time
	// Logger receives a record per request; nil means none.
	Logger *slog.Logger
	// Faults to inject from the start; see also [Sandbox.SetFaults].
	Faults Faults
	// Webhooks configures webhook deliveries (webhooks.go); the zero
	// value behaves like FreshBooks.
	Webhooks WebhookOptions
}

// Sandbox is the emulator as an http.Handler. It serves the authorization
// pages (/oauth/authorize) and the API on one address. It is safe for
// concurrent use.
type Sandbox struct {
	opts Options
	mux  *http.ServeMux

	mu         sync.Mutex
	rng        *rand.Rand
	identities []*identity
	businesses []*business // every business once, in seed order
	codes      map[string]*authCode
	pending    map[string]*consent
	access     map[string]*grant // by access token
	refresh    map[string]*grant // by refresh token
	spent      map[string]bool   // refresh tokens already used
	tables     map[string]*collection
	specs      []*spec
	// onChange, when set, hears of every change made through the API,
	// under s.mu (webhooks use it).
	onChange func(change)
	faults   faultState
	db       *bolt.DB // nil when in memory
	// onClose runs when the sandbox closes: background work stops there.
	onClose []func()
	// hooks delivers webhooks (webhooks.go).
	hooks *webhooks
}

// New returns a sandbox configured by opts, seeded with its data, kept in
// memory. See [Open] for one that keeps its data on disk.
func New(opts Options) *Sandbox { return newSandbox(opts, true) }

// Close stops the sandbox's background work and, for a durable sandbox,
// releases its data file.
func (s *Sandbox) Close() error {
	s.mu.Lock()
	hooks := s.onClose
	s.onClose = nil
	s.mu.Unlock()
	for _, f := range hooks {
		f()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db == nil {
		return nil
	}
	err := s.db.Close()
	s.db = nil
	return err
}

// newSandbox makes a sandbox; seedRecords says whether to make the seeded
// records (not when they are about to be loaded from disk).
func newSandbox(opts Options, seedRecords bool) *Sandbox {
	opts.ClientID = cmp.Or(opts.ClientID, DefaultClientID)
	opts.ClientSecret = cmp.Or(opts.ClientSecret, DefaultClientSecret)
	opts.RedirectURI = cmp.Or(opts.RedirectURI, DefaultRedirectURI)
	opts.AppName = cmp.Or(opts.AppName, DefaultAppName)
	opts.TokenTTL = cmp.Or(opts.TokenTTL, DefaultTokenTTL)
	opts.Seed = cmp.Or(opts.Seed, 1)
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Sandbox{
		opts:    opts,
		mux:     http.NewServeMux(),
		rng:     rand.New(rand.NewPCG(opts.Seed, 0x46726573684b)),
		codes:   map[string]*authCode{},
		pending: map[string]*consent{},
		access:  map[string]*grant{},
		refresh: map[string]*grant{},
		spent:   map[string]bool{},
		tables:  map[string]*collection{},
	}
	s.faults.rng = rand.New(rand.NewPCG(opts.Seed, 0x6661756c7473))
	s.SetFaults(opts.Faults)
	s.seed()
	s.routes()
	if seedRecords {
		s.seedBusinessData()
	}
	return s
}

// Options returns the sandbox's options, defaults filled in.
func (s *Sandbox) Options() Options { return s.opts }

func (s *Sandbox) routes() {
	s.mux.HandleFunc("GET /oauth/authorize", s.authorize)
	s.mux.HandleFunc("GET /oauth/authorize/", s.authorize)
	s.mux.HandleFunc("POST /oauth/authorize", s.decide)
	s.mux.HandleFunc("POST /auth/oauth/token", s.token)
	s.mux.HandleFunc("POST /auth/oauth/revoke", s.revoke)
	s.mux.HandleFunc("GET /auth/api/v1/users/me", s.authed(s.me))
	for _, sp := range specs() {
		s.register(sp)
	}
	s.documentRoutes()
	s.expenseRoutes()
	s.businessRoutes()
	s.miscRoutes()
	s.eventRoutes()
	s.mux.HandleFunc("/", s.notFound)
}

// ServeHTTP serves one request. No request, however malformed, makes it
// panic: a handler failure is a 500 in the family's error shape.
func (s *Sandbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := s.opts.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			if !rec.wrote {
				writeFamilyError(rec, r, http.StatusInternalServerError, 500, "An internal error has occurred.")
			}
			if s.opts.Logger != nil {
				s.opts.Logger.Error("sandbox handler panic", "method", r.Method, "path", r.URL.Path, "panic", v)
			}
		}
		if s.opts.Logger != nil {
			s.opts.Logger.Debug("sandbox request", "method", r.Method, "path", r.URL.Path, "status", rec.status,
				"duration", s.opts.Now().Sub(start))
		}
	}()
	if s.inject(rec, r) {
		return
	}
	s.mux.ServeHTTP(rec, r)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (s *Sandbox) notFound(w http.ResponseWriter, r *http.Request) {
	writeFamilyError(w, r, http.StatusNotFound, 404, "Requested resource could not be found.")
}
