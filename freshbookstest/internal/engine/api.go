package engine

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // accounting timestamps are US/Eastern on any host
)

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

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

// Error is an error answer in the family's shape.
type Error struct {
	Status  int
	Errno   int
	Field   string
	Message string
	Value   string
	// Also are further field errors of the same answer (every missing
	// field of a create), written after this one in the family's shape.
	Also []*Error
}

// all is e and the errors it carries along.
func (e *Error) all() []*Error { return append([]*Error{e}, e.Also...) }

// Blank reports a value that does not fill a required field: none, blank
// text, or the number 0 (no id is 0).
func Blank(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(v) == ""
	case json.Number:
		return v.String() == "0"
	}
	return false
}

// Missing reports every field of fields that rec leaves [Blank], each as
// the family's required error, in one answer; nil when none is.
func Missing(rec Record, fields []string, required func(field string) *Error) *Error {
	var first *Error
	for _, f := range fields {
		if !Blank(rec[f]) {
			continue
		}
		if first == nil {
			first = required(f)
		} else {
			first.Also = append(first.Also, required(f))
		}
	}
	return first
}

func (e *Error) write(w http.ResponseWriter, r *http.Request) {
	switch familyOf(r.URL.Path) {
	case Accounting:
		var fes []FieldError
		for _, x := range e.all() {
			fe := FieldError{Errno: x.Errno, Message: x.Message, Object: objectOf(r.URL.Path), Value: x.Value}
			if x.Field != "" {
				fe.Field = &x.Field
			}
			fes = append(fes, fe)
		}
		WriteJSON(w, r, e.Status, AccountingErrors(fes...))
	case Projects:
		if e.Status == http.StatusUnprocessableEntity {
			fields := map[string]string{}
			for _, x := range e.all() {
				fields[cmp.Or(x.Field, "__root__")] = x.Message
			}
			WriteJSON(w, r, e.Status, map[string]any{"errno": 2001, "error": fields})
			return
		}
		WriteError(w, r, e.Status, e.Errno, e.Message)
	case Events:
		if e.Status == http.StatusUnprocessableEntity {
			var details []string
			for _, x := range e.all() {
				details = append(details, x.Field+": "+x.Message)
			}
			WriteJSON(w, r, e.Status, map[string]any{"errno": 422, "message": "The request was well-formed but was unable to be followed due to semantic errors.",
				"details": details})
			return
		}
		WriteError(w, r, e.Status, e.Errno, e.Message)
	default:
		WriteError(w, r, e.Status, e.Errno, e.Message)
	}
}

func NotFound(sp *Spec, id string) *Error {
	if sp.Family == Projects || sp.Family == Events {
		return &Error{Status: 404, Errno: 404, Message: "Requested resource could not be found."}
	}
	name := strings.ToUpper(sp.Single[:1]) + strings.ReplaceAll(sp.Single[1:], "_", " ")
	return &Error{Status: 404, Errno: 1012, Field: sp.IDKeys[len(sp.IDKeys)-1], Message: name + " not found.", Value: id}
}

func Validation(errno int, field, msg string) *Error {
	return &Error{Status: 422, Errno: errno, Field: field, Message: msg}
}

// Invalid reports a value of the wrong type or range: errno 1004
// InvalidValue, with the value as given [INF message].
func Invalid(field string, v any) *Error {
	e := Validation(1004, field, "Invalid value for field '"+field+"'.")
	e.Value = Record{"v": v}.Str("v")
	return e
}

// Scope is one account's or business's data, as the engine hands it
// to the families: every hook and handler reaches state through it.
type Scope struct {
	key      string // "acct:ABC12" or "biz:8123"; "" for byToken and public
	Business *Business
	Spec     *Spec // the resource of the request, when there is one
	eng      *Engine
}

// Scope helpers. Those that touch records need the lock held.

// Lock takes the engine's lock for writing.
func (sc *Scope) Lock() { sc.eng.Lock() }

// Unlock releases the write lock.
func (sc *Scope) Unlock() { sc.eng.Unlock() }

// RLock takes the engine's lock for reading (see [Engine.RLock]).
func (sc *Scope) RLock() { sc.eng.RLock() }

// RUnlock releases a read lock.
func (sc *Scope) RUnlock() { sc.eng.RUnlock() }

// Now is the sandbox's clock.
func (sc *Scope) Now() time.Time { return sc.eng.Now() }

// Today is the sandbox's date in US/Eastern, the accounting zone.
func (sc *Scope) Today() string { return sc.eng.Now().In(Eastern()).Format(time.DateOnly) }

