package freshbooks

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"
)

// secretPattern matches credentials in the forms a server may echo back
// (a page reflecting the request headers, a token endpoint reflecting its
// form): "Bearer <token>", and "client_secret=<…>" and its kin (a
// webhook callback's verifier among them) as a form field or a JSON member.
var secretPattern = regexp.MustCompile(`(?i)(\bbearer\s+|\b(?:client_secret|refresh_token|access_token|code_verifier|verifier)"?\s*[=:]\s*"?)[^\s&"',;<>]+`)

// minSecretLen is the shortest known secret scrubbed by value: shorter
// strings would wreck the text they occur in, and real FreshBooks
// secrets are far longer.
const minSecretLen = 8

// A scrubber removes the client's own secrets, and anything shaped like
// a credential, from text built out of a server's answer.
type scrubber struct{ secrets []string }

// newScrubber knows the given secrets (empty and short ones are ignored)
// in their raw and URL-encoded forms.
func newScrubber(secrets ...string) scrubber {
	var s scrubber
	for _, v := range secrets {
		if len(v) < minSecretLen {
			continue
		}
		s.secrets = append(s.secrets, v)
		if q := url.QueryEscape(v); q != v {
			s.secrets = append(s.secrets, q)
		}
	}
	return s
}

const redacted = "[redacted]"

// text scrubs one string.
func (s scrubber) text(v string) string {
	for _, secret := range s.secrets {
		v = strings.ReplaceAll(v, secret, redacted)
	}
	return scrubPatterns(v)
}

// scrubPatterns hides the values of credential-shaped text.
func scrubPatterns(v string) string { return secretPattern.ReplaceAllString(v, "${1}"+redacted) }

// bytes scrubs a body, returning b itself when there is nothing to hide.
func (s scrubber) bytes(b []byte) []byte {
	for _, secret := range s.secrets {
		if bytes.Contains(b, []byte(secret)) {
			b = bytes.ReplaceAll(b, []byte(secret), []byte(redacted))
		}
	}
	return secretPattern.ReplaceAll(b, []byte("${1}"+redacted))
}

// apiError scrubs every field of e built from the answer.
func (s scrubber) apiError(e *APIError) *APIError {
	e.Message, e.Code = s.text(e.Message), s.text(e.Code)
	for i := range e.Details {
		d := &e.Details[i]
		d.Field, d.Object, d.Value, d.Message = s.text(d.Field), s.text(d.Object), s.text(d.Value), s.text(d.Message)
	}
	return e
}

// scrubber knows the client's secrets now, and extra ones of the call
// (the access token it sent, a refresh token or verifier it redeems).
func (c *Client) scrubber(extra ...string) scrubber {
	t := c.Token()
	return newScrubber(append(extra, c.oauth.ClientSecret, t.AccessToken, t.RefreshToken)...)
}
