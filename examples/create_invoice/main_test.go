package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

func TestRunAgainstSandbox(t *testing.T) {
	t.Setenv("FRESHBOOKS_ACCESS_TOKEN", "")
	var out bytes.Buffer
	if err := run(t.Context(), &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	// 2 × 149.99 = 299.98 with 8.25% tax (24.75), 2 × 45.00 = 90.00:
	// 414.73 in all; 200.00 paid leaves 214.73.
	for _, want := range []string{
		"in-process FreshBooks sandbox",
		"Rocket skates  2 × 149.99 = 299.98 USD + Sales Tax 8.25%",
		"Assembly       2 × 45.00 = 90.00 USD\n",
		"amount 414.73 USD, outstanding 414.73 USD, status draft (draft, unpaid)",
		"amount 414.73 USD, outstanding 414.73 USD, status sent (sent, unpaid)",
		"Payment ",
		"of 200.00 USD recorded",
		"amount 414.73 USD, outstanding 214.73 USD, status partial (partial, partial)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if n := len(regexp.MustCompile(`invoice \d{7}: `).FindAllString(got, -1)); n != 3 {
		t.Errorf("%d invoice lines with a 7-digit number, want 3:\n%s", n, got)
	}
}
