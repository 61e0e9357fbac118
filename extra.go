package freshbooks

import (
	"bytes"
	"cmp"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/freshbooks-go/freshbooks/internal/jsontext"
)

// Extra holds the members of a JSON object that a model does not declare,
// keyed by name, each value as the exact JSON it arrived as. FreshBooks adds
// fields over time; a model keeps the ones it does not know in its Extra
// field and encodes them back, so nothing is lost on a read–modify–write.
//
// Read a member with json.Unmarshal(m.Extra["name"], &v). Setting a member
// sends it: on encoding, a member of Extra is written unless the model's own
// fields already wrote that name.
type Extra map[string]json.RawMessage

// keepInfo is what unmarshalKeeping and marshalKeeping need to know about a
// model type.
type keepInfo struct {
	fields map[string][]int        // JSON member names that encoding/json maps to fields, with their index
	err    error                   // the type cannot be used
	decs   map[string]fieldDecoder // by member name; nil: decode with encoding/json only
}

var keepInfos sync.Map // reflect.Type → *keepInfo

func keepInfoOf(t reflect.Type) *keepInfo {
	if v, ok := keepInfos.Load(t); ok {
		return v.(*keepInfo)
	}
	info := &keepInfo{}
	switch {
	case t.Kind() != reflect.Struct:
		info.err = fmt.Errorf("freshbooks: %v is not a struct type", t)
	case implementsAny(t, marshalerType, textMarshalerType, unmarshalerType, textUnmarshalerType):
		// Usually a method promoted from an embedded field: encoding/json
		// would hand the whole object to it (or recurse forever).
		info.err = fmt.Errorf("freshbooks: %v has a JSON or text (un)marshaling method, promoted from an embedded field?", t)
	default:
		info.fields = jsonFields(t)
		info.decs = fieldDecoders(t, info.fields)
	}
	v, _ := keepInfos.LoadOrStore(t, info)
	return v.(*keepInfo)
}

var (
	marshalerType       = reflect.TypeFor[json.Marshaler]()
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textMarshalerType   = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

func implementsAny(t reflect.Type, ifaces ...reflect.Type) bool {
	pt := reflect.PointerTo(t)
	for _, i := range ifaces {
		if t.Implements(i) || pt.Implements(i) {
			return true
		}
	}
	return false
}

// jsonFields returns the member names encoding/json uses for struct type
// t, with the index of the field each fills, following its rules: json
// tags, "-", embedded structs promoted breadth-first, and Go's dominance
// rules for names that collide.
func jsonFields(t reflect.Type) map[string][]int {
	type field struct {
		name   string
		tagged bool
		index  []int
		typ    reflect.Type
	}
	var current []field
	next := []field{{typ: t}}
	var count, nextCount map[reflect.Type]int
	visited := map[reflect.Type]bool{}
	var fields []field
	for len(next) > 0 {
		current, next = next, current[:0]
		count, nextCount = nextCount, map[reflect.Type]int{}
		for _, f := range current {
			if visited[f.typ] {
				continue
			}
			visited[f.typ] = true
			for i := range f.typ.NumField() {
				sf := f.typ.Field(i)
				if sf.Anonymous {
					t := sf.Type
					if t.Kind() == reflect.Pointer {
						t = t.Elem()
					}
					if !sf.IsExported() && t.Kind() != reflect.Struct {
						continue
					}
				} else if !sf.IsExported() {
					continue
				}
				tag := sf.Tag.Get("json")
				if tag == "-" {
					continue
				}
				name, _, _ := strings.Cut(tag, ",")
				if !isValidTag(name) {
					name = ""
				}
				index := append(slices.Clip(f.index), i)
				ft := sf.Type
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if name != "" || !sf.Anonymous || ft.Kind() != reflect.Struct {
					tagged := name != ""
					if name == "" {
						name = sf.Name
					}
					fields = append(fields, field{name: name, tagged: tagged, index: index, typ: ft})
					if count[f.typ] > 1 {
						fields = append(fields, fields[len(fields)-1])
					}
					continue
				}
				nextCount[ft]++
				if nextCount[ft] == 1 {
					next = append(next, field{name: ft.Name(), index: index, typ: ft})
				}
			}
		}
	}
	slices.SortFunc(fields, func(a, b field) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		if c := cmp.Compare(len(a.index), len(b.index)); c != 0 {
			return c
		}
		if a.tagged != b.tagged {
			if a.tagged {
				return -1
			}
			return +1
		}
		return slices.Compare(a.index, b.index)
	})
	names := make(map[string][]int, len(fields))
	for i := 0; i < len(fields); {
		j := i + 1
		for j < len(fields) && fields[j].name == fields[i].name {
			j++
		}
		// Several fields share the name: the shallowest wins, a tagged one
		// before an untagged one; a tie hides them all.
		if j-i == 1 || len(fields[i].index) != len(fields[i+1].index) || fields[i].tagged != fields[i+1].tagged {
			names[fields[i].name] = fields[i].index
		}
		i = j
	}
	return names
}

