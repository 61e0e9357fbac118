package projects

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/shopspring/decimal"
)

// The business-id family (freshbooks-api.md §4.3): projects, time
// entries, services and service rates, scoped by the business id, with
// flat envelopes, "meta" paging and the {"errno": 2001, "error": {...}}
// validation shape; and the ledger (§4.2), scoped by the business UUID.

// projectBehaviours are what projects, time entries, services and
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

// ---------------------------------------------------------------------
// Query parameters of the business family. FreshBooks' business services
// validate the filters they know (a pydantic model): a malformed value is
// a 422 errno 2001 naming the parameter (freshbooks-api.md §3.7, captured
// for updated_since); unknown parameters are ignored.

// boolParam reads a boolean filter; absent gives def.
func boolParam(q url.Values, key string, def bool) (bool, *engine.Error) {
	v := q.Get(key)
	if v == "" {
		return def, nil
	}
	switch strings.ToLower(v) {
	case "true", "1", "yes", "on", "t", "y":
		return true, nil
	case "false", "0", "no", "off", "f", "n":
		return false, nil
	}
	// pydantic v2's text; that FreshBooks checks booleans is [INF].
	return false, engine.Validation(2001, key, "Input should be a valid boolean, unable to interpret input")
}

// intParam reads an integer filter; ok is false when absent.
func intParam(q url.Values, key string) (n int64, ok bool, e *engine.Error) {
	v := q.Get(key)
	if v == "" {
		return 0, false, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		// pydantic v2's text; that FreshBooks checks integers is [INF].
		return 0, false, engine.Validation(2001, key, "Input should be a valid integer, unable to parse string as an integer")
	}
	return n, true, nil
}

// timeParam reads a datetime filter (ISO 8601, UTC unless zoned, or a
// bare date); ok is false when absent.
func timeParam(q url.Values, key string) (t time.Time, ok bool, e *engine.Error) {
	v := q.Get(key)
	if v == "" {
		return time.Time{}, false, nil
	}
	t, ok = ParseISO(v)
	if !ok {
		return time.Time{}, false, engine.Validation(2001, key, "Input should be a valid datetime or date, "+DatetimeProblem(v))
	}
	return t, true, nil
}

