package freshbooks_test

import (
	"testing"

	"github.com/freshbooks-go/freshbooks"
)

// TestQueryEncoding pins what no official SDK gets right: values are
// percent-encoded, so "+" and "&" reach FreshBooks intact; per_page is
// clamped; Like adds its suffix once.
func TestQueryEncoding(t *testing.T) {
	c, last := replay(t, 200, []byte(`{"response": {"result": {"clients": [], "page": 1, "pages": 0, "per_page": 15, "total": 0}}}`))
	clients := c.Account("ACM123").Clients
	for _, tc := range []struct {
		opts []freshbooks.QueryOption
		want string
	}{
		{[]freshbooks.QueryOption{freshbooks.Equals("email", "a+b@x.test")}, "search%5Bemail%5D=a%2Bb%40x.test"},
		{[]freshbooks.QueryOption{freshbooks.Like("organization", "A & B Co")}, "search%5Borganization_like%5D=A+%26+B+Co"},
		{[]freshbooks.QueryOption{freshbooks.Like("user_like", "leaf")}, "search%5Buser_like%5D=leaf"},
		{[]freshbooks.QueryOption{freshbooks.PerPage(500), freshbooks.OnPage(0)}, "page=1&per_page=100"},
		{[]freshbooks.QueryOption{freshbooks.Between("updated", freshbooks.NewDate(2026, 1, 2), nil)}, "search%5Bupdated_min%5D=2026-01-02"},
		{[]freshbooks.QueryOption{freshbooks.SortAsc("email"), freshbooks.SortDesc("updated")}, "sort=updated_desc"},
		{[]freshbooks.QueryOption{freshbooks.Param("search[has_outstanding]", "true")}, "search%5Bhas_outstanding%5D=true"},
	} {
		if _, err := clients.List(t.Context(), tc.opts...); err != nil {
			t.Fatal(err)
		}
		if last.URL.RawQuery != tc.want {
			t.Errorf("query %s, want %s", last.URL.RawQuery, tc.want)
		}
		// And the server reads back what was meant.
		if got := last.URL.Query(); tc.want == "search%5Bemail%5D=a%2Bb%40x.test" && got.Get("search[email]") != "a+b@x.test" {
			t.Errorf("server read %q", got.Get("search[email]"))
		}
	}
}
