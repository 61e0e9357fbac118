package main

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/freshbooks-go/freshbooks"
	"github.com/spf13/cobra"
)

// errLoginNeeded is returned when the profile holds no token.
var errLoginNeeded = errors.New("not logged in")

// describe turns err into one line and a hint of what to do next.
func describe(err error, code int, cmd *cobra.Command) (msg, hint string) {
	msg = strings.TrimPrefix(err.Error(), "freshbooks: ")
	var apiErr *freshbooks.APIError
	if errors.As(err, &apiErr) {
		msg = apiMessage(apiErr)
	}
	switch code {
	case exitUsage:
		if cmd != nil {
			hint = fmt.Sprintf("see %q", cmd.CommandPath()+" --help")
		}
	case exitAuth:
		switch {
		case errors.Is(err, errNoApp):
		case errors.Is(err, freshbooks.ErrForbidden):
			hint = `log in again with the scopes this needs: "freshbooks auth login --scopes ..."`
		default:
			hint = `run "freshbooks auth login"`
		}
	case exitRateLimited:
		hint = "wait a moment and try again"
		if apiErr != nil && apiErr.RetryAfter > 0 {
			hint = fmt.Sprintf("wait %s and try again", apiErr.RetryAfter)
		}
	}
	return msg, hint
}

// apiMessage says what FreshBooks said: the message, each field's
// complaint, the status and the request.
func apiMessage(e *freshbooks.APIError) string {
	var parts []string
	if len(e.Details) == 0 || e.Details[0].Message != e.Message {
		parts = append(parts, cmp.Or(strings.TrimPrefix(e.Message, "unexpected response: "), "the API answered "+strconv.Itoa(e.StatusCode)))
	}
	for _, d := range e.Details {
		switch {
		case d.Field != "":
			parts = append(parts, d.Field+": "+d.Message)
		case d.Message != "" && d.Message != e.Message:
			parts = append(parts, d.Message)
		case d.Message == e.Message && len(parts) == 0:
			parts = append(parts, d.Message)
		}
	}
	var b strings.Builder
	b.WriteString(strings.Join(parts, "; "))
	fmt.Fprintf(&b, " [%d", e.StatusCode)
	if e.Errno != 0 {
		fmt.Fprintf(&b, ", errno %d", e.Errno)
	}
	if e.Method != "" {
		fmt.Fprintf(&b, ", %s %s", e.Method, e.Path)
	}
	b.WriteString("]")
	return b.String()
}

// jsonError is the JSON form of an error, for -o json.
type jsonError struct {
	Error    string                   `json:"error"`
	Hint     string                   `json:"hint,omitempty"`
	ExitCode int                      `json:"exit_code"`
	Status   int                      `json:"status,omitempty"`
	Errno    int                      `json:"errno,omitempty"`
	Code     string                   `json:"code,omitempty"`
	Method   string                   `json:"method,omitempty"`
	Path     string                   `json:"path,omitempty"`
	Details  []freshbooks.ErrorDetail `json:"details,omitempty"`
}

func writeJSONError(w io.Writer, err error, msg, hint string, code int) {
	je := jsonError{Error: msg, Hint: hint, ExitCode: code}
	var apiErr *freshbooks.APIError
	if errors.As(err, &apiErr) {
		je.Status, je.Errno, je.Code, je.Method, je.Path, je.Details = apiErr.StatusCode, apiErr.Errno, apiErr.Code, apiErr.Method, apiErr.Path, apiErr.Details
	}
	data, _ := json.Marshal(je)
	fmt.Fprintf(w, "%s\n", data)
}
