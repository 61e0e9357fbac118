package freshbookstest

import (
	"context"
	"net/http"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/events"
)

// Webhook delivery defaults. FreshBooks documents a 10 second timeout, and
// only that failed deliveries are "retried periodically", dropped "after
// several failures", and that a URI failing "over a long period" may be
// disabled (freshbooks-api.md §7.4): the retry schedule and the disabling
// threshold below are inferred [INF].
const (
	DefaultWebhookTimeout      = 10 * time.Second
	DefaultWebhookDisableAfter = 12 // failed attempts in a row [INF]
	DefaultWebhookConcurrency  = 8
)

// defaultWebhookRetry is the wait before each retry of a failed delivery
// when WebhookOptions.Retry is nil [INF].
var defaultWebhookRetry = []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 6 * time.Hour}

// WebhookOptions configures how the sandbox delivers webhooks. The zero
// value behaves like FreshBooks.
//
// A delivery is a form-encoded POST signed with the callback's verifier.
// An attempt fails unless it gets a 2xx answer within Timeout (a 3xx is a
// failure: redirects are not followed). A failed delivery is retried after
// each wait of Retry in turn, then dropped; a callback whose attempts fail
// DisableAfter times in a row is disabled: its pending deliveries are
// dropped and it receives nothing more until its verification is resent.
// Deliveries to one callback are made one at a time, in order.
type WebhookOptions struct {
	// Retry lists the waits before each retry of a failed delivery. nil
	// means 1m, 5m, 30m, 2h and 6h [INF]; an empty, non-nil slice means
	// no retries.
	Retry []time.Duration
	// After returns a channel that receives once d has passed; the
	// engine waits on it between retries. nil means a real timer. Tests
	// substitute one that fires at once, or when they say.
	After func(d time.Duration) <-chan time.Time
	// DisableAfter is how many failed attempts in a row disable a
	// callback; zero means DefaultWebhookDisableAfter.
	DisableAfter int
	// Timeout bounds each attempt; zero means 10 seconds, as FreshBooks.
	Timeout time.Duration
	// Concurrency bounds the attempts in flight across all callbacks; zero
	// means DefaultWebhookConcurrency.
	Concurrency int
	// Client sends the deliveries (for example one trusting a test TLS
	// server); nil means a plain client. Its redirect policy is replaced:
	// redirects are never followed.
	Client *http.Client
}

// A Delivery is one attempt to deliver a webhook, as recorded by the
// sandbox: see [Sandbox.Deliveries].
type Delivery struct {
	Account    freshbooks.AccountID
	CallbackID int64
	// Verification is set for the verification delivery sent when a
	// callback is registered, its URI changed, or its verification resent.
	Verification bool
	// Name is the event delivered, such as "invoice.create"; for a
	// verification, the event the callback subscribes to.
	Name string
	// ObjectID is the id of the object that changed; for a verification,
	// the callback id.
	ObjectID int64
	URI      string
	// Body is the form-encoded body sent, and Signature its
	// X-FreshBooks-Hmac-SHA256 header.
	Body      string
	Signature string
	// Attempt counts the attempts at this delivery, from 1.
	Attempt int
	// Time is when the attempt started, by the sandbox's clock.
	Time time.Time
	// StatusCode is the receiver's answer, or 0 if there was none.
	StatusCode int
	// Err is why there was no answer (refused, timed out), or nil.
	Err error
	// Retry reports that the delivery will be attempted again, after
	// RetryIn.
	Retry   bool
	RetryIn time.Duration
	// Dropped reports that the attempt failed and the delivery was given
	// up: retries exhausted, or the callback disabled.
	Dropped bool
	// Disabled reports that this failure disabled the callback.
	Disabled bool
}

// OK reports whether the attempt succeeded: a 2xx answer.
func (d Delivery) OK() bool { return d.Err == nil && d.StatusCode >= 200 && d.StatusCode < 300 }

// WebhookCallback is a callback's state as the sandbox holds it, for tests:
// see [Sandbox.WebhookCallback].
type WebhookCallback struct {
	Account  freshbooks.AccountID
	ID       int64
	Event    string
	URI      string
	Verified bool
	// Verifier is the callback's secret: it signs the deliveries.
	Verifier string
	// Disabled reports that the callback's deliveries kept failing and it
	// was disabled; resending the verification re-enables it. The API
	// answers do not show it: FreshBooks documents no such member [INF].
	Disabled bool
	// Failures counts the failed attempts in a row.
	Failures int
}

// outboxOptions fills in the defaults of o for the events family's
// outbox.
func outboxOptions(o WebhookOptions) events.Options {
	if o.Retry == nil {
		o.Retry = defaultWebhookRetry
	}
	if o.DisableAfter <= 0 {
		o.DisableAfter = DefaultWebhookDisableAfter
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultWebhookTimeout
	}
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultWebhookConcurrency
	}
	return events.Options(o)
}

// deliveries converts the outbox's attempts.
func deliveries(ds []events.Delivery) []Delivery {
	if ds == nil {
		return nil
	}
	out := make([]Delivery, len(ds))
	for i, d := range ds {
		out[i] = Delivery(d)
	}
	return out
}

// Deliveries returns the webhook delivery attempts made so far, oldest
// first (the last few thousand, in a long-running sandbox).
func (s *Sandbox) Deliveries() []Delivery { return deliveries(s.hooks.Deliveries()) }

// WaitDeliveries waits until at least n delivery attempts have been made
// since the sandbox started, then returns [Sandbox.Deliveries]. It returns
// ctx's error if ctx ends first.
func (s *Sandbox) WaitDeliveries(ctx context.Context, n int) ([]Delivery, error) {
	ds, err := s.hooks.WaitDeliveries(ctx, n)
	return deliveries(ds), err
}

// WaitIdle waits until no delivery is queued, in flight or waiting to be
// retried. Deliveries are queued before the API answers the change that
// causes them, so after WaitIdle every delivery of the changes made so far
// has been attempted, and a change that caused none (an unverified or
// disabled callback, an event nobody subscribes to) is proved to have none.
func (s *Sandbox) WaitIdle(ctx context.Context) error { return s.hooks.WaitIdle(ctx) }

// WebhookCallback returns the state of callback id of account, including
// its verifier, or false if there is no such callback.
func (s *Sandbox) WebhookCallback(account freshbooks.AccountID, id int64) (WebhookCallback, bool) {
	cb, ok := s.hooks.Callback(account, id)
	return WebhookCallback(cb), ok
}
