// Package webhook receives FreshBooks webhooks (callbacks) safely.
//
// # Protocol
//
// An application registers a callback for an event, such as
// "invoice.create" or just "invoice" for all three of its actions, and a
// URI. FreshBooks then POSTs a verification delivery to the URI: a form
// carrying a verifier and, as object_id, the callback id. The application
// sends both back to the callbacks' Verify endpoint, which marks the callback
// verified, and keeps the verifier: it is the secret that signs every later
// delivery.
//
// Each delivery is a form-encoded POST such as
//
//	name=invoice.create&object_id=1234567&account_id=6BApk&business_id=6543&identity_id=1234&user_id=1
//
// with a [SignatureHeader] header: the base64 HMAC-SHA256, keyed with the
// verifier, of the fields as JSON written the way Python writes a dict (see
// [CanonicalJSON]). FreshBooks counts anything but a 2xx answered within 10
// seconds as a failure, retries for a while, and may disable a callback
// that keeps failing; resending the verification re-enables it.
//
// # Receiving
//
// [Handler] does it all: it hands verification deliveries to the
// application, refuses deliveries whose signature is missing or wrong, and
// passes the others on as [Event] values. To build something else, [Verify]
// checks a signature and [Parse] reads a delivery. [Sign] and [Encode]
// produce deliveries, for tests and emulators.
//
// # Security
//
// A signature proves a delivery came from FreshBooks, not when: there is no
// timestamp, so no replay window can be enforced, and a captured delivery
// can be sent again at any time. Deliveries may also repeat or arrive late
// and out of order. So treat an event as a hint: fetch the object by its
// ObjectID and act on its current state, idempotently. Never act on a
// delivery before verifying it, and read its fields from the [Event] rather
// than by parsing the body again, so that they are the fields signed.
package webhook
