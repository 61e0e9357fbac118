package payments_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/freshbooks-go/freshbooks/freshbookstest"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/sandboxtest"
)

func TestPaymentOptionsWire(t *testing.T) {
	e := sandboxtest.New(t, "", freshbookstest.Options{})
	client := e.Create("users/clients", "client", `{"organization": "Pay Co", "currency_code": "USD"}`).Str("id")
	inv := e.Create("invoices/invoices", "invoice", `{"customerid": `+client+`, "create_date": "2026-01-05", "currency_code": "USD"}`).Int("id")
	gone := e.Create("invoices/invoices", "invoice", `{"customerid": `+client+`, "create_date": "2026-01-05"}`).Int("id")
	if status, raw := e.Call("DELETE", "invoices/invoices/"+strconv.FormatInt(gone, 10), ""); status != 200 {
		t.Fatalf("DELETE invoice: %d %s", status, raw)
	}
	base := "/payments/account/" + e.Account
	status, h, raw := e.Do("GET", base+"/invoice/"+strconv.FormatInt(gone, 10)+"/payment_options", e.Token, "", nil)
	if status != 404 || h.Get("Content-Type") != "application/vnd.api+json" ||
		string(raw) != `{"error_type":"not_found","message":"Invoice `+strconv.FormatInt(gone, 10)+` not found."}` {
		t.Errorf("deleted invoice: %d %s", status, raw)
	}
	status, out := e.JSON("GET", base+"/payment_options?entity_type=estimate", nil)
	if status != 400 || out["error_type"] != "validation" || sandboxtest.Dig(out["errors"].([]any)[0], "field") != "entity_type" {
		t.Errorf("entity_type: %d %v", status, out)
	}
	// entity_id may be a number on write (the Python SDK's example); it is
	// a string in the answer.
	status, out = e.JSON("POST", base+"/invoice/"+strconv.FormatInt(inv, 10)+"/payment_options",
		map[string]any{"gateway_name": "paypal", "entity_id": inv, "entity_type": "invoice", "has_paypal_smart_checkout": true})
	po, _ := out["payment_options"].(map[string]any)
	if status != 201 || po["entity_id"] != strconv.FormatInt(inv, 10) || po["has_paypal_smart_checkout"] != true || po["has_credit_card"] != false {
		t.Errorf("create: %d %v", status, out)
	}
	if status, _, raw := e.Do("GET", base+"/payment_options?entity_type=invoice", e.Scoped("user:profile:read"), "", nil); status != 403 ||
		!strings.Contains(string(raw), `"error_type":"forbidden"`) {
		t.Errorf("no scope: %d %s", status, raw)
	}
}
