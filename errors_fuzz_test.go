package freshbooks

import (
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzSecret stands for a secret of the client's that a server echoes.
const fuzzSecret = "fuzz-s3cret-0123456789"

// FuzzParseAPIError feeds arbitrary bodies to the error decoder: it must
// never panic, always produce a usable error that says every detail, and
// never show the client's secret or a credential-shaped value.
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
		// Faults of issue 14: the events family's first detail, and
		// secrets echoed back in a page, a form and escaped JSON.
		`{"errno": 422, "message": "The request was well-formed but was unable to be followed due to semantic errors.", "details": ["event: Value error, Unrecognized event."]}`,
		`<html><pre>Authorization: Bearer ` + fuzzSecret + `</pre></html>`,
		`{"error": "invalid_grant", "error_description": "grant_type=refresh_token&refresh_token=abc&client_secret=def"}`,
		`{"errno": 1, "message": "fuzz-s3cret-01234567\u0038\u0039", "details": ["token: ` + fuzzSecret + `"]}`,
		`{"errno": 2001, "error": {"access_token": "abc"}}`,
	} {
		f.Add(400, []byte(s), "3")
	}
	f.Fuzz(func(t *testing.T, status int, body []byte, retry string) {
		h := http.Header{"Retry-After": {retry}}
		e := parseAPIError(status, h, body, newScrubber(fuzzSecret))
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
		for _, d := range e.Details {
			// The detail the message repeats may be said without its field.
			if !strings.Contains(msg, scrubPatterns(d.text())) && !strings.Contains(msg, scrubPatterns(d.Message)) {
				t.Fatalf("detail %q missing from %q", d.text(), msg)
			}
		}
		shown := []string{msg, e.Code, e.Message, string(e.Body)}
		for _, d := range e.Details {
			shown = append(shown, d.Field, d.Object, d.Value, d.Message)
		}
		for _, s := range shown {
			if strings.Contains(s, fuzzSecret) {
				t.Fatalf("secret shown in %q", s)
			}
		}
		for _, m := range secretPattern.FindAllStringSubmatch(msg, -1) {
			if !strings.HasPrefix(m[0][len(m[1]):], redacted) {
				t.Fatalf("credential shown in %q", msg)
			}
		}
	})
}
