package freshbookstest

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

// scopeKind says how a resource's paths name the data they reach.
type scopeKind int

const (
	byAccount      scopeKind = iota // {account}: the business's account id
	byBusiness                      // {business}: the business id
	byBusinessUUID                  // {uuid}: the business UUID (the ledger)
	byToken                         // no business: any authenticated caller
	public                          // no authentication at all
)

// verb is a set of the operations a resource serves.
type verb int

const (
	vList   verb = 1 << iota // GET path
	vGet                     // GET item
	vCreate                  // POST create (path unless said)
	vUpdate                  // PUT item
	vDelete                  // DELETE item
)

// deleteKind is what an HTTP DELETE does to a record.
type deleteKind int

const (
	softDelete deleteKind = iota // keeps it with vis_state 1
	hardDelete                   // removes it
)

// resource is one entry of the catalogue: what FreshBooks serves and
// where, without any behaviour.
type resource struct {
	name       string // collection name, also the table name
	family     family
	scope      scopeKind
	path       string   // the list path, e.g. "/accounting/account/{account}/users/clients"
	item       string   // the item path; empty means path + "/{id}"
	create     string   // the create path; empty means path
	single     string   // wrapper key of one record
	plural     string   // list key
	idKeys     []string // members that carry the id ("id", "userid")
	verbs      verb
	deletion   deleteKind
	actions    []action // routes beyond the verbs
	readScope  string   // OAuth scope object, e.g. "clients" → user:clients:read/write
	event      string   // webhook noun ("invoice"), empty if none
	perPage    int      // default page size
	timestamps timestampStyle
}

// action is a route of a resource beyond its verbs, served by the
// family's hook of the same name.
type action struct {
	method, path, name string
}

// behaviour is what a family adds to a resource of the catalogue.
type behaviour struct {
	filters map[string]filterDef // accepted filter keys, without search[...]
	sorts   map[string]string    // sort key → member
	hidden  []string             // members shown only when included
	hooks   hooks
}

// spec is a resource with its behaviour: what the engine serves.
type spec struct {
	resource
	behaviour
}

// op names an operation of the generic engine.
type op int

const (
	opList op = iota
	opGet
	opCreate
	opUpdate
	opDelete
)

// hooks are how a family takes part in the engine's work on a resource.
// Every hook is optional.
type hooks struct {
	// validate checks a write; creating tells create from update.
	validate func(sc *scopeData, rec record, creating bool) *apiError
	// derive fills in computed members after every write.
	derive func(sc *scopeData, rec record)
	// view adjusts a record as answered (includes), on a copy.
	view func(sc *scopeData, rec record, includes []string)
	// before runs before an operation, without the lock; an error stops
	// it. It may read (and put back) the body with peekWrite.
	before func(sc *scopeData, w http.ResponseWriter, r *http.Request, o op) *apiError
	// after runs when an operation succeeded, without the lock; id is the
	// record created or changed (0 for reads).
	after func(sc *scopeData, r *http.Request, o op, id int64)
	// action applies a PUT's action (the member action_<name>, without
	// "action_") to rec, a copy of the stored record, from the body in.
	action func(sc *scopeData, r *http.Request, sp *spec, rec, in record, name string) *apiError
	// serve replaces the generic handler of an operation.
	serve map[op]handler
	// actions serve the resource's catalogue actions, by name.
	actions map[string]handler
}

type timestampStyle int

const (
	accountingStamps timestampStyle = iota // "updated", "created_at": US/Eastern "2006-01-02 15:04:05"
	isoStamps                              // "created_at", "updated_at": UTC "2006-01-02T15:04:05Z"
	noStamps
)

// filterDef is one accepted filter.
type filterDef struct {
	member string
	kind   filterKind
}

type filterKind int

const (
	fEq    filterKind = iota // search[k]=v: equal
	fIn                      // search[ks][]=v: one of
	fLike                    // search[k_like]=v: contains, case-insensitive
	fRange                   // search[k_min], search[k_max]: >=, <
	fBool                    // k=true|false
)

// apiError is an error answer in the family's shape.
type apiError struct {
	status  int
	errno   int
	field   string
	message string
	value   string
}

func (e *apiError) write(w http.ResponseWriter, r *http.Request) {
	switch familyOf(r.URL.Path) {
	case famAccounting:
		fe := fieldError{Errno: e.errno, Message: e.message, Object: objectOf(r.URL.Path), Value: e.value}
		if e.field != "" {
			fe.Field = &e.field
		}
		writeJSON(w, r, e.status, accountingErrors(fe))
	case famProjects:
		if e.status == http.StatusUnprocessableEntity {
			writeJSON(w, r, e.status, map[string]any{"errno": 2001, "error": map[string]string{cmp.Or(e.field, "__root__"): e.message}})
			return
		}
		writeFamilyError(w, r, e.status, e.errno, e.message)
	case famEvents:
		if e.status == http.StatusUnprocessableEntity {
			writeJSON(w, r, e.status, map[string]any{"errno": 422, "message": "The request was well-formed but was unable to be followed due to semantic errors.",
				"details": []string{e.field + ": " + e.message}})
			return
		}
		writeFamilyError(w, r, e.status, e.errno, e.message)
	default:
		writeFamilyError(w, r, e.status, e.errno, e.message)
	}
}