// EasternNow is the time in US/Eastern, as accounting timestamps are.
func (sc *Scope) EasternNow() string { return sc.eng.Now().In(Eastern()).Format(time.DateTime) }

// UTCNow is the time in UTC, "2006-01-02 15:04:05".
func (sc *Scope) UTCNow() string { return sc.eng.Now().UTC().Format(time.DateTime) }

// UUID makes a random UUID from the sandbox's seeded generator.
func (sc *Scope) UUID() string { return UUID(sc.eng.RNG) }

// IntN draws from the sandbox's seeded generator.
func (sc *Scope) IntN(n int) int { return sc.eng.RNG.IntN(n) }

// Table returns a resource's records in this scope.
func (sc *Scope) Table(name string) *Collection { return sc.eng.Table(sc.key, name) }

// Save stores (or, with nil, removes) a record of this scope.
func (sc *Scope) Save(name string, id int64, rec Record) error {
	return sc.eng.saveLocked(sc.key, name, id, rec)
}

// At returns the scope of the data kept under key, such as "acct:ABC12".
func (s *Engine) At(key string) *Scope { return &Scope{key: key, eng: s} }

// At returns the scope of the data kept under key, such as "app".
func (sc *Scope) At(key string) *Scope { return &Scope{key: key, Spec: sc.Spec, eng: sc.eng} }

// Named returns a resource's spec by name, or nil.
func (sc *Scope) Named(name string) *Spec { return sc.eng.SpecNamed(name) }

// In returns the scope of another resource of the same business.
func (sc *Scope) In(name string) *Scope {
	return ScopeOf(sc.eng, sc.eng.SpecNamed(name), sc.Business)
}

// Render is the answer form of a record of sp.
func (sc *Scope) Render(sp *Spec, rec Record, includes []string) Record {
	return sc.eng.render(sp, sc, rec, includes)
}

// Create validates and stores a new record of sp, as a POST would.
func (sc *Scope) Create(sp *Spec, rec Record) (int64, *Error) {
	return sc.eng.CreateLocked(sp, sc, rec)
}

// Changed reports a change made through the API, for webhooks.
func (sc *Scope) Changed(r *http.Request, sp *Spec, action string, id int64) {
	sc.eng.changed(r, sp, sc, action, id)
}

// Lookup finds the record of the request's {id}.
func (sc *Scope) Lookup(sp *Spec, r *http.Request) (int64, Record, *Error) {
	return sc.eng.lookup(sp, sc, r)
}

// Stamp sets a record's timestamps in the family's wire form.
func (sc *Scope) Stamp(sp *Spec, rec Record, creating bool) { sc.eng.stamp(sp, rec, creating) }

// People are the sandbox's identities.
func (sc *Scope) People() []*Identity { return sc.eng.Identities }

// AnyScope as a resource's ReadScope asks for any scope beyond the
// profile: the resource holds business data of every kind (callbacks,
// whose events each need their noun's scope, checked by the family).
const AnyScope = "*"

// profileScopes are granted to every token and reach no business data.
var profileScopes = []string{"user:profile:read", "user:notifications:read"}

// checkScope refuses a token without the OAuth scope the resource needs:
// the read scope for a GET, the write scope otherwise (freshbooks-api.md
// §1.7: the message lists what was provided and what is required).
func checkScope(r *http.Request, sp *Spec, c *Caller) *Error {
	need := "user:" + sp.ReadScope + ":read"
	if r.Method != http.MethodGet {
		need = "user:" + sp.ReadScope + ":write"
	}
	switch {
	case sp.ReadScope == "":
		return nil
	case sp.ReadScope == AnyScope:
		if slices.ContainsFunc(c.Scopes, func(s string) bool { return !slices.Contains(profileScopes, s) }) {
			return nil
		}
		need = "any scope beyond " + strings.Join(profileScopes, ", ")
	case slices.Contains(c.Scopes, need):
		return nil
	}
	return &Error{Status: 403, Errno: 1003, Message: "Insufficient scopes: provided [" + strings.Join(c.Scopes, ", ") + "], required [" + need + "]."}
}

