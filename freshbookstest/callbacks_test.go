package freshbookstest

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/freshbooks-go/freshbooks"
)

// The webhook callbacks' tests are the events family's
// (internal/events/callbacks_test.go); these need the sandbox's internals.

func (e *env) callbacksPath() string { return "/events/account/" + e.acct + "/events/callbacks" }

// register creates a callback and returns its answer.
func (e *env) register(event, uri string) map[string]any {
	e.t.Helper()
	status, out := e.as(e.token, "POST", e.callbacksPath(), map[string]any{"callback": map[string]any{"event": event, "uri": uri}}, false)
	if status != 200 {
		e.t.Fatalf("register: %d %v", status, out)
	}
	return out["response"].(map[string]any)["result"].(map[string]any)["callback"].(map[string]any)
}

func callbackID(cb map[string]any) int64 {
	n, _ := strconv.ParseInt(fmt.Sprint(cb["callbackid"]), 10, 64)
	return n
}

// Callbacks go through the generic machinery too: Load makes them, with
// a verifier, unverified.
func TestLoadCallbacks(t *testing.T) {
	e := newEnv(t, "", Options{})
	s := e.sb
	if err := s.Load(strings.NewReader(`{"": {"callbacks": [{"event": "invoice", "uri": "https://example.com/h", "verified": true}]}}`)); err != nil {
		t.Fatal(err)
	}
	acct := e.acct
	t1 := s.eng.Tables["acct:"+acct+"/callbacks"]
	if t1 == nil || len(t1.IDs) != 1 {
		t.Fatalf("loaded %v", t1)
	}
	cb, ok := s.WebhookCallback(freshbooks.AccountID(acct), t1.IDs[0])
	if !ok || cb.Event != "invoice" || len(cb.Verifier) != 33 {
		t.Errorf("loaded callback %+v", cb)
	}
	rec := t1.ByID[t1.IDs[0]]
	for _, k := range []string{"vis_state", "accounting_systemid", "created_at"} {
		if _, ok := rec[k]; ok {
			t.Errorf("loaded callback has %s", k)
		}
	}
}
