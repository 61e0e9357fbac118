package freshbooks

import (
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseAPIError feeds arbitrary bodies to the error decoder: it must
// never panic, and always produce a usable error.
func FuzzParseAPIError(f *testing.F) {
	for _, s := range []string{
		`{"response": {"errors": [{"errno": 1012, "field": "userid", "message": "Client not found.", "object": "client", "value": "12345"}]}}`,
		`{"response": {"errors": {"errno": "7", "message": 3}}}`,
		`{"code": 5, "details": [{"@type": "x.ErrorInfo", "reason": "1012", "metadata": {"field": 1}}]}`,
		`{"errno": 422, "message": "m", "details": ["a: b", "c"]}`,
		`{"errno": 2001, "error": {"title": "field required", "x": [1]}}`,
		`{"errors": {"message": "m", "details": [{"reason": "r", "metadata": {"field": null}}]}}`,
		`{"error_type": "validation", "errors": [{"field": "f", "message": "m"}]}`,
		`{"error": "unauthenticated", "error_description": "d"}`,
		`{"error": {"x": {"y": 1}}}`, `[]`, `null`, `"x"`, `<html>`, "", "\xff\xfe",
	} {
		f.Add(400, []byte(s), "3")
	}
	f.Fuzz(func(t *testing.T, status int, body []byte, retry string) {
		h := http.Header{"Retry-After": {retry}}
		e := parseAPIError(status, h, body)
		msg := e.Error()
		if !strings.HasPrefix(msg, "freshbooks: ") {
			t.Fatalf("message %q", msg)
		}
		if e.RetryAfter < 0 {
			t.Fatalf("negative Retry-After %v", e.RetryAfter)
		}
		if !utf8.ValidString(excerpt(body)) {
			t.Fatal("excerpt is not valid UTF-8")
		}
	})
}
