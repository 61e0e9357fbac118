package engine

import (
	"context"
	crand "crypto/rand"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Engine is the generic emulator: the people and businesses, the records
// of every resource, their persistence and the generic handlers. It knows
// no resource: the catalogue and the families describe them.
type Engine struct {
	// mu guards every record, identity and token: writes hold it (Lock),
	// reads may share it (RLock) so that concurrent GETs and lists are not
	// served one at a time.
	mu sync.RWMutex
	// readers counts the holders of mu's read lock, so that Table knows
	// not to create a missing collection for one of them.
	readers atomic.Int32
	// writes counts the takings of mu for writing: a result computed
	// from the records under a read lock holds until it changes. Take mu
	// for writing with Lock only, which counts.
	writes     uint64
	Now        func() time.Time
	Seed       uint64
	RNG        *rand.Rand
	Identities []*Identity
	Businesses []*Business // every business once, in seed order
	Tables     map[string]*Collection
	specs      []*Spec
	DB         *bolt.DB // nil when in memory
	Mux        *http.ServeMux
	// Auth wraps the handlers of the API: it authenticates the request
	// and puts its caller in the context (see withCaller).
	Auth func(http.HandlerFunc) http.HandlerFunc
	// Strict refuses a list's unknown filter, sort key or include with a
	// 400 naming it, where FreshBooks ignores them.
	Strict bool
	// OnChange, when set, hears of every change made through the API,
	// under mu (webhooks use it).
	OnChange func(Change)
	// tokenKey signs the capability tokens (upload and report download
	// tokens): random for each sandbox, kept in a durable one's data, so
	// nobody can forge a token for another business's files. Nil only
	// for data written before it was kept: the seed-derived key then.
	tokenKey []byte
	// buffers recycles the buffers answers are encoded in (a page of
	// records is about 100 kB).
	buffers sync.Pool
}

func New(now func() time.Time, seed uint64) *Engine {
	key := make([]byte, 32)
	_, _ = crand.Read(key) // never fails (crypto/rand)
	return &Engine{
		tokenKey: key,
		Now:      now,
		Seed:     seed,
		RNG:      rand.New(rand.NewPCG(seed, 0x46726573684b)),
		Tables:   map[string]*Collection{},
		Mux:      http.NewServeMux(),
		Auth:     func(h http.HandlerFunc) http.HandlerFunc { return h },
	}
}

// Caller is who makes an authenticated request: an identity, with the
// scopes its token grants.
type Caller struct {
	Identity *Identity
	Scopes   []string
}

type callerKey struct{}

// WithCaller returns r carrying its caller.
func WithCaller(r *http.Request, c *Caller) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), callerKey{}, c))
}

// CallerOf returns the caller of an authenticated request.
func CallerOf(r *http.Request) *Caller { return r.Context().Value(callerKey{}).(*Caller) }

// Lock takes the one lock that guards every record, identity and token,
// for writing.
func (s *Engine) Lock() {
	s.mu.Lock()
	s.writes++
}

// Unlock releases it.
func (s *Engine) Unlock() { s.mu.Unlock() }

// RLock takes the lock for reading: any number of readers hold it at
// once, and none while a writer does. A reader must change nothing it
// shares: records, tables, identities, tokens, the random generator.
func (s *Engine) RLock() {
	s.mu.RLock()
	s.readers.Add(1)
}

// RUnlock releases a read lock.
func (s *Engine) RUnlock() {
	s.readers.Add(-1)
	s.mu.RUnlock()
}
