package freshbookstest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	"github.com/freshbooks-go/freshbooks/webhook"
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

const (
	maxQueuedDeliveries = 1000  // per callback; more are dropped [INF]
	maxDeliveryLog      = 10000 // attempts kept for Deliveries
)

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

type hookKey struct {
	account string
	id      int64
}

type hookJob struct {
	d       Delivery // the attempt template: everything fixed when queued
	attempt int
}

// hookQueue is one callback's pending deliveries and delivery state.
type hookQueue struct {
	jobs     []*hookJob
	running  bool // a goroutine is delivering them
	failures int  // failed attempts in a row
	disabled bool
}

// webhooks is the delivery engine: a goroutine per callback with pending
// deliveries (so each callback's deliveries go out in order), at most
// Concurrency attempts in flight.
//
// Lock order: Sandbox.mu, then webhooks.mu. Delivery goroutines take
// Sandbox.mu only while not holding webhooks.mu.
type webhooks struct {
	opts   WebhookOptions
	now    func() time.Time
	client *http.Client
	sem    chan struct{}
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu     sync.Mutex
	closed bool
	queues map[hookKey]*hookQueue
	active int // running delivery goroutines
	log    []Delivery
	count  int           // attempts made, including those no longer in log
	notify chan struct{} // closed and replaced at every change
}

