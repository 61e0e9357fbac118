package freshbooks_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// wire is a sandbox behind a recorder of the queries the client sends to
// the API (authorization and identity requests aside).
type wire struct {
	c    *freshbooks.Client
	acct *freshbooks.AccountScope
	biz  *freshbooks.BusinessScope
	mu   sync.Mutex
	sent []string // "path?query" of each API request
}

func newWire(t *testing.T) *wire {
	t.Helper()
	sb := freshbookstest.New(freshbookstest.Options{})
	w := &wire{}
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/auth/") {
			w.mu.Lock()
			w.sent = append(w.sent, r.URL.Path+"?"+r.URL.RawQuery)
			w.mu.Unlock()
		}
		sb.ServeHTTP(rw, r)
	}))
	t.Cleanup(func() { srv.Close(); _ = sb.Close() })
	c, err := freshbooks.NewClient(freshbooks.Config{BaseURL: srv.URL, AuthURL: srv.URL, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	c.SetToken(sb.IssueToken(0))
	me, err := c.CurrentUser(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	b := me.BusinessMemberships[0].Business
	w.c, w.acct, w.biz = c, c.Account(b.AccountID), c.Business(b.ID)
	return w
}

// requests returns the requests sent since the last call.
func (w *wire) requests() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.sent
	w.sent = nil
	return out
}

// last returns the query of the one request sent since the last call.
func (w *wire) last(t *testing.T) string {
	t.Helper()
	sent := w.requests()
	if len(sent) != 1 {
		t.Fatalf("sent %d requests, want 1: %v", len(sent), sent)
	}
	_, q, _ := strings.Cut(sent[0], "?")
	return q
}

// The mistakes of the issue that FreshBooks would silently ignore are
// errors, before any request, naming the key and what is valid.
func TestQueryMistakesAreErrors(t *testing.T) {
	w := newWire(t)
	ctx := t.Context()
	invoices := func(opts ...freshbooks.QueryOption) error { _, err := w.acct.Invoices.List(ctx, opts...); return err }
	clients := func(opts ...freshbooks.QueryOption) error { _, err := w.acct.Clients.List(ctx, opts...); return err }
	timeEntries := func(opts ...freshbooks.QueryOption) error { _, err := w.biz.TimeEntries.List(ctx, opts...); return err }
	payments := func(opts ...freshbooks.QueryOption) error { _, err := w.acct.Payments.List(ctx, opts...); return err }
	for _, tc := range []struct {
		name      string
		call      func(...freshbooks.QueryOption) error
		opt       freshbooks.QueryOption
		key, says string
		valid     string // one of the keys listed as valid
	}{
		{"unknown filter", invoices, freshbooks.Equals("colour", "red"), "colour", `unknown filter "colour"`, "customerid"},
		{"another resource's filter", invoices, freshbooks.Like("organization", "hoo"), "organization_like", "unknown filter", "customerid"},
		{"typo", timeEntries, freshbooks.Equals("projectid", 7), "projectid", "unknown filter", "project_id"},
		{"range on a flag", invoices, freshbooks.Between("outstanding", "0.01", nil), "outstanding_min", "set with Equals, not Between", ""},
		{"equals on a like filter", clients, freshbooks.Equals("organization", "Hooli"), "organization", "set with Like, not Equals", ""},
		{"unknown sort", invoices, freshbooks.SortAsc("colour"), "sort", `unknown sort key "colour"`, "invoice_date"},
		{"unknown include", invoices, freshbooks.Include("colour"), "include", `unknown include "colour"`, "lines"},
		{"no sort at all", timeEntries, freshbooks.SortAsc("started_at"), "sort", "it accepts none", ""},
		{"time.Time on a day filter", invoices, freshbooks.Between("date", time.Now(), nil), "date_min", "not a time.Time", ""},
		{"Date on a datetime filter", timeEntries, freshbooks.Equals("started_from", freshbooks.NewDate(2026, 1, 1)), "started_from", "takes a time.Time", ""},
		{"text on an id filter", invoices, freshbooks.Equals("customerid", "acme"), "customerid", "invalid syntax", ""},
		{"unknown status", invoices, freshbooks.Equals("v3_status", "unpaid"), "v3_status", "is not one of", ""},
		{"a float amount", payments, freshbooks.Between("amount", 0.01, nil), "amount_min", "freshbooks.Decimal", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call(tc.opt)
			var qe *freshbooks.QueryError
			if !errors.Is(err, freshbooks.ErrInvalidQuery) || !errors.As(err, &qe) {
				t.Fatalf("err = %v, want a QueryError", err)
			}
			if qe.Key != tc.key || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("err = %v (key %q), want key %q saying %q", err, qe.Key, tc.key, tc.says)
			}
			if tc.valid != "" && !slices.Contains(qe.Valid, tc.valid) {
				t.Errorf("valid keys %v lack %q", qe.Valid, tc.valid)
			}
			if sent := w.requests(); len(sent) != 0 {
				t.Errorf("sent %v", sent)
			}
		})
	}

	// All fails the same way, before its first page.
	for _, err := range w.acct.Invoices.All(ctx, freshbooks.Equals("colour", "red")) {
		if !errors.Is(err, freshbooks.ErrInvalidQuery) {
			t.Errorf("All: %v", err)
		}
	}
	if sent := w.requests(); len(sent) != 0 {
		t.Errorf("All sent %v", sent)
	}
	// Param is the unchecked way; FreshBooks (and the sandbox) ignore it.
	if err := invoices(freshbooks.Param("search[colour]", "red")); err != nil {
		t.Fatal(err)
	}
	if q := w.last(t); q != "search%5Bcolour%5D=red" {
		t.Errorf("Param sent %q", q)
	}
}

