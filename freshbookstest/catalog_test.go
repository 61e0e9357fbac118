package freshbookstest

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// The sandbox's catalogue and the SDK's endpoint table are written
// independently; this test keeps them from drifting apart. Every resource
// the SDK knows is served here at the same paths, in the same family and
// envelope, with every verb the SDK offers.
func TestCatalogueMatchesSDK(t *testing.T) {
	placeholder := regexp.MustCompile(`\{[a-z_]+\}`)
	norm := func(p string) string { return placeholder.ReplaceAllString(p, "{}") }
	itemOf := func(r engine.Resource) string { return norm(cmpOr(r.Item, r.Path+"/{id}")) }
	createOf := func(r engine.Resource) string { return norm(cmpOr(r.Create, r.Path)) }
	family := map[freshbooks.Family]engine.Family{
		freshbooks.FamilyAccounting: engine.Accounting, freshbooks.FamilyReports: engine.Accounting,
		freshbooks.FamilyProjects: engine.Projects, freshbooks.FamilyLedger: engine.Ledger,
		freshbooks.FamilyEvents: engine.Events, freshbooks.FamilyPayments: engine.Payments,
		freshbooks.FamilyUploads: engine.Uploads,
	}
	// The verbs the SDK offers and what the sandbox must serve for each:
	// archive, restore and a soft delete are updates of vis_state.
	needs := map[freshbooks.Verb][]engine.Verb{
		freshbooks.VerbList: {engine.List}, freshbooks.VerbGet: {engine.Get}, freshbooks.VerbCreate: {engine.Create},
		freshbooks.VerbUpdate: {engine.Update}, freshbooks.VerbDelete: {engine.Delete, engine.Update},
		freshbooks.VerbArchive: {engine.Update}, freshbooks.VerbRestore: {engine.Update},
	}

	served := map[string]bool{}
	for _, sdk := range freshbooks.Resources() {
		// A resource the SDK reads one at a time (a report, an invoice's
		// payment options) is a list path in the sandbox.
		r, byItem, ok := lookup(norm, sdk)
		if !ok {
			t.Errorf("%s: the SDK's %s is not served by the sandbox", sdk.Name, sdk.Path)
			continue
		}
		served[r.Name] = true
		if want, ok := family[sdk.Family]; !ok || r.Family != want {
			t.Errorf("%s: family %v in the SDK, %v in the sandbox", sdk.Name, sdk.Family, r.Family)
		}
		if r.Single != "" && (r.Single != sdk.Single || r.Plural != sdk.Plural) {
			t.Errorf("%s: envelope %s/%s in the SDK, %s/%s in the sandbox", sdk.Name, sdk.Single, sdk.Plural, r.Single, r.Plural)
		}
		for _, v := range sdk.Verbs {
			if byItem && v == freshbooks.VerbGet {
				v = freshbooks.VerbList
			}
			if !slices.ContainsFunc(needs[v], func(e engine.Verb) bool { return r.Verbs&e != 0 }) {
				t.Errorf("%s: the SDK can %s; the sandbox's %s cannot", sdk.Name, v, r.Name)
			}
			switch {
			case v == freshbooks.VerbCreate && sdk.CreatePath != "" && norm(sdk.CreatePath) != createOf(r):
				t.Errorf("%s: created at %s in the SDK, %s in the sandbox", sdk.Name, sdk.CreatePath, cmpOr(r.Create, r.Path))
			case !byItem && (v == freshbooks.VerbGet || v == freshbooks.VerbUpdate) && norm(sdk.ItemPath) != itemOf(r):
				t.Errorf("%s: one record at %s in the SDK, %s in the sandbox", sdk.Name, sdk.ItemPath, cmpOr(r.Item, r.Path+"/{id}"))
			}
		}
	}
	// The other way round: what the sandbox serves under a business or an
	// account, the SDK can reach.
	for _, r := range catalogue {
		if r.Family == engine.Auth || r.Scope == engine.Public || r.Scope == engine.ByToken || served[r.Name] {
			continue
		}
		if !sandboxOnly[r.Name] {
			t.Errorf("the sandbox serves %s (%s), which the SDK's table lacks", r.Name, r.Path)
		}
	}
}

