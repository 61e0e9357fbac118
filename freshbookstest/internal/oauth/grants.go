package oauth

import (
	"cmp"
	"encoding/json"
	"fmt"
	"time"

	"github.com/freshbooks-go/freshbooks/freshbookstest/internal/engine"
	bolt "go.etcd.io/bbolt"
)

// Load reads the stored token pairs and the spent refresh tokens of a
// durable sandbox; only the pairs of applications still registered
// authenticate.
func (s *Server) Load() error {
	grants := map[string]*Grant{}
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
			s.access[g.AccessToken] = g
			s.refresh[g.RefreshToken] = g
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

func (sg storedGrant) grant(s *Server) *Grant {
	for _, p := range s.eng.Identities {
		if p.ID == sg.Identity {
			return &Grant{Caller: engine.Caller{Identity: p, Scopes: sg.Scopes}, app: cmp.Or(sg.App, s.cfg.Apps[0].ClientID), AccessToken: sg.AccessToken, RefreshToken: sg.RefreshToken,
				Created: sg.Created, Expires: sg.Expires, revoked: sg.Revoked}
		}
	}
	return nil
}

// PersistLocked writes grants (and, when spent is not empty, that
// refresh token's retirement) to a durable sandbox's data before they
// are answered. Callers hold the engine's lock.
func (s *Server) PersistLocked(gs []*Grant, spent string) error {
	if s.eng.DB == nil {
		return nil
	}
	return s.eng.DB.Update(func(tx *bolt.Tx) error {
		for _, g := range gs {
			data, err := json.Marshal(storedGrant{App: g.app, Identity: g.Identity.ID, Scopes: g.Scopes, AccessToken: g.AccessToken,
				RefreshToken: g.RefreshToken, Created: g.Created, Expires: g.Expires, Revoked: g.revoked})
			if err != nil {
				return err
			}
			if err := tx.Bucket(engine.BucketGrants).Put([]byte(g.RefreshToken), data); err != nil {
				return err
			}
		}
		if spent != "" {
			return tx.Bucket(engine.BucketSpent).Put([]byte(spent), nil)
		}
		return nil
	})
}
