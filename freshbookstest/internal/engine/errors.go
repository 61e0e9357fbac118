package engine

import (
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
