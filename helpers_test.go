package freshbooks_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// clock is a settable clock for the sandbox.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2026, 3, 8, 6, 30, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// setup starts a sandbox and returns a client configured for it, without
// tokens.
func setup(t *testing.T, opts freshbookstest.Options) (*freshbooks.Client, *freshbookstest.Server) {
	t.Helper()
	srv := freshbookstest.NewServer(opts)
	t.Cleanup(srv.Close)
	c, err := freshbooks.NewClient(srv.Config())
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

// setupAuthed is setup with the first identity's tokens on the client.
func setupAuthed(t *testing.T, opts freshbookstest.Options) (*freshbooks.Client, *freshbookstest.Server) {
	t.Helper()
	c, srv := setup(t, opts)
	c.SetToken(srv.IssueToken(0))
	return c, srv
}

// env is a sandbox, a client with the first identity's token, and the
// services of that identity's first business.
type env struct {
	ctx   context.Context
	c     *freshbooks.Client
	srv   *freshbookstest.Server
	clock *clock // the sandbox's clock; nil when opts.Now was given
	me    *freshbooks.Identity
	biz   *freshbooks.BusinessScope
	acct  *freshbooks.AccountScope
	uuid  freshbooks.BusinessUUID
}

// newEnv starts a sandbox with opts, on a settable clock (env.clock)
// unless opts.Now is set; opts.Now = time.Now runs it on the wall clock.
func newEnv(t *testing.T, opts freshbookstest.Options) *env {
	t.Helper()
	var clk *clock
	if opts.Now == nil {
		clk = newClock()
		opts.Now = clk.Now
	}
	c, srv := setupAuthed(t, opts)
	ctx := t.Context()
	me, err := c.CurrentUser(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b := me.BusinessMemberships[0].Business
	return &env{ctx: ctx, c: c, srv: srv, clock: clk, me: me, biz: c.Business(b.ID), acct: c.Account(b.AccountID), uuid: b.BusinessUUID}
}

// customer creates a client to bill.
func (e *env) customer(t *testing.T, org string) *freshbooks.Customer {
	t.Helper()
	cl, err := e.acct.Clients.Create(e.ctx, &freshbooks.Customer{FirstName: "Ada", LastName: "Lovelace", Organization: org,
		Email: "ada@" + strings.ToLower(strings.ReplaceAll(org, " ", "")) + ".test", BillingCity: "London", CurrencyCode: "CAD"})
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

// aClient returns the id of one of the business's seeded clients.
func (e *env) aClient(t *testing.T) freshbooks.CustomerID {
	t.Helper()
	page, err := e.acct.Clients.List(e.ctx, freshbooks.PerPage(1))
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("no client to use: %v", err)
	}
	return page.Items[0].ID
}

// receiver starts an endpoint that answers 200 to everything, for
// callbacks, and returns its URL.
func receiver(t *testing.T) string {
	t.Helper()
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.Copy(io.Discard, r.Body) }))
	t.Cleanup(hook.Close)
	return hook.URL
}

func dec(s string) freshbooks.Decimal { return freshbooks.MustDecimal(s) }

// money is an amount without a currency, as writes may send it.
func money(amount string) freshbooks.Money { return freshbooks.Money{Amount: dec(amount)} }

func usd(amount string) freshbooks.Money { return freshbooks.Money{Amount: dec(amount), Code: "USD"} }

// wantMoney checks an amount to the cent and its currency.
func wantMoney(t *testing.T, what string, got freshbooks.Money, amount, code string) {
	t.Helper()
	if got.Amount.String() != amount || got.Code != code {
		t.Errorf("%s = %s, want %s %s", what, got, amount, code)
	}
}

func date(s string) freshbooks.Date {
	d, err := freshbooks.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func ptr[T any](v T) *T { return &v }

// asAPIError fails the test unless err is an *APIError matching target.
func asAPIError(t *testing.T, err, target error) *freshbooks.APIError {
	t.Helper()
	var ae *freshbooks.APIError
	if !errors.Is(err, target) || !errors.As(err, &ae) {
		t.Fatalf("err = %v, want %v as an *APIError", err, target)
	}
	return ae
}

// wantAPIError is asAPIError that also checks the status and, in the
// first detail, errno and field.
func wantAPIError(t *testing.T, err, target error, status, errno int, field string) *freshbooks.APIError {
	t.Helper()
	ae := asAPIError(t, err, target)
	if ae.StatusCode != status {
		t.Fatalf("error %v: status %d, want %d", err, ae.StatusCode, status)
	}
	if len(ae.Details) == 0 || ae.Details[0].Errno != errno || ae.Details[0].Field != field {
		t.Fatalf("error %v: details %+v, want errno %d on field %q", err, ae.Details, errno, field)
	}
	return ae
}

// replay serves a recorded response body with a status for every request,
// and remembers the last request.
func replay(t *testing.T, status int, body []byte) (*freshbooks.Client, *http.Request) {
	t.Helper()
	var last http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		last = *r
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	c, err := freshbooks.NewClient(freshbooks.Config{
		ClientID: "some_client", ClientSecret: "some_secret", RedirectURI: "https://example.com",
		AccessToken: "some_token", RefreshToken: "some_refresh", BaseURL: srv.URL, AuthURL: srv.URL, MaxRetries: -1,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c, &last
}

// replayHeader is replay with one response header and an empty JSON body.
func replayHeader(t *testing.T, status int, key, value string) (*freshbooks.Client, *httptest.Server) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(key, value)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	c, err := freshbooks.NewClient(freshbooks.Config{AccessToken: "t", BaseURL: srv.URL, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}
