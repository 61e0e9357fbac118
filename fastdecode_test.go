package freshbooks

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// directModel has a field of every kind the direct decoding handles, and
// some it leaves to encoding/json.
type directModel struct {
	directEmbedded
	I8    int8            `json:"i8"`
	U16   uint16          `json:"u16"`
	U     uint            `json:"u"`
	F32   float32         `json:"f32"`
	F64   float64         `json:"f64"`
	PI    *int            `json:"pi"`
	PS    *string         `json:"ps"`
	Name  directName      `json:"name"`
	Text  directText      `json:"text"`
	Any   any             `json:"any"`
	Map   map[string]int  `json:"map"`
	Raw   json.RawMessage `json:"raw"`
	Bytes []byte          `json:"bytes"`
	Extra Extra           `json:"-"`
}

type directEmbedded struct {
	Inner string `json:"inner"`
}

type directName string

// directText decodes from text, as encoding/json prefers for strings.
type directText struct{ got string }

func (d *directText) UnmarshalText(b []byte) error { d.got = "text:" + string(b); return nil }

// directPointerEmbedded is decoded by encoding/json alone: it fills its
// promoted field through an embedded pointer.
type directPointerEmbedded struct {
	*directEmbedded
	ID int `json:"id"`
}

// directDecoders decode a JSON object into a model both ways: members
// decoded directly, and by encoding/json alone.
var directDecoders = map[string]func(data []byte, direct bool) (any, error){
	"Customer": func(d []byte, direct bool) (any, error) {
		type plain Customer
		var v Customer
		return v, keepDecoding(d, (*plain)(&v), &v.Extra, direct)
	},
	"Invoice": func(d []byte, direct bool) (any, error) {
		type plain Invoice
		var v Invoice
		return v, keepDecoding(d, (*plain)(&v), &v.Extra, direct)
	},
	"Line": func(d []byte, direct bool) (any, error) {
		type plain Line
		var v Line
		return v, keepDecoding(d, (*plain)(&v), &v.Extra, direct)
	},
	"Expense": func(d []byte, direct bool) (any, error) {
		type plain Expense
		var v Expense
		return v, keepDecoding(d, (*plain)(&v), &v.Extra, direct)
	},
	"Project": func(d []byte, direct bool) (any, error) {
		type plain Project
		var v Project
		return v, keepDecoding(d, (*plain)(&v), &v.Extra, direct)
	},
	"TimeEntry": func(d []byte, direct bool) (any, error) {
		type plain TimeEntry
		var v TimeEntry
		return v, keepDecoding(d, (*plain)(&v), &v.Extra, direct)
	},
	"Bill": func(d []byte, direct bool) (any, error) {
		type plain Bill
		var v Bill
		return v, keepDecoding(d, (*plain)(&v), &v.Extra, direct)
	},
	"Payment": func(d []byte, direct bool) (any, error) {
		type plain Payment
		var v Payment
		return v, keepDecoding(d, (*plain)(&v), &v.Extra, direct)
	},
	"LedgerAccount": func(d []byte, direct bool) (any, error) {
		type plain LedgerAccount
		var v LedgerAccount
		return v, keepDecoding(d, (*plain)(&v), &v.Extra, direct)
	},
	"Callback": func(d []byte, direct bool) (any, error) {
		type plain Callback
		var v Callback
		return v, keepDecoding(d, (*plain)(&v), &v.Extra, direct)
	},
	"directModel": func(d []byte, direct bool) (any, error) {
		type plain directModel
		var v directModel
		return v, keepDecoding(d, (*plain)(&v), &v.Extra, direct)
	},
	"directPointerEmbedded": func(d []byte, direct bool) (any, error) {
		var v directPointerEmbedded
		var extra Extra
		return v, keepDecoding(d, &v, &extra, direct)
	},
	"keepClient": func(d []byte, direct bool) (any, error) {
		type plain keepClient
		var v keepClient
		return v, keepDecoding(d, (*plain)(&v), &v.Extra, direct)
	},
}

// fuzzedModels are the models the fuzzer decodes into: between them,
// every kind of field.
var fuzzedModels = []string{"Customer", "Invoice", "TimeEntry", "directModel", "directPointerEmbedded"}

