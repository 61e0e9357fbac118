package sales

import (
	"encoding/json"
	"strconv"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

func validateEstimate(sc *engine.Scope, rec engine.Record, creating bool) *engine.Error {
	if creating {
		stripPrivate(rec)
	}
	if v, ok := rec["status"]; ok {
		n, isNum := v.(json.Number)
		if !isNum {
			return &engine.Error{Status: 422, Errno: 1015, Field: "status", Message: "The field 'status' must be a number.", Value: rec.Str("status")}
		}
		if k, err := strconv.Atoi(n.String()); err != nil || k < 0 || k > 6 {
			return engine.Invalid("status", v)
		}
	}
	if e := checkClient(sc, "estimates", rec, "customerid", creating); e != nil {
		return e
	}
	if e := checkDate(rec, creating); e != nil {
		return e
	}
	if e := checkPercent(rec, "discount_value"); e != nil {
		return e
	}
	return checkLines(rec)
}

// estimateUIStatus names the estimate statuses [INF].
var estimateUIStatus = map[int64]string{0: "disputed", 1: "draft", 2: "sent", 3: "viewed", 4: "replied", 5: "accepted", 6: "invoiced"}

func deriveEstimate(sc *engine.Scope, rec engine.Record) {
	dropActions(rec)
	snapshot(sc, rec, "customerid")
	nextNumber(sc, rec, "estimates", "estimate_number")
	common(sc, rec)
	uUID(sc, rec)
	setDefaults(rec, map[string]any{"status": json.Number("1"), "accepted": false, "invoiced": false, "rich_proposal": false,
		"require_client_signature": false, "reply_status": nil, "invoiceid": nil})
	st := rec.Int("status")
	rec["ui_status"] = estimateUIStatus[st]
	rec["display_status"] = map[int64]string{0: "sent", 1: "draft", 2: "sent"}[st]
	if st >= 3 {
		rec["display_status"] = "viewed"
	}
	if st == 5 {
		rec["accepted"] = true
	}
	t := price(sc, rec, "estimateid", true)
	code := rec.Str("currency_code")
	rec["amount"] = engine.Money(t.amount, code)
	rec["discount_total"] = engine.Money(t.discount, code)
	rec["_amount"] = t.amount.String()
}
