package mcpserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// session is an MCP client connected through the SDK's in-memory
// transports to a server in front of a sandbox. Everything the server
// says, and logs, is kept for the secret scan.
type session struct {
	t      *testing.T
	cs     *mcp.ClientSession
	sb     *freshbookstest.Server
	client *freshbooks.Client // the same user, for reference reads
	owner  freshbooks.Owner
	tok    freshbooks.Token

	mu  sync.Mutex
	out bytes.Buffer // every tool list and result, as JSON
	log *syncBuffer  // the server's log
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// sandboxClient starts a sandbox and returns a client signed in as its
// first user, without retries.
func sandboxClient(t *testing.T, opts freshbookstest.Options) (*freshbookstest.Server, *freshbooks.Client, freshbooks.Token) {
	t.Helper()
	sb := freshbookstest.NewServer(opts)
	t.Cleanup(sb.Close)
	tok := sb.IssueToken(0)
	cfg := sb.Config()
	cfg.MaxRetries = -1
	cfg.TokenStore = freshbooks.NewMemoryStore(tok)
	client, err := freshbooks.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return sb, client, tok
}

// newSession starts a sandbox and a server with the catalogue's tools
// (or those of resources, when given).
func newSession(t *testing.T, opts Options, sbOpts freshbookstest.Options, resources ...freshbooks.Resource) *session {
	t.Helper()
	sb, client, tok := sandboxClient(t, sbOpts)
	s := &session{t: t, sb: sb, client: client, tok: tok, log: &syncBuffer{}}
	opts.Logger = slog.New(slog.NewTextHandler(s.log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if resources == nil {
		resources = freshbooks.Resources()
	}
	srv := newServer(client, opts, resources)
	ct, st := mcp.NewInMemoryTransports()
	ss, err := srv.Connect(t.Context(), st, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ss.Close() })
	s.cs, err = mcp.NewClient(&mcp.Implementation{Name: "test", Version: "0"}, nil).Connect(t.Context(), ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.cs.Close() })
	me, err := client.CurrentUser(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	b := me.BusinessMemberships[0].Business
	s.owner = freshbooks.Owner{Account: b.AccountID, Business: b.ID, BusinessUUID: b.BusinessUUID}
	t.Cleanup(s.scanSecrets)
	return s
}

func (s *session) keep(v any) {
	b, _ := json.Marshal(v)
	s.mu.Lock()
	s.out.Write(b)
	s.out.WriteByte('\n')
	s.mu.Unlock()
}

// scanSecrets fails the test if a token or the client secret appears in
// anything the server said or logged.
func (s *session) scanSecrets() {
	s.mu.Lock()
	said := s.out.String()
	s.mu.Unlock()
	logged := s.log.String()
	tok := s.client.Token() // the newest, after any refresh
	for _, secret := range []string{s.tok.AccessToken, s.tok.RefreshToken, tok.AccessToken, tok.RefreshToken, s.sb.Options().ClientSecret} {
		if secret == "" {
			continue
		}
		if strings.Contains(said, secret) {
			s.t.Errorf("a secret (%d chars) appears in a tool result", len(secret))
		}
		if strings.Contains(logged, secret) {
			s.t.Errorf("a secret (%d chars) appears in the server's log", len(secret))
		}
	}
	if len(said) == 0 {
		s.t.Error("the secret scan saw no results")
	}
}

// tools lists the server's tools by name.
func (s *session) tools() map[string]*mcp.Tool {
	s.t.Helper()
	out := map[string]*mcp.Tool{}
	for tl, err := range s.cs.Tools(s.t.Context(), nil) {
		if err != nil {
			s.t.Fatal(err)
		}
		s.keep(tl)
		out[tl.Name] = tl
	}
	return out
}

// callResult is a tool result as a client reads it.
type callResult struct {
	IsError    bool
	Text       string
	Structured map[string]any
}

// call calls a tool; a protocol error fails the test.
func (s *session) call(name string, args any) callResult {
	s.t.Helper()
	res, err := s.cs.CallTool(s.t.Context(), &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		s.t.Fatalf("%s: protocol error: %v", name, err)
	}
	s.keep(res)
	var out callResult
	out.IsError = res.IsError
	for _, c := range res.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			out.Text += tc.Text
		}
	}
	b, _ := json.Marshal(res.StructuredContent)
	_ = json.Unmarshal(b, &out.Structured)
	return out
}

