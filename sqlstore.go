package freshbooks

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"
)

// DefaultTokenTable is the table a [PostgresStore] uses when none is named.
const DefaultTokenTable = "freshbooks_tokens"

// ErrTokenConflict reports a save under a [PostgresStore] lock that found
// the stored refresh token changed by someone who did not take the lock.
// The save is retried without the lock.
var ErrTokenConflict = errors.New("freshbooks: the stored token changed under the lock")

// A PostgresStore is a [TokenStore] and a [TokenLocker] in a PostgreSQL
// table, for application instances on several machines sharing one
// FreshBooks connection. It takes a *sql.DB opened with any PostgreSQL
// driver (pgx's stdlib, lib/pq); this package imports none.
//
// Each connection (one FreshBooks authorization) is a row of the table,
// identified by a key chosen by the application, such as a tenant id.
// Call [PostgresStore.CreateTable] once, at deployment, to make the table.
//
// The refresh protocol, per connection: LockToken begins a transaction
// and locks the row with SELECT … FOR UPDATE (inserting an empty row
// first if there is none), so one instance at a time refreshes while the
// others wait in the database. The holder reloads the token in the
// transaction; when another instance has already refreshed it, it uses
// that token and ends the transaction. Otherwise it refreshes, and Save
// UPDATEs the row, on the condition that the refresh token is still the
// one read under the lock (a compare-and-swap against writers that skip
// the lock), and COMMITs: the new pair is durable before anyone uses it,
// and the waiting instances then read it. If the instance dies holding
// the lock, PostgreSQL ends its session, rolls the transaction back and
// releases the row; the stored token is then the one before the refresh.
//
// The transaction stays open during the call to the token endpoint, at
// most the client's timeout. It needs a session that stays the same for
// the whole transaction, which a pooler in transaction mode (PgBouncer)
// gives too.
type PostgresStore struct {
	db    *sql.DB
	table string
	key   string
}

var tableName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$`)

// NewPostgresStore returns a store for the connection named key in table
// (DefaultTokenTable when empty; it may be schema-qualified, "app.tokens").
func NewPostgresStore(db *sql.DB, table, key string) (*PostgresStore, error) {
	if db == nil {
		return nil, errors.New("freshbooks: NewPostgresStore: nil *sql.DB")
	}
	if table == "" {
		table = DefaultTokenTable
	}
	if !tableName.MatchString(table) {
		return nil, fmt.Errorf("freshbooks: NewPostgresStore: bad table name %q", table)
	}
	if key == "" {
		return nil, errors.New("freshbooks: NewPostgresStore: empty key")
	}
	return &PostgresStore{db: db, table: table, key: key}, nil
}

// Key returns the connection's key.
func (s *PostgresStore) Key() string { return s.key }

// createMu serialises CreateTable within a process: concurrent CREATE
// TABLE IF NOT EXISTS can fail in PostgreSQL.
var createMu sync.Mutex

// CreateTable creates the store's table if it does not exist. Run it
// once, at deployment or start-up, before the instances share the store.
func (s *PostgresStore) CreateTable(ctx context.Context) error {
	createMu.Lock()
	defer createMu.Unlock()
	_, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+s.table+` (
	connection              text PRIMARY KEY,
	access_token            text NOT NULL DEFAULT '',
	refresh_token           text NOT NULL DEFAULT '',
	access_token_expires_at timestamptz,
	token_type              text NOT NULL DEFAULT '',
	scope                   text NOT NULL DEFAULT '',
	created_at              timestamptz,
	version                 bigint NOT NULL DEFAULT 0,
	updated_at              timestamptz NOT NULL DEFAULT now()
)`)
	if err != nil {
		return fmt.Errorf("freshbooks: token table: %w", err)
	}
	return nil
}

const pgColumns = `access_token, refresh_token, access_token_expires_at, token_type, scope, created_at`

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *PostgresStore) load(ctx context.Context, q querier, suffix string) (Token, bool, error) {
	var (
		t                Token
		expires, created sql.NullTime
	)
	err := q.QueryRowContext(ctx, `SELECT `+pgColumns+` FROM `+s.table+` WHERE connection = $1`+suffix, s.key).
		Scan(&t.AccessToken, &t.RefreshToken, &expires, &t.TokenType, &t.Scope, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return Token{}, false, nil
	}
	if err != nil {
		return Token{}, false, fmt.Errorf("freshbooks: token table: %w", err)
	}
	if expires.Valid {
		t.AccessTokenExpiresAt = expires.Time.UTC()
	}
	if created.Valid {
		t.CreatedAt = created.Time.UTC()
	}
	return t, true, nil
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// Load reads the connection's token.
func (s *PostgresStore) Load(ctx context.Context) (Token, error) {
	t, _, err := s.load(ctx, s.db, "")
	return t, err
}

// Save writes the connection's token (an upsert).
func (s *PostgresStore) Save(ctx context.Context, t Token) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO `+s.table+` (connection, `+pgColumns+`, version, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, 1, now())
ON CONFLICT (connection) DO UPDATE SET
	access_token = EXCLUDED.access_token, refresh_token = EXCLUDED.refresh_token,
	access_token_expires_at = EXCLUDED.access_token_expires_at, token_type = EXCLUDED.token_type,
	scope = EXCLUDED.scope, created_at = EXCLUDED.created_at,
	version = `+s.table+`.version + 1, updated_at = now()`,
		s.key, t.AccessToken, t.RefreshToken, nullTime(t.AccessTokenExpiresAt), t.TokenType, t.Scope, nullTime(t.CreatedAt))
	if err != nil {
		return fmt.Errorf("freshbooks: token table: %w", err)
	}
	return nil
}

