package freshbookstest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

func TestSeededBusinessData(t *testing.T) {
	a, b := New(Options{}), New(Options{})
	defer a.Close()
	defer b.Close()
	biz := a.eng.Identities[0].Memberships[0].Business
	count := func(s *Sandbox, table string) int {
		s.eng.Lock()
		defer s.eng.Unlock()
		if t := s.eng.Tables[table]; t != nil {
			return len(t.IDs)
		}
		return 0
	}
	clients := "acct:" + biz.AccountID + "/clients"
	projects := fmt.Sprintf("biz:%d/projects", biz.ID)
	if n := count(a, clients); n != 8 {
		t.Errorf("%d seeded clients, want 8", n)
	}
	if n := count(a, projects); n != 3 {
		t.Errorf("%d seeded projects, want 3", n)
	}
	// Same seed, same data.
	a.eng.Lock()
	b.eng.Lock()
	for _, id := range a.eng.Tables[clients].IDs {
		if fmt.Sprint(a.eng.Tables[clients].ByID[id]["organization"]) != fmt.Sprint(b.eng.Tables[clients].ByID[id]["organization"]) {
			t.Errorf("client %d differs between two sandboxes with one seed", id)
		}
	}
	a.eng.Unlock()
	b.eng.Unlock()
}

func TestLoad(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	biz := s.eng.Identities[0].Memberships[0].Business
	doc := `{"": {"clients": [{"organization": "Loaded Ltd", "email": "ap@loaded.test"}], "projects": [{"title": "Loaded project"}]}}`
	if err := s.Load(strings.NewReader(doc)); err != nil {
		t.Fatal(err)
	}
	s.eng.Lock()
	defer s.eng.Unlock()
	c := s.eng.Tables["acct:"+biz.AccountID+"/clients"]
	last := c.ByID[c.IDs[len(c.IDs)-1]]
	if last.Str("organization") != "Loaded Ltd" || last.Str("updated") == "" || last.Int("userid") == 0 {
		t.Errorf("loaded client: %v", last)
	}
	for _, bad := range []string{`{"": {"clients": [{}]}}`, `{"nope": {"clients": []}}`, `[`, `{"": {"unicorns": [{}]}}`} {
		s.eng.Unlock()
		err := s.Load(strings.NewReader(bad))
		s.eng.Lock()
		if err == nil {
			t.Errorf("Load(%s) accepted", bad)
		}
	}
}

// The seed is dated relative to the sandbox's clock and covers what
// users query for: every v3 invoice status, invoices of the last 90 days,
// unpaid ones (outstanding=true), future due dates and several currencies.
func TestSeedRelativeToClock(t *testing.T) {
	e := newEnv(t, "", Options{Now: fixedNow}) // Now is 2026-03-08
	list := func(e *env, query string) []engine.Record {
		t.Helper()
		status, b := e.call("GET", "invoices/invoices?per_page=100"+query, "")
		if status != 200 {
			t.Fatalf("list %s: %d %s", query, status, b)
		}
		var answer struct {
			Response struct {
				Result struct {
					Invoices []json.RawMessage `json:"invoices"`
				} `json:"result"`
			} `json:"response"`
		}
		if err := json.Unmarshal([]byte(b), &answer); err != nil {
			t.Fatal(err)
		}
		var out []engine.Record
		for _, raw := range answer.Response.Result.Invoices {
			out = append(out, engine.DecodeRecord(raw))
		}
		return out
	}
	all := list(e, "")
	statuses, currencies := map[string]int{}, map[string]int{}
	future := 0
	for _, inv := range all {
		statuses[inv.Str("v3_status")]++
		currencies[inv.Str("currency_code")]++
		if d := inv.Str("create_date"); d < "2025-03-08" || d > "2026-03-08" {
			t.Errorf("invoice %s dated %s, outside the twelve months before Now", inv.Str("id"), d)
		}
		if inv.Str("due_date") > "2026-03-08" {
			future++
		}
	}
	for _, s := range []string{"draft", "sent", "viewed", "partial", "paid", "overdue"} {
		if statuses[s] == 0 {
			t.Errorf("no %s invoice in the seed: %v", s, statuses)
		}
	}
	if len(currencies) < 2 {
		t.Errorf("seeded invoices in one currency: %v", currencies)
	}
	if future == 0 {
		t.Error("no seeded invoice is due in the future")
	}
	// Both bounds inclusive: the last invoice is dated today.
	recent := list(e, "&search[date_min]=2025-12-08&search[date_max]=2026-03-08")
	if len(recent) == 0 || len(recent) == len(all) {
		t.Errorf("%d of %d invoices in the last 90 days", len(recent), len(all))
	}
	if n := len(list(e, "&search[outstanding]=true")); n == 0 {
		t.Error("no unpaid invoice (outstanding=true) in the seed")
	}
	// The same seed and clock give the same invoices.
	for i, inv := range list(newEnv(t, "", Options{Now: fixedNow}), "") {
		if i >= len(all) || inv.Str("create_date") != all[i].Str("create_date") || inv.Str("v3_status") != all[i].Str("v3_status") {
			t.Errorf("invoice %d differs between two sandboxes with one seed and clock", i)
		}
	}
}
