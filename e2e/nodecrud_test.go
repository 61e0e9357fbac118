package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// What crud.js writes; the test checks the SDK and the sandbox against it.
const (
	crudFirstName    = "Ada"
	crudLastName     = "Lovelace"
	crudEmail        = "ada.lovelace@example.test"
	crudOrganization = "Analytical Engines Ltd"
	crudOrgUpdated   = "Analytical Engines Ltd (updated)"
	crudBusPhone     = "5550101010"
	crudNote         = "created by the Node SDK"
	crudNoteUpdated  = "updated by the Node SDK"

	crudInvoiceDate    = "2026-01-15"
	crudInvoiceNotes   = "Thank you for your business."
	crudInvoiceNotes2  = "Payment due in 30 days."
	crudInvoicePO      = "PO-1842"
	crudInvoiceTotal   = "489.98" // 3 × 150.00 + 2 × 19.99
	crudProjectTitle   = "Website redesign"
	crudProjectTitle2  = "Website redesign, phase 2"
	crudProjectDesc    = "New marketing site"
	crudProjectDesc2   = "Marketing site and blog"
	crudEntryStarted   = "2026-01-20T14:30:00.000Z"
	crudEntryNote      = "Wireframes"
	crudEntryNote2     = "Wireframes, revised"
	crudMissingID      = 999999999
	crudSDKAgentPrefix = "FreshBooks nodejs sdk/4.1.0 client_id "
	crudGoAgent        = "freshbooks-go e2e reference reader"
)

// crudResult is the JSON line crud.js prints.
type crudResult struct {
	OK         bool      `json:"ok"`
	Step       string    `json:"step"`
	Error      *sdkError `json:"error"`
	SDKVersion string    `json:"sdkVersion"`
	APIURL     string    `json:"apiUrl"`
	Client     struct {
		Created, Single, Updated, SingleAfterUpdate, Deleted, SingleAfterDelete sdkClient
		List, ListAfterDelete, ListDeleted                                      sdkList
	} `json:"client"`
	Invoice struct {
		Created, Single, Updated, Sent, Deleted, SingleAfterDelete sdkInvoice
		List                                                       sdkList
	} `json:"invoice"`
	Project struct {
		Created, Single, Updated sdkProject
		List                     sdkList
		Deleted                  struct{ OK bool }
		SingleAfterDelete        *sdkError
	} `json:"project"`
	TimeEntry struct {
		Created, Single, Updated sdkTimeEntry
		List                     sdkList
		Deleted                  struct{ OK bool }
		SingleAfterDelete        *sdkError
	} `json:"timeEntry"`
	Errors struct {
		TimeEntryUpdateWithoutStartedAt *sdkError
		ClientNotFound                  *sdkError
		ClientNoName                    *sdkError
		ProjectNoTitle                  *sdkError
		ProjectNotFound                 *sdkError
	} `json:"errors"`
}

// crudCheckpoint is the line crud.js prints before it deletes anything.
type crudCheckpoint struct {
	Checkpoint string `json:"checkpoint"`
	ClientID   int64  `json:"clientId"`
	InvoiceID  int64  `json:"invoiceId"`
	ProjectID  int64  `json:"projectId"`
	EntryID    int64  `json:"entryId"`
}

type sdkList struct {
	IDs   []int64 `json:"ids"`
	Pages struct {
		Page, Pages, Size, Total int
	} `json:"pages"`
}

type sdkClient struct {
	ID           int64  `json:"id"`
	UserID       int64  `json:"userId"`
	FName        string `json:"fName"`
	LName        string `json:"lName"`
	Email        string `json:"email"`
	Organization string `json:"organization"`
	Note         string `json:"note"`
	CurrencyCode string `json:"currencyCode"`
	BusPhone     string `json:"busPhone"`
	VisState     int    `json:"visState"`
	Updated      string `json:"updated"`
}

type sdkMoney struct{ Amount, Code string }

type sdkInvoice struct {
	ID            int64     `json:"id"`
	InvoiceID     int64     `json:"invoiceId"`
	CustomerID    int64     `json:"customerId"`
	InvoiceNumber string    `json:"invoiceNumber"`
	CreateDate    string    `json:"createDate"`
	DueDate       string    `json:"dueDate"`
	CurrencyCode  string    `json:"currencyCode"`
	Amount        *sdkMoney `json:"amount"`
	Outstanding   *sdkMoney `json:"outstanding"`
	Paid          *sdkMoney `json:"paid"`
	Status        int       `json:"status"`
	V3Status      string    `json:"v3Status"`
	DisplayStatus string    `json:"displayStatus"`
	PaymentStatus string    `json:"paymentStatus"`
	Notes         string    `json:"notes"`
	PONumber      string    `json:"poNumber"`
	FName         string    `json:"fName"`
	Organization  string    `json:"organization"`
	VisState      int       `json:"visState"`
	Updated       string    `json:"updated"`
	Lines         []struct {
		LineID      int64     `json:"lineId"`
		Name        string    `json:"name"`
		Description string    `json:"description"`
		Qty         string    `json:"qty"`
		UnitCost    *sdkMoney `json:"unitCost"`
		Amount      *sdkMoney `json:"amount"`
	} `json:"lines"`
}

