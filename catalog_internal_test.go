package freshbooks

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// serviceVerbs maps a typed service's methods to catalogue verbs.
var serviceVerbs = map[string]Verb{
	"List": VerbList, "Get": VerbGet, "Create": VerbCreate, "Update": VerbUpdate,
	"Delete": VerbDelete, "Archive": VerbArchive, "Restore": VerbRestore,
}

// Every typed service is built from the catalogue row of its name, and
// has exactly the row's verbs.
func TestCatalogMatchesServices(t *testing.T) {
	c := &Client{}
	seen := map[string]bool{}
	check := func(scope any) {
		v := reflect.ValueOf(scope).Elem()
		for i := range v.NumField() {
			f := v.Field(i)
			if f.Kind() != reflect.Pointer || !strings.HasSuffix(f.Type().Elem().Name(), "Service") {
				continue
			}
			svc := f.Elem()
			r := svc.FieldByName("r")
			if !r.IsValid() {
				continue // ReportsService is not a resource
			}
			name := r.FieldByName("ep").FieldByName("name").String()
			res, ok := LookupResource(name)
			if !ok {
				t.Errorf("%s: endpoint named %q is not in the catalogue", v.Type().Field(i).Name, name)
				continue
			}
			seen[name] = true
			var have []Verb
			for m, verb := range serviceVerbs {
				if _, ok := f.Type().MethodByName(m); ok {
					have = append(have, verb)
				}
			}
			for _, verb := range have {
				if _, set := res.Action("set"); verb == VerbCreate && set {
					continue // Create(ctx, parentID, v): the catalogue's "set" action
				}
				if !res.Has(verb) {
					t.Errorf("%s has %s, the catalogue does not", name, verb)
				}
			}
			for _, verb := range res.Verbs {
				if !contains(have, verb) {
					t.Errorf("the catalogue gives %s %s, its service does not", name, verb)
				}
			}
		}
	}
	check(c.Account("A1"))
	check(c.Business(7))
	seen["ledger-accounts"] = true // a service of its own: Client.LedgerAccounts
	seen["reports"] = true         // typed as ReportsService
	for _, r := range Resources() {
		if !seen[r.Name] {
			t.Errorf("catalogue resource %s has no typed service", r.Name)
		}
	}
}

func contains(vs []Verb, v Verb) bool {
	for _, w := range vs {
		if w == v {
			return true
		}
	}
	return false
}

// The catalogue's rows are well-formed and its paths belong to their
// family.
func TestCatalogRows(t *testing.T) {
	kebab := regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)
	prefixes := map[Family][]string{
		FamilyAccounting: {"/accounting/account/{account_id}/"},
		FamilyReports:    {"/accounting/account/{account_id}/reports/"},
		FamilyEvents:     {"/events/account/{account_id}/"},
		FamilyPayments:   {"/payments/account/{account_id}"},
		FamilyUploads:    {"/uploads/account/{account_id}/"},
		FamilyProjects:   {"/projects/business/{business_id}/", "/timetracking/business/{business_id}/", "/comments/business/{business_id}/"},
		FamilyLedger:     {"/accounting/businesses/{business_uuid}/"},
	}
	names := map[string]bool{}
	for _, r := range Resources() {
		if !kebab.MatchString(r.Name) || names[r.Name] {
			t.Errorf("bad or repeated name %q", r.Name)
		}
		names[r.Name] = true
		if r.Single == "" || r.Plural == "" || r.Model == nil || r.Doc == "" || r.Family.String() == "unknown" || r.Scope.String() == "unknown" {
			t.Errorf("%s: incomplete row %+v", r.Name, r)
		}
		ok := false
		for _, p := range prefixes[r.Family] {
			ok = ok || strings.HasPrefix(r.Path, p)
		}
		if !ok {
			t.Errorf("%s: path %s is not a %s path", r.Name, r.Path, r.Family)
		}
		if !strings.Contains(r.ItemPath, "{id}") {
			t.Errorf("%s: item path %s has no {id}", r.Name, r.ItemPath)
		}
		if len(r.Verbs) == 0 && len(r.Actions) == 0 {
			t.Errorf("%s: no verbs and no actions", r.Name)
		}
		if r.Has(VerbDelete) != (catalog[indexOf(r.Name)].delete != deleteNone) {
			t.Errorf("%s: delete verb and delete kind disagree", r.Name)
		}
		for _, a := range r.Actions {
			if !kebab.MatchString(a.Name) || a.Method == "" || a.Doc == "" {
				t.Errorf("%s: bad action %+v", r.Name, a)
			}
		}
	}
}

func indexOf(name string) int {
	for i := range catalog {
		if catalog[i].name == name {
			return i
		}
	}
	return -1
}

// Resources hands out copies: changing one changes nothing else.
func TestResourcesAreCopies(t *testing.T) {
	a := Resources()
	a[0].Verbs[0] = "bogus"
	a[0].Name = "bogus"
	if b := Resources(); b[0].Verbs[0] == "bogus" || b[0].Name == "bogus" {
		t.Fatal("Resources shares its rows")
	}
}
