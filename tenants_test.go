package freshbooks_test

import (
	"errors"
	"testing"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// The sandbox's third identity belongs to the second business only: the
// first business refuses it in every family, and the SDK says so with
// ErrForbidden.
func TestOtherBusinessIsForbidden(t *testing.T) {
	c, srv := setupAuthed(t, freshbookstest.Options{})
	me, err := c.CurrentUser(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	first := me.BusinessMemberships[0].Business
	c.SetToken(srv.IssueToken(2))
	outsider, err := c.CurrentUser(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if outsider.MembershipForAccount(first.AccountID) != nil {
		t.Fatal("the third identity belongs to the first business")
	}
	ctx := t.Context()
	for what, call := range map[string]func() error{
		"clients": func() error { _, err := c.Account(first.AccountID).Clients.List(ctx); return err },
		"create": func() error {
			_, err := c.Account(first.AccountID).Clients.Create(ctx, &freshbooks.Customer{Organization: "Intruder"})
			return err
		},
		"projects": func() error { _, err := c.Business(first.ID).Projects.List(ctx); return err },
		"ledger":   func() error { _, err := c.LedgerAccounts(first.BusinessUUID).List(ctx); return err },
		"callbacks": func() error {
			_, err := c.Account(first.AccountID).Callbacks.List(ctx)
			return err
		},
	} {
		if err := call(); !errors.Is(err, freshbooks.ErrForbidden) {
			t.Errorf("%s of another business: %v, want ErrForbidden", what, err)
		}
	}
}
