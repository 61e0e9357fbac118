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
