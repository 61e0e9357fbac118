package freshbooks

import "testing"

// TestFamilyParseErrorOwnShapeFirst checks that a body an endpoint's
// family could read in two shapes is read in the family's own, and that
// an answer in another family's shape (as FreshBooks' gateway sends) is
// still read.
func TestFamilyParseErrorOwnShapeFirst(t *testing.T) {
	both := []byte(`{"response": {"errors": [{"errno": 1012, "message": "accounting"}]}, "errors": {"message": "ledger"}}`)
	for _, tc := range []struct {
		f    Family
		body []byte
		want string
	}{
		{0, both, "accounting"},
		{FamilyAccounting, both, "accounting"},
		{FamilyLedger, both, "ledger"},
		// A 401 in the OAuth shape on an accounting path.
		{FamilyAccounting, []byte(`{"error": "unauthenticated", "error_description": "token expired"}`), "token expired"},
		// The google.rpc ErrorInfo on accounting.
		{FamilyAccounting, []byte(`{"code": 5, "details": [{"@type": "x.ErrorInfo", "reason": "1012", "metadata": {"message": "rpc"}}]}`), "rpc"},
		// An errno makes a projects answer the projects shape, even
		// with an OAuth-like error code.
		{FamilyProjects, []byte(`{"errno": 1003, "error": "forbidden"}`), "forbidden"},
		{FamilyAuth, []byte(`{"response": {"errors": [{"message": "accounting on auth"}]}}`), "accounting on auth"},
	} {
		e := tc.f.parseError(400, nil, tc.body, newScrubber())
		if e.Message != tc.want {
			t.Errorf("%v: message %q, want %q", tc.f, e.Message, tc.want)
		}
	}
}
