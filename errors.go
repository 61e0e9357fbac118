package freshbooks

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Sentinel errors matched by [*APIError] through errors.Is.
var (
	ErrNotFound     = errors.New("freshbooks: not found")           // 404
	ErrUnauthorized = errors.New("freshbooks: unauthorized")        // 401: missing, bad, expired or revoked token
	ErrForbidden    = errors.New("freshbooks: forbidden")           // 403: missing scope or permission
	ErrValidation   = errors.New("freshbooks: validation failed")   // 422, or 400 with field details
	ErrRateLimited  = errors.New("freshbooks: rate limited")        // 429
	ErrServer       = errors.New("freshbooks: server error")        // 5xx
	ErrBadResponse  = errors.New("freshbooks: unexpected response") // a 2xx body that is not the expected shape
)

// ErrRedirect matches a [*RedirectError].
var ErrRedirect = errors.New("freshbooks: redirect not followed")

// A RedirectError reports a redirect the client did not follow: one that
// would change the request's method (a 301, 302 or 303 answering a POST,
// PUT or DELETE), send a write to another host, loop, or go on for too
// long, or a 3xx answer with nothing to follow. It matches [ErrRedirect]
// and [ErrBadResponse], and is never retried.
type RedirectError struct {
	Method     string // request method
	Path       string // request path, without the query
	StatusCode int    // the redirect's status
	Location   string // where it pointed, scrubbed of secrets
	Reason     string // why it was not followed
}

// Error names the request, the redirect and where it pointed.
func (e *RedirectError) Error() string {
	return fmt.Sprintf("freshbooks: %s %s: %d redirect to %q not followed: %s", e.Method, e.Path, e.StatusCode, e.Location, e.Reason)
}

// Is matches ErrRedirect and ErrBadResponse.
func (e *RedirectError) Is(target error) bool {
	return target == ErrRedirect || target == ErrBadResponse
}

// An APIError is an error answer from the FreshBooks API, in any of its
// families' shapes: accounting (classic and google.rpc), events, projects
// and time tracking, ledger, online payments, uploads and auth.
type APIError struct {
	StatusCode int    // HTTP status
	Method     string // request method
	Path       string // request path, without the query
	// Errno is FreshBooks' error number (1012 for an unknown accounting
	// record, 2001 for a projects validation error), or 0.
	Errno int
	// Code is a textual error code where the family uses one: "unauthenticated"
	// from auth, "not_found" from online payments.
	Code string
	// Message is the main message; with several details, the first one's.
	Message string
	// Details lists every entry the body carried, in order.
	Details []ErrorDetail
	// RetryAfter is the wait the server asked for (Retry-After), or 0.
	RetryAfter time.Duration
	// Body is the start of the raw body, for debugging.
	Body []byte
	// Hint is the client's reading of the error, when it has one: a 404
	// on a collection names the account or business id that was not
	// found.
	Hint string
}

// An ErrorDetail is one entry of an error answer, usually about one field.
type ErrorDetail struct {
	Errno   int    `json:"errno,omitempty"`
	Field   string `json:"field,omitempty"`
	Object  string `json:"object,omitempty"`
	Value   string `json:"value,omitempty"`
	Message string `json:"message,omitempty"`
}

// Error describes the failure: the request, the status, the message and
// the errno, then the other details.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("freshbooks: ")
	if e.Method != "" {
		fmt.Fprintf(&b, "%s %s: ", e.Method, e.Path)
	}
	b.WriteString(strconv.Itoa(e.StatusCode))
	if e.Message != "" {
		b.WriteString(" ")
		b.WriteString(e.Message)
	}
	if e.Errno != 0 {
		fmt.Fprintf(&b, " (errno %d)", e.Errno)
	}
	said := false // the message repeats one detail: that one is not written again
	for _, d := range e.Details {
		text := d.text()
		if text == "" || (!said && (e.Message == text || e.Message == d.Message)) {
			said = said || text != ""
			continue
		}
		b.WriteString("; ")
		b.WriteString(text)
	}
	if e.Hint != "" {
		b.WriteString("; ")
		b.WriteString(e.Hint)
	}
	// A detail's field and message can form a credential's shape together.
	return scrubPatterns(b.String())
}

// text is the detail as the error message shows it: "field: message".
func (d ErrorDetail) text() string {
	if d.Field != "" && d.Message != "" {
		return d.Field + ": " + d.Message
	}
	return d.Message
}

// Is matches the sentinel errors by status.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrValidation:
		return e.StatusCode == http.StatusUnprocessableEntity ||
			(e.StatusCode == http.StatusBadRequest && len(e.Details) > 0)
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500
	case ErrBadResponse:
		return e.StatusCode < 300
	}
	return false
}

