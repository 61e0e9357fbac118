package sales

import (
	"cmp"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

func validateItem(sc *engine.Scope, rec engine.Record, creating bool) *engine.Error {
	if creating {
		stripPrivate(rec)
	}
	if strings.TrimSpace(rec.Str("name")) == "" {
		return requiredField("name") // [INF] FreshBooks' items need a name
	}
	for _, k := range []string{"qty", "inventory"} {
		if present(rec, k) {
			if _, ok := engine.DecimalOf(rec[k]); !ok {
				return &engine.Error{Status: 422, Errno: 1015, Field: k, Message: "The field '" + k + "' must be a number.", Value: rec.Str(k)}
			}
		}
	}
	if present(rec, "unit_cost") {
		if _, ok := engine.AmountOf(rec["unit_cost"]); !ok {
			return engine.Invalid("unit_cost", rec["unit_cost"])
		}
	}
	for _, k := range []string{"tax1", "tax2"} {
		if !present(rec, k) || !wasWritten(sc, "items", rec, k) {
			continue
		}
		id, err := strconv.ParseInt(rec.Str(k), 10, 64)
		if err != nil {
			return &engine.Error{Status: 422, Errno: 1015, Field: k, Message: "The field '" + k + "' must be a number.", Value: rec.Str(k)}
		}
		if id != 0 && sc.Table("taxes").ByID[id] == nil {
			return &engine.Error{Status: 422, Errno: 1012, Field: k, Message: "Tax not found.", Value: rec.Str(k)}
		}
	}
	if t1 := rec.Int("tax1"); t1 != 0 && t1 == rec.Int("tax2") {
		return &engine.Error{Status: 422, Errno: 1019, Field: "tax2", Message: "A tax being added to an item seems to already exist.", Value: rec.Str("tax2")}
	}
	return nil
}

func deriveItem(sc *engine.Scope, rec engine.Record) {
	code := cmp.Or(sc.Business.Currency, "USD")
	cost, _ := engine.AmountOf(rec["unit_cost"])
	if m, ok := rec["unit_cost"].(map[string]any); ok {
		code = cmp.Or(engine.Record(m).Str("code"), code)
	}
	rec["unit_cost"] = engine.Money(cost, code)
	for _, k := range []string{"qty", "inventory"} {
		if d, ok := engine.DecimalOf(rec[k]); ok {
			rec[k] = d.String()
		}
	}
	setDefaults(rec, map[string]any{"description": "", "qty": "0", "inventory": nil, "sku": "",
		"tax1": json.Number("0"), "tax2": json.Number("0")})
}
