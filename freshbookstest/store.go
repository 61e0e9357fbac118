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
func (s *Sandbox) table(scope, resource string) *collection {
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
func (s *Sandbox) firstID(resource string) int64 {
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

// clone copies a record deeply enough that callers may change it.
func (r record) clone() record {
	b, _ := json.Marshal(r)
	return decodeRecord(b)
}

func decodeRecord(b []byte) record {
	var out record
	dec := json.NewDecoder(bytesReader(b))
	dec.UseNumber()
	_ = dec.Decode(&out)
	return out
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