type sdkProject struct {
	ID            int64  `json:"id"`
	Title         string `json:"title"`
	Description   string `json:"description"`
	ClientID      int64  `json:"clientId"`
	ProjectType   string `json:"projectType"`
	BillingMethod string `json:"billingMethod"`
	Rate          string `json:"rate"`
	Active        bool   `json:"active"`
	Complete      bool   `json:"complete"`
	Internal      bool   `json:"internal"`
	BilledStatus  string `json:"billedStatus"`
	CreatedAt     string `json:"createdAt"`
	UpdatedAt     string `json:"updatedAt"`
}

type sdkTimeEntry struct {
	ID         int64  `json:"id"`
	IdentityID int64  `json:"identityId"`
	IsLogged   bool   `json:"isLogged"`
	StartedAt  string `json:"startedAt"`
	CreatedAt  string `json:"createdAt"`
	Duration   int64  `json:"duration"`
	ClientID   int64  `json:"clientId"`
	ProjectID  int64  `json:"projectId"`
	Note       string `json:"note"`
	Billable   bool   `json:"billable"`
	Active     bool   `json:"active"`
}

// sdkFieldError is one entry of an APIClientError's errors.
type sdkFieldError struct {
	Message   string  `json:"message"`
	ErrorCode int     `json:"errorCode"`
	Field     *string `json:"field"`
	Object    string  `json:"object"`
	Value     string  `json:"value"`
}

// crudRequest is one request that reached the sandbox, in arrival order.
type crudRequest struct {
	Method, Path, Query, UserAgent, APIVersion, ContentType, Authorization string
	Body                                                                   string // non-GET only
	Status                                                                 int
}

type crudWire struct {
	mu   sync.Mutex
	reqs []*crudRequest
}

// TestNodeCRUDAgainstSandbox runs the official FreshBooks Node SDK,
// unchanged, through create, read, list, update and delete of clients,
// invoices, projects and time entries and through their error paths, and
// checks what it saw against the sandbox's own records read with the Go
// client: before the deletes (crud.js pauses there) and after.
func TestNodeCRUDAgainstSandbox(t *testing.T) {
	node, lookErr := exec.LookPath("node")
	sdk := filepath.Join(nodeDir, "node_modules", "@freshbooks", "api", "package.json")
	requirePeer(t, lookErr == nil && fileExists(sdk), "the Node SDK ("+sdk+", and node on PATH)")

	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()

	// A fixed clock makes every timestamp the sandbox writes exact.
	now := time.Date(2026, 11, 2, 15, 4, 5, 0, time.UTC)
	sb := freshbookstest.New(freshbookstest.Options{Now: func() time.Time { return now }})
	defer sb.Close()
	// The sandbox behind a recorder: arrival order is the SDK's call order
	// (it awaits each call), and hs.Close waits for every handler, so the
	// log is complete and ordered once the server is closed.
	wire := &crudWire{}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &crudRequest{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, UserAgent: r.Header.Get("User-Agent"),
			APIVersion: r.Header.Get("Api-Version"), ContentType: r.Header.Get("Content-Type")}
		rec.Authorization, _, _ = strings.Cut(r.Header.Get("Authorization"), " ")
		if r.Method != http.MethodGet {
			body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
			rec.Body = string(body)
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		wire.mu.Lock()
		wire.reqs = append(wire.reqs, rec)
		wire.mu.Unlock()
		sw := &statusWriter{ResponseWriter: w}
		sb.ServeHTTP(sw, r)
		wire.mu.Lock()
		rec.Status = sw.status
		wire.mu.Unlock()
	}))
	defer hs.Close()

	// The token the SDK uses, and the Go client reading the same data.
	tok := sb.IssueToken(0)
	gc, err := freshbooks.NewClient(freshbooks.Config{BaseURL: hs.URL, AuthURL: hs.URL, AccessToken: tok.AccessToken,
		ClientID: sb.Options().ClientID, UserAgent: crudGoAgent})
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	me, err := gc.CurrentUser(ctx)
	if err != nil {
		t.Fatalf("Go CurrentUser: %v", err)
	}
	acct, bid := ownedBusiness(t, me)
	account, business := gc.Account(acct), gc.Business(bid)

	// Run crud.js; at its checkpoint, read the records it made and
	// updated, then let it delete them.
	cmd := exec.CommandContext(ctx, node, "crud.js")
	cmd.Dir = nodeDir
	cmd.Env = append(cmd.Environ(),
		"FRESHBOOKS_API_URL="+hs.URL,
		"FRESHBOOKS_ACCESS_TOKEN="+tok.AccessToken,
		"FRESHBOOKS_ACCOUNT_ID="+string(acct),
		"FRESHBOOKS_BUSINESS_ID="+strconv.FormatInt(int64(bid), 10),
		"FRESHBOOKS_CRUD_CHECKPOINT=1",
		"NO_PROXY=127.0.0.1,localhost", "no_proxy=127.0.0.1,localhost",
	)
	var before *crudBefore
	last, runErr := runCheckpointed(t, cmd, func(line []byte) {
		var cp crudCheckpoint
		if err := json.Unmarshal(line, &cp); err != nil {
			t.Errorf("checkpoint %s: %v", line, err)
			return
		}
		before = readBeforeDelete(ctx, t, account, business, cp)
	})
	var got crudResult
	if err := json.Unmarshal(last, &got); err != nil {
		t.Fatalf("crud.js printed no JSON result (%v); run error: %v", err, runErr)
	}
	if !got.OK || runErr != nil {
		t.Fatalf("the Node SDK failed at step %q: %s (exit: %v)", got.Step, describeSDKError(got.Error), runErr)
	}
	if before == nil {
		t.Fatal("crud.js never reached its checkpoint")
	}
	if got.SDKVersion != "4.1.0" || got.APIURL != hs.URL {
		t.Errorf("SDK %s at %s, want the pinned 4.1.0 at $FRESHBOOKS_API_URL %s", got.SDKVersion, got.APIURL, hs.URL)
	}

	ids := crudIDs{client: got.Client.Created.ID, invoice: got.Invoice.Created.ID, project: got.Project.Created.ID, entry: got.TimeEntry.Created.ID}
	if before.ids != ids {
		t.Errorf("checkpoint ids %+v, want the created ones %+v", before.ids, ids)
	}
	stamp := now.Format("2006-01-02T15:04:05.000Z") // every record was written "now"

	checkClients(ctx, t, &got, before, account, ids, stamp)
	checkInvoices(ctx, t, &got, before, account, ids, stamp)
	checkProjects(ctx, t, &got, before, business, ids, stamp)
	checkTimeEntries(ctx, t, &got, before, business, ids, stamp, me.ID)
	checkCRUDErrors(ctx, t, &got, account, business)

	hs.Close() // waits for every handler: the wire log is complete
	checkCRUDWire(t, wire, acct, bid, ids)
}

