package engine

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
)

// The shapes one answer learns serve the next answers of the resource,
// and an object of the same size with other keys is still written in
// order: encoding/json's bytes, answer after answer.
func TestShapesSharedAcrossAnswers(t *testing.T) {
	sp := &Spec{}
	wide := func(n int, odd string) Record {
		r := Record{"nested": map[string]any{}}
		for i := range n {
			r[fmt.Sprintf("k%02d", i)] = i
			r["nested"].(map[string]any)[fmt.Sprintf("n%02d", i)] = odd
		}
		if odd != "" {
			delete(r, "k03")
			r[odd] = "odd"
		}
		return r
	}
	for i, rec := range []Record{wide(20, ""), wide(20, ""), wide(20, "a"), wide(20, "zz"), wide(30, ""), wide(20, "")} {
		e := encoderFor(sp)
		got, err := e.object(nil, rec, "", 0, nil)
		e.keep(sp)
		want, _ := json.Marshal(rec)
		if err != nil || string(got) != string(want) {
			t.Fatalf("answer %d: %v\n got %s\nwant %s", i, err, got, want)
		}
	}
	if known := sp.shapes.Load(); known == nil || len(*known) == 0 {
		t.Error("no shape was kept for later answers")
	}
}

// One decoder reading records of several shapes in turn, as start-up
// does, gives each what ParseJSON gives it alone.
func TestDecoderMatchesParseJSON(t *testing.T) {
	docs := []string{
		`{"a":1,"b":{"c":"x","d":[1,{"e":null}]},"k\u00e9y":"v"}`,
		`{"a":2,"b":{"c":"y"}}`,
		`{}`, `{"z":{"y":{"x":{"w":{"v":{"u":{"t":{"s":{"r":{"q":1}}}}}}}}}}`,
		`{"a":3,"b":{"c":"z","d":[],"f":true},"g":"\u0041"}`,
		`{"a":`, `[1]`, `{"a":1} x`,
	}
	var d decoder
	for _, doc := range docs {
		got := d.Record([]byte(doc))
		want := DecodeRecord([]byte(doc))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: decoder %v, ParseJSON %v", doc, got, want)
		}
	}
}