func notFound(sp *spec, id string) *apiError {
	if sp.family == famProjects || sp.family == famEvents {
		return &apiError{status: 404, errno: 404, message: "Requested resource could not be found."}
	}
	name := strings.ToUpper(sp.single[:1]) + strings.ReplaceAll(sp.single[1:], "_", " ")
	return &apiError{status: 404, errno: 1012, field: sp.idKeys[len(sp.idKeys)-1], message: name + " not found.", value: id}
}

func validation(errno int, field, msg string) *apiError {
	return &apiError{status: 422, errno: errno, field: field, message: msg}
}

// scopeData is one account's or business's data, as the engine hands it
// to the families: every hook and handler reaches state through it.
type scopeData struct {
	key      string // "acct:ABC12" or "biz:8123"; "" for byToken and public
	business *business
	sp       *spec // the resource of the request, when there is one
	eng      *engine
}

// Scope helpers. Those that touch records need the lock held.

func (sc *scopeData) lock()   { sc.eng.mu.Lock() }
func (sc *scopeData) unlock() { sc.eng.mu.Unlock() }

// now is the sandbox's clock.
func (sc *scopeData) now() time.Time { return sc.eng.now() }

// today is the sandbox's date in US/Eastern, the accounting zone.
func (sc *scopeData) today() string { return sc.eng.now().In(eastern()).Format(time.DateOnly) }

// easternNow is the time in US/Eastern, as accounting timestamps are.
func (sc *scopeData) easternNow() string { return sc.eng.now().In(eastern()).Format(time.DateTime) }

// utcNow is the time in UTC, "2006-01-02 15:04:05".
func (sc *scopeData) utcNow() string { return sc.eng.now().UTC().Format(time.DateTime) }

// uuid makes a random UUID from the sandbox's seeded generator.
func (sc *scopeData) uuid() string { return uuid(sc.eng.rng) }

// intN draws from the sandbox's seeded generator.
func (sc *scopeData) intN(n int) int { return sc.eng.rng.IntN(n) }

// table returns a resource's records in this scope.
func (sc *scopeData) table(name string) *collection { return sc.eng.table(sc.key, name) }

// save stores (or, with nil, removes) a record of this scope.
func (sc *scopeData) save(name string, id int64, rec record) error {
	return sc.eng.saveLocked(sc.key, name, id, rec)
}

// at returns the scope of the data kept under key, such as "app".
func (sc *scopeData) at(key string) *scopeData { return &scopeData{key: key, sp: sc.sp, eng: sc.eng} }

// spec returns a resource's spec by name, or nil.
func (sc *scopeData) spec(name string) *spec { return sc.eng.specNamed(name) }

// in returns the scope of another resource of the same business.
func (sc *scopeData) in(name string) *scopeData {
	return scopeOf(sc.eng, sc.eng.specNamed(name), sc.business)
}

// render is the answer form of a record of sp.
func (sc *scopeData) render(sp *spec, rec record, includes []string) record {
	return sc.eng.render(sp, sc, rec, includes)
}

// create validates and stores a new record of sp, as a POST would.
func (sc *scopeData) create(sp *spec, rec record) (int64, *apiError) {
	return sc.eng.createLocked(sp, sc, rec)
}

// changed reports a change made through the API, for webhooks.
func (sc *scopeData) changed(r *http.Request, sp *spec, action string, id int64) {
	sc.eng.changed(r, sp, sc, action, id)
}

// lookup finds the record of the request's {id}.
func (sc *scopeData) lookup(sp *spec, r *http.Request) (int64, record, *apiError) {
	return sc.eng.lookup(sp, sc, r)
}

// stamp sets a record's timestamps in the family's wire form.
func (sc *scopeData) stamp(sp *spec, rec record, creating bool) { sc.eng.stamp(sp, rec, creating) }

// people are the sandbox's identities.
func (sc *scopeData) people() []*identity { return sc.eng.identities }

