package freshbooks

import (
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