func newWebhooks(o WebhookOptions, now func() time.Time) *webhooks {
	if o.Retry == nil {
		o.Retry = defaultWebhookRetry
	}
	if o.After == nil {
		o.After = time.After
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
	client := &http.Client{}
	if o.Client != nil {
		c := *o.Client
		client = &c
	}
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	ctx, cancel := context.WithCancel(context.Background())
	return &webhooks{
		opts: o, now: now, client: client, sem: make(chan struct{}, o.Concurrency),
		ctx: ctx, cancel: cancel, queues: map[hookKey]*hookQueue{}, notify: make(chan struct{}),
	}
}

func (w *webhooks) broadcastLocked() {
	close(w.notify)
	w.notify = make(chan struct{})
}

func (w *webhooks) queueLocked(k hookKey) *hookQueue {
	q := w.queues[k]
	if q == nil {
		q = &hookQueue{}
		w.queues[k] = q
	}
	return q
}

// enqueue queues a delivery; it never blocks. The caller holds
// Sandbox.mu, which orders the deliveries of concurrent changes.
func (s *Sandbox) enqueueDelivery(d Delivery) {
	w := s.hooks
	w.mu.Lock()
	defer w.mu.Unlock()
	k := hookKey{string(d.Account), d.CallbackID}
	q := w.queueLocked(k)
	switch {
	case w.closed || (q.disabled && !d.Verification):
		return
	case len(q.jobs) >= maxQueuedDeliveries:
		if s.opts.Logger != nil {
			s.opts.Logger.Warn("sandbox webhook queue full: delivery dropped", "callback_id", d.CallbackID, "name", d.Name)
		}
		return
	}
	q.jobs = append(q.jobs, &hookJob{d: d})
	if !q.running {
		q.running = true
		w.active++
		w.wg.Add(1)
		go s.deliverAll(k, q)
	}
	w.broadcastLocked()
}

// deliverAll delivers a callback's queue, in order, until it is empty.
func (s *Sandbox) deliverAll(k hookKey, q *hookQueue) {
	w := s.hooks
	defer w.wg.Done()
	for {
		w.mu.Lock()
		if w.closed || len(q.jobs) == 0 {
			q.running = false
			w.active--
			w.broadcastLocked()
			w.mu.Unlock()
			return
		}
		job := q.jobs[0]
		w.mu.Unlock()

		if !s.stillWanted(k, job) {
			w.mu.Lock()
			q.pop(job)
			w.mu.Unlock()
			continue
		}
		select {
		case w.sem <- struct{}{}:
		case <-w.ctx.Done():
			continue // the loop sees w.closed
		}
		d := w.attempt(job)
		<-w.sem
		if w.ctx.Err() != nil {
			continue // closing: the attempt was cut short, not failed
		}

		w.mu.Lock()
		if !q.has(job) { // the callback was deleted meanwhile
			w.mu.Unlock()
			continue
		}
		if d.OK() {
			q.failures = 0
			q.pop(job)
		} else {
			q.failures++
			switch {
			case q.failures >= w.opts.DisableAfter:
				q.disabled, q.jobs = true, nil
				d.Disabled, d.Dropped = true, true
			case job.attempt <= len(w.opts.Retry):
				d.Retry, d.RetryIn = true, w.opts.Retry[job.attempt-1]
			default:
				d.Dropped = true
				q.pop(job)
			}
		}
		w.record(d)
		w.mu.Unlock()
		if s.opts.Logger != nil {
			s.opts.Logger.Debug("sandbox webhook delivery", "callback_id", d.CallbackID, "name", d.Name, "uri", d.URI,
				"attempt", d.Attempt, "status", d.StatusCode, "err", d.Err, "retry_in", d.RetryIn, "disabled", d.Disabled)
		}
		if d.Retry {
			select {
			case <-w.opts.After(d.RetryIn):
			case <-w.ctx.Done():
			}
		}
	}
}

func (q *hookQueue) has(j *hookJob) bool { return len(q.jobs) > 0 && q.jobs[0] == j }

func (q *hookQueue) pop(j *hookJob) {
	if q.has(j) {
		q.jobs[0] = nil
		q.jobs = q.jobs[1:]
	}
}

// record logs an attempt. The caller holds w.mu.
func (w *webhooks) record(d Delivery) {
	if len(w.log) >= maxDeliveryLog {
		w.log = append(w.log[:0], w.log[len(w.log)-maxDeliveryLog/2:]...)
	}
	w.log = append(w.log, d)
	w.count++
	w.broadcastLocked()
}

// stillWanted checks, before an attempt, that the callback still exists
// with the same URI and, for an event, is still verified.
func (s *Sandbox) stillWanted(k hookKey, job *hookJob) bool {
	s.eng.Lock()
	defer s.eng.Unlock()
	t := s.eng.Tables["acct:"+k.account+"/callbacks"]
	if t == nil {
		return false
	}
	rec, ok := t.ByID[k.id]
	return ok && rec.Str("uri") == job.d.URI && (job.d.Verification || rec["verified"] == true)
}

// attempt makes one attempt at a delivery.
func (w *webhooks) attempt(job *hookJob) Delivery {
	job.attempt++
	d := job.d
	d.Attempt = job.attempt
	d.Time = w.now()
	ctx, cancel := context.WithTimeout(w.ctx, w.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URI, strings.NewReader(d.Body))
	if err != nil {
		d.Err = err
		return d
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", "FreshBooks-Sandbox-Webhooks/1")
	req.Header.Set(webhook.SignatureHeader, d.Signature)
	resp, err := w.client.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			err = errors.New("freshbookstest: no answer within " + w.opts.Timeout.String())
		}
		d.Err = err
		return d
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	d.StatusCode = resp.StatusCode
	return d
}

// enable re-enables a disabled callback. The caller holds Sandbox.mu.
func (w *webhooks) enable(account string, id int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	q := w.queueLocked(hookKey{account, id})
	q.disabled, q.failures = false, 0
	w.broadcastLocked()
}

// forget drops a deleted callback's pending deliveries. The caller holds
// Sandbox.mu. Ids are never reused, so the state left behind is inert.
func (w *webhooks) forget(account string, id int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if q := w.queues[hookKey{account, id}]; q != nil {
		q.jobs = nil
		w.broadcastLocked()
	}
}

// state returns a callback's delivery state.
func (w *webhooks) state(account string, id int64) (disabled bool, failures int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if q := w.queues[hookKey{account, id}]; q != nil {
		return q.disabled, q.failures
	}
	return false, 0
}

// wait blocks until cond, called under w.mu, holds.
func (w *webhooks) wait(ctx context.Context, cond func() bool) error {
	for {
		w.mu.Lock()
		ok, ch := cond(), w.notify
		w.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Deliveries returns the webhook delivery attempts made so far, oldest
// first (the last few thousand, in a long-running sandbox).
func (s *Sandbox) Deliveries() []Delivery {
	w := s.hooks
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]Delivery(nil), w.log...)
}

// WaitDeliveries waits until at least n delivery attempts have been made
// since the sandbox started, then returns [Sandbox.Deliveries]. It returns
// ctx's error if ctx ends first.
func (s *Sandbox) WaitDeliveries(ctx context.Context, n int) ([]Delivery, error) {
	w := s.hooks
	if err := w.wait(ctx, func() bool { return w.count >= n }); err != nil {
		return nil, err
	}
	return s.Deliveries(), nil
}

// WaitIdle waits until no delivery is queued, in flight or waiting to be
// retried. Deliveries are queued before the API answers the change that
// causes them, so after WaitIdle every delivery of the changes made so far
// has been attempted, and a change that caused none (an unverified or
// disabled callback, an event nobody subscribes to) is proved to have none.
func (s *Sandbox) WaitIdle(ctx context.Context) error {
	w := s.hooks
	return w.wait(ctx, func() bool { return w.active == 0 })
}

// WebhookCallback returns the state of callback id of account, including
// its verifier, or false if there is no such callback.
func (s *Sandbox) WebhookCallback(account freshbooks.AccountID, id int64) (WebhookCallback, bool) {
	s.eng.Lock()
	t := s.eng.Tables["acct:"+string(account)+"/callbacks"]
	var rec engine.Record
	if t != nil {
		rec = t.ByID[id]
	}
	var cb WebhookCallback
	if rec != nil {
		cb = WebhookCallback{Account: account, ID: id, Event: rec.Str("event"), URI: rec.Str("uri"),
			Verified: rec["verified"] == true, Verifier: rec.Str("_verifier")}
	}
	s.eng.Unlock()
	if rec == nil {
		return WebhookCallback{}, false
	}
	cb.Disabled, cb.Failures = s.hooks.state(string(account), id)
	return cb, true
}

// stop ends webhook deliveries: queued ones are dropped, one in flight is
// cut short. It waits for the delivery goroutines to end. It runs when the
// sandbox closes ([Sandbox.Close]).
func (w *webhooks) stop() {
	w.mu.Lock()
	w.closed = true
	w.broadcastLocked()
	w.mu.Unlock()
	w.cancel()
	w.wg.Wait()
}

// webhookChange queues a signed delivery to every verified, enabled
// callback of the account whose event matches the change. It runs under
// s.mu (the onChange hook) and does not block.
func (s *Sandbox) webhookChange(c engine.Change) {
	if c.Business == nil {
		return
	}
	acct := c.Business.AccountID
	t := s.eng.Tables["acct:"+acct+"/callbacks"]
	if t == nil {
		return
	}
	var identityID, userID int64
	if c.Identity != nil {
		identityID = c.Identity.ID
		userID = s.userIDLocked(c.Business, c.Identity)
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
		s.enqueueDelivery(Delivery{Account: freshbooks.AccountID(acct), CallbackID: id, Name: c.Event, ObjectID: c.ObjectID,
			URI: rec.Str("uri"), Body: string(body), Signature: sig})
	}
}

// sendVerificationLocked queues the verification delivery of callback id:
// its event as name, its id as object_id, and its verifier, signed with
// the verifier like any delivery. FreshBooks' documentation lists these
// three fields (freshbooks-api.md §7.3); their order and the signature are
// inferred [INF]. The caller holds s.eng.mu.
func (s *Sandbox) sendVerificationLocked(acct string, id int64, rec engine.Record) {
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
	s.enqueueDelivery(Delivery{Account: freshbooks.AccountID(acct), CallbackID: id, Verification: true, Name: rec.Str("event"),
		ObjectID: id, URI: rec.Str("uri"), Body: string(body), Signature: sig})
}

// userIDLocked is the deprecated user_id of a delivery: the identity's
// FreshBooks Classic user id in the business, 1 for the owner (as the
// sandbox's roles say), then 2, 3, … for the other members in the order
// the sandbox made them [INF]. The caller holds s.eng.mu.
func (s *Sandbox) userIDLocked(b *engine.Business, who *engine.Identity) int64 {
	n := int64(1)
	for _, p := range s.eng.Identities {
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

// webhookDeliverer hands the callbacks family the deliveries.
type webhookDeliverer struct{ s *Sandbox }

func (d webhookDeliverer) SendVerification(account string, id int64, rec engine.Record) {
	d.s.sendVerificationLocked(account, id, rec)
}
func (d webhookDeliverer) Enable(account string, id int64) { d.s.hooks.enable(account, id) }
func (d webhookDeliverer) Forget(account string, id int64) { d.s.hooks.forget(account, id) }
