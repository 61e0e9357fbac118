package freshbooks_test

import (
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/freshbooks-go/freshbooks"
)

// Far from FreshBooks, All keeps as many pages in flight as hide the
// latency, up to MaxPrefetch and never more; a window the call fixes
// stays as it is. In a synctest bubble every answer takes 50 ms of the
// bubble's clock: 70 pages take 4 round trips with the adaptive window
// (page 1, then 32 pages, 32, and the last 5), 36 with two pages in
// flight.
func TestAllWidensWithLatencySynctest(t *testing.T) {
	const latency = 50 * time.Millisecond
	for _, tc := range []struct {
		name  string
		opts  []freshbooks.QueryOption
		peak  int32
		trips int
	}{
		{"adaptive", nil, freshbooks.MaxPrefetch, 4},
		{"fixed", []freshbooks.QueryOption{freshbooks.Prefetch(2)}, 2, 36},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, _, tr := bubbleEnv(t, time.Hour, 0)
				ctx := t.Context()
				me, err := c.CurrentUser(ctx)
				if err != nil {
					t.Fatal(err)
				}
				acct := c.Account(me.BusinessMemberships[0].Business.AccountID)
				first, err := acct.Clients.List(ctx, freshbooks.PerPage(10))
				if err != nil {
					t.Fatal(err)
				}
				for i := first.Total; i < 700; i++ {
					if _, err := acct.Clients.Create(ctx, &freshbooks.Customer{Organization: fmt.Sprintf("Client %03d", i)}); err != nil {
						t.Fatal(err)
					}
				}
				tr.latency.Store(int64(latency))
				tr.peak.Store(0)
				start := time.Now()
				var last freshbooks.CustomerID
				n := 0
				for cl, err := range acct.Clients.All(ctx, append(tc.opts, freshbooks.PerPage(10))...) {
					if err != nil {
						t.Fatal(err)
					}
					if cl.ID <= last {
						t.Fatalf("client %d after %d: out of order", cl.ID, last)
					}
					last, n = cl.ID, n+1
				}
				took := time.Since(start)
				if n != 700 {
					t.Errorf("All yielded %d clients, want 700", n)
				}
				if got := tr.peak.Load(); got != tc.peak {
					t.Errorf("at most %d pages in flight, want %d", got, tc.peak)
				}
				if want := time.Duration(tc.trips) * latency; took != want {
					t.Errorf("All took %v, want %d round trips of %v (%v)", took, tc.trips, latency, want)
				}
			})
		})
	}
}
