package projects

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// The business-id family (freshbooks-api.md §4.3): projects, time
// entries, services and service rates, scoped by the business id, with
// flat envelopes, "meta" paging and the {"errno": 2001, "error": {...}}
// validation shape; and the ledger (§4.2), scoped by the business UUID.

// Behaviours are what projects, time entries, services and
// service rates do beyond the generic engine.
func Behaviours() map[string]engine.Behaviour {
	return map[string]engine.Behaviour{
		"projects": {
			Sorts:    map[string]string{"created_at": "created_at", "due_date": "due_date", "title": "title"},
			Params:   []string{"active", "complete", "internal", "client_id", "updated_since", "skip_group"}, // projectListPlan's
			Includes: []string{"include_logged_duration"},
			Hooks: engine.Hooks{Validate: validateProject, Derive: deriveProject, View: viewProject, Before: beforeProject,
				Serve:   map[engine.Op]engine.Handler{engine.OpList: listProjects, engine.OpGet: getProject},
				Actions: map[string]engine.Handler{"abilities": abilities}},
		},
		"time_entries": {
			Params: []string{"project_id", "client_id", "identity_id", "service_id", "task_id", "billable", "billed", "team",
				"include_unlogged", "include_deleted", "started_from", "started_to", "updated_since", "is_logged"}, // timeEntryListPlan's
			Hooks: engine.Hooks{Validate: validateTimeEntry, Derive: deriveTimeEntry, Before: beforeTimeEntry,
				View: func(_ *engine.Scope, rec engine.Record, _ []string) {
					delete(rec, "updated_at") // kept for updated_since; not sent (python-sdk fixtures)
				},
				Serve: map[engine.Op]engine.Handler{engine.OpList: engine.ListBy(timeEntryListPlan)}},
		},
		"services": {
			Filters: map[string]engine.Filter{"billable": engine.Bool("billable"), "project_default": engine.Bool("project_default")},
			Hooks: engine.Hooks{Validate: validateService, Derive: deriveService,
				Serve: map[engine.Op]engine.Handler{engine.OpDelete: deleteService}},
		},
		"service_rates": {Hooks: engine.Hooks{Serve: map[engine.Op]engine.Handler{engine.OpList: listServiceRates, engine.OpGet: getServiceRate,
			engine.OpCreate: writeServiceRate(true), engine.OpUpdate: writeServiceRate(false)}}},
	}
}

// bizNotFound is the business family's 404 (python-sdk fixture
// get_project_response__not_found).
func bizNotFound() *engine.Error {
	return &engine.Error{Status: http.StatusNotFound, Errno: 1012, Message: "Requested resource could not be found."}
}

// listProjects serves the list: filters, meta.sort, group_id.
var listProjects = engine.ListBy(func(_ *http.Request, sc *engine.Scope, q url.Values) (*engine.ListPlan, *engine.Error) {
	return projectListPlan(sc.Spec, q)
})

// beforeProject refuses a PUT without title: it fails inside FreshBooks
// (LIVE-3P KJD, freshbooks-api.md §3.3).
func beforeProject(_ *engine.Scope, w http.ResponseWriter, r *http.Request, o engine.Op) *engine.Error {
	if o != engine.OpUpdate {
		return nil
	}
	in, e := engine.PeekBody(w, r, "project", nil)
	if e != nil {
		return e
	}
	if _, ok := in["title"]; !ok {
		return &engine.Error{Status: http.StatusInternalServerError, Errno: 500, Message: "An internal error has occurred."}
	}
	return nil
}

// abilities serves GET …/abilities: what the caller may do with the
// business's projects.
func abilities(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
	engine.WriteJSON(w, r, http.StatusOK, map[string]any{"abilities": businessAbilities(roleIn(engine.CallerOf(r).Identity, sc.Business))})
	return nil
}

// flagKeeps are the filters of the boolean query keys that are set: each
// keeps the records whose member has the asked value.
func flagKeeps(q url.Values, keys ...string) ([]func(engine.Record) bool, *engine.Error) {
	var keeps []func(engine.Record) bool
	for _, k := range keys {
		if q.Get(k) == "" {
			continue
		}
		want, e := boolParam(q, k, false)
		if e != nil {
			return nil, e
		}
		keeps = append(keeps, func(rec engine.Record) bool { return rec.Str(k) == strconv.FormatBool(want) })
	}
	return keeps, nil
}

