package freshbooks

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"
)

const (
	defaultMaxResponseBytes = 32 << 20 // answers larger than this are refused
	retryBaseDelay          = 500 * time.Millisecond
	retryMaxDelay           = 30 * time.Second // cap on backoff and on Retry-After
)

// ErrResponseTooLarge reports an answer bigger than the client accepts.
var ErrResponseTooLarge = errors.New("freshbooks: response body too large")

// request is one API call before it is sent.
type request struct {
	// family is the family of the endpoint the request is for: it says
	// the shape of its error answers. 0 (a [Client.Do] call) means
	// unknown: every shape is tried.
	family Family
	method string
	path   string     // absolute path under the base URL, e.g. "/auth/api/v1/users/me"
	query  url.Values // may be nil
	body   []byte     // JSON, or nil
	// contentType overrides application/json for body (multipart uploads).
	contentType string
	// stream, when set, replaces body; such a request is never retried.
	stream io.Reader
	// streamLength is stream's length, or -1 (or 0) when unknown.
	streamLength int64
	// streamAnswer hands a 2xx answer's body back unread, in
	// response.stream, for the caller to read and close (downloads).
	streamAnswer bool
	// needsToken fails the call with ErrNoAccessToken, before anything
	// is sent, when the client has no access token and no way to get one.
	needsToken bool
}

// authed marks r as needing an access token, and returns it.
func (r *request) authed() *request {
	r.needsToken = true
	return r
}

// response is a successful answer: status 2xx, whole body read, or
// unread in stream when the request asked for that.
type response struct {
	status int
	header http.Header
	body   []byte
	stream io.ReadCloser // closing it ends the call's timeout

	client *Client // for the secrets to scrub from errors built from the answer
	bearer string  // the access token sent
}

// scrubber knows the secrets to keep out of errors built from r.
func (r *response) scrubber() scrubber {
	if r.client == nil {
		return newScrubber(r.bearer)
	}
	return r.client.scrubber(r.bearer)
}

// send performs r with authentication, retries and size limits: every
// call to FreshBooks goes through it. A non-2xx answer is an *APIError.
func (c *Client) send(ctx context.Context, r *request) (*response, error) {
	if r.needsToken {
		if err := c.tk.needToken(ctx); err != nil {
			return nil, err
		}
	}
	cancel := context.CancelFunc(func() {})
	if c.timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
	}
	resp, err := c.retrying(ctx, r)
	if err == nil && resp.stream != nil {
		// The timeout covers the reading too, until the body is closed.
		resp.stream = &closeCancel{ReadCloser: resp.stream, cancel: cancel}
		return resp, nil
	}
	cancel()
	return resp, err
}

