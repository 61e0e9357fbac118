package freshbooks

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"unicode/utf8"
)

// The direct decoding of a model's members, for unmarshalKeeping: most
// members are strings, numbers, booleans or values with their own
// UnmarshalJSON, which are decoded here without encoding/json's
// reflection over the whole object. Everything else, and every value that
// is not what its field takes, is left to encoding/json, so that results
// and errors are encoding/json's (FuzzDirectDecoding compares the two).

// fieldDecoder decodes a member's value into the field at index.
type fieldDecoder struct {
	index []int
	kind  reflect.Kind // of the field, or of what it points to when ptr
	ptr   bool         // the field is a pointer to a basic value
	how   decodeHow
}

type decodeHow uint8

const (
	viaJSON        decodeHow = iota // json.Unmarshal into the field
	basic                           // string, bool, integer or float
	viaUnmarshaler                  // the field's UnmarshalJSON
	viaElements                     // a list: each element's UnmarshalJSON
)

// fieldDecoders makes the decoders of struct type t's fields, or nil when
// a field is promoted through an embedded pointer, which encoding/json
// allocates: such a type is decoded by encoding/json alone.
func fieldDecoders(t reflect.Type, fields map[string][]int) map[string]fieldDecoder {
	decs := make(map[string]fieldDecoder, len(fields))
	for name, index := range fields {
		ft := t
		for i, x := range index {
			if i > 0 && ft.Kind() == reflect.Pointer {
				return nil
			}
			ft = ft.Field(x).Type
		}
		d := fieldDecoder{index: index, kind: ft.Kind()}
		switch {
		case implementsAny(ft, textUnmarshalerType):
			// encoding/json prefers UnmarshalText for strings.
		case ft.Kind() != reflect.Pointer && reflect.PointerTo(ft).Implements(unmarshalerType):
			d.how = viaUnmarshaler
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() != reflect.Pointer && reflect.PointerTo(ft.Elem()).Implements(unmarshalerType) &&
			!implementsAny(ft, unmarshalerType, textUnmarshalerType):
			d.how = viaElements
		case isBasic(ft.Kind()) && !implementsAny(ft, unmarshalerType):
			d.how = basic
		case ft.Kind() == reflect.Pointer && ft.Name() == "" && isBasic(ft.Elem().Kind()) &&
			!implementsAny(ft.Elem(), unmarshalerType, textUnmarshalerType):
			d.how, d.ptr, d.kind = basic, true, ft.Elem().Kind()
		}
		decs[name] = d
	}
	return decs
}

func isBasic(k reflect.Kind) bool {
	switch k {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// decodeFields decodes the members of data at spans, valid JSON, into the
// struct v. It reports false at the first value it cannot decode as
// encoding/json would without error.
func decodeFields(v reflect.Value, data []byte, spans []memberSpan, decs map[string]fieldDecoder) bool {
	for _, m := range spans {
		var d fieldDecoder
		if m.keyEscaped {
			d = decs[m.key]
		} else {
			d = decs[string(data[m.ks:m.ke])]
		}
		if !d.decode(v.FieldByIndex(d.index), data[m.vs:m.ve]) {
			return false
		}
	}
	return true
}

// decode decodes value, valid JSON, into f, reporting false where
// encoding/json would fail or where it is left to encoding/json.
func (d fieldDecoder) decode(f reflect.Value, value []byte) bool {
	switch d.how {
	case viaUnmarshaler:
		return f.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(value) == nil
	case viaJSON:
		return json.Unmarshal(value, f.Addr().Interface()) == nil
	case viaElements:
		return decodeElements(f, value)
	}
	if value[0] == 'n' { // null: a pointer becomes nil, a value stays
		if d.ptr {
			f.SetZero()
		}
		return true
	}
	if d.ptr {
		if f.IsNil() {
			f.Set(reflect.New(f.Type().Elem()))
		}
		f = f.Elem()
	}
	switch d.kind {
	case reflect.String:
		s, ok := plainString(value)
		if !ok {
			var unescaped string // on the heap only when needed
			if value[0] != '"' || json.Unmarshal(value, &unescaped) != nil {
				return false
			}
			s = unescaped
		}
		f.SetString(s)
	case reflect.Bool:
		switch value[0] {
		case 't':
			f.SetBool(true)
		case 'f':
			f.SetBool(false)
		default:
			return false
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := parseInt(value)
		if !ok || f.OverflowInt(n) {
			return false
		}
		f.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, ok := parseInt(value)
		if !ok || n < 0 || f.OverflowUint(uint64(n)) {
			return false
		}
		f.SetUint(uint64(n))
	case reflect.Float32, reflect.Float64:
		if c := value[0]; c != '-' && (c < '0' || c > '9') {
			return false
		}
		x, err := strconv.ParseFloat(string(value), f.Type().Bits())
		if err != nil || f.OverflowFloat(x) {
			return false
		}
		f.SetFloat(x)
	default:
		return false
	}
	return true
}

// decodeElements decodes a list, valid JSON, into the empty slice f by
// its elements' UnmarshalJSON, as encoding/json would; a slice that
// holds elements already (encoding/json decodes into them) is left to
// encoding/json.
func decodeElements(f reflect.Value, value []byte) bool {
	switch {
	case f.Cap() > 0:
		return json.Unmarshal(value, f.Addr().Interface()) == nil
	case value[0] == 'n':
		f.SetZero()
		return true
	case value[0] != '[':
		return false
	}
	var spanArr [128][2]int
	spans := splitList(value, spanArr[:0])
	list := reflect.MakeSlice(f.Type(), len(spans), len(spans))
	for i, sp := range spans {
		if list.Index(i).Addr().Interface().(json.Unmarshaler).UnmarshalJSON(value[sp[0]:sp[1]]) != nil {
			return false
		}
	}
	f.Set(list)
	return true
}

// plainString is the JSON string value without escapes and in valid
// UTF-8, which needs no decoding.
func plainString(value []byte) (string, bool) {
	if len(value) < 2 || value[0] != '"' {
		return "", false
	}
	body := value[1 : len(value)-1]
	if bytes.IndexByte(body, '\\') >= 0 || !utf8.Valid(body) {
		return "", false
	}
	return string(body), true
}

// parseInt reads a valid JSON number that is an integer within int64;
// false for a fraction, an exponent, anything else or an overflow.
func parseInt(value []byte) (int64, bool) {
	neg := value[0] == '-'
	digits := value
	if neg {
		digits = value[1:]
	}
	if len(digits) == 0 || len(digits) > 19 {
		return 0, false
	}
	var n uint64
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	switch {
	case !neg && n <= math.MaxInt64:
		return int64(n), true
	case neg && n <= math.MaxInt64+1:
		return -int64(n), true // -(1<<63) too: int64 wraps to it, and so does its negation
	}
	return 0, false
}