type crudIDs struct{ client, invoice, project, entry int64 }

// crudBefore is what the Go client read at the checkpoint.
type crudBefore struct {
	ids         crudIDs
	client      *freshbooks.Customer
	clientList  *freshbooks.Page[freshbooks.Customer]
	invoice     *freshbooks.Invoice
	invoiceList *freshbooks.Page[freshbooks.Invoice]
	project     *freshbooks.Project
	projectList *freshbooks.Page[freshbooks.Project]
	entry       *freshbooks.TimeEntry
	entryList   *freshbooks.TimeEntryPage
}

// readBeforeDelete reads, with the Go client, the records crud.js made,
// and lists them with the filters crud.js used. It reports failures with
// Errorf only: crud.js must still be released.
func readBeforeDelete(ctx context.Context, t *testing.T, account *freshbooks.AccountScope, business *freshbooks.BusinessScope, cp crudCheckpoint) *crudBefore {
	t.Helper()
	b := &crudBefore{ids: crudIDs{client: cp.ClientID, invoice: cp.InvoiceID, project: cp.ProjectID, entry: cp.EntryID}}
	var err error
	if b.client, err = account.Clients.Get(ctx, freshbooks.CustomerID(cp.ClientID)); err != nil {
		t.Errorf("Go Clients.Get(%d) at the checkpoint: %v", cp.ClientID, err)
	}
	if b.clientList, err = account.Clients.List(ctx, freshbooks.Like("organization", "Analytical"), freshbooks.PerPage(5)); err != nil {
		t.Errorf("Go Clients.List at the checkpoint: %v", err)
	}
	if b.invoice, err = account.Invoices.Get(ctx, freshbooks.InvoiceID(cp.InvoiceID), freshbooks.Include("lines")); err != nil {
		t.Errorf("Go Invoices.Get(%d) at the checkpoint: %v", cp.InvoiceID, err)
	}
	if b.invoiceList, err = account.Invoices.List(ctx, freshbooks.Equals("customerid", cp.ClientID), freshbooks.PerPage(10)); err != nil {
		t.Errorf("Go Invoices.List at the checkpoint: %v", err)
	}
	if b.project, err = business.Projects.Get(ctx, freshbooks.ProjectID(cp.ProjectID)); err != nil {
		t.Errorf("Go Projects.Get(%d) at the checkpoint: %v", cp.ProjectID, err)
	}
	if b.projectList, err = business.Projects.List(ctx, freshbooks.Equals("active", true), freshbooks.Equals("client_id", cp.ClientID), freshbooks.PerPage(10)); err != nil {
		t.Errorf("Go Projects.List at the checkpoint: %v", err)
	}
	if b.entry, err = business.TimeEntries.Get(ctx, freshbooks.TimeEntryID(cp.EntryID)); err != nil {
		t.Errorf("Go TimeEntries.Get(%d) at the checkpoint: %v", cp.EntryID, err)
	}
	if b.entryList, err = business.TimeEntries.List(ctx, freshbooks.Equals("project_id", cp.ProjectID), freshbooks.PerPage(10)); err != nil {
		t.Errorf("Go TimeEntries.List at the checkpoint: %v", err)
	}
	return b
}

