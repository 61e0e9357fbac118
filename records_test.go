package freshbooks_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// owner is the first business, as the owner of its records.
func (e *env) owner() freshbooks.Owner {
	b := e.me.BusinessMemberships[0].Business
	return freshbooks.Owner{Account: b.AccountID, Business: b.ID, BusinessUUID: b.BusinessUUID}
}

// records opens any resource of the first business in wire form.
func (e *env) records(t *testing.T, name string) *freshbooks.RecordsService {
	t.Helper()
	s, err := e.c.Records(name, e.owner())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// member reads one member of a wire record.
func member(t *testing.T, rec json.RawMessage, key string) any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(rec, &m); err != nil {
		t.Fatalf("%s: %v", rec, err)
	}
	return m[key]
}

// idOf is a wire record's id as the string Records takes.
func idOf(t *testing.T, rec json.RawMessage) string {
	t.Helper()
	n, ok := member(t, rec, "id").(float64)
	if !ok {
		t.Fatalf("no numeric id in %s", rec)
	}
	return strconv.FormatInt(int64(n), 10)
}

// Wire-form records go through the same sandbox as the typed services and
// agree with them, for each verb.
func TestRecordsClientsLifecycle(t *testing.T) {
	e := newEnv(t, freshbookstest.Options{Now: time.Now})
	ctx := t.Context()
	clients := e.records(t, "clients")
	created, err := clients.Create(ctx, json.RawMessage(`{"organization":"Wire Co","email":"ap@wire.test","note":"first"}`))
	if err != nil {
		t.Fatal(err)
	}
	id := idOf(t, created)
	n, _ := strconv.ParseInt(id, 10, 64)
	typed, err := e.c.Account(e.owner().Account).Clients.Get(ctx, freshbooks.CustomerID(n))
	if err != nil || typed.Organization != "Wire Co" || typed.Note != "first" {
		t.Fatalf("typed read of the wire-created client: %+v %v", typed, err)
	}
	if _, err := clients.Update(ctx, id, json.RawMessage(`{"note":"second"}`)); err != nil {
		t.Fatal(err)
	}
	got, err := clients.Get(ctx, id)
	if err != nil || member(t, got, "note") != "second" || member(t, got, "organization") != "Wire Co" {
		t.Fatalf("after update: %s %v", got, err)
	}
	if archived, err := clients.Archive(ctx, id); err != nil || member(t, archived, "vis_state") != 2.0 {
		t.Fatalf("archive: %s %v", archived, err)
	}
	if err := clients.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	if got, _ := clients.Get(ctx, id); member(t, got, "vis_state") != 1.0 {
		t.Fatalf("deleted client reads %s, want vis_state 1", got)
	}
	if restored, err := clients.Restore(ctx, id); err != nil || member(t, restored, "vis_state") != 0.0 {
		t.Fatalf("restore: %s %v", restored, err)
	}

	page, err := clients.List(ctx, freshbooks.PerPage(2))
	if err != nil || len(page.Items) != 2 || page.Total < 3 {
		t.Fatalf("list: %+v %v", page, err)
	}
	count := 0
	for rec, err := range clients.All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if member(t, rec, "id") == nil {
			t.Fatalf("record without id: %s", rec)
		}
		count++
	}
	if count != page.Total {
		t.Errorf("All gave %d records, List says %d", count, page.Total)
	}
}

// Records keeps members the typed model does not know, byte for byte.
func TestRecordsAreLossless(t *testing.T) {
	e := newEnv(t, freshbookstest.Options{Now: time.Now})
	clients := e.records(t, "clients")
	page, err := clients.List(t.Context(), freshbooks.PerPage(1))
	if err != nil || len(page.Items) != 1 {
		t.Fatal(page, err)
	}
	raw := page.Items[0]
	got, err := clients.Get(t.Context(), idOf(t, raw))
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	_ = json.Compact(&a, raw)
	_ = json.Compact(&b, got)
	if a.String() != b.String() {
		t.Errorf("the same client read twice differs:\n%s\n%s", a.String(), b.String())
	}
}

