package sales

import (
	"strings"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// present reports whether a write set a member to something (not null).
func present(rec engine.Record, key string) bool { return rec[key] != nil }

func validDate(v any) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

func setDefaults(rec engine.Record, defaults map[string]any) {
	for k, v := range defaults {
		if _, ok := rec[k]; !ok {
			rec[k] = v
		}
	}
}

// stripPrivate drops members a caller may not write: the sandbox's own
// bookkeeping ("_…").
func stripPrivate(rec engine.Record) {
	for k := range rec {
		if strings.HasPrefix(k, "_") {
			delete(rec, k)
		}
	}
}

// storedDoc returns the stored version of rec (by its id) in the named
// table, or nil when rec is new.
func storedDoc(sc *engine.Scope, name string, rec engine.Record) engine.Record {
	id := rec.Int("id")
	if id == 0 {
		return nil
	}
	return sc.Table(name).ByID[id]
}

// wasWritten reports whether a write changes key: on create, whether it is
// set; on update, whether it differs from the stored value.
func wasWritten(sc *engine.Scope, name string, rec engine.Record, key string) bool {
	old := storedDoc(sc, name, rec)
	if old == nil {
		return present(rec, key)
	}
	return rec.Str(key) != old.Str(key)
}

func requiredField(field string) *engine.Error {
	return engine.Validation(1001, field, "The field '"+field+"' is required.")
}