// errorBody is the union of every error shape FreshBooks sends.
type errorBody struct {
	// accounting classic: {"response": {"errors": [...] or {...}}}
	Response *struct {
		Errors json.RawMessage `json:"errors"`
		Error  json.RawMessage `json:"error"`
	} `json:"response"`
	// events, google.rpc, projects, payments, auth, uploads
	Errno            any             `json:"errno"`
	Code             any             `json:"code"`
	Message          any             `json:"message"`
	Details          json.RawMessage `json:"details"`
	Error            json.RawMessage `json:"error"`
	ErrorDescription string          `json:"error_description"`
	ErrorType        string          `json:"error_type"`
	// ledger: {"errors": {"message", "status", "details": [...]}}; payments: {"errors": [...]}
	Errors json.RawMessage `json:"errors"`
}

// parseAPIError builds the APIError for an answer whose family is not
// known (a [Client.Do] call): every shape is tried in turn. See
// [Family.parseError].
func parseAPIError(status int, header http.Header, body []byte, s scrubber) *APIError {
	return Family(0).parseError(status, header, body, s)
}

// parseError builds the APIError for an answer from an endpoint of family
// f. It never fails: a body it cannot read becomes a message with an
// excerpt. Secrets are scrubbed from the body before anything is read
// from it, and from every field after (they may have been escaped in the
// JSON).
func (f Family) parseError(status int, header http.Header, body []byte, s scrubber) *APIError {
	return s.apiError(parseErrorBody(f, status, header, s.bytes(body)))
}

// An errorShape is one of the error bodies FreshBooks sends: is tells
// whether a body has that shape, read fills the APIError from it.
type errorShape struct {
	is   func(eb *errorBody) bool
	read func(eb *errorBody, e *APIError)
}

// The error shapes, in the order a body of unknown family is tried; the
// last one takes any body.
var (
	shapeAccounting = errorShape{ // {"response": {"errors": [...] or {...}}}
		is: func(eb *errorBody) bool {
			return eb.Response != nil && (len(eb.Response.Errors) > 0 || len(eb.Response.Error) > 0)
		},
		read: func(eb *errorBody, e *APIError) {
			e.Details = accountingDetails(cmpRaw(eb.Response.Errors, eb.Response.Error))
		},
	}
	shapeRPC = errorShape{ // google.rpc: {"code", "message", "details": [{"@type", ...}]}
		is: func(eb *errorBody) bool { return isArrayOf(eb.Details, "@type") },
		read: func(eb *errorBody, e *APIError) {
			e.Details = rpcDetails(eb.Details)
			e.Errno = asInt(eb.Errno)
			if len(e.Details) == 0 {
				e.Message = asString(eb.Message)
			}
		},
	}
	shapeLedger = errorShape{ // {"errors": {"message", "status", "details": [...]}}
		is:   func(eb *errorBody) bool { return len(eb.Errors) > 0 && eb.Errors[0] == '{' },
		read: func(eb *errorBody, e *APIError) { e.Details = ledgerDetails(eb.Errors, &e.Message) },
	}
	shapePayments = errorShape{ // {"error_type", "message", "errors": [...]}
		is: func(eb *errorBody) bool { return len(eb.Errors) > 0 && eb.Errors[0] == '[' },
		read: func(eb *errorBody, e *APIError) {
			e.Details = accountingDetails(eb.Errors)
			e.Message = asString(eb.Message)
			e.Code = eb.ErrorType
		},
	}
	shapeOAuth = errorShape{ // {"error": "code", "error_description"}
		is: func(eb *errorBody) bool {
			return eb.ErrorDescription != "" || (eb.Errno == nil && isString(eb.Error) && eb.Message == nil && looksLikeOAuthCode(eb.Error))
		},
		read: func(eb *errorBody, e *APIError) {
			e.Code = asString(rawValue(eb.Error))
			e.Message = eb.ErrorDescription
		},
	}
	// projects, time tracking, uploads and events:
	// {"errno", "error": "..." or {"field": "message"}, "message", "details": ["..."]}
	shapeFlat = errorShape{
		is: func(eb *errorBody) bool { return true },
		read: func(eb *errorBody, e *APIError) {
			e.Errno = asInt(eb.Errno)
			e.Code = eb.ErrorType
			e.Message = asString(eb.Message)
			if isString(eb.Error) {
				e.Message = asString(rawValue(eb.Error))
			} else if len(eb.Error) > 0 && eb.Error[0] == '{' {
				e.Details = fieldMapDetails(eb.Error)
			}
			e.Details = append(e.Details, stringDetails(eb.Details)...)
		},
	}
	// shapeErrno is the flat shape, known by its errno: the flat shape
	// takes any body, so a family that uses it claims only these at once.
	shapeErrno  = errorShape{is: func(eb *errorBody) bool { return eb.Errno != nil }, read: shapeFlat.read}
	errorShapes = []errorShape{shapeAccounting, shapeRPC, shapeLedger, shapePayments, shapeOAuth, shapeFlat}
)