func checkClients(ctx context.Context, t *testing.T, got *crudResult, before *crudBefore, account *freshbooks.AccountScope, ids crudIDs, stamp string) {
	t.Helper()
	c := got.Client
	want := sdkClient{ID: ids.client, UserID: ids.client, FName: crudFirstName, LName: crudLastName, Email: crudEmail,
		Organization: crudOrganization, Note: crudNote, CurrencyCode: "USD", BusPhone: crudBusPhone, VisState: 0, Updated: stamp}
	if ids.client == 0 || c.Created != want {
		t.Errorf("clients.create = %+v, want %+v", c.Created, want)
	}
	if c.Single != c.Created {
		t.Errorf("clients.single = %+v, want what create answered %+v", c.Single, c.Created)
	}
	checkSDKList(t, "clients.list", c.List, []int64{ids.client}, 1, 5)
	// A PUT updates only the keys it is given.
	want.Organization, want.Note = crudOrgUpdated, crudNoteUpdated
	if c.Updated != want || c.SingleAfterUpdate != want {
		t.Errorf("clients.update = %+v, then single = %+v, want %+v", c.Updated, c.SingleAfterUpdate, want)
	}
	// The sandbox's record, read with the Go client before the delete.
	if g := before.client; g != nil {
		fromGo := sdkClient{ID: int64(g.ID), UserID: int64(g.UserID), FName: g.FirstName, LName: g.LastName, Email: g.Email,
			Organization: g.Organization, Note: g.Note, CurrencyCode: g.CurrencyCode, BusPhone: g.BusinessPhone,
			VisState: int(g.VisState), Updated: isoMillis(g.Updated.Time())}
		if fromGo != c.SingleAfterUpdate {
			t.Errorf("Go Clients.Get = %+v, the SDK read %+v", fromGo, c.SingleAfterUpdate)
		}
	}
	if l := before.clientList; l != nil && (l.Total != c.List.Pages.Total || !slices.Equal(customerIDs(l.Items), c.List.IDs)) {
		t.Errorf("Go Clients.List (organization_like) = %v of %d, the SDK listed %v of %d", customerIDs(l.Items), l.Total, c.List.IDs, c.List.Pages.Total)
	}
	// Deleted: soft, vis_state 1, out of the default list, in the
	// vis_state=1 list.
	want.VisState = 1
	if c.Deleted != want || c.SingleAfterDelete != want {
		t.Errorf("clients.delete = %+v, then single = %+v, want %+v", c.Deleted, c.SingleAfterDelete, want)
	}
	if slices.Contains(c.ListAfterDelete.IDs, ids.client) || c.ListAfterDelete.Pages.Total != 0 {
		t.Errorf("clients.list after the delete = %+v, want the deleted client left out", c.ListAfterDelete)
	}
	checkSDKList(t, "clients.list search[vis_state]=1", c.ListDeleted, []int64{ids.client}, 1, 15)
	g, err := account.Clients.Get(ctx, freshbooks.CustomerID(ids.client))
	if err != nil {
		t.Fatalf("Go Clients.Get(%d) after the delete: %v", ids.client, err)
	}
	if g.VisState != freshbooks.VisDeleted || g.Organization != crudOrgUpdated {
		t.Errorf("Go Clients.Get after the SDK's delete: vis_state %v, organization %q; want deleted, %q", g.VisState, g.Organization, crudOrgUpdated)
	}
}