// resolve finds the scope of a request and checks the token may use it.
func (s *Engine) resolve(r *http.Request, sp *Spec) (*Scope, *Error) {
	switch sp.Scope {
	case Public:
		return &Scope{Spec: sp, eng: s}, nil
	case ByToken:
		if e := checkScope(r, sp, CallerOf(r)); e != nil {
			return nil, e
		}
		return &Scope{Spec: sp, eng: s}, nil
	}
	c := CallerOf(r)
	var b *Business
	switch sp.Scope {
	case byAccount:
		b = s.BusinessByAccount(r.PathValue("account"))
	case ByBusiness:
		id, _ := strconv.ParseInt(r.PathValue("business"), 10, 64)
		b = s.businessByID(id)
	case ByBusinessUUID:
		b = s.businessWhere(func(b *Business) bool { return b.UUID == r.PathValue("uuid") })
	}
	ledger := sp.Family == Ledger
	if b == nil {
		if ledger {
			return nil, &Error{Status: http.StatusNotFound, Message: "Not found."}
		}
		return nil, &Error{Status: 404, Errno: 1012, Message: "Account not found."}
	}
	member := false
	for _, m := range c.Identity.Memberships {
		member = member || m.Business == b
	}
	if !member {
		if ledger {
			return nil, &Error{Status: http.StatusForbidden, Message: "You do not have permission to perform this action."}
		}
		return nil, &Error{Status: 403, Errno: 1003, Message: "You do not have access to perform the action requested."}
	}
	if e := checkScope(r, sp, c); e != nil {
		return nil, e
	}
	return ScopeOf(s, sp, b), nil
}

// ScopeOf returns the data scope of a business for a spec.
func ScopeOf(s *Engine, sp *Spec, b *Business) *Scope {
	switch sp.Scope {
	case ByBusiness, ByBusinessUUID:
		return &Scope{key: "biz:" + strconv.FormatInt(b.ID, 10), Business: b, Spec: sp, eng: s}
	}
	return &Scope{key: "acct:" + b.AccountID, Business: b, Spec: sp, eng: s}
}

// businessWhere returns the first business that match accepts, or nil.
func (s *Engine) businessWhere(match func(*Business) bool) *Business {
	for _, b := range s.Businesses {
		if match(b) {
			return b
		}
	}
	return nil
}

func (s *Engine) BusinessByAccount(id string) *Business {
	return s.businessWhere(func(b *Business) bool { return b.AccountID == id })
}

func (s *Engine) businessByID(id int64) *Business {
	return s.businessWhere(func(b *Business) bool { return b.ID == id })
}

// serve wraps a handler for sp: authentication (unless public), scope,
// and the family's error shape.
func (s *Engine) serve(sp *Spec, h Handler) http.HandlerFunc {
	f := func(w http.ResponseWriter, r *http.Request) {
		sc, e := s.resolve(r, sp)
		if e == nil {
			e = h(w, r, sc)
		}
		if e != nil {
			e.write(w, r)
		}
	}
	if sp.Scope == Public {
		return f
	}
	return s.Auth(f)
}

// ReadBody reads a JSON write body and returns the record under key
// (or the body itself when key is empty).
func ReadBody(w http.ResponseWriter, r *http.Request, key string) (Record, *Error) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, &Error{Status: 413, Errno: 1017, Message: "The request was too long."}
		}
		return nil, &Error{Status: 400, Errno: 1005, Message: "The request body could not be read."}
	}
	body := DecodeRecord(raw)
	if body == nil {
		return nil, &Error{Status: 400, Errno: 1005, Message: "The server was unable to parse your request, possibly due to a syntactical error in the request format."}
	}
	if key == "" {
		return body, nil
	}
	inner, ok := body[key].(map[string]any)
	if !ok {
		return nil, &Error{Status: 400, Errno: 1001, Field: key, Message: "The request is missing the '" + key + "' object."}
	}
	return Record(inner), nil
}

// PeekBody reads a write body's record under key and puts the body back
// for the generic handler, with edit applied to the record when edit is
// not nil.
func PeekBody(w http.ResponseWriter, r *http.Request, key string, edit func(Record)) (Record, *Error) {
	in, e := ReadBody(w, r, key)
	if e != nil {
		return nil, e
	}
	if edit != nil {
		edit(in)
	}
	body, err := json.Marshal(map[string]any{key: in})
	if err != nil {
		return nil, &Error{Status: 400, Errno: 1005, Message: "The request body could not be read."}
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	return in, nil
}

// stamp sets a record's timestamps in the family's wire form.
func (s *Engine) stamp(sp *Spec, rec Record, creating bool) {
	now := s.Now()
	switch sp.Timestamps {
	case AccountingStamps:
		t := now.In(Eastern()).Format("2006-01-02 15:04:05")
		rec["updated"] = t
		if creating {
			rec["created_at"] = t
		}
	case ISOStamps:
		t := now.UTC().Format("2006-01-02T15:04:05Z")
		rec["updated_at"] = t
		if creating {
			rec["created_at"] = t
		}
	}
}

// Eastern is US/Eastern, the zone of accounting timestamps.
var Eastern = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil { // cannot happen: time/tzdata is embedded
		panic(err)
	}
	return loc
})