// Typed filters send exactly the documented keys: ranges include both
// ends and datetimes go out in UTC.
func TestTypedFiltersOnTheWire(t *testing.T) {
	w := newWire(t)
	ctx := t.Context()
	today := freshbooks.NewDate(2026, 3, 31)
	toronto := time.FixedZone("EDT", -4*3600)
	for _, tc := range []struct {
		name string
		list func() error
		want string
	}{
		{"invoices", func() error {
			_, err := w.acct.Invoices.List(ctx, freshbooks.InvoiceFilter{CustomerID: 12,
				Dates: freshbooks.DateRange{From: today.AddDays(-90), To: today}, Status: freshbooks.V3Overdue, Unpaid: true})
			return err
		}, "search[customerid]=12&search[date_max]=2026-03-31&search[date_min]=2025-12-31&search[outstanding]=true&search[v3_status]=overdue"},
		{"invoices, open range", func() error {
			_, err := w.acct.Invoices.List(ctx, freshbooks.InvoiceFilter{Updated: freshbooks.DateRange{From: today}, Paid: true})
			return err
		}, "search[paid]=true&search[updated_min]=2026-03-31"},
		{"time entries", func() error {
			_, err := w.biz.TimeEntries.List(ctx, freshbooks.TimeEntryFilter{ProjectID: 5, CustomerID: 6, Billable: new(false),
				Started: freshbooks.TimeRange{From: time.Date(2026, 3, 1, 20, 0, 0, 0, toronto), To: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)},
				Team:    true})
			return err
		}, "billable=false&client_id=6&project_id=5&started_from=2026-03-02T00:00:00Z&started_to=2026-03-02T00:00:00Z&team=true"},
		{"expenses", func() error {
			_, err := w.acct.Expenses.List(ctx, freshbooks.ExpenseFilter{CategoryID: 3, ProjectID: 4,
				Dates: freshbooks.DateRange{To: today}, Vendor: "Staples"})
			return err
		}, "search[categoryid]=3&search[date_max]=2026-03-31&search[projectid]=4&search[vendor]=Staples"},
		{"projects", func() error {
			_, err := w.biz.Projects.List(ctx, freshbooks.ProjectFilter{CustomerID: 9, Complete: new(true),
				UpdatedSince: time.Date(2026, 3, 1, 8, 0, 0, 0, toronto)})
			return err
		}, "client_id=9&complete=true&updated_since=2026-03-01T12:00:00Z"},
		{"generic and typed together", func() error {
			_, err := w.acct.Invoices.List(ctx, freshbooks.InvoiceFilter{CustomerID: 1}, freshbooks.PerPage(5), freshbooks.SortDesc("invoice_date"))
			return err
		}, "per_page=5&search[customerid]=1&sort=invoice_date_desc"},
	} {
		if err := tc.list(); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := unescape(t, w.last(t)); got != tc.want {
			t.Errorf("%s sent\n%s, want\n%s", tc.name, got, tc.want)
		}
	}
}