func isValidTag(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}

// filterBufs recycles the buffers unmarshalKeeping builds its known-members
// object in.
var filterBufs = sync.Pool{New: func() any { return new([]byte) }}

// unmarshalKeeping decodes the JSON object data into v with encoding/json,
// and the members that v's type does not declare into *extra, so that a model
// keeps every member. A member name counts as declared only when it matches
// a field's JSON name exactly (encoding/json alone would also fill a field
// from a member whose name differs in case). *extra is replaced: it is nil
// when every member is declared; it is set even when decoding a member into
// v fails. JSON null leaves v and *extra unchanged, as encoding/json does;
// anything other than an object or null is an error. Values in *extra are
// copies: data may be reused afterwards.
//
// T must be a struct type without (Un)MarshalJSON or (Un)MarshalText methods,
// typically a method-free conversion of the model: models must not embed
// types that have such methods, since they would be promoted.
func unmarshalKeeping[T any](data []byte, v *T, extra *Extra) error {
	return keepDecoding(data, v, extra, true)
}

// keepDecoding is unmarshalKeeping, decoding members directly when direct
// is set (see decodeFields), else with encoding/json alone.
func keepDecoding[T any](data []byte, v *T, extra *Extra, direct bool) error {
	info := keepInfoOf(reflect.TypeFor[T]())
	if info.err != nil {
		return info.err
	}
	sc := objScanner{data: data}
	switch isObj, err := sc.begin(); {
	case err != nil:
		return err
	case !isObj:
		if isJSONNull(data) {
			return nil
		}
		return &json.UnmarshalTypeError{Value: jsonKind(data), Type: reflect.TypeFor[T]()}
	}

	var knownArr [64]memberSpan
	known := knownArr[:0]
	var spanArr [16]memberSpan
	unknown := spanArr[:0]
	keyBytes := 0
	for {
		m, ok := sc.next()
		if !ok {
			break
		}
		key := data[m.ks:m.ke]
		if !m.keyEscaped && !utf8.Valid(key) {
			m.keyEscaped = true // decode it as encoding/json does, to U+FFFD
		}
		if m.keyEscaped {
			name, err := unescapeKey(data, m)
			if err != nil {
				return err
			}
			m.key = name
			if _, isKnown := info.fields[name]; !isKnown {
				unknown = append(unknown, m)
				continue
			}
		} else if _, isKnown := info.fields[string(key)]; !isKnown {
			unknown = append(unknown, m)
			keyBytes += len(key)
			continue
		}
		known = append(known, m)
	}
	if sc.err != nil {
		return sc.err
	}
	*extra = newExtra(data, unknown, keyBytes)
	if direct && info.decs != nil {
		// Every value is valid JSON now: most are decoded directly. At
		// the first one that is not simple to decode, v is put back as
		// it was and encoding/json decodes the object, reporting errors
		// as it does.
		orig := *v
		if decodeFields(reflect.ValueOf(v).Elem(), data, known, info.decs) {
			return nil
		}
		*v = orig
	}
	bufp := filterBufs.Get().(*[]byte)
	defer func() {
		if cap(*bufp) <= 1<<16 {
			filterBufs.Put(bufp)
		}
	}()
	obj := append((*bufp)[:0], '{')
	for i, m := range known {
		if i > 0 {
			obj = append(obj, ',')
		}
		obj = append(obj, data[m.ks-1:m.ve]...)
	}
	obj = append(obj, '}')
	*bufp = obj
	// Decoding only the known members spares encoding/json the rest, and
	// keeps it from filling a field from a member whose name differs in case.
	return json.Unmarshal(obj, v)
}

