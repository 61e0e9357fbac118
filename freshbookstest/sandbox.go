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
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"log/slog"
	"net/http"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/clients"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/events"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/expenses"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/journal"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/ledger"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/oauth"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/payments"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/projects"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/reports"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/sales"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/uploads"
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
	ClientID     string // the first registered application's client id
	ClientSecret string // its client secret
	RedirectURI  string // its one registered redirect URI, matched exactly
	AppName      string // shown on the consent page

	// Apps registers more applications beside the first. A code or a
	// token issued to one application is refused to every other, as
	// FreshBooks does.
	Apps []App

	// Strict answers 400, in the family's error shape, to a list's
	// unknown filter, sort key or include, naming it, where FreshBooks
	// silently ignores it: a test then catches a misspelled query. The
	// default is faithful.
	Strict bool
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

// App is a registered OAuth application.
type App struct {
	ClientID     string
	ClientSecret string
	RedirectURI  string // matched exactly
	Name         string // shown on the consent page; empty means the client id
}

// Sandbox is the emulator as an http.Handler. It serves the authorization
// pages (/oauth/authorize) and the API on one address. It is safe for
// concurrent use.
type Sandbox struct {
	opts Options
	eng  *engine.Engine

	// auth is the OAuth family: authorization, tokens, the current user.
	auth *oauth.Server
	// Under eng.mu:
	faults *engine.Injector
	// onClose runs when the sandbox closes: background work stops there.
	onClose []func()
	// hooks delivers webhooks (the events family's outbox).
	hooks *events.Outbox
}

// New returns a sandbox configured by opts, seeded with its data, kept in
// memory. See [Open] for one that keeps its data on disk.
func New(opts Options) *Sandbox { return newSandbox(opts, true) }

// Close stops the sandbox's background work and, for a durable sandbox,
// releases its data file.
func (s *Sandbox) Close() error {
	s.eng.Lock()
	hooks := s.onClose
	s.onClose = nil
	s.eng.Unlock()
	for _, f := range hooks {
		f()
	}
	s.eng.Lock()
	defer s.eng.Unlock()
	if s.eng.DB == nil {
		return nil
	}
	err := s.eng.DB.Close()
	s.eng.DB = nil
	return err
}

// newSandbox makes a sandbox; seedRecords says whether to make the seeded
// records (not when they are about to be loaded from disk).
func newSandbox(opts Options, seedRecords bool) *Sandbox {
	opts.ClientID = cmp.Or(opts.ClientID, DefaultClientID)
	opts.ClientSecret = cmp.Or(opts.ClientSecret, DefaultClientSecret)
	opts.RedirectURI = cmp.Or(opts.RedirectURI, DefaultRedirectURI)
	opts.AppName = cmp.Or(opts.AppName, DefaultAppName)
	opts.Apps = slices.Clone(opts.Apps)
	for i := range opts.Apps {
		opts.Apps[i].Name = cmp.Or(opts.Apps[i].Name, opts.Apps[i].ClientID)
	}
	opts.TokenTTL = cmp.Or(opts.TokenTTL, DefaultTokenTTL)
	opts.Seed = cmp.Or(opts.Seed, 1)
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Sandbox{opts: opts, eng: engine.New(opts.Now, opts.Seed)}
	s.auth = oauth.New(s.eng, oauthConfig(opts))
	s.eng.Auth = s.auth.Authed
	s.eng.Strict = opts.Strict
	s.faults = engine.NewInjector(opts.Now, opts.Seed)
	s.SetFaults(opts.Faults)
	seedPeople(s.eng)
	s.hooks = events.NewOutbox(s.eng, outboxOptions(opts.Webhooks), opts.Logger)
	s.onClose = append(s.onClose, s.hooks.Stop)
	routes(s.eng, s.auth.Behaviours(), s.hooks)
	if seedRecords {
		seedBusinessData(s.eng)
	}
	return s
}

// Options returns the sandbox's options, defaults filled in.
func (s *Sandbox) Options() Options {
	o := s.opts
	o.Apps = slices.Clone(o.Apps)
	return o
}

// routes serves every resource of the catalogue on e, each with its
// family's behaviour (auth is the OAuth family's), and hands the changes
// to outbox, which delivers the webhooks.
func routes(e *engine.Engine, auth map[string]engine.Behaviour, outbox *events.Outbox) {
	e.OnChange = outbox.Changed
	expenses.Seed(e)
	journal.Seed(e)

	behaviours := map[string]engine.Behaviour{}
	for _, family := range []map[string]engine.Behaviour{
		auth, clients.Behaviours(), sales.Behaviours(), expenses.Behaviours(), journal.Behaviours(), reports.Behaviours(), uploads.Behaviours(), payments.Behaviours(),
		events.Behaviours(outbox), projects.Behaviours(), ledger.Behaviours(),
	} {
		maps.Copy(behaviours, family)
	}
	for _, res := range catalogue {
		e.Register(&engine.Spec{Resource: res, Behaviour: behaviours[res.Name]})
	}
	e.Mux.HandleFunc("/", engine.NoRoute)
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
				engine.WriteError(rec, r, http.StatusInternalServerError, 500, "An internal error has occurred.")
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
	if s.faults.Inject(rec, r) {
		return
	}
	s.eng.Mux.ServeHTTP(rec, r)
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

// Open returns a sandbox whose data lives in dir (created if missing): every
// record and token survives a restart, and a write is on disk before it is
// answered 2xx, so killing the process loses nothing answered. The first
// Open of an empty dir seeds it; later ones must use the same seed. Close
// the sandbox to release the data file.
func Open(dir string, opts Options) (*Sandbox, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("freshbookstest: data dir: %w", err)
	}
	db, err := bolt.Open(filepath.Join(dir, "sandbox.db"), 0o600, &bolt.Options{Timeout: time.Second, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return nil, fmt.Errorf("freshbookstest: opening %s: %w (is another sandbox using it?)", dir, err)
	}
	s, err := openWith(db, opts)
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func openWith(db *bolt.DB, opts Options) (*Sandbox, error) {
	var stored []byte
	err := db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{engine.BucketMeta, engine.BucketRecords, engine.BucketGrants, engine.BucketSpent} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		stored = slices.Clone(tx.Bucket(engine.BucketMeta).Get([]byte("seed")))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("freshbookstest: data file: %w", err)
	}
	fresh := stored == nil
	if !fresh {
		seed, _ := strconv.ParseUint(string(stored), 10, 64)
		if opts.Seed != 0 && opts.Seed != seed {
			return nil, fmt.Errorf("freshbookstest: the data was made with seed %d, not %d", seed, opts.Seed)
		}
		opts.Seed = seed
	}
	// Records are loaded below; with a fresh file, the seeded ones are
	// written through as they are made.
	s := newSandbox(opts, fresh)
	s.eng.DB = db
	if fresh {
		if err := s.eng.PersistAll(); err != nil {
			return nil, err
		}
		return s, nil
	}
	if err := s.eng.LoadRecords(); err != nil {
		return nil, err
	}
	if err := s.auth.Load(); err != nil {
		return nil, err
	}
	return s, nil
}
