package freshbookstest

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Buckets of the data file.
var (
	bucketMeta    = []byte("meta")    // "seed" → the seed the data was made from
	bucketRecords = []byte("records") // "<scope>/<resource>/" + 8-byte id → record JSON
	bucketGrants  = []byte("grants")  // refresh token → grant JSON
	bucketSpent   = []byte("spent")   // spent refresh token → ""
)

// Open returns a sandbox whose data lives in dir (created if missing): every
// record and token survives a restart, and a write is on disk before it is
// answered 2xx, so killing the process loses nothing answered. The first
// Open of an empty dir seeds it; later ones must use the same seed. Close
// the sandbox to release the data file.
func Open(dir string, opts Options) (*Sandbox, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("freshbookstest: data dir: %w", err)
	}
	db, err := bolt.Open(filepath.Join(dir, "sandbox.db"), 0o600, &bolt.Options{Timeout: time.Second, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return nil, fmt.Errorf("freshbookstest: opening %s: %w (is another sandbox using it?)", dir, err)
	}
	s, err := openWith(db, opts)
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func openWith(db *bolt.DB, opts Options) (*Sandbox, error) {
	var stored []byte
	err := db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketMeta, bucketRecords, bucketGrants, bucketSpent} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		stored = slices.Clone(tx.Bucket(bucketMeta).Get([]byte("seed")))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("freshbookstest: data file: %w", err)
	}
	fresh := stored == nil
	if !fresh {
		seed, _ := strconv.ParseUint(string(stored), 10, 64)
		if opts.Seed != 0 && opts.Seed != seed {
			return nil, fmt.Errorf("freshbookstest: the data was made with seed %d, not %d", seed, opts.Seed)
		}
		opts.Seed = seed
	}
	// Records are loaded below; with a fresh file, the seeded ones are
	// written through as they are made.
	s := newSandbox(opts, fresh)
	s.db = db
	if fresh {
		if err := s.persistAll(); err != nil {
			return nil, err
		}
		return s, nil
	}
	if err := s.load(); err != nil {
		return nil, err
	}
	return s, nil
}

// persistAll writes the whole in-memory state (a fresh seed) in one
// transaction.
func (s *Sandbox) persistAll() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketMeta).Put([]byte("seed"), []byte(strconv.FormatUint(s.opts.Seed, 10))); err != nil {
			return err
		}
		b := tx.Bucket(bucketRecords)
		for key, t := range s.tables {
			for _, id := range t.ids {
				data, err := json.Marshal(t.byID[id])
				if err != nil {
					return err
				}
				if err := b.Put(recordKey(key, id), data); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func recordKey(table string, id int64) []byte {
	k := make([]byte, len(table)+1+8)
	copy(k, table)
	k[len(table)] = '/'
	binary.BigEndian.PutUint64(k[len(table)+1:], uint64(id))
	return k
}

// load reads every record and grant. Records are decoded on all cores:
// the start-up budget is 200 ms for 10,000 records.
func (s *Sandbox) load() error {
	type item struct {
		table string
		id    int64
		data  []byte
		rec   record
	}
	var items []item
	grants := map[string]*grant{}
	err := s.db.View(func(tx *bolt.Tx) error {
		err := tx.Bucket(bucketRecords).ForEach(func(k, v []byte) error {
			if len(k) < 9 {
				return nil
			}
			items = append(items, item{table: string(k[:len(k)-9]), id: int64(binary.BigEndian.Uint64(k[len(k)-8:])), data: v})
			return nil
		})
		if err != nil {
			return err
		}
		err = tx.Bucket(bucketGrants).ForEach(func(k, v []byte) error {
			var sg storedGrant
			if json.Unmarshal(v, &sg) != nil {
				return nil
			}
			if g := sg.grant(s); g != nil {
				grants[string(k)] = g
			}
			return nil
		})
		if err != nil {
			return err
		}
		return tx.Bucket(bucketSpent).ForEach(func(k, _ []byte) error {
			s.spent[string(k)] = true
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("freshbookstest: loading data: %w", err)
	}
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(items); i += workers {
				items[i].rec = decodeRecord(items[i].data)
			}
		})
	}
	wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, it := range items {
		if it.rec == nil {
			continue
		}
		scope, resource, _ := strings.Cut(it.table, "/")
		s.table(scope, resource).put(it.id, it.rec)
	}
	for _, g := range grants {
		if !g.revoked {
			s.access[g.accessToken] = g
			s.refresh[g.refreshToken] = g
		}
	}
	return nil
}

// saveLocked stores (or, with nil, removes) a record, on disk first when
// the sandbox is durable. Callers hold s.mu.
func (s *Sandbox) saveLocked(scope, resource string, id int64, rec record) error {
	if s.db != nil {
		err := s.db.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketRecords)
			key := recordKey(scope+"/"+resource, id)
			if rec == nil {
				return b.Delete(key)
			}
			data, err := json.Marshal(rec)
			if err != nil {
				return err
			}
			return b.Put(key, data)
		})
		if err != nil {
			return fmt.Errorf("freshbookstest: saving %s %d: %w", resource, id, err)
		}
	}
	t := s.table(scope, resource)
	if rec == nil {
		t.remove(id)
		return nil
	}
	t.put(id, rec)
	return nil
}

// storedGrant is a grant as kept on disk.
type storedGrant struct {
	Identity     int64     `json:"identity"`
	Scopes       []string  `json:"scopes"`
	AccessToken  string    `json:"access_token"`
	RefreshToken string    `json:"refresh_token"`
	Created      time.Time `json:"created"`
	Expires      time.Time `json:"expires"`
	Revoked      bool      `json:"revoked"`
}

func (sg storedGrant) grant(s *Sandbox) *grant {
	for _, p := range s.identities {
		if p.ID == sg.Identity {
			return &grant{identity: p, scopes: sg.Scopes, accessToken: sg.AccessToken, refreshToken: sg.RefreshToken,
				created: sg.Created, expires: sg.Expires, revoked: sg.Revoked}
		}
	}
	return nil
}

// persistGrantLocked writes a grant (and, when spent, its refresh token's
// retirement) before it is answered. Callers hold s.mu.
func (s *Sandbox) persistGrantLocked(gs []*grant, spent string) error {
	if s.db == nil {
		return nil
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		for _, g := range gs {
			data, err := json.Marshal(storedGrant{Identity: g.identity.ID, Scopes: g.scopes, AccessToken: g.accessToken,
				RefreshToken: g.refreshToken, Created: g.created, Expires: g.expires, Revoked: g.revoked})
			if err != nil {
				return err
			}
			if err := tx.Bucket(bucketGrants).Put([]byte(g.refreshToken), data); err != nil {
				return err
			}
		}
		if spent != "" {
			return tx.Bucket(bucketSpent).Put([]byte(spent), nil)
		}
		return nil
	})
}
