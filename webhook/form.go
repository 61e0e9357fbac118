package webhook

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// A Field is one form field of a delivery, decoded: Key and Value are
// UTF-8 text.
type Field struct {
	Key   string
	Value string
}

// parseForm decodes an application/x-www-form-urlencoded body into its
// fields, in the order received.
//
// Pairs are separated by "&" (not ";"); empty pairs are skipped; a pair
// without "=" has an empty value. In keys and values "+" means a space and
// %XX a byte; a raw byte means the same as its escape. The decoded bytes are
// read as UTF-8, each maximal ill-formed subsequence becoming U+FFFD, as
// Python's bytes.decode("utf-8", "replace") does.
//
// A malformed escape or a repeated key is an error wrapping
// [ErrMalformedBody]. FreshBooks signs a dict, so it never repeats a key, and
// Python receivers disagree on which value to keep (dict keeps the last,
// Werkzeug's MultiDict the first); refusing repeats leaves no room for the
// signed fields and the fields an application reads to differ.
func parseForm(body []byte) ([]Field, error) {
	var fields []Field
	seen := make(map[string]bool)
	for s := string(body); s != ""; {
		var pair string
		pair, s, _ = strings.Cut(s, "&")
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		key, err := unescape(k)
		if err != nil {
			return nil, err
		}
		value, err := unescape(v)
		if err != nil {
			return nil, err
		}
		if seen[key] {
			return nil, fmt.Errorf("%w: repeated field %q", ErrMalformedBody, key)
		}
		seen[key] = true
		fields = append(fields, Field{key, value})
	}
	return fields, nil
}

// fieldValue returns the value of the field named key, or "".
func fieldValue(fields []Field, key string) string {
	for _, f := range fields {
		if f.Key == key {
			return f.Value
		}
	}
	return ""
}

// unescape decodes one form-encoded key or value.
func unescape(s string) (string, error) {
	if !strings.ContainsAny(s, "%+") {
		return validUTF8([]byte(s)), nil
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '+':
			b = append(b, ' ')
		case '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				esc := s[i:min(i+3, len(s))]
				return "", fmt.Errorf("%w: invalid escape %q", ErrMalformedBody, esc)
			}
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			b = append(b, c)
		}
	}
	return validUTF8(b), nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	default:
		return c - 'a' + 10
	}
}

// validUTF8 returns b as a string, replacing each maximal ill-formed
// subsequence with one U+FFFD, the Unicode-recommended practice that Python
// follows. (strings.ToValidUTF8 replaces whole runs instead, and ranging over
// a string yields one U+FFFD per byte.)
func validUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			n = illFormedLen(b)
			sb.WriteRune(utf8.RuneError)
		} else {
			sb.Write(b[:n])
		}
		b = b[n:]
	}
	return sb.String()
}

// illFormedLen returns the length of the maximal subpart of an ill-formed
// sequence at the start of b: a lead byte and the continuation bytes that
// could still have completed it (Unicode 15, table 3-7).
func illFormedLen(b []byte) int {
	lo, hi := byte(0x80), byte(0xBF) // range of the second byte
	var need int                     // continuation bytes the lead byte wants
	switch c := b[0]; {
	case 0xC2 <= c && c <= 0xDF:
		need = 1
	case c == 0xE0:
		need, lo = 2, 0xA0
	case c == 0xED:
		need, hi = 2, 0x9F
	case 0xE1 <= c && c <= 0xEF:
		need = 2
	case c == 0xF0:
		need, lo = 3, 0x90
	case c == 0xF4:
		need, hi = 3, 0x8F
	case 0xF1 <= c && c <= 0xF3:
		need = 3
	default:
		return 1
	}
	n := 1
	for n <= need && n < len(b) {
		c := b[n]
		if n == 1 && (c < lo || c > hi) || n > 1 && (c < 0x80 || c > 0xBF) {
			break
		}
		n++
	}
	return n
}

// Encode returns fields as an application/x-www-form-urlencoded body, in
// order, the way FreshBooks sends a delivery. Unlike [url.Values.Encode] it
// does not sort the keys, which would change the signature.
func Encode(fields []Field) []byte {
	var b []byte
	for i, f := range fields {
		if i > 0 {
			b = append(b, '&')
		}
		b = append(b, url.QueryEscape(f.Key)...)
		b = append(b, '=')
		b = append(b, url.QueryEscape(f.Value)...)
	}
	return b
}
