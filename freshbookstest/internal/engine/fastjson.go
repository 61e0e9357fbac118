package engine

import (
	"encoding/json"
	"errors"
	"unicode/utf8"
)

// ParseJSON decodes a JSON document into the values records hold: maps,
// slices, strings, json.Number, bools and nil. It is what encoding/json
// does with UseNumber into an any, several times faster: start-up decodes
// every stored record. Malformed input is an error, never a panic.
func ParseJSON(d []byte) (any, error) {
	p := jsonParser{d: d}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	if p.space(); p.i != len(d) {
		return nil, ErrBadJSON
	}
	return v, nil
}

var ErrBadJSON = errors.New("freshbookstest: malformed JSON")

type jsonParser struct {
	d []byte
	i int
	// sizes are the sizes of the last objects read at the first depths,
	// the capacity the next ones start with: records of one table share
	// their shape, and a map made to size is not grown and rehashed.
	sizes [8]int
	// keys, when set, shares the strings of the keys read (records of a
	// table share theirs).
	keys map[string]string
}

// decoder decodes many records in turn (not concurrently): their maps
// are made to the size of the records before them, and the records share
// their keys' strings.
type decoder struct{ p jsonParser }

// Record decodes a stored JSON object, or returns nil.
func (d *decoder) Record(b []byte) Record {
	if d.p.keys == nil {
		d.p.keys = map[string]string{}
	}
	d.p.d, d.p.i = b, 0
	v, err := d.p.value(0)
	if d.p.space(); err != nil || d.p.i != len(b) {
		return nil
	}
	m, _ := v.(map[string]any)
	return m
}

func (p *jsonParser) space() {
	for p.i < len(p.d) && (p.d[p.i] == ' ' || p.d[p.i] == '\n' || p.d[p.i] == '\t' || p.d[p.i] == '\r') {
		p.i++
	}
}

func (p *jsonParser) value(depth int) (any, error) {
	if depth > 1000 {
		return nil, ErrBadJSON
	}
	p.space()
	if p.i >= len(p.d) {
		return nil, ErrBadJSON
	}
	switch c := p.d[p.i]; {
	case c == '{':
		p.i++
		var m map[string]any
		if depth < len(p.sizes) {
			m = make(map[string]any, p.sizes[depth])
			defer func() { p.sizes[depth] = len(m) }()
		} else {
			m = map[string]any{}
		}
		p.space()
		if p.i < len(p.d) && p.d[p.i] == '}' {
			p.i++
			return m, nil
		}
		for {
			p.space()
			k, err := p.text(p.keys)
			if err != nil {
				return nil, err
			}
			p.space()
			if p.i >= len(p.d) || p.d[p.i] != ':' {
				return nil, ErrBadJSON
			}
			p.i++
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			m[k] = v
			p.space()
			if p.i >= len(p.d) {
				return nil, ErrBadJSON
			}
			if p.d[p.i] == '}' {
				p.i++
				return m, nil
			}
			if p.d[p.i] != ',' {
				return nil, ErrBadJSON
			}
			p.i++
		}
	case c == '[':
		p.i++
		s := []any{}
		p.space()
		if p.i < len(p.d) && p.d[p.i] == ']' {
			p.i++
			return s, nil
		}
		for {
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			s = append(s, v)
			p.space()
			if p.i >= len(p.d) {
				return nil, ErrBadJSON
			}
			if p.d[p.i] == ']' {
				p.i++
				return s, nil
			}
			if p.d[p.i] != ',' {
				return nil, ErrBadJSON
			}
			p.i++
		}
	case c == '"':
		return p.text(nil)
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		start := p.i
		for p.i < len(p.d) && (p.d[p.i] == '-' || p.d[p.i] == '+' || p.d[p.i] == '.' || p.d[p.i] == 'e' || p.d[p.i] == 'E' || (p.d[p.i] >= '0' && p.d[p.i] <= '9')) {
			p.i++
		}
		if !json.Valid(p.d[start:p.i]) {
			return nil, ErrBadJSON
		}
		return json.Number(p.d[start:p.i]), nil
	}
	return nil, ErrBadJSON
}

func (p *jsonParser) literal(lit string) error {
	if len(p.d)-p.i < len(lit) || string(p.d[p.i:p.i+len(lit)]) != lit {
		return ErrBadJSON
	}
	p.i += len(lit)
	return nil
}

// text reads a string, shared through shared when that is set; escapes
// and invalid UTF-8 (rare in stored records) go through encoding/json.
func (p *jsonParser) text(shared map[string]string) (string, error) {
	if p.i >= len(p.d) || p.d[p.i] != '"' {
		return "", ErrBadJSON
	}
	start := p.i
	escaped := false
	for p.i++; p.i < len(p.d); p.i++ {
		switch c := p.d[p.i]; {
		case c == '\\':
			escaped = true
			p.i++
		case c == '"':
			p.i++
			if raw := p.d[start+1 : p.i-1]; !escaped && utf8.Valid(raw) {
				if shared == nil {
					return string(raw), nil
				}
				if s, ok := shared[string(raw)]; ok {
					return s, nil
				}
				s := string(raw)
				shared[s] = s
				return s, nil
			}
			var s string
			if err := json.Unmarshal(p.d[start:p.i], &s); err != nil {
				return "", ErrBadJSON
			}
			return s, nil
		case c < 0x20:
			return "", ErrBadJSON
		}
	}
	return "", ErrBadJSON
}
