package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
)

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		nil,
		{"nope"},
		{"sandbox", "-no-such-flag"},
		{"sandbox", "-token-ttl", "0s"},
		{"sandbox", "-token-ttl", "soon"},
		{"sandbox", "-error-rate", "1.5"},
		{"sandbox", "-error-rate", "0.6", "-drop-rate", "0.6"},
		{"sandbox", "-rate-limit", "-1"},
		{"sandbox", "extra-arg"},
	} {
		var out, errw bytes.Buffer
		if code := run(t.Context(), args, &out, &errw); code != 2 {
			t.Errorf("run(%q) = %d, want 2; stderr %q", args, code, errw.String())
		}
		if errw.Len() == 0 {
			t.Errorf("run(%q) explained nothing", args)
		}
	}
	var out bytes.Buffer
	if code := run(t.Context(), []string{"sandbox", "-h"}, &out, &out); code != 0 || !strings.Contains(out.String(), "-auto-approve") {
		t.Errorf("help: %d %q", code, out.String())
	}
}

func TestSandboxServes(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan int)
	var errw bytes.Buffer
	go func() {
		done <- run(ctx, []string{"sandbox", "-addr", "127.0.0.1:0", "-auto-approve", "-data", t.TempDir()}, pw, &errw)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	url := strings.TrimSpace(strings.TrimPrefix(line, "FreshBooks sandbox listening on "))
	resp, err := http.Get(url + "/auth/api/v1/users/me")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("users/me without a token: %d", resp.StatusCode)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d: %s", code, errw.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the sandbox did not stop")
	}
}

func TestVersionMatchesLibrary(t *testing.T) {
	var out bytes.Buffer
	if code := run(t.Context(), []string{"version"}, &out, io.Discard); code != 0 {
		t.Fatalf("version exited %d", code)
	}
	if want := "freshbooks version " + freshbooks.Version + "\n"; out.String() != want {
		t.Errorf("version printed %q, want %q", out.String(), want)
	}
}
