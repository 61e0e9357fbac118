package expenses

import (
	"cmp"
	"net/http"
	"slices"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

var incomeCategories = []string{"advertising", "in_person_sales", "online_sales", "rentals", "other"}

// beforeIncome insists on amount and date in every update, as FreshBooks
// does (a live report; FreshBooks answers "There was an error accessing
// your account data.", with a status not recorded). The sandbox answers
// its usual required-field error [INF].
func beforeIncome(sc *engine.Scope, w http.ResponseWriter, r *http.Request, _ engine.Op) *engine.Error {
	if r.Method != http.MethodPut {
		return nil
	}
	in, e := engine.PeekBody(w, r, "other_income", nil)
	if e != nil {
		return e
	}
	if _, vis := in["vis_state"]; vis {
		return nil
	}
	for _, k := range []string{"amount", "date"} {
		if in[k] == nil {
			return requiredField(k)
		}
	}
	return nil
}

func validateIncome(sc *engine.Scope, rec engine.Record, creating bool) *engine.Error {
	if e := engine.Missing(rec, []string{"amount", "date"}, requiredField); e != nil {
		return e
	}
	if e := check(rec, nil, []string{"amount"}, []string{"date"}, []string{"sourceid", "userid"}, nil); e != nil {
		return e
	}
	if c, ok := rec["category_name"]; ok && c != nil {
		if name, _ := c.(string); !slices.Contains(incomeCategories, name) {
			return engine.Invalid("category_name", c)
		}
	}
	if pt, ok := rec["payment_type"]; ok && pt != nil {
		if _, isStr := pt.(string); !isStr {
			return engine.Invalid("payment_type", pt)
		}
	}
	if rec["taxes"] != nil {
		taxes, ok := rec["taxes"].([]any)
		if !ok {
			return engine.Invalid("taxes", rec["taxes"])
		}
		for _, t := range taxes {
			tm, ok := t.(map[string]any)
			if !ok {
				return engine.Invalid("taxes", t)
			}
			if e := check(tm, []string{"amount"}, nil, nil, nil, nil); e != nil {
				return e
			}
		}
	}
	return nil
}

func deriveIncome(sc *engine.Scope, rec engine.Record) {
	amount, code, _ := asMoney(rec["amount"])
	rec["amount"] = engine.Money(amount, cmp.Or(code, sc.Business.Currency))
	defaults(rec, map[string]any{"category_name": "other", "note": "", "payment_type": "", "source": "", "sourceid": nil,
		"taxes": []any{}, "userid": engine.Num(1)}) // [INF] recorded by the owner, staff 1
	now := sc.EasternNow() // [INF] Eastern, as accounting timestamps are
	if rec["created_at"] == nil {
		rec["created_at"] = now
	}
	rec["updated_at"] = now
}