// Actions run through the catalogue: an invoice marked sent, its share
// link, a report with inputs in the query, and the projects' abilities.
func TestRecordsActions(t *testing.T) {
	e := newEnv(t, freshbookstest.Options{Now: time.Now})
	ctx := t.Context()
	invoices := e.records(t, "invoices")
	page, err := invoices.List(ctx, freshbooks.PerPage(100))
	if err != nil {
		t.Fatal(err)
	}
	var draft string
	for _, inv := range page.Items {
		if member(t, inv, "v3_status") == "draft" {
			draft = idOf(t, inv)
			break
		}
	}
	if draft == "" {
		t.Fatal("no draft invoice in the seed")
	}
	if _, err := invoices.Act(ctx, "share-link", draft, nil); err == nil {
		t.Error("a draft invoice was shared")
	}
	sent, err := invoices.Act(ctx, "mark-sent", draft, nil)
	if err != nil || member(t, sent, "v3_status") != "overdue" { // sent, and due in 2025
		t.Fatalf("mark-sent: %s %v", sent, err)
	}
	link, err := invoices.Act(ctx, "share-link", draft, nil)
	if err != nil || !strings.HasPrefix(member(t, link, "share_link").(string), "http") {
		t.Fatalf("share-link: %s %v", link, err)
	}

	pl, err := e.records(t, "reports").Act(ctx, "profit-loss", "", map[string]any{"start_date": "2020-01-01", "end_date": "2030-12-31"})
	if err != nil || member(t, pl, "start_date") != "2020-01-01" {
		t.Fatalf("profit-loss: %s %v", pl, err)
	}
	abilities, err := e.records(t, "projects").Act(ctx, "abilities", "", nil)
	if err != nil || !bytes.HasPrefix(bytes.TrimSpace(abilities), []byte("[")) {
		t.Fatalf("abilities: %s %v", abilities, err)
	}
}

// Mistakes are refused before anything is sent.
func TestRecordsRefusals(t *testing.T) {
	e := newEnv(t, freshbookstest.Options{Now: time.Now})
	ctx := t.Context()
	if _, err := e.c.Records("invoice", e.owner()); err == nil || !strings.Contains(err.Error(), "invoices") {
		t.Errorf("misspelled resource: %v", err)
	}
	if _, err := e.c.Records("projects", freshbooks.Owner{Account: e.owner().Account}); err == nil || !strings.Contains(err.Error(), "business id") {
		t.Errorf("projects without a business id: %v", err)
	}
	if err := e.records(t, "ledger-accounts").Delete(ctx, "x"); !errors.Is(err, freshbooks.ErrUnsupported) {
		t.Errorf("ledger accounts cannot be deleted, got %v", err)
	}
	invoices := e.records(t, "invoices")
	if _, err := invoices.Act(ctx, "mark-sent", "", nil); err == nil {
		t.Error("an item action without an id ran")
	}
	if _, err := invoices.Act(ctx, "send", "1", map[string]any{"bcc": "x"}); err == nil || !strings.Contains(err.Error(), "email_recipients") {
		t.Errorf("unknown action input: %v", err)
	}
	if _, err := invoices.Act(ctx, "explode", "1", nil); !errors.Is(err, freshbooks.ErrUnsupported) {
		t.Errorf("unknown action: %v", err)
	}
	if _, err := invoices.Create(ctx, json.RawMessage(`[1]`)); err == nil {
		t.Error("a JSON array was sent as an invoice")
	}
	if _, err := invoices.Get(ctx, "999999999"); !errors.Is(err, freshbooks.ErrNotFound) {
		t.Errorf("missing invoice: %v", err)
	}
}

// Files go through Upload and Download.
func TestRecordsFiles(t *testing.T) {
	e := newEnv(t, freshbookstest.Options{Now: time.Now})
	att := e.records(t, "attachments")
	up, err := att.Upload(t.Context(), "receipt.txt", strings.NewReader("paid in full"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := att.Download(t.Context(), up.JWT)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, _ := io.ReadAll(f)
	if string(b) != "paid in full" {
		t.Errorf("downloaded %q", b)
	}
	if _, err := e.records(t, "clients").Upload(t.Context(), "x", strings.NewReader("x")); !errors.Is(err, freshbooks.ErrUnsupported) {
		t.Errorf("upload to clients: %v", err)
	}
}
