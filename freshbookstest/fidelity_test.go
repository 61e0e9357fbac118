package freshbookstest

import (
	"encoding/json"
	"os"
	"testing"
)

// A created client, read back, carries every member the real record in
// the get_client_response fixture has (the include-only balances aside),
// with signup_date and without created_at, which the real one lacks.
func TestClientRecordMatchesFixture(t *testing.T) {
	raw, err := os.ReadFile("../testdata/fixtures/get_client_response.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx struct {
		Response struct {
			Result struct {
				Client map[string]any `json:"client"`
			} `json:"result"`
		} `json:"response"`
	}
	if err := json.Unmarshal(raw, &fx); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, "", Options{Now: fixedNow})
	id := e.client()
	got := e.ok("GET", "users/clients/"+id, "", "client")
	for k := range fx.Response.Result.Client {
		switch k {
		case "grand_total_balance", "outstanding_balance", "test_amount": // answered only when included
			continue
		}
		if _, ok := got[k]; !ok {
			t.Errorf("client record has no %q", k)
		}
	}
	if _, ok := got["created_at"]; ok {
		t.Error("client record has created_at; a real one does not")
	}
	if got.Str("signup_date") != "2026-03-08 01:30:00" { // Now, in US/Eastern
		t.Errorf("signup_date %q", got.Str("signup_date"))
	}
	for _, k := range []string{"fax", "p_street2", "s_city", "note"} {
		if v, ok := got[k].(string); !ok || v != "" {
			t.Errorf("unset %s is %#v, want \"\"", k, got[k])
		}
	}
	for _, k := range []string{"vat_number", "last_login", "home_phone"} {
		if got[k] != nil {
			t.Errorf("unset %s is %#v, want null", k, got[k])
		}
	}
	if other := e.ok("GET", "users/clients/"+e.client(), "", "client"); other.Str("uuid") == got.Str("uuid") || len(got.Str("uuid")) != 36 {
		t.Errorf("client uuids %q and %q", got.Str("uuid"), other.Str("uuid"))
	}
}

// fixtureKeys reads the members of the record under key in a fixture of
// testdata/fixtures.
func fixtureKeys(t *testing.T, name, key string) []string {
	t.Helper()
	raw, err := os.ReadFile("../testdata/fixtures/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]json.RawMessage
	var rec map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(doc[key], &rec); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var keys []string
	for k := range rec {
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		t.Fatalf("%s has no %s", name, key)
	}
	return keys
}

// Projects and time entries, created, carry every member their fixtures'
// records have.
func TestProjectsRecordsMatchFixtures(t *testing.T) {
	env := newEnv(t, "", Options{Now: fixedNow})
	for _, tc := range []struct{ fixture, key, family, path, body string }{
		{"get_project_response.json", "project", "projects", "project", `{"project": {"title": "Fidelity"}}`},
		{"get_time_entry_response.json", "time_entry", "timetracking", "time_entries", `{"time_entry": {"started_at": "2026-03-01T10:00:00Z", "duration": 60}}`},
	} {
		status, m := env.numbers("POST", env.business(tc.family, tc.path), tc.body)
		if status != 200 {
			t.Fatalf("create %s: %d %v", tc.key, status, m)
		}
		rec, _ := m[tc.key].(map[string]any)
		for _, k := range fixtureKeys(t, tc.fixture, tc.key) {
			if _, ok := rec[k]; !ok {
				t.Errorf("%s record has no %q", tc.key, k)
			}
		}
	}
}