// ok calls a tool that must succeed.
func (s *session) ok(name string, args any) callResult {
	s.t.Helper()
	r := s.call(name, args)
	if r.IsError {
		s.t.Fatalf("%s(%v): tool error: %s", name, args, r.Text)
	}
	return r
}

// fails calls a tool that must fail with a tool error.
func (s *session) fails(name string, args any) callResult {
	s.t.Helper()
	r := s.call(name, args)
	if !r.IsError {
		s.t.Fatalf("%s(%v) succeeded, want a tool error: %s", name, args, r.Text)
	}
	if !strings.Contains(r.Text, "What to do:") {
		s.t.Errorf("%s: the error says not what to do: %s", name, r.Text)
	}
	return r
}

func records(t *testing.T, r callResult) []map[string]any {
	t.Helper()
	raw, _ := r.Structured["records"].([]any)
	out := make([]map[string]any, len(raw))
	for i, v := range raw {
		out[i], _ = v.(map[string]any)
	}
	return out
}

func TestReadOnlyByDefault(t *testing.T) {
	s := newSession(t, Options{}, freshbookstest.Options{})
	tools := s.tools()
	for _, name := range []string{"whoami", "list_invoices", "get_invoice", "list_time_entries", "get_time_entry", "get_client",
		"list_staff", "list_ledger_accounts", "report_profit_loss", "report_tax_summary", "share_invoice_link", "get_project_abilities"} {
		if tools[name] == nil {
			t.Errorf("no tool %s", name)
		}
	}
	for name, tl := range tools {
		if !tl.Annotations.ReadOnlyHint {
			t.Errorf("%s is listed without --allow-writes but is not read-only", name)
		}
		if tl.Description == "" || !strings.Contains(tl.Description, "Cost:") {
			t.Errorf("%s: the description does not say what it costs: %q", name, tl.Description)
		}
	}
	// A write tool that is not listed cannot be called either.
	if r := s.fails("create_client", map[string]any{"record": map[string]any{"organization": "X"}}); !strings.Contains(r.Text, "--allow-writes") {
		t.Errorf("create_client without writes allowed: %s", r.Text)
	}
}

func TestWriteToolsWithAllowWrites(t *testing.T) {
	s := newSession(t, Options{AllowWrites: true}, freshbookstest.Options{})
	tools := s.tools()
	want := map[string][3]bool{ // readOnly, destructive, idempotent
		"create_invoice":               {false, false, false},
		"update_invoice":               {false, true, true},
		"delete_invoice":               {false, false, true}, // restorable: restore_invoice
		"delete_time_entry":            {false, true, true},  // removed for good
		"restore_invoice":              {false, false, true},
		"archive_client":               {false, false, true},
		"mark_invoice_sent":            {false, false, false},
		"send_invoice":                 {false, false, false},
		"accept_estimate":              {false, false, false},
		"resend_callback_verification": {false, false, false},
		"create_time_entry":            {false, false, false},
		"set_service_rate":             {false, false, false},
	}
	for name, w := range want {
		tl := tools[name]
		if tl == nil {
			t.Errorf("no tool %s", name)
			continue
		}
		a := tl.Annotations
		if got := [3]bool{a.ReadOnlyHint, a.DestructiveHint != nil && *a.DestructiveHint, a.IdempotentHint}; got != w {
			t.Errorf("%s: readOnly, destructive, idempotent = %v, want %v", name, got, w)
		}
	}
	// Every tool of the catalogue is there: none lost to a name clash.
	if n := len(toolsFor(freshbooks.Resources(), true)) + 1; len(tools) != n {
		t.Errorf("%d tools listed, %d made: two share a name", len(tools), n)
	}
	for _, name := range []string{"upload_attachment", "download_attachment"} {
		if tools[name] != nil {
			t.Errorf("%s is listed, but JSON arguments carry no files", name)
		}
	}
}