// Clear deletes the connection's row.
func (s *PostgresStore) Clear(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM `+s.table+` WHERE connection = $1`, s.key); err != nil {
		return fmt.Errorf("freshbooks: token table: %w", err)
	}
	return nil
}

// Version returns how many times the connection's token was saved: a
// counter for monitoring and tests. It is 0 for a missing row.
func (s *PostgresStore) Version(ctx context.Context) (int64, error) {
	var v int64
	err := s.db.QueryRowContext(ctx, `SELECT version FROM `+s.table+` WHERE connection = $1`, s.key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("freshbooks: token table: %w", err)
	}
	return v, nil
}

// LockToken begins a transaction and locks the connection's row (SELECT
// … FOR UPDATE), waiting for another instance holding it, or until ctx
// ends. The transaction lasts until the lock's Save commits it or its
// Unlock rolls it back, and is rolled back if ctx ends first.
func (s *PostgresStore) LockToken(ctx context.Context) (TokenLock, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("freshbooks: token table: %w", err)
	}
	t, ok, err := s.load(ctx, tx, " FOR UPDATE")
	if err == nil && !ok {
		// No row to lock yet: make an empty one. A concurrent insert
		// waits for ours, then finds the row and waits for the lock.
		_, err = tx.ExecContext(ctx, `INSERT INTO `+s.table+` (connection) VALUES ($1) ON CONFLICT (connection) DO NOTHING`, s.key)
		if err == nil {
			t, _, err = s.load(ctx, tx, " FOR UPDATE")
		}
	}
	if err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	return &pgLock{s: s, tx: tx, held: t.RefreshToken}, nil
}

type pgLock struct {
	s    *PostgresStore
	tx   *sql.Tx
	held string // the refresh token read under the lock
}

func (l *pgLock) Load(ctx context.Context) (Token, error) {
	t, _, err := l.s.load(ctx, l.tx, "")
	if err == nil {
		l.held = t.RefreshToken
	}
	return t, err
}

func (l *pgLock) Save(ctx context.Context, t Token) error {
	res, err := l.tx.ExecContext(ctx, `UPDATE `+l.s.table+` SET
	access_token = $2, refresh_token = $3, access_token_expires_at = $4, token_type = $5,
	scope = $6, created_at = $7, version = version + 1, updated_at = now()
WHERE connection = $1 AND refresh_token = $8`,
		l.s.key, t.AccessToken, t.RefreshToken, nullTime(t.AccessTokenExpiresAt), t.TokenType, t.Scope, nullTime(t.CreatedAt), l.held)
	if err == nil {
		var n int64
		if n, err = res.RowsAffected(); err == nil && n != 1 {
			err = ErrTokenConflict
		}
	}
	if err != nil {
		_ = l.tx.Rollback()
		return fmt.Errorf("freshbooks: token table: %w", err)
	}
	if err := l.tx.Commit(); err != nil {
		return fmt.Errorf("freshbooks: token table: commit: %w", err)
	}
	return nil
}

func (l *pgLock) Unlock() error {
	err := l.tx.Rollback()
	if errors.Is(err, sql.ErrTxDone) {
		return nil
	}
	return err
}

// String describes the store without its database handle.
func (s *PostgresStore) String() string {
	return fmt.Sprintf("freshbooks.PostgresStore{Table: %q, Key: %q}", s.table, strings.ReplaceAll(s.key, "\n", " "))
}
