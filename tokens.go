package freshbooks

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// Automatic refresh.
//
// A client whose token has a refresh token (and whose Config has the
// client secret) keeps its access token alive by itself: it refreshes it
// [Config.RefreshMargin] before it expires, and once more when the API
// answers 401, then repeats the request. A call forces at most one
// refresh; it repeats again only if a 401 was for a token that another
// process has since replaced. Callers never see the expiry.
//
// Every operation on the token (loading it from the store, refreshing it,
// saving it, replacing it) runs as the client's single "flight": one at a
// time, in its own goroutine, under a context detached from the caller's
// (it keeps the caller's values, not its cancellation) and bounded by the
// client's timeout. Any number of goroutines that need a fresh token at
// once wait for the same flight, each with its own context: one that
// gives up returns ctx.Err() and leaves the refresh running for the others.
//
// A refresh follows this protocol, so that the newest refresh token is
// never lost:
//
//  1. Lock the store ([TokenLocker]: a file lock, a database row lock), so
//     that among every process sharing the store only one refreshes.
//  2. Reload the token from the store. If another process has rotated it
//     in the meantime, adopt its token and, if that one is fresh, stop.
//  3. Redeem the refresh token at the token endpoint. On invalid_grant,
//     reload the store once more: if it holds another refresh token (a
//     process that does not share the lock rotated it), use that one,
//     once. If that fails too, the error is [ErrReauthorizationRequired].
//  4. Save the new pair to the store, still under the lock, before any
//     request may use it. If the save fails the pair is kept in memory
//     anyway (the old refresh token is spent), the failure is logged at
//     error level, and the save is retried before the next refresh, by
//     the next requests and by [Client.Flush].
//  5. Publish the pair to the client, call [Config.OnTokenChange], unlock,
//     and wake the waiters.
//
// The one window where a pair can still be lost is inherent to rotating
// refresh tokens: between the moment FreshBooks rotates the token and the
// moment step 4 makes the new pair durable (the answer's trip back, its
// parsing, the fsync or the COMMIT). A process killed inside that window
// takes the only copy of the new refresh token with it, and the next start
// gets [ErrReauthorizationRequired]; the user must authorize the
// application again. A process killed before the token request reached
// FreshBooks, or after the save, loses nothing: the store holds a live
// refresh token and the next start resumes. Graceful shutdowns close the
// window entirely: call [Client.Flush] before exiting, which waits for a
// refresh in progress and its save.

// DefaultRefreshMargin is how long before its expiry an access token is
// refreshed when [Config.RefreshMargin] is zero.
const DefaultRefreshMargin = 5 * time.Minute

const (
	// refreshRetryDelay spaces early refresh attempts after a failure,
	// while the access token still works.
	refreshRetryDelay = 5 * time.Second
	// saveRetryDelay spaces attempts to save a token the store refused.
	saveRetryDelay = time.Second
	// maxClockSkew is how far the local clock may disagree with
	// FreshBooks' before the client judges expiry by FreshBooks' clock.
	maxClockSkew = time.Minute
)

// ErrReauthorizationRequired reports that the user must authorize the
// application again: the refresh token was refused (invalid_grant) even
// after reloading the token store, and the error also matches
// [ErrInvalidGrant] and unwraps to the [*OAuthError]; or the API refused
// the access token (401) and the client has no refresh token to renew it,
// and the error also matches [ErrUnauthorized].
var ErrReauthorizationRequired = errors.New("freshbooks: reauthorization required")

// ErrTokenNotSaved reports that a new token could not be saved to the
// [TokenStore]. The token is valid and the client holds it and uses it;
// it retries the save, and [Client.Flush] retries it too.
var ErrTokenNotSaved = errors.New("freshbooks: token not saved")

type reauthError struct{ cause error }

func (e *reauthError) Error() string {
	return "freshbooks: reauthorization required: the refresh token was refused: " + e.cause.Error()
}

func (e *reauthError) Unwrap() []error { return []error{ErrReauthorizationRequired, e.cause} }

// noRefreshError is a 401 on a client with no refresh token.
type noRefreshError struct{ cause error }

