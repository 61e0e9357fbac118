package freshbookstest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
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

// FuzzAppendJSON checks AppendJSON against encoding/json.Marshal: on the
// values a document parses to, and on the fuzzed bytes as one string
// (control characters, HTML characters, invalid UTF-8).
func FuzzAppendJSON(f *testing.F) {
	for _, s := range []string{`{"b": 1, "a": [true, null, "x\n\u00e9<>&\u2028\u2029"], "c": {"d": -1.5e3, "": 0}}`, `[]`, `{}`, `"\ud83d\ude00"`,
		`[-0, 0.5, 1E+2, 12e-3]`, "\"\x01\x1f\x7f\"", "\xff\xfe", `"\\\"/"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		same := func(v any) {
			t.Helper()
			got, err := engine.AppendJSON(nil, v)
			want, werr := json.Marshal(v)
			if (err != nil) != (werr != nil) || err == nil && string(got) != string(want) {
				t.Fatalf("AppendJSON(%#v) = %s, %v; json.Marshal: %s, %v", v, got, err, want, werr)
			}
		}
		same(string(b))
		if v, err := engine.ParseJSON(b); err == nil {
			same(v)
			same(map[string]any{"wrapped": v, string(b): []any{v, engine.Record{"n": 7, "m": int64(-8)}}})
		}
	})
}

// Every FreshBooks response the repository keeps encodes as encoding/json
// encodes it, and so do numbers that are not numbers (an error) and
// values outside the fast path.
func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	files, err := filepath.Glob("../testdata/fixtures/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		v, err := engine.ParseJSON(raw)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := engine.AppendJSON(nil, v)
		want, _ := json.Marshal(v)
		if err != nil || string(got) != string(want) {
			t.Errorf("%s: AppendJSON differs from json.Marshal (err %v)\n got %s\nwant %s", name, err, got, want)
		}
	}
	for _, v := range []any{json.Number(""), 1.5, []string{"a<b"}, map[string]string{"z": "1", "a": "2"}, engine.FieldError{Errno: 1, Message: "m"},
		map[string]any(nil), []any(nil), engine.Record{"x": []any{}}} {
		got, err := engine.AppendJSON(nil, v)
		want, _ := json.Marshal(v)
		if err != nil || string(got) != string(want) {
			t.Errorf("AppendJSON(%#v) = %s, %v; want %s", v, got, err, want)
		}
	}
	// Large objects under one member (the size from which answers'
	// encoders remember keys): the same keys, the same count with one key
	// different, more and fewer keys, each in order.
	wide := func(n int, odd string) engine.Record {
		r := engine.Record{}
		for i := range n {
			r[fmt.Sprintf("k%02d", i)] = i
		}
		if odd != "" {
			delete(r, "k05")
			r[odd] = "odd"
		}
		return r
	}
	page := []any{wide(20, ""), wide(20, ""), wide(20, "a"), wide(20, "zz"), wide(21, ""), wide(19, ""), wide(20, "")}
	for _, v := range []any{page, map[string]any{"clients": page, "other": page}} {
		got, err := engine.AppendJSON(nil, v)
		want, _ := json.Marshal(v)
		if err != nil || string(got) != string(want) {
			t.Errorf("AppendJSON of wide records differs from json.Marshal (err %v)\n got %s\nwant %s", err, got, want)
		}
	}
	for _, bad := range []json.Number{"1.", "01", "+1", "x", "1e", "--1", "0x10"} {
		if _, err := engine.AppendJSON(nil, map[string]any{"n": bad}); err == nil {
			t.Errorf("AppendJSON(json.Number(%q)) succeeded; encoding/json refuses it", bad)
		}
		if _, err := json.Marshal(bad); err == nil {
			t.Errorf("json.Marshal(json.Number(%q)) succeeded: the case is wrong", bad)
		}
	}
}