// errorShape is the shape of the family's own error answers, and whether
// a body is in it. The flat shape takes any body, so for the families
// that use it only a body with an errno is taken as theirs at once.
func (f Family) errorShape() (errorShape, bool) {
	switch f {
	case FamilyAccounting, FamilyReports:
		return shapeAccounting, true
	case FamilyEvents:
		return shapeRPC, true
	case FamilyLedger:
		return shapeLedger, true
	case FamilyPayments:
		return shapePayments, true
	case FamilyAuth:
		return shapeOAuth, true
	case FamilyProjects, FamilyUploads:
		return shapeErrno, true
	}
	return errorShape{}, false
}

func parseErrorBody(f Family, status int, header http.Header, body []byte) *APIError {
	e := &APIError{StatusCode: status, RetryAfter: retryAfter(header, time.Now()), Body: clip(body, 2048)}
	var eb errorBody
	if err := json.Unmarshal(body, &eb); err != nil {
		e.Message = "unexpected non-JSON response"
		if len(bytes.TrimSpace(body)) > 0 {
			e.Message += ": " + excerpt(body)
		} else if t := http.StatusText(status); t != "" {
			e.Message = t
		}
		return e
	}
	// The family's own shape first. FreshBooks' gateway also answers in
	// other families' shapes (a 401 in the OAuth shape on an accounting
	// path, the google.rpc ErrorInfo on accounting, an accounting error
	// on an auth path): a body not in the family's shape is read as the
	// first shape it fits.
	shape, ok := f.errorShape()
	if !ok || !shape.is(&eb) {
		for _, shape = range errorShapes {
			if shape.is(&eb) {
				break
			}
		}
	}
	shape.read(&eb, e)
	if e.Errno == 0 && len(e.Details) > 0 {
		e.Errno = e.Details[0].Errno
	}
	if e.Message == "" && len(e.Details) > 0 {
		d := e.Details[0]
		e.Message = d.Message
		if d.Field != "" && e.Errno == 2001 {
			e.Message = d.Field + ": " + d.Message
		}
	}
	if e.Message == "" && e.Code == "" {
		if t := http.StatusText(status); t != "" {
			e.Message = t
		} else {
			e.Message = "unknown error"
		}
	}
	return e
}

// looksLikeOAuthCode tells an auth-family code ("unauthenticated") from a
// projects-family sentence ("Requested resource could not be found.").
func looksLikeOAuthCode(raw json.RawMessage) bool {
	s := asString(rawValue(raw))
	return s != "" && !strings.ContainsAny(s, " .")
}

func cmpRaw(a, b json.RawMessage) json.RawMessage {
	if len(a) > 0 && string(a) != "null" {
		return a
	}
	return b
}

// accountingDetails reads [{"errno","field","message","object","value"}]
// or a single such object.
func accountingDetails(raw json.RawMessage) []ErrorDetail {
	var items []map[string]any
	if err := json.Unmarshal(raw, &items); err != nil {
		var one map[string]any
		if json.Unmarshal(raw, &one) != nil {
			return []ErrorDetail{{Message: asString(rawValue(raw))}}
		}
		items = []map[string]any{one}
	}
	out := make([]ErrorDetail, 0, len(items))
	for _, it := range items {
		out = append(out, ErrorDetail{
			Errno:   asInt(it["errno"]),
			Field:   asString(it["field"]),
			Object:  asString(it["object"]),
			Value:   asString(it["value"]),
			Message: asString(it["message"]),
		})
	}
	return out
}

// rpcDetails reads google.rpc details: ErrorInfo (accounting 2022–2024)
// and BadRequest field violations (events).
func rpcDetails(raw json.RawMessage) []ErrorDetail {
	var items []struct {
		Type       string         `json:"@type"`
		Reason     string         `json:"reason"`
		Metadata   map[string]any `json:"metadata"`
		Violations []struct {
			Field       string `json:"field"`
			Description string `json:"description"`
		} `json:"fieldViolations"`
	}
	if json.Unmarshal(raw, &items) != nil {
		return nil
	}
	var out []ErrorDetail
	for _, it := range items {
		switch {
		case strings.HasSuffix(it.Type, "ErrorInfo"):
			errno, _ := strconv.Atoi(it.Reason)
			out = append(out, ErrorDetail{
				Errno:   errno,
				Field:   asString(it.Metadata["field"]),
				Object:  asString(it.Metadata["object"]),
				Value:   asString(it.Metadata["value"]),
				Message: asString(it.Metadata["message"]),
			})
		case strings.HasSuffix(it.Type, "BadRequest"):
			for _, v := range it.Violations {
				out = append(out, ErrorDetail{Field: v.Field, Message: v.Description})
			}
		}
	}
	return out
}

