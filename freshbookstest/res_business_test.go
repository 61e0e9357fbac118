package freshbookstest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

// bizEnv is a sandbox with a token of its first identity, and the ids of
// that identity's first business.
type bizEnv struct {
	t     *testing.T
	srv   *Server
	token string
	biz   *engine.Business
	now   *time.Time
}

func newBizEnv(t *testing.T) *bizEnv {
	t.Helper()
	now := time.Date(2026, 3, 8, 6, 30, 0, 123456000, time.UTC)
	env := &bizEnv{t: t, now: &now}
	env.srv = newTestServer(t, Options{Now: func() time.Time { return *env.now }})
	env.token = env.srv.IssueToken(0).AccessToken
	env.biz = env.srv.eng.Identities[0].Memberships[0].Business
	return env
}

// do sends a request with a raw body and returns the status and the raw
// answer.
func (env *bizEnv) do(method, path, body string) (int, string) {
	env.t.Helper()
	req, err := http.NewRequest(method, env.srv.URL+path, strings.NewReader(body))
	if err != nil {
		env.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+env.token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		env.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// doJSON is do with the answer decoded.
func (env *bizEnv) doJSON(method, path, body string) (int, map[string]any) {
	env.t.Helper()
	status, raw := env.do(method, path, body)
	var m map[string]any
	if raw != "" {
		dec := json.NewDecoder(strings.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil {
			env.t.Fatalf("%s %s: %d %q is not a JSON object", method, path, status, raw)
		}
	}
	return status, m
}

func (env *bizEnv) bizPath(family, rest string) string {
	return fmt.Sprintf("/%s/business/%d/%s", family, env.biz.ID, rest)
}
