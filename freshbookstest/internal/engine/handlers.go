package engine

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Handler serves one request on a resource, in the scope the engine
// resolved for it.
type Handler = func(http.ResponseWriter, *http.Request, *Scope) *Error

// generic is a generic handler: it also says which record it created or
// changed, for the after hook.
type generic = func(http.ResponseWriter, *http.Request, *Scope) (int64, *Error)

// Register adds the routes of a spec: its verbs, served by the generic
// handlers unless its hooks serve them, and its actions.
func (s *Engine) Register(sp *Spec) {
	item := cmp.Or(sp.Item, sp.Path+"/{id}")
	for _, v := range []struct {
		Verb    Verb
		op      Op
		pattern string
		h       generic
	}{
		{List, OpList, "GET " + sp.Path, s.list(sp)},
		{Get, OpGet, "GET " + item, s.get(sp)},
		{Create, OpCreate, "POST " + cmp.Or(sp.Create, sp.Path), s.create(sp)},
		{Update, OpUpdate, "PUT " + item, s.update(sp)},
		{Delete, OpDelete, "DELETE " + item, s.remove(sp)},
	} {
		if sp.Verbs&v.Verb != 0 {
			s.Mux.HandleFunc(v.pattern, s.route(sp, v.op, v.h))
		}
	}
	for _, a := range sp.Actions {
		h := sp.Hooks.Actions[a.Name]
		if h == nil {
			panic("freshbookstest: no handler for action " + a.Name + " of " + sp.Name) // a catalogue mistake
		}
		s.Mux.HandleFunc(a.Method+" "+a.Path, s.serve(sp, h))
	}
	s.specs = append(s.specs, sp)
}

// route serves one operation: the before hook, the family's handler or
// the generic one, then the after hook.
func (s *Engine) route(sp *Spec, o Op, g generic) http.HandlerFunc {
	h := sp.Hooks
	if custom := h.Serve[o]; custom != nil {
		g = func(w http.ResponseWriter, r *http.Request, sc *Scope) (int64, *Error) {
			return 0, custom(w, r, sc)
		}
	}
	return s.serve(sp, func(w http.ResponseWriter, r *http.Request, sc *Scope) *Error {
		if h.Before != nil {
			if e := h.Before(sc, w, r, o); e != nil {
				return e
			}
		}
		id, e := g(w, r, sc)
		if e != nil {
			return e
		}
		if h.After != nil {
			h.After(sc, r, o, id)
		}
		return nil
	})
}

// render is the answer form of a record: a copy, with the members
// [leftOut] dropped, and the spec's view applied.
func (s *Engine) render(sp *Spec, sc *Scope, rec Record, includes []string) Record {
	// One pass: members are copied (deeply, so the view may change them)
	// unless they are left out.
	out := make(Record, len(rec))
	drop := leftOut(sp, includes)
	for k, v := range rec {
		if !drop(k) {
			out[k] = copyValue(v)
		}
	}
	if sp.Hooks.View != nil {
		sp.Hooks.View(sc, out, includes)
	}
	return out
}

// leftOut reports the members of sp's records an answer leaves out: the
// sandbox's own bookkeeping ("_…"), and those shown only when included.
func leftOut(sp *Spec, includes []string) func(string) bool {
	return func(k string) bool {
		return strings.HasPrefix(k, "_") || slices.Contains(sp.Hidden, k) && !slices.Contains(includes, k)
	}
}

// answerOne encodes rec as the answer to r shows it and returns what
// writes it in the family's envelope: the caller holds the lock while it
// encodes, and may release it before it writes.
func (s *Engine) answerOne(w http.ResponseWriter, r *http.Request, sp *Spec, sc *Scope, rec Record) (func(), *Error) {
	buf := s.buffer()
	out, e := s.answers(*buf, sp, sc, []Record{rec}, IncludesOf(sp, r.URL.Query()), nil, true)
	if e != nil {
		s.release(buf, *buf)
		return nil, e
	}
	return func() {
		s.writeJSON(w, r, http.StatusOK, envelope(sp, out))
		s.release(buf, out)
	}, nil
}

