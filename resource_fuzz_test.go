package freshbooks

import (
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
			}
			if p, err := decodePage[Project](req, resp, ep); err != nil {
				if _, ok := errors.AsType[*APIError](err); !ok {
					t.Fatalf("decodePage error %T %v is not an *APIError", err, err)
				}
			} else if p == nil {
				t.Fatal("nil page without error")
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
