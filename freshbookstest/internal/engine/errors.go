package engine

import (
	"cmp"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// Family is a group of FreshBooks endpoints sharing envelopes and error
// shapes (freshbooks-api.md §3.1, §5).
type Family int

const (
	Auth Family = iota
	Accounting
	Ledger
	Events
	Projects
	Payments
	Uploads
)

func familyOf(path string) Family {
	switch {
	case strings.HasPrefix(path, "/accounting/businesses/"), strings.HasPrefix(path, "/accounting/ledger_accounts"):
		return Ledger
	case strings.HasPrefix(path, "/accounting/"):
		return Accounting
	case strings.HasPrefix(path, "/events/"):
		return Events
	case strings.HasPrefix(path, "/projects/"), strings.HasPrefix(path, "/timetracking/"), strings.HasPrefix(path, "/comments/"):
		return Projects
	case strings.HasPrefix(path, "/payments/"):
		return Payments
	case strings.HasPrefix(path, "/uploads/"):
		return Uploads
	}
	return Auth
}

// contentType is the Content-Type each family answers with (§3.1).
func (f Family) contentType() string {
	switch f {
	case Accounting, Ledger:
		return "application/json"
	case Auth:
		return "application/json; charset=utf-8"
	}
	return "application/vnd.api+json"
}

// WriteJSON answers v as JSON with status, in the family's content type
// (encoded as encoding/json would, see AppendJSON).
func WriteJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	body, err := AppendJSON(nil, v)
	writeBody(w, r, status, body, err)
}

// writeBody answers an encoded body, or a 500 when encoding failed.
func writeBody(w http.ResponseWriter, r *http.Request, status int, body []byte, err error) {
	if err != nil {
		status, body = http.StatusInternalServerError, []byte(`{"error":"An internal error has occurred."}`)
	}
	w.Header().Set("Content-Type", familyOf(r.URL.Path).contentType())
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// FieldError is one accounting error entry.
type FieldError struct {
	Errno   int     `json:"errno"`
	Field   *string `json:"field"`
	Message string  `json:"message"`
	Object  string  `json:"object"`
	Value   string  `json:"value"`
}

// unauthorizedMessage is werkzeug's default 401 text, which the projects
// family returns verbatim (python-sdk fixture get_project_response__no_auth).
const unauthorizedMessage = "The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials required."

// WriteError answers with status in the error shape of the
// request's family. errno is the accounting error number where the family
// uses one.
func WriteError(w http.ResponseWriter, r *http.Request, status, errno int, message string) {
	var body any
	switch familyOf(r.URL.Path) {
	case Accounting:
		body = AccountingErrors(FieldError{Errno: errno, Message: message, Object: objectOf(r.URL.Path)})
	case Events:
		body = map[string]any{"errno": status, "message": message}
	case Projects:
		if status == http.StatusUnauthorized {
			body = map[string]any{"message": message}
		} else {
			body = map[string]any{"error": message}
		}
	case Ledger:
		body = map[string]any{"errors": map[string]any{
			"message": "Request failed with status code " + strconv.Itoa(status),
			"status":  status,
			"details": []any{map[string]any{"reason": message, "metadata": map[string]any{"message": message, "field": nil}}},
		}}
	case Payments:
		body = map[string]any{"error_type": errorType(status), "message": message}
	case Uploads:
		body = map[string]any{"error": message}
	default:
		body = map[string]any{"error": errorType(status), "error_description": message}
	}
	WriteJSON(w, r, status, body)
}

func AccountingErrors(errs ...FieldError) any {
	return map[string]any{"response": map[string]any{"errors": errs}}
}

func errorType(status int) string {
	switch status {
	case http.StatusUnauthorized:
		return "unauthenticated"
	case http.StatusForbidden:
		return "forbidden"
	case http.StatusNotFound:
		return "not_found"
	case http.StatusTooManyRequests:
		return "rate_limited"
	case http.StatusBadRequest:
		return "invalid_request"
	case http.StatusUnprocessableEntity:
		return "validation"
	}
	return "internal_error"
}

// objectOf names the resource of an accounting path: the singular of its
// last non-numeric segment ("clients" → "client").
func objectOf(path string) string {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for i := len(segs) - 1; i >= 0; i-- {
		if _, err := strconv.Atoi(segs[i]); err != nil && segs[i] != "" {
			return singular(segs[i])
		}
	}
	return "request"
}

// WriteUnauthorized answers a missing, malformed, expired or revoked token
// in the family's own words.
func WriteUnauthorized(w http.ResponseWriter, r *http.Request) {
	switch familyOf(r.URL.Path) {
	case Auth:
		WriteError(w, r, http.StatusUnauthorized, 0, "This action requires authentication to continue.")
	case Events:
		WriteError(w, r, http.StatusUnauthorized, 0, "invalid_token: The request token failed to authenticate or validate.")
	case Projects:
		WriteError(w, r, http.StatusUnauthorized, 0, unauthorizedMessage)
	default:
		// The accounting 401 body is not captured in any source
		// (freshbooks-api.md §10 question 1): inferred as the classic
		// envelope with errno 1003 AccessDenied.
		WriteError(w, r, http.StatusUnauthorized, 1003, "The server could not verify that you are authorized to access the URL requested.")
	}
}

// singular turns a collection name into its record's name: clients →
// client, categories → category, taxes → tax.
func singular(name string) string {
	switch {
	case strings.HasSuffix(name, "ies"):
		return strings.TrimSuffix(name, "ies") + "y"
	case strings.HasSuffix(name, "xes"):
		return strings.TrimSuffix(name, "es")
	}
	return strings.TrimSuffix(name, "s")
}

// Error is an error answer in the family's shape.
type Error struct {
	Status  int
	Errno   int
	Field   string
	Message string
	Value   string
	// Also are further field errors of the same answer (every missing
	// field of a create), written after this one in the family's shape.
	Also []*Error
}

// all is e and the errors it carries along.
func (e *Error) all() []*Error { return append([]*Error{e}, e.Also...) }

// Blank reports a value that does not fill a required field: none, blank
// text, or the number 0 (no id is 0).
func Blank(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(v) == ""
	case json.Number:
		return v.String() == "0"
	}
	return false
}

