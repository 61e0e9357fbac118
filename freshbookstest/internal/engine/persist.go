package engine

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// Buckets of the data file.
var (
	BucketMeta    = []byte("meta")    // "seed" → the seed the data was made from; "token_key" → the capability tokens' key
	BucketRecords = []byte("records") // "<scope>/<resource>/" + 8-byte id → record JSON
	BucketGrants  = []byte("grants")  // refresh token → grant JSON
	BucketSpent   = []byte("spent")   // spent refresh token → ""
)

// PersistAll writes the whole in-memory state (a fresh seed) in one
// transaction.
func (s *Engine) PersistAll() error {
	s.Lock()
	defer s.Unlock()
	return s.DB.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(BucketMeta).Put([]byte("seed"), []byte(strconv.FormatUint(s.Seed, 10))); err != nil {
			return err
		}
		if err := tx.Bucket(BucketMeta).Put([]byte("token_key"), s.tokenKey); err != nil {
			return err
		}
		b := tx.Bucket(BucketRecords)
		for key, t := range s.Tables {
			for _, id := range t.IDs {
				data, err := json.Marshal(t.ByID[id])
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

// LoadRecords reads every record. Records are decoded on all cores: the
// start-up budget is 200 ms for 10,000 records.
func (s *Engine) LoadRecords() error {
	type item struct {
		table string
		id    int64
		data  []byte
		rec   Record
	}
	var items []item
	err := s.DB.View(func(tx *bolt.Tx) error {
		s.tokenKey = bytes.Clone(tx.Bucket(BucketMeta).Get([]byte("token_key"))) // nil in older data
		err := tx.Bucket(BucketRecords).ForEach(func(k, v []byte) error {
			if len(k) < 9 {
				return nil
			}
			items = append(items, item{table: string(k[:len(k)-9]), id: int64(binary.BigEndian.Uint64(k[len(k)-8:])), data: v})
			return nil
		})
		// Decoded before the transaction ends: its bytes are only valid
		// until then.
		var wg sync.WaitGroup
		workers := runtime.GOMAXPROCS(0)
		for w := range workers {
			wg.Go(func() {
				var d decoder
				for i := w; i < len(items); i += workers {
					items[i].rec = d.Record(items[i].data)
				}
			})
		}
		wg.Wait()
		return err
	})
	if err != nil {
		return fmt.Errorf("freshbookstest: loading data: %w", err)
	}
	s.Lock()
	defer s.Unlock()
	for _, it := range items {
		if it.rec == nil {
			continue
		}
		scope, resource, _ := strings.Cut(it.table, "/")
		s.Table(scope, resource).Put(it.id, it.rec)
	}
	return nil
}

// saveLocked stores (or, with nil, removes) a record, on disk first when
// the sandbox is durable. Callers hold s.mu.
func (s *Engine) saveLocked(scope, resource string, id int64, rec Record) error {
	if s.DB != nil {
		err := s.DB.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket(BucketRecords)
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
	t := s.Table(scope, resource)
	if rec == nil {
		t.Remove(id)
		return nil
	}
	t.Put(id, rec)
	return nil
}