// ledgerDetails reads {"message","status","details":[{"reason","metadata":{"message","field"}}]}.
func ledgerDetails(raw json.RawMessage, message *string) []ErrorDetail {
	var l struct {
		Message string `json:"message"`
		Details []struct {
			Reason   string `json:"reason"`
			Metadata struct {
				Message string `json:"message"`
				Field   any    `json:"field"`
			} `json:"metadata"`
		} `json:"details"`
	}
	if json.Unmarshal(raw, &l) != nil {
		return nil
	}
	*message = l.Message
	out := make([]ErrorDetail, 0, len(l.Details))
	for _, d := range l.Details {
		out = append(out, ErrorDetail{Field: asString(d.Metadata.Field), Message: cmp.Or(d.Metadata.Message, d.Reason)})
	}
	if len(out) > 0 {
		// The generic "Request failed with status code 400" says less
		// than the first reason.
		*message = cmp.Or(l.Details[0].Reason, l.Message)
	}
	return out
}

// fieldMapDetails reads the projects family's {"field": "message", ...},
// keeping the body's order.
func fieldMapDetails(raw json.RawMessage) []ErrorDetail {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	var out []ErrorDetail
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			break
		}
		var v any
		if dec.Decode(&v) != nil {
			break
		}
		out = append(out, ErrorDetail{Errno: 2001, Field: asString(k), Message: asString(v)})
	}
	return out
}

// stringDetails reads the events family's ["event: Value error, ...", ...].
func stringDetails(raw json.RawMessage) []ErrorDetail {
	var items []string
	if json.Unmarshal(raw, &items) != nil {
		return nil
	}
	out := make([]ErrorDetail, 0, len(items))
	for _, s := range items {
		field, msg, ok := strings.Cut(s, ": ")
		if !ok || strings.Contains(field, " ") {
			field, msg = "", s
		}
		out = append(out, ErrorDetail{Field: field, Message: msg})
	}
	return out
}

func isArrayOf(raw json.RawMessage, key string) bool {
	var items []map[string]json.RawMessage
	if json.Unmarshal(raw, &items) != nil || len(items) == 0 {
		return false
	}
	_, ok := items[0][key]
	return ok
}

func isString(raw json.RawMessage) bool { return len(raw) > 0 && raw[0] == '"' }

func rawValue(raw json.RawMessage) any {
	var v any
	_ = json.Unmarshal(raw, &v)
	return v
}

func asString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case nil:
		return ""
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

func asInt(v any) int {
	switch v := v.(type) {
	case float64:
		if v >= -1<<31 && v <= 1<<31 {
			return int(v)
		}
	case string:
		n, _ := strconv.Atoi(v)
		return n
	}
	return 0
}

// retryAfter reads Retry-After as delta-seconds or an HTTP date.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return 0
		}
		return time.Duration(min(n, 24*3600)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return min(t.Sub(now), 24*time.Hour)
	}
	return 0
}

// excerpt gives a short, single-line, valid UTF-8 view of a body.
func excerpt(body []byte) string {
	s := strings.Join(strings.Fields(string(clip(body, 200))), " ")
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(body) > 200 {
		s += "…"
	}
	return s
}

func clip(b []byte, n int) []byte {
	if len(b) <= n {
		return b
	}
	for n > 0 && !utf8.RuneStart(b[n]) {
		n--
	}
	return b[:n]
}

// ownerPath finds the owner in a path: the kind of id and the id.
var ownerPath = regexp.MustCompile(`^/(?:(accounting|events|payments|uploads)/account|(projects|timetracking|comments)/business|accounting/(businesses))/([^/]+)/`)

// withOwnerHint gives a 404 on a collection (a list, a create) the hint
// that names the owner: nothing but the account or business can be
// missing there.
func withOwnerHint(err error, path string) error {
	ae, ok := errors.AsType[*APIError](err)
	if !ok || ae.StatusCode != http.StatusNotFound || ae.Hint != "" {
		return err
	}
	m := ownerPath.FindStringSubmatch(path)
	if m == nil {
		return err
	}
	kind := "account"
	switch {
	case m[2] != "":
		kind = "business"
	case m[3] != "":
		kind = "business UUID"
	}
	ae.Hint = fmt.Sprintf("no %s %q is reachable with this token: take the id from CurrentUser's BusinessMemberships", kind, m[4])
	return err
}
