package webhook

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
)

// vector is a golden test vector computed with Python; see
// testdata/signatures.py.
type vector struct {
	Name      string `json:"name"`
	Body      string `json:"body"`
	Verifier  string `json:"verifier"`
	Canonical string `json:"canonical"`
	Signature string `json:"signature"`
}

func loadVectors(tb testing.TB) []vector {
	tb.Helper()
	data, err := os.ReadFile("testdata/signatures.json")
	if err != nil {
		tb.Fatal(err)
	}
	var vs []vector
	if err := json.Unmarshal(data, &vs); err != nil {
		tb.Fatal(err)
	}
	if len(vs) == 0 {
		tb.Fatal("no vectors")
	}
	return vs
}

func TestGoldenVectors(t *testing.T) {
	for _, v := range loadVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			body := []byte(v.Body)
			got, err := CanonicalJSON(body)
			if err != nil {
				t.Fatalf("CanonicalJSON: %v", err)
			}
			if string(got) != v.Canonical {
				t.Errorf("CanonicalJSON:\n got %s\nwant %s", got, v.Canonical)
			}
			sig, err := Sign(v.Verifier, body)
			if err != nil {
				t.Fatalf("Sign: %v", err)
			}
			if sig != v.Signature {
				t.Errorf("Sign = %s, want %s", sig, v.Signature)
			}
			if err := Verify(v.Verifier, body, v.Signature); err != nil {
				t.Errorf("Verify: %v", err)
			}
			if err := Verify(v.Verifier+"x", body, v.Signature); !errors.Is(err, ErrInvalidSignature) {
				t.Errorf("Verify with another verifier = %v, want ErrInvalidSignature", err)
			}
			if err := Verify(v.Verifier, append(body, "&x=1"...), v.Signature); !errors.Is(err, ErrInvalidSignature) {
				t.Errorf("Verify of a longer body = %v, want ErrInvalidSignature", err)
			}
			if err := Verify(v.Verifier, body, ""); !errors.Is(err, ErrMissingSignature) {
				t.Errorf("Verify without signature = %v, want ErrMissingSignature", err)
			}

			// Re-encoding the parsed fields signs the same.
			fields, err := parseForm(body)
			if err != nil {
				t.Fatal(err)
			}
			if err := Verify(v.Verifier, Encode(fields), v.Signature); err != nil {
				t.Errorf("Verify(Encode(fields)): %v", err)
			}
		})
	}
}

func TestVerifyRejectsTampering(t *testing.T) {
	const verifier = "UWQfd9zCzxmVwFZWKqqKwLxqz8gvzGdAn"
	body := "name=invoice.create&object_id=1234567&account_id=6BApk&business_id=6543&identity_id=1234&user_id=1"
	sig, err := Sign(verifier, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	for _, tampered := range []string{
		strings.Replace(body, "1234567", "1234568", 1),                                                       // another object
		strings.Replace(body, "invoice.create", "invoice.delete", 1),                                         // another event
		"object_id=1234567&name=invoice.create&account_id=6BApk&business_id=6543&identity_id=1234&user_id=1", // reordered
		body + "&extra=",   // added field
		body[:len(body)-9], // dropped field
	} {
		if err := Verify(verifier, []byte(tampered), sig); !errors.Is(err, ErrInvalidSignature) {
			t.Errorf("Verify(%q) = %v, want ErrInvalidSignature", tampered, err)
		}
	}
	for _, s := range []string{sig[:len(sig)-1], sig + "=", strings.ToLower(sig), " " + sig, "x"} {
		if err := Verify(verifier, []byte(body), s); !errors.Is(err, ErrInvalidSignature) {
			t.Errorf("Verify with signature %q = %v, want ErrInvalidSignature", s, err)
		}
	}
}

func TestEmptyVerifier(t *testing.T) {
	body := []byte("name=invoice.create&object_id=1")
	if _, err := Sign("", body); !errors.Is(err, ErrInvalidSignature) {
		t.Errorf("Sign with empty verifier: %v, want ErrInvalidSignature", err)
	}
	// Anyone can compute the signature for an empty key; it must not pass.
	msg, _ := CanonicalJSON(body)
	if err := Verify("", body, sign("", msg)); !errors.Is(err, ErrInvalidSignature) {
		t.Errorf("Verify with empty verifier: %v, want ErrInvalidSignature", err)
	}
}

func TestMalformedBody(t *testing.T) {
	for _, body := range []string{
		"a=%", "a=%4", "a=%zz", "a=%G1", "a=1%", "%=1", "k%2=v", "a=%%41",
		"a=1&a=2", "a=1&a=1", "a&a", "na%6De=1&name=2", "a+b=1&a%20b=2",
	} {
		if _, err := CanonicalJSON([]byte(body)); !errors.Is(err, ErrMalformedBody) {
			t.Errorf("CanonicalJSON(%q) = %v, want ErrMalformedBody", body, err)
		}
		if _, err := Sign("v", []byte(body)); !errors.Is(err, ErrMalformedBody) {
			t.Errorf("Sign(%q) = %v, want ErrMalformedBody", body, err)
		}
		if err := Verify("v", []byte(body), "c2ln"); !errors.Is(err, ErrMalformedBody) {
			t.Errorf("Verify(%q) = %v, want ErrMalformedBody", body, err)
		}
		if _, err := Parse([]byte(body)); !errors.Is(err, ErrMalformedBody) {
			t.Errorf("Parse(%q) = %v, want ErrMalformedBody", body, err)
		}
	}
}

// A raw byte means the same as its %-escape.
func TestRawBytes(t *testing.T) {
	for raw, escaped := range map[string]string{
		"a=\xff":            "a=%FF",
		"a=\xe4\xb8":        "a=%E4%B8",
		"a=\xe4%b8%ad":      "a=%E4%B8%AD",
		"a=caf\xc3\xa9":     "a=caf%C3%A9",
		"\xed\xa0\x80=\xc0": "%ED%A0%80=%C0",
	} {
		got, err1 := CanonicalJSON([]byte(raw))
		want, err2 := CanonicalJSON([]byte(escaped))
		if err1 != nil || err2 != nil || string(got) != string(want) {
			t.Errorf("CanonicalJSON(%q) = %s, %v; CanonicalJSON(%q) = %s, %v", raw, got, err1, escaped, want, err2)
		}
	}
}

func TestErrorsHideSecrets(t *testing.T) {
	const verifier = "UWQfd9zCzxmVwFZWKqqKwLxqz8gvzGdAn"
	body := []byte("name=invoice.create&object_id=1")
	sig, _ := Sign(verifier, body)
	for _, err := range []error{
		Verify(verifier, body, sig[1:]),
		Verify(verifier, append(body, '%'), sig),
		Verify("", body, sig),
	} {
		if err == nil || strings.Contains(err.Error(), verifier) || strings.Contains(err.Error(), sig[1:]) {
			t.Errorf("error %q reveals a secret", err)
		}
	}
}

func TestEncode(t *testing.T) {
	fields := []Field{{"name", "invoice.create"}, {"a b", "x+y&z=1/é~"}, {"", ""}}
	want := "name=invoice.create&a+b=x%2By%26z%3D1%2F%C3%A9~&="
	if got := string(Encode(fields)); got != want {
		t.Errorf("Encode = %s, want %s", got, want)
	}
	if got := string(Encode(nil)); got != "" {
		t.Errorf("Encode(nil) = %q", got)
	}
}
