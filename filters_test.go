package freshbooks_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/freshbooks-go/freshbooks"
)

// ParseFilter turns each kind of filter key into what FreshBooks reads,
// and refuses unknown keys and ill-typed values before any request.
func TestParseFilter(t *testing.T) {
	r := freshbooks.Resource{Name: "invoices", Filters: []freshbooks.Filter{
		{Name: "customerid", Kind: freshbooks.FilterEquals, Type: freshbooks.ValueInt},
		{Name: "customerids", Kind: freshbooks.FilterIn, Type: freshbooks.ValueInt},
		{Name: "date", Kind: freshbooks.FilterRange, Type: freshbooks.ValueDate},
		{Name: "v3_status", Kind: freshbooks.FilterEquals, Type: freshbooks.ValueEnum, Enum: []string{"draft", "sent"}},
	}}
	for _, tc := range []struct{ key, value, query string }{
		{"customerid", "7", "search%5Bcustomerid%5D=7"},
		{"customerids", "1, 2", "search%5Bcustomerids%5D%5B%5D=1&search%5Bcustomerids%5D%5B%5D=2"},
		{"date_min", "2026-01-01", "search%5Bdate_min%5D=2026-01-01"},
		{"date_max", "2026-03-31", "search%5Bdate_max%5D=2026-03-31"},
		{"v3_status", "sent", "search%5Bv3_status%5D=sent"},
	} {
		opt, err := r.ParseFilter(tc.key, tc.value)
		if err != nil {
			t.Errorf("%s=%s: %v", tc.key, tc.value, err)
			continue
		}
		c, last := replay(t, 200, []byte(`{"response":{"result":{"invoices":[],"page":1,"pages":0,"per_page":30,"total":0}}}`))
		if _, err := c.Account("A1").Invoices.List(t.Context(), opt); err != nil {
			t.Fatal(err)
		}
		if got := last.URL.RawQuery; got != tc.query {
			t.Errorf("%s=%s sent %q, want %q", tc.key, tc.value, got, tc.query)
		}
	}
	for _, tc := range []struct{ key, value, says string }{
		{"colour", "red", "valid: customerid, customerids, date_min, date_max, v3_status"},
		{"date", "2026-01-01", "unknown filter"}, // a range is date_min or date_max
		{"customerid", "seven", "customerid"},
		{"date_min", "01/02/2026", "date_min"},
		{"v3_status", "paid", "valid: draft, sent"},
	} {
		_, err := r.ParseFilter(tc.key, tc.value)
		var qe *freshbooks.QueryError
		if !errors.Is(err, freshbooks.ErrInvalidQuery) || !errors.As(err, &qe) || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s=%s: %v, want an ErrInvalidQuery saying %q", tc.key, tc.value, err, tc.says)
		}
	}
}
