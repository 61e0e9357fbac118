package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRunAgainstSandbox(t *testing.T) {
	t.Setenv("FRESHBOOKS_CLIENT_ID", "")
	var out bytes.Buffer
	if err := run(t.Context(), strings.NewReader(""), &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"in-process FreshBooks sandbox", "code_challenge_method=S256", "2. Code exchanged", "3. Refreshed", "account id", "business uuid"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
