package freshbookstest

import (
	"cmp"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// handler serves one request on a resource, in the scope the engine
// resolved for it.
type handler = func(http.ResponseWriter, *http.Request, *scopeData) *apiError

// generic is a generic handler: it also says which record it created or
// changed, for the after hook.
type generic = func(http.ResponseWriter, *http.Request, *scopeData) (int64, *apiError)

// register adds the routes of a spec: its verbs, served by the generic
// handlers unless its hooks serve them, and its actions.
func (s *engine) register(sp *spec) {
	item := cmp.Or(sp.item, sp.path+"/{id}")
	for _, v := range []struct {
		verb    verb
		op      op
		pattern string
		h       generic
	}{
		{vList, opList, "GET " + sp.path, s.list(sp)},
		{vGet, opGet, "GET " + item, s.get(sp)},
		{vCreate, opCreate, "POST " + cmp.Or(sp.create, sp.path), s.create(sp)},
		{vUpdate, opUpdate, "PUT " + item, s.update(sp)},
		{vDelete, opDelete, "DELETE " + item, s.remove(sp)},
	} {
		if sp.verbs&v.verb != 0 {
			s.mux.HandleFunc(v.pattern, s.route(sp, v.op, v.h))
		}
	}
	for _, a := range sp.actions {
		h := sp.hooks.actions[a.name]
		if h == nil {
			panic("freshbookstest: no handler for action " + a.name + " of " + sp.name) // a catalogue mistake
		}
		s.mux.HandleFunc(a.method+" "+a.path, s.serve(sp, h))
	}
	s.specs = append(s.specs, sp)
}

// route serves one operation: the before hook, the family's handler or
// the generic one, then the after hook.
func (s *engine) route(sp *spec, o op, g generic) http.HandlerFunc {
	h := sp.hooks
	if custom := h.serve[o]; custom != nil {
		g = func(w http.ResponseWriter, r *http.Request, sc *scopeData) (int64, *apiError) {
			return 0, custom(w, r, sc)
		}
	}
	return s.serve(sp, func(w http.ResponseWriter, r *http.Request, sc *scopeData) *apiError {
		if h.before != nil {
			if e := h.before(sc, w, r, o); e != nil {
				return e
			}
		}
		id, e := g(w, r, sc)
		if e != nil {
			return e
		}
		if h.after != nil {
			h.after(sc, r, o, id)
		}
		return nil
	})
}

func (s *engine) list(sp *spec) generic {
	lister := listBy(func(_ *http.Request, _ *scopeData, q url.Values) (*listPlan, *apiError) {
		sortKey := q.Get("sort")
		return &listPlan{
			keep:  func(rec record) bool { return matches(sp, rec, q) },
			order: func(recs []record) { sortRecords(sp, recs, sortKey) },
		}, nil
	})
	return func(w http.ResponseWriter, r *http.Request, sc *scopeData) (int64, *apiError) {
		return 0, lister(w, r, sc)
	}
}

// listPlan is how one list request selects, orders and sums records.
type listPlan struct {
	keep  func(record) bool                        // nil keeps all
	order func([]record)                           // nil keeps id order
	meta  func(matched []record, m map[string]any) // adds to (or changes) the projects family's meta
	shape func(out record)                         // list form of a rendered record
}

// planner makes the plan of one list request.
type planner func(r *http.Request, sc *scopeData, q url.Values) (*listPlan, *apiError)

// listBy serves a list with the plan made for each request: one page of
// the records it keeps, in its order, in the family's envelope.
func listBy(plan planner) handler {
	return func(w http.ResponseWriter, r *http.Request, sc *scopeData) *apiError {
		sp := sc.sp
		q := r.URL.Query()
		page, perPage, e := paging(q, sp)
		if e != nil {
			return e
		}
		p, e := plan(r, sc, q)
		if e != nil {
			return e
		}
		includes := includesOf(sp, q)
		sc.lock()
		t := sc.table(sp.name)
		var matched []record
		for _, id := range t.ids {
			if rec := t.byID[id]; p.keep == nil || p.keep(rec) {
				matched = append(matched, rec)
			}
		}
		if p.order != nil {
			p.order(matched)
		}
		total := len(matched)
		pages := (total + perPage - 1) / perPage
		lo := min((page-1)*perPage, total)
		hi := min(lo+perPage, total)
		items := make([]any, 0, hi-lo)
		for _, rec := range matched[lo:hi] {
			out := sc.render(sp, rec, includes)
			if p.shape != nil {
				p.shape(out)
			}
			items = append(items, out)
		}
		if sp.family != famProjects {
			sc.unlock()
			writeJSON(w, r, http.StatusOK, result(map[string]any{sp.plural: items, "page": page, "pages": pages, "per_page": perPage, "total": total}))
			return nil
		}
		meta := map[string]any{"page": page, "pages": pages, "per_page": perPage, "total": total}
		if p.meta != nil {
			p.meta(matched, meta)
		}
		sc.unlock()
		writeJSON(w, r, http.StatusOK, map[string]any{sp.plural: items, "meta": meta})
		return nil
	}
}

// result wraps v in the accounting envelope.
func result(v any) any { return map[string]any{"response": map[string]any{"result": v}} }

// one answers a single record in the family's envelope.
func one(w http.ResponseWriter, r *http.Request, sp *spec, status int, v any) {
	if sp.family == famProjects {
		writeJSON(w, r, status, map[string]any{sp.single: v})
		return
	}
	writeJSON(w, r, status, result(map[string]any{sp.single: v}))
}

// paging reads page and per_page as FreshBooks does: page 0 is page 1,
// per_page is capped at 100, anything that is not a number is an error.
func paging(q url.Values, sp *spec) (page, perPage int, e *apiError) {
	page, perPage = 1, cmp.Or(sp.perPage, 15)
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, 0, &apiError{status: 400, errno: 1014, field: "page", message: "The 'page' argument in the request was not a positive integer.", value: v}
		}
		page = max(n, 1)
	}
	if v := q.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return 0, 0, &apiError{status: 400, errno: 1013, field: "per_page", message: "The 'per_page' argument in the request was not a positive integer.", value: v}
		}
		perPage = min(n, 100)
	}
	return page, perPage, nil
}

