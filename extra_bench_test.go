package freshbooks

import (
	"encoding/json"
	"reflect"
	"testing"
)

// Two other ways to write unmarshalKeeping, kept for the benchmark that
// chose the scanner-based one.

// keepMapFirst decodes once into a map, then decodes the known members.
func keepMapFirst[T any](data []byte, v *T, extra *Extra) error {
	info := keepInfoOf(reflect.TypeFor[T]())
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	known := []byte{'{'}
	for k, raw := range m {
		if _, ok := info.fields[k]; !ok {
			continue
		}
		if len(known) > 1 {
			known = append(known, ',')
		}
		known = appendJSONString(known, k)
		known = append(known, ':')
		known = append(known, raw...)
		delete(m, k)
	}
	known = append(known, '}')
	if err := json.Unmarshal(known, v); err != nil {
		return err
	}
	if len(m) == 0 {
		m = nil
	}
	*extra = m
	return nil
}

// keepTwice decodes the whole object into v and again into a map.
func keepTwice[T any](data []byte, v *T, extra *Extra) error {
	info := keepInfoOf(reflect.TypeFor[T]())
	if err := json.Unmarshal(data, v); err != nil {
		return err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	for k := range info.fields {
		delete(m, k)
	}
	if len(m) == 0 {
		m = nil
	}
	*extra = m
	return nil
}

func TestKeepAlternativesAgree(t *testing.T) {
	in := member(t, readFixture(t, "get_client_response.json"), "response", "result", "client")
	type plain keepClient
	var a, b, c plain
	if err := unmarshalKeeping(in, &a, &a.Extra); err != nil {
		t.Fatal(err)
	}
	if err := keepMapFirst(in, &b, &b.Extra); err != nil {
		t.Fatal(err)
	}
	if err := keepTwice(in, &c, &c.Extra); err != nil {
		t.Fatal(err)
	}
	ja, _ := json.Marshal(keepClient(a))
	jb, _ := json.Marshal(keepClient(b))
	jc, _ := json.Marshal(keepClient(c))
	if string(ja) != string(jb) || string(ja) != string(jc) {
		t.Errorf("alternatives disagree:\n%s\n%s\n%s", ja, jb, jc)
	}
}

// BenchmarkClientDecode decodes the client fixture object: with
// unmarshalKeeping (the scanner), with the two alternatives, and with plain
// encoding/json into the same struct, which drops the unknown members.
func BenchmarkClientDecode(b *testing.B) {
	in := member(b, readFixture(b, "get_client_response.json"), "response", "result", "client")
	type plain keepClient
	run := func(name string, decode func(*plain) error) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				var c plain
				if err := decode(&c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	run("keeping-scanner", func(c *plain) error { return unmarshalKeeping(in, c, &c.Extra) })
	run("keeping-map-first", func(c *plain) error { return keepMapFirst(in, c, &c.Extra) })
	run("keeping-twice", func(c *plain) error { return keepTwice(in, c, &c.Extra) })
	run("plain-encoding-json", func(c *plain) error { return json.Unmarshal(in, c) })
	b.Run("keeping-via-json.Unmarshal", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(in)))
		for b.Loop() {
			var c keepClient
			if err := json.Unmarshal(in, &c); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkClientEncode(b *testing.B) {
	in := member(b, readFixture(b, "get_client_response.json"), "response", "result", "client")
	var c keepClient
	if err := json.Unmarshal(in, &c); err != nil {
		b.Fatal(err)
	}
	type plain keepClient
	b.Run("keeping", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(c); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("plain-encoding-json", func(b *testing.B) {
		p := plain(c)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(&p); err != nil {
				b.Fatal(err)
			}
		}
	})
}
