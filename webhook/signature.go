package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"unicode/utf16"
)

// SignatureHeader is the request header carrying a delivery's signature.
const SignatureHeader = "X-FreshBooks-Hmac-SHA256"

// Errors returned by [Verify], [Sign], [CanonicalJSON] and [Parse]. Returned
// errors may wrap them with detail; test with [errors.Is]. No error message
// contains a verifier or a signature.
var (
	// ErrMissingSignature reports a delivery without a signature.
	ErrMissingSignature = errors.New("webhook: missing signature")
	// ErrInvalidSignature reports a signature that does not match the body,
	// or an empty verifier.
	ErrInvalidSignature = errors.New("webhook: invalid signature")
	// ErrMalformedBody reports a body that is not a well-formed delivery.
	ErrMalformedBody = errors.New("webhook: malformed body")
)

var errEmptyVerifier = fmt.Errorf("%w: empty verifier", ErrInvalidSignature)

// Verify reports whether signature, the value of the [SignatureHeader]
// header, is the signature of body by verifier. body is the raw
// form-encoded request body. It returns nil for a good signature and
// otherwise an error wrapping [ErrMissingSignature], [ErrInvalidSignature]
// or [ErrMalformedBody]. The comparison takes constant time.
//
// An empty verifier matches nothing: anyone can sign with an empty key.
func Verify(verifier string, body []byte, signature string) error {
	if signature == "" {
		return ErrMissingSignature
	}
	want, err := Sign(verifier, body)
	if err != nil {
		return err
	}
	if !hmac.Equal([]byte(signature), []byte(want)) {
		return ErrInvalidSignature
	}
	return nil
}

// Sign returns the signature FreshBooks sends with body, a form-encoded
// delivery, for a callback whose verifier is verifier: the standard, padded
// base64 of the HMAC-SHA256 of [CanonicalJSON](body) keyed with the
// verifier's UTF-8 bytes. It is meant for tests and emulators.
func Sign(verifier string, body []byte) (string, error) {
	if verifier == "" {
		return "", errEmptyVerifier
	}
	msg, err := CanonicalJSON(body)
	if err != nil {
		return "", err
	}
	return sign(verifier, msg), nil
}

func sign(verifier string, msg []byte) string {
	mac := hmac.New(sha256.New, []byte(verifier))
	mac.Write(msg)
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// CanonicalJSON returns the message FreshBooks signs for body, a
// form-encoded delivery: the fields in the order received, as a JSON object
// of strings written byte for byte as Python's json.dumps writes a dict, for
// example
//
//	{"name": "client.update", "object_id": "177864", "account_id": "K1pdgJ"}
//
// That is: ", " and ": " separators; of printable ASCII only '"' and '\'
// escaped (not '/', '<', '>' or '&', unlike Go's encoding/json); \n, \r,
// \t, \b and \f as such; any other character outside ' '..'~' as \uXXXX
// in lowercase hex, and one beyond U+FFFF as a UTF-16 surrogate pair.
//
// The body is decoded as a form: "&"-separated pairs, "+" for a space, %XX
// for a byte, invalid UTF-8 replaced by U+FFFD. A malformed %-escape or a
// repeated key is an error wrapping [ErrMalformedBody]: FreshBooks never
// sends either.
func CanonicalJSON(body []byte) ([]byte, error) {
	fields, err := parseForm(body)
	if err != nil {
		return nil, err
	}
	return canonicalJSON(fields), nil
}

func canonicalJSON(fields []Field) []byte {
	b := []byte{'{'}
	for i, f := range fields {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendString(b, f.Key)
		b = append(b, ": "...)
		b = appendString(b, f.Value)
	}
	return append(b, '}')
}

// appendString appends s, valid UTF-8, as a JSON string with Python's
// ensure_ascii escaping.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case ' ' <= r && r <= '~':
			b = append(b, byte(r))
		case r == '\n':
			b = append(b, `\n`...)
		case r == '\r':
			b = append(b, `\r`...)
		case r == '\t':
			b = append(b, `\t`...)
		case r == '\b':
			b = append(b, `\b`...)
		case r == '\f':
			b = append(b, `\f`...)
		case r > 0xFFFF:
			r1, r2 := utf16.EncodeRune(r)
			b = appendUnicodeEscape(appendUnicodeEscape(b, r1), r2)
		default:
			b = appendUnicodeEscape(b, r)
		}
	}
	return append(b, '"')
}

func appendUnicodeEscape(b []byte, r rune) []byte {
	const hex = "0123456789abcdef"
	return append(b, '\\', 'u', hex[r>>12&0xF], hex[r>>8&0xF], hex[r>>4&0xF], hex[r&0xF])
}