// matches applies the filters a spec accepts; unknown keys are ignored,
// as FreshBooks ignores them. Deleted records are left out unless asked
// for by vis_state.
func matches(sp *spec, rec record, q url.Values) bool {
	_, hasVis := rec["vis_state"]
	visAsked := false
	for key, vals := range q {
		name := key
		if sp.family != famProjects {
			inner, ok := strings.CutPrefix(key, "search[")
			if !ok {
				continue
			}
			name = strings.TrimSuffix(strings.TrimSuffix(inner, "[]"), "]")
		}
		if name == "vis_state" && hasVis {
			visAsked = true
			if rec.str("vis_state") != vals[0] {
				return false
			}
			continue
		}
		if !matchFilter(sp, rec, name, vals) {
			return false
		}
	}
	return !hasVis || visAsked || rec.str("vis_state") != "1"
}

func matchFilter(sp *spec, rec record, name string, vals []string) bool {
	if f, ok := sp.filters[name]; ok {
		got := rec.str(f.member)
		switch f.kind {
		case fEq, fBool:
			return strings.EqualFold(got, vals[0])
		case fIn:
			for _, v := range vals {
				if got == v {
					return true
				}
			}
			return false
		case fLike:
			return strings.Contains(strings.ToLower(got), strings.ToLower(vals[0]))
		}
	}
	for suffix, want := range map[string]int{"_min": 1, "_max": -1} {
		base, ok := strings.CutSuffix(name, suffix)
		if f, known := sp.filters[base]; ok && known && f.kind == fRange {
			c := compareValues(rec.str(f.member), vals[0])
			if (want == 1 && c < 0) || (want == -1 && c >= 0) {
				return false
			}
			return true
		}
	}
	return true // not a filter of this resource: ignored
}

// compareValues compares numerically when both sides are numbers, else
// as text (dates and timestamps compare correctly as text; a timestamp is
// compared by its day, FreshBooks' granularity).
func compareValues(a, b string) int {
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	if err1 == nil && err2 == nil {
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	}
	if len(b) == 10 && len(a) > 10 {
		a = a[:10]
	}
	return strings.Compare(a, b)
}

