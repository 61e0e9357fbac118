package engine

import (
	"cmp"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
)

func (s *Engine) list(sp *Spec) generic {
	lister := ListBy(func(_ *http.Request, _ *Scope, q url.Values) (*ListPlan, *Error) {
		sortKey := q.Get("sort")
		return &ListPlan{
			Keep:  matcher(sp, q),
			Order: func(recs []Record) { SortRecords(sp, recs, sortKey) },
			Pure:  true,
		}, nil
	})
	return func(w http.ResponseWriter, r *http.Request, sc *Scope) (int64, *Error) {
		return 0, lister(w, r, sc)
	}
}

// ListPlan is how one list request selects, orders and sums records.
type ListPlan struct {
	Keep  func(Record) bool                        // nil keeps all
	Order func([]Record)                           // nil keeps id order
	Meta  func(matched []Record, m map[string]any) // adds to (or changes) the projects family's meta
	Shape func(out Record)                         // list form of a rendered record
	// Pure says Keep and Order depend on the query and the records
	// alone: the records kept are then reused for the next pages until
	// a write.
	Pure bool
}

// Planner makes the plan of one list request.
type Planner func(r *http.Request, sc *Scope, q url.Values) (*ListPlan, *Error)

// ListBy serves a list with the plan made for each request: one page of
// the records it keeps, in its order, in the family's envelope.
func ListBy(plan Planner) Handler {
	return func(w http.ResponseWriter, r *http.Request, sc *Scope) *Error {
		sp := sc.Spec
		q := r.URL.Query()
		page, perPage, e := paging(q, sp)
		if e != nil {
			return e
		}
		if sc.eng.Strict {
			if e := unknownParam(sp, q); e != nil {
				return e
			}
		}
		p, e := plan(r, sc, q)
		if e != nil {
			return e
		}
		includes := IncludesOf(sp, q)
		sc.RLock()
		t := sc.Table(sp.Name)
		match := func() []Record {
			matched := []Record{}
			for _, id := range t.IDs {
				if rec := t.ByID[id]; p.Keep == nil || p.Keep(rec) {
					matched = append(matched, rec)
				}
			}
			if p.Order != nil {
				p.Order(matched)
			}
			return matched
		}
		var matched []Record
		if p.Pure {
			matched = t.kept(sc.eng.writes, listQuery(q), match)
		} else {
			matched = match()
		}
		total := len(matched)
		pages := (total + perPage - 1) / perPage
		lo := min((page-1)*perPage, total)
		hi := min(lo+perPage, total)
		buf := sc.eng.buffer()
		items, e := sc.eng.answers(*buf, sp, sc, matched[lo:hi], includes, p.Shape, false)
		if e != nil {
			sc.RUnlock()
			sc.eng.release(buf, *buf)
			return e
		}
		var body any
		if sp.Family != Projects {
			body = Result(map[string]any{sp.Plural: items, "page": page, "pages": pages, "per_page": perPage, "total": total})
		} else {
			meta := map[string]any{"page": page, "pages": pages, "per_page": perPage, "total": total}
			if p.Meta != nil {
				p.Meta(matched, meta)
			}
			body = map[string]any{sp.Plural: items, "meta": meta}
		}
		sc.RUnlock()
		sc.eng.writeJSON(w, r, http.StatusOK, body)
		sc.eng.release(buf, items)
		return nil
	}
}

// listQuery is what a list query asks for, page aside.
func listQuery(q url.Values) string {
	if q.Has("page") || q.Has("per_page") {
		q = maps.Clone(q)
		delete(q, "page")
		delete(q, "per_page")
	}
	return q.Encode()
}

// Result wraps v in the accounting envelope.
func Result(v any) any { return map[string]any{"response": map[string]any{"result": v}} }

// WriteOne answers a single record in the family's envelope.
func WriteOne(w http.ResponseWriter, r *http.Request, sp *Spec, status int, v any) {
	WriteJSON(w, r, status, envelope(sp, v))
}

// envelope is a single record v in the family's envelope.
func envelope(sp *Spec, v any) any {
	if sp.Family == Projects {
		return map[string]any{sp.Single: v}
	}
	return Result(map[string]any{sp.Single: v})
}

// paging reads page and per_page as FreshBooks does: page 0 is page 1,
// per_page is capped at 100, anything that is not a number is an error.
func paging(q url.Values, sp *Spec) (page, perPage int, e *Error) {
	page, perPage = 1, cmp.Or(sp.PerPage, 15)
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, 0, &Error{Status: 400, Errno: 1014, Field: "page", Message: "The 'page' argument in the request was not a positive integer.", Value: v}
		}
		page = max(n, 1)
	}
	if v := q.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return 0, 0, &Error{Status: 400, Errno: 1013, Field: "per_page", Message: "The 'per_page' argument in the request was not a positive integer.", Value: v}
		}
		perPage = min(n, 100)
	}
	return page, perPage, nil
}

