package freshbooks

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// ErrInvalidWrite is wrapped by every error about a write that would not
// do what it says, found before any request: a [Clear] of a member the
// model does not have, or a field FreshBooks ignores on writes.
var ErrInvalidWrite = errors.New("freshbooks: invalid write")

// WriteError reports a write refused before any request.
// errors.Is(err, ErrInvalidWrite) holds for it.
type WriteError struct {
	Resource string // the catalogue's name, such as "invoices"
	Member   string // the JSON member at fault, such as "due_date"
	Reason   string // what is wrong and what to do instead
}

// Error says which member and why.
func (e *WriteError) Error() string {
	return fmt.Sprintf("freshbooks: %s: %s: %s", e.Resource, e.Member, e.Reason)
}

// Unwrap returns ErrInvalidWrite.
func (e *WriteError) Unwrap() error { return ErrInvalidWrite }

// Clear empties members of the record on Update: each is sent as "",
// which a field left at its zero value in the model cannot say. The
// names are the record's JSON members, such as "note" or "p_street", and
// are checked against the model: an unknown one is a [WriteError] before
// any request. Calls other than Update refuse it.
//
//	acct.Clients.Update(ctx, id, &freshbooks.Customer{}, freshbooks.Clear("note"))
//	// PUT …/users/clients/{id} {"client":{"note":""}}
func Clear(members ...string) QueryOption { return clearOption(members) }

// clearOption is Clear's option: Update takes it out of the query.
type clearOption []string

func (c clearOption) applyQuery(q *query) { q.clear = append(q.clear, c...) }

// splitClear takes the Clear options out of opts.
func splitClear(opts []QueryOption) (rest []QueryOption, clear []string) {
	for _, o := range opts {
		if c, ok := o.(clearOption); ok {
			clear = append(clear, c...)
		} else {
			rest = append(rest, o)
		}
	}
	return rest, clear
}

// withCleared sets each member of clear to "" in the record of body, the
// JSON of one write (wrapped in single unless bare). The members must be
// JSON members of model.
func withCleared(body []byte, clear []string, resource, single string, bare bool, model reflect.Type) ([]byte, error) {
	known := jsonMembers(model)
	for _, m := range clear {
		if !slices.Contains(known, m) {
			return nil, &WriteError{Resource: resource, Member: m, Reason: "no such member to clear; the members are: " + strings.Join(known, ", ")}
		}
	}
	var outer map[string]json.RawMessage
	rec := map[string]json.RawMessage{}
	if err := json.Unmarshal(body, &rec); err != nil {
		return nil, err
	}
	if !bare {
		outer = rec
		rec = map[string]json.RawMessage{}
		if inner := outer[single]; len(inner) > 0 && string(inner) != "null" {
			if err := json.Unmarshal(inner, &rec); err != nil {
				return nil, err
			}
		}
	}
	for _, m := range clear {
		rec[m] = json.RawMessage(`""`)
	}
	if bare {
		return json.Marshal(rec)
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return nil, err
	}
	outer[single] = b
	return json.Marshal(outer)
}

// jsonMembers lists the JSON member names of a struct type's fields.
func jsonMembers(t reflect.Type) []string {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	var out []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}
