package reports

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// reportQuery is a report request's parameters, checked.
type reportQuery struct {
	start, end    string // YYYY-MM-DD, inclusive
	currency      string
	currencyGiven bool // currency_code was a parameter
	cashBased     bool
	resolution    string
}

// in reports whether a date (or the date of a timestamp) is in range.
func (q reportQuery) in(date string) bool {
	if len(date) < 10 {
		return false
	}
	d := date[:10]
	return d >= q.start && d <= q.end
}

// reportParamError is a bad report parameter, answered 422 errno 1004 in
// the accounting shape (the revenue_by_client sales_type error of
// freshbooks-api.md §4.5; its use for every parameter is inferred).
type reportParamError struct {
	errno        int
	field, value string
	message      string
}

func badReportParam(field, value string) *reportParamError {
	return &reportParamError{errno: 1004, field: field, value: value,
		message: "Invalid value '" + value + "' for field '" + field + "'."}
}

func reportParams(sc *engine.Scope, r *http.Request, b *engine.Business) (reportQuery, *reportParamError) {
	q := r.URL.Query()
	// FreshBooks falls back to today when the dates are absent
	// (freshbooks-api.md §4.5); today in the business's zone (inferred).
	today := sc.Now().In(engine.Eastern()).Format(time.DateOnly)
	rq := reportQuery{start: today, end: today, currency: b.Currency, resolution: "m"}
	for _, p := range []struct {
		key string
		dst *string
	}{{"start_date", &rq.start}, {"end_date", &rq.end}} {
		v := q.Get(p.key)
		if v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return rq, badReportParam(p.key, v)
		}
		*p.dst = v
	}
	if rq.start > rq.end {
		return rq, &reportParamError{errno: 1007, field: "start_date", value: rq.start,
			message: "A supplied date range must have the earlier date first."}
	}
	if v := q.Get("currency_code"); v != "" {
		if !engine.IsCurrencyCode(strings.ToUpper(v)) {
			return rq, badReportParam("currency_code", v)
		}
		rq.currency, rq.currencyGiven = strings.ToUpper(v), true
	}
	if v := q.Get("cash_based"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return rq, badReportParam("cash_based", v)
		}
		rq.cashBased = b
	}
	if v := q.Get("resolution"); v != "" {
		if v != "m" && v != "q" && v != "y" {
			return rq, badReportParam("resolution", v)
		}
		rq.resolution = v
	}
	return rq, nil
}

// tooManyPeriods refuses a profit and loss range of more columns than
// maxReportPeriods: a range of centuries by month would be enormous.
// FreshBooks' limit is not documented; this one (and errno 1030
// InvalidRangeValue) is inferred.
func (q reportQuery) tooManyPeriods() *reportParamError {
	start, _ := time.Parse(time.DateOnly, q.start)
	end, _ := time.Parse(time.DateOnly, q.end)
	months := (end.Year()-start.Year())*12 + int(end.Month()) - int(start.Month()) + 1
	if perCol := map[string]int{"m": 1, "q": 3, "y": 12}[q.resolution]; months/perCol > maxReportPeriods {
		return &reportParamError{errno: 1030, field: "end_date", value: q.end,
			message: "The date range has too many periods for the resolution (at most " + strconv.Itoa(maxReportPeriods) + ")."}
	}
	return nil
}

// maxReportPeriods bounds the columns of a report.
const maxReportPeriods = 1200

// multiParam reads a list parameter in any spelling: key[]=1&key[]=2, key=1&key=2
// or key=1,2.
func multiParam(r *http.Request, key string) []string {
	q := r.URL.Query()
	var out []string
	for _, v := range append(q[key+"[]"], q[key]...) {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}