// answers encodes records as an answer shows them, each as render would
// make it and then shaped (shape may be nil), as one JSON list, or the
// one record when one is true. The caller holds the read lock. A resource
// without a view is written straight from the store, without a copy.
func (s *Engine) answers(dst []byte, sp *Spec, sc *Scope, recs []Record, includes []string, shape func(Record), one bool) (Raw, *Error) {
	e := encoderFor(sp)
	defer e.keep(sp)
	if !one {
		dst = append(dst, '[')
	}
	drop := leftOut(sp, includes)
	for i, rec := range recs {
		if i > 0 {
			dst = append(dst, ',')
		}
		var err error
		if sp.Hooks.View == nil && shape == nil {
			dst, err = e.object(dst, rec, "", 1, drop)
		} else {
			out := s.render(sp, sc, rec, includes)
			if shape != nil {
				shape(out)
			}
			dst, err = e.object(dst, out, "", 1, nil)
		}
		if err != nil {
			return nil, &Error{Status: http.StatusInternalServerError, Errno: 500, Message: "The record could not be answered: " + err.Error()}
		}
	}
	if !one {
		dst = append(dst, ']')
	}
	return dst, nil
}

func (s *Engine) lookup(sp *Spec, sc *Scope, r *http.Request) (int64, Record, *Error) {
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	t := s.Table(sc.key, sp.Name)
	rec, ok := t.ByID[id]
	if err != nil || !ok {
		return 0, nil, NotFound(sp, raw)
	}
	return id, rec, nil
}

func (s *Engine) get(sp *Spec) generic {
	return func(w http.ResponseWriter, r *http.Request, sc *Scope) (int64, *Error) {
		s.RLock()
		_, rec, e := s.lookup(sp, sc, r)
		var answer func()
		if e == nil {
			answer, e = s.answerOne(w, r, sp, sc, rec)
		}
		s.RUnlock()
		if e != nil {
			return 0, e
		}
		answer()
		return 0, nil
	}
}

// readOnly members are set by the server; writes to them are ignored.
var readOnly = []string{"id", "created_at", "updated", "updated_at", "accounting_systemid", "accountid", "business_id"}

func (s *Engine) create(sp *Spec) generic {
	return func(w http.ResponseWriter, r *http.Request, sc *Scope) (int64, *Error) {
		in, e := ReadBody(w, r, sp.Single)
		if e != nil {
			return 0, e
		}
		s.Lock()
		defer s.Unlock()
		id, e := s.CreateLocked(sp, sc, in)
		if e != nil {
			return 0, e
		}
		s.changed(r, sp, sc, "create", id)
		answer, e := s.answerOne(w, r, sp, sc, in)
		if e != nil {
			return 0, e
		}
		answer()
		return id, nil
	}
}

// CreateLocked validates and stores a new record, completing in with its
// id, timestamps and derived members. Callers hold s.mu.
func (s *Engine) CreateLocked(sp *Spec, sc *Scope, in Record) (int64, *Error) {
	for _, k := range append(readOnly, sp.IDKeys...) {
		delete(in, k)
	}
	if sp.Hooks.Validate != nil {
		if e := sp.Hooks.Validate(sc, in, true); e != nil {
			return 0, e
		}
	}
	t := s.Table(sc.key, sp.Name)
	if _, ok := in["vis_state"]; !ok && sp.Family != Projects {
		in["vis_state"] = json.Number("0")
	}
	id := t.Insert(in)
	for _, k := range sp.IDKeys {
		in[k] = json.Number(strconv.FormatInt(id, 10))
	}
	if sp.Family == Accounting || sp.Family == Events {
		in["accounting_systemid"] = sc.Business.AccountID
	}
	if sp.Scope == ByBusiness {
		in["business_id"] = json.Number(strconv.FormatInt(sc.Business.ID, 10))
	}
	s.stamp(sp, in, true)
	if sp.Hooks.Derive != nil {
		sp.Hooks.Derive(sc, in)
	}
	if err := s.saveLocked(sc.key, sp.Name, id, in); err != nil {
		t.Remove(id)
		return 0, StorageError(err)
	}
	return id, nil
}

func (s *Engine) update(sp *Spec) generic {
	return func(w http.ResponseWriter, r *http.Request, sc *Scope) (int64, *Error) {
		in, e := ReadBody(w, r, sp.Single)
		if e != nil {
			return 0, e
		}
		s.Lock()
		defer s.Unlock()
		id, rec, e := s.lookup(sp, sc, r)
		if e != nil {
			return 0, e
		}
		next := rec.Clone()
		_, vis := in["vis_state"]
		switch act := actionOf(in); {
		case vis && sp.Family != Projects:
			// The vis_state phase runs alone: the rest of the body is
			// discarded (freshbooks-api.md §3.3).
			v := in["vis_state"]
			n, err := strconv.Atoi(Record{"v": v}.Str("v"))
			if err != nil || n < 0 || n > 2 {
				return 0, &Error{Status: 422, Errno: 1004, Field: "vis_state", Message: "Invalid value for field 'vis_state'.", Value: Record{"v": v}.Str("v")}
			}
			next["vis_state"] = json.Number(strconv.Itoa(n))
		case act != "" && !vis && sp.Hooks.Action != nil:
			// The action phase: the body names an action (§3.3).
			if e := sp.Hooks.Action(sc, r, sp, next, in, act); e != nil {
				return 0, e
			}
		default:
			for _, k := range append(readOnly, sp.IDKeys...) {
				delete(in, k)
			}
			for k, v := range in {
				next[k] = v
			}
			if sp.Hooks.Validate != nil {
				if e := sp.Hooks.Validate(sc, next, false); e != nil {
					return 0, e
				}
			}
		}
		s.stamp(sp, next, false)
		if sp.Hooks.Derive != nil {
			sp.Hooks.Derive(sc, next)
		}
		if err := s.saveLocked(sc.key, sp.Name, id, next); err != nil {
			return 0, StorageError(err)
		}
		action := "update"
		if next.Str("vis_state") == "1" && rec.Str("vis_state") != "1" {
			action = "delete"
		}
		s.changed(r, sp, sc, action, id)
		answer, e := s.answerOne(w, r, sp, sc, next)
		if e != nil {
			return 0, e
		}
		answer()
		return id, nil
	}
}

