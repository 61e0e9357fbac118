package freshbooks_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// The sandbox's third identity belongs to the second business only: the
// first business refuses it in every family, and the SDK says so with
// ErrForbidden.
func TestOtherBusinessIsForbidden(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{Now: time.Now})
	c, srv := env.c, env.srv
	first := env.me.BusinessMemberships[0].Business
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

// A 404 on a list or a create can only be the owner: the error names the
// id that was not found and where to take a right one.
func TestWrongOwnerIsNamed(t *testing.T) {
	c, _ := setupAuthed(t, freshbookstest.Options{})
	ctx := t.Context()
	for what, tc := range map[string]struct {
		call func() error
		says string
	}{
		"account": {func() error { _, err := c.Account("NOPE1").Clients.List(ctx); return err }, `account "NOPE1"`},
		"create": {func() error {
			_, err := c.Account("NOPE1").Clients.Create(ctx, &freshbooks.Customer{Organization: "x"})
			return err
		}, `account "NOPE1"`},
		"business": {func() error { _, err := c.Business(123).Projects.List(ctx); return err }, `business "123"`},
		"ledger":   {func() error { _, err := c.LedgerAccounts("no-such-uuid").List(ctx); return err }, `business UUID "no-such-uuid"`},
	} {
		err := tc.call()
		if !errors.Is(err, freshbooks.ErrNotFound) || !strings.Contains(err.Error(), tc.says) || !strings.Contains(err.Error(), "BusinessMemberships") {
			t.Errorf("%s: %v", what, err)
		}
	}
	// A record's 404 is the record's.
	me, _ := c.CurrentUser(ctx)
	_, err := c.Account(me.BusinessMemberships[0].Business.AccountID).Clients.Get(ctx, 999999)
	if !errors.Is(err, freshbooks.ErrNotFound) || strings.Contains(err.Error(), "BusinessMemberships") {
		t.Errorf("a missing client: %v", err)
	}
}
