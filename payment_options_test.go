package freshbooks_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest"
)

// newInvoice creates a client and an invoice for it, and returns the
// invoice's id.
func newInvoice(t *testing.T, c *freshbooks.Client, a *freshbooks.AccountScope) freshbooks.InvoiceID {
	t.Helper()
	client := createRaw(t, c, a, "users/clients", "client", map[string]any{"organization": "Pay Co"})
	inv := createRaw(t, c, a, "invoices/invoices", "invoice", map[string]any{"customerid": client["id"], "create_date": "2026-03-01",
		"lines": []any{map[string]any{"name": "Work", "qty": "1", "unit_cost": map[string]any{"amount": "80.00"}}}})
	return freshbooks.InvoiceID(inv["id"].(float64))
}

func TestInvoicePaymentOptions(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{Now: time.Now})
	c, a := env.c, env.acct
	ctx := t.Context()
	invoice := newInvoice(t, c, a)

	def, err := a.InvoicePaymentOptions.Defaults(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if def.GatewayName != freshbooks.GatewayFreshBooksPayments || def.HasCreditCard == nil || !*def.HasCreditCard ||
		def.EntityType != "invoice" || def.GatewayInfo == nil || def.GatewayInfo.AccountID != string(a.ID) ||
		def.GatewayInfo.CanProcessPayments == nil || !*def.GatewayInfo.CanProcessPayments || len(def.GatewayInfo.Currencies) != 1 {
		t.Errorf("defaults = %+v (%+v)", def, def.GatewayInfo)
	}

	// An invoice without options of its own has the defaults.
	got, err := a.InvoicePaymentOptions.Get(ctx, invoice)
	if err != nil {
		t.Fatal(err)
	}
	if got.GatewayName != freshbooks.GatewayFreshBooksPayments || got.EntityID != strconv.FormatInt(int64(invoice), 10) {
		t.Errorf("get before create = %+v", got)
	}

	made, err := a.InvoicePaymentOptions.Create(ctx, invoice, &freshbooks.PaymentOptions{GatewayName: freshbooks.GatewayStripe,
		HasCreditCard: ptr(true), HasACHTransfer: ptr(true), AllowPartialPayments: ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	if made.GatewayName != freshbooks.GatewayStripe || !*made.HasACHTransfer || !*made.AllowPartialPayments || *made.HasSEPADebit ||
		made.EntityID != strconv.FormatInt(int64(invoice), 10) || made.EntityType != "invoice" || made.GatewayInfo.GatewayName != freshbooks.GatewayStripe {
		t.Errorf("created = %+v", made)
	}
	got, err = a.InvoicePaymentOptions.Get(ctx, invoice)
	if err != nil {
		t.Fatal(err)
	}
	if got.GatewayName != freshbooks.GatewayStripe || !*got.AllowPartialPayments || !*got.HasACHTransfer {
		t.Errorf("get after create = %+v", got)
	}
}

func TestInvoicePaymentOptionsErrors(t *testing.T) {
	env := newEnv(t, freshbookstest.Options{Now: time.Now})
	c, srv, a := env.c, env.srv, env.acct
	ctx := t.Context()
	invoice := newInvoice(t, c, a)

	// Validation: payments-family shape, 400 with field errors.
	for _, tc := range []struct {
		opts  freshbooks.PaymentOptions
		field string
	}{
		{freshbooks.PaymentOptions{}, "gateway_name"},
		{freshbooks.PaymentOptions{GatewayName: "square"}, "gateway_name"},
		{freshbooks.PaymentOptions{GatewayName: "fbpay", EntityType: "estimate"}, "entity_type"},
		{freshbooks.PaymentOptions{GatewayName: "fbpay", EntityID: "1"}, "entity_id"},
		{freshbooks.PaymentOptions{GatewayName: "fbpay", Extra: freshbooks.Extra{"has_credit_card": json.RawMessage(`"yes"`)}}, "has_credit_card"},
	} {
		_, err := a.InvoicePaymentOptions.Create(ctx, invoice, &tc.opts)
		var ae *freshbooks.APIError
		if !errors.Is(err, freshbooks.ErrValidation) || !errors.As(err, &ae) || ae.StatusCode != 400 || ae.Code != "validation" ||
			len(ae.Details) != 1 || ae.Details[0].Field != tc.field {
			t.Errorf("%+v: %v", tc.opts, err)
		}
	}

	// An unknown invoice.
	for _, call := range []func() error{
		func() error { _, err := a.InvoicePaymentOptions.Get(ctx, 1); return err },
		func() error {
			_, err := a.InvoicePaymentOptions.Create(ctx, 1, &freshbooks.PaymentOptions{GatewayName: "fbpay"})
			return err
		},
	} {
		err := call()
		var ae *freshbooks.APIError
		if !errors.Is(err, freshbooks.ErrNotFound) || !errors.As(err, &ae) || ae.Code != "not_found" || !strings.Contains(ae.Message, "Invoice") {
			t.Errorf("unknown invoice: %v", err)
		}
	}

	// The family's content type, and the wrapped body FreshBooks refuses.
	req, _ := http.NewRequestWithContext(ctx, "POST", srv.URL+"/payments/account/"+string(a.ID)+"/invoice/"+strconv.FormatInt(int64(invoice), 10)+"/payment_options",
		strings.NewReader(`{"payment_options": {"gateway_name": "fbpay"}}`))
	req.Header.Set("Authorization", "Bearer "+c.Token().AccessToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || resp.Header.Get("Content-Type") != "application/vnd.api+json" ||
		!strings.Contains(string(body), `"error_type":"validation"`) {
		t.Errorf("wrapped body: %d %s %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
}

func TestInvoicePaymentOptionsWire(t *testing.T) {
	c, last := replay(t, 200, []byte(`{"payment_options": {"gateway_name": "fbpay", "has_credit_card": true, "entity_id": "12345", "entity_type": "invoice"}}`))
	a := c.Account("ACM123")
	o, err := a.InvoicePaymentOptions.Defaults(t.Context())
	if err != nil || o.GatewayName != "fbpay" {
		t.Fatal(o, err)
	}
	if last.URL.Path != "/payments/account/ACM123/payment_options" || last.URL.RawQuery != "entity_type=invoice" {
		t.Errorf("defaults request %s?%s", last.URL.Path, last.URL.RawQuery)
	}
	if _, err := a.InvoicePaymentOptions.Get(t.Context(), 12345); err != nil {
		t.Fatal(err)
	}
	if last.URL.Path != "/payments/account/ACM123/invoice/12345/payment_options" || last.Method != "GET" {
		t.Errorf("get request %s %s", last.Method, last.URL.Path)
	}
}

func TestInvoicePaymentOptionsCreateBodyIsBare(t *testing.T) {
	var body []byte
	srv := captureServer(t, &body, `{"payment_options": {"gateway_name": "fbpay", "entity_id": "12345"}}`)
	c, err := freshbooks.NewClient(freshbooks.Config{AccessToken: "t", BaseURL: srv, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	o, err := c.Account("ACM123").InvoicePaymentOptions.Create(t.Context(), 12345, &freshbooks.PaymentOptions{GatewayName: "fbpay", HasCreditCard: ptr(true)})
	if err != nil || o.EntityID != "12345" {
		t.Fatal(o, err)
	}
	if string(body) != `{"gateway_name":"fbpay","has_credit_card":true,"entity_type":"invoice","entity_id":"12345"}` {
		t.Errorf("body = %s", body)
	}
}

// captureServer answers every request with answer and keeps the last
// request body; it returns its URL.
func captureServer(t *testing.T, body *[]byte, answer string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*body, _ = io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/vnd.api+json")
		_, _ = io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
