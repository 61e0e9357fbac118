package freshbooks

import "fmt"

// This file holds a small validating JSON scanner that splits an object into
// its members without decoding them. It accepts exactly what json.Valid
// accepts (the fuzz test FuzzScanValid checks this), including its nesting
// limit.

const maxJSONDepth = 10000 // encoding/json's limit

// memberSpan locates a member of a JSON object: offsets into the input.
type memberSpan struct {
	key        string // set when the key needed unescaping
	ks, ke     int    // key contents, between the quotes
	vs, ve     int    // value
	keyEscaped bool
}

// objScanner walks the members of the JSON object in data.
type objScanner struct {
	data  []byte
	pos   int
	err   error
	first bool
	done  bool
	// decoded names a member whose value is only delimited, not
	// validated: its reader decodes it with encoding/json, which
	// validates it anyway, so the bytes are checked once, not twice.
	decoded string
}

// begin reports whether data holds a JSON object. If it holds some other
// valid JSON value, begin returns false and no error.
func (s *objScanner) begin() (bool, error) {
	d := s.data
	i := skipJSONSpace(d, 0)
	if i < len(d) && d[i] == '{' {
		s.pos, s.first = i+1, true
		return true, nil
	}
	end, err := scanValue(d, i, 0)
	if err != nil {
		return false, err
	}
	if j := skipJSONSpace(d, end); j != len(d) {
		return false, jsonSyntaxError(d, j, "after top-level value")
	}
	return false, nil
}

// next returns the next member of the object, or false at its end or at a
// syntax error, which it leaves in s.err.
func (s *objScanner) next() (memberSpan, bool) {
	if s.done || s.err != nil {
		return memberSpan{}, false
	}
	d := s.data
	i := skipJSONSpace(d, s.pos)
	if s.first {
		s.first = false
		if i < len(d) && d[i] == '}' {
			return s.finish(i + 1)
		}
	} else {
		switch {
		case i >= len(d):
			return s.fail(i, "in object")
		case d[i] == ',':
			i = skipJSONSpace(d, i+1)
		case d[i] == '}':
			return s.finish(i + 1)
		default:
			return s.fail(i, "after object member")
		}
	}
	if i >= len(d) || d[i] != '"' {
		return s.fail(i, "looking for beginning of object key string")
	}
	ke, esc, err := scanString(d, i)
	if err != nil {
		s.err = err
		return memberSpan{}, false
	}
	m := memberSpan{ks: i + 1, ke: ke - 1, keyEscaped: esc}
	i = skipJSONSpace(d, ke)
	if i >= len(d) || d[i] != ':' {
		return s.fail(i, "after object key")
	}
	i = skipJSONSpace(d, i+1)
	var ve int
	if s.decoded != "" && !esc && string(d[m.ks:m.ke]) == s.decoded {
		ve, err = delimitValue(d, i)
	} else {
		ve, err = scanValue(d, i, 1)
	}
	if err != nil {
		s.err = err
		return memberSpan{}, false
	}
	m.vs, m.ve = i, ve
	s.pos = ve
	return m, true
}

func (s *objScanner) finish(i int) (memberSpan, bool) {
	if j := skipJSONSpace(s.data, i); j != len(s.data) {
		return s.fail(j, "after top-level value")
	}
	s.done = true
	return memberSpan{}, false
}

func (s *objScanner) fail(i int, where string) (memberSpan, bool) {
	s.err = jsonSyntaxError(s.data, i, where)
	return memberSpan{}, false
}

func jsonSyntaxError(d []byte, i int, where string) error {
	if i >= len(d) {
		return fmt.Errorf("freshbooks: invalid JSON: unexpected end of input")
	}
	return fmt.Errorf("freshbooks: invalid JSON: invalid character %q %s (offset %d)", d[i], where, i)
}

