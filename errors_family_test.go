package freshbooks_test

import (
	"context"
	"errors"
	"testing"

	"github.com/freshbooks-go/freshbooks"
)

// TestErrorReadInEndpointFamily checks that an error answer is read in
// the shape of the family of the endpoint that sent it: one body that
// fits the accounting and the ledger shapes reads as each on each.
func TestErrorReadInEndpointFamily(t *testing.T) {
	body := []byte(`{"response": {"errors": [{"errno": 1012, "message": "accounting says"}]}, "errors": {"message": "ledger says"}}`)
	c, _ := replay(t, 400, body)
	ctx := context.Background()
	_, err := c.Account("abc").Clients.Get(ctx, 1)
	if ae, ok := errors.AsType[*freshbooks.APIError](err); !ok || ae.Message != "accounting says" {
		t.Errorf("accounting: %v", err)
	}
	_, err = c.LedgerAccounts("uuid").List(ctx)
	if ae, ok := errors.AsType[*freshbooks.APIError](err); !ok || ae.Message != "ledger says" {
		t.Errorf("ledger: %v", err)
	}
}