func projectListPlan(sp *engine.Spec, q url.Values) (*engine.ListPlan, *engine.Error) {
	p := &engine.ListPlan{}
	keeps, e := flagKeeps(q, "active", "complete", "internal")
	if e != nil {
		return nil, e
	}
	if id, ok, e := intParam(q, "client_id"); e != nil {
		return nil, e
	} else if ok {
		keeps = append(keeps, func(rec engine.Record) bool { return rec.Int("client_id") == id })
	}
	if since, ok, e := timeParam(q, "updated_since"); e != nil {
		return nil, e
	} else if ok {
		keeps = append(keeps, func(rec engine.Record) bool {
			t, _ := ParseISO(rec.Str("updated_at"))
			return !t.Before(since)
		})
	}
	skipGroup, e := boolParam(q, "skip_group", false)
	if e != nil {
		return nil, e
	}
	p.Keep = func(rec engine.Record) bool {
		for _, k := range keeps {
			if !k(rec) {
				return false
			}
		}
		return true
	}
	sortKey := q.Get("sort")
	p.Order = func(recs []engine.Record) { engine.SortRecords(sp, recs, sortKey) }
	p.Meta = func(_ []engine.Record, m map[string]any) {
		// FreshBooks echoes the sort it was given, known or not
		// (freshbooks-api.md §3.6); [] without one (list_projects_response).
		m["sort"] = []string{}
		if sortKey != "" {
			m["sort"] = []string{sortKey}
		}
	}
	p.Shape = func(out engine.Record) {
		// Lists carry group_id where the single GET carries the group.
		if g := engine.AsMap(out["group"]); g != nil && !skipGroup {
			out["group_id"] = g["id"]
		}
		delete(out, "group")
	}
	return p, nil
}

// getProject serves one project, with its group and abilities.
func getProject(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
	sp := sc.Spec
	skipGroup, e := boolParam(r.URL.Query(), "skip_group", false)
	if e != nil {
		return e
	}
	sc.Lock()
	_, rec, e := sc.Lookup(sp, r)
	var out engine.Record
	if e == nil {
		out = sc.Render(sp, rec, engine.IncludesOf(sp, r.URL.Query()))
	}
	sc.Unlock()
	if e != nil {
		return bizNotFound()
	}
	if skipGroup {
		delete(out, "group")
	}
	engine.WriteJSON(w, r, http.StatusOK, map[string]any{"project": out, "abilities": projectAbilities(roleIn(engine.CallerOf(r).Identity, sc.Business), out)})
	return nil
}

// projectAbilityNames are the abilities of a project's GET, in
// FreshBooks' order (python-sdk fixture get_project_response).
var projectAbilityNames = []string{"can_edit", "can_archive", "can_generate_invoice", "can_delete", "can_invite_team_member",
	"can_manage_services", "can_view_team_time", "can_edit_hourly_budget", "can_edit_client", "can_edit_project_manager",
	"can_view_invoices_tab", "can_view_fixed_price", "can_edit_fixed_price", "can_edit_end_date", "can_edit_flat_rate",
	"can_edit_project_type", "can_edit_title", "can_view_review_tab", "can_view_discuss_tab", "can_track_time", "can_create_comment"}

// manages reports whether a role manages the business's projects [INF].
func manages(role string) bool {
	return role == "owner" || role == "admin" || role == "manager" || role == "business_admin" || role == "business_manager"
}

// projectAbilities: a manager may do everything, except invoice a project
// without a client (the fixture's internal project has
// can_generate_invoice false); anyone else may only track time and
// discuss [INF].
func projectAbilities(role string, p engine.Record) []any {
	out := make([]any, 0, len(projectAbilityNames))
	for _, n := range projectAbilityNames {
		v := manages(role)
		switch n {
		case "can_generate_invoice":
			v = v && p["client_id"] != nil && p.Str("internal") != "true"
		case "can_track_time", "can_create_comment", "can_view_discuss_tab":
			v = role != ""
		}
		out = append(out, map[string]any{"name": n, "value": v})
	}
	return out
}

// businessAbilities answers GET .../abilities; can_view_projects is from
// the POSTMAN example, the others [INF].
func businessAbilities(role string) []any {
	var out []any
	for _, n := range []string{"can_view_projects", "can_create_projects", "can_edit_projects", "can_delete_projects", "can_view_team_time", "can_track_time"} {
		v := manages(role)
		if n == "can_view_projects" || n == "can_track_time" {
			v = role != ""
		}
		out = append(out, map[string]any{"name": n, "value": v})
	}
	return out
}

