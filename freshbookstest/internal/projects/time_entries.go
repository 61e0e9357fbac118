package projects

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// beforeTimeEntry makes a new entry the token's identity's, unless
// another team member is named.
func beforeTimeEntry(_ *engine.Scope, w http.ResponseWriter, r *http.Request, o engine.Op) *engine.Error {
	if o != engine.OpCreate {
		return nil
	}
	who := engine.CallerOf(r).Identity
	_, e := engine.PeekBody(w, r, "time_entry", func(in engine.Record) {
		if in["identity_id"] == nil {
			in["identity_id"] = engine.Num(who.ID)
		}
	})
	return e
}

func validateTimeEntry(sc *engine.Scope, rec engine.Record, creating bool) *engine.Error {
	if e := coerce(rec, []string{"identity_id", "client_id", "project_id", "service_id", "task_id", "retainer_id"},
		[]string{"is_logged", "active", "billable", "billed", "internal"}); e != nil {
		return e
	}
	started, ok := rec["started_at"]
	switch {
	case !ok:
		return engine.Validation(2001, "started_at", "field required")
	case started == nil:
		return engine.Validation(2001, "started_at", "none is not an allowed value") // LIVE-3P KJD
	}
	if _, valid := ParseISO(rec.Str("started_at")); !valid {
		return engine.Validation(2001, "started_at", "Input should be a valid datetime, "+DatetimeProblem(rec.Str("started_at")))
	}
	logged := rec.Str("is_logged") != "false"
	if d, ok := rec["duration"]; ok && d != nil {
		if e := coerce(rec, []string{"duration"}, nil); e != nil {
			return e
		}
		if rec.Int("duration") < 0 {
			return engine.Validation(2001, "duration", "Input should be greater than or equal to 0") // [INF]
		}
	} else if logged && engine.AsMap(rec["timer"])["is_running"] != true {
		// SDK NODE test body (with the key misspelt "duraction" there).
		return engine.Validation(2001, "duration", "Logged entries must have a duration")
	}
	// References must exist in the business [INF: FreshBooks' texts for
	// these are not captured].
	for _, ref := range []struct{ key, table, msg string }{
		{"project_id", "projects", "Project not found"},
		{"service_id", "services", "Service not found"},
	} {
		if v := rec[ref.key]; v != nil && !exists(sc, ref.table, v) {
			return engine.Validation(2001, ref.key, ref.msg)
		}
	}
	if e := checkClient(sc, rec); e != nil {
		return e
	}
	// Time is logged by a member of the business: not by someone of
	// another business [INF, as above].
	if v := rec["identity_id"]; v != nil && !isMember(sc, rec.Int("identity_id")) {
		return engine.Validation(2001, "identity_id", "Identity not found")
	}
	return nil
}

// isMember says whether the identity id belongs to the scope's business.
func isMember(sc *engine.Scope, id int64) bool {
	for _, p := range sc.People() {
		if p.ID != id {
			continue
		}
		for _, m := range p.Memberships {
			if m.Business == sc.Business {
				return true
			}
		}
	}
	return false
}

func deriveTimeEntry(sc *engine.Scope, rec engine.Record) {
	delete(rec, "business_id") // time entries do not carry it (python-sdk fixtures)
	if rec["identity_id"] == nil {
		// Records made without a request (seeding) belong to the owner.
		if who, _ := ownerOf(sc, sc.Business); who != nil {
			rec["identity_id"] = engine.Num(who.ID)
		}
	}
	if t, ok := ParseISO(rec.Str("started_at")); ok {
		rec["started_at"] = wireTime(t)
	}
	var project engine.Record
	if pid := rec["project_id"]; pid != nil {
		if t := sc.Table("projects"); t != nil {
			project = t.ByID[rec.Int("project_id")]
		}
	}
	if project != nil {
		// An entry on a project is for the project's client and as
		// internal as the project [INF].
		if rec["client_id"] == nil && project["client_id"] != nil {
			rec["client_id"] = project["client_id"]
		}
		engine.Defaults(rec, map[string]any{"internal": project.Str("internal") == "true"})
	}
	engine.Defaults(rec, map[string]any{"is_logged": true, "active": true, "billable": rec.Str("internal") != "true", "billed": false,
		"internal": false, "note": nil, "client_id": nil, "project_id": nil, "service_id": nil, "task_id": nil, "retainer_id": nil,
		"pending_client": nil, "pending_project": nil, "pending_task": nil, "timer": nil, "duration": nil})
	// Timers [INF]: an unlogged entry runs a timer (id = the entry's);
	// logging it stops the timer, and the time since started_at becomes
	// the duration unless one is given.
	timer := engine.AsMap(rec["timer"])
	switch {
	case rec.Str("is_logged") == "false":
		rec["timer"] = map[string]any{"id": rec["id"], "is_running": true}
	case timer != nil && timer["is_running"] == true:
		if rec["duration"] == nil {
			start, _ := ParseISO(rec.Str("started_at"))
			rec["duration"] = engine.Num(max(0, int64(sc.Now().Sub(start)/time.Second)))
		}
		rec["timer"] = map[string]any{"id": timer["id"], "is_running": false}
	}
}

