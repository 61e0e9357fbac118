package main

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
)

// A column of a table: its header and where its value is in a record.
type column struct {
	header string
	// path is a dotted path to a member ("client.name"); "a|b" takes the
	// first that is set.
	path  string
	money bool // an {"amount", "code"} object: printed "1234.50 USD"
	mark  bool // a boolean: printed "*" when true
	right bool
}

func col(header, path string) column { return column{header: header, path: path} }

// money is a column of amounts, right-aligned with their currency.
func money(header, path string) column {
	return column{header: header, path: path, money: true, right: true}
}

// cell is the column's text for rec.
func (c column) cell(rec json.RawMessage) string {
	for _, p := range strings.Split(c.path, "|") {
		raw, ok := lookup(rec, p)
		if !ok || string(raw) == "null" || string(raw) == `""` {
			continue
		}
		switch {
		case c.mark:
			if string(raw) == "true" {
				return "*"
			}
			return ""
		case c.money:
			var m struct {
				Amount json.RawMessage `json:"amount"`
				Code   string          `json:"code"`
			}
			if json.Unmarshal(raw, &m) == nil && m.Amount != nil {
				return strings.TrimSpace(text(m.Amount) + " " + m.Code)
			}
		}
		return text(raw)
	}
	return ""
}

// lookup finds the member at a dotted path.
func lookup(rec json.RawMessage, path string) (json.RawMessage, bool) {
	for name := range strings.SplitSeq(path, ".") {
		var obj map[string]json.RawMessage
		if json.Unmarshal(rec, &obj) != nil {
			return nil, false
		}
		v, ok := obj[name]
		if !ok {
			return nil, false
		}
		rec = v
	}
	return rec, true
}

// guessColumns picks the columns of a record no table below describes:
// its id, names, amounts, status and dates, in that order, as present.
func guessColumns(rec json.RawMessage) []column {
	var obj map[string]json.RawMessage
	_ = json.Unmarshal(rec, &obj)
	var cols []column
	for _, name := range []string{"id", "uuid", "name", "title", "organization", "description", "email",
		"amount", "total", "status", "vis_state", "date", "created_at", "updated_at", "updated"} {
		raw, ok := obj[name]
		if !ok || len(cols) == 7 {
			continue
		}
		c := col(strings.ToUpper(name), name)
		if len(raw) > 0 && raw[0] == '{' {
			c = money(c.header, name)
		}
		cols = append(cols, c)
	}
	if cols == nil {
		for _, name := range slices.Sorted(maps.Keys(obj))[:min(5, len(obj))] {
			cols = append(cols, col(strings.ToUpper(name), name))
		}
	}
	return cols
}

// membershipColumns are the columns of a login's businesses.
func membershipColumns() []column {
	return []column{
		{header: "CURRENT", path: "current", mark: true},
		col("ACCOUNT", "account_id"),
		col("BUSINESS", "business_id"),
		col("UUID", "business_uuid"),
		col("NAME", "name"),
		col("ROLE", "role"),
	}
}