// newExtra copies the unknown members of data into an Extra, with one
// allocation for the keys and one for the values. keyBytes is the length of
// the keys that need no unescaping.
func newExtra(data []byte, unknown []memberSpan, keyBytes int) Extra {
	if len(unknown) == 0 {
		return nil
	}
	valueBytes := 0
	for _, m := range unknown {
		valueBytes += m.ve - m.vs
	}
	kb := make([]byte, 0, keyBytes)
	for _, m := range unknown {
		if !m.keyEscaped {
			kb = append(kb, data[m.ks:m.ke]...)
		}
	}
	keys := string(kb)
	vals := make([]byte, 0, valueBytes)
	ex := make(Extra, len(unknown))
	for _, m := range unknown {
		name := m.key
		if !m.keyEscaped {
			name, keys = keys[:m.ke-m.ks], keys[m.ke-m.ks:]
		}
		start := len(vals)
		vals = append(vals, data[m.vs:m.ve]...)
		ex[name] = json.RawMessage(vals[start:len(vals):len(vals)])
	}
	return ex
}

// unescapeKey decodes the escaped name of member m of the object data.
func unescapeKey(data []byte, m memberSpan) (string, error) {
	var name string
	err := json.Unmarshal(data[m.ks-1:m.ke+1], &name)
	return name, err
}

// marshalKeeping encodes v with encoding/json (without HTML escaping; an
// enclosing json.Marshal applies its own), then appends the members of extra
// whose names v's encoding did not write, in name order. Values in extra
// must be valid JSON and are written as they are (an enclosing json.Marshal
// compacts them); an empty one is written as null.
//
// T must be a struct type, as for unmarshalKeeping.
func marshalKeeping[T any](v *T, extra Extra) ([]byte, error) {
	info := keepInfoOf(reflect.TypeFor[T]())
	if info.err != nil {
		return nil, info.err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	out := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	if len(extra) == 0 {
		return out, nil
	}
	var written map[string]bool // names v's encoding wrote; built on demand
	return appendExtra(out[:len(out)-1], len(out) > 2, extra, func(name string) bool {
		if _, isKnown := info.fields[name]; !isKnown {
			return false
		}
		if written == nil {
			written = memberNames(out)
		}
		return written[name]
	})
}

// appendExtra appends the members of extra, in name order, except those for
// which skip reports true, to b, an object's encoding without its closing
// brace, and closes the object. nonEmpty tells whether b has members. All
// calls to skip come before b is written to.
func appendExtra(b []byte, nonEmpty bool, extra Extra, skip func(name string) bool) ([]byte, error) {
	names := make([]string, 0, len(extra))
	size := 1
	for name, raw := range extra {
		if !skip(name) {
			names = append(names, name)
			size += len(name) + len(raw) + 8
		}
	}
	slices.Sort(names)
	b = slices.Grow(b, size)
	for _, name := range names {
		if nonEmpty {
			b = append(b, ',')
		}
		nonEmpty = true
		b = appendJSONString(b, name)
		b = append(b, ':')
		raw := bytes.TrimSpace(extra[name])
		if len(raw) == 0 {
			b = append(b, "null"...)
			continue
		}
		if end, err := scanValue(raw, 0, 1); err != nil || end != len(raw) {
			if err == nil {
				err = jsonSyntaxError(raw, end, "after top-level value")
			}
			return nil, fmt.Errorf("freshbooks: Extra[%q]: %w", name, err)
		}
		b = append(b, raw...)
	}
	return append(b, '}'), nil
}

// memberNames returns the names of the members of the JSON object b, which
// encoding/json wrote.
func memberNames(b []byte) map[string]bool {
	names := map[string]bool{}
	sc := objScanner{data: b}
	if ok, err := sc.begin(); !ok || err != nil {
		return names
	}
	for {
		m, ok := sc.next()
		if !ok {
			return names
		}
		name := string(b[m.ks:m.ke])
		if m.keyEscaped {
			name, _ = unescapeKey(b, m)
		}
		names[name] = true
	}
}

// appendJSONString appends s as a JSON string, as encoding/json writes it
// without HTML escaping.
func appendJSONString(b []byte, s string) []byte { return jsontext.AppendString(b, s, false) }

// isJSONNull reports whether b is the JSON literal null.
func isJSONNull(b []byte) bool {
	return string(bytes.TrimSpace(b)) == "null"
}

// jsonKind names the kind of the JSON value b, for an UnmarshalTypeError.
func jsonKind(b []byte) string {
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case '"':
		return "string"
	case '[':
		return "array"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}
