package freshbooks_test

import (
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

func TestSystemsGet(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{Now: time.Now})
	acct, me := env.acct, env.me
	ctx := t.Context()
	biz := me.BusinessMemberships[0].Business

	// The system id is the systemid of the account's role [INF], and the
	// members of a system are inferred.
	var systemID freshbooks.SystemID
	for _, r := range me.Roles {
		if r.AccountID == biz.AccountID {
			systemID = freshbooks.SystemID(r.SystemID)
		}
	}
	if systemID == 0 {
		t.Fatalf("no role for account %s in %+v", biz.AccountID, me.Roles)
	}
	sys, err := acct.Systems.Get(ctx, systemID)
	if err != nil {
		t.Fatal(err)
	}
	if sys.ID != systemID || sys.Name != biz.Name || sys.AccountingSystemID != string(biz.AccountID) || sys.CurrencyCode != "USD" ||
		sys.Email != me.Email || sys.Timezone != biz.Timezone || sys.City != biz.Address.City || !sys.Updated.Valid() {
		t.Errorf("system %+v", sys)
	}
	_, err = acct.Systems.Get(ctx, systemID+1)
	wantAPIError(t, err, freshbooks.ErrNotFound, 404, 1012, "id")
}

// [INF]: the gateways' members, and a disconnected gateway answering 404.
func TestGateways(t *testing.T) {
	acct := newEnv(t, freshbookstest.Options{Now: time.Now}).acct
	ctx := t.Context()
	page, err := acct.Gateways.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 2 || page.Items[0].GatewayName != "Stripe" || page.Items[0].GatewayID != 26 || page.Items[1].GatewayName != "PayPal" {
		t.Fatalf("gateways: %+v", page.Items)
	}
	stripe := page.Items[0].ID
	if err := acct.Gateways.Delete(ctx, stripe); err != nil {
		t.Fatal(err)
	}
	var left []string
	for g, err := range acct.Gateways.All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		left = append(left, g.GatewayName)
	}
	if len(left) != 1 || left[0] != "PayPal" {
		t.Errorf("after delete: %v", left)
	}
	err = acct.Gateways.Delete(ctx, stripe)
	wantAPIError(t, err, freshbooks.ErrNotFound, 404, 1012, "id")
}
