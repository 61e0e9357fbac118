package freshbooks_test

import (
	"errors"
	"strings"
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

// A 401 on a client with no refresh token says what to do: authorize
// again.
func TestUnauthorizedWithoutRefreshToken(t *testing.T) {
	srv := freshbookstest.NewServer(freshbookstest.Options{})
	t.Cleanup(srv.Close)
	cfg := srv.Config()
	cfg.AccessToken = "revoked-or-expired"
	c, err := freshbooks.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CurrentUser(t.Context())
	if !errors.Is(err, freshbooks.ErrReauthorizationRequired) || !errors.Is(err, freshbooks.ErrUnauthorized) ||
		!strings.Contains(err.Error(), "authorize the application again") {
		t.Errorf("401 without a refresh token: %v", err)
	}
	var ae *freshbooks.APIError
	if !errors.As(err, &ae) || ae.StatusCode != 401 {
		t.Errorf("the API error is not kept: %v", err)
	}
}
