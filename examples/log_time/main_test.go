package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

func TestRunAgainstSandbox(t *testing.T) {
	t.Setenv("FRESHBOOKS_ACCESS_TOKEN", "")
	t.Setenv("FRESHBOOKS_BUSINESS_ID", "")
	var out bytes.Buffer
	if err := run(t.Context(), &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	got := out.String()
	for _, want := range []string{
		"in-process FreshBooks sandbox",
		"Service ", "Web design at 120.00 an hour",
		"(2 entries, newest first)",
		"1h30m  Review with the client",
		"2h30m  Wireframes",
		"Total logged: 4h00m (unbilled: 4h00m)",
		"Unbilled time at the service's rate: 480.00",
		"Project's logged duration: 4h00m",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	// Newest first: the review (yesterday) before the wireframes.
	if strings.Index(got, "Review with the client") > strings.Index(got, "  Wireframes") {
		t.Errorf("entries not newest first:\n%s", got)
	}
	if n := len(regexp.MustCompile(`(?m)^Logged entry \d+: `).FindAllString(got, -1)); n != 2 {
		t.Errorf("%d entries logged, want 2:\n%s", n, got)
	}
}

func TestBusinessNotFound(t *testing.T) {
	t.Setenv("FRESHBOOKS_ACCESS_TOKEN", "")
	t.Setenv("FRESHBOOKS_BUSINESS_ID", "1")
	var out bytes.Buffer
	if err := run(t.Context(), &out); err == nil || !strings.Contains(err.Error(), `no business "1"`) {
		t.Errorf("err = %v", err)
	}
}
