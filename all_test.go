package freshbooks_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/freshbooks-go/freshbooks"
)

// TestAllStreams walks 60 pages of 100 clients and checks that memory in
// use does not grow with the pages already seen: All holds the pages of
// its prefetch window, no more.
func TestAllStreams(t *testing.T) {
	const pages, perPage = 60, 100
	note := strings.Repeat("n", 1000)
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if r.URL.Query().Get("per_page") != "100" {
			t.Errorf("All asked for per_page %q", r.URL.Query().Get("per_page"))
		}
		var b strings.Builder
		b.WriteString(`{"response":{"result":{"clients":[`)
		for i := range perPage {
			id := (page-1)*perPage + i + 1
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"id":%d,"userid":%d,"organization":"Organisation number %d with a long name","note":"%s"}`, id, id, id, note)
		}
		fmt.Fprintf(&b, `],"page":%d,"pages":%d,"per_page":%d,"total":%d}}}`, page, pages, perPage, pages*perPage)
		_, _ = io.WriteString(w, b.String())
	}))
	defer srv.Close()
	c, _ := freshbooks.NewClient(freshbooks.Config{AccessToken: "t", BaseURL: srv.URL})
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	// The heap is sampled at each page boundary over two stretches of ten
	// pages; the largest of each stretch is compared, so that the pages
	// in flight at the moment of one sample do not decide the result.
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
		if n%perPage != 1 {
			continue
		}
		switch page := n / perPage; {
		case page >= 5 && page < 15:
			early = max(early, heap())
		case page >= 45 && page < 55:
			late = max(late, heap())
		}
	}
	if n != pages*perPage || requests.Load() != pages {
		t.Fatalf("%d items in %d requests", n, requests.Load())
	}
	// 40 pages of ~250 KB decoded would be 10 MB if kept.
	if late > early+4<<20 {
		t.Errorf("heap grew from %d to %d bytes over 40 pages", early, late)
	}
	t.Logf("largest heap over pages 5-14: %d KB, over pages 45-54: %d KB", early>>10, late>>10)
}

// All stops at the first error, and at a break, without asking for more
// than its window.
func TestAllStopsAndReportsErrors(t *testing.T) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
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
	for cl, err := range c.Account("A1").Clients.All(t.Context(), freshbooks.PerPage(2), freshbooks.Prefetch(1)) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, cl.ID)
	}
	if len(got) != 2 || len(errs) != 1 || calls.Load() != 2 {
		t.Errorf("items %v, errors %v, calls %d", got, errs, calls.Load())
	}
	// Breaking out stops fetching: page 1, and the next one asked for
	// while page 1 was read.
	calls.Store(0)
	for range c.Account("A1").Clients.All(t.Context(), freshbooks.PerPage(2), freshbooks.Prefetch(1)) {
		break
	}
	if calls.Load() > 2 {
		t.Errorf("break after the first item made %d calls", calls.Load())
	}
}