func checkInvoices(ctx context.Context, t *testing.T, got *crudResult, before *crudBefore, account *freshbooks.AccountScope, ids crudIDs, stamp string) {
	t.Helper()
	inv := got.Invoice
	c := inv.Created
	usd := func(a string) *sdkMoney { return &sdkMoney{Amount: a, Code: "USD"} }
	if ids.invoice == 0 || c.InvoiceID != ids.invoice || c.CustomerID != ids.client || c.InvoiceNumber == "" ||
		c.CreateDate != crudInvoiceDate || c.DueDate != crudInvoiceDate || c.CurrencyCode != "USD" ||
		!reflect.DeepEqual(c.Amount, usd(crudInvoiceTotal)) || !reflect.DeepEqual(c.Outstanding, usd(crudInvoiceTotal)) ||
		!reflect.DeepEqual(c.Paid, usd("0.00")) || c.Status != 1 || c.V3Status != "draft" || c.DisplayStatus != "draft" ||
		c.PaymentStatus != "unpaid" || c.Notes != crudInvoiceNotes || c.FName != crudFirstName || c.VisState != 0 || c.Updated != stamp {
		t.Errorf("invoices.create = %+v", c)
	}
	// The lines as sent, priced by the sandbox: amount = qty × unit cost.
	type line struct{ name, qty, unit, amount string }
	wantLines := []line{{"Design", "3", "150.00", "450.00"}, {"Hosting", "2", "19.99", "39.98"}}
	var gotLines []line
	for _, l := range c.Lines {
		if l.UnitCost == nil || l.Amount == nil || l.UnitCost.Code != "USD" || l.Amount.Code != "USD" {
			t.Errorf("invoice line %+v: want unit cost and amount in USD", l)
			continue
		}
		gotLines = append(gotLines, line{l.Name, l.Qty, l.UnitCost.Amount, l.Amount.Amount})
	}
	if !slices.Equal(gotLines, wantLines) {
		t.Errorf("invoices.create lines = %+v, want %+v", gotLines, wantLines)
	}
	if !reflect.DeepEqual(inv.Single, c) {
		t.Errorf("invoices.single = %+v, want what create answered %+v", inv.Single, c)
	}
	checkSDKList(t, "invoices.list", inv.List, []int64{ids.invoice}, 1, 10)

	// Update: only notes and po_number change; the answer has no lines
	// (not included).
	want := c
	want.Lines = nil
	want.Notes, want.PONumber = crudInvoiceNotes2, crudInvoicePO
	if !reflect.DeepEqual(inv.Updated, want) {
		t.Errorf("invoices.update = %+v, want %+v", inv.Updated, want)
	}
	// actionMarkAsSent: the action phase runs alone; the invoice is sent.
	want.Status, want.V3Status, want.DisplayStatus = 2, "overdue", "sent" // sent, and due on its 2026-01-15 date
	if !reflect.DeepEqual(inv.Sent, want) {
		t.Errorf("invoices.update({actionMarkAsSent}) = %+v, want %+v", inv.Sent, want)
	}
	if g := before.invoice; g != nil {
		if g.InvoiceNumber != c.InvoiceNumber || int64(g.CustomerID) != ids.client || g.CreateDate.String() != crudInvoiceDate ||
			g.DueDate.String() != c.DueDate || g.Amount.Amount.String() != crudInvoiceTotal || g.Amount.Code != "USD" ||
			g.Outstanding.Amount.String() != crudInvoiceTotal || g.Status != freshbooks.InvoiceSent || g.V3Status != freshbooks.V3Overdue ||
			g.DisplayStatus != freshbooks.DisplaySent || g.Notes != crudInvoiceNotes2 || g.PONumber != crudInvoicePO ||
			g.VisState != freshbooks.VisActive || isoMillis(g.Updated.Time()) != inv.Sent.Updated {
			t.Errorf("Go Invoices.Get = number %s customer %d date %s due %s amount %s %s outstanding %s status %v/%s/%s notes %q po %q vis %v updated %s; the SDK read %+v",
				g.InvoiceNumber, g.CustomerID, g.CreateDate, g.DueDate, g.Amount.Amount, g.Amount.Code, g.Outstanding.Amount,
				g.Status, g.V3Status, g.DisplayStatus, g.Notes, g.PONumber, g.VisState, g.Updated, inv.Sent)
		}
		var goLines []line
		for _, l := range g.Lines {
			goLines = append(goLines, line{l.Name, l.Qty.String(), l.UnitCost.Amount.String(), l.Amount.Amount.String()})
		}
		if !slices.Equal(goLines, gotLines) {
			t.Errorf("Go Invoices.Get lines = %+v, the SDK read %+v", goLines, gotLines)
		}
	}
	if l := before.invoiceList; l != nil && (l.Total != inv.List.Pages.Total || !slices.Equal(invoiceIDs(l.Items), inv.List.IDs)) {
		t.Errorf("Go Invoices.List (customerid) = %v of %d, the SDK listed %v of %d", invoiceIDs(l.Items), l.Total, inv.List.IDs, inv.List.Pages.Total)
	}
	// Deleted through PUT vis_state 1: still readable, marked deleted.
	want.VisState = 1
	if !reflect.DeepEqual(inv.Deleted, want) || !reflect.DeepEqual(inv.SingleAfterDelete, want) {
		t.Errorf("invoices.delete = %+v, then single = %+v, want %+v", inv.Deleted, inv.SingleAfterDelete, want)
	}
	g, err := account.Invoices.Get(ctx, freshbooks.InvoiceID(ids.invoice), freshbooks.Include("lines"))
	if err != nil {
		t.Fatalf("Go Invoices.Get(%d) after the delete: %v", ids.invoice, err)
	}
	if g.VisState != freshbooks.VisDeleted || g.Amount.Amount.String() != crudInvoiceTotal || len(g.Lines) != 2 {
		t.Errorf("Go Invoices.Get after the SDK's delete: vis_state %v, amount %s, %d lines; want deleted, %s, 2 lines",
			g.VisState, g.Amount.Amount, len(g.Lines), crudInvoiceTotal)
	}
	if l, err := account.Invoices.List(ctx, freshbooks.Equals("customerid", ids.client)); err != nil || l.Total != 0 {
		t.Errorf("Go Invoices.List after the delete: %+v, %v; want the deleted invoice left out", l, err)
	}
}