// Missing reports every field of fields that rec leaves [Blank], each as
// the family's required error, in one answer; nil when none is.
func Missing(rec Record, fields []string, required func(field string) *Error) *Error {
	var first *Error
	for _, f := range fields {
		if !Blank(rec[f]) {
			continue
		}
		if first == nil {
			first = required(f)
		} else {
			first.Also = append(first.Also, required(f))
		}
	}
	return first
}

func (e *Error) write(w http.ResponseWriter, r *http.Request) {
	switch familyOf(r.URL.Path) {
	case Accounting:
		var fes []FieldError
		for _, x := range e.all() {
			fe := FieldError{Errno: x.Errno, Message: x.Message, Object: objectOf(r.URL.Path), Value: x.Value}
			if x.Field != "" {
				fe.Field = &x.Field
			}
			fes = append(fes, fe)
		}
		WriteJSON(w, r, e.Status, AccountingErrors(fes...))
	case Projects:
		if e.Status == http.StatusUnprocessableEntity {
			fields := map[string]string{}
			for _, x := range e.all() {
				fields[cmp.Or(x.Field, "__root__")] = x.Message
			}
			WriteJSON(w, r, e.Status, map[string]any{"errno": 2001, "error": fields})
			return
		}
		WriteError(w, r, e.Status, e.Errno, e.Message)
	case Events:
		if e.Status == http.StatusUnprocessableEntity {
			var details []string
			for _, x := range e.all() {
				details = append(details, x.Field+": "+x.Message)
			}
			WriteJSON(w, r, e.Status, map[string]any{"errno": 422, "message": "The request was well-formed but was unable to be followed due to semantic errors.",
				"details": details})
			return
		}
		WriteError(w, r, e.Status, e.Errno, e.Message)
	default:
		WriteError(w, r, e.Status, e.Errno, e.Message)
	}
}

func NotFound(sp *Spec, id string) *Error {
	if sp.Family == Projects || sp.Family == Events {
		return &Error{Status: 404, Errno: 404, Message: "Requested resource could not be found."}
	}
	name := strings.ToUpper(sp.Single[:1]) + strings.ReplaceAll(sp.Single[1:], "_", " ")
	return &Error{Status: 404, Errno: 1012, Field: sp.IDKeys[len(sp.IDKeys)-1], Message: name + " not found.", Value: id}
}

func Validation(errno int, field, msg string) *Error {
	return &Error{Status: 422, Errno: errno, Field: field, Message: msg}
}

// Invalid reports a value of the wrong type or range: errno 1004
// InvalidValue, with the value as given [INF message].
func Invalid(field string, v any) *Error {
	e := Validation(1004, field, "Invalid value for field '"+field+"'.")
	e.Value = Record{"v": v}.Str("v")
	return e
}
