package engine

import (
	"encoding/json"
	"errors"
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
	return appendValue(dst, v, 0)
}

// errBadNumber is a json.Number that is not a JSON number.
var errBadNumber = errors.New("freshbookstest: json.Number is not a number")

// errTooDeep is a value nested deeper than any record (or a cycle).
var errTooDeep = errors.New("freshbookstest: value nested too deeply to encode")

func appendValue(dst []byte, v any, depth int) ([]byte, error) {
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
	case map[string]any:
		return appendObject(dst, v, depth)
	case Record:
		return appendObject(dst, v, depth)
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
			if dst, err = appendValue(dst, x, depth+1); err != nil {
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

func appendObject(dst []byte, m map[string]any, depth int) ([]byte, error) {
	if m == nil {
		return append(dst, "null"...), nil
	}
	// Keys are sorted on a small stack buffer when they fit.
	var buf [32]string
	keys := buf[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	dst = append(dst, '{')
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = jsontext.AppendString(dst, k, true)
		dst = append(dst, ':')
		var err error
		if dst, err = appendValue(dst, m[k], depth+1); err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
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