func (e *noRefreshError) Error() string {
	return e.cause.Error() + "; the client has no refresh token to renew the access token: the user must authorize the application again"
}

func (e *noRefreshError) Unwrap() []error { return []error{ErrReauthorizationRequired, e.cause} }

type saveError struct{ cause error }

func (e *saveError) Error() string {
	return "freshbooks: token not saved (it is held in memory and the save will be retried): " + e.cause.Error()
}

func (e *saveError) Unwrap() []error { return []error{ErrTokenNotSaved, e.cause} }

// A keeper holds a client's token and runs its lifecycle: it hands out
// the bearer for a request, decides what to do after a 401, replaces and
// clears the token, and flushes unsaved tokens to the store. It has its
// own lock; the transport asks it for a token and knows nothing else.
type keeper struct {
	store     TokenStore
	margin    time.Duration
	onChange  func(Token)
	hasSecret bool          // the Config has the client secret: refreshes are possible
	timeout   time.Duration // bounds each flight
	logger    *slog.Logger
	// redeem trades a refresh token for a new pair (Client.redeemRefresh).
	redeem func(ctx context.Context, refreshToken string) (Token, error)

	mu      sync.Mutex // guards the fields below
	now     func() time.Time
	tok     Token
	skew    time.Duration // local clock minus FreshBooks', when beyond maxClockSkew
	loaded  bool          // the store has been read, or there is none
	unsaved bool          // the token in memory is newer than the store's
	gen     uint64        // incremented by SetToken
	retryAt time.Time     // no early refresh before this, after a failure
	saveAt  time.Time     // no background save before this, after a failure
	flight  *flight       // the token operation in progress, if any

	hookMu sync.Mutex // one OnTokenChange call at a time
}

// newKeeper returns the keeper for a client configured by cfg; redeem is
// the client's refresh request.
func newKeeper(cfg Config, timeout time.Duration, redeem func(context.Context, string) (Token, error)) *keeper {
	k := &keeper{
		store:     cfg.TokenStore,
		margin:    cfg.RefreshMargin,
		onChange:  cfg.OnTokenChange,
		hasSecret: cfg.ClientSecret != "",
		timeout:   timeout,
		logger:    cfg.Logger,
		redeem:    redeem,
		now:       time.Now,
		tok: Token{
			AccessToken:          cfg.AccessToken,
			RefreshToken:         cfg.RefreshToken,
			AccessTokenExpiresAt: cfg.AccessTokenExpiresAt.UTC(),
		},
	}
	if k.timeout <= 0 {
		k.timeout = DefaultTimeout
	}
	switch {
	case k.margin == 0:
		k.margin = DefaultRefreshMargin
	case k.margin < 0:
		k.margin = 0
	}
	// A token given in the Config for a store that turns out to be empty
	// is saved to it on first use (fly marks it unsaved then).
	k.loaded = k.store == nil
	return k
}

// current returns the token held now.
func (k *keeper) current() Token {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.tok
}

type opKind int

const (
	opLoad         opKind = iota // read the store; refresh if its token needs it
	opRefresh                    // refresh if the token is expired or about to be
	opUnauthorized               // refresh unless the token changed since a 401
	opReload                     // adopt the store's token if it changed since a 401
	opForce                      // refresh in any case (RefreshAccessToken)
	opSave                       // save a token the store refused earlier
	opSet                        // replace the token by a new grant and save it
	opClear                      // forget a revoked token
)

// A flight is one token operation; its fields are written before done
// is closed.
type flight struct {
	op      opKind
	done    chan struct{}
	tok     Token // the token after the operation
	err     error // the operation failed
	saveErr error // the token could not be saved
	tried   bool  // a refresh request was sent
}

