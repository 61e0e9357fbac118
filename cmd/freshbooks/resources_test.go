package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// TestEveryResourceHasExactlyItsVerbs: the commands come from the
// catalogue, one per resource, each with its verbs and actions only.
func TestEveryResourceHasExactlyItsVerbs(t *testing.T) {
	a := &app{getenv: func(string) string { return "" }}
	root := a.rootCommand()
	for _, r := range freshbooks.Resources() {
		cmd, _, err := root.Find([]string{r.Name})
		if err != nil || cmd.Name() != r.Name {
			t.Errorf("no command for %s", r.Name)
			continue
		}
		var want, got []string
		for _, v := range r.Verbs {
			want = append(want, string(v))
		}
		for _, act := range r.Actions {
			want = append(want, act.Name)
		}
		for _, sub := range cmd.Commands() {
			got = append(got, sub.Name())
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: subcommands %v, want %v", r.Name, got, want)
		}
	}
}

func TestListGolden(t *testing.T) {
	// A fixed clock, ahead of the real one so that tokens stay fresh.
	at := time.Date(2030, 1, 2, 15, 4, 5, 0, time.UTC)
	c := newCLI(t, freshbookstest.Options{Now: func() time.Time { return at }})
	c.login()
	for _, f := range []string{"table", "json", "csv", "yaml"} {
		r := c.run("-o", f, "invoices", "list", "--per-page", "3").want(t, 0)
		golden(t, "invoices-list."+f, r.stdout)
	}
	r := c.run("-o", "table", "clients", "get", "44001").want(t, 0)
	golden(t, "clients-get.table", r.stdout)
}

// TestJSONIsTheWireForm: -o json prints the records as FreshBooks sent
// them, members and numbers untouched.
func TestJSONIsTheWireForm(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	c.login()
	got := c.run("-o", "json", "invoices", "get", "94001").want(t, 0).stdout
	raw := c.run("api", "GET", "/accounting/account/{account_id}/invoices/invoices/94001").want(t, 0).stdout
	var env struct {
		Response struct {
			Result struct {
				Invoice json.RawMessage `json:"invoice"`
			} `json:"result"`
		} `json:"response"`
	}
	if err := json.Unmarshal([]byte(raw), &env); err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(got) != string(env.Response.Result.Invoice) {
		t.Errorf("get -o json:\n%s\nwire:\n%s", got, env.Response.Result.Invoice)
	}
}

func TestFilterSortInclude(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	c.login()
	r := c.run("-o", "json", "invoices", "list", "--all", "--filter", "v3_status=paid", "--sort", "-invoice_number").want(t, 0)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	var numbers []string
	for _, l := range lines {
		var inv struct {
			Status string `json:"v3_status"`
			Number string `json:"invoice_number"`
		}
		json.Unmarshal([]byte(l), &inv)
		if inv.Status != "paid" {
			t.Errorf("--filter v3_status=paid kept %s", l)
		}
		numbers = append(numbers, inv.Number)
	}
	if len(numbers) < 2 || !slices.IsSortedFunc(numbers, func(a, b string) int { return strings.Compare(b, a) }) {
		t.Errorf("--sort -invoice_number: %v", numbers)
	}
	for _, args := range [][]string{
		{"invoices", "list", "--filter", "novalue"},
		{"invoices", "list", "--page", "0"},
		{"invoices", "list", "--per-page", "101"},
		{"invoices", "list", "extra"},
		{"invoices", "frobnicate"},
		{"systems", "list"},
		{"invoices", "get"},
		{"invoices", "create"},
	} {
		c.run(args...).want(t, exitUsage)
	}
}

