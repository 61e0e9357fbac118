package freshbooks

import (
	"context"
	"sync"
)

// A TokenStore keeps a client's [Token] between runs; see
// [Config.TokenStore]. FreshBooks refresh tokens work once and every
// refresh returns a new one, so the store must always hold the newest:
// the client saves each new token before it uses it.
//
// Implementations must be safe for concurrent use. A store shared by
// several processes should also implement [TokenLocker], so that they
// refresh one at a time; without it, two processes may redeem the same
// refresh token, and the loser recovers only by reloading the store.
type TokenStore interface {
	// Load returns the stored token, or the zero Token and a nil error
	// when the store holds none.
	Load(ctx context.Context) (Token, error)
	// Save stores tok in place of the stored token. The token must be
	// durable when Save returns nil, and never half-written.
	Save(ctx context.Context, tok Token) error
	// Clear removes the stored token (after a revocation).
	Clear(ctx context.Context) error
}

// A TokenLocker is a [TokenStore] shared by several processes (or
// clients) that lets one of them at a time refresh the token. The client
// refreshes under the lock: it reloads the token, refreshes it unless
// another process already has, and saves the result, all through the
// [TokenLock], then unlocks.
type TokenLocker interface {
	// LockToken waits until the caller holds the store's lock, or ctx
	// ends. The lock must be released when the holder's process dies.
	LockToken(ctx context.Context) (TokenLock, error)
}

// A TokenLock is a held [TokenLocker] lock, with access to the store
// under it. It is used by one goroutine.
type TokenLock interface {
	// Load returns the stored token, as TokenStore.Load.
	Load(ctx context.Context) (Token, error)
	// Save stores tok durably, as TokenStore.Save. It is called at most
	// once per lock, as the last step under it, and may release the lock
	// (a database transaction's COMMIT does).
	Save(ctx context.Context, tok Token) error
	// Unlock releases the lock. It is always called, also after Save.
	Unlock() error
}

// A MemoryStore is a [TokenStore] in memory, and a [TokenLocker] for the
// clients of one process that share it. It suits tests, and programs that
// persist the token themselves through [Config.OnTokenChange]. The zero
// value is an empty store ready to use.
type MemoryStore struct {
	mu   sync.Mutex
	tok  Token
	lock chan struct{} // a token in the channel means locked
}

// NewMemoryStore returns a memory store holding t.
func NewMemoryStore(t Token) *MemoryStore { return &MemoryStore{tok: t} }

// Load returns the stored token.
func (s *MemoryStore) Load(context.Context) (Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tok, nil
}

// Save replaces the stored token.
func (s *MemoryStore) Save(_ context.Context, t Token) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tok = t
	return nil
}

// Clear removes the stored token.
func (s *MemoryStore) Clear(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tok = Token{}
	return nil
}

// LockToken waits until the caller holds the store's lock, or ctx ends.
func (s *MemoryStore) LockToken(ctx context.Context) (TokenLock, error) {
	s.mu.Lock()
	if s.lock == nil {
		s.lock = make(chan struct{}, 1)
	}
	ch := s.lock
	s.mu.Unlock()
	select {
	case ch <- struct{}{}:
		return &memoryLock{s: s, ch: ch}, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

type memoryLock struct {
	s    *MemoryStore
	ch   chan struct{}
	once sync.Once
}

func (l *memoryLock) Load(ctx context.Context) (Token, error) { return l.s.Load(ctx) }
func (l *memoryLock) Save(ctx context.Context, t Token) error { return l.s.Save(ctx, t) }
func (l *memoryLock) Unlock() error {
	l.once.Do(func() { <-l.ch })
	return nil
}