func (f *flight) wait(ctx context.Context) error {
	select {
	case <-f.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// beginLocked starts op as the client's flight. k.mu is held and no
// flight is in progress.
func (k *keeper) beginLocked(ctx context.Context, op opKind, arg Token) *flight {
	f := &flight{op: op, done: make(chan struct{})}
	k.flight = f
	gen := k.gen
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), k.timeout)
	go func() {
		defer cancel()
		k.fly(fctx, f, arg, gen)
		k.mu.Lock()
		k.flight = nil
		if f.tried && f.err != nil {
			k.retryAt = k.now().Add(refreshRetryDelay)
		}
		if f.saveErr != nil {
			k.saveAt = k.now().Add(saveRetryDelay)
		}
		k.mu.Unlock()
		close(f.done)
	}()
	return f
}

// settle is the one single-flight loop every token operation goes
// through. Each round, under k.mu, next sees the flight in progress
// (running, nil for none) and the last flight this caller waited for
// (last, nil before the first). It answers go=false to stop, and settle
// returns last; or go=true, and settle waits for running, or, when none
// is running, starts op with arg as the next flight and waits for that.
// A caller whose ctx ends stops waiting with ctx.Err(); the flight runs
// on for the others. The golang.org/x/sync/singleflight package does not
// fit: it would merge different operations asked for at once, where
// these must run one after another, each seeing the previous one's
// outcome.
func (k *keeper) settle(ctx context.Context, next func(running, last *flight) (ok bool, op opKind, arg Token)) (*flight, error) {
	var last *flight
	for {
		k.mu.Lock()
		running := k.flight
		ok, op, arg := next(running, last)
		if !ok {
			k.mu.Unlock()
			return last, nil
		}
		if running == nil {
			running = k.beginLocked(ctx, op, arg)
		}
		k.mu.Unlock()
		if err := running.wait(ctx); err != nil {
			return nil, err
		}
		last = running
	}
}

// exclusive waits for the flight in progress, if any, then runs op as
// the next one and waits for it.
func (k *keeper) exclusive(ctx context.Context, op opKind, arg Token) (*flight, error) {
	started := false
	return k.settle(ctx, func(running, _ *flight) (bool, opKind, Token) {
		if started {
			return false, 0, Token{} // last is ours
		}
		started = running == nil
		return true, op, arg
	})
}

func (k *keeper) canRefreshLocked(t Token) bool { return k.hasSecret && t.RefreshToken != "" }

// needsRefreshLocked reports whether t should be refreshed now (local
// time).
func (k *keeper) needsRefreshLocked(t Token, now time.Time) bool {
	if !k.canRefreshLocked(t) {
		return false
	}
	retryAt := k.retryAt
	now = now.Add(-k.skew) // FreshBooks' time: token expiries are in it
	retryAt = retryAt.Add(-k.skew)
	if t.AccessToken == "" || t.Expired(now, 0) {
		return true
	}
	if !t.Expired(now, k.marginFor(t)) {
		return false
	}
	return !now.Before(retryAt)
}

// marginFor caps the refresh margin at half the token's lifetime, so
// that short-lived tokens are not refreshed on every call.
func (k *keeper) marginFor(t Token) time.Duration {
	m := k.margin
	if !t.CreatedAt.IsZero() {
		if life := t.AccessTokenExpiresAt.Sub(t.CreatedAt); life > 0 && m > life/2 {
			m = life / 2
		}
	}
	return m
}

// usableLocked reports whether t's access token has not expired.
func (k *keeper) usableLocked(t Token, now time.Time) bool {
	return t.AccessToken != "" && !t.Expired(now.Add(-k.skew), 0)
}

// token returns the token to authenticate a request with, loading the
// store on first use and refreshing first when the access token is
// expired or about to be. It fails only when there is no usable access
// token: when a refresh fails but the access token has not expired yet,
// that token is returned.
func (k *keeper) token(ctx context.Context) (Token, error) {
	var (
		tok     Token
		failed  error
		started int
	)
	_, err := k.settle(ctx, func(running, last *flight) (bool, opKind, Token) {
		if running != nil {
			if t := k.tok; running.op == opSave && k.loaded && t.AccessToken != "" && !k.needsRefreshLocked(t, k.now()) {
				// A background save (of a token the store refused) does
				// not hold up requests: the token works.
				tok = t
				return false, 0, Token{}
			}
			return true, 0, Token{}
		}
		t, now := k.tok, k.now()
		op, need := opRefresh, k.needsRefreshLocked(t, now)
		if !k.loaded {
			op, need = opLoad, true
		}
		if need && started < 2 && (last == nil || (!last.tried && last.err == nil)) {
			started++
			return true, op, Token{}
		}
		if k.unsaved && !now.Before(k.saveAt) {
			// Retry a failed save in the background.
			k.saveAt = now.Add(saveRetryDelay)
			k.beginLocked(ctx, opSave, Token{})
		}
		tok = t
		if need && last != nil && last.err != nil && !k.usableLocked(t, now) {
			failed = last.err
		}
		return false, 0, Token{}
	})
	switch {
	case err != nil:
		return Token{}, err
	case failed != nil:
		return Token{}, failed
	}
	return tok, nil
}

