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

// scopeKind says which id a resource's paths are scoped by.
type scopeKind int

const (
	byAccount scopeKind = iota
	byBusiness
)

// deleteKind is how FreshBooks deletes a resource.
type deleteKind int

const (
	noDelete   deleteKind = iota
	softDelete            // PUT {"<single>": {"vis_state": 1}}; an HTTP DELETE also soft-deletes
	hardDelete            // HTTP DELETE removes the record
	visOnlyPut            // no HTTP DELETE: only the vis_state PUT
)

// spec describes one emulated resource: its paths, envelope keys and
// behaviour. The generic handlers below serve every spec.
type spec struct {
	name       string // collection name, also the table name
	listPath   string // e.g. "/accounting/account/{account}/users/clients"
	itemPath   string // e.g. ".../users/clients/{id}"; empty means listPath + "/{id}"
	createPath string // empty means listPath
	family     family
	scope      scopeKind
	single     string   // wrapper key of one record
	plural     string   // list key
	idKeys     []string // members that carry the id ("id", "userid")
	readScope  string   // OAuth scope object, e.g. "clients" → user:clients:read/write
	noCreate   bool
	noUpdate   bool
	noList     bool
	noGet      bool
	deletion   deleteKind
	event      string               // webhook noun ("invoice"), empty if none
	perPage    int                  // default page size
	filters    map[string]filterDef // accepted filter keys, without search[...]
	sorts      map[string]string    // sort key → member
	hidden     []string             // members shown only when included
	timestamps timestampStyle

	// validate checks a write; creating tells create from update. It
	// returns an API error or nil.
	validate func(s *Sandbox, sc *scopeData, rec record, creating bool) *apiError
	// derive fills in computed members after every write.
	derive func(s *Sandbox, sc *scopeData, rec record)
	// view adjusts a record as answered (includes), on a copy.
	view func(s *Sandbox, sc *scopeData, rec record, includes []string)
	// wrap, when set, wraps (or replaces) the generic handler of an
	// operation (opList, opGet, opCreate, opUpdate, opDelete): work a
	// resource does before or after the generic one.
	wrap func(op string, h handler) handler
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

// scopeData is one account's or business's data.
type scopeData struct {
	key      string // "acct:ABC12" or "biz:8123"
	business *business
}

// resolve finds the scope of a request and checks the token may use it.
func (s *Sandbox) resolve(r *http.Request, sp *spec) (*scopeData, *apiError) {
	g := grantOf(r)
	var b *business
	switch sp.scope {
	case byAccount:
		b = s.businessByAccount(r.PathValue("account"))
	case byBusiness:
		id, _ := strconv.ParseInt(r.PathValue("business"), 10, 64)
		b = s.businessByID(id)
	}
	if b == nil {
		return nil, &apiError{status: 404, errno: 1012, message: "Account not found."}
	}
	member := false
	for _, m := range g.identity.Memberships {
		member = member || m.Business == b
	}
	if !member {
		return nil, &apiError{status: 403, errno: 1003, message: "You do not have access to perform the action requested."}
	}
	need := "user:" + sp.readScope + ":read"
	if r.Method != http.MethodGet {
		need = "user:" + sp.readScope + ":write"
	}
	if sp.readScope != "" && !slices.Contains(g.scopes, need) {
		return nil, &apiError{status: 403, errno: 1003, message: "Insufficient scopes: provided [" + strings.Join(g.scopes, ", ") + "], required [" + need + "]."}
	}
	key := "acct:" + b.AccountID
	if sp.scope == byBusiness {
		key = "biz:" + strconv.FormatInt(b.ID, 10)
	}
	return &scopeData{key: key, business: b}, nil
}

// businessWhere returns the first business that match accepts, or nil.
func (s *Sandbox) businessWhere(match func(*business) bool) *business {
	for _, b := range s.businesses {
		if match(b) {
			return b
		}
	}
	return nil
}

func (s *Sandbox) businessByAccount(id string) *business {
	return s.businessWhere(func(b *business) bool { return b.AccountID == id })
}

func (s *Sandbox) businessByID(id int64) *business {
	return s.businessWhere(func(b *business) bool { return b.ID == id })
}

// serve wraps a generic handler for sp: authentication, scope, and the
// family's error shape.
func (s *Sandbox) serve(sp *spec, h func(w http.ResponseWriter, r *http.Request, sc *scopeData) *apiError) http.HandlerFunc {
	return s.authed(func(w http.ResponseWriter, r *http.Request) {
		sc, e := s.resolve(r, sp)
		if e == nil {
			e = h(w, r, sc)
		}
		if e != nil {
			e.write(w, r)
		}
	})
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
func (s *Sandbox) stamp(sp *spec, rec record, creating bool) {
	now := s.opts.Now()
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
