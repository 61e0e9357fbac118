package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"unicode/utf8"
)

func addSeeds(f *testing.F, add func(v vector)) {
	for _, v := range loadVectors(f) {
		add(v)
	}
	for _, body := range []string{"a=%", "a=1&a=2", "a=\xff\xe4\xb8", "%F0%9F%98=%ED%A0%80", "verifier=x&object_id=1"} {
		add(vector{Body: body, Verifier: "v"})
	}
}

// decodeObject decodes a JSON object of strings, keeping the key order.
func decodeObject(data []byte) ([]Field, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errors.New("not an object")
	}
	var fields []Field
	for dec.More() {
		var k, v string
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		k = tok.(string)
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		fields = append(fields, Field{k, v})
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return nil, errors.New("unterminated object")
	}
	if dec.More() {
		return nil, errors.New("trailing data")
	}
	return fields, nil
}

func FuzzCanonicalJSON(f *testing.F) {
	addSeeds(f, func(v vector) { f.Add([]byte(v.Body)) })
	f.Fuzz(func(t *testing.T, body []byte) {
		msg, err := CanonicalJSON(body)
		if err != nil {
			if !errors.Is(err, ErrMalformedBody) {
				t.Fatalf("error %v does not wrap ErrMalformedBody", err)
			}
			return
		}
		for _, c := range msg {
			if c < ' ' || c > '~' {
				t.Fatalf("non-printable-ASCII byte %#x in %q", c, msg)
			}
		}
		if !json.Valid(msg) {
			t.Fatalf("invalid JSON %q", msg)
		}
		got, err := decodeObject(msg)
		if err != nil {
			t.Fatalf("decoding %q: %v", msg, err)
		}
		fields, _ := parseForm(body)
		if len(got) != len(fields) || len(fields) > 0 && !reflect.DeepEqual(got, fields) {
			t.Fatalf("%q decodes to %q, want %q", msg, got, fields)
		}
		for _, f := range fields {
			if !utf8.ValidString(f.Key) || !utf8.ValidString(f.Value) {
				t.Fatalf("invalid UTF-8 in field %q", f)
			}
		}
		again, err := CanonicalJSON(Encode(fields))
		if err != nil || !bytes.Equal(again, msg) {
			t.Fatalf("re-encoded: %q, %v; want %q", again, err, msg)
		}
	})
}

func FuzzVerify(f *testing.F) {
	addSeeds(f, func(v vector) { f.Add(v.Verifier, []byte(v.Body), v.Signature) })
	f.Fuzz(func(t *testing.T, verifier string, body []byte, signature string) {
		Verify(verifier, body, signature) // must not panic

		sig, err := Sign(verifier, body)
		if err != nil {
			if err := Verify(verifier, body, "c2ln"); err == nil {
				t.Fatal("Verify accepts what Sign refuses")
			}
			return
		}
		if err := Verify(verifier, body, sig); err != nil {
			t.Fatalf("Verify(Sign): %v", err)
		}
		if err := Verify(verifier+"x", body, sig); !errors.Is(err, ErrInvalidSignature) {
			t.Fatalf("Verify with another verifier: %v", err)
		}
		if signature != sig {
			if err := Verify(verifier, body, signature); err == nil {
				t.Fatalf("Verify accepts signature %q, want only %q", signature, sig)
			}
		}
	})
}

func FuzzParse(f *testing.F) {
	addSeeds(f, func(v vector) { f.Add([]byte(v.Body)) })
	// Issue 14: a verification delivery's verifier showed in %v.
	f.Add([]byte("object_id=7&verifier=s3cretVerifier&verifier=second&account_id=A"))
	f.Fuzz(func(t *testing.T, body []byte) {
		e, err := Parse(body)
		if err != nil {
			if !errors.Is(err, ErrMalformedBody) {
				t.Fatalf("error %v does not wrap ErrMalformedBody", err)
			}
			return
		}
		if e.ObjectID < 0 || e.BusinessID < 0 || e.IdentityID < 0 || e.UserID < 0 {
			t.Fatalf("negative id in %+v", e)
		}
		if e.Name == "" && !e.IsVerification() {
			t.Fatalf("event without name: %+v", e)
		}
		if name := e.Resource + "." + e.Action; e.Name != name && e.Name != e.Resource {
			t.Fatalf("Name %q, Resource %q, Action %q", e.Name, e.Resource, e.Action)
		}
		// The printed forms do not depend on the verifier's value.
		other := *e
		other.Fields = slices.Clone(e.Fields)
		if other.Verifier != "" {
			other.Verifier = "another"
		}
		for i, fl := range other.Fields {
			if fl.Key == "verifier" && fl.Value != "" {
				other.Fields[i].Value = "another"
			}
		}
		forms := func(e *Event) string { return fmt.Sprintf("%v|%+v|%#v|%s|%v", e, *e, *e, e, e.Fields) }
		if forms(e) != forms(&other) {
			t.Fatalf("the verifier shows: %s", forms(e))
		}
		again, err := Parse(Encode(e.Fields))
		if err != nil || !reflect.DeepEqual(again, e) {
			t.Fatalf("re-encoded: %+v, %v; want %+v", again, err, e)
		}
	})
}