// actionOf names the action a write body asks for: the first, by name,
// of its action_<name> members set to true; "" when none is.
func actionOf(in Record) string {
	action := ""
	for k, v := range in {
		if name, ok := strings.CutPrefix(k, "action_"); ok && Truthy(v) && (action == "" || name < action) {
			action = name
		}
	}
	return action
}

// Truthy reads a JSON flag as FreshBooks does: true, non-zero, "true", "1".
func Truthy(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case json.Number:
		return v.String() != "0"
	case string:
		return v == "true" || v == "1"
	}
	return false
}

func (s *Engine) remove(sp *Spec) generic {
	return func(w http.ResponseWriter, r *http.Request, sc *Scope) (int64, *Error) {
		s.Lock()
		defer s.Unlock()
		id, rec, e := s.lookup(sp, sc, r)
		if e != nil {
			return 0, e
		}
		if sp.Deletion == SoftDelete {
			next := rec.Clone()
			next["vis_state"] = json.Number("1")
			s.stamp(sp, next, false)
			if err := s.saveLocked(sc.key, sp.Name, id, next); err != nil {
				return 0, StorageError(err)
			}
			s.changed(r, sp, sc, "delete", id)
			WriteJSON(w, r, 200, map[string]any{"response": map[string]any{}})
			return id, nil
		}
		if err := s.saveLocked(sc.key, sp.Name, id, nil); err != nil {
			return 0, StorageError(err)
		}
		s.changed(r, sp, sc, "delete", id)
		if sp.Family == Accounting {
			// Accounting answers an empty envelope (Postman "Delete
			// Single Tax"); the other families answer 204.
			WriteJSON(w, r, http.StatusOK, map[string]any{"response": map[string]any{}})
			return id, nil
		}
		w.WriteHeader(http.StatusNoContent)
		return id, nil
	}
}

// changed reports a change made through the API, for webhook deliveries.
// Callers hold s.mu; hooks must not block.
func (s *Engine) changed(r *http.Request, sp *Spec, sc *Scope, action string, id int64) {
	if sp.Event == "" || s.OnChange == nil {
		return
	}
	s.OnChange(Change{Event: sp.Event + "." + action, ObjectID: id, Business: sc.Business, Identity: CallerOf(r).Identity})
}

// Change is one record created, updated or deleted through the API.
type Change struct {
	Event    string // "invoice.create"
	ObjectID int64
	Business *Business
	Identity *Identity
}

// StorageError answers a failed write to the data file: nothing changed.
func StorageError(err error) *Error {
	return &Error{Status: http.StatusInternalServerError, Errno: 500, Message: "The change could not be saved: " + err.Error()}
}

// SpecNamed returns the spec of a resource by collection name ("clients",
// "invoices", "time_entries"), or nil.
func (s *Engine) SpecNamed(name string) *Spec {
	for _, sp := range s.specs {
		if sp.Name == name {
			return sp
		}
	}
	return nil
}

// InsertLocked creates a record of the named resource in business b as
// the API would, and returns it with its id. A resource the sandbox does
// not serve is an error. Callers hold s.mu.
func (s *Engine) InsertLocked(name string, b *Business, rec Record) (Record, error) {
	sp := s.SpecNamed(name)
	if sp == nil {
		return nil, fmt.Errorf("no resource %q", name)
	}
	rec = rec.Clone() // numbers as json.Number, as from the wire
	if _, e := s.CreateLocked(sp, ScopeOf(s, sp, b), rec); e != nil {
		return nil, fmt.Errorf("%s: %s", name, e.Message)
	}
	return rec, nil
}
