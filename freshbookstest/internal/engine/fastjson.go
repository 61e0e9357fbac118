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
		m := map[string]any{}
		p.space()
		if p.i < len(p.d) && p.d[p.i] == '}' {
			p.i++
			return m, nil
		}
		for {
			p.space()
			k, err := p.str()
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
		return p.str()
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

// str reads a string; escapes and invalid UTF-8 (rare in stored records)
// go through encoding/json.
func (p *jsonParser) str() (string, error) {
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
				return string(raw), nil
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
