package freshbooks

import (
	"encoding/json"
	"testing"
)

func TestVisState(t *testing.T) {
	for v, want := range map[VisState]string{VisActive: "active", VisDeleted: "deleted", VisArchived: "archived", 7: "VisState(7)", -1: "VisState(-1)"} {
		if v.String() != want {
			t.Errorf("%d: %s", int(v), v)
		}
	}
	var s struct {
		V VisState `json:"vis_state"`
	}
	if err := json.Unmarshal([]byte(`{"vis_state":2}`), &s); err != nil || s.V != VisArchived {
		t.Errorf("decode: %v %v", s.V, err)
	}
	if b, _ := json.Marshal(s); string(b) != `{"vis_state":2}` {
		t.Errorf("encode: %s", b)
	}
}
