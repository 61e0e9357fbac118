package freshbookstest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// route is one method on one path of the catalogue.
type route struct{ method, path string }

// routesOf lists every route of a resource, its templates filled in for
// business b; other path values (ids, report names) are "1".
func routesOf(res engine.Resource, b *engine.Business) []route {
	fill := regexp.MustCompile(`\{[a-z_]+\}`)
	expand := func(p string) string {
		return fill.ReplaceAllStringFunc(p, func(v string) string {
			switch v {
			case "{account}":
				return b.AccountID
			case "{business}":
				return strconv.FormatInt(b.ID, 10)
			case "{uuid}":
				return b.UUID
			}
			return "1"
		})
	}
	item := cmp.Or(res.Item, res.Path+"/{id}")
	var out []route
	for _, v := range []struct {
		verb         engine.Verb
		method, path string
	}{
		{engine.List, "GET", res.Path}, {engine.Get, "GET", item}, {engine.Create, "POST", cmp.Or(res.Create, res.Path)},
		{engine.Update, "PUT", item}, {engine.Delete, "DELETE", item},
	} {
		if res.Verbs&v.verb != 0 {
			out = append(out, route{v.method, expand(v.path)})
		}
	}
	for _, a := range res.Actions {
		out = append(out, route{a.Method, expand(a.Path)})
	}
	return out
}

// issue mints a token of any identity with any scopes.
func (e *env) issue(identity int, scopes ...string) string {
	e.sb.eng.Lock()
	defer e.sb.eng.Unlock()
	return e.sb.auth.IssueLocked(e.sb.opts.ClientID, e.sb.eng.Identities[identity], scopes, e.sb.opts.Now()).AccessToken
}

func (e *env) send(rt route, token string) (int, string) {
	e.t.Helper()
	status, answer := e.as(token, rt.method, e.url+rt.path, map[string]any{}, false)
	return status, fmt.Sprint(answer)
}

// snapshot is every stored record, to show a refused request changed
// nothing.
func (e *env) snapshot() string {
	e.t.Helper()
	e.sb.eng.Lock()
	defer e.sb.eng.Unlock()
	b, err := json.Marshal(e.sb.eng.Tables)
	if err != nil {
		e.t.Fatal(err)
	}
	return string(b)
}

// An identity of the second business only is refused every path of the
// first, in every family, reading and writing, and nothing changes.
func TestOtherBusinessIsRefused(t *testing.T) {
	e := newEnv(t, "", Options{})
	outsider := e.sb.eng.Identities[2]
	if len(outsider.Memberships) != 1 {
		t.Fatalf("the seeded outsider belongs to %d businesses", len(outsider.Memberships))
	}
	theirs := e.sb.eng.Businesses[0]
	if outsider.Memberships[0].Business == theirs {
		t.Fatal("the outsider belongs to the first business")
	}
	token := e.issue(2, Scopes...)
	before := e.snapshot()
	families := map[engine.Family]int{}
	for _, res := range catalogue {
		if res.Scope == engine.Public || res.Scope == engine.ByToken {
			continue // no business in the path
		}
		for _, rt := range routesOf(res, theirs) {
			status, body := e.send(rt, token)
			if status != http.StatusForbidden {
				t.Errorf("%s %s %s: %d %s, want 403", res.Name, rt.method, rt.path, status, body)
			}
			families[res.Family]++
		}
	}
	for _, f := range []engine.Family{engine.Accounting, engine.Projects, engine.Ledger, engine.Events, engine.Payments, engine.Uploads} {
		if families[f] == 0 {
			t.Errorf("no path of family %v was tried", f)
		}
	}
	if e.snapshot() != before {
		t.Error("a refused request changed the data")
	}
	// Its own business answers it.
	own := outsider.Memberships[0].Business
	if status, body := e.send(route{"GET", "/accounting/account/" + own.AccountID + "/users/clients"}, token); status != 200 {
		t.Errorf("its own business: %d %s", status, body)
	}
}

// A token with only the profile scope reads no business data: every path
// of the catalogue but the profile and the shared ledger lookups needs a
// scope of its own, for reads and writes alike.
func TestEveryPathNeedsItsScope(t *testing.T) {
	exempt := map[string]bool{"me": true, "ledger_account_types": true, "ledger_account_sub_types": true}
	e := newEnv(t, "", Options{})
	token := e.issue(0, "user:profile:read")
	b := e.sb.eng.Businesses[0]
	for _, res := range catalogue {
		if res.Scope == engine.Public || exempt[res.Name] {
			continue
		}
		if res.ReadScope == "" {
			t.Errorf("%s checks no scope", res.Name)
			continue
		}
		for _, rt := range routesOf(res, b) {
			status, body := e.send(rt, token)
			if status != http.StatusForbidden || !strings.Contains(body, "Insufficient scopes") {
				t.Errorf("%s %s %s with the profile scope only: %d %s", res.Name, rt.method, rt.path, status, body)
			}
		}
	}
}