// matcher is the filter of a list request: the filters the spec accepts,
// read off the query once; unknown keys are ignored, as FreshBooks
// ignores them. Deleted records are left out unless asked for by
// vis_state.
func matcher(sp *Spec, q url.Values) func(Record) bool {
	type filter struct {
		name string
		vals []string
	}
	var filters []filter
	var vis []string // the vis_state asked for, if any
	for key, vals := range q {
		name := key
		if sp.Family != Projects {
			inner, ok := strings.CutPrefix(key, "search[")
			if !ok {
				continue
			}
			name = strings.TrimSuffix(strings.TrimSuffix(inner, "[]"), "]")
		}
		if name == "vis_state" {
			vis = vals
			continue
		}
		filters = append(filters, filter{name, vals})
	}
	return func(rec Record) bool {
		_, hasVis := rec["vis_state"]
		switch {
		case hasVis && vis != nil:
			if rec.Str("vis_state") != vis[0] {
				return false
			}
		case hasVis:
			if rec.Str("vis_state") == "1" {
				return false
			}
		case vis != nil:
			if !matchFilter(sp, rec, "vis_state", vis) {
				return false
			}
		}
		for _, f := range filters {
			if !matchFilter(sp, rec, f.name, f.vals) {
				return false
			}
		}
		return true
	}
}

// unknownParam is the error of a strict sandbox for the first query
// parameter of a list that the resource does not know: a filter, a sort
// key or an include. FreshBooks itself ignores them.
func unknownParam(sp *Spec, q url.Values) *Error {
	keys := slices.Sorted(maps.Keys(q))
	for _, key := range keys {
		vals := q[key]
		var name string
		switch {
		case key == "page" || key == "per_page":
			continue
		case key == "sort":
			k := vals[0]
			if sp.Family == Projects {
				k = strings.TrimPrefix(k, "-")
			} else {
				k = strings.TrimSuffix(strings.TrimSuffix(k, "_asc"), "_desc")
			}
			if _, ok := sp.Sorts[k]; !ok && !slices.Contains(sp.Ignored, k) {
				return &Error{Status: 400, Errno: 1004, Field: "sort", Message: "Unknown sort key '" + k + "'.", Value: vals[0]}
			}
			continue
		case key == "include[]" && sp.Family != Projects:
			for _, v := range vals {
				if !knownInclude(sp, v) {
					return &Error{Status: 400, Errno: 1004, Field: "include", Message: "Unknown include '" + v + "'.", Value: v}
				}
			}
			continue
		case sp.Family == Projects:
			if knownInclude(sp, key) {
				continue
			}
			name = key
		default:
			inner, ok := strings.CutPrefix(key, "search[")
			if !ok {
				return &Error{Status: 400, Errno: 1004, Field: key, Message: "Unknown parameter '" + key + "'.", Value: vals[0]}
			}
			name = strings.TrimSuffix(strings.TrimSuffix(inner, "[]"), "]")
		}
		if !knownFilter(sp, name) {
			return &Error{Status: 400, Errno: 1004, Field: name, Message: "Unknown filter '" + name + "'.", Value: vals[0]}
		}
	}
	return nil
}

func knownInclude(sp *Spec, name string) bool {
	return slices.Contains(sp.Hidden, name) || slices.Contains(sp.Includes, name)
}

func knownFilter(sp *Spec, name string) bool {
	if _, ok := sp.Filters[name]; ok || name == "vis_state" || slices.Contains(sp.Ignored, name) || slices.Contains(sp.Params, name) {
		return true
	}
	for _, suffix := range []string{"_min", "_max"} {
		if base, ok := strings.CutSuffix(name, suffix); ok {
			if f, known := sp.Filters[base]; known && f.Kind == rangeFilter {
				return true
			}
		}
	}
	return false
}

func matchFilter(sp *Spec, rec Record, name string, vals []string) bool {
	if f, ok := sp.Filters[name]; ok {
		got := rec.Str(f.Member)
		switch f.Kind {
		case eqFilter, boolFilter:
			return strings.EqualFold(got, vals[0])
		case inFilter:
			for _, v := range vals {
				if got == v {
					return true
				}
			}
			return false
		case likeFilter:
			return strings.Contains(strings.ToLower(got), strings.ToLower(vals[0]))
		}
	}
	for suffix, want := range map[string]int{"_min": 1, "_max": -1} {
		base, ok := strings.CutSuffix(name, suffix)
		if f, known := sp.Filters[base]; ok && known && f.Kind == rangeFilter {
			// Both bounds are inclusive, as FreshBooks' _min/_max names
			// say [INF: no source states it; the SDK documents the same].
			c := compareValues(rec.Str(f.Member), vals[0])
			return c == 0 || c == want
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

func SortRecords(sp *Spec, recs []Record, key string) {
	desc := false
	if sp.Family == Projects {
		key, desc = strings.CutPrefix(key, "-")
	} else if k, ok := strings.CutSuffix(key, "_desc"); ok {
		key, desc = k, true
	} else {
		key = strings.TrimSuffix(key, "_asc")
	}
	member, ok := sp.Sorts[key]
	if !ok {
		return // unknown sort keys are ignored
	}
	sort.SliceStable(recs, func(i, j int) bool {
		c := compareValues(recs[i].Str(member), recs[j].Str(member))
		if desc {
			return c > 0
		}
		return c < 0
	})
}

func IncludesOf(sp *Spec, q url.Values) []string {
	var out []string
	if sp.Family == Projects {
		for k, v := range q {
			if v[0] == "true" {
				out = append(out, k)
			}
		}
		return out
	}
	return q["include[]"]
}
