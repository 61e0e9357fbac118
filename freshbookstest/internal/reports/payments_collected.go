package reports

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/shopspring/decimal"
)

// clientName is how reports name a client: its organization, or its
// person's name.
func clientName(c engine.Record) string {
	if c == nil {
		return ""
	}
	if o := c.Str("organization"); o != "" {
		return o
	}
	return strings.TrimSpace(c.Str("fname") + " " + c.Str("lname"))
}

// paymentsCollected lists the payments received in range. Callers hold
// s.mu.
func paymentsCollected(sc *engine.Scope, q reportQuery, clientIDs, methods []string) map[string]any {
	invoices, clients := sc.Table("invoices"), sc.Table("clients")
	currencies := []string{} // the filters are echoed, as in FreshBooks' example
	if q.currencyGiven {
		currencies = append(currencies, q.currency)
	}
	totals := map[string]decimal.Decimal{}
	var codes []string
	type row struct {
		date string
		id   int64
		v    map[string]any
	}
	var rows []row
	for _, p := range active(sc, "payments") {
		inv := invoices.ByID[p.Int("invoiceid")]
		c := currencyOf(p, "amount", cmp.Or(inv.Str("currency_code"), sc.Business.Currency))
		clientID := cmp.Or(p.Str("clientid"), inv.Str("customerid"))
		if c != q.currency || !q.in(p.Str("date")) {
			continue
		}
		if len(clientIDs) > 0 && !slices.Contains(clientIDs, clientID) {
			continue
		}
		if len(methods) > 0 && !slices.ContainsFunc(methods, func(m string) bool { return strings.EqualFold(m, p.Str("type")) }) {
			continue
		}
		d, _ := engine.AmountOf(p["amount"])
		if _, ok := totals[c]; !ok {
			codes = append(codes, c)
		}
		totals[c] = totals[c].Add(d)
		cid, _ := strconv.ParseInt(clientID, 10, 64)
		rows = append(rows, row{p.Str("date"), p.Int("id"), map[string]any{
			"amount": engine.Money(d.Round(2), c), "paymentid": p["id"], "clientid": cid, "client": clientName(clients.ByID[cid]),
			"invoiceid": p["invoiceid"], "invoice_number": inv.Str("invoice_number"), "date": p.Str("date"),
			"method": p.Str("type"), "note": p.Str("note"),
		}})
	}
	slices.SortStableFunc(rows, func(a, b row) int { return cmpDateID(a.date, a.id, b.date, b.id) })
	payments := make([]any, len(rows))
	for i, r := range rows {
		payments[i] = r.v
	}
	totalList := []any{}
	for _, c := range codes {
		totalList = append(totalList, engine.Money(totals[c].Round(2), c))
	}
	ids := []any{}
	for _, id := range clientIDs {
		if n, err := strconv.ParseInt(id, 10, 64); err == nil {
			ids = append(ids, n)
		}
	}
	return map[string]any{"clientids": ids, "currency_codes": currencies, "payment_methods": append([]string{}, methods...),
		"payments": payments, "totals": totalList}
}

func cmpDateID(d1 string, id1 int64, d2 string, id2 int64) int {
	if c := strings.Compare(d1, d2); c != 0 {
		return c
	}
	return int(id1 - id2)
}
