package freshbooks_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/freshbooks-go/freshbooks"
)

func bigToken(i int) freshbooks.Token {
	return freshbooks.Token{
		AccessToken:          fmt.Sprintf("access-%d-%s", i, strings.Repeat("a", 4000)),
		RefreshToken:         fmt.Sprintf("refresh-%d", i),
		AccessTokenExpiresAt: time.Date(2026, 1, 1, 0, 0, i, 0, time.UTC),
		CreatedAt:            time.Date(2025, 12, 31, 12, 0, i, 0, time.UTC),
		TokenType:            "Bearer",
		Scope:                "user:profile:read",
	}
}

func TestFileStoreModesAndRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "config", "freshbooks")
	s := freshbooks.NewFileStore(filepath.Join(dir, "token.json"))
	ctx := t.Context()
	if tok, err := s.Load(ctx); err != nil || tok != (freshbooks.Token{}) {
		t.Fatalf("missing file: %v, %v", tok, err)
	}
	want := bigToken(7)
	if err := s.Save(ctx, want); err != nil {
		t.Fatal(err)
	}
	if got := load(t, s); got != want {
		t.Errorf("round trip: %v", got)
	}
	for path, mode := range map[string]os.FileMode{dir: 0o700 | os.ModeDir, s.Path(): 0o600} {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode() != mode {
			t.Errorf("%s: mode %v, want %v", path, st.Mode(), mode)
		}
	}
	var raw map[string]any
	data, _ := os.ReadFile(s.Path())
	if err := json.Unmarshal(data, &raw); err != nil || raw["refresh_token"] != "refresh-7" {
		t.Errorf("file content: %s", data)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	if err := s.Clear(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.Path()); !os.IsNotExist(err) {
		t.Error("Clear left the file")
	}
	if err := s.Clear(ctx); err != nil {
		t.Errorf("Clear of a missing file: %v", err)
	}
}

// Readers never see a half-written file while writers replace it.
func TestFileStoreNeverHalfWritten(t *testing.T) {
	s := freshbooks.NewFileStore(filepath.Join(t.TempDir(), "token.json"))
	ctx := t.Context()
	if err := s.Save(ctx, bigToken(0)); err != nil {
		t.Fatal(err)
	}
	var writers, readers sync.WaitGroup
	stop := make(chan struct{})
	for w := range 4 {
		writers.Go(func() {
			for i := range 25 {
				if err := s.Save(ctx, bigToken(w*1000+i)); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	for range 4 {
		readers.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				tok, err := s.Load(ctx)
				if err != nil {
					t.Errorf("torn read: %v", err)
					return
				}
				var i int
				if _, err := fmt.Sscanf(tok.RefreshToken, "refresh-%d", &i); err != nil || tok != bigToken(i) {
					t.Errorf("torn token %q", tok.RefreshToken)
					return
				}
			}
		})
	}
	writers.Wait()
	close(stop)
	readers.Wait()
}

func TestFileStoreFailedSaveKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "token.json")
	s := freshbooks.NewFileStore(path)
	// A directory where the file should be: the rename fails.
	if err := os.MkdirAll(filepath.Join(path, "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(t.Context(), bigToken(1)); err == nil {
		t.Fatal("Save over a directory succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary file left behind: %v", entries)
	}
	if err := os.WriteFile(filepath.Join(dir, "bad.json"), []byte(`{"access_token": "x", `), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := freshbooks.NewFileStore(filepath.Join(dir, "bad.json")).Load(t.Context()); err == nil {
		t.Error("a corrupt file loaded")
	}
}

func TestDefaultTokenFile(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/xdg")
	t.Setenv("HOME", "/home/u")
	p, err := freshbooks.DefaultTokenFile("myapp")
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := os.UserConfigDir(); p != filepath.Join(want, "freshbooks", "myapp.json") {
		t.Errorf("DefaultTokenFile = %q", p)
	}
	for _, bad := range []string{"", "a/b", "..", "."} {
		if _, err := freshbooks.DefaultTokenFile(bad); err == nil {
			t.Errorf("DefaultTokenFile(%q) succeeded", bad)
		}
	}
}

func TestFileStoreLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "token.json")
	a, b := freshbooks.NewFileStore(path), freshbooks.NewFileStore(path)
	lk, err := a.LockToken(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	// Held: a waiter whose context ends gives up.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := b.LockToken(ctx); err == nil {
		t.Fatal("locked twice")
	}
	got := make(chan freshbooks.TokenLock, 1)
	go func() {
		l, err := b.LockToken(t.Context())
		if err != nil {
			t.Error(err)
		}
		got <- l
	}()
	if err := lk.Save(t.Context(), bigToken(3)); err != nil {
		t.Fatal(err)
	}
	if err := lk.Unlock(); err != nil {
		t.Fatal(err)
	}
	l2 := <-got
	if tok, err := l2.Load(t.Context()); err != nil || tok != bigToken(3) {
		t.Errorf("under the second lock: %v, %v", tok.RefreshToken, err)
	}
	if err := l2.Unlock(); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path + ".lock"); err != nil || st.Mode() != 0o600 {
		t.Errorf("lock file: %v", err)
	}
}

func TestMemoryStoreLock(t *testing.T) {
	var s freshbooks.MemoryStore
	lk, err := s.LockToken(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := s.LockToken(ctx); err == nil {
		t.Fatal("locked twice")
	}
	_ = lk.Save(t.Context(), bigToken(1))
	_ = lk.Unlock()
	_ = lk.Unlock() // twice is harmless
	lk, err = s.LockToken(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if tok, _ := lk.Load(t.Context()); tok != bigToken(1) {
		t.Error("lost the save")
	}
	_ = lk.Unlock()
}
