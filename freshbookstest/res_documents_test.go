package freshbookstest

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// docEnv is a sandbox with a token and the first account's API root.
type docEnv struct {
	t     *testing.T
	srv   *Server
	token string
	root  string // http://…/accounting/account/{account}/
}

func newDocEnv(t *testing.T) *docEnv {
	t.Helper()
	srv := newTestServer(t, Options{Now: func() time.Time { return time.Date(2026, 3, 8, 6, 30, 0, 0, time.UTC) }})
	acct := srv.eng.Identities[0].Memberships[0].Business.AccountID
	return &docEnv{t: t, srv: srv, token: srv.IssueToken(0).AccessToken, root: srv.URL + "/accounting/account/" + acct + "/"}
}

// call sends a request with a raw body and returns the status and body.
func (e *docEnv) call(method, path, body string) (int, []byte) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.root+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+e.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// ok sends a request that must succeed and returns the record under key.
func (e *docEnv) ok(method, path, body, key string) engine.Record {
	e.t.Helper()
	status, b := e.call(method, path, body)
	if status != 200 {
		e.t.Fatalf("%s %s: %d %s", method, path, status, b)
	}
	var env struct {
		Response struct {
			Result map[string]json.RawMessage `json:"result"`
		} `json:"response"`
	}
	if err := json.Unmarshal(b, &env); err != nil {
		e.t.Fatal(err)
	}
	return engine.DecodeRecord(env.Response.Result[key])
}

func (e *docEnv) client() string {
	e.t.Helper()
	return e.ok("POST", "users/clients", `{"client": {"organization": "Doc Co", "email": "ap@doc.test", "currency_code": "EUR"}}`, "client").Str("id")
}

func (e *docEnv) invoice(customer string) engine.Record {
	e.t.Helper()
	return e.ok("POST", "invoices/invoices?include[]=lines", `{"invoice": {"customerid": `+customer+`, "create_date": "2026-03-01",
		"lines": [{"name": "A", "qty": 3, "unit_cost": {"amount": "10.00"}, "taxName1": "T", "taxAmount1": "10"}]}}`, "invoice")
}

// TestDocumentWebhookEvents stays here, beside the engine: it hears every
// change the engine makes (OnChange), in order, which no public API shows
// (webhook deliveries to different callbacks go out concurrently).
func TestDocumentWebhookEvents(t *testing.T) {
	e := newDocEnv(t)
	var events []string
	e.srv.eng.Lock()
	e.srv.eng.OnChange = func(c engine.Change) { events = append(events, c.Event) }
	e.srv.eng.Unlock()
	cl := e.client()
	inv := e.invoice(cl)
	e.ok("PUT", "invoices/invoices/"+inv.Str("id"), `{"invoice": {"action_mark_as_sent": true}}`, "invoice")
	e.ok("POST", "payments/payments", `{"payment": {"invoiceid": `+inv.Str("id")+`, "amount": {"amount": "5"}}}`, "payment")
	est := e.ok("POST", "estimates/estimates", `{"estimate": {"customerid": `+cl+`, "create_date": "2026-03-01"}}`, "estimate")
	e.ok("PUT", "estimates/estimates/"+est.Str("id"), `{"estimate": {"action_accept": true}}`, "estimate")
	e.ok("POST", "invoice_profiles/invoice_profiles", `{"invoice_profile": {"customerid": `+cl+`, "create_date": "2026-03-01", "frequency": "y"}}`, "invoice_profile")
	tax := e.ok("POST", "taxes/taxes", `{"tax": {"name": "Hooked", "amount": "1"}}`, "tax")
	e.call("DELETE", "taxes/taxes/"+tax.Str("id"), "")
	item := e.ok("POST", "items/items", `{"item": {"name": "Hook"}}`, "item")
	e.ok("PUT", "items/items/"+item.Str("id"), `{"item": {"vis_state": 1}}`, "item")
	e.ok("POST", "credit_notes/credit_notes", `{"credit_note": {"clientid": `+cl+`, "create_date": "2026-03-01"}}`, "credit_note")
	e.call("DELETE", "invoices/invoices/"+inv.Str("id"), "")
	e.srv.eng.Lock()
	defer e.srv.eng.Unlock()
	want := []string{"client.create", "invoice.create", "invoice.update", "payment.create", "invoice.update", "estimate.create", "estimate.update",
		"recurring.create", "tax.create", "tax.delete", "item.create", "item.delete", "credit_note.create", "invoice.delete"}
	if !slices.Equal(events, want) {
		t.Errorf("events %v\nwant   %v", events, want)
	}
}
