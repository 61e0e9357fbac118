package freshbookstest

import (
	"regexp"
	"slices"
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