func timeEntryListPlan(r *http.Request, _ *engine.Scope, q url.Values) (*engine.ListPlan, *engine.Error) {
	keeps, e := flagKeeps(q, "billable", "billed")
	if e != nil {
		return nil, e
	}
	for _, k := range []string{"client_id", "project_id", "service_id", "task_id", "identity_id"} {
		id, ok, e := intParam(q, k)
		if e != nil {
			return nil, e
		}
		if ok {
			keeps = append(keeps, func(rec engine.Record) bool { return rec.Int(k) == id })
		}
	}
	team, e := boolParam(q, "team", false)
	if e != nil {
		return nil, e
	}
	if !team && q.Get("identity_id") == "" {
		// Without team=true, FreshBooks lists the token's identity's
		// own time (freshbooks-api.md §4.3 "team (all members)") [INF].
		me := engine.CallerOf(r).Identity.ID
		keeps = append(keeps, func(rec engine.Record) bool { return rec.Int("identity_id") == me })
	}
	if unlogged, e := boolParam(q, "include_unlogged", false); e != nil {
		return nil, e
	} else if !unlogged {
		keeps = append(keeps, func(rec engine.Record) bool { return rec.Str("is_logged") != "false" })
	}
	if deleted, e := boolParam(q, "include_deleted", false); e != nil {
		return nil, e
	} else if !deleted {
		// An entry made inactive counts as deleted [INF].
		keeps = append(keeps, func(rec engine.Record) bool { return rec.Str("active") != "false" })
	}
	for _, f := range []struct {
		key, member string
		after       bool // the record's time must be at or after the value
	}{{"started_from", "started_at", true}, {"started_to", "started_at", false}, {"updated_since", "updated_at", true}} {
		at, ok, e := timeParam(q, f.key)
		if e != nil {
			return nil, e
		}
		if ok {
			keeps = append(keeps, func(rec engine.Record) bool {
				t, _ := ParseISO(rec.Str(f.member))
				if f.after {
					return !t.Before(at)
				}
				return !t.After(at)
			})
		}
	}
	return &engine.ListPlan{
		Keep: func(rec engine.Record) bool {
			for _, k := range keeps {
				if !k(rec) {
					return false
				}
			}
			return true
		},
		// No sort key is honoured: newest first (LIVE-3P GSS).
		Order: func(recs []engine.Record) {
			slices.SortStableFunc(recs, func(a, b engine.Record) int {
				if c := strings.Compare(b.Str("started_at"), a.Str("started_at")); c != 0 {
					return c
				}
				return int(b.Int("id") - a.Int("id"))
			})
		},
		Meta: timeEntryTotals,
	}, nil
}

// timeEntryTotals adds the totals of every matched entry to a list's meta
// (freshbooks-api.md §3.6, LIVE-3P IRL): total_logged and total_unbilled
// (billable, not billed) in seconds, and the logged time per team member
// and per client; the element shapes of the last two are [INF]. An empty
// list reports per_page 0, as FreshBooks does.
func timeEntryTotals(matched []engine.Record, m map[string]any) {
	var logged, unbilled int64
	perMember, perClient := map[int64]int64{}, map[int64]int64{}
	for _, e := range matched {
		if e.Str("is_logged") == "false" {
			continue
		}
		d := e.Int("duration")
		logged += d
		if e.Str("billable") == "true" && e.Str("billed") != "true" {
			unbilled += d
		}
		perMember[e.Int("identity_id")] += d
		if e["client_id"] != nil {
			perClient[e.Int("client_id")] += d
		}
	}
	group := func(by map[int64]int64, key string) []any {
		out := []any{}
		for _, id := range slices.Sorted(maps.Keys(by)) {
			out = append(out, map[string]any{key: id, "total_logged": by[id]})
		}
		return out
	}
	m["total_logged"] = logged
	m["total_unbilled"] = unbilled
	m["total_logged_per_team_member"] = group(perMember, "identity_id")
	m["total_logged_per_client"] = group(perClient, "client_id")
	if len(matched) == 0 {
		m["per_page"] = 0
	}
}
