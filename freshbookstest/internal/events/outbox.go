package events

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/freshbooks-go/freshbooks"
	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
)

const (
	maxQueuedDeliveries = 1000  // per callback; more are dropped [INF]
	maxDeliveryLog      = 10000 // attempts kept for Deliveries
)

// Options configures the deliveries: freshbookstest.WebhookOptions, whose
// doc says what each field means, with its defaults filled in. Retry,
// DisableAfter, Timeout and Concurrency are taken as given; a nil After
// means a real timer and a nil Client a plain one.
type Options struct {
	Retry        []time.Duration
	After        func(d time.Duration) <-chan time.Time
	DisableAfter int
	Timeout      time.Duration
	Concurrency  int
	Client       *http.Client
}

// Delivery is one attempt to deliver a webhook: freshbookstest.Delivery,
// whose doc says what each field means.
type Delivery struct {
	Account      freshbooks.AccountID
	CallbackID   int64
	Verification bool
	Name         string
	ObjectID     int64
	URI          string
	Body         string
	Signature    string
	Attempt      int
	Time         time.Time
	StatusCode   int
	Err          error
	Retry        bool
	RetryIn      time.Duration
	Dropped      bool
	Disabled     bool
}

// OK reports whether the attempt succeeded: a 2xx answer.
func (d Delivery) OK() bool { return d.Err == nil && d.StatusCode >= 200 && d.StatusCode < 300 }

// Callback is a callback's state: freshbookstest.WebhookCallback, whose
// doc says what each field means.
type Callback struct {
	Account  freshbooks.AccountID
	ID       int64
	Event    string
	URI      string
	Verified bool
	Verifier string
	Disabled bool
	Failures int
}

// Outbox delivers the webhooks of an engine's callbacks: a goroutine per
// callback with pending deliveries (so each callback's deliveries go out
// in order), at most Concurrency attempts in flight. It is safe for
// concurrent use.
//
// Lock order: the engine's lock, then the outbox's. Delivery goroutines
// take the engine's lock only while not holding the outbox's.
type Outbox struct {
	eng    *engine.Engine
	opts   Options
	log    *slog.Logger // nil means none
	client *http.Client
	sem    chan struct{}
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu       sync.Mutex
	closed   bool
	queues   map[hookKey]*hookQueue
	active   int // running delivery goroutines
	attempts []Delivery
	count    int           // attempts made, including those no longer in attempts
	notify   chan struct{} // closed and replaced at every change
}

// NewOutbox returns the outbox of e's callbacks, delivering as o says
// and logging to logger (nil means no logging). Stop it when done. It
// does not hear e's changes by itself: hand [Outbox.Changed] to
// e.OnChange.
func NewOutbox(e *engine.Engine, o Options, logger *slog.Logger) *Outbox {
	if o.After == nil {
		o.After = time.After
	}
	client := &http.Client{}
	if o.Client != nil {
		c := *o.Client
		client = &c
	}
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	ctx, cancel := context.WithCancel(context.Background())
	return &Outbox{
		eng: e, opts: o, log: logger, client: client, sem: make(chan struct{}, o.Concurrency),
		ctx: ctx, cancel: cancel, queues: map[hookKey]*hookQueue{}, notify: make(chan struct{}),
	}
}

// Stop ends the deliveries: queued ones are dropped, one in flight is cut
// short. It waits for the delivery goroutines to end.
func (o *Outbox) Stop() {
	o.mu.Lock()
	o.closed = true
	o.broadcastLocked()
	o.mu.Unlock()
	o.cancel()
	o.wg.Wait()
}

// Deliveries returns the delivery attempts made so far, oldest first
// (the last few thousand, in a long-running sandbox).
func (o *Outbox) Deliveries() []Delivery {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]Delivery(nil), o.attempts...)
}

// WaitDeliveries waits until at least n attempts have been made since
// the outbox started, then returns [Outbox.Deliveries]; it returns ctx's
// error if ctx ends first.
func (o *Outbox) WaitDeliveries(ctx context.Context, n int) ([]Delivery, error) {
	if err := o.wait(ctx, func() bool { return o.count >= n }); err != nil {
		return nil, err
	}
	return o.Deliveries(), nil
}

// WaitIdle waits until no delivery is queued, in flight or waiting to be
// retried, or ctx ends.
func (o *Outbox) WaitIdle(ctx context.Context) error {
	return o.wait(ctx, func() bool { return o.active == 0 })
}

// wait blocks until cond, called under o.mu, holds.
func (o *Outbox) wait(ctx context.Context, cond func() bool) error {
	for {
		o.mu.Lock()
		ok, ch := cond(), o.notify
		o.mu.Unlock()
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

// Callback returns the state of callback id of account, including its
// verifier, or false if there is no such callback. It takes the engine's
// lock.
func (o *Outbox) Callback(account freshbooks.AccountID, id int64) (Callback, bool) {
	o.eng.Lock()
	var rec engine.Record
	if t := callbacksOf(o.eng, string(account)); t != nil {
		rec = t.ByID[id]
	}
	var cb Callback
	if rec != nil {
		cb = Callback{Account: account, ID: id, Event: rec.Str("event"), URI: rec.Str("uri"),
			Verified: rec["verified"] == true, Verifier: rec.Str("_verifier")}
	}
	o.eng.Unlock()
	if rec == nil {
		return Callback{}, false
	}
	cb.Disabled, cb.Failures = o.state(string(account), id)
	return cb, true
}

// callbacksOf returns the callbacks of an account, or nil if it has none;
// it never makes the collection. The caller holds the engine's lock.
func callbacksOf(e *engine.Engine, account string) *engine.Collection {
	return e.Tables["acct:"+account+"/"+callbacksTableName]
}

// broadcastLocked wakes the waiters. The caller holds o.mu.
func (o *Outbox) broadcastLocked() {
	close(o.notify)
	o.notify = make(chan struct{})
}
