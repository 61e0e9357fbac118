package projects_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/freshbooks-go/freshbooks/freshbookstest"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/projects"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/sandboxtest"
)

func TestTimeEntryValidationShape(t *testing.T) {
	env := sandboxtest.New(t, "", freshbookstest.Options{Now: sandboxtest.Now})
	path := env.Business("timetracking", "time_entries")
	for _, tc := range []struct{ body, want string }{
		{`{"time_entry": {"duration": 60}}`, `{"errno":2001,"error":{"started_at":"field required"}}`},
		{`{"time_entry": {"started_at": null, "duration": 60}}`, `{"errno":2001,"error":{"started_at":"none is not an allowed value"}}`},
		{`{"time_entry": {"started_at": "2026-03"}}`, `{"errno":2001,"error":{"started_at":"Input should be a valid datetime, input is too short"}}`},
		{`{"time_entry": {"started_at": "2026-03-01T10:00:00Z"}}`, `{"errno":2001,"error":{"duration":"Logged entries must have a duration"}}`},
		{`{"time_entry": {"started_at": "2026-03-01T10:00:00Z", "duration": -5}}`, `{"errno":2001,"error":{"duration":"Input should be greater than or equal to 0"}}`},
		{`{"time_entry": {"started_at": "2026-03-01T10:00:00Z", "duration": 60, "project_id": 1}}`, `{"errno":2001,"error":{"project_id":"Project not found"}}`},
	} {
		status, raw := env.Call("POST", path, tc.body)
		if status != 422 || raw != tc.want {
			t.Errorf("POST %s: %d %s, want 422 %s", tc.body, status, raw, tc.want)
		}
	}
	// Lax types, as pydantic: digit strings are integers, "true" a boolean.
	status, raw := env.Call("POST", path, `{"time_entry": {"started_at": "2026-03-01", "duration": "60", "billable": "false"}}`)
	if status != 200 || !strings.Contains(raw, `"duration":60,`) || !strings.Contains(raw, `"billable":false,`) || !strings.Contains(raw, `"started_at":"2026-03-01T00:00:00Z"`) {
		t.Errorf("lax types: %d %s", status, raw)
	}
	if status, raw := env.Call("POST", path, `{"time_entry": {"started_at": "2026-03-01", "duration": {"h": 1}}}`); status != 422 ||
		raw != `{"errno":2001,"error":{"duration":"Input should be a valid integer"}}` {
		t.Errorf("object duration: %d %s", status, raw)
	}
	// A malformed datetime filter is validated (LIVE-3P IRL capture).
	status, raw = env.Call("GET", path+"?updated_since=notadate", "")
	if want := `{"errno":2001,"error":{"updated_since":"Input should be a valid datetime or date, input is too short"}}`; status != 422 || raw != want {
		t.Errorf("updated_since=notadate: %d %s, want 422 %s", status, raw, want)
	}
	// The accounting spelling is ignored, not validated.
	if status, _ := env.Call("GET", path+"?search[updated_since]=notadate", ""); status != 200 {
		t.Errorf("search[updated_since]: %d, want 200", status)
	}
}