// resolve finds the scope of a request and checks the token may use it.
func (s *engine) resolve(r *http.Request, sp *spec) (*scopeData, *apiError) {
	if sp.scope == public || sp.scope == byToken {
		return &scopeData{sp: sp, eng: s}, nil
	}
	c := callerOf(r)
	var b *business
	switch sp.scope {
	case byAccount:
		b = s.businessByAccount(r.PathValue("account"))
	case byBusiness:
		id, _ := strconv.ParseInt(r.PathValue("business"), 10, 64)
		b = s.businessByID(id)
	case byBusinessUUID:
		b = s.businessWhere(func(b *business) bool { return b.UUID == r.PathValue("uuid") })
	}
	ledger := sp.family == famLedger
	if b == nil {
		if ledger {
			return nil, &apiError{status: http.StatusNotFound, message: "Not found."}
		}
		return nil, &apiError{status: 404, errno: 1012, message: "Account not found."}
	}
	member := false
	for _, m := range c.identity.Memberships {
		member = member || m.Business == b
	}
	if !member {
		if ledger {
			return nil, &apiError{status: http.StatusForbidden, message: "You do not have permission to perform this action."}
		}
		return nil, &apiError{status: 403, errno: 1003, message: "You do not have access to perform the action requested."}
	}
	need := "user:" + sp.readScope + ":read"
	if r.Method != http.MethodGet {
		need = "user:" + sp.readScope + ":write"
	}
	if sp.readScope != "" && !slices.Contains(c.scopes, need) {
		return nil, &apiError{status: 403, errno: 1003, message: "Insufficient scopes: provided [" + strings.Join(c.scopes, ", ") + "], required [" + need + "]."}
	}
	return scopeOf(s, sp, b), nil
}

// scopeOf returns the data scope of a business for a spec.
func scopeOf(s *engine, sp *spec, b *business) *scopeData {
	switch sp.scope {
	case byBusiness, byBusinessUUID:
		return &scopeData{key: "biz:" + strconv.FormatInt(b.ID, 10), business: b, sp: sp, eng: s}
	}
	return &scopeData{key: "acct:" + b.AccountID, business: b, sp: sp, eng: s}
}

// businessWhere returns the first business that match accepts, or nil.
func (s *engine) businessWhere(match func(*business) bool) *business {
	for _, b := range s.businesses {
		if match(b) {
			return b
		}
	}
	return nil
}

func (s *engine) businessByAccount(id string) *business {
	return s.businessWhere(func(b *business) bool { return b.AccountID == id })
}

func (s *engine) businessByID(id int64) *business {
	return s.businessWhere(func(b *business) bool { return b.ID == id })
}

// serve wraps a handler for sp: authentication (unless public), scope,
// and the family's error shape.
func (s *engine) serve(sp *spec, h handler) http.HandlerFunc {
	f := func(w http.ResponseWriter, r *http.Request) {
		sc, e := s.resolve(r, sp)
		if e == nil {
			e = h(w, r, sc)
		}
		if e != nil {
			e.write(w, r)
		}
	}
	if sp.scope == public {
		return f
	}
	return s.auth(f)
}

// readBody reads a JSON write body and returns the record under key
// (or the body itself when key is empty).
func readWrite(w http.ResponseWriter, r *http.Request, key string) (record, *apiError) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, &apiError{status: 413, errno: 1017, message: "The request was too long."}
		}
		return nil, &apiError{status: 400, errno: 1005, message: "The request body could not be read."}
	}
	body := decodeRecord(raw)
	if body == nil {
		return nil, &apiError{status: 400, errno: 1005, message: "The server was unable to parse your request, possibly due to a syntactical error in the request format."}
	}
	if key == "" {
		return body, nil
	}
	inner, ok := body[key].(map[string]any)
	if !ok {
		return nil, &apiError{status: 400, errno: 1001, field: key, message: "The request is missing the '" + key + "' object."}
	}
	return record(inner), nil
}

// peekWrite reads a write body's record under key and puts the body back
// for the generic handler, with edit applied to the record when edit is
// not nil.
func peekWrite(w http.ResponseWriter, r *http.Request, key string, edit func(record)) (record, *apiError) {
	in, e := readWrite(w, r, key)
	if e != nil {
		return nil, e
	}
	if edit != nil {
		edit(in)
	}
	body, err := json.Marshal(map[string]any{key: in})
	if err != nil {
		return nil, &apiError{status: 400, errno: 1005, message: "The request body could not be read."}
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	return in, nil
}

// stamp sets a record's timestamps in the family's wire form.
func (s *engine) stamp(sp *spec, rec record, creating bool) {
	now := s.now()
	switch sp.timestamps {
	case accountingStamps:
		t := now.In(eastern()).Format("2006-01-02 15:04:05")
		rec["updated"] = t
		if creating {
			rec["created_at"] = t
		}
	case isoStamps:
		t := now.UTC().Format("2006-01-02T15:04:05Z")
		rec["updated_at"] = t
		if creating {
			rec["created_at"] = t
		}
	}
}

// eastern is US/Eastern, the zone of accounting timestamps.
var eastern = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil { // cannot happen: time/tzdata is embedded
		panic(err)
	}
	return loc
})
