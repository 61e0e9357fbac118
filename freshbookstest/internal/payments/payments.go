package payments

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// Behaviours are the online payment options (freshbooks-api.md
// §4.7).
func Behaviours() map[string]engine.Behaviour {
	return map[string]engine.Behaviour{
		"payment_options": {Hooks: engine.Hooks{Serve: map[engine.Op]engine.Handler{engine.OpList: defaultPaymentOptions}}},
		"invoice_payment_options": {Hooks: engine.Hooks{Serve: map[engine.Op]engine.Handler{
			engine.OpList: invoicePaymentOptions, engine.OpCreate: createPaymentOptions}}},
	}
}

// paymentsValidation answers a payments-family validation error.
func paymentsValidation(w http.ResponseWriter, r *http.Request, field, msg string) {
	engine.WriteJSON(w, r, http.StatusBadRequest, map[string]any{"error_type": "validation", "message": "Invalid request: " + field + ": " + msg,
		"errors": []any{map[string]any{"field": field, "message": msg}}})
}

var paymentGateways = []string{"fbpay", "stripe", "paypal"}

// paymentDefaults are an account's default options: FreshBooks Payments
// with cards (the values are inferred).
func paymentDefaults(b *engine.Business, gateway string) engine.Record {
	country := "US"
	return engine.Record{
		"gateway_name": gateway, "has_credit_card": gateway != "paypal", "has_ach_transfer": false, "has_bacs_debit": false,
		"has_sepa_debit": false, "has_acss_debit": false, "stripe_acss_payment_options": nil,
		"has_paypal_smart_checkout": gateway == "paypal", "allow_partial_payments": false,
		"entity_type": "invoice", "entity_id": nil,
		"gateway_info": map[string]any{
			"id": "acct_sandbox" + strings.ToLower(b.AccountID), "account_id": b.AccountID, "country": country,
			"user_publishable_key": "pk_test_sandbox_" + strings.ToLower(b.AccountID), "currencies": []any{strings.ToLower(b.Currency)},
			"bank_transfer_enabled": false, "gateway_name": gateway, "can_process_payments": true,
		},
	}
}

func defaultPaymentOptions(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
	if et := r.URL.Query().Get("entity_type"); et != "invoice" {
		// entity_type=invoice is what every SDK sends; other values are
		// refused (inferred).
		paymentsValidation(w, r, "entity_type", "Must be 'invoice'.")
		return nil
	}
	engine.WriteJSON(w, r, http.StatusOK, map[string]any{"payment_options": paymentDefaults(sc.Business, "fbpay")})
	return nil
}

// paymentInvoice finds the invoice of a payment options path. Callers hold
// s.mu.
func paymentInvoice(r *http.Request, sc *engine.Scope) (int64, *engine.Error) {
	raw := r.PathValue("invoice")
	id, err := strconv.ParseInt(raw, 10, 64)
	inv := sc.Table("invoices").ByID[id]
	if err != nil || inv == nil || inv.Str("vis_state") == "1" {
		return 0, &engine.Error{Status: http.StatusNotFound, Message: "Invoice " + raw + " not found."}
	}
	return id, nil
}

func invoicePaymentOptions(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
	sc.Lock()
	id, e := paymentInvoice(r, sc)
	var out engine.Record
	if e == nil {
		if stored := sc.Table("payment_options").ByID[id]; stored != nil {
			out = stored.Clone()
		} else {
			// An invoice without options of its own has the account's
			// defaults (inferred).
			out = paymentDefaults(sc.Business, "fbpay")
			out["entity_id"] = strconv.FormatInt(id, 10)
		}
	}
	sc.Unlock()
	if e != nil {
		return e
	}
	engine.WriteJSON(w, r, http.StatusOK, map[string]any{"payment_options": out})
	return nil
}

var paymentFlags = []string{"has_credit_card", "has_ach_transfer", "has_bacs_debit", "has_sepa_debit", "has_acss_debit",
	"has_paypal_smart_checkout", "allow_partial_payments"}

func createPaymentOptions(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
	in, e := engine.ReadBody(w, r, "")
	if e != nil {
		return e
	}
	sc.Lock()
	defer sc.Unlock()
	id, e := paymentInvoice(r, sc)
	if e != nil {
		return e
	}
	gateway := in.Str("gateway_name")
	if gateway == "" {
		// Also what a body wrapped in {"payment_options": …} gets: the
		// body must be the bare object (python-sdk.md §1.4.6).
		paymentsValidation(w, r, "gateway_name", "Missing data for required field.")
		return nil
	}
	if !slices.Contains(paymentGateways, gateway) {
		paymentsValidation(w, r, "gateway_name", "Must be one of: fbpay, stripe, paypal.")
		return nil
	}
	if et := in.Str("entity_type"); et != "" && et != "invoice" {
		paymentsValidation(w, r, "entity_type", "Must be 'invoice'.")
		return nil
	}
	if eid := in.Str("entity_id"); eid != "" && eid != strconv.FormatInt(id, 10) {
		paymentsValidation(w, r, "entity_id", "Does not match the invoice of the path.")
		return nil
	}
	out := paymentDefaults(sc.Business, gateway)
	for _, f := range paymentFlags {
		v, ok := in[f]
		if !ok || v == nil {
			continue
		}
		b, isBool := v.(bool)
		if !isBool {
			paymentsValidation(w, r, f, "Not a valid boolean.")
			return nil
		}
		out[f] = b
	}
	if v, ok := in["stripe_acss_payment_options"]; ok {
		out["stripe_acss_payment_options"] = v
	}
	out["entity_id"] = strconv.FormatInt(id, 10)
	if err := sc.Save("payment_options", id, out); err != nil {
		return engine.StorageError(err)
	}
	// 201 Created is inferred: the sources do not show the status.
	engine.WriteJSON(w, r, http.StatusCreated, map[string]any{"payment_options": out.Clone()})
	return nil
}