// bearer returns the access token for a request, "" for none.
func (k *keeper) bearer(ctx context.Context) (string, error) {
	t, err := k.token(ctx)
	return t.AccessToken, err
}

// needToken fails with ErrNoAccessToken when the client has no access
// token and no way to get one.
func (k *keeper) needToken(ctx context.Context) error {
	t, err := k.token(ctx)
	if err != nil {
		return err
	}
	if t.AccessToken == "" {
		return ErrNoAccessToken
	}
	return nil
}

func isUnauthorized(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.StatusCode == http.StatusUnauthorized
}

// maxUnauthorizedRetries bounds the repeats of one call after 401s. Only
// the first may force a refresh; the others happen only when the refused
// token had already been replaced by a newer one (rotated meanwhile by
// another process, which at FreshBooks retires the previous pair): a 401
// for a token that is no longer current says nothing about the current
// one. Each such repeat needs a rotation, so the bound is rarely reached.
const maxUnauthorizedRetries = 10

// unauthorizedRetries is a call's count of repeats after 401s.
type unauthorizedRetries struct{ n int }

// retryUnauthorized decides, after an attempt with bearer failed with
// err, whether to repeat the request: when err is a 401 and the client has
// (or, once per call, gets by refreshing) another access token. A failed
// refresh is returned, joined with err.
func (k *keeper) retryUnauthorized(ctx context.Context, r *unauthorizedRetries, bearer string, err error) (bool, error) {
	if bearer == "" || !isUnauthorized(err) || r.n >= maxUnauthorizedRetries {
		return false, nil
	}
	r.n++
	again, rerr := k.refreshAfter401(ctx, bearer, r.n == 1)
	if rerr != nil {
		return false, fmt.Errorf("%w (after: %w)", rerr, err)
	}
	if !again && k.current().RefreshToken == "" {
		return false, &noRefreshError{err}
	}
	return again, nil
}

// refreshAfter401 is called when the API refused the access token used.
// If the client holds another token already, the request is worth
// repeating; otherwise, when mayRefresh, it refreshes the token (unless
// another goroutine or process already did). A client that cannot
// refresh reports false and no error.
func (k *keeper) refreshAfter401(ctx context.Context, used string, mayRefresh bool) (bool, error) {
	var again bool
	var failed error
	_, err := k.settle(ctx, func(running, last *flight) (bool, opKind, Token) {
		if running != nil {
			return true, 0, Token{}
		}
		t := k.tok
		switch {
		case t.AccessToken != "" && t.AccessToken != used:
			again = true
			return false, 0, Token{}
		case !k.canRefreshLocked(t):
			return false, 0, Token{}
		case last != nil && (last.tried || last.op == opUnauthorized || last.op == opReload):
			failed = last.err
			return false, 0, Token{}
		}
		if !mayRefresh {
			return true, opReload, Token{AccessToken: used}
		}
		return true, opUnauthorized, Token{AccessToken: used}
	})
	if err != nil {
		return false, err
	}
	return again, failed
}

