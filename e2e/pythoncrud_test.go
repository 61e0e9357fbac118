package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
)

// What crud.py writes.
const (
	pyOrg          = "Analytical Engines Ltd"
	pyOrgUpdated   = pyOrg + " (updated)"
	pyNote         = "created by the Python SDK"
	pyNoteUpdated  = "updated by the Python SDK"
	pyInvoiceDate  = "2026-01-15"
	pyEntryStarted = "2026-01-20T14:30:00.000000Z"
	pyMissingID    = 999999999
)

// pyCRUD is what crud.py prints.
type pyCRUD struct {
	Client struct {
		Created         pyClient `json:"created"`
		Others          []int64  `json:"others"`
		Get             pyClient `json:"get"`
		Page1           pyList   `json:"page1"`
		Page2           pyList   `json:"page2"`
		Pages           pyList   `json:"pages"`
		InList          pyList   `json:"in_list"`
		Updated         pyClient `json:"updated"`
		GetAfterUpdate  pyClient `json:"get_after_update"`
		Deleted         pyClient `json:"deleted"`
		GetAfterDelete  pyClient `json:"get_after_delete"`
		ListAfterDelete pyList   `json:"list_after_delete"`
		ListDeleted     pyList   `json:"list_deleted"`
	} `json:"client"`
	Invoice struct {
		Created        pyInvoice      `json:"created"`
		Get            pyInvoice      `json:"get"`
		List           pyList         `json:"list"`
		Updated        pyInvoice      `json:"updated"`
		Sent           pyInvoice      `json:"sent"`
		Deleted        map[string]any `json:"deleted"`
		GetAfterDelete pyInvoice      `json:"get_after_delete"`
	} `json:"invoice"`
	Project   pyBusinessSteps[pyProject]   `json:"project"`
	TimeEntry pyBusinessSteps[pyTimeEntry] `json:"time_entry"`
	Errors    struct {
		ProjectUpdateWithoutTitle *pyError `json:"project_update_without_title"`
		ClientNotFound            *pyError `json:"client_not_found"`
		ClientWithoutName         *pyError `json:"client_without_name"`
		ProjectWithoutTitle       *pyError `json:"project_without_title"`
		ProjectNotFound           *pyError `json:"project_not_found"`
		StaffCreate               *pyError `json:"staff_create"`
	} `json:"errors"`
}

// pyBusinessSteps is what crud.py read of a project or a time entry.
type pyBusinessSteps[T any] struct {
	Created        T              `json:"created"`
	Get            T              `json:"get"`
	List           pyList         `json:"list"`
	Updated        T              `json:"updated"`
	Deleted        map[string]any `json:"deleted"`
	GetAfterDelete *pyError       `json:"get_after_delete"`
}

type pyList struct {
	IDs   []int64 `json:"ids"`
	Pages *struct {
		Page    int `json:"page"`
		Pages   int `json:"pages"`
		PerPage int `json:"per_page"`
		Total   int `json:"total"`
	} `json:"pages"`
}

type pyMoney struct {
	Amount string `json:"amount"`
	Code   string `json:"code"`
}

type pyClient struct {
	ID           int64  `json:"id"`
	UserID       int64  `json:"userid"`
	FName        string `json:"fname"`
	LName        string `json:"lname"`
	Email        string `json:"email"`
	Organization string `json:"organization"`
	Note         string `json:"note"`
	CurrencyCode string `json:"currency_code"`
	BusPhone     string `json:"bus_phone"`
	VisState     int    `json:"vis_state"`
	Updated      string `json:"updated"`
}

type pyInvoice struct {
	ID            int64    `json:"id"`
	InvoiceID     int64    `json:"invoiceid"`
	CustomerID    int64    `json:"customerid"`
	InvoiceNumber string   `json:"invoice_number"`
	CreateDate    string   `json:"create_date"`
	DueDate       string   `json:"due_date"`
	CurrencyCode  string   `json:"currency_code"`
	Amount        *pyMoney `json:"amount"`
	Outstanding   *pyMoney `json:"outstanding"`
	Paid          *pyMoney `json:"paid"`
	Status        int      `json:"status"`
	V3Status      string   `json:"v3_status"`
	DisplayStatus string   `json:"display_status"`
	PaymentStatus string   `json:"payment_status"`
	Notes         string   `json:"notes"`
	PONumber      string   `json:"po_number"`
	FName         string   `json:"fname"`
	Organization  string   `json:"organization"`
	VisState      int      `json:"vis_state"`
	Updated       string   `json:"updated"`
	Lines         []pyLine `json:"lines"`
}

