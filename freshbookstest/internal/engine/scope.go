package engine

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // accounting timestamps are US/Eastern on any host
)

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
