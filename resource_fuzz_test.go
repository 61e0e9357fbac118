package freshbooks

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"testing"
)

// FuzzDecodeEnvelope feeds arbitrary answers to the envelope decoders of
// every family: never a panic, and a failure is always an *APIError
// rather than silently empty data.
func FuzzDecodeEnvelope(f *testing.F) {
	for _, s := range []string{
		`{"response": {"result": {"client": {"id": 1, "organization": "x", "updated": "2020-11-01 13:11:10"}}}}`,
		`{"response": {"result": {"clients": [{"id": 1}], "page": 1, "pages": 1, "per_page": 15, "total": 1}}}`,
		`{"response": {"errors": [{"errno": 1012, "message": "Client not found."}]}}`,
		`{"project": {"id": 1, "title": "t", "created_at": "2020-09-13T01:07:51"}, "abilities": []}`,
		`{"projects": [{"id": 1}], "meta": {"page": 1, "pages": 1, "per_page": 30, "total": 1}}`,
		`{"data": [{"uuid": "a"}]}`, `{"data": {"uuid": "a"}}`, `{"foo": "bar"}`, `{"response": {}}`,
		`[]`, `null`, `"x"`, `{"response": {"result": {"client": null}}}`, `{"response": {"result": {"clients": {}}}}`,
		// Issue 14: a null record decoded as an empty one.
		`{"project": null}`, `{"data": null}`, `{"response": {"result": {"client": null, "clients": null}}}`,
		// The record is delimited, not scanned, before encoding/json reads it.
		`{"response": {"result": {"client": {"id": 1}} x}}`, `{"response": {"result": {"client": 1 2}}}`,
		`{"response": {"result": {"clients": [1, "]"], "page": 1}}}`, `{"response": {"result": {"client": "a\"}"}}}`,
		`{"response": {"result": {"clients": [}]}}}`, `{"response": {"result": {"client": }}}`,
	} {
		f.Add([]byte(s))
	}
	eps := []endpoint{
		{family: FamilyAccounting, single: "client", plural: "clients"},
		{family: FamilyProjects, single: "project", plural: "projects"},
		{family: FamilyLedger},
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req := &request{method: "GET", path: "/x"}
		resp := &response{status: 200, body: body}
		for _, ep := range eps {
			if _, err := decodeOne[Customer](req, resp, ep); err != nil {
				if _, ok := errors.AsType[*APIError](err); !ok {
					t.Fatalf("decodeOne error %T %v is not an *APIError", err, err)
				}
			} else if !json.Valid(body) {
				t.Fatalf("decodeOne accepted malformed JSON %q", body)
			} else if bytes.Contains(body, []byte("null")) && nullRecord(body, ep) {
				t.Fatalf("decodeOne accepted a null record in %s", body)
			}
			if p, err := decodePage[Project](req, resp, ep); err != nil {
				if _, ok := errors.AsType[*APIError](err); !ok {
					t.Fatalf("decodePage error %T %v is not an *APIError", err, err)
				}
			} else if p == nil {
				t.Fatal("nil page without error")
			} else if !json.Valid(body) {
				t.Fatalf("decodePage accepted malformed JSON %q", body)
			}
		}
	})
}

// A body cut anywhere is an error, never a partial record.
func TestTruncatedBodies(t *testing.T) {
	full := `{"response": {"result": {"client": {"id": 7, "organization": "Acme"}}}}`
	ep := endpoint{family: FamilyAccounting, single: "client"}
	for i := 1; i < len(full); i++ {
		resp := &response{status: 200, body: []byte(full[:i])}
		if c, err := decodeOne[Customer](&request{method: "GET", path: "/x"}, resp, ep); err == nil {
			t.Fatalf("body cut at %d decoded to %+v", i, c)
		}
	}
	c, err := decodeOne[Customer](&request{}, &response{status: 200, body: []byte(full)}, ep)
	if err != nil || c.ID != 7 || c.Organization != "Acme" {
		t.Fatalf("full body: %+v %v", c, err)
	}
}

// nullRecord reports whether the member of body where ep's record lives
// is null.
func nullRecord(body []byte, ep endpoint) bool {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return false
	}
	for _, k := range append(ep.wrapping(), cmp.Or(ep.single, "data")) {
		m, ok := v.(map[string]any)
		if !ok {
			return false
		}
		if v, ok = m[k]; !ok {
			return false
		}
	}
	return v == nil
}
