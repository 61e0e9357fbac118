package engine

import (
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strconv"

	"github.com/freshbooks-go/freshbooks/internal/jsontext"
)

// AppendJSON appends the JSON encoding of v to dst: byte for byte what
// encoding/json.Marshal writes for it (map keys in order, <, >, &, U+2028
// and U+2029 escaped, invalid UTF-8 replaced by U+FFFD). The values records
// are made of (maps, slices, strings, json.Number, bools, nil, integers)
// are written directly, several times faster than through reflection: a
// page of 100 records is most of a list's server time. Anything else goes
// through encoding/json.
func AppendJSON(dst []byte, v any) ([]byte, error) {
	var e encoder
	return e.value(dst, v, "", 0)
}

// Raw is JSON already encoded, written as it is.
type Raw []byte

// encoder writes JSON. One made by encoderFor knows the sorted keys of the
// larger objects its resource's answers held, by the member that held
// them and their size, so that records, which mostly share their keys,
// are written without sorting or escaping their keys again: an object
// whose keys are exactly those known is written in that order, any other
// is sorted and its keys learned. The zero encoder sorts every object.
type encoder struct {
	known  map[shapeKey]*shape // shared and read-only; nil: remember nothing
	shapes map[shapeKey]*shape // learned by this encoder
}

// shapeKey names the objects of one shape: the member holding them ("" at
// the top) and their number of keys.
type shapeKey struct {
	member string
	size   int
}

// shape is the keys of an object, in order, and each key encoded with the
// colon that follows it.
type shape struct {
	keys  []string
	names [][]byte
}

func newShape(m map[string]any) *shape {
	sh := &shape{keys: slices.Sorted(maps.Keys(m))}
	sh.names = make([][]byte, len(sh.keys))
	for i, k := range sh.keys {
		sh.names[i] = append(jsontext.AppendString(nil, k, true), ':')
	}
	return sh
}

// shapeMin is the size from which an object's keys are remembered; smaller
// ones sort on the stack faster than they are looked up.
const shapeMin = 12

// errBadNumber is a json.Number that is not a JSON number.
var errBadNumber = errors.New("freshbookstest: json.Number is not a number")

// errTooDeep is a value nested deeper than any record (or a cycle).
var errTooDeep = errors.New("freshbookstest: value nested too deeply to encode")

// value appends v, held by the member name ("" at the top or in a list).
func (e *encoder) value(dst []byte, v any, name string, depth int) ([]byte, error) {
	if depth > 1000 {
		return dst, errTooDeep
	}
	switch v := v.(type) {
	case nil:
		return append(dst, "null"...), nil
	case string:
		return jsontext.AppendString(dst, v, true), nil
	case json.Number:
		s := string(v)
		if s == "" {
			s = "0" // as encoding/json
		}
		if !validNumber(s) {
			return dst, errBadNumber
		}
		return append(dst, s...), nil
	case bool:
		return strconv.AppendBool(dst, v), nil
	case int:
		return strconv.AppendInt(dst, int64(v), 10), nil
	case int64:
		return strconv.AppendInt(dst, v, 10), nil
	case Raw:
		return append(dst, v...), nil
	case map[string]any:
		return e.object(dst, v, name, depth, nil)
	case Record:
		return e.object(dst, v, name, depth, nil)
	case []any:
		if v == nil {
			return append(dst, "null"...), nil
		}
		dst = append(dst, '[')
		for i, x := range v {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			if dst, err = e.value(dst, x, name, depth+1); err != nil {
				return dst, err
			}
		}
		return append(dst, ']'), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return dst, err
	}
	return append(dst, b...), nil
}

// object appends m with its keys in order, leaving out those skip names
// (nil skips none).
func (e *encoder) object(dst []byte, m map[string]any, name string, depth int, skip func(string) bool) ([]byte, error) {
	if m == nil {
		return append(dst, "null"...), nil
	}
	if e.known != nil && len(m) >= shapeMin {
		key := shapeKey{name, len(m)}
		sh := e.shapes[key]
		if sh == nil {
			sh = e.known[key]
		}
		if sh != nil {
			if out, ok, err := e.members(dst, m, sh.keys, sh.names, depth, skip); ok || err != nil {
				return out, err
			}
		}
		sh = newShape(m)
		if e.shapes == nil {
			e.shapes = map[shapeKey]*shape{}
		}
		e.shapes[key] = sh
		out, _, err := e.members(dst, m, sh.keys, sh.names, depth, skip)
		return out, err
	}
	// Keys are sorted on the stack when they fit.
	var buf [64]string
	keys := buf[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out, _, err := e.members(dst, m, keys, nil, depth, skip)
	return out, err
}

// members appends {the members of m named by keys, in order}, with names,
// when not nil, the keys encoded. It reports false, with dst as it was,
// if one of keys is not in m.
func (e *encoder) members(dst []byte, m map[string]any, keys []string, names [][]byte, depth int, skip func(string) bool) ([]byte, bool, error) {
	start := len(dst)
	dst = append(dst, '{')
	first := true
	for i, k := range keys {
		v, ok := m[k]
		if !ok {
			return dst[:start], false, nil
		}
		if skip != nil && skip(k) {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		if names != nil {
			dst = append(dst, names[i]...)
		} else {
			dst = jsontext.AppendString(dst, k, true)
			dst = append(dst, ':')
		}
		var err error
		if dst, err = e.value(dst, v, k, depth+1); err != nil {
			return dst, true, err
		}
	}
	return append(dst, '}'), true, nil
}

// encoderFor is an encoder that knows the shapes of sp's earlier answers.
func encoderFor(sp *Spec) encoder {
	known := sp.shapes.Load()
	if known == nil {
		return encoder{known: map[shapeKey]*shape{}}
	}
	return encoder{known: *known}
}

// keep shares the shapes e learned with sp's later answers. Shapes are
// few (the members of a resource's records), so the map stays small; a
// concurrent keep may win, and the shapes it lost are learned again.
func (e *encoder) keep(sp *Spec) {
	if len(e.shapes) == 0 {
		return
	}
	merged := maps.Clone(e.known)
	maps.Copy(merged, e.shapes)
	sp.shapes.Store(&merged)
}

// maxPooled is the largest buffer kept for reuse.
const maxPooled = 1 << 20

// buffer returns an empty buffer from the pool; give it back with release.
func (s *Engine) buffer() *[]byte {
	if b, ok := s.buffers.Get().(*[]byte); ok {
		return b
	}
	b := make([]byte, 0, 4096)
	return &b
}

// release returns a buffer to the pool, grown to b.
func (s *Engine) release(buf *[]byte, b []byte) {
	if cap(b) <= maxPooled {
		*buf = b[:0]
		s.buffers.Put(buf)
	}
}

// writeJSON is WriteJSON encoding in a buffer of the pool.
func (s *Engine) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	buf := s.buffer()
	body, err := AppendJSON(*buf, v)
	writeBody(w, r, status, body, err)
	s.release(buf, body)
}

// validNumber reports whether s is a JSON number: -?int frac? exp?.
func validNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case digits() == 0:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}
