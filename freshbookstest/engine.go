package freshbookstest

import (
	"context"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// engine is the generic emulator: the people and businesses, the records
// of every resource, their persistence and the generic handlers. It knows
// no resource: the catalogue and the families describe them.
type engine struct {
	mu         sync.Mutex
	now        func() time.Time
	seed       uint64
	rng        *rand.Rand
	identities []*identity
	businesses []*business // every business once, in seed order
	tables     map[string]*collection
	specs      []*spec
	db         *bolt.DB // nil when in memory
	mux        *http.ServeMux
	// auth wraps the handlers of the API: it authenticates the request
	// and puts its caller in the context (see withCaller).
	auth func(http.HandlerFunc) http.HandlerFunc
	// onChange, when set, hears of every change made through the API,
	// under mu (webhooks use it).
	onChange func(change)
}

func newEngine(now func() time.Time, seed uint64) *engine {
	return &engine{
		now:    now,
		seed:   seed,
		rng:    rand.New(rand.NewPCG(seed, 0x46726573684b)),
		tables: map[string]*collection{},
		mux:    http.NewServeMux(),
		auth:   func(h http.HandlerFunc) http.HandlerFunc { return h },
	}
}

// caller is who makes an authenticated request: an identity, with the
// scopes its token grants.
type caller struct {
	identity *identity
	scopes   []string
}

type callerKey struct{}

// withCaller returns r carrying its caller.
func withCaller(r *http.Request, c *caller) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), callerKey{}, c))
}

// callerOf returns the caller of an authenticated request.
func callerOf(r *http.Request) *caller { return r.Context().Value(callerKey{}).(*caller) }
