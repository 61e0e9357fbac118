package freshbooks_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// pagedClients serves pages of perPage clients numbered from 1, calling
// hold (if set) before answering a page.
func pagedClients(t *testing.T, pages, perPage int, hold func(r *http.Request, page int)) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if hold != nil {
			hold(r, page)
		}
		body := `{"response":{"result":{"clients":[`
		for i := range perPage {
			if i > 0 {
				body += ","
			}
			body += fmt.Sprintf(`{"id":%d}`, (page-1)*perPage+i+1)
		}
		body += fmt.Sprintf(`],"page":%d,"pages":%d,"per_page":%d,"total":%d}}}`, page, pages, perPage, pages*perPage)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// All asks for the window's pages at once and still yields in order:
// here pages 2 to 5 are each held until all four were asked for, then
// answered last first.
func TestAllPrefetchesConcurrentlyInOrder(t *testing.T) {
	const pages, perPage = 5, 3
	var arrived sync.WaitGroup
	arrived.Add(4)
	answered := make([]chan struct{}, pages+2)
	for i := range answered {
		answered[i] = make(chan struct{})
	}
	close(answered[pages+1])
	srv := pagedClients(t, pages, perPage, func(r *http.Request, page int) {
		if page < 2 {
			return
		}
		arrived.Done()
		done := make(chan struct{})
		go func() { arrived.Wait(); close(done) }()
		select { // all four asked for, then the later page first
		case <-done:
		case <-r.Context().Done():
			return
		}
		select {
		case <-answered[page+1]:
		case <-r.Context().Done():
		}
		defer close(answered[page])
	})
	// A guard, not a timing: fetched one by one, the pages would wait
	// for each other until it ends.
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	c, _ := freshbooks.NewClient(freshbooks.Config{AccessToken: "t", BaseURL: srv.URL, MaxRetries: -1})
	var ids []freshbooks.CustomerID
	for cl, err := range c.Account("A1").Clients.All(ctx, freshbooks.PerPage(perPage), freshbooks.Prefetch(4)) {
		if err != nil {
			t.Fatalf("after %d records: %v (were the pages asked for concurrently?)", len(ids), err)
		}
		ids = append(ids, cl.ID)
	}
	if len(ids) != pages*perPage {
		t.Fatalf("got %d records", len(ids))
	}
	for i, id := range ids {
		if id != freshbooks.CustomerID(i+1) {
			t.Fatalf("record %d has id %d: out of order", i, id)
		}
	}
}

// countingTransport counts the requests in progress.
type countingTransport struct {
	active, started atomic.Int64
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.started.Add(1)
	c.active.Add(1)
	defer c.active.Add(-1)
	return http.DefaultTransport.RoundTrip(r)
}

// Breaking out of the loop cancels every request in flight, and the loop
// ends only once they have: nothing is left running.
func TestAllBreakCancelsPrefetch(t *testing.T) {
	srv := pagedClients(t, 10, 2, func(r *http.Request, page int) {
		if page > 1 {
			<-r.Context().Done() // held until the client gives up
		}
	})
	ct := &countingTransport{}
	c, _ := freshbooks.NewClient(freshbooks.Config{AccessToken: "t", BaseURL: srv.URL, MaxRetries: -1,
		HTTPClient: &http.Client{Transport: ct}})
	for range c.Account("A1").Clients.All(t.Context(), freshbooks.PerPage(2), freshbooks.Prefetch(3)) {
		break
	}
	if n := ct.active.Load(); n != 0 {
		t.Errorf("%d requests still in flight after the loop", n)
	}
	if n := ct.started.Load(); n != 4 {
		t.Errorf("%d requests made, want page 1 and a window of 3", n)
	}
	// Cancelling the context does the same.
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	ct.started.Store(0)
	var err error
	for _, e := range c.Account("A1").Clients.All(ctx, freshbooks.PerPage(2), freshbooks.Prefetch(3)) {
		cancel()
		if e != nil {
			err = e
		}
	}
	if !errors.Is(err, context.Canceled) || ct.active.Load() != 0 {
		t.Errorf("after cancel: err %v, %d in flight", err, ct.active.Load())
	}
}

// A list that changes while it is read stops with ErrListChanged instead
// of repeating or skipping records.
func TestAllReportsAListThatChanged(t *testing.T) {
	clients := newEnv(t, freshbookstest.Options{Now: time.Now}).acct.Clients
	seen := map[freshbooks.CustomerID]bool{}
	created := false
	var last error
	for cl, err := range clients.All(t.Context(), freshbooks.PerPage(1), freshbooks.Prefetch(1)) {
		if err != nil {
			last = err
			break
		}
		if seen[cl.ID] {
			t.Fatalf("client %d yielded twice", cl.ID)
		}
		seen[cl.ID] = true
		if !created {
			created = true
			if _, err := clients.Create(t.Context(), &freshbooks.Customer{Organization: "Newcomer"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if !errors.Is(last, freshbooks.ErrListChanged) {
		t.Fatalf("a list that grew while read ended with %v", last)
	}
	// Read again, it is whole.
	page, err := clients.List(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, err := range clients.All(t.Context(), freshbooks.PerPage(1)) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != page.Total {
		t.Errorf("second read gave %d records of %d", n, page.Total)
	}
}