func TestTimeEntryWireForm(t *testing.T) {
	env := sandboxtest.New(t, "", freshbookstest.Options{Now: sandboxtest.Now})
	path := env.Business("timetracking", "time_entries")
	status, m := env.JSON("POST", path, `{"time_entry": {"started_at": "2026-03-01T10:00:00.250+01:00", "duration": 5400, "note": "Kickoff"}}`)
	if status != 200 {
		t.Fatalf("create: %d %v", status, m)
	}
	te := m["time_entry"].(map[string]any)
	want := map[string]any{"started_at": "2026-03-01T09:00:00Z", "created_at": "2026-03-08T06:30:00Z",
		"identity_id": json.Number(fmt.Sprint(env.IdentityID)), "is_logged": true, "duration": json.Number("5400"),
		"note": "Kickoff", "active": true, "billable": true, "billed": false, "internal": false, "timer": nil, "project_id": nil}
	for k, v := range want {
		if te[k] != v {
			t.Errorf("%s = %#v, want %#v", k, te[k], v)
		}
	}
	for _, k := range []string{"business_id", "updated_at"} {
		if _, ok := te[k]; ok {
			t.Errorf("time entry carries %s", k)
		}
	}
	// Totals in meta; an empty list has per_page 0.
	status, m = env.JSON("GET", path+"?started_from=2026-03-01T00:00:00Z", "")
	meta := m["meta"].(map[string]any)
	if status != 200 || meta["total"] != json.Number("1") || meta["total_logged"] != json.Number("5400") || meta["total_unbilled"] != json.Number("5400") {
		t.Errorf("list meta: %d %v", status, meta)
	}
	per := meta["total_logged_per_team_member"].([]any)
	if len(per) != 1 || per[0].(map[string]any)["total_logged"] != json.Number("5400") {
		t.Errorf("total_logged_per_team_member = %v", per)
	}
	_, m = env.JSON("GET", path+"?started_from=2030-01-01", "")
	meta = m["meta"].(map[string]any)
	if meta["total"] != json.Number("0") || meta["per_page"] != json.Number("0") || meta["pages"] != json.Number("0") {
		t.Errorf("empty list meta = %v", meta)
	}
	if items := m["time_entries"].([]any); len(items) != 0 {
		t.Errorf("empty list has %d items", len(items))
	}
	// DELETE is a hard delete answered 204.
	id := te["id"].(json.Number)
	if status, raw := env.Call("DELETE", path+"/"+id.String(), ""); status != 204 || raw != "" {
		t.Errorf("DELETE: %d %q", status, raw)
	}
	if status, raw := env.Call("GET", path+"/"+id.String(), ""); status != 404 {
		t.Errorf("GET deleted: %d %s", status, raw)
	}
}

func TestProjectWireForm(t *testing.T) {
	env := sandboxtest.New(t, "", freshbookstest.Options{Now: sandboxtest.Now})
	status, m := env.JSON("POST", env.Business("projects", "project"), `{"project": {"title": "Wire"}}`)
	if status != 200 {
		t.Fatalf("create: %d %v", status, m)
	}
	p := m["project"].(map[string]any)
	id := p["id"].(json.Number).String()
	if p["created_at"] != "2026-03-08T06:30:00" || p["logged_duration"] != nil || p["billed_amount"] != "0.00" {
		t.Errorf("created project = %v", p)
	}
	if _, ok := p["business_id"]; ok {
		t.Error("project carries business_id")
	}
	group := p["group"].(map[string]any)
	members := group["members"].([]any)
	if len(members) != 1 || members[0].(map[string]any)["role"] != "owner" {
		t.Errorf("group = %v", group)
	}
	// The single GET has abilities beside the project; lists have group_id.
	_, m = env.JSON("GET", env.Business("projects", "project/"+id), "")
	if ab := m["abilities"].([]any); len(ab) != 21 || ab[0].(map[string]any)["name"] != "can_edit" {
		t.Errorf("abilities = %v", m["abilities"])
	}
	_, m = env.JSON("GET", env.Business("projects", "projects?sort=-nonexistent"), "")
	meta := m["meta"].(map[string]any)
	if s := meta["sort"].([]any); len(s) != 1 || s[0] != "-nonexistent" {
		t.Errorf("meta.sort = %v", meta["sort"])
	}
	for _, it := range m["projects"].([]any) {
		pr := it.(map[string]any)
		if _, ok := pr["group"]; ok || pr["group_id"] == nil {
			t.Errorf("listed project has group %v, group_id %v", pr["group"], pr["group_id"])
		}
	}
	_, m = env.JSON("GET", env.Business("projects", "projects"), "")
	if s := m["meta"].(map[string]any)["sort"].([]any); len(s) != 0 {
		t.Errorf("meta.sort without sort = %v", s)
	}
	// PUT without title fails inside FreshBooks.
	status, raw := env.Call("PUT", env.Business("projects", "project/"+id), `{"project": {"description": "x"}}`)
	if status != 500 || raw != `{"error":"An internal error has occurred."}` {
		t.Errorf("PUT without title: %d %s", status, raw)
	}
	status, raw = env.Call("GET", env.Business("projects", "project/999"), "")
	if status != 404 || raw != `{"error":"Requested resource could not be found."}` {
		t.Errorf("GET unknown: %d %s", status, raw)
	}
}

