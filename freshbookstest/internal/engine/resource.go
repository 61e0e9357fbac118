package engine

import (
	"net/http"
	"sync/atomic"
	_ "time/tzdata" // accounting timestamps are US/Eastern on any host
)

// ScopeKind says how a resource's paths name the data they reach.
type ScopeKind int

const (
	byAccount      ScopeKind = iota // {account}: the business's account id
	ByBusiness                      // {business}: the business id
	ByBusinessUUID                  // {uuid}: the business UUID (the ledger)
	ByToken                         // no business: any authenticated caller
	Public                          // no authentication at all
)

// Verb is a set of the operations a resource serves.
type Verb int

const (
	List   Verb = 1 << iota // GET path
	Get                     // GET item
	Create                  // POST create (path unless said)
	Update                  // PUT item
	Delete                  // DELETE item
)

// DeleteKind is what an HTTP DELETE does to a record.
type DeleteKind int

const (
	SoftDelete DeleteKind = iota // keeps it with vis_state 1
	HardDelete                   // removes it
)

// Resource is one entry of the catalogue: what FreshBooks serves and
// where, without any behaviour.
type Resource struct {
	Name       string // collection name, also the table name
	Family     Family
	Scope      ScopeKind
	Path       string   // the list path, e.g. "/accounting/account/{account}/users/clients"
	Item       string   // the item path; empty means path + "/{id}"
	Create     string   // the create path; empty means path
	Single     string   // wrapper key of one record
	Plural     string   // list key
	IDKeys     []string // members that carry the id ("id", "userid")
	Verbs      Verb
	Deletion   DeleteKind
	Actions    []Action // routes beyond the verbs
	ReadScope  string   // OAuth scope object, e.g. "clients" → user:clients:read/write; see AnyScope
	Event      string   // webhook noun ("invoice"), empty if none
	PerPage    int      // default page size
	Timestamps Timestamps
}

// Action is a route of a resource beyond its verbs, served by the
// family's hook of the same name.
type Action struct {
	Method, Path, Name string
}

// Behaviour is what a family adds to a resource of the catalogue.
type Behaviour struct {
	Filters map[string]Filter // accepted filter keys, without search[...]
	Sorts   map[string]string // sort key → member
	Hidden  []string          // members shown only when included
	// Includes are the other includes the resource accepts (those whose
	// data the sandbox does not compute are accepted and ignored); with
	// Hidden, what a strict sandbox lets through.
	Includes []string
	// Ignored are filters and sort keys FreshBooks accepts that the
	// sandbox does not compute: a strict sandbox lets them through, and
	// they select or order nothing [INF per resource].
	Ignored []string
	// Params are the query keys a family's own lister reads, beside
	// Filters, for a strict sandbox.
	Params []string
	Hooks  Hooks
}

// Spec is a resource with its behaviour: what the engine serves.
type Spec struct {
	Resource
	Behaviour
	// shapes are the object shapes its answers were written with (see
	// encoder), shared by every request and replaced, never changed.
	shapes atomic.Pointer[map[shapeKey]*shape]
}

// Op names an operation of the generic engine.
type Op int

const (
	OpList Op = iota
	OpGet
	OpCreate
	OpUpdate
	OpDelete
)

// Hooks are how a family takes part in the engine's work on a resource.
// Every hook is optional.
type Hooks struct {
	// Validate checks a write; creating tells create from update.
	Validate func(sc *Scope, rec Record, creating bool) *Error
	// Derive fills in computed members after every write.
	Derive func(sc *Scope, rec Record)
	// View adjusts a record as answered (includes), on a copy.
	View func(sc *Scope, rec Record, includes []string)
	// Before runs before an operation, without the lock; an error stops
	// it. It may read (and put back) the body with peekWrite.
	Before func(sc *Scope, w http.ResponseWriter, r *http.Request, o Op) *Error
	// After runs when an operation succeeded, without the lock; id is the
	// Record created or changed (0 for reads).
	After func(sc *Scope, r *http.Request, o Op, id int64)
	// Action applies a PUT's action (the member action_<name>, without
	// "action_") to rec, a copy of the stored record, from the body in.
	Action func(sc *Scope, r *http.Request, sp *Spec, rec, in Record, name string) *Error
	// Serve replaces the generic handler of an operation.
	Serve map[Op]Handler
	// Actions serve the resource's catalogue actions, by name.
	Actions map[string]Handler
}

type Timestamps int

const (
	AccountingStamps Timestamps = iota // "updated", "created_at": US/Eastern "2006-01-02 15:04:05"
	ISOStamps                          // "created_at", "updated_at": UTC "2006-01-02T15:04:05Z"
	NoStamps
)

// Filter is one accepted filter.
type Filter struct {
	Member string
	Kind   filterKind
}

type filterKind int

const (
	eqFilter    filterKind = iota // search[k]=v: equal
	inFilter                      // search[ks][]=v: one of
	likeFilter                    // search[k_like]=v: contains, case-insensitive
	rangeFilter                   // search[k_min], search[k_max]: >=, <
	boolFilter                    // k=true|false
)

// Eq filters on a member equal to the value (search[k]=v).
func Eq(member string) Filter { return Filter{member, eqFilter} }

// In filters on a member equal to one of the values (search[ks][]=v).
func In(member string) Filter { return Filter{member, inFilter} }

// Like filters on a member containing the value, case-insensitive
// (search[k_like]=v).
func Like(member string) Filter { return Filter{member, likeFilter} }

// Range filters on a member in a range (search[k_min], search[k_max]).
func Range(member string) Filter { return Filter{member, rangeFilter} }

// Bool filters on a flag (k=true|false).
func Bool(member string) Filter { return Filter{member, boolFilter} }
