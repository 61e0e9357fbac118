package expenses

import (
	"cmp"
	"net/http"
	"slices"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// paymentTypes are the payment types FreshBooks accepts, those of invoice
// payments (freshbooks-api.md §4.1.3).
var paymentTypes = []string{"Check", "Credit", "Cash", "Bank Transfer", "Credit Card", "Debit", "PayPal", "2Checkout",
	"VISA", "MASTERCARD", "DISCOVER", "AMEX", "DINERS", "JCB", "ACH", "Other"}

func validateBillPayment(sc *engine.Scope, rec engine.Record, creating bool) *engine.Error {
	if engine.Blank(rec["billid"]) {
		return requiredField("billid")
	}
	if e := checkRef(sc, rec, "billid", tblBills, "Bill"); e != nil {
		return e
	}
	if engine.Blank(rec["payment_type"]) {
		return requiredField("payment_type")
	}
	if pt, ok := rec["payment_type"].(string); !ok || !slices.Contains(paymentTypes, pt) {
		return engine.Invalid("payment_type", rec["payment_type"]) // [INF] FreshBooks' answer to an unknown type
	}
	if rec["amount"] == nil {
		return requiredField("amount") // [INF]
	}
	if e := check(rec, nil, []string{"amount"}, []string{"paid_date"}, nil, nil); e != nil {
		return e
	}
	bill, _ := existing(sc, tblBills, rec["billid"])
	amount, code, _ := asMoney(rec["amount"])
	if code != "" && code != bill.Str("currency_code") {
		return engine.Invalid("amount", rec["amount"]) // [INF] a payment is in its bill's currency
	}
	// [INF] a payment must be positive and may not exceed what is
	// outstanding on the bill, this payment's earlier amount aside.
	total, _, _ := asMoney(bill["total_amount"])
	left := total.Sub(paidOn(sc, bill.Str("id"), rec.Str("id")))
	if amount.Sign() <= 0 {
		return engine.Invalid("amount", rec["amount"])
	}
	if amount.GreaterThan(left) {
		e := engine.Validation(1004, "amount", "The payment amount exceeds the amount outstanding on the bill.")
		e.Value = engine.AmountText(amount)
		return e
	}
	return nil
}

func deriveBillPayment(sc *engine.Scope, rec engine.Record) {
	bill, _ := existing(sc, tblBills, rec["billid"])
	amount, _, _ := asMoney(rec["amount"])
	rec["amount"] = engine.Money(amount, cmp.Or(bill.Str("currency_code"), sc.Business.Currency))
	defaults(rec, map[string]any{"paid_date": sc.Today(), "note": ""})
}

// afterBillPayment settles the bills after any change of a payment.
func afterBillPayment(sc *engine.Scope, r *http.Request, _ engine.Op, _ int64) {
	if r.Method == http.MethodGet {
		return
	}
	sc.Lock()
	refreshBills(sc)
	sc.Unlock()
}