// ParseISO reads the datetimes the business family accepts: ISO 8601 with
// "T" or a space, optional fractional seconds, "Z" or an offset, UTC when
// there is no zone; or a bare date, at midnight UTC.
func ParseISO(v string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999Z07:00",
		"2006-01-02 15:04:05.999999999", "2006-01-02T15:04Z07:00", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// DatetimeProblem says what is wrong with a datetime as pydantic v2 does.
// "input is too short" is captured from FreshBooks
// (error_422_bare_filter.json); the other texts are pydantic's own for
// those cases [INF].
func DatetimeProblem(v string) string {
	switch {
	case len(v) < 10:
		return "input is too short"
	case strings.IndexFunc(v[:4], func(r rune) bool { return r < '0' || r > '9' }) >= 0:
		return "invalid character in year"
	case v[4] != '-' || v[7] != '-':
		return "invalid date separator, expected `-`"
	}
	if m, err := strconv.Atoi(v[5:7]); err != nil || m < 1 || m > 12 {
		return "month value is outside expected range of 1-12"
	}
	if d, err := strconv.Atoi(v[8:10]); err != nil || d < 1 || d > 31 {
		return "day value is outside expected range"
	}
	return "unexpected extra characters at the end of the input"
}

// wireTime writes an instant as the business family does: UTC, seconds,
// "Z".
func wireTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// ---------------------------------------------------------------------
// Lists of the business family: {"<plural>": [...], "meta": {...}}.

// roleIn is the identity's role in a business, or "".
func roleIn(who *engine.Identity, b *engine.Business) string {
	for _, m := range who.Memberships {
		if m.Business == b {
			return m.Role
		}
	}
	return ""
}

// ownerOf is the owner of a business, or nil.
func ownerOf(sc *engine.Scope, b *engine.Business) (*engine.Identity, engine.Membership) {
	for _, p := range sc.People() {
		for _, m := range p.Memberships {
			if m.Business == b && m.Role == "owner" {
				return p, m
			}
		}
	}
	return nil, engine.Membership{}
}

// exists reports whether a record with id is in a table of the business.
func exists(sc *engine.Scope, table string, id any) bool {
	n, err := strconv.ParseInt(engine.Record{"v": id}.Str("v"), 10, 64)
	if err != nil {
		return false
	}
	return sc.Table(table).ByID[n] != nil
}

// coerce checks and normalises typed members of a write as pydantic's
// lax mode does: integers may come as numbers or digit strings, booleans
// as JSON booleans or "true"/"false"; null stays null. A value of the
// wrong type is a 422 in pydantic v2's words [INF].
func coerce(rec engine.Record, ints, bools []string) *engine.Error {
	for _, k := range ints {
		v, ok := rec[k]
		if !ok || v == nil {
			continue
		}
		var n int64
		var err error
		switch v := v.(type) {
		case json.Number:
			n, err = strconv.ParseInt(v.String(), 10, 64)
		case string:
			n, err = strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		default:
			err = strconv.ErrSyntax
		}
		if err != nil {
			return engine.Validation(2001, k, "Input should be a valid integer")
		}
		rec[k] = engine.Num(n)
	}
	for _, k := range bools {
		v, ok := rec[k]
		if !ok || v == nil {
			continue
		}
		switch x := v.(type) {
		case bool:
		case string:
			b, err := strconv.ParseBool(strings.ToLower(x))
			if err != nil {
				return engine.Validation(2001, k, "Input should be a valid boolean")
			}
			rec[k] = b
		default:
			return engine.Validation(2001, k, "Input should be a valid boolean")
		}
	}
	return nil
}

// ---------------------------------------------------------------------
// Projects (freshbooks-api.md §4.3).

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

// ---------------------------------------------------------------------
// Time entries (freshbooks-api.md §4.3).

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

// ---------------------------------------------------------------------
// Services and service rates (freshbooks-api.md §4.3).

func validateService(_ *engine.Scope, rec engine.Record, _ bool) *engine.Error {
	if e := coerce(rec, []string{"vis_state"}, []string{"billable", "project_default"}); e != nil {
		return e
	}
	if strings.TrimSpace(rec.Str("name")) == "" {
		return engine.Validation(2001, "name", "field required")
	}
	return nil
}

func deriveService(_ *engine.Scope, rec engine.Record) {
	engine.Defaults(rec, map[string]any{"billable": true, "project_default": false, "vis_state": json.Number("0")}) // billable [INF]
}

// deleteService keeps the service with vis_state 1 (services carry
// vis_state; lists hide deleted ones) and answers 204, as the other
// DELETEs of the family [INF].
func deleteService(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
	sp := sc.Spec
	sc.Lock()
	defer sc.Unlock()
	id, rec, e := sc.Lookup(sp, r)
	if e != nil {
		return bizNotFound()
	}
	next := rec.Clone()
	next["vis_state"] = json.Number("1")
	if err := sc.Save(sp.Name, id, next); err != nil {
		return engine.StorageError(err)
	}
	sc.Changed(r, sp, "delete", id)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// listServiceRates serves every rate of the business. Not paged: no meta
// (python-sdk: service_rates list has no pages).
func listServiceRates(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
	sc.Lock()
	t := sc.Table(sc.Spec.Name)
	items := make([]any, 0, len(t.IDs))
	for _, id := range t.IDs {
		items = append(items, t.ByID[id].Clone())
	}
	sc.Unlock()
	engine.WriteJSON(w, r, http.StatusOK, map[string]any{sc.Spec.Plural: items})
	return nil
}

// getServiceRate serves a service's rate.
func getServiceRate(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
	sc.Lock()
	defer sc.Unlock()
	sid, e := rateService(sc, r)
	if e != nil {
		return e
	}
	rate := sc.Table(sc.Spec.Name).ByID[sid]
	if rate == nil {
		return bizNotFound() // a service without a rate [INF]
	}
	engine.WriteOne(w, r, sc.Spec, http.StatusOK, rate.Clone())
	return nil
}

// writeServiceRate serves the POST (creating) and PUT of a service's
// rate. POST on a service that has a rate replaces it [INF].
func writeServiceRate(creating bool) engine.Handler {
	return func(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
		rsp := sc.Spec
		in, e := engine.ReadBody(w, r, rsp.Single)
		if e != nil {
			return e
		}
		sc.Lock()
		defer sc.Unlock()
		sid, e := rateService(sc, r)
		if e != nil {
			return e
		}
		old := sc.Table(rsp.Name).ByID[sid]
		if !creating && old == nil {
			return bizNotFound() // nothing to update [INF]
		}
		rate, e := rateValue(in)
		if e != nil {
			return e
		}
		rec := engine.Record{"business_id": engine.Num(sc.Business.ID), "service_id": engine.Num(sid), "rate": rate}
		if err := sc.Save(rsp.Name, sid, rec); err != nil {
			return engine.StorageError(err)
		}
		engine.WriteOne(w, r, rsp, http.StatusOK, rec.Clone())
		return nil
	}
}

// rateService finds the service of a rate path. Callers hold s.mu.
func rateService(sc *engine.Scope, r *http.Request) (int64, *engine.Error) {
	id, err := strconv.ParseInt(r.PathValue("service"), 10, 64)
	if err != nil || !exists(sc, "services", id) {
		return 0, bizNotFound()
	}
	return id, nil
}

// rateValue checks a written rate and gives it with two decimals, as
// FreshBooks answers it ("10.00"); the messages are pydantic's [INF].
func rateValue(in engine.Record) (string, *engine.Error) {
	v, ok := in["rate"]
	if !ok {
		return "", engine.Validation(2001, "rate", "field required")
	}
	if v == nil {
		return "", engine.Validation(2001, "rate", "none is not an allowed value")
	}
	d, err := decimal.NewFromString(strings.TrimSpace(in.Str("rate")))
	if err != nil {
		return "", engine.Validation(2001, "rate", "Input should be a valid decimal")
	}
	if d.Sign() < 0 {
		return "", engine.Validation(2001, "rate", "Input should be greater than or equal to 0")
	}
	return d.StringFixed(max(2, -d.Exponent())), nil
}