func checkProjects(ctx context.Context, t *testing.T, got *crudResult, before *crudBefore, business *freshbooks.BusinessScope, ids crudIDs, stamp string) {
	t.Helper()
	p := got.Project
	want := sdkProject{ID: ids.project, Title: crudProjectTitle, Description: crudProjectDesc, ClientID: ids.client,
		ProjectType: "hourly_rate", BillingMethod: "project_rate", Rate: "95.00", Active: true, BilledStatus: "unbilled",
		CreatedAt: stamp, UpdatedAt: stamp}
	if ids.project == 0 || p.Created != want {
		t.Errorf("projects.create = %+v, want %+v", p.Created, want)
	}
	if p.Single != p.Created {
		t.Errorf("projects.single = %+v, want what create answered %+v", p.Single, p.Created)
	}
	checkSDKList(t, "projects.list", p.List, []int64{ids.project}, 1, 10)
	want.Title, want.Description, want.Rate = crudProjectTitle2, crudProjectDesc2, "110.00"
	if p.Updated != want {
		t.Errorf("projects.update = %+v, want %+v", p.Updated, want)
	}
	if g := before.project; g != nil {
		fromGo := sdkProject{ID: int64(g.ID), Title: g.Title, Description: g.Description, ClientID: int64(g.CustomerID),
			ProjectType: string(g.ProjectType), BillingMethod: string(g.BillingMethod), Active: deref(g.Active),
			Complete: deref(g.Complete), Internal: deref(g.Internal), BilledStatus: g.BilledStatus,
			CreatedAt: isoMillis(g.CreatedAt.Time()), UpdatedAt: isoMillis(g.UpdatedAt.Time())}
		if !g.Rate.IsZero() {
			fromGo.Rate = g.Rate.String()
		}
		if fromGo != p.Updated {
			t.Errorf("Go Projects.Get = %+v, the SDK read %+v", fromGo, p.Updated)
		}
	}
	if l := before.projectList; l != nil && (l.Total != p.List.Pages.Total || !slices.Equal(projectIDs(l.Items), p.List.IDs)) {
		t.Errorf("Go Projects.List (active, client_id) = %v of %d, the SDK listed %v of %d", projectIDs(l.Items), l.Total, p.List.IDs, p.List.Pages.Total)
	}
	// Deleted for good: a 404 for the SDK and for the Go client.
	if !p.Deleted.OK {
		t.Errorf("projects.delete: ok = false")
	}
	_, err := business.Projects.Get(ctx, freshbooks.ProjectID(ids.project))
	if !errors.Is(err, freshbooks.ErrNotFound) {
		t.Errorf("Go Projects.Get(%d) after the SDK's delete: %v, want ErrNotFound", ids.project, err)
	}
	checkSDKNotFound(t, "projects.single after the delete", p.SingleAfterDelete, "Get Project", err)
}

func checkTimeEntries(ctx context.Context, t *testing.T, got *crudResult, before *crudBefore, business *freshbooks.BusinessScope, ids crudIDs, stamp string, who freshbooks.IdentityID) {
	t.Helper()
	e := got.TimeEntry
	want := sdkTimeEntry{ID: ids.entry, IdentityID: int64(who), IsLogged: true, StartedAt: crudEntryStarted, CreatedAt: stamp,
		Duration: 5400, ClientID: ids.client, ProjectID: ids.project, Note: crudEntryNote, Billable: true, Active: true}
	if ids.entry == 0 || e.Created != want {
		t.Errorf("timeEntries.create = %+v, want %+v", e.Created, want)
	}
	if e.Single != e.Created {
		t.Errorf("timeEntries.single = %+v, want what create answered %+v", e.Single, e.Created)
	}
	checkSDKList(t, "timeEntries.list", e.List, []int64{ids.entry}, 1, 10)
	want.Duration, want.Note = 7200, crudEntryNote2
	if e.Updated != want {
		t.Errorf("timeEntries.update = %+v, want %+v", e.Updated, want)
	}
	if g := before.entry; g != nil {
		fromGo := sdkTimeEntry{ID: int64(g.ID), IdentityID: int64(g.IdentityID), IsLogged: deref(g.IsLogged),
			StartedAt: isoMillis(g.StartedAt.Time()), CreatedAt: isoMillis(g.CreatedAt.Time()), Duration: int64(g.Duration / time.Second),
			ClientID: int64(g.CustomerID), ProjectID: int64(g.ProjectID), Note: g.Note, Billable: deref(g.Billable),
			Active: deref(g.Active)}
		if fromGo != e.Updated {
			t.Errorf("Go TimeEntries.Get = %+v, the SDK read %+v", fromGo, e.Updated)
		}
	}
	if l := before.entryList; l != nil && (l.Total != e.List.Pages.Total || !slices.Equal(entryIDs(l.Items), e.List.IDs)) {
		t.Errorf("Go TimeEntries.List (project_id) = %v of %d, the SDK listed %v of %d", entryIDs(l.Items), l.Total, e.List.IDs, e.List.Pages.Total)
	}
	if !e.Deleted.OK {
		t.Errorf("timeEntries.delete: ok = false")
	}
	_, err := business.TimeEntries.Get(ctx, freshbooks.TimeEntryID(ids.entry))
	if !errors.Is(err, freshbooks.ErrNotFound) {
		t.Errorf("Go TimeEntries.Get(%d) after the SDK's delete: %v, want ErrNotFound", ids.entry, err)
	}
	checkSDKNotFound(t, "timeEntries.single after the delete", e.SingleAfterDelete, "Get Time Entry", err)
}