func TestWhoami(t *testing.T) {
	s := newSession(t, Options{}, freshbookstest.Options{})
	r := s.ok("whoami", nil)
	def, _ := r.Structured["default"].(map[string]any)
	if def["account_id"] != string(s.owner.Account) || def["business_id"] != float64(s.owner.Business) {
		t.Errorf("default business = %v, want the first: %+v", def, s.owner)
	}
	if bs, _ := r.Structured["businesses"].([]any); len(bs) == 0 {
		t.Errorf("no businesses: %v", r.Structured)
	}
	if r.Structured["writes_allowed"] != false || !strings.Contains(r.Text, "read-only") {
		t.Errorf("whoami does not say the server is read-only: %s", r.Text)
	}
	s.fails("whoami", map[string]any{"verbose": true})
}

func TestListPagesWithACursor(t *testing.T) {
	s := newSession(t, Options{}, freshbookstest.Options{})
	want, err := s.client.Account(s.owner.Account).Clients.List(t.Context(), freshbooks.PerPage(1))
	if err != nil {
		t.Fatal(err)
	}
	if want.Total < 3 {
		t.Fatalf("the sandbox has %d clients; the test needs 3", want.Total)
	}
	args := map[string]any{"per_page": 2}
	first := s.ok("list_clients", args)
	if first.Structured["total"] != float64(want.Total) || len(records(t, first)) != 2 {
		t.Fatalf("first page: total %v, %d records; want total %d, 2 records", first.Structured["total"], len(records(t, first)), want.Total)
	}
	cur, _ := first.Structured["next_cursor"].(string)
	if cur == "" || !strings.Contains(first.Text, cur) {
		t.Fatalf("no next_cursor in %v / %q", first.Structured, first.Text)
	}
	second := s.ok("list_clients", map[string]any{"per_page": 2, "cursor": cur})
	if second.Structured["page"] != float64(2) {
		t.Errorf("the cursor led to page %v", second.Structured["page"])
	}
	seen := map[any]bool{}
	for _, rec := range append(records(t, first), records(t, second)...) {
		if seen[rec["id"]] {
			t.Errorf("client %v on both pages", rec["id"])
		}
		seen[rec["id"]] = true
	}
	// A cursor only goes with the arguments it came from.
	r := s.fails("list_clients", map[string]any{"per_page": 3, "cursor": cur})
	if !strings.Contains(r.Text, "other arguments") {
		t.Errorf("a cursor with other arguments: %s", r.Text)
	}
	s.fails("list_clients", map[string]any{"cursor": "bogus"})
	// The default page is 25 records, at most 100.
	if r := s.ok("list_clients", nil); r.Structured["per_page"] != float64(DefaultPerPage) {
		t.Errorf("default per_page = %v", r.Structured["per_page"])
	}
	if r := s.fails("list_clients", map[string]any{"per_page": 1000}); !strings.Contains(r.Text, "per_page") {
		t.Errorf("per_page 1000: %s", r.Text)
	}
}

