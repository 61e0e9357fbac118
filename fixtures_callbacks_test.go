package freshbooks

import (
	"encoding/json"
	"testing"
	"time"
)

func TestCallbackFixturesRoundTrip(t *testing.T) {
	cb := roundTrip[Callback](t, member(t, readFixture(t, "get_callback_response.json"), "response", "result", "callback"))
	if cb.CallbackID != 123 || !cb.Verified || cb.Event != "invoice.create" || cb.URI != "http://freshbooks.com/hook/123" ||
		!cb.UpdatedAt.Time().Equal(time.Date(2017, 8, 23, 11, 45, 9, 0, time.UTC)) || cb.Extra != nil {
		t.Errorf("get_callback_response: %+v", cb)
	}

	list := roundTripList[Callback](t, member(t, readFixture(t, "list_callbacks_response.json"), "response", "result", "callbacks"))
	wantIDs := []CallbackID{123, 124, 125}
	if len(list) != 3 {
		t.Fatalf("%d callbacks", len(list))
	}
	for i, cb := range list {
		if cb.CallbackID != wantIDs[i] {
			t.Errorf("callback %d: %+v", i, cb)
		}
	}
}

// The Node SDK's test sends updated_at in the accounting form and reads it
// as New York time (peer-sdks.md §2.3), and some answers carry the id as
// "id" (freshbooks-api.md §7.1): both are read.
func TestCallbackOtherForms(t *testing.T) {
	cb := roundTrip[Callback](t, []byte(`{"callbackid":2001,"event":"invoice","verified":false,"updated_at":"2021-10-17 05:48:42"}`))
	if cb.CallbackID != 2001 || cb.Verified || !cb.UpdatedAt.Time().Equal(time.Date(2021, 10, 17, 9, 48, 42, 0, time.UTC)) {
		t.Errorf("decoded %+v (updated_at %v)", cb, cb.UpdatedAt.Time())
	}
	// "id" is kept as it came, in Extra, and also read as the CallbackID,
	// which is then written too.
	var byID Callback
	if err := json.Unmarshal([]byte(`{"id":2001,"event":"invoice"}`), &byID); err != nil || byID.CallbackID != 2001 {
		t.Errorf("id form: %+v, %v", byID, err)
	}
	if b, err := json.Marshal(byID); err != nil || string(b) != `{"callbackid":2001,"event":"invoice","id":2001}` {
		t.Errorf("id form encodes as %s, %v", b, err)
	}
	// callbackid wins over id when both are present.
	var both Callback
	if err := json.Unmarshal([]byte(`{"id":1,"callbackid":2}`), &both); err != nil || both.CallbackID != 2 {
		t.Errorf("both ids: %+v, %v", both, err)
	}
	// A write sends only what the caller set.
	b, err := json.Marshal(Callback{Event: "invoice.create", URI: "https://example.com/h"})
	if err != nil || string(b) != `{"event":"invoice.create","uri":"https://example.com/h"}` {
		t.Errorf("write body %s, %v", b, err)
	}
}