func skipJSONSpace(d []byte, i int) int {
	for i < len(d) {
		switch d[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// scanValue returns the end of the JSON value that starts at d[i], which sits
// at the given nesting depth.
func scanValue(d []byte, i, depth int) (int, error) {
	var stackArr [32]byte
	stack := stackArr[:0] // '{' or '[' for each open container
	for {
		// A value starts at i.
		if i >= len(d) {
			return i, jsonSyntaxError(d, i, "")
		}
		closed := true // the value ends at i
		switch c := d[i]; {
		case c == '{' || c == '[':
			if depth+len(stack) >= maxJSONDepth {
				return i, fmt.Errorf("freshbooks: invalid JSON: exceeded max depth (offset %d)", i)
			}
			stack = append(stack, c)
			i = skipJSONSpace(d, i+1)
			if i < len(d) && d[i] == c+2 { // '}' or ']'
				stack = stack[:len(stack)-1]
				i++
				break
			}
			if c == '{' {
				var err error
				if i, err = scanKey(d, i); err != nil {
					return i, err
				}
			}
			closed = false
		case c == '"':
			var err error
			if i, _, err = scanString(d, i); err != nil {
				return i, err
			}
		case c == '-' || isASCIIDigit(c):
			var err error
			if i, err = scanNumber(d, i); err != nil {
				return i, err
			}
		case c == 't':
			if !hasLiteral(d, i, "true") {
				return i, jsonSyntaxError(d, i, "in literal true")
			}
			i += 4
		case c == 'f':
			if !hasLiteral(d, i, "false") {
				return i, jsonSyntaxError(d, i, "in literal false")
			}
			i += 5
		case c == 'n':
			if !hasLiteral(d, i, "null") {
				return i, jsonSyntaxError(d, i, "in literal null")
			}
			i += 4
		default:
			return i, jsonSyntaxError(d, i, "looking for beginning of value")
		}
		if !closed {
			continue
		}
		// A value ended at i: close containers or move to the next element.
	after:
		for {
			if len(stack) == 0 {
				return i, nil
			}
			i = skipJSONSpace(d, i)
			if i >= len(d) {
				return i, jsonSyntaxError(d, i, "")
			}
			top := stack[len(stack)-1]
			switch d[i] {
			case ',':
				i = skipJSONSpace(d, i+1)
				if top == '{' {
					var err error
					if i, err = scanKey(d, i); err != nil {
						return i, err
					}
				}
				break after
			case top + 2:
				stack = stack[:len(stack)-1]
				i++
			default:
				return i, jsonSyntaxError(d, i, "after value")
			}
		}
	}
}

// scanKey scans `"key" :` at d[i] and returns where the value starts.
func scanKey(d []byte, i int) (int, error) {
	if i >= len(d) || d[i] != '"' {
		return i, jsonSyntaxError(d, i, "looking for beginning of object key string")
	}
	i, _, err := scanString(d, i)
	if err != nil {
		return i, err
	}
	i = skipJSONSpace(d, i)
	if i >= len(d) || d[i] != ':' {
		return i, jsonSyntaxError(d, i, "after object key")
	}
	return skipJSONSpace(d, i+1), nil
}

func hasLiteral(d []byte, i int, lit string) bool {
	return len(d)-i >= len(lit) && string(d[i:i+len(lit)]) == lit
}

// scanString returns the end of the JSON string that starts at d[i] == '"',
// and whether it holds escapes.
func scanString(d []byte, i int) (end int, escaped bool, err error) {
	for j := i + 1; j < len(d); {
		// Most bytes stand for themselves: skip them in a tight loop.
		for j < len(d) && d[j] >= 0x20 && d[j] != '"' && d[j] != '\\' {
			j++
		}
		if j >= len(d) {
			break
		}
		switch c := d[j]; {
		case c == '"':
			return j + 1, escaped, nil
		case c == '\\':
			escaped = true
			if j+1 >= len(d) {
				return j, escaped, jsonSyntaxError(d, j+1, "in string escape code")
			}
			switch d[j+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				j += 2
			case 'u':
				for k := j + 2; k < j+6; k++ {
					if k >= len(d) || !isHexDigit(d[k]) {
						return k, escaped, jsonSyntaxError(d, k, "in \\u hexadecimal character escape")
					}
				}
				j += 6
			default:
				return j + 1, escaped, jsonSyntaxError(d, j+1, "in string escape code")
			}
		case c < 0x20:
			return j, escaped, jsonSyntaxError(d, j, "in string literal")
		default:
			j++
		}
	}
	return len(d), escaped, jsonSyntaxError(d, len(d), "")
}

func isHexDigit(c byte) bool {
	return isASCIIDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// scanNumber returns the end of the JSON number that starts at d[i].
func scanNumber(d []byte, i int) (int, error) {
	if d[i] == '-' {
		i++
	}
	switch {
	case i >= len(d) || !isASCIIDigit(d[i]):
		return i, jsonSyntaxError(d, i, "in numeric literal")
	case d[i] == '0':
		i++
	default:
		for i < len(d) && isASCIIDigit(d[i]) {
			i++
		}
	}
	if i < len(d) && d[i] == '.' {
		i++
		if i >= len(d) || !isASCIIDigit(d[i]) {
			return i, jsonSyntaxError(d, i, "after decimal point in numeric literal")
		}
		for i < len(d) && isASCIIDigit(d[i]) {
			i++
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) || !isASCIIDigit(d[i]) {
			return i, jsonSyntaxError(d, i, "in exponent of numeric literal")
		}
		for i < len(d) && isASCIIDigit(d[i]) {
			i++
		}
	}
	return i, nil
}

// delimitValue returns the end of the JSON value that starts at d[i],
// following strings and brackets without validating the rest: the caller
// validates the value it delimits.
func delimitValue(d []byte, i int) (int, error) {
	depth := 0
	for j := i; j < len(d); j++ {
		switch c := d[j]; c {
		case '"':
			for j++; j < len(d) && d[j] != '"'; j++ {
				if d[j] == '\\' {
					j++
				}
			}
			if j >= len(d) {
				return 0, jsonSyntaxError(d, len(d), "in string literal")
			}
			if depth == 0 {
				return j + 1, nil
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return j, nil // the end of a scalar, and of its container
			}
			if depth--; depth == 0 {
				return j + 1, nil
			}
		case ',', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return j, nil
			}
		}
	}
	if depth > 0 {
		return 0, jsonSyntaxError(d, len(d), "in value")
	}
	return len(d), nil
}

// splitList appends to spans where each element of list, a valid JSON
// list, starts and ends.
func splitList(list []byte, spans [][2]int) [][2]int {
	for i := skipJSONSpace(list, 1); list[i] != ']'; {
		end, _ := delimitValue(list, i) // valid JSON: no error
		spans = append(spans, [2]int{i, end})
		if i = skipJSONSpace(list, end); list[i] == ',' {
			i = skipJSONSpace(list, i+1)
		}
	}
	return spans
}
