package sales

import (
	"encoding/json"
	"regexp"
	"strconv"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// frequencies FreshBooks offers: every n weeks, months or years [INF].
var frequencyPattern = regexp.MustCompile(`^([1-9][0-9]?)?[wmy]$`)

func validateProfile(sc *engine.Scope, rec engine.Record, creating bool) *engine.Error {
	if creating {
		stripPrivate(rec)
	}
	if e := checkClient(sc, "invoice_profiles", rec, "customerid", creating); e != nil {
		return e
	}
	if e := checkDate(rec, creating); e != nil {
		return e
	}
	if !present(rec, "frequency") {
		if creating {
			return requiredField("frequency")
		}
	} else if !frequencyPattern.MatchString(rec.Str("frequency")) {
		return engine.Invalid("frequency", rec["frequency"])
	}
	for _, k := range []string{"numberRecurring", "due_offset_days"} {
		if present(rec, k) {
			if n, err := strconv.Atoi(rec.Str(k)); err != nil {
				return &engine.Error{Status: 422, Errno: 1015, Field: k, Message: "The field '" + k + "' must be a number.", Value: rec.Str(k)}
			} else if n < 0 {
				return &engine.Error{Status: 422, Errno: 1025, Field: k, Message: "A value in the request that was negative should not be.", Value: rec.Str(k)}
			}
		}
	}
	if e := checkPercent(rec, "discount_value"); e != nil {
		return e
	}
	return checkLines(rec)
}

func deriveProfile(sc *engine.Scope, rec engine.Record) {
	snapshot(sc, rec, "customerid")
	common(sc, rec)
	delete(rec, "accountid")
	setDefaults(rec, map[string]any{"numberRecurring": json.Number("0"), "occurrences_to_date": json.Number("0"),
		"due_offset_days": json.Number("0"), "send_email": true, "send_gmail": false, "auto_bill": false, "disable": false,
		"include_unbilled_time": false, "bill_gateway": nil, "payment_details": "", "return_uri": nil, "retainer_id": nil})
	t := price(sc, rec, "profileid", true)
	code := rec.Str("currency_code")
	rec["amount"] = engine.Money(t.amount, code)
	rec["discount_total"] = engine.Money(t.discount, code)
	rec["_amount"] = t.amount.String()
}
