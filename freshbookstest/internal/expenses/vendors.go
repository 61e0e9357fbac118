package expenses

import (
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/shopspring/decimal"
)

func validateVendor(sc *engine.Scope, rec engine.Record, creating bool) *engine.Error {
	if engine.Blank(rec["vendor_name"]) {
		return requiredField("vendor_name") // [INF]
	}
	if e := check(rec, nil, nil, nil, nil, []string{"is_1099"}); e != nil {
		return e
	}
	if rec["tax_defaults"] != nil {
		taxes, ok := rec["tax_defaults"].([]any)
		if !ok {
			return engine.Invalid("tax_defaults", rec["tax_defaults"])
		}
		for _, t := range taxes {
			tm, ok := t.(map[string]any)
			if !ok {
				return engine.Invalid("tax_defaults", t)
			}
			if e := check(tm, []string{"amount"}, nil, nil, []string{"system_taxid"}, []string{"enabled"}); e != nil {
				return e
			}
		}
	}
	return nil
}

func deriveVendor(sc *engine.Scope, rec engine.Record) {
	defaults(rec, map[string]any{
		"account_number": "", "street": "", "street2": "", "city": "", "province": "", "postal_code": "", "country": "",
		"phone": "", "website": "", "currency_code": sc.Business.Currency, "language": "en", "note": "", "is_1099": false,
		"primary_contact_email": "", "primary_contact_first_name": "", "primary_contact_last_name": "", "tax_defaults": []any{},
	})
	now := sc.UTCNow()
	taxes, _ := rec["tax_defaults"].([]any)
	for _, t := range taxes {
		tm, _ := t.(map[string]any)
		if tm == nil {
			continue
		}
		if tm["tax_defaultid"] == nil {
			tm["tax_defaultid"] = engine.Num(nextID(sc, "bill_vendor_taxes", engine.Record{"vendorid": rec["vendorid"]}))
			tm["created_at"] = now
		}
		tm["vendorid"] = rec["vendorid"]
		tm["updated_at"] = now
		defaults(tm, map[string]any{"enabled": true, "name": "", "amount": "0", "system_taxid": nil})
	}
	delete(rec, "outstanding_balance") // computed in the view
	delete(rec, "overdue_balance")
	if rec["created_at"] == nil {
		rec["created_at"] = now
	}
	rec["updated_at"] = now
}

// viewVendor adds the vendor's balances, one entry per currency, from its
// bills that are not deleted [INF shape: money objects].
func viewVendor(sc *engine.Scope, rec engine.Record, _ []string) {
	type sums struct{ outstanding, overdue decimal.Decimal }
	var codes []string
	by := map[string]*sums{}
	bills := sc.Table(tblBills)
	for _, id := range bills.IDs {
		b := bills.ByID[id]
		if b.Str("vendorid") != rec.Str("vendorid") || b.Str("vis_state") == "1" {
			continue
		}
		b = b.Clone()
		settleBill(sc, b)
		out, code, _ := asMoney(b["outstanding"])
		if by[code] == nil {
			by[code] = &sums{}
			codes = append(codes, code)
		}
		by[code].outstanding = by[code].outstanding.Add(out)
		if b.Str("status") == "overdue" {
			by[code].overdue = by[code].overdue.Add(out)
		}
	}
	outstanding, overdue := []any{}, []any{}
	for _, c := range codes {
		outstanding = append(outstanding, engine.Money(by[c].outstanding, c))
		overdue = append(overdue, engine.Money(by[c].overdue, c))
	}
	rec["outstanding_balance"], rec["overdue_balance"] = outstanding, overdue
}