func TestListFields(t *testing.T) {
	s := newSession(t, Options{}, freshbookstest.Options{})
	full, err := mustRecords(t, s, "invoices").List(t.Context(), freshbooks.PerPage(3))
	if err != nil {
		t.Fatal(err)
	}
	// Default: plain members only, none empty.
	for _, rec := range records(t, s.ok("list_invoices", map[string]any{"per_page": 3})) {
		for k, v := range rec {
			switch v.(type) {
			case []any:
				t.Errorf("trimmed invoice keeps the list %s", k)
			case nil:
				t.Errorf("trimmed invoice keeps the null %s", k)
			}
		}
		if rec["outstanding"] == nil || rec["payment_status"] == nil {
			t.Errorf("trimmed invoice lacks outstanding or payment_status: %v", rec)
		}
	}
	// Named fields: those and the id.
	for _, rec := range records(t, s.ok("list_invoices", map[string]any{"per_page": 3, "fields": []string{"invoice_number", "outstanding"}})) {
		if len(rec) != 3 || rec["id"] == nil || rec["invoice_number"] == nil || rec["outstanding"] == nil {
			t.Errorf("fields invoice_number,outstanding: %v", rec)
		}
	}
	// Every member: the wire form, unchanged.
	all := s.ok("list_invoices", map[string]any{"per_page": 3, "fields": []string{"*"}})
	got, _ := json.Marshal(all.Structured["records"])
	wantJSON, _ := json.Marshal(full.Items)
	var g, w any
	_ = json.Unmarshal(got, &g)
	_ = json.Unmarshal(wantJSON, &w)
	if !jsonEqual(g, w) {
		t.Errorf("fields * is not the wire form:\n got %s\nwant %s", got, wantJSON)
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func mustRecords(t *testing.T, s *session, name string) *freshbooks.RecordsService {
	t.Helper()
	r, err := s.client.Records(name, s.owner)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestUnknownArgumentsAreNamed(t *testing.T) {
	s := newSession(t, Options{}, freshbookstest.Options{})
	r := s.fails("list_invoices", map[string]any{"bogus": 1, "statuss": "unpaid"})
	for _, want := range []string{"bogus", "statuss", "per_page"} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("the error does not name %s: %s", want, r.Text)
		}
	}
	if r := s.fails("get_invoice", map[string]any{}); !strings.Contains(r.Text, `"id" is required`) {
		t.Errorf("get_invoice without id: %s", r.Text)
	}
	if r := s.fails("get_invoice", map[string]any{"id": true}); !strings.Contains(r.Text, "arguments.id must be string or integer") {
		t.Errorf("get_invoice with a boolean id: %s", r.Text)
	}
}

func TestFreshBooksErrorsAreToolErrors(t *testing.T) {
	s := newSession(t, Options{AllowWrites: true}, freshbookstest.Options{})
	nf := s.fails("get_invoice", map[string]any{"id": 987654321})
	if e, _ := nf.Structured["error"].(map[string]any); e["status"] != float64(http.StatusNotFound) || !strings.Contains(e["what_to_do"].(string), "list tool") {
		t.Errorf("not found: %v", nf.Structured)
	}
	// A create FreshBooks refuses: the field and the message come back.
	v := s.fails("create_invoice", map[string]any{"record": map[string]any{"create_date": "2026-12-01"}})
	e, _ := v.Structured["error"].(map[string]any)
	if e["status"] != float64(http.StatusUnprocessableEntity) || !strings.Contains(v.Text, "customerid") {
		t.Errorf("validation: %v / %s", v.Structured, v.Text)
	}
	// A misspelt record member is refused before anything is sent.
	if r := s.fails("create_client", map[string]any{"record": map[string]any{"organisation": "Acme"}}); !strings.Contains(r.Text, "organisation") {
		t.Errorf("misspelt member: %s", r.Text)
	}
	if r := s.fails("create_invoice", map[string]any{"record": map[string]any{"customerid": 1, "create_date": "1 Dec"}}); !strings.Contains(r.Text, "YYYY-MM-DD") {
		t.Errorf("bad date: %s", r.Text)
	}
}

func TestRateLimitIsAToolError(t *testing.T) {
	s := newSession(t, Options{}, freshbookstest.Options{Faults: freshbookstest.Faults{RateLimit: 2}})
	var r callResult
	for range 5 {
		if r = s.call("list_clients", nil); r.IsError {
			break
		}
	}
	if !r.IsError || !strings.Contains(r.Text, "rate limiting") {
		t.Errorf("past the rate limit: %s", r.Text)
	}
}

// "Which invoices are unpaid, and for how much?"
func TestUnpaidInvoices(t *testing.T) {
	s := newSession(t, Options{}, freshbookstest.Options{})
	var want []string
	for inv, err := range s.client.Account(s.owner.Account).Invoices.All(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		if inv.Outstanding.Amount.Sign() > 0 {
			want = append(want, inv.InvoiceNumber+" "+inv.Outstanding.Amount.String())
		}
	}
	if len(want) == 0 {
		t.Fatal("the sandbox has no unpaid invoice")
	}
	var got []string
	args := map[string]any{"per_page": 100, "fields": []string{"invoice_number", "outstanding", "payment_status"}}
	for {
		r := s.ok("list_invoices", args)
		for _, rec := range records(t, r) {
			o, _ := json.Marshal(rec["outstanding"])
			var owed freshbooks.Money
			if err := json.Unmarshal(o, &owed); err != nil {
				t.Fatalf("outstanding %s: %v", o, err)
			}
			if amt := owed.Amount; amt.Sign() > 0 {
				got = append(got, rec["invoice_number"].(string)+" "+amt.String())
				if ps := rec["payment_status"]; ps != "unpaid" && ps != "partial" {
					t.Errorf("invoice %v owes %s but its payment_status is %v", rec["invoice_number"], amt, ps)
				}
			}
		}
		cur, _ := r.Structured["next_cursor"].(string)
		if cur == "" {
			break
		}
		args["cursor"] = cur
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("unpaid invoices through MCP:\n%v\nwant\n%v", got, want)
	}
	desc := s.tools()["list_invoices"].Description
	if !strings.Contains(desc, "unpaid") || !strings.Contains(desc, "outstanding") {
		t.Errorf("list_invoices does not say what unpaid means: %s", desc)
	}
}

// "Log two hours on project X."
func TestLogTwoHours(t *testing.T) {
	s := newSession(t, Options{AllowWrites: true}, freshbookstest.Options{})
	projects := records(t, s.ok("list_projects", map[string]any{"fields": []string{"title"}}))
	if len(projects) == 0 {
		t.Fatal("the sandbox has no project")
	}
	pid := projects[0]["id"]
	r := s.ok("create_time_entry", map[string]any{"record": map[string]any{
		"project_id": pid, "duration": 7200, "started_at": "2026-12-02T09:00:00Z", "is_logged": true, "note": "two hours",
	}})
	te, _ := r.Structured["time_entry"].(map[string]any)
	if te["duration"] != float64(7200) || te["project_id"] != pid {
		t.Fatalf("created %v", r.Structured)
	}
	// The sandbox holds it.
	id := fmt.Sprint(te["id"])
	entries := mustRecords(t, s, "time-entries")
	stored, err := entries.Get(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Duration  int64   `json:"duration"`
		ProjectID float64 `json:"project_id"`
	}
	if err := json.Unmarshal(stored, &got); err != nil || got.Duration != 7200 || got.ProjectID != pid {
		t.Errorf("stored entry: %s (%v)", stored, err)
	}
	s.ok("delete_time_entry", map[string]any{"id": te["id"]})
	if _, err := entries.Get(t.Context(), id); !errors.Is(err, freshbooks.ErrNotFound) {
		t.Errorf("after delete_time_entry: %v, want not found", err)
	}
}

func TestActionsAndReports(t *testing.T) {
	s := newSession(t, Options{AllowWrites: true}, freshbookstest.Options{})
	clients := records(t, s.ok("list_clients", map[string]any{"per_page": 1}))
	r := s.ok("create_invoice", map[string]any{"record": map[string]any{
		"customerid": clients[0]["id"], "create_date": "2026-12-01",
		"lines": []any{map[string]any{"name": "Work", "qty": "2", "unit_cost": map[string]any{"amount": "50.00", "code": "USD"}}},
	}})
	inv, _ := r.Structured["invoice"].(map[string]any)
	if inv["v3_status"] != "draft" {
		t.Errorf("new invoice status %v", inv["v3_status"])
	}
	s.ok("mark_invoice_sent", map[string]any{"id": inv["id"]})
	got := s.ok("get_invoice", map[string]any{"id": inv["id"]})
	if g, _ := got.Structured["invoice"].(map[string]any); g["display_status"] != "sent" {
		t.Errorf("after mark_invoice_sent: %v", g["display_status"])
	}
	s.ok("report_profit_loss", map[string]any{"start_date": "2026-01-01", "end_date": "2026-12-31"})
	if r := s.fails("report_profit_loss", map[string]any{"start_date": "January"}); !strings.Contains(r.Text, "YYYY-MM-DD") {
		t.Errorf("report with a bad date: %s", r.Text)
	}
	s.ok("delete_invoice", map[string]any{"id": inv["id"]})
	s.ok("restore_invoice", map[string]any{"id": inv["id"]})
}

// A list tool's schema follows the resource's filters, and each filter
// argument reaches FreshBooks as that filter.
func TestFilterSchemasFromTheCatalogue(t *testing.T) {
	inv, _ := freshbooks.LookupResource("invoices")
	inv.Filters = []freshbooks.Filter{
		{Name: "customerid", Kind: freshbooks.FilterEquals, Type: freshbooks.ValueInt, Doc: "the client's id"},
		{Name: "customerids", Kind: freshbooks.FilterIn, Type: freshbooks.ValueInt},
		{Name: "date", Kind: freshbooks.FilterRange, Type: freshbooks.ValueDate, Doc: "the invoice date"},
		{Name: "amount", Kind: freshbooks.FilterRange, Type: freshbooks.ValueDecimal},
		{Name: "invoice_number", Kind: freshbooks.FilterLike, Type: freshbooks.ValueString},
		{Name: "v3_status", Kind: freshbooks.FilterEquals, Type: freshbooks.ValueEnum, Enum: []string{"draft", "sent", "paid"}},
		{Name: "outstanding", Kind: freshbooks.FilterBool, Type: freshbooks.ValueBool, Doc: "with an amount still owed", Inferred: true},
		{Name: "updated_since", Kind: freshbooks.FilterEquals, Type: freshbooks.ValueDateTime},
	}
	inv.Sorts = []string{"invoice_number"}
	inv.Includes = []string{"lines"}
	s := newSession(t, Options{}, freshbookstest.Options{}, inv)
	tl := s.tools()["list_invoices"]
	b, _ := json.Marshal(tl.InputSchema)
	var sch struct {
		Properties map[string]struct {
			Type        any
			Format      string
			Pattern     string
			Enum        []string
			Description string
			Items       *struct{ Type string }
		}
		AdditionalProperties *bool
	}
	if err := json.Unmarshal(b, &sch); err != nil {
		t.Fatal(err)
	}
	p := sch.Properties
	checks := []struct {
		name string
		ok   bool
	}{
		{"customerid integer", p["customerid"].Type == "integer" && strings.Contains(p["customerid"].Description, "client")},
		{"customerids array of integers", p["customerids"].Type == "array" && p["customerids"].Items != nil && p["customerids"].Items.Type == "integer"},
		{"date_min date", p["date_min"].Format == "date" && p["date_min"].Pattern == datePattern},
		{"date_max date", p["date_max"].Format == "date" && strings.Contains(p["date_max"].Description, "inclusive")},
		{"amount_min decimal", p["amount_min"].Type == "string" && p["amount_min"].Pattern == decimalPattern},
		{"invoice_number_like", p["invoice_number_like"].Type == "string"},
		{"v3_status enum", slices.Equal(p["v3_status"].Enum, []string{"draft", "sent", "paid"})},
		{"outstanding boolean, inferred", p["outstanding"].Type == "boolean" && strings.Contains(p["outstanding"].Description, "inferred")},
		{"updated_since date-time", p["updated_since"].Format == "date-time"},
		{"sort enum", slices.Equal(p["sort"].Enum, []string{"invoice_number"})},
		{"include", p["include"].Type == "array"},
		{"closed", sch.AdditionalProperties != nil && !*sch.AdditionalProperties},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("list_invoices schema: want %s; schema %s", c.name, b)
		}
	}
	if !strings.Contains(tl.Description, "customerid") {
		t.Errorf("the description does not list the filters: %s", tl.Description)
	}

	// Over HTTP: customerid keeps one client's invoices, as the typed
	// service's filter does.
	all, err := s.client.Account(s.owner.Account).Invoices.List(t.Context(), freshbooks.PerPage(1))
	if err != nil || len(all.Items) == 0 {
		t.Fatalf("reference list: %v", err)
	}
	cid := all.Items[0].CustomerID
	want, err := s.client.Account(s.owner.Account).Invoices.List(t.Context(), freshbooks.Equals("customerid", cid))
	if err != nil {
		t.Fatal(err)
	}
	r := s.ok("list_invoices", map[string]any{"customerid": cid, "fields": []string{"customerid"}})
	if r.Structured["total"] != float64(want.Total) || want.Total == all.Total {
		t.Errorf("customerid %d: total %v, want %d (of %d)", cid, r.Structured["total"], want.Total, all.Total)
	}
	for _, rec := range records(t, r) {
		if rec["customerid"] != float64(cid) {
			t.Errorf("customerid %d kept invoice of client %v", cid, rec["customerid"])
		}
	}
	if r := s.fails("list_invoices", map[string]any{"v3_status": "unpaid"}); !strings.Contains(r.Text, "draft, sent, paid") {
		t.Errorf("a value outside the enum: %s", r.Text)
	}
	if r := s.fails("list_invoices", map[string]any{"date_min": "yesterday"}); !strings.Contains(r.Text, "date_min") {
		t.Errorf("a bad date filter: %s", r.Text)
	}
}