func TestServicesAndRatesWireForm(t *testing.T) {
	env := sandboxtest.New(t, "", freshbookstest.Options{Now: sandboxtest.Now})
	status, m := env.JSON("POST", env.Business("comments", "service"), `{"service": {"name": "Wiring"}}`)
	if status != 200 {
		t.Fatalf("create: %d %v", status, m)
	}
	svc := m["service"].(map[string]any)
	id := svc["id"].(json.Number).String()
	if svc["business_id"] != json.Number(fmt.Sprint(env.BusinessID)) || svc["billable"] != true || svc["vis_state"] != json.Number("0") || svc["project_default"] != false {
		t.Errorf("service = %v", svc)
	}
	_, m = env.JSON("GET", env.Business("comments", "services"), "")
	if meta := m["meta"].(map[string]any); meta["per_page"] != json.Number("50") {
		t.Errorf("services meta = %v", meta)
	}
	ratePath := env.Business("comments", "service/"+id+"/rate")
	if status, raw := env.Call("GET", ratePath, ""); status != 404 {
		t.Errorf("rate before any: %d %s", status, raw)
	}
	status, raw := env.Call("POST", ratePath, `{"service_rate": {"rate": 10}}`)
	want := fmt.Sprintf(`{"service_rate":{"business_id":%d,"rate":"10.00","service_id":%s}}`, env.BusinessID, id)
	if status != 200 || raw != want {
		t.Errorf("POST rate: %d %s, want %s", status, raw, want)
	}
	if status, raw := env.Call("PUT", ratePath, `{"service_rate": {"rate": "abc"}}`); status != 422 || raw != `{"errno":2001,"error":{"rate":"Input should be a valid decimal"}}` {
		t.Errorf("PUT bad rate: %d %s", status, raw)
	}
	_, m = env.JSON("GET", env.Business("comments", "service_rates"), "")
	if _, ok := m["meta"]; ok {
		t.Error("service_rates list has meta")
	}
	if status, raw := env.Call("DELETE", env.Business("comments", "service/"+id), ""); status != 204 || raw != "" {
		t.Errorf("DELETE service: %d %q", status, raw)
	}
	_, m = env.JSON("GET", env.Business("comments", "service/"+id), "")
	if m["service"].(map[string]any)["vis_state"] != json.Number("1") {
		t.Errorf("deleted service = %v", m)
	}
}

func TestDatetimeProblems(t *testing.T) {
	for in, want := range map[string]string{
		"notadate":             "input is too short",
		"abcd-01-01":           "invalid character in year",
		"2026/01/01":           "invalid date separator, expected `-`",
		"2026-13-01":           "month value is outside expected range of 1-12",
		"2026-01-45":           "day value is outside expected range",
		"2026-01-01T25:00:00Z": "unexpected extra characters at the end of the input",
	} {
		if got := projects.DatetimeProblem(in); got != want {
			t.Errorf("datetimeProblem(%q) = %q, want %q", in, got, want)
		}
	}
	for _, in := range []string{"2026-01-02", "2026-01-02T03:04:05Z", "2026-01-02T03:04:05.123456", "2026-01-02 03:04:05+02:00"} {
		if _, ok := projects.ParseISO(in); !ok {
			t.Errorf("parseISO(%q) failed", in)
		}
	}
}
