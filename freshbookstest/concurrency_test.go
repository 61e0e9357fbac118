package freshbookstest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// send makes one request with ctx and a bearer token, and reads its
// answer away; it returns the status.
func send(ctx context.Context, method, target, token, body string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, method, target, strings.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, err
}

// While one reader holds the store's lock, GETs and lists are still
// served: reads share the lock instead of queueing behind each other. With
// one exclusive lock, these requests would wait until the context ran out.
func TestReadsShareTheLock(t *testing.T) {
	e := newEnv(t, "", Options{})
	sb, tok, acct := e.sb, e.token, e.acct
	base := e.url + "/accounting/account/" + acct
	sb.eng.RLock()
	// Released before the server closes, even when the test fails.
	defer sb.eng.RUnlock()
	clientID := sb.eng.Tables["acct:"+acct+"/clients"].IDs[0]
	invoiceID := sb.eng.Tables["acct:"+acct+"/invoices"].IDs[0]
	// A generous deadline: it only turns a hang into a failure.
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	for _, target := range []string{
		fmt.Sprintf("%s/users/clients/%d", base, clientID),
		fmt.Sprintf("%s/invoices/invoices/%d?include[]=lines", base, invoiceID),
		base + "/users/clients?per_page=100",
		base + "/invoices/invoices?per_page=100",
		base + "/bill_vendors/bill_vendors", // none seeded: a table read, not made
	} {
		if got, err := send(ctx, http.MethodGet, target, tok, ""); err != nil || got != http.StatusOK {
			t.Errorf("GET %s under a held read lock: status %d, %v; want 200", target, got, err)
		}
	}
}

// A read that looks up a table not made yet gets an empty one and leaves
// the store as it was: creating it would write the map other readers are
// reading. A writer still creates it.
func TestTableNotMadeUnderReadLock(t *testing.T) {
	sb := New(Options{})
	t.Cleanup(func() { sb.Close() })
	const scope, resource = "acct:NOSUCH", "clients"
	sb.eng.RLock()
	c := sb.eng.Table(scope, resource)
	_, made := sb.eng.Tables[scope+"/"+resource]
	sb.eng.RUnlock()
	if c == nil || len(c.IDs) != 0 || len(c.ByID) != 0 {
		t.Fatalf("Table under a read lock = %+v, want an empty collection", c)
	}
	if made {
		t.Fatal("Table under a read lock stored a new collection")
	}
	sb.eng.Lock()
	c = sb.eng.Table(scope, resource)
	_, made = sb.eng.Tables[scope+"/"+resource]
	sb.eng.Unlock()
	if !made || c.ByID == nil {
		t.Fatal("Table under the write lock did not make the collection")
	}
}

// Reads and writes from many goroutines at once all succeed, and every
// created client is then counted (run with -race to check the locking).
func TestConcurrentReadsAndWrites(t *testing.T) {
	e := newEnv(t, "", Options{})
	sb, tok, acct := e.sb, e.token, e.acct
	base := e.url + "/accounting/account/" + acct
	sb.eng.RLock()
	clientID := sb.eng.Tables["acct:"+acct+"/clients"].IDs[0]
	before := len(sb.eng.Tables["acct:"+acct+"/clients"].IDs)
	sb.eng.RUnlock()
	reads := []string{
		fmt.Sprintf("%s/users/clients/%d", base, clientID),
		base + "/users/clients?per_page=100",
		base + "/invoices/invoices?include[]=lines",
		base + "/payments/payments?include[]=invoice&include[]=client",
		base + "/bills/bills",
		base + "/bill_vendors/bill_vendors",
	}
	const writers, perWriter, readers, perReader = 4, 10, 8, 20
	var wg sync.WaitGroup
	errs := make(chan string, writers*perWriter+readers*perReader)
	check := func(method, target, body string) {
		if code, err := send(t.Context(), method, target, tok, body); err != nil || code != http.StatusOK {
			errs <- fmt.Sprintf("%s %s: status %d, %v", method, target, code, err)
		}
	}
	for w := range writers {
		wg.Go(func() {
			for i := range perWriter {
				check(http.MethodPost, base+"/users/clients", fmt.Sprintf(`{"client": {"organization": "Writer %d-%d"}}`, w, i))
			}
		})
	}
	for r := range readers {
		wg.Go(func() {
			for i := range perReader {
				check(http.MethodGet, reads[(r+i)%len(reads)], "")
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	_, m := e.json(http.MethodGet, base+"/users/clients?per_page=1", nil)
	res := m["response"].(map[string]any)["result"].(map[string]any)
	if got, want := int(res["total"].(float64)), before+writers*perWriter; got != want {
		t.Errorf("total clients after the writes = %d, want %d", got, want)
	}
}
