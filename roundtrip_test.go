package freshbooks

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// assertRoundTrip checks that out, the encoding of a model decoded from in,
// gives back everything in carried: every member of in that is not empty
// comes back in out with the same value, byte for byte, recursively through
// nested objects and arrays. Empty values (null, "", [], {}, false, 0) may be
// left out or come back as another empty value; out may not add or change a
// non-empty value. Two strings that differ only in how they are escaped
// ("<" and "\u003c") count as equal, since encoding/json escapes HTML
// characters by default.
//
// Use it for every fixture: decode the fixture's object into its model,
// encode the model, and pass both.
func assertRoundTrip(t testing.TB, in, out []byte) {
	t.Helper()
	var diffs []string
	roundTripDiff(&diffs, "$", bytes.TrimSpace(in), bytes.TrimSpace(out))
	if len(diffs) > 0 {
		if len(diffs) > 20 {
			diffs = append(diffs[:20], fmt.Sprintf("… and %d more", len(diffs)-20))
		}
		t.Errorf("round trip lost or changed data:\n  %s\nin:  %s\nout: %s",
			strings.Join(diffs, "\n  "), roundTripTruncate(in), roundTripTruncate(out))
	}
}

func roundTripTruncate(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "…"
	}
	return string(b)
}

// roundTripEmpty reports whether raw is null, "", [], {}, false or a zero number.
func roundTripEmpty(raw []byte) bool {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return true
	}
	switch raw[0] {
	case 'n', 'f':
		return true
	case '"':
		return len(raw) == 2
	case '[', '{':
		var v any
		if json.Unmarshal(raw, &v) != nil {
			return false
		}
		switch v := v.(type) {
		case []any:
			return len(v) == 0
		case map[string]any:
			return len(v) == 0
		}
	case 't':
		return false
	}
	var n json.Number
	if json.Unmarshal(raw, &n) != nil {
		return false
	}
	f, err := n.Float64()
	return err == nil && f == 0
}

// roundTripDiff appends to diffs how out fails to carry in, at path.
func roundTripDiff(diffs *[]string, path string, in, out []byte) {
	in, out = bytes.TrimSpace(in), bytes.TrimSpace(out)
	inEmpty := roundTripEmpty(in)
	switch {
	case len(out) == 0:
		if !inEmpty {
			*diffs = append(*diffs, fmt.Sprintf("%s: missing, want %s", path, in))
		}
		return
	case inEmpty:
		if !roundTripEmpty(out) {
			*diffs = append(*diffs, fmt.Sprintf("%s: empty %s came back as %s", path, in, out))
		}
		return
	}
	switch in[0] {
	case '{':
		var a, b map[string]json.RawMessage
		if err := json.Unmarshal(in, &a); err != nil {
			*diffs = append(*diffs, fmt.Sprintf("%s: bad input: %v", path, err))
			return
		}
		if json.Unmarshal(out, &b) != nil {
			*diffs = append(*diffs, fmt.Sprintf("%s: got %s, want an object", path, out))
			return
		}
		keys := make([]string, 0, len(a)+len(b))
		for k := range a {
			keys = append(keys, k)
		}
		for k := range b {
			if _, ok := a[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			p := path + "." + k
			if _, ok := a[k]; !ok {
				if !roundTripEmpty(b[k]) {
					*diffs = append(*diffs, fmt.Sprintf("%s: added %s", p, b[k]))
				}
				continue
			}
			roundTripDiff(diffs, p, a[k], b[k])
		}
	case '[':
		var a, b []json.RawMessage
		if err := json.Unmarshal(in, &a); err != nil {
			*diffs = append(*diffs, fmt.Sprintf("%s: bad input: %v", path, err))
			return
		}
		if json.Unmarshal(out, &b) != nil {
			*diffs = append(*diffs, fmt.Sprintf("%s: got %s, want an array", path, out))
			return
		}
		if len(a) != len(b) {
			*diffs = append(*diffs, fmt.Sprintf("%s: got %d elements, want %d", path, len(b), len(a)))
			return
		}
		for i := range a {
			roundTripDiff(diffs, fmt.Sprintf("%s[%d]", path, i), a[i], b[i])
		}
	case '"':
		if bytes.Equal(in, out) {
			return
		}
		var sa, sb string
		if json.Unmarshal(in, &sa) == nil && json.Unmarshal(out, &sb) == nil && out[0] == '"' && sa == sb {
			return // escaped differently
		}
		*diffs = append(*diffs, fmt.Sprintf("%s: got %s, want %s", path, out, in))
	default:
		if !bytes.Equal(in, out) {
			*diffs = append(*diffs, fmt.Sprintf("%s: got %s, want %s", path, out, in))
		}
	}
}

func TestAssertRoundTripDetects(t *testing.T) {
	tests := []struct {
		in, out string
		ok      bool
	}{
		{`{"a":"41.94","b":null,"c":"","d":[],"e":{},"f":false,"g":0}`, `{"a":"41.94"}`, true},
		{`{"a":"41.94"}`, `{"a":"41.940"}`, false},
		{`{"a":"41.94"}`, `{"a":41.94}`, false},
		{`{"a":10}`, `{"a":10.0}`, false},
		{`{"a":"x"}`, `{}`, false},
		{`{"a":{"b":[1,{"c":"d"}]}}`, `{"a":{"b":[1,{"c":"d","e":null}]}}`, true},
		{`{"a":{"b":[1,{"c":"d"}]}}`, `{"a":{"b":[1,{"c":"e"}]}}`, false},
		{`{"a":[1,2]}`, `{"a":[2,1]}`, false},
		{`{"a":[1,2]}`, `{"a":[1]}`, false},
		{`{"a":"<&>"}`, `{"a":"\u003c\u0026\u003e"}`, true},
		{`{"a":null}`, `{"a":"0"}`, false},
		{`{}`, `{"z":1}`, false},
		{`{"a":true}`, `{"a":true}`, true},
		{`{"a":"2020-11-01 13:11:10"}`, `{"a":"2020-11-01T13:11:10"}`, false},
	}
	for _, tt := range tests {
		rec := &recordingTB{TB: t}
		assertRoundTrip(rec, []byte(tt.in), []byte(tt.out))
		if rec.failed == tt.ok {
			t.Errorf("assertRoundTrip(%s, %s): failed=%v, want %v", tt.in, tt.out, rec.failed, !tt.ok)
		}
	}
}

// recordingTB records a failure instead of failing the test.
type recordingTB struct {
	testing.TB
	failed bool
}

func (r *recordingTB) Errorf(string, ...any) { r.failed = true }
func (r *recordingTB) Helper()               {}
