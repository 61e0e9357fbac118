package sales

import (
	"slices"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/shopspring/decimal"
)

var creditTypes = []string{"goodwill", "overpayment", "prepayment"}

func validateCreditNote(sc *engine.Scope, rec engine.Record, creating bool) *engine.Error {
	if creating {
		stripPrivate(rec)
	}
	if e := checkClient(sc, "credit_notes", rec, "clientid", creating); e != nil {
		return e
	}
	if e := checkDate(rec, creating); e != nil {
		return e
	}
	if present(rec, "credit_type") && !slices.Contains(creditTypes, rec.Str("credit_type")) {
		return engine.Invalid("credit_type", rec["credit_type"])
	}
	return checkLines(rec)
}

func deriveCreditNote(sc *engine.Scope, rec engine.Record) {
	snapshot(sc, rec, "clientid")
	nextNumber(sc, rec, "credit_notes", "credit_number")
	common(sc, rec)
	delete(rec, "discount_value")
	delete(rec, "discount_description")
	// [INF] a credit note made by hand is goodwill unless said otherwise.
	setDefaults(rec, map[string]any{"credit_type": "goodwill", "sentid": nil, "payment_type": "", "dispute_status": nil,
		"last_order_status": nil, "status": "draft", "display_status": "draft"})
	t := price(sc, rec, "creditid", false)
	code := rec.Str("currency_code")
	rec["amount"] = engine.Money(t.amount, code)
	rec["paid"] = engine.Money(decimal.Zero, code)
	rec["payment_status"] = "unpaid"
	rec["_amount"] = t.amount.String()
}
