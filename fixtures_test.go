package freshbooks

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// fixtureDir holds FreshBooks responses recorded by the official Python
// SDK's test suite (MIT; see testdata/fixtures/README.md). The module's
// tests read them from here and nowhere else.
var fixtureDir = filepath.Join("testdata", "fixtures")

// readFixture returns the recorded response in file name.
func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtureDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fixtureNames lists every recorded response.
func fixtureNames(t testing.TB) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(fixtureDir, "*.json"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no fixtures in %s: %v", fixtureDir, err)
	}
	for i, n := range names {
		names[i] = filepath.Base(n)
	}
	return names
}

// member digs the JSON member at path out of doc (doc itself for no
// path), failing the test if one is missing.
func member(t testing.TB, doc []byte, path ...string) json.RawMessage {
	t.Helper()
	raw := json.RawMessage(doc)
	for _, p := range path {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		var ok bool
		if raw, ok = m[p]; !ok {
			t.Fatalf("no %q in %v", p, path)
		}
	}
	return raw
}

// roundTrip decodes raw into a T, encodes it, checks nothing was lost and
// returns the T.
func roundTrip[T any](t testing.TB, raw []byte) *T {
	t.Helper()
	v := new(T)
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	assertRoundTrip(t, raw, out)
	return v
}

// roundTripList is roundTrip for each element of a JSON array.
func roundTripList[T any](t testing.TB, raw []byte) []*T {
	t.Helper()
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		t.Fatal(err)
	}
	out := make([]*T, 0, len(items))
	for _, it := range items {
		out = append(out, roundTrip[T](t, it))
	}
	return out
}
