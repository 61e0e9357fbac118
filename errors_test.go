package freshbooks_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
)

// TestErrorShapes decodes every error shape FreshBooks sends, recorded or
// documented, through a real HTTP answer.
func TestErrorShapes(t *testing.T) {
	for _, tc := range []struct {
		name    string
		status  int
		body    string
		is      error
		errno   int
		code    string
		message string
		details []freshbooks.ErrorDetail
	}{
		{
			name: "accounting classic", status: 404, body: string(freshbooks.ReadFixture(t, "get_client_response__not_found.json")),
			is: freshbooks.ErrNotFound, errno: 1012, message: "Client not found.",
			details: []freshbooks.ErrorDetail{{Errno: 1012, Field: "userid", Object: "client", Value: "12345", Message: "Client not found."}},
		},
		{
			name: "accounting google.rpc", status: 404, is: freshbooks.ErrNotFound, errno: 1012, message: "Client not found.",
			body:    `{"code": 5, "message": "Request failed with status_code: 404", "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "1012", "domain": "accounting.api.freshbooks.com", "metadata": {"object": "client", "message": "Client not found.", "value": "12345", "field": "userid"}}]}`,
			details: []freshbooks.ErrorDetail{{Errno: 1012, Field: "userid", Object: "client", Value: "12345", Message: "Client not found."}},
		},
		{
			name: "accounting two errors", status: 422, is: freshbooks.ErrValidation, errno: 7012, message: "At least one field among fname, lname, email and organization is required.",
			body: `{"response":{"errors":[{"errno":7012,"field":null,"message":"At least one field among fname, lname, email and organization is required.","object":"client","value":""},{"errno":13002,"field":"name","message":"The tax name 'x' is already in use.","object":"tax","value":"x"}]}}`,
			details: []freshbooks.ErrorDetail{
				{Errno: 7012, Object: "client", Message: "At least one field among fname, lname, email and organization is required."},
				{Errno: 13002, Field: "name", Object: "tax", Value: "x", Message: "The tax name 'x' is already in use."},
			},
		},
		{
			name: "events validation", status: 400, body: string(freshbooks.ReadFixture(t, "create_callback_response__validation_error.json")),
			is: freshbooks.ErrValidation, errno: 422, message: "The request was well-formed but was unable to be followed due to semantic errors.",
			details: []freshbooks.ErrorDetail{
				{Field: "event", Message: "Value error, Unrecognized event."},
				{Field: "uri", Message: "Input should be a valid URL, relative URL without a base"},
			},
		},
		{name: "events not found", status: 404, body: string(freshbooks.ReadFixture(t, "get_callback_response__not_found.json")), is: freshbooks.ErrNotFound, errno: 404, message: "Requested resource could not be found."},
		{name: "events no auth", status: 401, body: string(freshbooks.ReadFixture(t, "get_callback_response__no_auth.json")), is: freshbooks.ErrUnauthorized, errno: 401, message: "invalid_token: The request token failed to authenticate or validate."},
		{
			name: "events google.rpc", status: 400, is: freshbooks.ErrValidation, message: "Unrecognized event.",
			body:    `{"code": 3, "message": "Invalid data in this request.", "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [{"field": "event", "description": "Unrecognized event."}, {"field": "uri", "description": "Not a well-formed URL."}]}, {"@type": "type.googleapis.com/google.rpc.Help", "links": []}]}`,
			details: []freshbooks.ErrorDetail{{Field: "event", Message: "Unrecognized event."}, {Field: "uri", Message: "Not a well-formed URL."}},
		},
		{
			name: "projects validation", status: 422, body: string(freshbooks.ReadFixture(t, "create_project__validation_errors.json")),
			is: freshbooks.ErrValidation, errno: 2001, message: "title: field required",
			details: []freshbooks.ErrorDetail{{Errno: 2001, Field: "title", Message: "field required"}, {Errno: 2001, Field: "description", Message: "field required"}},
		},
		{name: "projects not found", status: 404, body: string(freshbooks.ReadFixture(t, "get_project_response__not_found.json")), is: freshbooks.ErrNotFound, message: "Requested resource could not be found."},
		{name: "projects no auth", status: 401, body: string(freshbooks.ReadFixture(t, "get_project_response__no_auth.json")), is: freshbooks.ErrUnauthorized, message: "The server could not verify that you are authorized"},
		{
			name: "ledger validation", status: 400, body: string(freshbooks.ReadFixture(t, "create_ledger_account_response__validation_errors.json")),
			is: freshbooks.ErrValidation, message: "name: This field is required.",
			details: []freshbooks.ErrorDetail{
				{Field: "name", Message: "This field is required."},
				{Field: "sub_type", Message: "This field is required."},
				{Field: "parent_account", Message: "This field is required."},
			},
		},
		{name: "ledger not found", status: 404, body: string(freshbooks.ReadFixture(t, "get_ledger_account_response__not_found.json")), is: freshbooks.ErrNotFound, message: "Not found.", details: []freshbooks.ErrorDetail{{Message: "Not found."}}},
		{
			name: "payments validation", status: 400, is: freshbooks.ErrValidation, code: "validation", message: "A validation error occurred.",
			body:    `{"error_type": "validation", "message": "A validation error occurred.", "errors": [{"error_type": "type_error.enum", "message": "value is not a valid enumeration member", "field": "entity_type"}]}`,
			details: []freshbooks.ErrorDetail{{Field: "entity_type", Message: "value is not a valid enumeration member"}},
		},
		{name: "payments not found", status: 404, body: `{"error_type": "not_found", "message": "Resource not found"}`, is: freshbooks.ErrNotFound, code: "not_found", message: "Resource not found"},
		{name: "auth", status: 401, body: string(freshbooks.ReadFixture(t, "auth_me_response__no_auth.json")), is: freshbooks.ErrUnauthorized, code: "unauthenticated", message: "This action requires authentication to continue."},
		{name: "token info", status: 401, body: `{"error": "invalid_token", "error_description": "The access token is invalid", "state": "unauthorized"}`, is: freshbooks.ErrUnauthorized, code: "invalid_token", message: "The access token is invalid"},
		{name: "uploads", status: 404, body: `{"error": "File not found"}`, is: freshbooks.ErrNotFound, message: "File not found"},
		{name: "forbidden", status: 403, body: `{"response":{"errors":[{"errno":1038,"field":"due_date","message":"Write access denied","object":"invoice","value":""}]}}`, is: freshbooks.ErrForbidden, errno: 1038, message: "Write access denied",
			details: []freshbooks.ErrorDetail{{Errno: 1038, Field: "due_date", Object: "invoice", Message: "Write access denied"}}},
		{name: "rate limited", status: 429, body: `{"response":{"errors":[{"errno":429,"field":"","message":"Rate limit exceeded.","object":"request","value":null}]}}`, is: freshbooks.ErrRateLimited, errno: 429, message: "Rate limit exceeded.",
			details: []freshbooks.ErrorDetail{{Errno: 429, Object: "request", Message: "Rate limit exceeded."}}},
		{name: "html 502", status: 502, body: "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body></html>", is: freshbooks.ErrServer, message: "unexpected non-JSON response: <html> <head><title>502 Bad Gateway</title></head> <body>nginx</body></html>"},
		{name: "empty 500", status: 500, body: "", is: freshbooks.ErrServer, message: "Internal Server Error"},
		{name: "json scalar", status: 500, body: `"An internal error has occurred."`, is: freshbooks.ErrServer, message: "unexpected non-JSON response"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := replay(t, tc.status, []byte(tc.body))
			err := c.Do(t.Context(), http.MethodGet, "/some/path", nil, nil)
			ae, ok := errors.AsType[*freshbooks.APIError](err)
			if !ok {
				t.Fatalf("err = %#v, not an *APIError", err)
			}
			if !errors.Is(err, tc.is) {
				t.Errorf("errors.Is(err, %v) = false; err = %v", tc.is, err)
			}
			if ae.StatusCode != tc.status || ae.Errno != tc.errno || ae.Code != tc.code || !strings.HasPrefix(ae.Message, tc.message) {
				t.Errorf("got status %d errno %d code %q message %q\nwant status %d errno %d code %q message %q",
					ae.StatusCode, ae.Errno, ae.Code, ae.Message, tc.status, tc.errno, tc.code, tc.message)
			}
			if len(ae.Details) != len(tc.details) {
				t.Fatalf("details = %+v, want %+v", ae.Details, tc.details)
			}
			for i := range tc.details {
				if ae.Details[i] != tc.details[i] {
					t.Errorf("detail %d = %+v, want %+v", i, ae.Details[i], tc.details[i])
				}
			}
			// Every detail in the text, once.
			for _, d := range ae.Details {
				text := d.Message
				if d.Field != "" {
					text = d.Field + ": " + d.Message
				}
				if !strings.Contains(ae.Error(), d.Message) || strings.Count(ae.Error(), text) > 1 {
					t.Errorf("detail %q not said once in %q", text, ae.Error())
				}
			}
			if ae.Method != "GET" || ae.Path != "/some/path" || !strings.Contains(ae.Error(), "GET /some/path") {
				t.Errorf("error does not name the request: %v", ae)
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	for _, v := range []struct {
		header string
		want   time.Duration
	}{{"7", 7 * time.Second}, {"-3", 0}, {"soon", 0}} {
		c, _ := replayHeader(t, 429, "Retry-After", v.header)
		err := c.Do(t.Context(), "GET", "/x", nil, nil)
		ae, _ := errors.AsType[*freshbooks.APIError](err)
		if ae == nil || ae.RetryAfter != v.want {
			t.Errorf("Retry-After %q: err = %v", v.header, err)
		}
	}
	c, _ := replayHeader(t, 429, "Retry-After", time.Now().Add(90*time.Second).UTC().Format(http.TimeFormat))
	ae, _ := errors.AsType[*freshbooks.APIError](c.Do(t.Context(), "GET", "/x", nil, nil))
	if ae == nil || ae.RetryAfter < 80*time.Second || ae.RetryAfter > 90*time.Second {
		t.Errorf("HTTP-date Retry-After: %v", ae)
	}
}
