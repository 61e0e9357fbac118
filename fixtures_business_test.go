package freshbooks

import (
	"encoding/json"
	"testing"
	"time"
)

func TestBusinessFixturesRoundTrip(t *testing.T) {
	t.Run("get_project_response", func(t *testing.T) {
		p := roundTrip[Project](t, member(t, readFixture(t, "get_project_response.json"), "project"))
		if p.ID != 654321 || len(p.Services) != 2 || p.Group == nil || p.Group.Members[0].IdentityID != 65001 || !p.UpdatedAt.Valid() {
			t.Errorf("project = %+v", p)
		}
		abilities := roundTripList[Ability](t, member(t, readFixture(t, "get_project_response.json"), "abilities"))
		if len(abilities) != 21 || abilities[0].Name != "can_edit" || !abilities[0].Value {
			t.Errorf("abilities = %+v", abilities)
		}
	})
	t.Run("create_project_response", func(t *testing.T) {
		p := roundTrip[Project](t, member(t, readFixture(t, "create_project_response.json"), "project"))
		// The fixture's dates are invalid ("2020-11-219T13:22:04"): kept
		// as text, reported by Valid and Err.
		if p.CreatedAt.Valid() || p.CreatedAt.Err() == nil || p.CreatedAt.String() != "2020-11-219T13:22:04" {
			t.Errorf("CreatedAt = %q valid %v", p.CreatedAt, p.CreatedAt.Valid())
		}
		if p.Budget != 6*time.Hour || p.FixedPrice.String() != "600.00" || p.ProjectType != ProjectFixedPrice || p.BillingMethod != BillingProjectRate {
			t.Errorf("project = %+v", p)
		}
	})
	t.Run("list_projects_response", func(t *testing.T) {
		ps := roundTripList[Project](t, member(t, readFixture(t, "list_projects_response.json"), "projects"))
		if len(ps) != 3 || ps[0].GroupID == 0 {
			t.Errorf("projects = %+v", ps)
		}
	})
	t.Run("get_time_entry_response", func(t *testing.T) {
		e := roundTrip[TimeEntry](t, member(t, readFixture(t, "get_time_entry_response.json"), "time_entry"))
		if e.ID != 419546 || e.Duration != time.Hour || e.Timer != nil || e.TaskID != 0 || e.Note != "Stuff" || *e.Billed {
			t.Errorf("entry = %+v", e)
		}
	})
	t.Run("list_time_entries_response", func(t *testing.T) {
		es := roundTripList[TimeEntry](t, member(t, readFixture(t, "list_time_entries_response.json"), "time_entries"))
		if len(es) != 2 || es[1].StartedAt.String() != "2020-10-17T05:46:00Z" {
			t.Errorf("entries = %+v", es)
		}
	})
	t.Run("get_ledger_account_response", func(t *testing.T) {
		a := roundTrip[LedgerAccount](t, member(t, readFixture(t, "get_ledger_account_response.json"), "data"))
		if a.UUID != "a_uuid" || a.UpdatedAt.Time().Nanosecond() != 841075000 {
			t.Errorf("account = %+v", a)
		}
	})
	t.Run("list_ledger_accounts_response", func(t *testing.T) {
		as := roundTripList[LedgerAccount](t, member(t, readFixture(t, "list_ledger_accounts_response.json"), "data"))
		if len(as) != 2 || as[1].ParentAccount != "a_uuid" || as[1].AutoCreated {
			t.Errorf("accounts = %+v", as)
		}
	})
}

// Models not in the recorded fixtures round-trip the shapes documented
// for them (freshbooks-api.md §4.2–4.3, the JAVA SDK service fixture, the
// python-sdk service rate test).
func TestBusinessShapesRoundTrip(t *testing.T) {
	for name, raw := range map[string]string{
		"service":      `{"business_id": 98765, "id": 12345, "name": "Cooking", "billable": true, "project_default": false, "vis_state": 0, "rank": 3}`,
		"service_rate": `{"business_id": 98765, "service_id": 12345, "rate": "10.00"}`,
		"timer":        `{"time_entry": {"id": 1, "is_logged": false, "started_at": "2020-10-17T05:00:00Z", "duration": null, "timer": {"id": 77, "is_running": true, "started_by": 5}, "local_started_at": "2020-10-17T01:00:00"}}`,
		"sub_type":     `{"id": 1, "type": "asset", "name": "Cash & Bank", "base_number": 1000, "is_system": true}`,
	} {
		t.Run(name, func(t *testing.T) {
			switch name {
			case "service":
				s := roundTrip[Service](t, json.RawMessage(raw))
				if s.BusinessID != 98765 || !*s.Billable || *s.ProjectDefault || string(s.Extra["rank"]) != "3" {
					t.Errorf("service = %+v", s)
				}
			case "service_rate":
				r := roundTrip[ServiceRate](t, json.RawMessage(raw))
				if r.Rate.String() != "10.00" || r.ServiceID != 12345 {
					t.Errorf("rate = %+v", r)
				}
			case "timer":
				var top map[string]json.RawMessage
				_ = json.Unmarshal([]byte(raw), &top)
				e := roundTrip[TimeEntry](t, top["time_entry"])
				if e.Timer == nil || !e.Timer.IsRunning || e.Timer.ID != 77 || e.Duration != 0 || len(e.Extra) != 1 {
					t.Errorf("entry = %+v", e)
				}
			case "sub_type":
				st := roundTrip[LedgerSubType](t, json.RawMessage(raw))
				if st.BaseNumber() != "1000" || st.Type != LedgerAsset {
					t.Errorf("sub-type = %+v", st)
				}
			}
		})
	}
	if got := (LedgerSubType{Extra: Extra{"base_number": json.RawMessage(`"1200"`)}}).BaseNumber(); got != "1200" {
		t.Errorf("BaseNumber of a string = %q", got)
	}
	if got := (LedgerSubType{}).BaseNumber(); got != "" {
		t.Errorf("BaseNumber of none = %q", got)
	}
}
