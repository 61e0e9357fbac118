package expenses

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/shopspring/decimal"
)

// asMoney reads a money object {"amount": "1.00", "code": "USD"}; code
// may be absent.
func asMoney(v any) (decimal.Decimal, string, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return decimal.Decimal{}, "", false
	}
	d, ok := engine.DecimalOf(m["amount"])
	if !ok {
		return decimal.Decimal{}, "", false
	}
	code, isStr := m["code"].(string)
	if m["code"] != nil && !isStr {
		return decimal.Decimal{}, "", false
	}
	return d, code, true
}

// asInt reads an integer from a JSON number or a string of digits.
func asInt(v any) (int64, bool) {
	switch v := v.(type) {
	case json.Number:
		n, err := v.Int64()
		return n, err == nil
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		return n, err == nil
	case int64:
		return v, true
	case int:
		return int64(v), true
	}
	return 0, false
}

// asDate reads a YYYY-MM-DD date.
func asDate(v any) (time.Time, bool) {
	str, ok := v.(string)
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, str)
	return t, err == nil
}

// requiredField is FreshBooks' answer to a missing field: errno 1001
// RequiredField; the message follows "'payment_type' is a required
// field.", seen live on bill payments.
func requiredField(field string) *engine.Error {
	return engine.Validation(1001, field, "'"+field+"' is a required field.")
}

// unknownRef reports a reference to a record that does not exist:
// errno 1012 UnknownResource, as a 422 on the write [INF status].
func unknownRef(field, noun string, v any) *engine.Error {
	e := engine.Validation(1012, field, noun+" not found.")
	e.Value = engine.Record{"v": v}.Str("v")
	return e
}

// deletedRef reports a reference to a deleted record: errno 1011
// DeletedResource.
func deletedRef(field string, v any) *engine.Error {
	e := engine.Validation(1011, field, "The resource referred to in the request is deleted.")
	e.Value = engine.Record{"v": v}.Str("v")
	return e
}

// existing finds a record of table by the id in v; deleted tells whether
// it is deleted.
func existing(sc *engine.Scope, table string, v any) (rec engine.Record, deleted bool) {
	id, ok := asInt(v)
	if !ok {
		return nil, false
	}
	rec = sc.Table(table).ByID[id]
	return rec, rec != nil && rec.Str("vis_state") == "1"
}

// checkRef checks an id member that must name a live record.
func checkRef(sc *engine.Scope, rec engine.Record, field, table, noun string) *engine.Error {
	if _, ok := asInt(rec[field]); !ok {
		return engine.Invalid(field, rec[field])
	}
	ref, deleted := existing(sc, table, rec[field])
	switch {
	case ref == nil:
		return unknownRef(field, noun, rec[field])
	case deleted:
		return deletedRef(field, rec[field])
	}
	return nil
}

// check checks members that may be absent or null but must parse.
func check(rec engine.Record, decimals, monies, dates, ints, bools []string) *engine.Error {
	for _, k := range decimals {
		if rec[k] != nil {
			if _, ok := engine.DecimalOf(rec[k]); !ok {
				return engine.Invalid(k, rec[k])
			}
		}
	}
	for _, k := range monies {
		if rec[k] != nil {
			if _, _, ok := asMoney(rec[k]); !ok {
				return engine.Invalid(k, rec[k])
			}
		}
	}
	for _, k := range dates {
		if rec[k] != nil {
			if _, ok := asDate(rec[k]); !ok {
				return engine.Invalid(k, rec[k])
			}
		}
	}
	for _, k := range ints {
		if rec[k] != nil {
			if _, ok := asInt(rec[k]); !ok {
				return engine.Invalid(k, rec[k])
			}
		}
	}
	for _, k := range bools {
		if rec[k] != nil {
			if _, ok := rec[k].(bool); !ok {
				return engine.Invalid(k, rec[k])
			}
		}
	}
	return nil
}

// checkAttachment checks an attachment write: {"jwt": "...", "media_type": "..."}.
// A token the sandbox issued for another account's upload (or for an
// image) is refused: one business cannot attach another's file [INF:
// FreshBooks' answer is not captured]. A token the sandbox never issued
// is taken as given, as the SDK tests' made-up receipts are.
func checkAttachment(sc *engine.Scope, rec engine.Record) *engine.Error {
	switch a := rec["attachment"].(type) {
	case nil:
		return nil
	case map[string]any:
		jwt, _ := a["jwt"].(string)
		if jwt == "" {
			break
		}
		claims, issued := sc.ReadToken(jwt)
		if issued && (engine.Record(claims).Str("account") != sc.Business.AccountID || engine.Record(claims).Str("kind") != "attachments") {
			// The value is not echoed: the token is the file's capability.
			return engine.Validation(1004, "attachment", "Invalid value for field 'attachment'.")
		}
		return nil
	}
	return engine.Invalid("attachment", rec["attachment"])
}

// attachTo gives a newly attached file its ids.
func attachTo(sc *engine.Scope, rec engine.Record) {
	a, ok := rec["attachment"].(map[string]any)
	if !ok || a["attachmentid"] != nil {
		return
	}
	id := engine.Num(nextID(sc, tblAttach, engine.Record{"jwt": a["jwt"]}))
	a["id"], a["attachmentid"] = id, id
	if a["media_type"] == nil {
		a["media_type"] = "application/octet-stream"
	}
}

// nextID takes the next id of a sequence kept as a table of small
// records, stored like any other so that ids do not repeat after a
// durable sandbox restarts. Callers hold s.mu.
func nextID(sc *engine.Scope, table string, rec engine.Record) int64 {
	id := sc.Table(table).Insert(rec)
	_ = sc.Save(table, id, rec) // a failed write only risks reusing the id after a restart
	return id
}

// defaults sets members that are absent.
func defaults(rec engine.Record, kv map[string]any) {
	for k, v := range kv {
		if _, ok := rec[k]; !ok {
			rec[k] = v
		}
	}
}
