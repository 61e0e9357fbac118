package expenses

import (
	"cmp"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/shopspring/decimal"
)

func validateTask(sc *engine.Scope, rec engine.Record, creating bool) *engine.Error {
	if engine.Blank(rec["name"]) && engine.Blank(rec["tname"]) {
		return requiredField("name") // [INF]
	}
	if _, ok := rec["name"].(string); rec["name"] != nil && !ok {
		return engine.Invalid("name", rec["name"])
	}
	return check(rec, nil, []string{"rate"}, nil, []string{"tax1", "tax2"}, []string{"billable"})
}

// deriveTask keeps the twin members in step: name and tname, description
// and tdesc; name and description win [INF].
func deriveTask(sc *engine.Scope, rec engine.Record) {
	if engine.Blank(rec["name"]) {
		rec["name"] = rec["tname"]
	}
	if rec["description"] == nil {
		rec["description"] = rec.Str("tdesc")
	}
	rec["tname"], rec["tdesc"] = rec["name"], rec["description"]
	rate, code, ok := asMoney(rec["rate"])
	if !ok {
		rate = decimal.Zero
	}
	rec["rate"] = engine.Money(rate, cmp.Or(code, sc.Business.Currency))
	defaults(rec, map[string]any{"billable": true, "tax1": engine.Num(0), "tax2": engine.Num(0)}) // [INF] billable by default
}