// checkCRUDErrors checks the errors the SDK reported: FreshBooks' shapes
// (freshbooks-api.md §5.1, §5.3) as the SDK decodes them, and the same
// answers as the Go client reads them.
func checkCRUDErrors(ctx context.Context, t *testing.T, got *crudResult, account *freshbooks.AccountScope, business *freshbooks.BusinessScope) {
	t.Helper()
	errs := got.Errors

	// Accounting 404: {"response":{"errors":[{"errno":1012,"field":"userid",
	// "message":"Client not found.","object":"client","value":"<id>"}]}}.
	_, goErr := account.Clients.Get(ctx, crudMissingID)
	checkSDKFieldError(t, "clients.single of a missing client", errs.ClientNotFound, "Get Client", "404",
		sdkFieldError{Message: "Client not found.", ErrorCode: 1012, Field: ptr("userid"), Object: "client", Value: strconv.Itoa(crudMissingID)}, goErr)

	// Accounting 422, client without fname, lname, email or organization.
	_, goErr = account.Clients.Create(ctx, &freshbooks.Customer{Note: "nameless"})
	checkSDKFieldError(t, "clients.create without a name", errs.ClientNoName, "Create Client", "422",
		sdkFieldError{Message: "At least one field among fname, lname, email and organization is required.", ErrorCode: 7012, Object: "client"}, goErr)

	// Projects 422: {"errno":2001,"error":{"title":"field required"}}, one
	// SDK error per key.
	_, goErr = business.Projects.Create(ctx, &freshbooks.Project{Description: "untitled", ProjectType: "hourly_rate"})
	checkSDKFieldError(t, "projects.create without a title", errs.ProjectNoTitle, "Create Project", "422",
		sdkFieldError{Message: "field required", ErrorCode: 2001, Field: ptr("title")}, goErr)

	// Time tracking 422 for the null started_at the SDK sends on an update
	// without startedAt (FreshBooks: "none is not an allowed value").
	checkSDKFieldError(t, "timeEntries.update without startedAt", errs.TimeEntryUpdateWithoutStartedAt, "Update Time Entry", "422",
		sdkFieldError{Message: "none is not an allowed value", ErrorCode: 2001, Field: ptr("started_at")}, nil)

	// Projects 404: {"error":"Requested resource could not be found."}.
	_, goErr = business.Projects.Get(ctx, crudMissingID)
	checkSDKNotFound(t, "projects.single of a missing project", errs.ProjectNotFound, "Get Project", goErr)
}

// checkSDKFieldError checks an APIClientError carrying one field error,
// and, when goErr is not nil, that the Go client read the same answer.
func checkSDKFieldError(t *testing.T, what string, e *sdkError, name, status string, want sdkFieldError, goErr error) {
	t.Helper()
	if e == nil || !e.Threw || e.Class != "APIClientError" || e.Name != name || e.StatusCode == nil || *e.StatusCode != status {
		t.Errorf("%s: %s, want an APIClientError %q with statusCode %q", what, describeSDKError(e), name, status)
		return
	}
	var fields []sdkFieldError
	if err := json.Unmarshal(e.Errors, &fields); err != nil || len(fields) != 1 {
		t.Errorf("%s: errors = %s (%v), want one entry", what, e.Errors, err)
		return
	}
	if f := fields[0]; !reflect.DeepEqual(f, want) || e.Message != want.Message {
		t.Errorf("%s: message %q, errors[0] = %s; want %q, %s", what, e.Message, fmtField(f), want.Message, fmtField(want))
	}
	if goErr == nil {
		return
	}
	var ae *freshbooks.APIError
	if !errors.As(goErr, &ae) || strconv.Itoa(ae.StatusCode) != status || ae.Errno != want.ErrorCode || len(ae.Details) != 1 ||
		ae.Details[0].Field != deref(want.Field) || ae.Details[0].Message != want.Message {
		t.Errorf("%s: the Go client read %v (%+v), the SDK %s", what, goErr, ae, describeSDKError(e))
	}
}

// checkSDKNotFound checks a projects-family 404 as the SDK reports it
// (a message, no errors list) against the Go client's reading of it.
func checkSDKNotFound(t *testing.T, what string, e *sdkError, name string, goErr error) {
	t.Helper()
	const msg = "Requested resource could not be found."
	if e == nil || !e.Threw || e.Class != "APIClientError" || e.Name != name || e.StatusCode == nil || *e.StatusCode != "404" ||
		e.Message != msg || (len(e.Errors) != 0 && string(e.Errors) != "null") {
		t.Errorf("%s: %s, want an APIClientError %q 404 %q", what, describeSDKError(e), name, msg)
	}
	var ae *freshbooks.APIError
	if !errors.As(goErr, &ae) || ae.StatusCode != http.StatusNotFound || ae.Message != msg {
		t.Errorf("%s: the Go client read %v, want a 404 %q", what, goErr, msg)
	}
}

