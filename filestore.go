package freshbooks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// A FileStore is a [TokenStore] in a JSON file, the default for command
// line programs. The file has mode 0600; the folder it creates has mode
// 0700. Every save is atomic: the token is written to a temporary file in
// the same folder, which is synced, renamed over the file, and the folder
// synced, so the file always holds either the old token or the new one,
// never part of one, even after a crash or a power cut.
//
// It is also a [TokenLocker]: its lock is an exclusive flock(2) on a
// sibling file (the path plus ".lock"), so that the processes of one
// machine sharing the file refresh one at a time, and a process's lock
// dies with it. The lock is advisory and local: it does not work across
// machines sharing a network file system; use a database then
// ([PostgresStore]). On systems without flock(2) the lock covers only
// the current process.
type FileStore struct {
	path string
}

// NewFileStore returns a store keeping the token in the file at path.
// The file and its folder are made by the first save.
func NewFileStore(path string) *FileStore { return &FileStore{path: filepath.Clean(path)} }

// DefaultTokenFile returns the conventional place of the token file for
// the application named name, in the user's configuration folder:
// $XDG_CONFIG_HOME/freshbooks/<name>.json (or ~/.config/...) on Linux,
// ~/Library/Application Support/freshbooks/<name>.json on macOS,
// %AppData%\freshbooks\<name>.json on Windows.
func DefaultTokenFile(name string) (string, error) {
	if name == "" || name != filepath.Base(name) || name == "." || name == ".." {
		return "", fmt.Errorf("freshbooks: bad token file name %q", name)
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("freshbooks: token file: %w", err)
	}
	return filepath.Join(dir, "freshbooks", name+".json"), nil
}

// Path returns the token file's path.
func (s *FileStore) Path() string { return s.path }

// Load reads the token file. A missing file is an empty store.
func (s *FileStore) Load(context.Context) (Token, error) {
	data, err := os.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return Token{}, nil
	}
	if err != nil {
		return Token{}, fmt.Errorf("freshbooks: token file: %w", err)
	}
	var t Token
	if err := json.Unmarshal(data, &t); err != nil {
		return Token{}, fmt.Errorf("freshbooks: token file %s: %w", s.path, err)
	}
	return t, nil
}

// Save replaces the token file atomically and durably.
func (s *FileStore) Save(_ context.Context, t Token) error {
	data, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return err
	}
	if err := s.write(append(data, '\n')); err != nil {
		return fmt.Errorf("freshbooks: token file: %w", err)
	}
	return nil
}

func (s *FileStore) write(data []byte) (err error) {
	dir := filepath.Dir(s.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	// CreateTemp makes the file with mode 0600.
	f, err := os.CreateTemp(dir, "."+filepath.Base(s.path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, s.path); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir makes a rename or removal in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, errors.ErrUnsupported) && !isSyncUnsupported(err) {
		return err
	}
	return nil
}

// Clear removes the token file.
func (s *FileStore) Clear(context.Context) error {
	err := os.Remove(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("freshbooks: token file: %w", err)
	}
	return syncDir(filepath.Dir(s.path))
}

// LockToken takes the exclusive lock on the token file's lock file,
// waiting for another process holding it, or until ctx ends.
func (s *FileStore) LockToken(ctx context.Context) (TokenLock, error) {
	dir := filepath.Dir(s.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("freshbooks: token file: %w", err)
	}
	unlock, err := lockFile(ctx, s.path+".lock")
	if err != nil {
		return nil, fmt.Errorf("freshbooks: token file lock: %w", err)
	}
	return &fileLock{s: s, unlock: unlock}, nil
}

type fileLock struct {
	s      *FileStore
	once   sync.Once
	unlock func() error
	err    error
}

func (l *fileLock) Load(ctx context.Context) (Token, error) { return l.s.Load(ctx) }
func (l *fileLock) Save(ctx context.Context, t Token) error { return l.s.Save(ctx, t) }
func (l *fileLock) Unlock() error {
	l.once.Do(func() { l.err = l.unlock() })
	return l.err
}
