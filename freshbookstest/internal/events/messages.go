package events

import (
	"strconv"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/freshbooks-go/freshbooks/webhook"
)

// Changed queues a signed delivery to every verified, enabled callback of
// the account whose event matches the change. It is the engine's OnChange
// hook: it runs under the engine's lock and does not block.
func (o *Outbox) Changed(c engine.Change) {
	if c.Business == nil {
		return
	}
	acct := c.Business.AccountID
	t := callbacksOf(o.eng, acct)
	if t == nil {
		return
	}
	var identityID, userID int64
	if c.Identity != nil {
		identityID = c.Identity.ID
		userID = userIDOf(o.eng.Identities, c.Business, c.Identity)
	}
	for _, id := range t.IDs {
		rec := t.ByID[id]
		if rec["verified"] != true || !webhook.Matches(rec.Str("event"), c.Event) {
			continue
		}
		// The six fields, in the order FreshBooks' documentation shows
		// them (freshbooks-api.md §7.4).
		body := webhook.Encode([]webhook.Field{
			{Key: "name", Value: c.Event},
			{Key: "object_id", Value: strconv.FormatInt(c.ObjectID, 10)},
			{Key: "account_id", Value: acct},
			{Key: "business_id", Value: strconv.FormatInt(c.Business.ID, 10)},
			{Key: "identity_id", Value: strconv.FormatInt(identityID, 10)},
			{Key: "user_id", Value: strconv.FormatInt(userID, 10)},
		})
		sig, err := webhook.Sign(rec.Str("_verifier"), body)
		if err != nil {
			continue
		}
		o.enqueue(Delivery{Account: freshbooks.AccountID(acct), CallbackID: id, Name: c.Event, ObjectID: c.ObjectID,
			URI: rec.Str("uri"), Body: string(body), Signature: sig})
	}
}

// sendVerification queues the verification delivery of callback id: its
// event as name, its id as object_id, and its verifier, signed with the
// verifier like any delivery. FreshBooks' documentation lists these three
// fields (freshbooks-api.md §7.3); their order and the signature are
// inferred [INF]. The caller holds the engine's lock.
func (o *Outbox) sendVerification(acct string, id int64, rec engine.Record) {
	verifier := rec.Str("_verifier")
	body := webhook.Encode([]webhook.Field{
		{Key: "name", Value: rec.Str("event")},
		{Key: "object_id", Value: strconv.FormatInt(id, 10)},
		{Key: "verifier", Value: verifier},
	})
	sig, err := webhook.Sign(verifier, body)
	if err != nil {
		return
	}
	o.enqueue(Delivery{Account: freshbooks.AccountID(acct), CallbackID: id, Verification: true, Name: rec.Str("event"),
		ObjectID: id, URI: rec.Str("uri"), Body: string(body), Signature: sig})
}

// userIDOf is the deprecated user_id of a delivery: the identity's
// FreshBooks Classic user id in the business, 1 for the owner (as the
// sandbox's roles say), then 2, 3, … for the other members in the order
// the sandbox made them (people) [INF]. The caller holds the engine's
// lock.
func userIDOf(people []*engine.Identity, b *engine.Business, who *engine.Identity) int64 {
	n := int64(1)
	for _, p := range people {
		for _, m := range p.Memberships {
			if m.Business != b {
				continue
			}
			if m.Role == "owner" {
				if p == who {
					return 1
				}
				continue
			}
			n++
			if p == who {
				return n
			}
		}
	}
	return 0
}
