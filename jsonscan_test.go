package freshbooks

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// scanAll validates data with objScanner and collects an object's members.
func scanAll(data []byte) (members map[string]string, isObj bool, err error) {
	sc := objScanner{data: data}
	isObj, err = sc.begin()
	if err != nil || !isObj {
		return nil, isObj, err
	}
	members = map[string]string{}
	for {
		m, ok := sc.next()
		if !ok {
			break
		}
		var name string
		if err := json.Unmarshal(data[m.ks-1:m.ke+1], &name); err != nil {
			return nil, true, err
		}
		members[name] = string(data[m.vs:m.ve])
	}
	return members, true, sc.err
}

func TestScanDepth(t *testing.T) {
	for _, tt := range []struct {
		depth int
		obj   bool
	}{{maxJSONDepth, false}, {maxJSONDepth + 1, false}, {maxJSONDepth, true}, {maxJSONDepth + 1, true}} {
		var in string
		if tt.obj {
			in = `{"a":` + strings.Repeat("[", tt.depth-1) + strings.Repeat("]", tt.depth-1) + `}`
		} else {
			in = strings.Repeat("[", tt.depth) + strings.Repeat("]", tt.depth)
		}
		_, _, err := scanAll([]byte(in))
		if want := json.Valid([]byte(in)); (err == nil) != want {
			t.Errorf("depth %d object %v: err %v, json.Valid %v", tt.depth, tt.obj, err, want)
		}
	}
}

// FuzzScanValid: the scanner accepts exactly what json.Valid accepts, and
// splits objects into the members encoding/json sees.
func FuzzScanValid(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1}`, `{"a":[1,2,{"b":null}],"c":"\u00e9\n","d":-1.5e+3}`, `[1,2]`,
		`"x"`, `-0`, `01`, `{"a":1,}`, `{"a" : true , "b":false}`, ` null `, `{"\ud800":"\\"}`, `1e`, `[`,
		"{\"a\":\"\x01\"}", `{"a":"\/"}`, `{"a":{"a":{"a":[]}}}`, `tru`, `{"a":1}{}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		members, isObj, err := scanAll(in)
		valid := json.Valid(in)
		if (err == nil) != valid {
			t.Fatalf("%q: scanner err %v, json.Valid %v", in, err, valid)
		}
		if !valid {
			return
		}
		if isObj != (bytes.TrimLeft(in, " \t\r\n")[0] == '{') {
			t.Fatalf("%q: isObj %v", in, isObj)
		}
		if !isObj {
			return
		}
		var want map[string]json.RawMessage
		if err := json.Unmarshal(in, &want); err != nil {
			t.Fatal(err)
		}
		if len(want) != len(members) {
			t.Fatalf("%q: %d members, want %d", in, len(members), len(want))
		}
		for k, v := range want {
			if members[k] != string(v) {
				t.Fatalf("%q: member %q = %s, want %s", in, k, members[k], v)
			}
		}
	})
}
