package freshbookstest

import (
	"fmt"
	"strings"
	"testing"
)

func TestSeededBusinessData(t *testing.T) {
	a, b := New(Options{}), New(Options{})
	defer a.Close()
	defer b.Close()
	biz := a.eng.identities[0].Memberships[0].Business
	count := func(s *Sandbox, table string) int {
		s.eng.mu.Lock()
		defer s.eng.mu.Unlock()
		if t := s.eng.tables[table]; t != nil {
			return len(t.ids)
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
	a.eng.mu.Lock()
	b.eng.mu.Lock()
	for _, id := range a.eng.tables[clients].ids {
		if fmt.Sprint(a.eng.tables[clients].byID[id]["organization"]) != fmt.Sprint(b.eng.tables[clients].byID[id]["organization"]) {
			t.Errorf("client %d differs between two sandboxes with one seed", id)
		}
	}
	a.eng.mu.Unlock()
	b.eng.mu.Unlock()
}

func TestLoad(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	biz := s.eng.identities[0].Memberships[0].Business
	doc := `{"": {"clients": [{"organization": "Loaded Ltd", "email": "ap@loaded.test"}], "projects": [{"title": "Loaded project"}]}}`
	if err := s.Load(strings.NewReader(doc)); err != nil {
		t.Fatal(err)
	}
	s.eng.mu.Lock()
	defer s.eng.mu.Unlock()
	c := s.eng.tables["acct:"+biz.AccountID+"/clients"]
	last := c.byID[c.ids[len(c.ids)-1]]
	if last.str("organization") != "Loaded Ltd" || last.str("updated") == "" || last.int("userid") == 0 {
		t.Errorf("loaded client: %v", last)
	}
	for _, bad := range []string{`{"": {"clients": [{}]}}`, `{"nope": {"clients": []}}`, `[`, `{"": {"unicorns": [{}]}}`} {
		s.eng.mu.Unlock()
		err := s.Load(strings.NewReader(bad))
		s.eng.mu.Lock()
		if err == nil {
			t.Errorf("Load(%s) accepted", bad)
		}
	}
}
