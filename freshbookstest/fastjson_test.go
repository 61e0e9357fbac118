package freshbookstest

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// FuzzParseJSON checks parseJSON against encoding/json with UseNumber.
func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{`{"a": 1, "b": [true, null, "x\\n\u00e9"], "c": {"d": -1.5e3}}`, `[]`, `"\ud83d\ude00"`, `{"a":}`, `01`, `1.`, `-`, `{"a":"b"`, "\"\x01\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := engine.ParseJSON(b)
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.UseNumber()
		var want any
		werr := dec.Decode(&want)
		if werr == nil && dec.More() || werr == nil && !json.Valid(b) {
			werr = engine.ErrBadJSON
		}
		if werr != nil {
			return // parseJSON may be more lenient with numbers, never stricter on valid input
		}
		if err != nil {
			t.Fatalf("valid %q: %v", b, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: got %#v, want %#v", b, got, want)
		}
	})
}
