package engine

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"sync"
)

// Record is one stored object, as JSON members. Numbers are json.Number,
// so amounts and ids keep their exact text.
type Record map[string]any

// Collection holds one resource's records in one scope (an account or a
// Business), in id order.
type Collection struct {
	Next int64
	ByID map[int64]Record
	IDs  []int64 // ascending

	// lists keeps the records the last list query kept, in its order,
	// for the pages after the first: reading a list page by page filters
	// the collection once, not once a page.
	lists struct {
		sync.Mutex
		writes uint64 // the engine's writes when it was made
		query  string
		recs   []Record // shared: never changed once kept
	}
}

// kept returns the records matched computes for query, computing them
// only if the collection has changed since the last call with the same
// query. The caller holds the engine's lock (for reading at least);
// matched must depend on the records and the query alone.
func (c *Collection) kept(writes uint64, query string, matched func() []Record) []Record {
	c.lists.Lock()
	defer c.lists.Unlock()
	if c.lists.recs == nil || c.lists.writes != writes || c.lists.query != query {
		c.lists.writes, c.lists.query, c.lists.recs = writes, query, matched()
	}
	return c.lists.recs
}

// Table returns the collection for a scope and resource, creating it.
// Callers hold s.mu. Under a read lock a missing collection is not created
// (that would write the map other readers read): the caller gets an empty
// one of its own, which reads as empty and panics if written to.
func (s *Engine) Table(scope, resource string) *Collection {
	key := scope + "/" + resource
	c := s.Tables[key]
	if c == nil {
		if s.readers.Load() > 0 {
			return &Collection{}
		}
		c = &Collection{Next: s.firstID(resource), ByID: map[int64]Record{}}
		s.Tables[key] = c
	}
	return c
}

// firstID gives each resource its own id range, so ids look like
// FreshBooks' and an id of one resource is rarely valid for another.
func (s *Engine) firstID(resource string) int64 {
	h := int64(0)
	for _, r := range resource {
		h = h*31 + int64(r)
	}
	return 10000 + (h%90)*1000
}

// Insert stores rec under a new id and returns the id.
func (c *Collection) Insert(rec Record) int64 {
	c.Next++
	id := c.Next
	c.ByID[id] = rec
	c.IDs = append(c.IDs, id)
	return id
}

// Put stores rec under an existing or explicit id.
func (c *Collection) Put(id int64, rec Record) {
	if _, ok := c.ByID[id]; !ok {
		i, _ := slices.BinarySearch(c.IDs, id)
		c.IDs = slices.Insert(c.IDs, i, id)
		c.Next = max(c.Next, id)
	}
	c.ByID[id] = rec
}

func (c *Collection) Remove(id int64) {
	if _, ok := c.ByID[id]; !ok {
		return
	}
	delete(c.ByID, id)
	if i, ok := slices.BinarySearch(c.IDs, id); ok {
		c.IDs = slices.Delete(c.IDs, i, i+1)
	}
}

// Clone copies a record deeply, so callers may change the copy. Values
// that are not maps or slices are immutable and shared; Go numbers (from
// records built in-process) become json.Number, as if read from the wire.
func (r Record) Clone() Record {
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
	case Record:
		return map[string]any(v.Clone())
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

// DecodeRecord decodes a stored or received JSON object, or returns nil.
func DecodeRecord(b []byte) Record {
	v, err := ParseJSON(b)
	if err != nil {
		return nil
	}
	m, _ := v.(map[string]any)
	return m
}

// Str reads a member as text, whatever its JSON type.
func (r Record) Str(key string) string {
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

// Int reads a member as an integer, or 0.
func (r Record) Int(key string) int64 {
	n, _ := strconv.ParseInt(r.Str(key), 10, 64)
	return n
}

// Defaults sets the members of rec that are absent.
func Defaults(rec Record, kv map[string]any) {
	for k, v := range kv {
		if _, ok := rec[k]; !ok {
			rec[k] = v
		}
	}
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
