package events

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/freshbooks-go/freshbooks/webhook"
)

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

func (q *hookQueue) has(j *hookJob) bool { return len(q.jobs) > 0 && q.jobs[0] == j }

func (q *hookQueue) pop(j *hookJob) {
	if q.has(j) {
		q.jobs[0] = nil
		q.jobs = q.jobs[1:]
	}
}

// queueLocked returns a callback's queue, making it. The caller holds
// o.mu.
func (o *Outbox) queueLocked(k hookKey) *hookQueue {
	q := o.queues[k]
	if q == nil {
		q = &hookQueue{}
		o.queues[k] = q
	}
	return q
}

// enqueue queues a delivery; it never blocks. The caller holds the
// engine's lock, which orders the deliveries of concurrent changes.
func (o *Outbox) enqueue(d Delivery) {
	o.mu.Lock()
	defer o.mu.Unlock()
	k := hookKey{string(d.Account), d.CallbackID}
	q := o.queueLocked(k)
	switch {
	case o.closed || (q.disabled && !d.Verification):
		return
	case len(q.jobs) >= maxQueuedDeliveries:
		if o.log != nil {
			o.log.Warn("sandbox webhook queue full: delivery dropped", "callback_id", d.CallbackID, "name", d.Name)
		}
		return
	}
	q.jobs = append(q.jobs, &hookJob{d: d})
	if !q.running {
		q.running = true
		o.active++
		o.wg.Add(1)
		go o.deliverAll(k, q)
	}
	o.broadcastLocked()
}

// deliverAll delivers a callback's queue, in order, until it is empty.
func (o *Outbox) deliverAll(k hookKey, q *hookQueue) {
	defer o.wg.Done()
	for {
		o.mu.Lock()
		if o.closed || len(q.jobs) == 0 {
			q.running = false
			o.active--
			o.broadcastLocked()
			o.mu.Unlock()
			return
		}
		job := q.jobs[0]
		o.mu.Unlock()

		if !o.stillWanted(k, job) {
			o.mu.Lock()
			q.pop(job)
			o.mu.Unlock()
			continue
		}
		select {
		case o.sem <- struct{}{}:
		case <-o.ctx.Done():
			continue // the loop sees o.closed
		}
		d := o.attempt(job)
		<-o.sem
		if o.ctx.Err() != nil {
			continue // closing: the attempt was cut short, not failed
		}

		o.mu.Lock()
		if !q.has(job) { // the callback was deleted meanwhile
			o.mu.Unlock()
			continue
		}
		if d.OK() {
			q.failures = 0
			q.pop(job)
		} else {
			q.failures++
			switch {
			case q.failures >= o.opts.DisableAfter:
				q.disabled, q.jobs = true, nil
				d.Disabled, d.Dropped = true, true
			case job.attempt <= len(o.opts.Retry):
				d.Retry, d.RetryIn = true, o.opts.Retry[job.attempt-1]
			default:
				d.Dropped = true
				q.pop(job)
			}
		}
		o.record(d)
		o.mu.Unlock()
		if o.log != nil {
			o.log.Debug("sandbox webhook delivery", "callback_id", d.CallbackID, "name", d.Name, "uri", d.URI,
				"attempt", d.Attempt, "status", d.StatusCode, "err", d.Err, "retry_in", d.RetryIn, "disabled", d.Disabled)
		}
		if d.Retry {
			select {
			case <-o.opts.After(d.RetryIn):
			case <-o.ctx.Done():
			}
		}
	}
}

// record logs an attempt. The caller holds o.mu.
func (o *Outbox) record(d Delivery) {
	if len(o.attempts) >= maxDeliveryLog {
		o.attempts = append(o.attempts[:0], o.attempts[len(o.attempts)-maxDeliveryLog/2:]...)
	}
	o.attempts = append(o.attempts, d)
	o.count++
	o.broadcastLocked()
}

// stillWanted checks, before an attempt, that the callback still exists
// with the same URI and, for an event, is still verified.
func (o *Outbox) stillWanted(k hookKey, job *hookJob) bool {
	o.eng.Lock()
	defer o.eng.Unlock()
	t := callbacksOf(o.eng, k.account)
	if t == nil {
		return false
	}
	rec, ok := t.ByID[k.id]
	return ok && rec.Str("uri") == job.d.URI && (job.d.Verification || rec["verified"] == true)
}

// attempt makes one attempt at a delivery.
func (o *Outbox) attempt(job *hookJob) Delivery {
	job.attempt++
	d := job.d
	d.Attempt = job.attempt
	d.Time = o.eng.Now()
	ctx, cancel := context.WithTimeout(o.ctx, o.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URI, strings.NewReader(d.Body))
	if err != nil {
		d.Err = err
		return d
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", "FreshBooks-Sandbox-Webhooks/1")
	req.Header.Set(webhook.SignatureHeader, d.Signature)
	resp, err := o.client.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			err = errors.New("freshbookstest: no answer within " + o.opts.Timeout.String())
		}
		d.Err = err
		return d
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	d.StatusCode = resp.StatusCode
	return d
}

// enable re-enables a callback disabled for failing deliveries. The
// caller holds the engine's lock.
func (o *Outbox) enable(account string, id int64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	q := o.queueLocked(hookKey{account, id})
	q.disabled, q.failures = false, 0
	o.broadcastLocked()
}

// forget drops a deleted callback's pending deliveries. The caller holds
// the engine's lock. Ids are never reused, so the state left behind is
// inert.
func (o *Outbox) forget(account string, id int64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if q := o.queues[hookKey{account, id}]; q != nil {
		q.jobs = nil
		o.broadcastLocked()
	}
}

// state returns a callback's delivery state.
func (o *Outbox) state(account string, id int64) (disabled bool, failures int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if q := o.queues[hookKey{account, id}]; q != nil {
		return q.disabled, q.failures
	}
	return false, 0
}