// refreshNow is RefreshAccessToken with the client's own refresh token:
// a refresh that another caller's flight performed meanwhile serves too.
func (k *keeper) refreshNow(ctx context.Context) (Token, error) {
	var (
		started bool
		noRT    bool
	)
	f, err := k.settle(ctx, func(running, last *flight) (bool, opKind, Token) {
		switch {
		case started, last != nil && last.tried && last.err == nil:
			return false, 0, Token{} // ours, or another's refresh that worked
		case running != nil:
			return true, 0, Token{}
		case k.loaded && k.tok.RefreshToken == "":
			noRT = true
			return false, 0, Token{}
		}
		started = true
		return true, opForce, Token{}
	})
	switch {
	case err != nil:
		return Token{}, err
	case noRT:
		return Token{}, ErrNoRefreshToken
	case f.err != nil:
		return Token{}, f.err
	}
	return f.tok, wrapSave(f.saveErr)
}

// adopt makes t, a new grant or a token refreshed from a refresh token
// given by the caller, the client's token: it saves it to the store and
// tells OnTokenChange.
func (k *keeper) adopt(ctx context.Context, t Token) error {
	f, err := k.exclusive(ctx, opSet, t)
	if err != nil {
		// The flight goes on and will save t; the caller has it anyway.
		return err
	}
	return wrapSave(f.saveErr)
}

// forget runs after a successful revocation of token: the client and the
// store drop it if they hold it.
func (k *keeper) forget(ctx context.Context, token string) error {
	f, err := k.exclusive(ctx, opClear, Token{AccessToken: token})
	if err != nil {
		return err
	}
	return f.err
}

func wrapSave(err error) error {
	if err == nil {
		return nil
	}
	return &saveError{cause: err}
}

// Flush waits for a token refresh in progress, if any, and saves to the
// [TokenStore] a token that an earlier save failed to store. Call it
// before the program exits: a refresh cut short between FreshBooks'
// answer and the save would lose the new refresh token. The error
// matches [ErrTokenNotSaved] when the store still refuses the token.
func (c *Client) Flush(ctx context.Context) error { return c.tk.flush(ctx) }

// flush is Flush.
func (k *keeper) flush(ctx context.Context) error {
	f, err := k.exclusive(ctx, opSave, Token{})
	if err != nil {
		return err
	}
	if f.err != nil {
		return f.err
	}
	return wrapSave(f.saveErr)
}

// setToken is SetToken: the token replaces the client's, and is saved to
// the store (if any) by the next request or by Flush.
func (k *keeper) setToken(t Token) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.tok = t
	k.gen++
	k.loaded = true
	k.unsaved = k.store != nil
	k.retryAt, k.saveAt = time.Time{}, time.Time{}
}

// publish makes t the client's token, unless SetToken replaced the token
// since the flight started, and calls the hook if the token changed.
// received is when t came from the token endpoint, zero for a token from
// elsewhere: it measures the clock skew.
func (k *keeper) publish(t Token, gen uint64, unsaved bool, received time.Time) {
	k.mu.Lock()
	if !received.IsZero() && !t.CreatedAt.IsZero() {
		k.skew = 0
		if d := received.Sub(t.CreatedAt); d > maxClockSkew || d < -maxClockSkew {
			k.skew = d
		}
	}
	if k.gen != gen {
		k.mu.Unlock()
		return
	}
	changed := k.tok.AccessToken != t.AccessToken || k.tok.RefreshToken != t.RefreshToken
	k.tok = t
	k.loaded = true
	k.unsaved = unsaved
	k.retryAt = time.Time{}
	k.mu.Unlock()
	if changed {
		k.hook(t)
	}
}

func (k *keeper) hook(t Token) {
	if k.onChange == nil {
		return
	}
	k.hookMu.Lock()
	defer k.hookMu.Unlock()
	k.onChange(t)
}

func (k *keeper) reportSaveError(ctx context.Context, err error) {
	l := k.logger
	if l == nil {
		l = slog.Default()
	}
	l.LogAttrs(ctx, slog.LevelError, "freshbooks: the token could not be saved to the token store; it is kept in memory and the save will be retried",
		slog.String("error", err.Error()))
}

// lockStore takes the store's lock: a real one for a TokenLocker, none
// for a plain store, a dummy without a store.
func (k *keeper) lockStore(ctx context.Context) (TokenLock, error) {
	switch st := k.store.(type) {
	case nil:
		return nopLock{}, nil
	case TokenLocker:
		return st.LockToken(ctx)
	default:
		return plainLock{st}, nil
	}
}

