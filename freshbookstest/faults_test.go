package freshbookstest

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestRateLimit(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	srv := newEnv(t, "", Options{Now: func() time.Time { return now }, Faults: Faults{RateLimit: 2, RateWindow: time.Minute}}).srv
	tok := srv.IssueToken(0).AccessToken
	var last *http.Response
	for i := range 3 {
		req, _ := http.NewRequest("GET", srv.URL+"/auth/api/v1/users/me", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if want := []int{200, 200, 429}[i]; resp.StatusCode != want {
			t.Fatalf("request %d: %d, want %d", i, resp.StatusCode, want)
		}
		if resp.Header.Get("X-RateLimit-Limit") != "2" {
			t.Errorf("request %d lacks rate headers: %v", i, resp.Header)
		}
		last = resp
	}
	if last.Header.Get("X-RateLimit-Remaining") != "0" || last.Header.Get("Retry-After") != "60" ||
		last.Header.Get("X-RateLimit-Reset") != strconv.FormatInt(now.Add(time.Minute).Unix(), 10) {
		t.Errorf("429 headers: %v", last.Header)
	}
	now = now.Add(time.Minute) // a new window
	if status, _ := me(t, srv, tok); status != 200 {
		t.Errorf("after the window: %d", status)
	}
	srv.SetFaults(Faults{})
	for range 5 {
		if status, _ := me(t, srv, tok); status != 200 {
			t.Fatalf("faults cleared, still %d", status)
		}
	}
}

func TestErrorsAndDrops(t *testing.T) {
	srv := newEnv(t, "", Options{Faults: Faults{ErrorRate: 1}}).srv
	seen := map[int]bool{}
	for range 40 {
		resp, err := http.Get(srv.URL + "/auth/api/v1/users/me")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		seen[resp.StatusCode] = true
	}
	if !seen[502] || !seen[503] || len(seen) != 2 {
		t.Errorf("statuses seen: %v", seen)
	}
	srv.SetFaults(Faults{DropRate: 1})
	_, err := http.Get(srv.URL + "/auth/api/v1/users/me")
	if err == nil || errors.Is(err, http.ErrUseLastResponse) {
		t.Errorf("dropped connection answered: %v", err)
	}
	// The authorization pages are never faulted.
	resp, err := http.Get(authURL(srv, nil))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("consent page under faults: %v", err)
	}
	resp.Body.Close()
}
