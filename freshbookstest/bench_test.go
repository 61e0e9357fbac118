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

func benchSandbox(b *testing.B) (*Sandbox, string, string) {
	b.Helper()
	sb := New(Options{})
	srv := httptest.NewServer(sb)
	b.Cleanup(func() { srv.Close(); sb.Close() })
	return sb, srv.URL, sb.IssueToken(0).AccessToken
}

// firstRecordURL returns the URL of the first record of a seeded table.
func firstRecordURL(b *testing.B, sb *Sandbox, base, resource, path string) string {
	acct := accountOf(sb)
	sb.eng.Lock()
	defer sb.eng.Unlock()
	t := sb.eng.Tables["acct:"+acct+"/"+resource]
	if t == nil || len(t.IDs) == 0 {
		b.Skipf("no seeded %s", resource)
	}
	return fmt.Sprintf("%s/accounting/account/%s/%s/%d", base, acct, path, t.IDs[0])
}

func BenchmarkGetOne(b *testing.B) {
	for _, res := range []struct{ name, path string }{{"invoices", "invoices/invoices"}, {"clients", "users/clients"}} {
		b.Run(res.name, func(b *testing.B) {
			sb, base, tok := benchSandbox(b)
			target := firstRecordURL(b, sb, base, res.name, res.path)
			tr := &http.Transport{MaxIdleConnsPerHost: 64}
			defer tr.CloseIdleConnections()
			hc := &http.Client{Transport: tr}
			b.ReportAllocs()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req, _ := http.NewRequest("GET", target, nil)
					req.Header.Set("Authorization", "Bearer "+tok)
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
		})
	}
}

func BenchmarkCreateClient(b *testing.B) {
	sb, base, tok := benchSandbox(b)
	target := base + "/accounting/account/" + accountOf(sb) + "/users/clients"
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	body := []byte(`{"client": {"organization": "Bench Co", "email": "bench@example.com", "fname": "Ben"}}`)
	b.ReportAllocs()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("POST", target, bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+tok)
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

// BenchmarkStartup opens a data dir holding 10,000 client records.
func BenchmarkStartup(b *testing.B) {
	dir := b.TempDir()
	sb, err := Open(dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	sp := sb.eng.SpecNamed("clients")
	biz := sb.eng.Identities[0].Memberships[0].Business
	sb.eng.Lock()
	for i := range 10000 {
		rec := engine.Record{"organization": fmt.Sprintf("Org %d", i), "email": fmt.Sprintf("c%d@example.com", i), "fname": "First", "lname": "Last",
			"p_street": "1 Main St", "p_city": "Springfield", "p_code": "62704", "p_country": "United States", "note": "A loaded client"}
		if _, e := sb.eng.CreateLocked(sp, engine.ScopeOf(sb.eng, sp, biz), rec.Clone()); e != nil {
			b.Fatal(e.Message)
		}
	}
	sb.eng.Unlock()
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