type nopLock struct{}

func (nopLock) Load(context.Context) (Token, error) { return Token{}, nil }
func (nopLock) Save(context.Context, Token) error   { return nil }
func (nopLock) Unlock() error                       { return nil }

type plainLock struct{ s TokenStore }

func (l plainLock) Load(ctx context.Context) (Token, error) { return l.s.Load(ctx) }
func (l plainLock) Save(ctx context.Context, t Token) error { return l.s.Save(ctx, t) }
func (plainLock) Unlock() error                             { return nil }

// fly performs f.
func (k *keeper) fly(ctx context.Context, f *flight, arg Token, gen uint64) {
	switch f.op {
	case opSet:
		k.flySet(ctx, f, arg)
		return
	case opClear:
		k.flyClear(ctx, f, arg.AccessToken)
		return
	}
	st := k.store
	k.mu.Lock()
	loaded := k.loaded
	k.mu.Unlock()
	if !loaded {
		stored, err := st.Load(ctx)
		if err != nil {
			f.err = fmt.Errorf("freshbooks: token store: %w", err)
			return
		}
		k.mu.Lock()
		if k.gen == gen && !k.loaded {
			if stored.RefreshToken != "" || stored.AccessToken != "" {
				k.tok = stored
			} else if k.tok.RefreshToken != "" || k.tok.AccessToken != "" {
				k.unsaved = true // the Config's token, for an empty store
			}
			k.loaded = true
		}
		k.mu.Unlock()
	}

	// Nothing to do any more? (A flight that ran just before may have
	// done it.)
	k.mu.Lock()
	mem, unsaved, now := k.tok, k.unsaved, k.now()
	done := false
	switch f.op {
	case opLoad, opRefresh:
		done = !unsaved && !k.needsRefreshLocked(mem, now)
	case opUnauthorized, opReload:
		done = !unsaved && mem.AccessToken != arg.AccessToken && mem.AccessToken != ""
	case opSave:
		done = !unsaved
	}
	k.mu.Unlock()
	if done {
		f.tok = mem
		return
	}

	lk, err := k.lockStore(ctx)
	if err != nil {
		f.err = fmt.Errorf("freshbooks: token store: lock: %w", err)
		f.tried = f.op != opSave
		return
	}
	var unlocked bool
	unlock := func() {
		if !unlocked {
			unlocked = true
			if err := lk.Unlock(); err != nil {
				k.reportSaveError(ctx, fmt.Errorf("unlock: %w", err))
			}
		}
	}
	defer unlock()

	stored, err := lk.Load(ctx)
	if err != nil {
		f.err = fmt.Errorf("freshbooks: token store: %w", err)
		f.tried = f.op != opSave
		return
	}
	k.mu.Lock()
	mem, unsaved = k.tok, k.unsaved
	k.mu.Unlock()
	base := mem
	if !unsaved && stored.RefreshToken != "" && stored.RefreshToken != mem.RefreshToken {
		// Another process (or client) rotated the token: adopt it.
		base = stored
		k.publish(stored, gen, false, time.Time{})
	}

	k.mu.Lock()
	needs := k.needsRefreshLocked(base, k.now())
	k.mu.Unlock()
	switch f.op {
	case opSave, opReload:
		needs = false
	case opUnauthorized:
		needs = needs || base.AccessToken == arg.AccessToken || base.AccessToken == ""
	case opForce:
		needs = true
	}
	if !needs {
		f.tok = base
		if unsaved {
			// The store missed the token in memory: save it now. (A
			// lock allows one save, so this happens only when there is
			// no refresh to save.)
			f.saveErr = k.saveUnder(ctx, lk, unlock, base)
			k.mu.Lock()
			if k.gen == gen && f.saveErr == nil {
				k.unsaved = false
			}
			k.mu.Unlock()
		}
		return
	}
	if base.RefreshToken == "" {
		f.err = ErrNoRefreshToken
		return
	}
	if !k.hasSecret {
		f.err = ErrNoClientSecret
		return
	}

	f.tried = true
	nt, err := k.redeem(ctx, base.RefreshToken)
	if errors.Is(err, ErrInvalidGrant) {
		// A process that does not share the lock (or a person) may
		// have rotated the token: look again, and retry once with a
		// different refresh token.
		if again, lerr := lk.Load(ctx); lerr == nil && again.RefreshToken != "" && again.RefreshToken != base.RefreshToken {
			k.publish(again, gen, false, time.Time{})
			k.mu.Lock()
			fresh := !k.needsRefreshLocked(again, k.now())
			k.mu.Unlock()
			if fresh && f.op != opForce && (f.op != opUnauthorized || again.AccessToken != arg.AccessToken) {
				f.tok = again
				f.tried = false
				return
			}
			base = again
			nt, err = k.redeem(ctx, base.RefreshToken)
		}
		if errors.Is(err, ErrInvalidGrant) {
			err = &reauthError{cause: err}
		}
	}
	if err != nil {
		f.err = err
		return
	}
	// Persist before publishing: the old refresh token is spent, and this
	// pair is the only way back in.
	received := k.now()
	f.saveErr = k.saveUnder(ctx, lk, unlock, nt)
	k.publish(nt, gen, f.saveErr != nil, received)
	f.tok = nt
}

