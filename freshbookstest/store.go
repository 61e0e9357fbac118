package freshbookstest

import (
	"encoding/json"
	"slices"
	"strconv"
)

// record is one stored object, as JSON members. Numbers are json.Number,
// so amounts and ids keep their exact text.
type record map[string]any

// collection holds one resource's records in one scope (an account or a
// business), in id order.
type collection struct {
	next int64
	byID map[int64]record
	ids  []int64 // ascending
}

// table returns the collection for a scope and resource, creating it.
// Callers hold s.mu.
func (s *engine) table(scope, resource string) *collection {
	key := scope + "/" + resource
	c := s.tables[key]
	if c == nil {
		c = &collection{next: s.firstID(resource), byID: map[int64]record{}}
		s.tables[key] = c
	}
	return c
}

// firstID gives each resource its own id range, so ids look like
// FreshBooks' and an id of one resource is rarely valid for another.
func (s *engine) firstID(resource string) int64 {
	h := int64(0)
	for _, r := range resource {
		h = h*31 + int64(r)
	}
	return 10000 + (h%90)*1000
}

// insert stores rec under a new id and returns the id.
func (c *collection) insert(rec record) int64 {
	c.next++
	id := c.next
	c.byID[id] = rec
	c.ids = append(c.ids, id)
	return id
}

// put stores rec under an existing or explicit id.
func (c *collection) put(id int64, rec record) {
	if _, ok := c.byID[id]; !ok {
		i, _ := slices.BinarySearch(c.ids, id)
		c.ids = slices.Insert(c.ids, i, id)
		c.next = max(c.next, id)
	}
	c.byID[id] = rec
}

func (c *collection) remove(id int64) {
	if _, ok := c.byID[id]; !ok {
		return
	}
	delete(c.byID, id)
	if i, ok := slices.BinarySearch(c.ids, id); ok {
		c.ids = slices.Delete(c.ids, i, i+1)
	}
}

// clone copies a record deeply, so callers may change the copy. Values
// that are not maps or slices are immutable and shared; Go numbers (from
// records built in-process) become json.Number, as if read from the wire.
func (r record) clone() record {
	if r == nil {
		return nil
	}
	return copyValue(map[string]any(r)).(map[string]any)
}

func copyValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = copyValue(x)
		}
		return out
	case record:
		return map[string]any(v.clone())
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = copyValue(x)
		}
		return out
	case int:
		return json.Number(strconv.Itoa(v))
	case int64:
		return json.Number(strconv.FormatInt(v, 10))
	case float64:
		return json.Number(strconv.FormatFloat(v, 'f', -1, 64))
	case string, bool, nil, json.Number:
		return v
	}
	// Anything else (a []string, a struct) goes through JSON, as before.
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var out any
	dec := json.NewDecoder(bytesReader(b))
	dec.UseNumber()
	_ = dec.Decode(&out)
	return out
}

// decodeRecord decodes a stored or received JSON object, or returns nil.
func decodeRecord(b []byte) record {
	v, err := parseJSON(b)
	if err != nil {
		return nil
	}
	m, _ := v.(map[string]any)
	return m
}

// str reads a member as text, whatever its JSON type.
func (r record) str(key string) string {
	switch v := r[key].(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	case nil:
		return ""
	}
	b, _ := json.Marshal(r[key])
	return string(b)
}

// int reads a member as an integer, or 0.
func (r record) int(key string) int64 {
	n, _ := strconv.ParseInt(r.str(key), 10, 64)
	return n
}

// defaults sets the members of rec that are absent.
func defaults(rec record, kv map[string]any) {
	for k, v := range kv {
		if _, ok := rec[k]; !ok {
			rec[k] = v
		}
	}
}