func validateProject(sc *engine.Scope, rec engine.Record, _ bool) *engine.Error {
	if e := coerce(rec, []string{"client_id", "budget", "project_manager_id", "retainer_id", "group_id"},
		[]string{"active", "complete", "internal"}); e != nil {
		return e
	}
	title := rec.Str("title")
	if strings.TrimSpace(title) == "" {
		return engine.Validation(2001, "title", "field required")
	}
	if len([]rune(title)) > 255 {
		return engine.Validation(2001, "title", "String must be 255 characters long or fewer")
	}
	return checkClient(sc, rec)
}

// checkClient checks a record's client_id, when set, names a client of
// the business: never one of another business [INF: FreshBooks' text is
// not captured].
func checkClient(sc *engine.Scope, rec engine.Record) *engine.Error {
	if v := rec["client_id"]; v != nil {
		n, _ := strconv.ParseInt(rec.Str("client_id"), 10, 64)
		if sc.In("clients").Table("clients").ByID[n] == nil {
			return engine.Validation(2001, "client_id", "Client not found")
		}
	}
	return nil
}

func deriveProject(sc *engine.Scope, rec engine.Record) {
	creating := rec["group"] == nil
	delete(rec, "business_id") // projects do not carry it (python-sdk fixtures)
	engine.Defaults(rec, map[string]any{"active": true, "complete": false, "internal": false, "budget": nil, "fixed_price": nil, "rate": nil,
		"billing_method": nil, "project_type": "hourly_rate", "billed_amount": "0.00", "billed_status": "unbilled", "project_manager_id": nil,
		"expense_markup": "0", "retainer_id": nil, "sample": false, "description": nil, "due_date": nil, "client_id": nil, "logged_duration": nil})
	// Projects write their timestamps without the Z, still in UTC
	// (freshbooks-api.md §3.5; get_project_response).
	for _, k := range []string{"created_at", "updated_at"} {
		rec[k] = strings.TrimSuffix(rec.Str(k), "Z")
	}
	if creating {
		if _, ok := rec["services"]; !ok {
			// New projects get the services marked project_default [INF].
			var ids []any
			if t := sc.Table("services"); t != nil {
				for _, id := range t.IDs {
					if svc := t.ByID[id]; svc.Str("project_default") == "true" && svc.Str("vis_state") != "1" {
						ids = append(ids, map[string]any{"id": engine.Num(id)})
					}
				}
			}
			rec["services"] = ids
		}
		id := rec.Int("id")
		var members []any
		if who, m := ownerOf(sc, sc.Business); who != nil {
			members = append(members, map[string]any{"id": engine.Num(m.ID), "identity_id": engine.Num(who.ID), "role": "owner",
				"first_name": who.FirstName, "last_name": who.LastName, "email": who.Email, "company": sc.Business.Name, "active": true})
		}
		// One group per project; its id is derived from the project's.
		rec["group"] = map[string]any{"id": engine.Num(700000 + id), "members": members, "pending_invitations": []any{}}
	}
	if rec["services"] == nil {
		rec["services"] = []any{}
	}
}

// viewProject shows each service as it is now, and logged_duration when
// include_logged_duration=true: the seconds of the project's logged time
// entries (null otherwise, as FreshBooks sends it).
func viewProject(sc *engine.Scope, rec engine.Record, includes []string) {
	if list, ok := rec["services"].([]any); ok {
		out := make([]any, 0, len(list))
		t := sc.Table("services")
		for _, v := range list {
			m := engine.AsMap(v)
			if m == nil || t == nil {
				continue
			}
			svc := t.ByID[engine.Record(m).Int("id")]
			if svc == nil {
				continue
			}
			out = append(out, map[string]any{"business_id": svc["business_id"], "id": svc["id"], "name": svc["name"],
				"billable": svc["billable"], "vis_state": svc["vis_state"]})
		}
		rec["services"] = out
	}
	rec["logged_duration"] = nil
	if !slices.Contains(includes, "include_logged_duration") {
		return
	}
	var total int64
	if t := sc.Table("time_entries"); t != nil {
		for _, id := range t.IDs {
			e := t.ByID[id]
			if e.Int("project_id") == rec.Int("id") && e.Str("is_logged") == "true" && e.Str("active") != "false" {
				total += e.Int("duration")
			}
		}
	}
	rec["logged_duration"] = engine.Num(total)
}