// lookup finds the sandbox's resource serving the SDK's: by list path, or
// with byItem when the SDK's one-record path is the sandbox's list path.
func lookup(norm func(string) string, sdk freshbooks.Resource) (r engine.Resource, byItem, ok bool) {
	for _, r := range catalogue {
		if norm(r.Path) == norm(sdk.Path) {
			return r, false, true
		}
	}
	for _, r := range catalogue {
		if norm(r.Path) == norm(sdk.ItemPath) {
			return r, true, true
		}
	}
	return engine.Resource{}, false, false
}

// sandboxOnly are resources the sandbox serves that the SDK reaches in
// another way than its endpoint table.
var sandboxOnly = map[string]bool{
	"payment_options": true, // AccountScope.PaymentOptions.Default, not a listed resource
	"images":          true, // uploads are reached through Uploads, not the table's list path
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Every filter, sort key and include of the SDK's vocabulary is one the
// strict sandbox knows: the two tables are written apart and kept
// together by this test. A misspelling is refused (400) in strict mode.
func TestStrictSandboxKnowsTheSDKVocabulary(t *testing.T) {
	srv := NewServer(Options{Strict: true})
	t.Cleanup(srv.Close)
	c, err := freshbooks.NewClient(srv.Config())
	if err != nil {
		t.Fatal(err)
	}
	c.SetToken(srv.IssueToken(0))
	b := srv.eng.Identities[0].Memberships[0].Business
	owner := freshbooks.Owner{Account: freshbooks.AccountID(b.AccountID), Business: freshbooks.BusinessID(b.ID), BusinessUUID: freshbooks.BusinessUUID(b.UUID)}
	sample := map[freshbooks.ValueType]string{
		freshbooks.ValueString: "x", freshbooks.ValueInt: "1", freshbooks.ValueDate: "2026-03-01",
		freshbooks.ValueDateTime: "2026-03-01T10:00:00Z", freshbooks.ValueDecimal: "1.00", freshbooks.ValueBool: "true",
	}
	ctx := t.Context()
	for _, r := range freshbooks.Resources() {
		if !slices.Contains(r.Verbs, freshbooks.VerbList) {
			continue
		}
		recs, err := c.Records(r.Name, owner)
		if err != nil {
			t.Fatal(err)
		}
		try := func(what string, opt freshbooks.QueryOption) {
			if _, err := recs.List(ctx, opt); err != nil {
				t.Errorf("%s: %s: %v", r.Name, what, err)
			}
		}
		for _, f := range r.Filters {
			v := sample[f.Type]
			if f.Type == freshbooks.ValueEnum {
				v = f.Enum[0]
			}
			for _, k := range f.Keys() {
				opt, err := r.ParseFilter(k, v)
				if err != nil {
					t.Fatalf("%s: %s: %v", r.Name, k, err)
				}
				try("filter "+k, opt)
			}
		}
		for _, s := range r.Sorts {
			try("sort "+s, freshbooks.SortDesc(s))
		}
		for _, in := range r.Includes {
			try("include "+in, freshbooks.Include(in))
		}
	}
	// And a misspelling is refused, naming it.
	recs, _ := c.Records("invoices", owner)
	_, err = recs.List(ctx, freshbooks.Param("search[colour]", "red"))
	var ae *freshbooks.APIError
	if !errors.As(err, &ae) || ae.StatusCode != 400 || !strings.Contains(err.Error(), "colour") {
		t.Errorf("an unknown filter in strict mode: %v", err)
	}
	entries, _ := c.Records("time-entries", owner)
	if _, err = entries.List(ctx, freshbooks.Param("projectid", "1")); !errors.As(err, &ae) || ae.StatusCode != 400 || !strings.Contains(err.Error(), "projectid") {
		t.Errorf("an unknown time entries filter in strict mode: %v", err)
	}
	// By default the sandbox ignores it, as FreshBooks does.
	lax := NewServer(Options{})
	t.Cleanup(lax.Close)
	lc, _ := freshbooks.NewClient(lax.Config())
	lc.SetToken(lax.IssueToken(0))
	lrecs, _ := lc.Records("invoices", owner)
	if page, err := lrecs.List(ctx, freshbooks.Param("search[colour]", "red")); err != nil || page.Total == 0 {
		t.Errorf("an unknown filter by default: %v", err)
	}
}
