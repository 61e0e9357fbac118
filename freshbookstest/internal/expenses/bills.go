package expenses

import (
	"cmp"
	"encoding/json"
	"net/http"
	"slices"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/shopspring/decimal"
)

// beforeBill keeps bill statuses current before reads (a bill becomes
// overdue as days pass) and refuses writes of the read-only due_date, as
// FreshBooks does for invoices: 403 errno 1038 WriteAccessDenied [INF for
// bills; message inferred].
func beforeBill(sc *engine.Scope, w http.ResponseWriter, r *http.Request, _ engine.Op) *engine.Error {
	switch r.Method {
	case http.MethodGet:
		sc.Lock()
		refreshBills(sc)
		sc.Unlock()
	case http.MethodPut:
		in, e := engine.PeekBody(w, r, "bill", nil)
		if e != nil {
			return e
		}
		if _, vis := in["vis_state"]; !vis {
			if _, ok := in["due_date"]; ok {
				return dueDateDenied()
			}
		}
	}
	return nil
}

func dueDateDenied() *engine.Error {
	return &engine.Error{Status: http.StatusForbidden, Errno: 1038, Field: "due_date", Message: "Write access denied to field due_date."}
}

func validateBill(sc *engine.Scope, rec engine.Record, creating bool) *engine.Error {
	if _, ok := rec["due_date"]; ok && creating {
		return dueDateDenied()
	}
	if engine.Blank(rec["vendorid"]) {
		return requiredField("vendorid")
	}
	// A bill is made for a live vendor; one whose vendor was deleted
	// since may still be changed [INF].
	if e := checkRef(sc, rec, "vendorid", tblVendors, "Bill vendor"); e != nil && (creating || e.Errno != 1011) {
		return e
	}
	if engine.Blank(rec["issue_date"]) {
		return requiredField("issue_date")
	}
	if e := check(rec, nil, nil, []string{"issue_date"}, []string{"due_offset_days"}, nil); e != nil {
		return e
	}
	if days, _ := asInt(rec["due_offset_days"]); days < 0 || days > 36500 {
		return engine.Invalid("due_offset_days", rec["due_offset_days"])
	}
	if c, ok := rec["currency_code"]; ok && c != nil {
		if code, _ := c.(string); len(code) != 3 {
			return engine.Invalid("currency_code", c)
		}
	}
	lines, ok := rec["lines"].([]any)
	if rec["lines"] != nil && !ok {
		return engine.Invalid("lines", rec["lines"])
	}
	if len(lines) == 0 {
		return requiredField("lines") // [INF] a bill needs a line
	}
	for _, l := range lines {
		line, ok := l.(map[string]any)
		if !ok {
			return engine.Invalid("lines", l)
		}
		if engine.Blank(line["categoryid"]) {
			return requiredField("categoryid")
		}
		if e := checkRef(sc, line, "categoryid", Categories, "Category"); e != nil {
			return e
		}
		if e := check(line, []string{"quantity", "tax_percent1", "tax_percent2"}, []string{"unit_cost"}, nil,
			[]string{"list_index", "tax_authorityid1", "tax_authorityid2"}, nil); e != nil {
			return e
		}
	}
	return checkAttachment(sc, rec)
}

