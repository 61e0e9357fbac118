package freshbookstest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	bolt "go.etcd.io/bbolt"
)

// loadGrants reads the stored token pairs and the spent refresh tokens;
// only the pairs of applications still registered authenticate.
func (s *Sandbox) loadGrants() error {
	grants := map[string]*grant{}
	err := s.eng.DB.View(func(tx *bolt.Tx) error {
		err := tx.Bucket(engine.BucketGrants).ForEach(func(k, v []byte) error {
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
		return tx.Bucket(engine.BucketSpent).ForEach(func(k, _ []byte) error {
			s.spent[string(k)] = true
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("freshbookstest: loading data: %w", err)
	}
	s.eng.Lock()
	defer s.eng.Unlock()
	for _, g := range grants {
		// A token of an application no longer registered is dead, as
		// when an app is deleted from FreshBooks [INF]: it is kept on
		// disk, so registering the app again brings it back.
		if _, registered := s.app(g.app); !g.revoked && registered {
			s.access[g.accessToken] = g
			s.refresh[g.refreshToken] = g
		}
	}
	return nil
}

// storedGrant is a grant as kept on disk.
type storedGrant struct {
	App          string    `json:"app,omitempty"` // empty in data written before apps: the first
	Identity     int64     `json:"identity"`
	Scopes       []string  `json:"scopes"`
	AccessToken  string    `json:"access_token"`
	RefreshToken string    `json:"refresh_token"`
	Created      time.Time `json:"created"`
	Expires      time.Time `json:"expires"`
	Revoked      bool      `json:"revoked"`
}

func (sg storedGrant) grant(s *Sandbox) *grant {
	for _, p := range s.eng.Identities {
		if p.ID == sg.Identity {
			return &grant{Caller: engine.Caller{Identity: p, Scopes: sg.Scopes}, app: cmp.Or(sg.App, s.opts.ClientID), accessToken: sg.AccessToken, refreshToken: sg.RefreshToken,
				created: sg.Created, expires: sg.Expires, revoked: sg.Revoked}
		}
	}
	return nil
}

// persistGrantLocked writes a grant (and, when spent, its refresh token's
// retirement) before it is answered. Callers hold s.eng.mu.
func (s *Sandbox) persistGrantLocked(gs []*grant, spent string) error {
	if s.eng.DB == nil {
		return nil
	}
	return s.eng.DB.Update(func(tx *bolt.Tx) error {
		for _, g := range gs {
			data, err := json.Marshal(storedGrant{App: g.app, Identity: g.Identity.ID, Scopes: g.Scopes, AccessToken: g.accessToken,
				RefreshToken: g.refreshToken, Created: g.created, Expires: g.expires, Revoked: g.revoked})
			if err != nil {
				return err
			}
			if err := tx.Bucket(engine.BucketGrants).Put([]byte(g.refreshToken), data); err != nil {
				return err
			}
		}
		if spent != "" {
			return tx.Bucket(engine.BucketSpent).Put([]byte(spent), nil)
		}
		return nil
	})
}