func unescape(t *testing.T, q string) string {
	t.Helper()
	s, err := url.QueryUnescape(q)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The typed filters give the right records from the sandbox.
func TestTypedFiltersAgainstTheSandbox(t *testing.T) {
	s := newEnv(t, freshbookstest.Options{})
	a, b := s.customer(t, "Hooli"), s.customer(t, "Pied Piper")
	mk := func(c *freshbooks.Customer, day int) *freshbooks.Invoice {
		t.Helper()
		inv := twoLineInvoice(c.ID)
		inv.CreateDate = freshbooks.NewDate(2031, 5, day)
		got, err := s.acct.Invoices.Create(s.ctx, inv)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	draft, sent, other := mk(a, 1), mk(a, 10), mk(b, 10)
	if _, err := s.acct.Invoices.MarkAsSent(s.ctx, sent.ID); err != nil {
		t.Fatal(err)
	}
	ids := func(f freshbooks.InvoiceFilter) []freshbooks.InvoiceID {
		t.Helper()
		var out []freshbooks.InvoiceID
		for inv, err := range s.acct.Invoices.All(s.ctx, f, freshbooks.SortAsc("invoice_date")) {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, inv.ID)
		}
		return out
	}
	may := freshbooks.DateRange{From: freshbooks.NewDate(2031, 5, 1)}
	if got := ids(freshbooks.InvoiceFilter{CustomerID: a.ID, Dates: may}); !slices.Equal(got, []freshbooks.InvoiceID{draft.ID, sent.ID}) {
		t.Errorf("Hooli's: %v", got)
	}
	if got := ids(freshbooks.InvoiceFilter{Dates: may, Unpaid: true}); !slices.Equal(got, []freshbooks.InvoiceID{sent.ID}) {
		t.Errorf("unpaid (sent, not drafts): %v", got)
	}
	if got := ids(freshbooks.InvoiceFilter{Dates: freshbooks.DateRange{From: freshbooks.NewDate(2031, 5, 10)}}); !slices.Equal(got, []freshbooks.InvoiceID{sent.ID, other.ID}) {
		t.Errorf("from the 10th: %v", got)
	}
}

// ParseFilter reads the command line's and the MCP server's key=value
// pairs into checked options, for every filter of every resource.
func TestParseFilterCatalogue(t *testing.T) {
	sample := map[freshbooks.ValueType]string{
		freshbooks.ValueString: "x", freshbooks.ValueInt: "12", freshbooks.ValueDate: "2026-03-01",
		freshbooks.ValueDateTime: "2026-03-01T10:00:00-05:00", freshbooks.ValueDecimal: "10.50", freshbooks.ValueBool: "true",
	}
	for _, r := range freshbooks.Resources() {
		for _, f := range r.Filters {
			value := sample[f.Type]
			if f.Type == freshbooks.ValueEnum {
				value = f.Enum[0]
			}
			keys := []string{f.Name}
			switch f.Kind {
			case freshbooks.FilterLike:
				keys = []string{f.Name + "_like"}
			case freshbooks.FilterRange:
				keys = []string{f.Name + "_min", f.Name + "_max"}
			}
			for _, k := range keys {
				if _, err := r.ParseFilter(k, value); err != nil {
					t.Errorf("%s: ParseFilter(%q, %q): %v", r.Name, k, value, err)
				}
			}
			if f.Doc == "" {
				t.Errorf("%s: filter %s has no Doc", r.Name, f.Name)
			}
		}
	}

	w := newWire(t)
	inv, _ := freshbooks.LookupResource("invoices")
	te, _ := freshbooks.LookupResource("time-entries")
	for _, tc := range []struct {
		r          freshbooks.Resource
		key, value string
		want       string // the query sent, or the error
	}{
		{inv, "customerids", "1, 2", "search[customerids][]=1&search[customerids][]=2"},
		{inv, "date_max", "2026-03-31", "search[date_max]=2026-03-31"},
		{inv, "paid", "true", "search[paid]=true"},
		{te, "started_from", "2026-03-01T10:00:00-05:00", "started_from=2026-03-01T15:00:00Z"},
		{inv, "date_max", "yesterday", `filter "date_max"`},
		{inv, "paid", "maybe", `filter "paid"`},
		{inv, "colour", "red", `unknown filter "colour"; valid: customerid, customerids`},
		{inv, "date", "2026-03-31", `unknown filter "date"`},
	} {
		opt, err := tc.r.ParseFilter(tc.key, tc.value)
		if err != nil {
			if !errors.Is(err, freshbooks.ErrInvalidQuery) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ParseFilter(%q, %q): %v, want %q", tc.key, tc.value, err, tc.want)
			}
			continue
		}
		if tc.r.Name == "invoices" {
			_, err = w.acct.Invoices.List(t.Context(), opt)
		} else {
			_, err = w.biz.TimeEntries.List(t.Context(), opt)
		}
		if err != nil {
			t.Fatal(err)
		}
		if got := unescape(t, w.last(t)); got != tc.want {
			t.Errorf("ParseFilter(%q, %q) sent %s, want %s", tc.key, tc.value, got, tc.want)
		}
	}
}