func sortRecords(sp *spec, recs []record, key string) {
	desc := false
	if sp.family == famProjects {
		key, desc = strings.CutPrefix(key, "-")
	} else if k, ok := strings.CutSuffix(key, "_desc"); ok {
		key, desc = k, true
	} else {
		key = strings.TrimSuffix(key, "_asc")
	}
	member, ok := sp.sorts[key]
	if !ok {
		return // unknown sort keys are ignored
	}
	sort.SliceStable(recs, func(i, j int) bool {
		c := compareValues(recs[i].str(member), recs[j].str(member))
		if desc {
			return c > 0
		}
		return c < 0
	})
}

func includesOf(sp *spec, q url.Values) []string {
	var out []string
	if sp.family == famProjects {
		for k, v := range q {
			if v[0] == "true" {
				out = append(out, k)
			}
		}
		return out
	}
	return q["include[]"]
}

// render is the answer form of a record: a copy, with members shown only
// when included dropped, and the spec's view applied.
func (s *engine) render(sp *spec, sc *scopeData, rec record, includes []string) record {
	out := rec.clone()
	for k := range out {
		if strings.HasPrefix(k, "_") { // the sandbox's own bookkeeping
			delete(out, k)
		}
	}
	for _, h := range sp.hidden {
		if !slices.Contains(includes, h) {
			delete(out, h)
		}
	}
	if sp.hooks.view != nil {
		sp.hooks.view(sc, out, includes)
	}
	return out
}

func (s *engine) lookup(sp *spec, sc *scopeData, r *http.Request) (int64, record, *apiError) {
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	t := s.table(sc.key, sp.name)
	rec, ok := t.byID[id]
	if err != nil || !ok {
		return 0, nil, notFound(sp, raw)
	}
	return id, rec, nil
}

func (s *engine) get(sp *spec) generic {
	return func(w http.ResponseWriter, r *http.Request, sc *scopeData) (int64, *apiError) {
		s.mu.Lock()
		_, rec, e := s.lookup(sp, sc, r)
		var out record
		if e == nil {
			out = s.render(sp, sc, rec, includesOf(sp, r.URL.Query()))
		}
		s.mu.Unlock()
		if e != nil {
			return 0, e
		}
		one(w, r, sp, 200, out)
		return 0, nil
	}
}

// readOnly members are set by the server; writes to them are ignored.
var readOnly = []string{"id", "created_at", "updated", "updated_at", "accounting_systemid", "accountid", "business_id"}