// sameDirectDecoding fails unless decoding in into the models directly
// gives what encoding/json gives: the same value, or the same error.
func sameDirectDecoding(t *testing.T, in []byte, models ...string) {
	t.Helper()
	for _, name := range models {
		decode := directDecoders[name]
		got, gotErr := decode(in, true)
		want, wantErr := decode(in, false)
		if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Fatalf("%s from %s: direct error %v, encoding/json error %v", name, in, gotErr, wantErr)
		}
		if gotErr == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("%s from %s:\ndirect        %+v\nencoding/json %+v", name, in, got, want)
		}
	}
}

// fixtureObjects are the JSON objects found in the recorded responses, at
// any depth.
func fixtureObjects(t testing.TB) [][]byte {
	files, err := filepath.Glob("testdata/fixtures/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	var objs [][]byte
	var walk func(raw json.RawMessage)
	walk = func(raw json.RawMessage) {
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) == nil {
			objs = append(objs, raw)
			for _, v := range obj {
				walk(v)
			}
			return
		}
		var list []json.RawMessage
		if json.Unmarshal(raw, &list) == nil {
			for _, v := range list {
				walk(v)
			}
		}
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		walk(raw)
	}
	return objs
}

// Members that are not what their fields take, and the edges of numbers
// and strings, decode as encoding/json decodes them.
var directDecodingCases = []string{
	`{"id":1,"fname":"Ann","allow_late_fees":true,"num_logins":3,"vis_state":0}`,
	`{"id":"1"}`, `{"id":1.5}`, `{"id":1e2}`, `{"id":-0}`, `{"id":9223372036854775807}`, `{"id":9223372036854775808}`,
	`{"id":-9223372036854775808}`, `{"id":-9223372036854775809}`, `{"num_logins":99999999999999999999}`,
	`{"fname":null,"allow_late_fees":null,"id":null}`, `{"fname":1}`, `{"fname":"a\u00e9\n\"b"}`, "{\"fname\":\"\xff\"}",
	`{"fname":"\ud800"}`, `{"allow_late_fees":"true"}`, `{"allow_late_fees":1}`, `{"updated":"2020-11-01 13:11:10"}`,
	`{"updated":"not a time"}`, `{"updated":5}`, `{"updated":null}`, `{"outstanding_balance":[{"amount":{"amount":"1.00","code":"USD"}}]}`,
	`{"outstanding_balance":{}}`, `{"outstanding_balance":null}`, `{"outstanding_balance":[]}`, `{"outstanding_balance":[1]}`,
	`{"outstanding_balance":[{"amount":"x"}]}`, `{"outstanding_balance":[{"amount":{"amount":"2","code":"EUR"},"x":1},{}]}`, `{"fname":"a","fname":"b","id":1,"id":2}`, `{"FNAME":"x","Id":3}`, `{"f\u006eame":"esc"}`,
	`{"lines":[{"qty":"2","unit_cost":{"amount":"3.5","code":"CAD"}}],"amount":{"amount":"7","code":"CAD"}}`,
	`{"billable":true,"duration":3600,"started_at":"2026-03-08T10:00:00Z","is_logged":false}`,
	`{"rate":1.5}`, `{"rate":"1.5"}`, `{"i8":127}`, `{"i8":128}`, `{"i8":-129}`, `{"u16":65536}`, `{"u16":-1}`, `{"u":18446744073709551615}`,
	`{"f32":3.4e39}`, `{"f64":1e400}`, `{"f64":-0.5e-3}`, `{"f32":"1"}`, `{"pi":null}`, `{"pi":5}`, `{"ps":"s"}`, `{"ps":3}`,
	`{"name":"n"}`, `{"text":"t"}`, `{"text":1}`, `{"any":{"a":[1]}}`, `{"map":{"a":1}}`, `{"map":[]}`, `{"raw":{"x":1}}`,
	`{"bytes":"aGk="}`, `{"bytes":"!"}`, `{"inner":"i","id":2}`, `{"inner":5}`, `{"level":-1}`, `{"retainer_id":-5}`, `null`, `[1]`, `{}`,
}

func TestDirectDecodingMatchesEncodingJSON(t *testing.T) {
	models := slices.Sorted(maps.Keys(directDecoders))
	for _, in := range fixtureObjects(t) {
		sameDirectDecoding(t, in, models...)
	}
	for _, in := range directDecodingCases {
		sameDirectDecoding(t, []byte(in), models...)
	}
}

func FuzzDirectDecoding(f *testing.F) {
	for _, in := range fixtureObjects(f) {
		f.Add([]byte(in))
	}
	for _, in := range directDecodingCases {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, in []byte) { sameDirectDecoding(t, in, fuzzedModels...) })
}
