package freshbookstest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// The sandbox's speed targets (issue: "Fast"): 5,000 GETs of one invoice
// per second over loopback with keep-alive, 1,000 creates per second in
// memory, start-up under 200 ms with 10,000 records. Each benchmark
// reports req/s (or ms) next to ns/op; compare with `go test -bench`.

// firstRecordURL returns the URL of the first record of a seeded table.
func firstRecordURL(b *testing.B, e *env, resource, path string) string {
	sb, acct := e.sb, e.acct
	sb.eng.Lock()
	defer sb.eng.Unlock()
	t := sb.eng.Tables["acct:"+acct+"/"+resource]
	if t == nil || len(t.IDs) == 0 {
		b.Skipf("no seeded %s", resource)
	}
	return fmt.Sprintf("%s/accounting/account/%s/%s/%d", e.url, acct, path, t.IDs[0])
}

// hammer sends requests (a GET, or a POST of body) to target from
// parallel clients over keep-alive connections, perCore of them per core
// (0: one), each with the bearer token when there is one, and reports
// requests per second.
func hammer(b *testing.B, target, tok string, body []byte, perCore int) {
	b.Helper()
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	b.ReportAllocs()
	if perCore > 0 {
		b.SetParallelism(perCore)
	}
	method := http.MethodGet
	if body != nil {
		method = http.MethodPost
	}
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			var rd io.Reader
			if body != nil {
				rd = bytes.NewReader(body)
			}
			req, _ := http.NewRequest(method, target, rd)
			if tok != "" {
				req.Header.Set("Authorization", "Bearer "+tok)
			}
			resp, err := hc.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
}

// BenchmarkGetOne is a GET of one record over loopback, next to a
// hello-world net/http server measured the same way in the same run: the
// target (issue 13) is 10,000 invoice GETs a second on 2 cores, and at
// least half the hello-world rate.
func BenchmarkGetOne(b *testing.B) {
	b.Run("hello-world", func(b *testing.B) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			_, _ = w.Write([]byte("Hello, world!\n"))
		}))
		defer srv.Close()
		hammer(b, srv.URL, "", nil, 4)
	})
	for _, res := range []struct{ name, path string }{{"invoices", "invoices/invoices"}, {"clients", "users/clients"}} {
		b.Run(res.name, func(b *testing.B) {
			e := newEnv(b, "", Options{})
			hammer(b, firstRecordURL(b, e, res.name, res.path), e.token, nil, 4)
		})
	}
}

// addClients stores n more clients in the first business, as creates
// through the API would.
func addClients(b *testing.B, sb *Sandbox, n int) {
	b.Helper()
	sp := sb.eng.SpecNamed("clients")
	biz := sb.eng.Identities[0].Memberships[0].Business
	sb.eng.Lock()
	defer sb.eng.Unlock()
	for i := range n {
		rec := engine.Record{"organization": fmt.Sprintf("Org %d", i), "email": fmt.Sprintf("c%d@example.com", i), "fname": "First", "lname": "Last",
			"p_street": "1 Main St", "p_city": "Springfield", "p_code": "62704", "p_country": "United States", "note": "A loaded client"}
		if _, e := sb.eng.CreateLocked(sp, engine.ScopeOf(sb.eng, sp, biz), rec); e != nil {
			b.Fatal(e.Message)
		}
	}
}

// BenchmarkListPage is the server time of one page of 100 clients (of
// 1,000), without the network: the handler alone, from the request to the
// encoded answer. The target (issue 13) is well under a millisecond.
func BenchmarkListPage(b *testing.B) {
	e := newEnv(b, "", Options{}) // served in process below, without the network
	sb := e.sb
	addClients(b, sb, 1000)
	auth := "Bearer " + e.token
	target := "/accounting/account/" + e.acct + "/users/clients?per_page=100&page=3"
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("GET", target, nil)
		req.Header.Set("Authorization", auth)
		rec := httptest.NewRecorder()
		sb.ServeHTTP(rec, req)
		if rec.Code != 200 || rec.Body.Len() < 100*200 {
			b.Fatalf("status %d, %d bytes", rec.Code, rec.Body.Len())
		}
	}
}

func BenchmarkCreateClient(b *testing.B) {
	e := newEnv(b, "", Options{})
	target := e.url + "/accounting/account/" + e.acct + "/users/clients"
	hammer(b, target, e.token, []byte(`{"client": {"organization": "Bench Co", "email": "bench@example.com", "fname": "Ben"}}`), 0)
}

// BenchmarkStartup opens a data dir holding 10,000 client records.
func BenchmarkStartup(b *testing.B) {
	dir := b.TempDir()
	sb, err := Open(dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	addClients(b, sb, 10000)
	sb.Close()
	b.ResetTimer()
	var total time.Duration
	for b.Loop() {
		start := time.Now()
		s, err := Open(dir, Options{})
		total += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/start")
}