func (s *engine) create(sp *spec) generic {
	return func(w http.ResponseWriter, r *http.Request, sc *scopeData) (int64, *apiError) {
		in, e := readWrite(w, r, sp.single)
		if e != nil {
			return 0, e
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		id, e := s.createLocked(sp, sc, in)
		if e != nil {
			return 0, e
		}
		s.changed(r, sp, sc, "create", id)
		one(w, r, sp, 200, s.render(sp, sc, in, includesOf(sp, r.URL.Query())))
		return id, nil
	}
}

// createLocked validates and stores a new record, completing in with its
// id, timestamps and derived members. Callers hold s.mu.
func (s *engine) createLocked(sp *spec, sc *scopeData, in record) (int64, *apiError) {
	for _, k := range append(readOnly, sp.idKeys...) {
		delete(in, k)
	}
	if sp.hooks.validate != nil {
		if e := sp.hooks.validate(sc, in, true); e != nil {
			return 0, e
		}
	}
	t := s.table(sc.key, sp.name)
	if _, ok := in["vis_state"]; !ok && sp.family != famProjects {
		in["vis_state"] = json.Number("0")
	}
	id := t.insert(in)
	for _, k := range sp.idKeys {
		in[k] = json.Number(strconv.FormatInt(id, 10))
	}
	if sp.family == famAccounting || sp.family == famEvents {
		in["accounting_systemid"] = sc.business.AccountID
	}
	if sp.scope == byBusiness {
		in["business_id"] = json.Number(strconv.FormatInt(sc.business.ID, 10))
	}
	s.stamp(sp, in, true)
	if sp.hooks.derive != nil {
		sp.hooks.derive(sc, in)
	}
	if err := s.saveLocked(sc.key, sp.name, id, in); err != nil {
		t.remove(id)
		return 0, storageError(err)
	}
	return id, nil
}

func (s *engine) update(sp *spec) generic {
	return func(w http.ResponseWriter, r *http.Request, sc *scopeData) (int64, *apiError) {
		in, e := readWrite(w, r, sp.single)
		if e != nil {
			return 0, e
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		id, rec, e := s.lookup(sp, sc, r)
		if e != nil {
			return 0, e
		}
		next := rec.clone()
		_, vis := in["vis_state"]
		switch act := actionOf(in); {
		case vis && sp.family != famProjects:
			// The vis_state phase runs alone: the rest of the body is
			// discarded (freshbooks-api.md §3.3).
			v := in["vis_state"]
			n, err := strconv.Atoi(record{"v": v}.str("v"))
			if err != nil || n < 0 || n > 2 {
				return 0, &apiError{status: 422, errno: 1004, field: "vis_state", message: "Invalid value for field 'vis_state'.", value: record{"v": v}.str("v")}
			}
			next["vis_state"] = json.Number(strconv.Itoa(n))
		case act != "" && !vis && sp.hooks.action != nil:
			// The action phase: the body names an action (§3.3).
			if e := sp.hooks.action(sc, r, sp, next, in, act); e != nil {
				return 0, e
			}
		default:
			for _, k := range append(readOnly, sp.idKeys...) {
				delete(in, k)
			}
			for k, v := range in {
				next[k] = v
			}
			if sp.hooks.validate != nil {
				if e := sp.hooks.validate(sc, next, false); e != nil {
					return 0, e
				}
			}
		}
		s.stamp(sp, next, false)
		if sp.hooks.derive != nil {
			sp.hooks.derive(sc, next)
		}
		if err := s.saveLocked(sc.key, sp.name, id, next); err != nil {
			return 0, storageError(err)
		}
		action := "update"
		if next.str("vis_state") == "1" && rec.str("vis_state") != "1" {
			action = "delete"
		}
		s.changed(r, sp, sc, action, id)
		one(w, r, sp, 200, s.render(sp, sc, next, includesOf(sp, r.URL.Query())))
		return id, nil
	}
}

// actionOf names the action a write body asks for: the first, by name,
// of its action_<name> members set to true; "" when none is.
func actionOf(in record) string {
	action := ""
	for k, v := range in {
		if name, ok := strings.CutPrefix(k, "action_"); ok && truthy(v) && (action == "" || name < action) {
			action = name
		}
	}
	return action
}

// truthy reads a JSON flag as FreshBooks does: true, non-zero, "true", "1".
func truthy(v any) bool {
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

func (s *engine) remove(sp *spec) generic {
	return func(w http.ResponseWriter, r *http.Request, sc *scopeData) (int64, *apiError) {
		s.mu.Lock()
		defer s.mu.Unlock()
		id, rec, e := s.lookup(sp, sc, r)
		if e != nil {
			return 0, e
		}
		if sp.deletion == softDelete {
			next := rec.clone()
			next["vis_state"] = json.Number("1")
			s.stamp(sp, next, false)
			if err := s.saveLocked(sc.key, sp.name, id, next); err != nil {
				return 0, storageError(err)
			}
			s.changed(r, sp, sc, "delete", id)
			writeJSON(w, r, 200, map[string]any{"response": map[string]any{}})
			return id, nil
		}
		if err := s.saveLocked(sc.key, sp.name, id, nil); err != nil {
			return 0, storageError(err)
		}
		s.changed(r, sp, sc, "delete", id)
		if sp.family == famAccounting {
			// Accounting answers an empty envelope (Postman "Delete
			// Single Tax"); the other families answer 204.
			writeJSON(w, r, http.StatusOK, map[string]any{"response": map[string]any{}})
			return id, nil
		}
		w.WriteHeader(http.StatusNoContent)
		return id, nil
	}
}

// changed reports a change made through the API, for webhook deliveries.
// Callers hold s.mu; hooks must not block.
func (s *engine) changed(r *http.Request, sp *spec, sc *scopeData, action string, id int64) {
	if sp.event == "" || s.onChange == nil {
		return
	}
	s.onChange(change{event: sp.event + "." + action, objectID: id, business: sc.business, identity: callerOf(r).identity})
}

// change is one record created, updated or deleted through the API.
type change struct {
	event    string // "invoice.create"
	objectID int64
	business *business
	identity *identity
}

// storageError answers a failed write to the data file: nothing changed.
func storageError(err error) *apiError {
	return &apiError{status: http.StatusInternalServerError, errno: 500, message: "The change could not be saved: " + err.Error()}
}