// closeCancel cancels a context when its body is closed.
type closeCancel struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *closeCancel) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// retrying makes the attempts of r: refreshing the token when refused,
// retrying what may be retried.
func (c *Client) retrying(ctx context.Context, r *request) (*response, error) {
	u := *c.base
	u.Path = strings.TrimRight(u.Path, "/") + r.path
	u.RawPath = ""
	if len(r.query) > 0 {
		u.RawQuery = r.query.Encode()
	}
	target := u.String()
	var reauth unauthorizedRetries
	for attempt := 1; ; attempt++ {
		bearer, err := c.tk.bearer(ctx) // refreshes first when needed
		if err != nil {
			return nil, err
		}
		resp, err := c.attempt(ctx, r, target, attempt, bearer)
		if err == nil {
			return resp, nil
		}
		// A refused access token is refreshed (once per call) and the
		// request repeated with the new one.
		if again, err := c.tk.retryUnauthorized(ctx, &reauth, bearer, err); err != nil {
			return nil, err
		} else if again && r.stream == nil {
			attempt--
			continue
		}
		wait, retry := c.shouldRetry(r, err, attempt)
		if !retry || !fitsDeadline(ctx, wait) {
			// A wait the call has no time for ends it now, with the
			// error that asked for it rather than a deadline's.
			return nil, err
		}
		if err := c.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

func (c *Client) attempt(ctx context.Context, r *request, target string, attempt int, bearer string) (*response, error) {
	var body io.Reader
	switch {
	case r.stream != nil:
		body = r.stream
	case r.body != nil:
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, target, body)
	if err != nil {
		return nil, fmt.Errorf("freshbooks: %s %s: %w", r.method, r.path, err)
	}
	if r.stream != nil && r.streamLength > 0 {
		req.ContentLength = r.streamLength
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	req.Header.Set("User-Agent", c.userAgent)
	if !r.streamAnswer {
		req.Header.Set("Accept", "application/json")
	}
	if c.apiVersion != "" {
		req.Header.Set("X-API-VERSION", c.apiVersion)
	}
	if body != nil {
		req.Header.Set("Content-Type", cmp.Or(r.contentType, "application/json"))
	}
	if err := c.limit.wait(ctx); err != nil {
		return nil, c.budgetError(r, err)
	}
	start := time.Now()
	hr, err := c.do(req, r.path, bearer)
	if hr != nil {
		c.limit.done(hr.StatusCode, hr.Header)
	} else {
		c.limit.done(0, nil)
	}
	if err != nil {
		c.log(ctx, r, attempt, 0, start, err)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if _, ok := errors.AsType[*RedirectError](err); ok {
			return nil, err
		}
		return nil, &transportError{method: r.method, path: r.path, err: err}
	}
	if r.streamAnswer && hr.StatusCode >= 200 && hr.StatusCode <= 299 {
		c.log(ctx, r, attempt, hr.StatusCode, start, nil)
		return &response{status: hr.StatusCode, header: hr.Header, stream: hr.Body, client: c, bearer: bearer}, nil
	}
	defer hr.Body.Close()
	data, err := readBody(hr.Body, hr.ContentLength, c.maxBody)
	c.log(ctx, r, attempt, hr.StatusCode, start, err)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if errors.Is(err, ErrResponseTooLarge) {
			return nil, fmt.Errorf("freshbooks: %s %s: %w", r.method, r.path, err)
		}
		return nil, &transportError{method: r.method, path: r.path, err: err, afterSend: true}
	}
	resp := &response{status: hr.StatusCode, header: hr.Header, body: data, client: c, bearer: bearer}
	if hr.StatusCode < 200 || hr.StatusCode > 299 {
		e := r.family.parseError(hr.StatusCode, hr.Header, data, resp.scrubber())
		e.Method, e.Path = r.method, r.path
		return nil, e
	}
	return resp, nil
}

// do sends req, for the API path path. A redirect it did not follow
// (an answer 3xx) is a *RedirectError naming it, scrubbed of secrets.
func (c *Client) do(req *http.Request, path string, secrets ...string) (*http.Response, error) {
	hr, err := c.hc.Do(req)
	var re *RedirectError
	switch {
	case err == nil && hr.StatusCode >= 300 && hr.StatusCode <= 399:
		// No Location, or a body that cannot be sent again.
		hr.Body.Close()
		re = &RedirectError{Method: req.Method, StatusCode: hr.StatusCode, Reason: "the answer names no location"}
		if loc, lerr := hr.Location(); lerr == nil {
			re.Location, re.Reason = loc.Redacted(), "the request body cannot be sent again"
		}
	case err == nil:
		return hr, nil
	default:
		// AsType, not As(&re): re would escape, an allocation per call.
		var ok bool
		if re, ok = errors.AsType[*RedirectError](err); !ok {
			return hr, err
		}
	}
	re.Path = path
	re.Location = c.scrubber(secrets...).text(re.Location)
	return nil, re
}

func (c *Client) log(ctx context.Context, r *request, attempt, status int, start time.Time, err error) {
	if c.logger == nil {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", r.method), slog.String("path", r.path),
		slog.Int("attempt", attempt), slog.Duration("duration", time.Since(start)),
	}
	if len(r.query) > 0 {
		// The query shows what a list asked for (a misspelled filter is
		// visible here); no secret travels in it, and any credential-shaped
		// value is hidden all the same.
		attrs = append(attrs, slog.String("query", scrubPatterns(r.query.Encode())))
	}
	if status != 0 {
		attrs = append(attrs, slog.Int("status", status))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "freshbooks request", attrs...)
}

// shouldRetry decides whether a failed attempt is tried again, and after
// how long. Idempotent methods are retried on 429, 5xx and connection
// errors; a POST only when the connection was never made, since FreshBooks
// has no idempotency keys.
func (c *Client) shouldRetry(r *request, err error, attempt int) (time.Duration, bool) {
	if attempt > c.maxRetries || r.stream != nil {
		return 0, false
	}
	idempotent := r.method != http.MethodPost && r.method != http.MethodPatch
	var ae *APIError
	var te *transportError
	switch {
	case errors.As(err, &ae):
		retryable := ae.StatusCode == http.StatusTooManyRequests || ae.StatusCode == http.StatusBadGateway ||
			ae.StatusCode == http.StatusServiceUnavailable || ae.StatusCode == http.StatusGatewayTimeout ||
			ae.StatusCode == http.StatusInternalServerError
		if !retryable || !idempotent {
			return 0, false
		}
		if ae.RetryAfter > 0 {
			// Retrying sooner than asked would only be refused again.
			return ae.RetryAfter, ae.RetryAfter <= c.maxWait
		}
	case errors.As(err, &te):
		if !idempotent && !te.neverSent() {
			return 0, false
		}
	default:
		return 0, false
	}
	return backoff(attempt), true
}

// backoff is exponential with full jitter: a random wait in
// [0, base·2^(attempt-1)], capped.
func backoff(attempt int) time.Duration {
	d := min(retryBaseDelay<<min(attempt-1, 16), retryMaxDelay)
	return time.Duration(rand.Int64N(int64(d) + 1))
}

// fitsDeadline reports whether waiting d leaves ctx time to try again.
func fitsDeadline(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || time.Until(deadline) > d
}

func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// A transportError is a failure below HTTP: no answer, or a broken one.
type transportError struct {
	method, path string
	err          error
	afterSend    bool
}

func (e *transportError) Error() string {
	return fmt.Sprintf("freshbooks: %s %s: %v", e.method, e.path, e.err)
}

func (e *transportError) Unwrap() error { return e.err }

// neverSent reports whether the request certainly did not reach the
// server: the connection itself failed.
func (e *transportError) neverSent() bool {
	if e.afterSend {
		return false
	}
	var op *net.OpError
	if errors.As(e.err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(e.err, &dns) || errors.Is(e.err, syscall.ECONNREFUSED)
}

// readBody reads at most limit bytes, failing beyond.
func readBody(r io.Reader, size, limit int64) ([]byte, error) {
	if size > limit {
		return nil, ErrResponseTooLarge
	}
	if size >= 0 {
		// The length is known (net/http's body ends there): one buffer
		// of that size, rather than growing one.
		data := make([]byte, size)
		if _, err := io.ReadFull(r, data); err != nil {
			return nil, err
		}
		return data, nil
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, ErrResponseTooLarge
	}
	return data, nil
}

// Do sends a request to any FreshBooks endpoint, including ones this
// package does not model. path is relative to the API root, such as
// "/accounting/account/ABC123/users/clients"; it may carry a query. body,
// when not nil, is sent as JSON ([]byte and json.RawMessage as they are).
// The whole JSON answer is decoded into out when out is not nil; an out of
// type *[]byte receives the raw body. Error answers are [*APIError].
func (c *Client) Do(ctx context.Context, method, path string, body, out any) error {
	r := &request{method: method}
	p, q, _ := strings.Cut(path, "?")
	r.path = "/" + strings.TrimLeft(p, "/")
	if q != "" {
		vals, err := url.ParseQuery(q)
		if err != nil {
			return fmt.Errorf("freshbooks: Do: bad query: %w", err)
		}
		r.query = vals
	}
	if body != nil {
		data, err := encodeJSON(body)
		if err != nil {
			return fmt.Errorf("freshbooks: Do: %w", err)
		}
		r.body = data
	}
	resp, err := c.send(ctx, r)
	if err != nil {
		return err
	}
	switch out := out.(type) {
	case nil:
		return nil
	case *[]byte:
		*out = resp.body
		return nil
	}
	if len(bytes.TrimSpace(resp.body)) == 0 {
		return nil
	}
	return decodeJSON(r, resp, out)
}

func encodeJSON(v any) ([]byte, error) {
	switch v := v.(type) {
	case []byte:
		return v, nil
	case json.RawMessage:
		return v, nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// decodeJSON decodes a successful answer; a body that does not fit is an
// *APIError wrapping ErrBadResponse semantics.
func decodeJSON(r *request, resp *response, out any) error {
	if err := json.Unmarshal(resp.body, out); err != nil {
		return badResponse(r, resp, err.Error())
	}
	return nil
}

func badResponse(r *request, resp *response, why string) error {
	s := resp.scrubber()
	body := s.bytes(resp.body)
	return s.apiError(&APIError{
		StatusCode: resp.status, Method: r.method, Path: r.path,
		Message: "unexpected response: " + why + ": " + excerpt(body),
		Body:    clip(body, 2048),
	})
}
