package sales

import (
	"encoding/json"
	"slices"
	"strconv"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

var paymentTypes = []string{"Check", "Credit", "Cash", "Bank Transfer", "Credit Card", "Debit", "PayPal", "2Checkout",
	"VISA", "MASTERCARD", "DISCOVER", "AMEX", "DINERS", "JCB", "ACH", "Other"}

func validatePayment(sc *engine.Scope, rec engine.Record, creating bool) *engine.Error {
	if creating {
		stripPrivate(rec)
	}
	if e := engine.Missing(rec, []string{"invoiceid", "amount"}, requiredField); e != nil {
		return e
	}
	switch {
	case creating || wasWritten(sc, "payments", rec, "invoiceid"):
		inv := sc.Table("invoices").ByID[rec.Int("invoiceid")]
		if inv == nil || inv.Str("vis_state") == "1" {
			// [INF] as for clients: 422 with errno 1012 on the field.
			return &engine.Error{Status: 422, Errno: 1012, Field: "invoiceid", Message: "Invoice not found.", Value: rec.Str("invoiceid")}
		}
	}
	if !present(rec, "amount") {
		return requiredField("amount")
	}
	amt, ok := engine.AmountOf(rec["amount"])
	switch {
	case !ok:
		return engine.Invalid("amount", rec["amount"])
	case amt.Sign() <= 0:
		return &engine.Error{Status: 422, Errno: 1025, Field: "amount", Message: "The payment amount must be greater than zero.", Value: amt.String()}
	}
	if present(rec, "date") && !validDate(rec["date"]) {
		return &engine.Error{Status: 422, Errno: 1033, Field: "date", Message: "The field 'date' must be a date (YYYY-MM-DD).", Value: rec.Str("date")}
	}
	if present(rec, "type") && !slices.Contains(paymentTypes, rec.Str("type")) {
		return engine.Invalid("type", rec["type"])
	}
	return nil
}

func derivePayment(sc *engine.Scope, rec engine.Record) {
	creating := rec["_derived"] == nil
	invoices := sc.Table("invoices")
	inv := invoices.ByID[rec.Int("invoiceid")]
	if inv == nil { // cannot happen: validated
		return
	}
	code := inv.Str("currency_code")
	amt, _ := engine.AmountOf(rec["amount"])
	rec["amount"] = engine.Money(amt, code)
	rec["clientid"] = inv["customerid"]
	rec["_amount"] = amt.String()
	rec["_currency"] = code
	// [INF] a payment without a type is recorded as "Other".
	setDefaults(rec, map[string]any{"date": sc.Today(), "type": "Other", "note": "", "from_credit": false,
		"send_client_notification": false, "creditid": nil, "overpaymentid": nil, "orderid": nil, "gateway": nil,
		"transactionid": nil, "bulk_paymentid": nil})
	if creating {
		// Paying more than is owed makes a credit note of the excess
		// (Postman "Create Payment": overpaymentid set).
		owed, _ := engine.AmountOf(inv["outstanding"])
		if excess := amt.Sub(owed); excess.Sign() > 0 {
			if sp := sc.Named("credit_notes"); sp != nil {
				credit := engine.Record{"clientid": inv["customerid"], "create_date": rec["date"], "credit_type": "overpayment",
					"currency_code": code, "notes": "Overpayment of invoice " + inv.Str("invoice_number") + ".",
					"lines": []any{map[string]any{"name": "Overpayment", "qty": "1", "unit_cost": map[string]any{"amount": excess.String()}}}}
				if id, e := sc.Create(sp, credit); e == nil {
					rec["overpaymentid"] = json.Number(strconv.FormatInt(id, 10))
				}
			}
		}
	}
	rec["_derived"] = true
	// The invoice's totals follow the payment, and those of the invoice
	// it moved from.
	ids := []int64{rec.Int("invoiceid")}
	if old := storedDoc(sc, "payments", rec); old != nil && old.Int("invoiceid") != ids[0] {
		ids = append(ids, old.Int("invoiceid"))
	}
	isp := sc.Named("invoices")
	for _, id := range ids {
		if stored := invoices.ByID[id]; stored != nil && isp != nil {
			next := stored.Clone()
			settle(sc, next, rec)
			sc.Stamp(isp, next, false)
			_ = sc.Save("invoices", id, next) // best effort: the payment itself is what was asked
		}
	}
}

func viewPayment(sc *engine.Scope, out engine.Record, includes []string) {
	if slices.Contains(includes, "invoice") {
		if sp := sc.Named("invoices"); sp != nil {
			if inv := sc.Table("invoices").ByID[out.Int("invoiceid")]; inv != nil {
				out["invoice"] = sc.Render(sp, inv, nil)
			}
		}
	}
	if slices.Contains(includes, "client") {
		if sp := sc.Named("clients"); sp != nil {
			if c := sc.Table("clients").ByID[out.Int("clientid")]; c != nil {
				out["client"] = sc.Render(sp, c, nil)
			}
		}
	}
}
