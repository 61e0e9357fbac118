package freshbooks_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"testing"

	"github.com/freshbooks-go/freshbooks"
)

// TestAllStreams walks 30 pages of 100 clients and checks that memory in
// use does not grow with the pages already seen: All holds one page.
func TestAllStreams(t *testing.T) {
	const pages, perPage = 30, 100
	var requests int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests++
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if r.URL.Query().Get("per_page") != "100" {
			t.Errorf("All asked for per_page %q", r.URL.Query().Get("per_page"))
		}
		items := make([]map[string]any, perPage)
		for i := range items {
			id := (page-1)*perPage + i + 1
			items[i] = map[string]any{"id": id, "userid": id, "organization": fmt.Sprintf("Organisation number %d with a long name", id),
				"note": string(make([]byte, 1000))}
		}
		json.NewEncoder(w).Encode(map[string]any{"response": map[string]any{"result": map[string]any{
			"clients": items, "page": page, "pages": pages, "per_page": perPage, "total": pages * perPage}}})
	}))
	defer srv.Close()
	c, _ := freshbooks.NewClient(freshbooks.Config{AccessToken: "t", BaseURL: srv.URL})
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	var early, late uint64
	n := 0
	for cl, err := range c.Account("A1").Clients.All(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if cl.ID != freshbooks.CustomerID(n) {
			t.Fatalf("item %d has id %d", n, cl.ID)
		}
		switch n {
		case 5*perPage + 1:
			early = heap()
		case 25*perPage + 1:
			late = heap()
		}
	}
	if n != pages*perPage || requests != pages {
		t.Fatalf("%d items in %d requests", n, requests)
	}
	// 20 pages of ~130 KB each would be 2.6 MB if kept.
	if late > early+1<<20 {
		t.Errorf("heap grew from %d to %d bytes over 20 pages", early, late)
	}
	t.Logf("heap after 5 pages %d KB, after 25 pages %d KB", early>>10, late>>10)
}

func TestAllStopsAndReportsErrors(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if r.URL.Query().Get("page") == "2" {
			w.WriteHeader(404)
			w.Write([]byte(`{"response":{"errors":[{"errno":1012,"message":"gone"}]}}`))
			return
		}
		w.Write([]byte(`{"response":{"result":{"clients":[{"id":1},{"id":2}],"page":1,"pages":3,"per_page":2,"total":6}}}`))
	}))
	defer srv.Close()
	c, _ := freshbooks.NewClient(freshbooks.Config{AccessToken: "t", BaseURL: srv.URL, MaxRetries: -1})
	var got []freshbooks.CustomerID
	var errs []error
	for cl, err := range c.Account("A1").Clients.All(t.Context(), freshbooks.PerPage(2)) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, cl.ID)
	}
	if len(got) != 2 || len(errs) != 1 || calls != 2 {
		t.Errorf("items %v, errors %v, calls %d", got, errs, calls)
	}
	// Breaking out stops fetching.
	calls = 0
	for range c.Account("A1").Clients.All(t.Context()) {
		break
	}
	if calls != 1 {
		t.Errorf("break after the first item made %d calls", calls)
	}
}
