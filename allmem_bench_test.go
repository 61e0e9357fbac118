package freshbooks_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// envSandboxChild makes TestSandboxChildProcess serve a sandbox holding
// that many more clients, for BenchmarkAllPeakHeap.
const envSandboxChild = "FRESHBOOKS_TEST_SANDBOX_CLIENTS"

// TestSandboxChildProcess is not a test: run by BenchmarkAllPeakHeap as a
// child process, it serves a sandbox with the clients asked for on a
// loopback port, prints its URL and a token, and serves until its stdin
// closes. Out of the benchmark's process, the sandbox's records do not
// count in the heap it measures.
func TestSandboxChildProcess(t *testing.T) {
	n, err := strconv.Atoi(os.Getenv(envSandboxChild))
	if err != nil {
		t.Skip("run by BenchmarkAllPeakHeap")
	}
	sb := freshbookstest.New(freshbookstest.Options{})
	defer sb.Close()
	var doc bytes.Buffer
	doc.WriteString(`{"": {"clients": [`)
	for i := range n {
		if i > 0 {
			doc.WriteByte(',')
		}
		fmt.Fprintf(&doc, `{"organization": "Memory Co %d", "fname": "Ann", "lname": "Lee", "email": "ann.%d@example.test", "p_city": "Springfield"}`, i, i)
	}
	doc.WriteString(`]}}`)
	if err := sb.Load(&doc); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb)
	defer srv.Close()
	fmt.Printf("sandbox %s %s\n", srv.URL, sb.IssueToken(0).AccessToken)
	_, _ = io.Copy(io.Discard, os.Stdin)
}

// childSandbox starts TestSandboxChildProcess with n more clients and
// returns a client of it and the account holding them.
func childSandbox(b *testing.B, n int) (*freshbooks.Client, freshbooks.AccountID) {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestSandboxChildProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), envSandboxChild+"="+strconv.Itoa(n))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { stdin.Close(); _ = cmd.Wait() })
	lines := bufio.NewScanner(stdout)
	var url, token string
	for lines.Scan() {
		if f := strings.Fields(lines.Text()); len(f) == 3 && f[0] == "sandbox" {
			url, token = f[1], f[2]
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	if url == "" {
		b.Fatalf("the sandbox child printed no address: %v", lines.Err())
	}
	c, err := freshbooks.NewClient(freshbooks.Config{BaseURL: url, AuthURL: url, AccessToken: token})
	if err != nil {
		b.Fatal(err)
	}
	me, err := c.CurrentUser(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	for _, m := range me.BusinessMemberships {
		if m.Business.AccountID == "" {
			continue
		}
		if p, err := c.Account(m.Business.AccountID).Clients.List(b.Context(), freshbooks.PerPage(1)); err == nil && p.Total >= n {
			return c, m.Business.AccountID
		}
	}
	b.Fatalf("no account holds the %d clients", n)
	return nil, ""
}

// heapPeak samples the heap while it runs: the largest heap of objects
// (live and not yet collected) and the largest live heap a collection
// found, in bytes.
type heapPeak struct {
	stop         chan struct{}
	done         sync.WaitGroup
	objects, gcd uint64
}

func startHeapPeak() *heapPeak {
	h := &heapPeak{stop: make(chan struct{})}
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
	read := func() {
		metrics.Read(samples)
		h.objects = max(h.objects, samples[0].Value.Uint64())
		h.gcd = max(h.gcd, samples[1].Value.Uint64())
	}
	h.done.Go(func() {
		tick := time.NewTicker(200 * time.Microsecond)
		defer tick.Stop()
		for {
			read()
			select {
			case <-h.stop:
				read()
				return
			case <-tick.C:
			}
		}
	})
	return h
}

func (h *heapPeak) end() (objects, live uint64) {
	close(h.stop)
	h.done.Wait()
	return h.objects, h.gcd
}

// BenchmarkAllPeakHeap exports 10,000 and then 100,000 clients through
// All (CSV-like rows written away, nothing kept), the sandbox in another
// process, and reports the peak heap of each export above the heap before
// it, and their ratio: issue 13's target is a flat profile, the 100,000
// export needing no more than twice the memory of the 10,000 one.
//
//	go test -run '^$' -bench AllPeakHeap -benchtime 1x
func BenchmarkAllPeakHeap(b *testing.B) {
	sizes := []int{10_000, 100_000}
	type target struct {
		c    *freshbooks.Client
		acct freshbooks.AccountID
	}
	var targets []target
	for _, n := range sizes {
		c, acct := childSandbox(b, n)
		targets = append(targets, target{c, acct})
	}
	peaks := make([][2]uint64, len(sizes))
	for b.Loop() {
		for i, tg := range targets {
			runtime.GC()
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			h := startHeapPeak()
			rows := 0
			for cl, err := range tg.c.Account(tg.acct).Clients.All(b.Context()) {
				if err != nil {
					b.Fatal(err)
				}
				_, _ = fmt.Fprintln(io.Discard, cl.ID, cl.Organization, cl.FirstName, cl.LastName, cl.Email)
				rows++
			}
			objects, live := h.end()
			if rows < sizes[i] {
				b.Fatalf("exported %d rows, want %d or more", rows, sizes[i])
			}
			base := before.HeapAlloc
			peaks[i] = [2]uint64{max(peaks[i][0], objects-min(objects, base)), max(peaks[i][1], live-min(live, base))}
		}
	}
	mb := func(x uint64) float64 { return float64(x) / (1 << 20) }
	b.ReportMetric(mb(peaks[0][0]), "peak-MB-10k")
	b.ReportMetric(mb(peaks[1][0]), "peak-MB-100k")
	b.ReportMetric(float64(peaks[1][0])/float64(max(peaks[0][0], 1)), "peak-ratio")
	b.ReportMetric(mb(peaks[0][1]), "live-MB-10k")
	b.ReportMetric(mb(peaks[1][1]), "live-MB-100k")
}