// deriveBill computes a bill's money from its lines and payments:
// amount = quantity × unit cost per line, taxes from the lines' tax
// percentages, each rounded to cents [INF rounding: half away from zero].
func deriveBill(sc *engine.Scope, rec engine.Record) {
	vendor, _ := existing(sc, tblVendors, rec["vendorid"])
	code, _ := rec["currency_code"].(string)
	if code == "" && vendor != nil {
		code, _ = vendor["currency_code"].(string)
	}
	code = cmp.Or(code, sc.Business.Currency)
	rec["currency_code"] = code
	defaults(rec, map[string]any{"language": "en", "bill_number": "", "overall_description": "", "attachment": nil, "due_offset_days": engine.Num(0)})

	hundred := decimal.NewFromInt(100)
	var subtotal, taxes decimal.Decimal
	lines, _ := rec["lines"].([]any)
	var catIDs []string
	for i, l := range lines {
		line, _ := l.(map[string]any)
		if line == nil {
			continue
		}
		delete(line, "category") // embedded by the view
		qty, ok := engine.DecimalOf(line["quantity"])
		if !ok {
			qty = decimal.NewFromInt(1)
			line["quantity"] = "1"
		}
		unit, _, _ := asMoney(line["unit_cost"])
		amount := qty.Mul(unit).Round(2)
		total := amount
		for _, n := range []string{"1", "2"} {
			defaults(line, map[string]any{"tax_name" + n: "", "tax_authorityid" + n: nil})
			pct, ok := engine.DecimalOf(line["tax_percent"+n])
			if !ok {
				line["tax_percent"+n], line["tax_amount"+n] = nil, nil
				continue
			}
			tax := amount.Mul(pct).Div(hundred).Round(2)
			line["tax_amount"+n] = engine.Money(tax, code)
			total = total.Add(tax)
			taxes = taxes.Add(tax)
		}
		line["unit_cost"] = engine.Money(unit, code)
		line["amount"] = engine.Money(amount, code)
		line["total_amount"] = engine.Money(total, code)
		if line["list_index"] == nil {
			line["list_index"] = engine.Num(int64(i + 1))
		}
		defaults(line, map[string]any{"description": ""})
		subtotal = subtotal.Add(amount)
		if id := engine.Record(line).Str("categoryid"); !slices.Contains(catIDs, id) {
			catIDs = append(catIDs, id)
		}
	}
	rec["amount"] = engine.Money(subtotal, code)
	rec["tax_amount"] = engine.Money(taxes, code)
	rec["total_amount"] = engine.Money(subtotal.Add(taxes), code)
	rec["_total"] = subtotal.Add(taxes).String()
	// [INF] the overall category is the lines' category when they share
	// one.
	switch {
	case len(catIDs) == 1:
		cat, _ := existing(sc, Categories, json.Number(catIDs[0]))
		if cat != nil {
			rec["overall_category"] = cat["category"]
		}
	case len(catIDs) > 1:
		rec["overall_category"] = "Split"
	}

	issue, _ := asDate(rec["issue_date"])
	days, _ := asInt(rec["due_offset_days"])
	rec["due_date"] = issue.AddDate(0, 0, int(days)).Format(time.DateOnly)
	delete(rec, "vendor") // embedded by the view
	delete(rec, "bill_payments")
	attachTo(sc, rec)
	settleBill(sc, rec)
	now := sc.UTCNow()
	if rec["created_at"] == nil {
		rec["created_at"] = now
	}
	rec["updated_at"] = now
}

// settle sets a bill's paid, outstanding and status from its payments
// that are not deleted. Status [INF]: paid once nothing is outstanding;
// overdue when something is after the due date; else partial once
// something is paid; else unpaid.
func settleBill(sc *engine.Scope, bill engine.Record) {
	code := bill.Str("currency_code")
	total, _, _ := asMoney(bill["total_amount"])
	paid := paidOn(sc, bill.Str("id"), "")
	outstanding := total.Sub(paid)
	bill["paid"] = engine.Money(paid, code)
	bill["outstanding"] = engine.Money(outstanding, code)
	status := "unpaid"
	switch {
	case outstanding.Sign() <= 0:
		status = "paid"
	case bill.Str("due_date") < sc.Today():
		status = "overdue"
	case paid.Sign() > 0:
		status = "partial"
	}
	bill["status"] = status
}

// paidOn sums the live payments of a bill, leaving out payment except.
func paidOn(sc *engine.Scope, billID, except string) decimal.Decimal {
	var paid decimal.Decimal
	pays := sc.Table(tblBillPays)
	for _, id := range pays.IDs {
		p := pays.ByID[id]
		if p.Str("billid") != billID || p.Str("vis_state") == "1" || p.Str("id") == except {
			continue
		}
		amount, _, _ := asMoney(p["amount"])
		paid = paid.Add(amount)
	}
	return paid
}

// refreshBills brings stored bills up to date with their payments and the
// date, so that lists filter on current statuses. A change of what was
// paid is an update of the bill. Callers hold s.mu.
func refreshBills(sc *engine.Scope) {
	t := sc.Table(tblBills)
	for _, id := range t.IDs {
		old := t.ByID[id]
		next := old.Clone()
		settleBill(sc, next)
		if next.Str("status") == old.Str("status") && next.Str("paid") == old.Str("paid") {
			continue
		}
		if next.Str("paid") != old.Str("paid") {
			next["updated_at"] = sc.UTCNow()
		}
		_ = sc.Save(tblBills, id, next) // a failed write leaves the stale record, settled again on the next read
	}
}

func viewBill(sc *engine.Scope, rec engine.Record, _ []string) {
	settleBill(sc, rec)
	if vendor, _ := existing(sc, tblVendors, rec["vendorid"]); vendor != nil {
		rec["vendor"] = sc.Render(sc.Named(tblVendors), vendor, nil)
	}
	pays := sc.Table(tblBillPays)
	list := []any{}
	for _, id := range pays.IDs {
		if p := pays.ByID[id]; p.Str("billid") == rec.Str("id") && p.Str("vis_state") != "1" {
			list = append(list, sc.Render(sc.Named(tblBillPays), p, nil))
		}
	}
	rec["bill_payments"] = list
	lines, _ := rec["lines"].([]any)
	for _, l := range lines {
		if line, ok := l.(map[string]any); ok {
			if cat, _ := existing(sc, Categories, line["categoryid"]); cat != nil {
				line["category"] = sc.Render(sc.Named(Categories), cat, nil)
			}
		}
	}
}