// saveUnder saves t through the lock; if that fails, it unlocks and
// tries once more with a plain Save (a failed database transaction, say,
// cannot be used again). It reports the final failure loudly.
func (k *keeper) saveUnder(ctx context.Context, lk TokenLock, unlock func(), t Token) error {
	err := lk.Save(ctx, t)
	if err == nil {
		return nil
	}
	if st := k.store; st != nil {
		unlock()
		if err2 := st.Save(ctx, t); err2 == nil {
			return nil
		} else {
			err = errors.Join(err, err2)
		}
	}
	k.reportSaveError(ctx, err)
	return err
}

func (k *keeper) flySet(ctx context.Context, f *flight, t Token) {
	f.tok = t
	received := k.now()
	lk, err := k.lockStore(ctx)
	if err == nil {
		var unlocked bool
		unlock := func() {
			if !unlocked {
				unlocked = true
				_ = lk.Unlock()
			}
		}
		f.saveErr = k.saveUnder(ctx, lk, unlock, t)
		unlock()
	} else {
		f.saveErr = fmt.Errorf("lock: %w", err)
		k.reportSaveError(ctx, f.saveErr)
	}
	k.mu.Lock()
	k.gen++ // a new grant wins over any older token
	gen := k.gen
	k.mu.Unlock()
	k.publish(t, gen, f.saveErr != nil, received)
}

func (k *keeper) flyClear(ctx context.Context, f *flight, token string) {
	if st := k.store; st != nil {
		stored, err := st.Load(ctx)
		if err == nil && (stored.AccessToken == token || stored.RefreshToken == token) {
			err = st.Clear(ctx)
		}
		if err != nil {
			f.err = fmt.Errorf("freshbooks: token store: %w", err)
		}
	}
	k.mu.Lock()
	mine := k.tok.AccessToken == token || k.tok.RefreshToken == token
	if mine {
		k.tok = Token{}
		k.gen++
		k.unsaved = false
	}
	k.mu.Unlock()
	if mine {
		k.hook(Token{})
	}
}

// redeemRefresh trades a refresh token for a new pair at the token
// endpoint (POST /auth/oauth/token), once, with this context. It changes
// nothing on the client.
func (c *Client) redeemRefresh(ctx context.Context, rt string) (Token, error) {
	// A source built on a token with no access token refreshes at once,
	// exactly once, with this call's context.
	ot, err := c.oauth.TokenSource(c.oauthContext(ctx), &oauth2.Token{RefreshToken: rt}).Token()
	if err != nil {
		return Token{}, oauthError(err, c.scrubber(rt))
	}
	t := tokenFromOAuth2(ot)
	if t.RefreshToken == "" {
		return Token{}, &OAuthError{Code: "invalid_response", Description: "token response carries no refresh_token"}
	}
	return t, nil
}