func TestHTTPNeedsTheBearer(t *testing.T) {
	_, client, _ := sandboxClient(t, freshbookstest.Options{})
	const bearer = "a-long-random-bearer-secret"
	hs := httptest.NewServer(HTTPHandler(New(client, Options{}), bearer, nil))
	defer hs.Close()

	resp, err := http.Post(hs.URL, "application/json", strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"tools/list"}`))
	if err != nil {
		t.Fatal(err)
	}
	body := new(bytes.Buffer)
	_, _ = body.ReadFrom(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || strings.Contains(body.String(), bearer) {
		t.Errorf("without the bearer: %d %s", resp.StatusCode, body)
	}

	hc := &http.Client{Transport: bearerTransport{bearer}}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "0"}, nil).Connect(t.Context(),
		&mcp.StreamableClientTransport{Endpoint: hs.URL, HTTPClient: hc, DisableStandaloneSSE: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	res, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: "whoami"})
	if err != nil || res.IsError {
		t.Fatalf("whoami over HTTP: %v %+v", err, res)
	}
}

type bearerTransport struct{ secret string }

func (b bearerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.secret)
	return http.DefaultTransport.RoundTrip(r)
}

func TestTheBusinessOfACall(t *testing.T) {
	s := newSession(t, Options{}, freshbookstest.Options{})
	me, err := s.client.CurrentUser(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(me.BusinessMemberships) < 2 {
		t.Fatal("the sandbox user has one business; the test needs two")
	}
	other := me.BusinessMemberships[1].Business
	want, err := s.client.Account(other.AccountID).Clients.List(t.Context(), freshbooks.PerPage(100))
	if err != nil {
		t.Fatal(err)
	}
	r := s.ok("list_clients", map[string]any{"account_id": string(other.AccountID), "per_page": 100})
	var got []any
	for _, rec := range records(t, r) {
		got = append(got, rec["id"])
	}
	var wantIDs []any
	for _, c := range want.Items {
		wantIDs = append(wantIDs, float64(c.ID))
	}
	if !jsonEqual(got, wantIDs) {
		t.Errorf("list_clients of account %s: %v, want %v", other.AccountID, got, wantIDs)
	}
	if r := s.fails("list_clients", map[string]any{"account_id": "nope"}); !strings.Contains(r.Text, "whoami") {
		t.Errorf("an account the user lacks: %s", r.Text)
	}

	// The default business can be another one.
	s2 := newSession(t, Options{Owner: freshbooks.Owner{Business: other.ID}}, freshbookstest.Options{})
	def, _ := s2.ok("whoami", nil).Structured["default"].(map[string]any)
	if def["account_id"] != string(other.AccountID) || def["business_id"] != float64(other.ID) {
		t.Errorf("whoami with business %d as the default: %v", other.ID, def)
	}
}

func TestServeStdio(t *testing.T) {
	_, client, _ := sandboxClient(t, freshbookstest.Options{})
	serverIn, clientOut := io.Pipe()
	clientIn, serverOut := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- ServeStdio(t.Context(), New(client, Options{}), serverIn, serverOut)
		serverOut.Close()
	}()
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "0"}, nil).Connect(t.Context(),
		&mcp.IOTransport{Reader: clientIn, Writer: clientOut}, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: "list_clients", Arguments: map[string]any{"per_page": 1}})
	if err != nil || res.IsError {
		t.Fatalf("list_clients over stdio: %v %+v", err, res)
	}
	cs.Close() // the client hangs up: the server returns
	if err := <-done; err != nil && !errors.Is(err, mcp.ErrConnectionClosed) && !errors.Is(err, io.EOF) {
		t.Errorf("ServeStdio after the client left: %v", err)
	}
}
