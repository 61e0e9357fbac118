package reports

import (
	"cmp"
	"net/http"
	"slices"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/shopspring/decimal"
)

// Behaviours are the accounting reports (freshbooks-api.md §4.5).
func Behaviours() map[string]engine.Behaviour {
	return map[string]engine.Behaviour{"reports": {Hooks: engine.Hooks{Serve: map[engine.Op]engine.Handler{engine.OpList: report}}}}
}

// codeOf returns a money object's currency code, or "".
func codeOf(v any) string {
	switch m := v.(type) {
	case map[string]any:
		c, _ := m["code"].(string)
		return c
	case engine.Record:
		c, _ := m["code"].(string)
		return c
	}
	return ""
}

// active returns the records of a table that are not deleted, in id
// order. Callers hold the lock.
func active(sc *engine.Scope, name string) []engine.Record {
	t := sc.Table(name)
	out := make([]engine.Record, 0, len(t.IDs))
	for _, id := range t.IDs {
		if rec := t.ByID[id]; rec.Str("vis_state") != "1" {
			out = append(out, rec)
		}
	}
	return out
}

// mapsOf returns the objects of an array member.
func mapsOf(v any) []map[string]any {
	arr, _ := v.([]any)
	out := make([]map[string]any, 0, len(arr))
	for _, x := range arr {
		if m, ok := x.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// accountingError answers one accounting error entry about object.
func accountingError(w http.ResponseWriter, r *http.Request, status, errno int, object, field, msg, value string) {
	fe := engine.FieldError{Errno: errno, Message: msg, Object: object, Value: value}
	if field != "" {
		fe.Field = &field
	}
	engine.WriteJSON(w, r, status, engine.AccountingErrors(fe))
}

// reportKeys maps the reports the sandbox computes to their result keys.
var reportKeys = map[string]string{"profitloss_entity": "profitloss", "payments_collected": "payments_collected",
	"taxsummary": "taxsummary", "revenue_by_client": "revenue_by_client"}

func report(w http.ResponseWriter, r *http.Request, sc *engine.Scope) *engine.Error {
	name := r.PathValue("report")
	key, known := reportKeys[name]
	if !known {
		accountingError(w, r, http.StatusNotFound, 1012, "report", "report", "Report not found.", name)
		return nil
	}
	rq, pe := reportParams(sc, r, sc.Business)
	if pe == nil && name == "profitloss_entity" {
		pe = rq.tooManyPeriods()
	}
	if pe == nil && name == "revenue_by_client" {
		// Documented: sales_type is required (freshbooks-api.md §4.5);
		// the values accepted are inferred.
		if st := r.URL.Query().Get("sales_type"); st != "invoiced" && st != "paid" {
			pe = badReportParam("sales_type", st)
		}
	}
	if pe != nil {
		accountingError(w, r, http.StatusUnprocessableEntity, pe.errno, "report", pe.field, pe.message, pe.value)
		return nil
	}
	sc.Lock()
	var body map[string]any
	switch name {
	case "profitloss_entity":
		body = profitLoss(sc, rq)
	case "payments_collected":
		body = paymentsCollected(sc, rq, multiParam(r, "clientids"), multiParam(r, "payment_method"))
	case "taxsummary":
		body = taxSummary(sc, rq)
	default:
		body = revenueByClient(sc, rq, r.URL.Query().Get("sales_type"))
	}
	sc.Unlock()
	body["start_date"], body["end_date"] = rq.start, rq.end
	body["download_token"] = sc.SignToken(map[string]any{"account": sc.Business.AccountID, "report": name,
		"start_date": rq.start, "end_date": rq.end, "iat": sc.Now().Unix()})
	engine.WriteJSON(w, r, http.StatusOK, engine.Result(map[string]any{key: body}))
	return nil
}

// paidShare is the share of an invoice a payment pays, at most all.
func paidShare(inv engine.Record, paid decimal.Decimal) decimal.Decimal {
	total, _ := engine.AmountOf(inv["amount"])
	if total.Sign() <= 0 {
		return decimal.Zero
	}
	return decimal.Min(paid.Div(total), decimal.NewFromInt(1))
}

// currencyOf is the currency of a record: its money's code, its
// currency_code, or the business's.
func currencyOf(rec engine.Record, moneyKey, fallback string) string {
	return cmp.Or(codeOf(rec[moneyKey]), cmp.Or(rec.Str("currency_code"), fallback))
}

// periods splits the range into the report's columns.
func (q reportQuery) periods() (labels []string, index func(date string) int) {
	start, _ := time.Parse(time.DateOnly, q.start)
	end, _ := time.Parse(time.DateOnly, q.end)
	var bounds []string // first day of each period, clipped to the range
	p := start
	for !p.After(end) {
		bounds = append(bounds, p.Format(time.DateOnly))
		y, m, _ := p.Date()
		switch q.resolution {
		case "y":
			p = time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)
		case "q":
			p = time.Date(y, m-(m-1)%3+3, 1, 0, 0, 0, 0, time.UTC)
		default:
			p = time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC)
		}
	}
	return bounds, func(date string) int {
		i, _ := slices.BinarySearch(bounds, date[:10]+"~") // the last bound <= date
		return max(i-1, 0)
	}
}
