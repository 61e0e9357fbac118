package freshbooks

import (
	"context"
	"encoding/json"
	"iter"
)

// Callback is a webhook registration: FreshBooks POSTs a signed delivery to
// URI whenever Event happens in the account. See package
// github.com/freshbooks-go/freshbooks/webhook to receive them, and its
// Event* constants for the valid events: a noun with an action
// ("invoice.create") or a bare noun ("invoice") for all three actions.
//
// A new callback is not Verified: FreshBooks first POSTs a verification
// delivery carrying a verifier to URI, which the application hands back
// with [CallbacksService.Verify]. The verifier is also the key that signs
// every later delivery, so the application keeps it.
type Callback struct {
	// CallbackID is the callback's id. FreshBooks writes it "callbackid";
	// some answers and documents use "id" instead, which is read here too
	// (and kept in Extra, so it is written back as it came).
	CallbackID CallbackID `json:"callbackid,omitempty"`
	Event      string     `json:"event,omitempty"`
	URI        string     `json:"uri,omitempty"`
	// Verified reports whether the verification was completed. It is set
	// by FreshBooks only.
	Verified bool `json:"verified,omitempty"`
	// UpdatedAt is read from either form FreshBooks has been seen to send:
	// ISO 8601 UTC ("2017-08-23T11:45:09Z", the Python SDK's fixture) and
	// the accounting form in US/Eastern time ("2021-10-17 05:48:42", the
	// Node SDK's test, which reads it as New York time). AccountingTime
	// reads both correctly: naive text with a space as US/Eastern, text
	// with a "T" or a zone as UTC.
	UpdatedAt AccountingTime `json:"updated_at,omitzero"`

	// Extra holds the members this struct does not model.
	Extra Extra `json:"-"`
}

// UnmarshalJSON keeps unmodelled members in Extra, and reads the id from
// "id" when "callbackid" is absent.
func (c *Callback) UnmarshalJSON(data []byte) error {
	type plain Callback
	if err := unmarshalKeeping(data, (*plain)(c), &c.Extra); err != nil {
		return err
	}
	if raw, ok := c.Extra["id"]; ok && c.CallbackID == 0 {
		var id json.Number
		if json.Unmarshal(raw, &id) == nil {
			n, _ := id.Int64()
			c.CallbackID = CallbackID(n)
		}
	}
	return nil
}

// MarshalJSON writes Extra back.
func (c Callback) MarshalJSON() ([]byte, error) {
	type plain Callback
	return marshalKeeping((*plain)(&c), c.Extra)
}

// CallbacksService manages the account's webhook callbacks.
//
// Filter: event (Equals("event", "invoice")), which FreshBooks matches
// against the event and its parent noun. Delete is an HTTP DELETE.
type CallbacksService struct{ r resource[Callback] }

// Get returns a callback.
//
// FreshBooks endpoint: GET /events/account/{account_id}/events/callbacks/{id}
func (s *CallbacksService) Get(ctx context.Context, id CallbackID, opts ...QueryOption) (*Callback, error) {
	return s.r.get(ctx, int64(id), opts)
}

// List returns a page of callbacks.
//
// FreshBooks endpoint: GET /events/account/{account_id}/events/callbacks
func (s *CallbacksService) List(ctx context.Context, opts ...QueryOption) (*Page[Callback], error) {
	return s.r.list(ctx, opts)
}

// All iterates over every callback, fetching page after page.
//
// FreshBooks endpoint: GET /events/account/{account_id}/events/callbacks
func (s *CallbacksService) All(ctx context.Context, opts ...QueryOption) iter.Seq2[*Callback, error] {
	return s.r.all(ctx, opts)
}

// Create registers a callback; Event and URI are required. FreshBooks
// answers with the callback, not yet verified, and POSTs the verification
// delivery to URI. Registering needs the read scope of the event's noun
// (user:invoices:read for "invoice.create"); an unknown event or an
// invalid URI is an error matching [ErrValidation].
//
// FreshBooks endpoint: POST /events/account/{account_id}/events/callbacks
func (s *CallbacksService) Create(ctx context.Context, c *Callback, opts ...QueryOption) (*Callback, error) {
	return s.r.create(ctx, c, opts)
}

// Update changes the event or the URI of a callback, as c sets them.
// Changing the event needs the read scope of its noun, as Create does. A
// new URI has to be verified again: the sandbox un-verifies the callback
// and sends the verification delivery, with a new verifier, to the new URI
// (inferred: FreshBooks does not document it).
//
// FreshBooks endpoint: PUT /events/account/{account_id}/events/callbacks/{id}
func (s *CallbacksService) Update(ctx context.Context, id CallbackID, c *Callback, opts ...QueryOption) (*Callback, error) {
	return s.r.update(ctx, int64(id), c, opts)
}

// Delete removes a callback.
//
// FreshBooks endpoint: DELETE /events/account/{account_id}/events/callbacks/{id}
func (s *CallbacksService) Delete(ctx context.Context, id CallbackID) error {
	return s.r.remove(ctx, int64(id))
}

// Verify completes a callback's verification with the verifier FreshBooks
// POSTed to its URI, and returns the callback, now Verified. Keep the
// verifier: it signs the callback's deliveries (see webhook.Verify).
//
// FreshBooks endpoint: PUT /events/account/{account_id}/events/callbacks/{id} with {"callback": {"callback_id": id, "verifier": verifier}}
func (s *CallbacksService) Verify(ctx context.Context, id CallbackID, verifier string) (*Callback, error) {
	return s.r.put(ctx, int64(id), map[string]any{"callback_id": id, "verifier": verifier})
}

// ResendVerification asks FreshBooks to POST the verification delivery to
// the callback's URI again. It also re-enables a callback FreshBooks
// disabled after its deliveries kept failing.
//
// FreshBooks endpoint: PUT /events/account/{account_id}/events/callbacks/{id} with {"callback": {"callback_id": id, "resend": true}}
func (s *CallbacksService) ResendVerification(ctx context.Context, id CallbackID) (*Callback, error) {
	return s.r.put(ctx, int64(id), map[string]any{"callback_id": id, "resend": true})
}
