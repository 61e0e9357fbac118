package webhook

import (
	"fmt"
	"log/slog"
	"strings"
)

// The verifier signs every delivery of its callback: an Event and a Field
// hide it in every printed form (%v, %+v, %s, %#v) and in structured logs.

const redacted = "[redacted]"

// isSecret reports whether a field's value is the verifier.
func (f Field) isSecret() bool { return f.Key == "verifier" && f.Value != "" }

func (f Field) shown() string {
	if f.isSecret() {
		return redacted
	}
	return f.Value
}

// String shows the field as key=value, with a verifier's value hidden.
func (f Field) String() string { return f.Key + "=" + f.shown() }

// GoString is like String, so %#v does not reveal the verifier either.
func (f Field) GoString() string {
	return fmt.Sprintf("webhook.Field{Key: %q, Value: %q}", f.Key, f.shown())
}

// LogValue keeps a verifier out of structured logs.
func (f Field) LogValue() slog.Value { return slog.StringValue(f.String()) }

// String describes e, with its verifier hidden.
func (e Event) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "webhook.Event{Name: %q, ObjectID: %d, AccountID: %q, BusinessID: %d, IdentityID: %d, UserID: %d, Verifier: %s, Fields: [",
		e.Name, e.ObjectID, e.AccountID, e.BusinessID, e.IdentityID, e.UserID, shownVerifier(e.Verifier))
	for i, f := range e.Fields {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(f.String())
	}
	b.WriteString("]}")
	return b.String()
}

// GoString is like String.
func (e Event) GoString() string { return e.String() }

// LogValue keeps the verifier out of structured logs.
func (e Event) LogValue() slog.Value {
	fields := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		fields[i] = f.String()
	}
	return slog.GroupValue(slog.String("name", e.Name), slog.Int64("object_id", e.ObjectID),
		slog.String("account_id", string(e.AccountID)), slog.Int64("business_id", int64(e.BusinessID)),
		slog.Int64("identity_id", int64(e.IdentityID)), slog.Bool("verification", e.IsVerification()),
		slog.Any("fields", fields))
}

func shownVerifier(v string) string {
	if v == "" {
		return `""`
	}
	return redacted
}

// hideVerifier is err's text without the verifier, which the error may
// echo (an answer reflecting the Verify request, say).
func hideVerifier(err error, verifier string) string {
	if verifier == "" {
		return err.Error()
	}
	return strings.ReplaceAll(err.Error(), verifier, redacted)
}