// checkCRUDWire checks the requests the SDK made, in order: the paths and
// verbs of peer-sdks.md §2.2 (accounting deletes are PUT vis_state 1,
// projects and time entries are HTTP DELETE), the builders' query strings,
// the bodies that carry a decision, and the statuses.
func checkCRUDWire(t *testing.T, wire *crudWire, acct freshbooks.AccountID, bid freshbooks.BusinessID, ids crudIDs) {
	t.Helper()
	wire.mu.Lock()
	defer wire.mu.Unlock()
	a := "/accounting/account/" + string(acct)
	b := strconv.FormatInt(int64(bid), 10)
	clients, client := a+"/users/clients", fmt.Sprintf("%s/users/clients/%d", a, ids.client)
	invoices, invoice := a+"/invoices/invoices", fmt.Sprintf("%s/invoices/invoices/%d", a, ids.invoice)
	project := fmt.Sprintf("/projects/business/%s/project/%d", b, ids.project)
	entries := "/timetracking/business/" + b + "/time_entries"
	entry := fmt.Sprintf("%s/%d", entries, ids.entry)
	want := []wantRequest{
		{"POST", clients, "", 200, ""},
		{"GET", client, "", 200, ""},
		{"GET", clients, "search[organization_like]=Analytical&page=1&per_page=5&sort=client_id_desc", 200, ""},
		{"PUT", client, "", 200, `{"client":{"note":"updated by the Node SDK","organization":"Analytical Engines Ltd (updated)"}}`},
		{"GET", client, "", 200, ""},
		{"POST", invoices, "include[]=lines", 200, ""},
		{"GET", invoice, "include[]=lines", 200, ""},
		{"GET", invoices, fmt.Sprintf("search[customerid]=%d&page=1&per_page=10&sort=invoice_date_desc", ids.client), 200, ""},
		{"PUT", invoice, "", 200, `{"invoice":{"notes":"Payment due in 30 days.","po_number":"PO-1842"}}`},
		{"PUT", invoice, "", 200, `{"invoice":{"action_mark_as_sent":true}}`},
		{"POST", "/projects/business/" + b + "/project", "", 0, ""},
		{"GET", project, "", 200, ""},
		{"GET", "/projects/business/" + b + "/projects", fmt.Sprintf("active=true&client_id=%d&page=1&per_page=10", ids.client), 200, ""},
		{"PUT", project, "", 200, ""},
		{"POST", entries, "", 0, ""},
		{"GET", entry, "", 200, ""},
		{"GET", entries, fmt.Sprintf("project_id=%d&page=1&per_page=10", ids.project), 200, ""},
		{"PUT", entry, "", 422, `{"time_entry":{"started_at":null,"note":"Wireframes, revised"}}`},
		{"PUT", entry, "", 200, ""},
		{"PUT", invoice, "", 200, `{"invoice":{"vis_state":1}}`},
		{"GET", invoice, "", 200, ""},
		{"DELETE", entry, "", 204, ""},
		{"GET", entry, "", 404, ""},
		{"DELETE", project, "", 204, ""},
		{"GET", project, "", 404, ""},
		{"PUT", client, "", 200, `{"client":{"vis_state":1}}`},
		{"GET", client, "", 200, ""},
		{"GET", clients, "search[organization_like]=Analytical", 200, ""},
		{"GET", clients, "search[organization_like]=Analytical&search[vis_state]=1", 200, ""},
		{"GET", fmt.Sprintf("%s/%d", clients, crudMissingID), "", 404, ""},
		{"POST", clients, "", 422, `{"client":{"note":"nameless"}}`},
		{"POST", "/projects/business/" + b + "/project", "", 422, ""},
		{"GET", fmt.Sprintf("/projects/business/%s/project/%d", b, crudMissingID), "", 404, ""},
	}
	var sent []*crudRequest
	for _, r := range wire.reqs {
		if strings.HasPrefix(r.UserAgent, crudSDKAgentPrefix) {
			sent = append(sent, r)
		} else if r.UserAgent != crudGoAgent {
			t.Errorf("request %s %s from an unknown agent %q", r.Method, r.Path, r.UserAgent)
		}
	}
	for i, r := range sent {
		if r.APIVersion != "alpha" || r.Authorization != "Bearer" {
			t.Errorf("request %d %s %s: Api-Version %q, Authorization scheme %q; want alpha, Bearer", i, r.Method, r.Path, r.APIVersion, r.Authorization)
		}
		if r.Method != http.MethodGet && r.Method != http.MethodDelete && !strings.HasPrefix(r.ContentType, "application/json") {
			t.Errorf("request %d %s %s: Content-Type %q, want JSON", i, r.Method, r.Path, r.ContentType)
		}
	}
	checkWireOrder(t, sent, want)
}

func checkSDKList(t *testing.T, what string, l sdkList, ids []int64, total, size int) {
	t.Helper()
	if !slices.Equal(l.IDs, ids) || l.Pages.Total != total || l.Pages.Size != size || l.Pages.Page != 1 || l.Pages.Pages != 1 {
		t.Errorf("%s = %+v, want ids %v, page 1 of 1, size %d, total %d", what, l, ids, size, total)
	}
}

func describeSDKError(e *sdkError) string {
	if e == nil {
		return "no error"
	}
	status := "<none>"
	if e.StatusCode != nil {
		status = *e.StatusCode
	}
	return fmt.Sprintf("%s %q: %q status %s errors %s", e.Class, e.Name, e.Message, status, e.Errors)
}

func fmtField(f sdkFieldError) string {
	field := "null"
	if f.Field != nil {
		field = strconv.Quote(*f.Field)
	}
	return fmt.Sprintf("{errorCode %d field %s message %q object %q value %q}", f.ErrorCode, field, f.Message, f.Object, f.Value)
}

func joinQuery(path, query string) string {
	if query == "" {
		return path
	}
	return path + "?" + query
}

// isoMillis formats t as JavaScript's Date.toISOString does.
func isoMillis(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func ptr[T any](v T) *T { return &v }

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func customerIDs(cs []freshbooks.Customer) []int64 {
	var out []int64
	for _, c := range cs {
		out = append(out, int64(c.ID))
	}
	return out
}

func invoiceIDs(is []freshbooks.Invoice) []int64 {
	var out []int64
	for _, i := range is {
		out = append(out, int64(i.ID))
	}
	return out
}

func projectIDs(ps []freshbooks.Project) []int64 {
	var out []int64
	for _, p := range ps {
		out = append(out, int64(p.ID))
	}
	return out
}

func entryIDs(es []freshbooks.TimeEntry) []int64 {
	var out []int64
	for _, e := range es {
		out = append(out, int64(e.ID))
	}
	return out
}