// TestQueryValidation checks --filter, --sort and --include against the
// resource's vocabulary before any request: a mistake FreshBooks would
// ignore is a usage error naming what is valid.
func TestQueryValidation(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	c.login()
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"--filter", "colour=red"}, "customerid, customerids"},
		{[]string{"--filter", "organization_like=hoo"}, "v3_status"},
		{[]string{"--filter", "date_min=01/02/2026"}, "date_min"},
		{[]string{"--filter", "v3_status=unpaid"}, "overdue"},
		{[]string{"--sort", "colour"}, "invoice_number"},
		{[]string{"--include", "colour"}, "lines"},
	} {
		r := c.run(append([]string{"invoices", "list"}, tc.args...)...).want(t, exitUsage)
		if !strings.Contains(r.stderr, tc.says) {
			t.Errorf("%v: stderr %q, want it to say %q", tc.args, r.stderr, tc.says)
		}
	}
	r := c.run("-o", "json", "invoices", "list", "--all", "--filter", "date_min=2000-01-01", "--filter", "paid=false").want(t, 0)
	if !strings.Contains(r.stdout, `"outstanding"`) {
		t.Errorf("unpaid invoices: %s", r.stdout)
	}
}

func TestCreateUpdateClearDelete(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	c.login()
	r := c.run("clients", "create", "-F", "organization=CLI Test Co", "-F", "email=ap@cli.test", "-f", "p_code=01234").want(t, 0)
	var created struct {
		ID           int64  `json:"id"`
		Organization string `json:"organization"`
		Code         string `json:"p_code"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &created); err != nil || created.Organization != "CLI Test Co" || created.Code != "01234" {
		t.Fatalf("create: %q %v", r.stdout, err)
	}
	id := fmt.Sprint(created.ID)
	c.runIn(`{"organization": "From A File", "fname": "Ada"}`, "clients", "update", id, "--input", "-").want(t, 0)
	r = c.run("clients", "update", id, "--clear", "fname").want(t, 0)
	var updated map[string]any
	json.Unmarshal([]byte(r.stdout), &updated)
	if updated["organization"] != "From A File" || updated["fname"] != "" {
		t.Errorf("update, then clear: %v", updated)
	}
	c.run("clients", "delete", id).want(t, exitUsage) // no terminal, no --yes
	c.run("--yes", "clients", "delete", id).want(t, 0)
	r = c.run("clients", "get", id).want(t, 0)
	if !strings.Contains(r.stdout, `"vis_state":1`) {
		t.Errorf("deleted client: %s", r.stdout)
	}
	c.run("clients", "restore", id).want(t, 0)
	c.run("--yes", "clients", "archive", id).want(t, 0)
	c.run("invoices", "get", "999999999").want(t, exitNotFound)
}

func TestDeleteAsksOnATerminal(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	c.login()
	var errw strings.Builder
	a := c.app(strings.NewReader("no\n"), io.Discard, &errw)
	a.stdinTTY, a.stderrTTY = true, true
	if code := c.runApp(a, "clients", "delete", "44001"); code != exitError || !strings.Contains(errw.String(), "Delete clients 44001? [y/N]") {
		t.Errorf("exit %d, stderr %q", code, errw.String())
	}
	if r := c.run("clients", "get", "44001").want(t, 0); !strings.Contains(r.stdout, `"vis_state":0`) {
		t.Errorf("a declined delete deleted: %s", r.stdout)
	}
}

func TestResourceDryRun(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	tok := c.login()
	r := c.run("--dry-run", "clients", "list").want(t, exitUsage)
	if !strings.Contains(r.stderr, "--account") {
		t.Errorf("a dry run with no business known: %q", r.stderr)
	}
	c.run("invoices", "list").want(t, 0) // remembers the business
	for name, args := range map[string][]string{
		"create": {"clients", "create", "-F", "organization=Never Sent"},
		"delete": {"invoices", "delete", "94001"},
		"list":   {"invoices", "list", "--filter", "v3_status=paid", "--per-page", "5"},
		"action": {"invoices", "send", "94001", "-F", "email_recipients=[\"a@b.test\"]"},
	} {
		r = c.run(append([]string{"--dry-run"}, args...)...).want(t, 0)
		noSecret(t, tok, r.stdout, r.stderr)
		golden(t, "dry-run-"+name+".txt", strings.ReplaceAll(r.stdout, c.srv.URL, "SANDBOX"))
	}
	c.run("invoices", "get", "94001").want(t, 0)
}

func TestActions(t *testing.T) {
	c := newCLI(t, freshbookstest.Options{})
	c.login()
	r := c.run("invoices", "mark-sent", "94003").want(t, 0)
	if !strings.Contains(r.stdout, `"v3_status":"overdue"`) || !strings.Contains(r.stdout, `"display_status":"sent"`) { // due in 2025
		t.Errorf("mark-sent: %s", r.stdout)
	}
	r = c.run("invoices", "share-link", "94003").want(t, 0)
	if !strings.Contains(r.stdout, "share_link") {
		t.Errorf("share-link: %s", r.stdout)
	}
	r = c.run("reports", "profit-loss", "-F", "start_date=2025-01-01", "-F", "end_date=2025-12-31").want(t, 0)
	if !strings.Contains(r.stdout, `"company_name"`) {
		t.Errorf("profit-loss: %s", r.stdout)
	}
	c.run("invoices", "send", "94003", "-F", "colour=red").want(t, exitUsage)
}

// TestAllStreams lists 3,000 records a page at a time: the first record
// is printed before the last page is asked for, and the output is every
// record once.
func TestAllStreams(t *testing.T) {
	var requests atomic.Int64
	logger := slog.New(countHandler{&requests})
	c := newCLI(t, freshbookstest.Options{Logger: logger})
	c.login()
	const n = 3000
	var doc strings.Builder
	doc.WriteString(`{"":{"clients":[`)
	for i := range n {
		if i > 0 {
			doc.WriteString(",")
		}
		fmt.Fprintf(&doc, `{"organization":"Bulk %d","email":"bulk%d@load.test"}`, i, i)
	}
	doc.WriteString("]}}")
	if err := c.srv.Load(strings.NewReader(doc.String())); err != nil {
		t.Fatal(err)
	}
	c.run("clients", "list").want(t, 0) // remembers the business
	out := &firstWrite{requests: &requests}
	start := requests.Load()
	var errw strings.Builder
	if code := c.runApp(c.app(strings.NewReader(""), out, &errw), "-o", "csv", "clients", "list", "--all"); code != 0 {
		t.Fatalf("exit %d: %s", code, errw.String())
	}
	pages := requests.Load() - start
	if pages < n/100 {
		t.Fatalf("%d requests for %d records", pages, n)
	}
	// Streamed: the first record is written once the first page is in,
	// while All's prefetch has at most its window of later pages asked.
	if first := out.atFirst - start; first > 1+freshbooks.DefaultPrefetch {
		t.Errorf("the first record came after %d of %d requests: not streamed", first, pages)
	}
	if rows := out.lines - 1; rows < n {
		t.Errorf("%d rows, want at least %d", rows, n)
	}
}

type countHandler struct{ n *atomic.Int64 }

func (h countHandler) Enabled(context.Context, slog.Level) bool  { return true }
func (h countHandler) Handle(context.Context, slog.Record) error { h.n.Add(1); return nil }
func (h countHandler) WithAttrs([]slog.Attr) slog.Handler        { return h }
func (h countHandler) WithGroup(string) slog.Handler             { return h }

// firstWrite notes how many requests were served at its first write,
// and counts lines.
type firstWrite struct {
	requests *atomic.Int64
	atFirst  int64
	lines    int
	wrote    bool
}

func (w *firstWrite) Write(p []byte) (int, error) {
	if !w.wrote {
		w.wrote, w.atFirst = true, w.requests.Load()
	}
	w.lines += strings.Count(string(p), "\n")
	return len(p), nil
}
