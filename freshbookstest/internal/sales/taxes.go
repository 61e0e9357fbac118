package sales

import (
	"strings"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

func validateTax(sc *engine.Scope, rec engine.Record, creating bool) *engine.Error {
	if creating {
		stripPrivate(rec)
	}
	name := strings.TrimSpace(rec.Str("name"))
	if name == "" {
		return requiredField("name")
	}
	t := sc.Table("taxes")
	for _, id := range t.IDs {
		if id != rec.Int("id") && strings.EqualFold(strings.TrimSpace(t.ByID[id].Str("name")), name) {
			// Postman "Create Tax" 422 example, verbatim.
			return &engine.Error{Status: 422, Errno: 13002, Field: "name", Message: "The tax name '" + rec.Str("name") + "' is already in use.", Value: rec.Str("name")}
		}
	}
	if !present(rec, "amount") {
		if creating {
			return requiredField("amount")
		}
	} else if e := checkPercent(rec, "amount"); e != nil {
		return e
	} else if rec.Str("amount") == "" {
		return requiredField("amount")
	}
	if present(rec, "compound") {
		if _, ok := rec["compound"].(bool); !ok {
			return &engine.Error{Status: 422, Errno: 1031, Field: "compound", Message: "The field 'compound' must be a boolean.", Value: rec.Str("compound")}
		}
	}
	return nil
}

func deriveTax(sc *engine.Scope, rec engine.Record) {
	delete(rec, "vis_state") // taxes have none; they are deleted for good
	if d, ok := engine.DecimalOf(rec["amount"]); ok {
		rec["amount"] = d.String()
	}
	if rec.Str("number") == "" {
		rec["number"] = nil
	}
	setDefaults(rec, map[string]any{"compound": false})
}
