package projects

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// roleIn is the identity's role in a business, or "".
func roleIn(who *engine.Identity, b *engine.Business) string {
	for _, m := range who.Memberships {
		if m.Business == b {
			return m.Role
		}
	}
	return ""
}

// ownerOf is the owner of a business, or nil.
func ownerOf(sc *engine.Scope, b *engine.Business) (*engine.Identity, engine.Membership) {
	for _, p := range sc.People() {
		for _, m := range p.Memberships {
			if m.Business == b && m.Role == "owner" {
				return p, m
			}
		}
	}
	return nil, engine.Membership{}
}

// exists reports whether a record with id is in a table of the business.
func exists(sc *engine.Scope, table string, id any) bool {
	n, err := strconv.ParseInt(engine.Record{"v": id}.Str("v"), 10, 64)
	if err != nil {
		return false
	}
	return sc.Table(table).ByID[n] != nil
}

// coerce checks and normalises typed members of a write as pydantic's
// lax mode does: integers may come as numbers or digit strings, booleans
// as JSON booleans or "true"/"false"; null stays null. A value of the
// wrong type is a 422 in pydantic v2's words [INF].
func coerce(rec engine.Record, ints, bools []string) *engine.Error {
	for _, k := range ints {
		v, ok := rec[k]
		if !ok || v == nil {
			continue
		}
		var n int64
		var err error
		switch v := v.(type) {
		case json.Number:
			n, err = strconv.ParseInt(v.String(), 10, 64)
		case string:
			n, err = strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		default:
			err = strconv.ErrSyntax
		}
		if err != nil {
			return engine.Validation(2001, k, "Input should be a valid integer")
		}
		rec[k] = engine.Num(n)
	}
	for _, k := range bools {
		v, ok := rec[k]
		if !ok || v == nil {
			continue
		}
		switch x := v.(type) {
		case bool:
		case string:
			b, err := strconv.ParseBool(strings.ToLower(x))
			if err != nil {
				return engine.Validation(2001, k, "Input should be a valid boolean")
			}
			rec[k] = b
		default:
			return engine.Validation(2001, k, "Input should be a valid boolean")
		}
	}
	return nil
}