type pyLine struct {
	LineID      int64    `json:"lineid"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Qty         string   `json:"qty"`
	UnitCost    *pyMoney `json:"unit_cost"`
	Amount      *pyMoney `json:"amount"`
}

type pyProject struct {
	ID             int64  `json:"id"`
	Title          string `json:"title"`
	Description    string `json:"description"`
	ClientID       int64  `json:"client_id"`
	ProjectType    string `json:"project_type"`
	BillingMethod  string `json:"billing_method"`
	Rate           string `json:"rate"`
	Active         bool   `json:"active"`
	Complete       bool   `json:"complete"`
	Internal       bool   `json:"internal"`
	BilledStatus   string `json:"billed_status"`
	LoggedDuration *int64 `json:"logged_duration"`
	CreatedAt      string `json:"created_at"`
	UpdatedAt      string `json:"updated_at"`
}

type pyTimeEntry struct {
	ID         int64  `json:"id"`
	IdentityID int64  `json:"identity_id"`
	IsLogged   bool   `json:"is_logged"`
	StartedAt  string `json:"started_at"`
	CreatedAt  string `json:"created_at"`
	Duration   int64  `json:"duration"`
	ClientID   int64  `json:"client_id"`
	ProjectID  int64  `json:"project_id"`
	Note       string `json:"note"`
	Billable   bool   `json:"billable"`
	Active     bool   `json:"active"`
}

// asJSON renders v for a failure message.
func asJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%+v", v)
	}
	return string(b)
}

// The Go client's records, described as crud.py describes the SDK's.

func pyClientFrom(c *freshbooks.Customer) pyClient {
	return pyClient{ID: int64(c.ID), UserID: int64(c.UserID), FName: c.FirstName, LName: c.LastName, Email: c.Email,
		Organization: c.Organization, Note: c.Note, CurrencyCode: c.CurrencyCode, BusPhone: c.BusinessPhone,
		VisState: int(c.VisState), Updated: pyStamp(c.Updated.Time())}
}

func pyMoneyFrom(m freshbooks.Money) *pyMoney {
	if m.IsZero() {
		return nil
	}
	return &pyMoney{Amount: m.Amount.String(), Code: m.Code}
}

// statusNumber is the status as FreshBooks numbers it, -1 for unknown.
func statusNumber(s freshbooks.InvoiceStatus) int {
	if n, ok := s.Number(); ok {
		return n
	}
	return -1
}

func pyInvoiceFrom(i *freshbooks.Invoice) pyInvoice {
	out := pyInvoice{ID: int64(i.ID), InvoiceID: int64(i.InvoiceID), CustomerID: int64(i.CustomerID), InvoiceNumber: i.InvoiceNumber,
		CreateDate: i.CreateDate.String(), DueDate: i.DueDate.String(), CurrencyCode: i.CurrencyCode,
		Amount: pyMoneyFrom(i.Amount), Outstanding: pyMoneyFrom(i.Outstanding), Paid: pyMoneyFrom(i.Paid),
		Status: statusNumber(i.Status), V3Status: string(i.V3Status), DisplayStatus: string(i.DisplayStatus),
		PaymentStatus: string(i.PaymentStatus), Notes: i.Notes, PONumber: i.PONumber, FName: i.FirstName,
		Organization: i.Organization, VisState: int(i.VisState), Updated: pyStamp(i.Updated.Time())}
	for _, l := range i.Lines {
		out.Lines = append(out.Lines, pyLine{LineID: l.LineID, Name: l.Name, Description: l.Description,
			Qty: l.Qty.String(), UnitCost: pyMoneyFrom(l.UnitCost), Amount: pyMoneyFrom(l.Amount)})
	}
	return out
}

func pyProjectFrom(p *freshbooks.Project) pyProject {
	out := pyProject{ID: int64(p.ID), Title: p.Title, Description: p.Description, ClientID: int64(p.CustomerID),
		ProjectType: string(p.ProjectType), BillingMethod: string(p.BillingMethod), Active: deref(p.Active),
		Complete: deref(p.Complete), Internal: deref(p.Internal), BilledStatus: p.BilledStatus,
		CreatedAt: pyStamp(p.CreatedAt.Time()), UpdatedAt: pyStamp(p.UpdatedAt.Time())}
	if p.LoggedDuration != 0 { // read without include_logged_duration: Python has null
		out.LoggedDuration = ptr(int64(p.LoggedDuration / time.Second))
	}
	if !p.Rate.IsZero() {
		out.Rate = p.Rate.String()
	}
	return out
}

func pyTimeEntryFrom(e *freshbooks.TimeEntry) pyTimeEntry {
	return pyTimeEntry{ID: int64(e.ID), IdentityID: int64(e.IdentityID), IsLogged: deref(e.IsLogged),
		StartedAt: pyStamp(e.StartedAt.Time()), CreatedAt: pyStamp(e.CreatedAt.Time()), Duration: int64(e.Duration / time.Second),
		ClientID: int64(e.CustomerID), ProjectID: int64(e.ProjectID), Note: e.Note, Billable: deref(e.Billable),
		Active: deref(e.Active)}
}

// pyCheckpoint is the line crud.py prints before it deletes anything.
type pyCheckpoint struct {
	ClientID  freshbooks.CustomerID  `json:"client_id"`
	InvoiceID freshbooks.InvoiceID   `json:"invoice_id"`
	ProjectID freshbooks.ProjectID   `json:"project_id"`
	EntryID   freshbooks.TimeEntryID `json:"entry_id"`
}

// pyBefore is what the Go client read at the checkpoint.
type pyBefore struct {
	ids                      pyCheckpoint
	client                   *freshbooks.Customer
	clientPage1, clientPage2 []int64
	clientAll, clientIn      []int64
	clientTotal              int
	invoice                  *freshbooks.Invoice
	invoiceList              []int64
	invoiceTotal             int
	project                  *freshbooks.Project
	projectList              []int64
	projectTotal             int
	entry                    *freshbooks.TimeEntry
	entryList                []int64
	entryTotal               int
}

// testPythonCRUD runs crud.py with a token the Go client got through the
// flow, reads everything it made with the Go client at its checkpoint and
// after it, and checks the requests it sent.
func testPythonCRUD(ctx context.Context, t *testing.T, sdk string, goCfg freshbooks.Config) {
	gc := authorizeGo(ctx, t, goCfg) // every scope the application has
	me, err := gc.CurrentUser(ctx)
	if err != nil {
		t.Fatalf("Go CurrentUser: %v", err)
	}
	acct, bid := ownedBusiness(t, me)
	account, business := gc.Account(acct), gc.Business(bid)

	hs, wire := recordWire(t, goCfg.BaseURL)
	start := time.Now().Truncate(time.Second)
	var got pyCRUD
	var before *pyBefore
	runPython(ctx, t, sdk, "crud.py", []string{
		"FRESHBOOKS_API_URL=" + hs.URL,
		"FRESHBOOKS_CLIENT_ID=" + pyClientID,
		"FRESHBOOKS_ACCESS_TOKEN=" + gc.Token().AccessToken,
		"FRESHBOOKS_ACCOUNT_ID=" + string(acct),
		"FRESHBOOKS_BUSINESS_ID=" + strconv.FormatInt(int64(bid), 10),
	}, func(line []byte) {
		var cp pyCheckpoint
		if err := json.Unmarshal(line, &cp); err != nil {
			t.Errorf("checkpoint %s: %v", line, err)
			return
		}
		before = readPythonRecords(ctx, t, account, business, cp)
	}, &got)
	end := time.Now()
	if before == nil {
		t.Fatal("crud.py never reached its checkpoint")
	}
	ids := pyCheckpoint{ClientID: freshbooks.CustomerID(got.Client.Created.ID), InvoiceID: freshbooks.InvoiceID(got.Invoice.Created.ID),
		ProjectID: freshbooks.ProjectID(got.Project.Created.ID), EntryID: freshbooks.TimeEntryID(got.TimeEntry.Created.ID)}
	if before.ids != ids {
		t.Errorf("checkpoint ids %+v, want the created ones %+v", before.ids, ids)
	}
	// Every record was written during the run: an instant outside it
	// would be a time zone read wrongly (accounting times are US/Eastern).
	inRun := func(what, stamp string) {
		t.Helper()
		ts, err := time.Parse("2006-01-02T15:04:05.000000Z", stamp)
		if err != nil || ts.Before(start) || ts.After(end) {
			t.Errorf("%s = %q, want an instant between %s and %s", what, stamp, pyStamp(start), pyStamp(end))
		}
	}

	checkPyClients(ctx, t, &got, before, account, inRun)
	checkPyInvoices(ctx, t, &got, before, account, inRun)
	checkPyProjects(ctx, t, &got, before, business, inRun)
	checkPyTimeEntries(ctx, t, &got, before, business, me.ID, inRun)
	checkPyErrors(ctx, t, &got, account, business)
	hs.Close() // waits for every handler: the wire log is complete
	checkPyCRUDWire(t, wire, acct, bid, ids, got.Client.Others)
}

// readPythonRecords reads with the Go client what crud.py made, with the
// filters crud.py used. It reports failures with Errorf only: crud.py must
// still be released.
func readPythonRecords(ctx context.Context, t *testing.T, account *freshbooks.AccountScope, business *freshbooks.BusinessScope, cp pyCheckpoint) *pyBefore {
	t.Helper()
	b := &pyBefore{ids: cp}
	var err error
	if b.client, err = account.Clients.Get(ctx, cp.ClientID); err != nil {
		t.Errorf("Go Clients.Get(%d): %v", cp.ClientID, err)
	}
	byOrg := []freshbooks.QueryOption{freshbooks.Like("organization", "Analytical"), freshbooks.SortDesc("client_id"), freshbooks.PerPage(2)}
	for n, dst := range map[int]*[]int64{1: &b.clientPage1, 2: &b.clientPage2} {
		p, err := account.Clients.List(ctx, append(byOrg, freshbooks.OnPage(n))...)
		if err != nil {
			t.Errorf("Go Clients.List page %d: %v", n, err)
			continue
		}
		*dst, b.clientTotal = customerIDs(p.Items), p.Total
	}
	for c, err := range account.Clients.All(ctx, byOrg...) {
		if err != nil {
			t.Errorf("Go Clients.All: %v", err)
			break
		}
		b.clientAll = append(b.clientAll, int64(c.ID))
	}
	if len(b.clientPage1) == 2 {
		in, err := account.Clients.List(ctx, freshbooks.In("userids", int64(cp.ClientID), b.clientPage1[0]))
		if err != nil {
			t.Errorf("Go Clients.List In: %v", err)
		} else {
			b.clientIn = customerIDs(in.Items)
		}
	}
	if b.invoice, err = account.Invoices.Get(ctx, cp.InvoiceID, freshbooks.Include("lines")); err != nil {
		t.Errorf("Go Invoices.Get(%d): %v", cp.InvoiceID, err)
	}
	if l, err := account.Invoices.List(ctx, freshbooks.Equals("customerid", cp.ClientID), freshbooks.Between("date", "2026-01-01", "2026-02-01"),
		freshbooks.SortAsc("invoice_date"), freshbooks.PerPage(10)); err != nil {
		t.Errorf("Go Invoices.List: %v", err)
	} else {
		b.invoiceList, b.invoiceTotal = invoiceIDs(l.Items), l.Total
	}
	if b.project, err = business.Projects.Get(ctx, cp.ProjectID); err != nil {
		t.Errorf("Go Projects.Get(%d): %v", cp.ProjectID, err)
	}
	if l, err := business.Projects.List(ctx, freshbooks.Equals("active", true), freshbooks.Equals("client_id", cp.ClientID),
		freshbooks.SortDesc("title"), freshbooks.PerPage(10)); err != nil {
		t.Errorf("Go Projects.List: %v", err)
	} else {
		b.projectList, b.projectTotal = projectIDs(l.Items), l.Total
	}
	if b.entry, err = business.TimeEntries.Get(ctx, cp.EntryID); err != nil {
		t.Errorf("Go TimeEntries.Get(%d): %v", cp.EntryID, err)
	}
	if l, err := business.TimeEntries.List(ctx, freshbooks.Equals("project_id", cp.ProjectID),
		freshbooks.Since("started_from", time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC)), freshbooks.PerPage(10)); err != nil {
		t.Errorf("Go TimeEntries.List: %v", err)
	} else {
		b.entryList, b.entryTotal = entryIDs(l.Items), l.Total
	}
	return b
}

func checkPyList(t *testing.T, what string, l pyList, ids []int64, page, pages, perPage, total int) {
	t.Helper()
	p := l.Pages
	if !slices.Equal(l.IDs, ids) || p == nil || p.Page != page || p.Pages != pages || p.PerPage != perPage || p.Total != total {
		t.Errorf("%s = %v %+v, want %v, page %d of %d, %d per page, %d in all", what, l.IDs, p, ids, page, pages, perPage, total)
	}
}

func checkPyClients(ctx context.Context, t *testing.T, got *pyCRUD, before *pyBefore, account *freshbooks.AccountScope, inRun func(string, string)) {
	t.Helper()
	c := got.Client
	id := c.Created.ID
	want := pyClient{ID: id, UserID: id, FName: "Ada", LName: "Lovelace", Email: "ada.lovelace@example.test",
		Organization: pyOrg, Note: pyNote, CurrencyCode: "USD", BusPhone: "5550101010", Updated: c.Created.Updated}
	if id == 0 || c.Created != want {
		t.Errorf("clients.create = %+v\nwant %+v", c.Created, want)
	}
	inRun("clients.create: updated", c.Created.Updated)
	if c.Get != c.Created {
		t.Errorf("clients.get = %+v, want what create answered %+v", c.Get, c.Created)
	}
	if len(c.Others) != 2 {
		t.Fatalf("crud.py made %d more clients, want 2", len(c.Others))
	}
	// Newest first, two a page; ListResult + keeps the later page's paging.
	all := []int64{c.Others[1], c.Others[0], id}
	checkPyList(t, "clients.list page 1", c.Page1, all[:2], 1, 2, 2, 3)
	checkPyList(t, "clients.list page 2", c.Page2, all[2:], 2, 2, 2, 3)
	checkPyList(t, "clients.list page 1 + page 2", c.Pages, all, 2, 2, 2, 3)
	if !slices.Equal(before.clientPage1, c.Page1.IDs) || !slices.Equal(before.clientPage2, c.Page2.IDs) || !slices.Equal(before.clientAll, all) || before.clientTotal != 3 {
		t.Errorf("Go Clients.List pages %v %v (%d in all), All %v; the SDK listed %v %v", before.clientPage1, before.clientPage2,
			before.clientTotal, before.clientAll, c.Page1.IDs, c.Page2.IDs)
	}
	// in_list("userid") pluralises the key: search[userids][]. Lists
	// default to 15 a page (freshbooks-api.md §3.6).
	checkPyList(t, "clients.list in_list", c.InList, []int64{id, c.Others[1]}, 1, 1, 15, 2)
	if !slices.Equal(before.clientIn, c.InList.IDs) {
		t.Errorf("Go Clients.List In(userids) = %v, the SDK listed %v", before.clientIn, c.InList.IDs)
	}
	want.Organization, want.Note, want.Updated = pyOrgUpdated, pyNoteUpdated, c.Updated.Updated
	if c.Updated != want || c.GetAfterUpdate != c.Updated {
		t.Errorf("clients.update = %+v, then get %+v\nwant %+v", c.Updated, c.GetAfterUpdate, want)
	}
	if g := before.client; g != nil && pyClientFrom(g) != c.GetAfterUpdate {
		t.Errorf("Go Clients.Get = %+v\nthe SDK read  %+v", pyClientFrom(g), c.GetAfterUpdate)
	}
	// Deleted: PUT vis_state 1, answered with the client, kept and listed
	// only when asked for.
	want.VisState, want.Updated = 1, c.Deleted.Updated
	if c.Deleted != want || c.GetAfterDelete != want {
		t.Errorf("clients.delete = %+v, then get %+v\nwant %+v", c.Deleted, c.GetAfterDelete, want)
	}
	inRun("clients.delete: updated", c.Deleted.Updated)
	checkPyList(t, "clients.list after the delete", c.ListAfterDelete, []int64{c.Others[0], c.Others[1]}, 1, 1, 15, 2)
	checkPyList(t, "clients.list vis_state 1", c.ListDeleted, []int64{id}, 1, 1, 15, 1)
	if g, err := account.Clients.Get(ctx, freshbooks.CustomerID(id)); err != nil {
		t.Errorf("Go Clients.Get after the SDK's delete: %v", err)
	} else if pyClientFrom(g) != c.GetAfterDelete {
		t.Errorf("Go Clients.Get after the SDK's delete = %+v\nthe SDK read %+v", pyClientFrom(g), c.GetAfterDelete)
	}
}

func checkPyInvoices(ctx context.Context, t *testing.T, got *pyCRUD, before *pyBefore, account *freshbooks.AccountScope, inRun func(string, string)) {
	t.Helper()
	i := got.Invoice
	usd := func(a string) *pyMoney { return &pyMoney{Amount: a, Code: "USD"} }
	id := i.Created.ID
	want := pyInvoice{ID: id, InvoiceID: id, CustomerID: got.Client.Created.ID, InvoiceNumber: i.Created.InvoiceNumber,
		CreateDate: pyInvoiceDate, DueDate: pyInvoiceDate, CurrencyCode: "USD",
		Amount: usd("489.98"), Outstanding: usd("489.98"), Paid: usd("0.00"), // 3 × 150.00 + 2 × 19.99
		Status: 1, V3Status: "draft", DisplayStatus: "draft", PaymentStatus: "unpaid",
		Notes: "Thank you for your business.", FName: "Ada", Organization: pyOrgUpdated, Updated: i.Created.Updated,
		Lines: []pyLine{
			{LineID: 1, Name: "Design", Description: "Wireframes and mockups", Qty: "3", UnitCost: usd("150.00"), Amount: usd("450.00")},
			{LineID: 2, Name: "Hosting", Qty: "2", UnitCost: usd("19.99"), Amount: usd("39.98")},
		}}
	if id == 0 || i.Created.InvoiceNumber == "" || !jsonEqual(i.Created, want) {
		t.Errorf("invoices.create (include lines) = %s\nwant %s", asJSON(i.Created), asJSON(want))
	}
	inRun("invoices.create: updated", i.Created.Updated)
	if !jsonEqual(i.Get, i.Created) {
		t.Errorf("invoices.get (include lines) = %s, want what create answered %s", asJSON(i.Get), asJSON(i.Created))
	}
	checkPyList(t, "invoices.list", i.List, []int64{id}, 1, 1, 10, 1)
	if !slices.Equal(before.invoiceList, i.List.IDs) || before.invoiceTotal != 1 {
		t.Errorf("Go Invoices.List = %v of %d, the SDK listed %v", before.invoiceList, before.invoiceTotal, i.List.IDs)
	}
	want.Lines, want.Notes, want.PONumber, want.Updated = nil, "Payment due in 30 days.", "PO-1842", i.Updated.Updated
	if !jsonEqual(i.Updated, want) {
		t.Errorf("invoices.update = %s\nwant %s", asJSON(i.Updated), asJSON(want))
	}
	want.Status, want.V3Status, want.DisplayStatus, want.Updated = 2, "overdue", "sent", i.Sent.Updated // sent, and past due
	if !jsonEqual(i.Sent, want) {
		t.Errorf("invoices.update action_mark_as_sent = %s\nwant %s", asJSON(i.Sent), asJSON(want))
	}
	if g := before.invoice; g != nil {
		fromGo := pyInvoiceFrom(g)
		if !jsonEqual(fromGo.Lines, i.Get.Lines) {
			t.Errorf("Go Invoices.Get lines = %s, the SDK read %s", asJSON(fromGo.Lines), asJSON(i.Get.Lines))
		}
		if fromGo.Lines = nil; !jsonEqual(fromGo, i.Sent) {
			t.Errorf("Go Invoices.Get = %s\nthe SDK read   %s", asJSON(fromGo), asJSON(i.Sent))
		}
	}
	// The SDK deletes invoices with HTTP DELETE (the Node SDK with PUT
	// vis_state 1); the sandbox soft-deletes either way
	// (freshbooks-api.md §3.4, inferred) and the answer has no invoice in
	// it, so the SDK's Result is empty.
	if len(i.Deleted) != 0 {
		t.Errorf("invoices.delete = %v, want an empty result", i.Deleted)
	}
	want.VisState, want.Updated = 1, i.GetAfterDelete.Updated
	if !jsonEqual(i.GetAfterDelete, want) {
		t.Errorf("invoices.get after the delete = %s\nwant %s", asJSON(i.GetAfterDelete), asJSON(want))
	}
	if g, err := account.Invoices.Get(ctx, freshbooks.InvoiceID(id)); err != nil {
		t.Errorf("Go Invoices.Get after the SDK's delete: %v", err)
	} else if !jsonEqual(pyInvoiceFrom(g), i.GetAfterDelete) {
		t.Errorf("Go Invoices.Get after the SDK's delete = %s\nthe SDK read %s", asJSON(pyInvoiceFrom(g)), asJSON(i.GetAfterDelete))
	}
}

func checkPyProjects(ctx context.Context, t *testing.T, got *pyCRUD, before *pyBefore, business *freshbooks.BusinessScope, inRun func(string, string)) {
	t.Helper()
	p := got.Project
	id := p.Created.ID
	want := pyProject{ID: id, Title: "Website redesign", Description: "New marketing site", ClientID: got.Client.Created.ID,
		ProjectType: "hourly_rate", BillingMethod: "project_rate", Rate: "95.00", Active: true, BilledStatus: "unbilled",
		CreatedAt: p.Created.CreatedAt, UpdatedAt: p.Created.CreatedAt}
	if id == 0 || !jsonEqual(p.Created, want) {
		t.Errorf("projects.create = %s\nwant %s", asJSON(p.Created), asJSON(want))
	}
	inRun("projects.create: created_at", p.Created.CreatedAt)
	want.LoggedDuration = ptr(int64(0)) // include_logged_duration=true
	if !jsonEqual(p.Get, want) {
		t.Errorf("projects.get (include_logged_duration) = %s\nwant %s", asJSON(p.Get), asJSON(want))
	}
	checkPyList(t, "projects.list", p.List, []int64{id}, 1, 1, 10, 1)
	if !slices.Equal(before.projectList, p.List.IDs) || before.projectTotal != 1 {
		t.Errorf("Go Projects.List = %v of %d, the SDK listed %v", before.projectList, before.projectTotal, p.List.IDs)
	}
	want.LoggedDuration, want.Title, want.Description, want.Rate, want.UpdatedAt = nil, "Website redesign, phase 2", "Marketing site and blog", "110.00", p.Updated.UpdatedAt
	if !jsonEqual(p.Updated, want) {
		t.Errorf("projects.update = %s\nwant %s", asJSON(p.Updated), asJSON(want))
	}
	inRun("projects.update: updated_at", p.Updated.UpdatedAt)
	if g := before.project; g != nil && !jsonEqual(pyProjectFrom(g), p.Updated) {
		t.Errorf("Go Projects.Get = %s\nthe SDK read   %s", asJSON(pyProjectFrom(g)), asJSON(p.Updated))
	}
	// HTTP DELETE, 204: the SDK answers {}; then a 404 for both clients.
	if len(p.Deleted) != 0 {
		t.Errorf("projects.delete = %v, want {}", p.Deleted)
	}
	_, err := business.Projects.Get(ctx, freshbooks.ProjectID(id))
	checkPyNotFound(t, "projects.get after the delete", p.GetAfterDelete, err)
}

func checkPyTimeEntries(ctx context.Context, t *testing.T, got *pyCRUD, before *pyBefore, business *freshbooks.BusinessScope, who freshbooks.IdentityID, inRun func(string, string)) {
	t.Helper()
	e := got.TimeEntry
	id := e.Created.ID
	want := pyTimeEntry{ID: id, IdentityID: int64(who), IsLogged: true, StartedAt: pyEntryStarted, CreatedAt: e.Created.CreatedAt,
		Duration: 5400, ClientID: got.Client.Created.ID, ProjectID: got.Project.Created.ID, Note: "Wireframes", Billable: true, Active: true}
	if id == 0 || e.Created != want {
		t.Errorf("time_entries.create = %+v\nwant %+v", e.Created, want)
	}
	inRun("time_entries.create: created_at", e.Created.CreatedAt)
	if e.Get != e.Created {
		t.Errorf("time_entries.get = %+v, want what create answered %+v", e.Get, e.Created)
	}
	checkPyList(t, "time_entries.list", e.List, []int64{id}, 1, 1, 10, 1)
	if !slices.Equal(before.entryList, e.List.IDs) || before.entryTotal != 1 {
		t.Errorf("Go TimeEntries.List = %v of %d, the SDK listed %v", before.entryList, before.entryTotal, e.List.IDs)
	}
	// A partial update: the SDK sends only what it is given (unlike the
	// Node SDK, no started_at: null).
	want.Duration, want.Note = 7200, "Wireframes, revised"
	if e.Updated != want {
		t.Errorf("time_entries.update = %+v\nwant %+v", e.Updated, want)
	}
	if g := before.entry; g != nil && pyTimeEntryFrom(g) != e.Updated {
		t.Errorf("Go TimeEntries.Get = %+v\nthe SDK read     %+v", pyTimeEntryFrom(g), e.Updated)
	}
	if len(e.Deleted) != 0 {
		t.Errorf("time_entries.delete = %v, want {}", e.Deleted)
	}
	_, err := business.TimeEntries.Get(ctx, freshbooks.TimeEntryID(id))
	checkPyNotFound(t, "time_entries.get after the delete", e.GetAfterDelete, err)
}

// checkPyNotFound checks a projects-family 404 ({"error": "..."}) as the
// SDK reports it: the message, no error_code, no details; and that the Go
// client read the same answer.
func checkPyNotFound(t *testing.T, what string, e *pyError, goErr error) {
	t.Helper()
	const msg = "Requested resource could not be found."
	if e == nil || e.Class != "FreshBooksError" || e.StatusCode != http.StatusNotFound || e.Message != msg ||
		string(e.ErrorCode) != "null" || string(e.ErrorDetails) != "[]" {
		t.Errorf("%s: %s, want FreshBooksError 404 %q, error_code null, error_details []", what, e, msg)
	}
	var ae *freshbooks.APIError
	if !errors.Is(goErr, freshbooks.ErrNotFound) || !errors.As(goErr, &ae) || ae.Message != msg {
		t.Errorf("%s: the Go client read %v, want a 404 %q", what, goErr, msg)
	}
}

// checkPyErrors checks FreshBooksError as the SDK builds it from each
// family's error shape (python-sdk.md §3.2, §3.5) against the Go client's
// reading of the same answers.
func checkPyErrors(ctx context.Context, t *testing.T, got *pyCRUD, account *freshbooks.AccountScope, business *freshbooks.BusinessScope) {
	t.Helper()
	errs := got.Errors
	// check checks the SDK's error, and that the Go client read the same
	// status, errno and one detail (field, message) from the same answer.
	check := func(what string, e *pyError, status int, message string, errno int, details string, goErr error, goField, goMessage string) {
		t.Helper()
		errorCode := "null"
		if errno != 0 {
			errorCode = strconv.Itoa(errno)
		}
		if e == nil || e.Class != "FreshBooksError" || e.StatusCode != status || e.Message != message ||
			string(e.ErrorCode) != errorCode || !jsonEqual(e.ErrorDetails, json.RawMessage(details)) {
			t.Errorf("%s: %s\nwant FreshBooksError %q status %d error_code %s error_details %s", what, e, message, status, errorCode, details)
		}
		if goErr == nil {
			return
		}
		var ae *freshbooks.APIError
		if !errors.As(goErr, &ae) || ae.StatusCode != status || ae.Errno != errno ||
			len(ae.Details) != 1 || ae.Details[0].Field != goField || ae.Details[0].Message != goMessage {
			t.Errorf("%s: the Go client read %v (%+v), the SDK %s", what, goErr, ae, e)
		}
	}

	// Accounting: the first of response.errors, errno as error_code, the
	// whole list as error_details.
	_, goErr := account.Clients.Get(ctx, pyMissingID)
	check("clients.get of a missing client", errs.ClientNotFound, 404, "Client not found.", 1012,
		fmt.Sprintf(`[{"errno":1012,"field":"userid","message":"Client not found.","object":"client","value":"%d"}]`, pyMissingID),
		goErr, "userid", "Client not found.")
	const noName = "At least one field among fname, lname, email and organization is required."
	_, goErr = account.Clients.Create(ctx, &freshbooks.Customer{Note: "nameless"})
	check("clients.create without a name", errs.ClientWithoutName, 422, noName, 7012,
		`[{"errno":7012,"field":null,"message":"`+noName+`","object":"client","value":""}]`, goErr, "", noName)

	// Projects: {"errno": 2001, "error": {"title": "field required"}}
	// becomes "Error: title field required", one detail per key.
	_, goErr = business.Projects.Create(ctx, &freshbooks.Project{Description: "untitled", ProjectType: "hourly_rate"})
	check("projects.create without a title", errs.ProjectWithoutTitle, 422, "Error: title field required", 2001,
		`[{"title":"field required"}]`, goErr, "title", "field required")
	// A project PUT without a title: FreshBooks' 500 (freshbooks-api.md
	// §3.3, observed by a third party), retried by the SDK (see the wire).
	check("projects.update without a title", errs.ProjectUpdateWithoutTitle, 500, "An internal error has occurred.", 0, "[]", nil, "", "")
	_, goErr = business.Projects.Get(ctx, pyMissingID)
	checkPyNotFound(t, "projects.get of a missing project", errs.ProjectNotFound, goErr)

	// Staff cannot be created: refused before any request.
	if e := errs.StaffCreate; e == nil || e.Class != "FreshBooksNotImplementedError" || e.Message != "The method 'create' does not exist for staffs" {
		t.Errorf("staff.create: %s, want FreshBooksNotImplementedError", e)
	}
}

// checkPyCRUDWire checks the requests crud.py made, in order: the paths and
// verbs of python-sdk.md §1.4 (clients deleted by PUT vis_state 1,
// invoices, projects and time entries by HTTP DELETE), the builders' query
// strings in each family's dialect (§5), the bodies that carry a decision,
// the retries of a PUT answered 500 (§4) and the statuses.
func checkPyCRUDWire(t *testing.T, wire *crudWire, acct freshbooks.AccountID, bid freshbooks.BusinessID, ids pyCheckpoint, others []int64) {
	t.Helper()
	a := "/accounting/account/" + string(acct)
	b := strconv.FormatInt(int64(bid), 10)
	clients, client := a+"/users/clients", fmt.Sprintf("%s/users/clients/%d", a, ids.ClientID)
	invoices, invoice := a+"/invoices/invoices", fmt.Sprintf("%s/invoices/invoices/%d", a, ids.InvoiceID)
	projectNew, project := "/projects/business/"+b+"/project", fmt.Sprintf("/projects/business/%s/project/%d", b, ids.ProjectID)
	entries := "/timetracking/business/" + b + "/time_entries"
	entry := fmt.Sprintf("%s/%d", entries, ids.EntryID)
	byOrg := "search[organization_like]=Analytical"
	want := []wantRequest{
		{"POST", clients, "", 200, ""},
		{"POST", clients, "", 200, `{"client": {"organization": "` + pyOrg + `, Turin"}}`},
		{"POST", clients, "", 200, ""},
		{"GET", client, "", 200, ""},
		{"GET", clients, byOrg + "&page=1&per_page=2&sort=client_id_desc", 200, ""},
		{"GET", clients, byOrg + "&page=2&per_page=2&sort=client_id_desc", 200, ""},
		{"GET", clients, fmt.Sprintf("search[userids][]=%d&search[userids][]=%d", ids.ClientID, others[1]), 200, ""},
		{"PUT", client, "", 200, `{"client": {"organization": "` + pyOrgUpdated + `", "note": "` + pyNoteUpdated + `"}}`},
		{"GET", client, "", 200, ""},
		{"POST", invoices, "include[]=lines", 200, ""},
		{"GET", invoice, "include[]=lines", 200, ""},
		{"GET", invoices, fmt.Sprintf("search[customerid]=%d&search[date_min]=2026-01-01&search[date_max]=2026-02-01&page=1&per_page=10&sort=invoice_date_asc", ids.ClientID), 200, ""},
		{"PUT", invoice, "", 200, `{"invoice": {"notes": "Payment due in 30 days.", "po_number": "PO-1842"}}`},
		{"PUT", invoice, "", 200, `{"invoice": {"action_mark_as_sent": true}}`},
		{"POST", projectNew, "", 0, ""},
		{"GET", project, "include_logged_duration=true", 200, ""},
		// Python's booleans render as True; descending is -key here.
		{"GET", "/projects/business/" + b + "/projects", fmt.Sprintf("active=True&client_id=%d&page=1&per_page=10&sort=-title", ids.ClientID), 200, ""},
	}
	// A 500 on a PUT: three retries, then one more try without retries.
	for range 5 {
		want = append(want, wantRequest{"PUT", project, "", 500, `{"project": {"description": "Marketing site and blog"}}`})
	}
	want = append(want, []wantRequest{
		{"PUT", project, "", 200, ""},
		{"POST", entries, "", 0, ""},
		{"GET", entry, "", 200, ""},
		{"GET", entries, fmt.Sprintf("project_id=%d&started_from=2026-01-20T00:00:00Z&page=1&per_page=10", ids.ProjectID), 200, ""},
		{"PUT", entry, "", 200, `{"time_entry": {"note": "Wireframes, revised", "duration": 7200}}`},
		{"DELETE", invoice, "", 200, ""},
		{"GET", invoice, "", 200, ""},
		{"DELETE", entry, "", 204, ""},
		{"GET", entry, "", 404, ""},
		{"DELETE", project, "", 204, ""},
		{"GET", project, "", 404, ""},
		{"PUT", client, "", 200, `{"client": {"vis_state": 1}}`},
		{"GET", client, "", 200, ""},
		{"GET", clients, byOrg, 200, ""},
		{"GET", clients, byOrg + "&search[vis_state]=1", 200, ""},
		{"GET", fmt.Sprintf("%s/%d", clients, pyMissingID), "", 404, ""},
		{"POST", clients, "", 422, `{"client": {"note": "nameless"}}`},
		{"POST", projectNew, "", 422, ""},
		{"GET", fmt.Sprintf("/projects/business/%s/project/%d", b, pyMissingID), "", 404, ""},
	}...)
	checkPythonWire(t, wire, want)
}
