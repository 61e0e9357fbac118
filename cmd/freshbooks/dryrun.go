package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// errDryRun ends a call under --dry-run once its request is printed.
var errDryRun = errors.New("dry run: nothing sent")

// dryRun is the transport of --dry-run: it prints each request (never
// its Authorization header) and sends nothing.
type dryRun struct{ w io.Writer }

func (d dryRun) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		var err error
		body, err = io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return nil, err
		}
	}
	fmt.Fprintf(d.w, "%s %s\n", r.Method, r.URL.Redacted())
	if ct := r.Header.Get("Content-Type"); ct != "" {
		fmt.Fprintf(d.w, "Content-Type: %s\n", ct)
	}
	if len(body) > 0 {
		var out bytes.Buffer
		if json.Indent(&out, body, "", "  ") != nil {
			out.Reset()
			out.Write(body)
		}
		fmt.Fprintf(d.w, "\n%s\n", bytes.TrimRight(out.Bytes(), "\n"))
	}
	return nil, errDryRun
}
