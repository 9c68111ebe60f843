package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/saasapi/saasapi/schema"
)

// MemoryStorePrefix starts an OAuthSettingsLocation that keeps tokens in
// the memory of the process instead of a file ("memory://name"), as in
// CData's drivers. Connections of one process with the same location share
// the tokens.
const MemoryStorePrefix = "memory://"

// storeVersion is the format version of the store file.
const storeVersion = 1

// pendingLifetime is how long an authorization started by [Flow.AuthURL]
// may be finished by [Flow.Exchange].
const pendingLifetime = time.Hour

// record is the content of a token store: one token for one profile,
// client ID and token endpoint, and at most one pending authorization.
type record struct {
	Version  int      `json:"version"`
	Profile  string   `json:"profile"`
	ClientID string   `json:"client_id"`
	TokenURL string   `json:"token_url"`
	Token    *token   `json:"token,omitempty"`
	Pending  *pending `json:"pending,omitempty"`
	// UsedCode identifies (by a truncated hash) the last authorization
	// code exchanged, so OAuthVerifier is not exchanged twice.
	UsedCode string    `json:"used_code,omitempty"`
	Updated  time.Time `json:"updated,omitzero"`
}

// pending is an authorization started by "saasapi auth url": the state
// and PKCE verifier the exchange needs.
type pending struct {
	State       string    `json:"state"`
	Verifier    string    `json:"code_verifier,omitempty"`
	RedirectURL string    `json:"redirect_uri"`
	Created     time.Time `json:"created"`
}

// String hides the verifier.
func (p pending) String() string {
	return fmt.Sprintf("auth.pending{redirect: %s, created: %s, verifier: REDACTED}", p.RedirectURL, p.Created.Format(time.RFC3339))
}

// GoString hides the verifier.
func (p pending) GoString() string { return p.String() }

// matches reports whether the record belongs to c's connection string.
func (r *record) matches(c *client) bool {
	return r.Profile == c.profile && r.ClientID == c.clientID && r.TokenURL == shownURL(c.tokenURL)
}

// identify stamps r with c's identity.
func (r *record) identify(c *client) {
	r.Version = storeVersion
	r.Profile = c.profile
	r.ClientID = c.clientID
	r.TokenURL = shownURL(c.tokenURL)
	r.Updated = c.o.now().UTC().Round(0)
}

// store keeps one record. Implementations are safe for concurrent use;
// lock excludes other processes too.
type store interface {
	// location is the path, or the memory:// name.
	location() string
	// load returns the record, or nil when there is none.
	load() (*record, error)
	// save replaces the record atomically.
	save(*record) error
	// remove deletes the record; a missing one is not an error.
	remove() error
	// lock takes the store's exclusive lock, waiting until ctx ends.
	lock(ctx context.Context) (unlock func(), err error)
}

// openStore resolves OAuthSettingsLocation: empty means a file per
// profile and client ID under os.UserConfigDir()/saasapi; a directory
// (existing, or written with a trailing separator) gets that file name;
// memory:// names a store in the process's memory; anything else is the
// file itself.
func openStore(loc string, p *schema.Provider, settings map[string]string, clientID string) (store, error) {
	name := storeName(p, settings, clientID)
	if strings.HasPrefix(loc, MemoryStorePrefix) {
		return memoryStore(loc), nil
	}
	if loc == "" {
		dir, err := os.UserConfigDir()
		if err != nil {
			return nil, fmt.Errorf("%w: no user configuration directory for the default OAuthSettingsLocation (%v); set OAuthSettingsLocation to a file path", ErrStore, err)
		}
		return &fileStore{path: filepath.Join(dir, "saasapi", name)}, nil
	}
	if strings.HasPrefix(loc, "~"+string(filepath.Separator)) || strings.HasPrefix(loc, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			loc = filepath.Join(home, loc[2:])
		}
	}
	if strings.HasSuffix(loc, "/") || strings.HasSuffix(loc, string(filepath.Separator)) {
		return &fileStore{path: filepath.Join(loc, name)}, nil
	}
	if st, err := os.Stat(loc); err == nil && st.IsDir() {
		return &fileStore{path: filepath.Join(loc, name)}, nil
	}
	return &fileStore{path: loc}, nil
}

// storeName is the default file name: the profile, the values of the
// settings the OAuth endpoints are templated from (Aha!'s Domain), and
// the client ID, e.g. "aha-acmeinc-abc123.json".
func storeName(p *schema.Provider, settings map[string]string, clientID string) string {
	parts := []string{p.Name}
	if oa := p.Auth.OAuth; oa != nil {
		var seen []string
		for _, tmpl := range []string{oa.AuthURL, oa.TokenURL, oa.RefreshURL} {
			for _, m := range placeholder.FindAllStringSubmatch(tmpl, -1) {
				if v := lookupSetting(settings, m[1]); v != "" && !contains(seen, m[1]) {
					seen = append(seen, m[1])
					parts = append(parts, v)
				}
			}
		}
	}
	parts = append(parts, clientID)
	var b strings.Builder
	changed := false
	for i, part := range parts {
		if i > 0 {
			b.WriteByte('-')
		}
		for _, r := range part {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '.' || r == '-' {
				b.WriteRune(r)
			} else {
				b.WriteByte('_')
				changed = true
			}
		}
	}
	name := b.String()
	if changed || len(name) > 100 {
		sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
		name = name[:min(len(name), 80)] + "-" + hex.EncodeToString(sum[:4])
	}
	return name + ".json"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// fileStore keeps the record in a JSON file of mode 0600, replaced
// atomically (a temporary file in the same directory, synced, renamed over
// it, then the directory synced), and locked across processes with a lock
// file beside it, which is never opened through a symbolic link. Its
// directory must be private: one that group or others may write is
// refused, as another user could swap the file there.
type fileStore struct {
	path string
	mu   sync.Mutex // orders this process's writers
}

func (f *fileStore) location() string { return f.path }

// errLockSymlink is the lock path holding a symbolic link.
var errLockSymlink = errors.New("it is a symbolic link, which saasapi does not follow; remove it")

// checkDir refuses a store directory that group or others may write. A
// missing directory is fine (it is created with mode 0700). Windows has
// no such permission bits: there, the directory's ACL is the user's
// business.
func (f *fileStore) checkDir() error {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		return nil
	}
	dir := filepath.Dir(f.path)
	st, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrStore, dir, pathErr(err))
	}
	if perm := st.Mode().Perm(); st.IsDir() && perm&0o022 != 0 {
		who := "others"
		if perm&0o022 == 0o020 {
			who = "its group"
		} else if perm&0o022 == 0o022 {
			who = "its group and others"
		}
		return fmt.Errorf("%w: the directory %s is writable by %s (mode %#o), who could replace the tokens stored in it; "+
			"make it private with chmod 700 %s, or set OAuthSettingsLocation to a file in a directory only you can write",
			ErrStore, dir, who, unixMode(st.Mode()), dir)
	}
	return nil
}

// unixMode is m's permission bits as chmod writes them (1777 for /tmp).
func unixMode(m fs.FileMode) uint32 {
	u := uint32(m.Perm())
	if m&fs.ModeSticky != 0 {
		u |= 0o1000
	}
	return u
}

func (f *fileStore) load() (*record, error) {
	if err := f.checkDir(); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: read %s: %v", ErrStore, f.path, pathErr(err))
	}
	return decodeRecord(f.path, b)
}

func decodeRecord(where string, b []byte) (*record, error) {
	var rec record
	if err := json.Unmarshal(b, &rec); err != nil {
		return nil, fmt.Errorf("%w: %s is not a saasapi token store (invalid JSON); remove it and run \"saasapi auth login\"", ErrStore, where)
	}
	if rec.Version > storeVersion {
		return nil, fmt.Errorf("%w: %s was written by a newer saasapi (format %d)", ErrStore, where, rec.Version)
	}
	return &rec, nil
}

func (f *fileStore) save(rec *record) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return fmt.Errorf("%w: encode: %v", ErrStore, err)
	}
	dir := filepath.Dir(f.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("%w: create %s: %v", ErrStore, dir, pathErr(err))
	}
	if err := f.checkDir(); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(f.path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("%w: write %s: %v", ErrStore, f.path, pathErr(err))
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("%w: write %s: %v", ErrStore, f.path, pathErr(err))
	}
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("%w: write %s: %v", ErrStore, f.path, pathErr(err))
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("%w: write %s: %v", ErrStore, f.path, pathErr(err))
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%w: write %s: %v", ErrStore, f.path, pathErr(err))
	}
	if err := os.Rename(tmp.Name(), f.path); err != nil {
		return fmt.Errorf("%w: write %s: %v", ErrStore, f.path, pathErr(err))
	}
	ok = true
	// The rename is durable once the directory is: sync it, so a crash
	// cannot bring back the previous token (a refresh token the provider
	// has already rotated out).
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("%w: write %s: syncing the directory: %v", ErrStore, f.path, pathErr(err))
	}
	return nil
}

func (f *fileStore) remove() error {
	if err := f.checkDir(); err != nil {
		return err
	}
	err := os.Remove(f.path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w: remove %s: %v", ErrStore, f.path, pathErr(err))
	}
	return nil
}

func (f *fileStore) lock(ctx context.Context) (func(), error) {
	if err := os.MkdirAll(filepath.Dir(f.path), 0o700); err != nil {
		return nil, fmt.Errorf("%w: create %s: %v", ErrStore, filepath.Dir(f.path), pathErr(err))
	}
	if err := f.checkDir(); err != nil {
		return nil, err
	}
	unlock, err := lockFile(ctx, f.path+".lock")
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%w: waiting for the lock %s.lock: %w", ErrStore, f.path, ctx.Err())
		}
		return nil, fmt.Errorf("%w: lock %s.lock: %v", ErrStore, f.path, pathErr(err))
	}
	return unlock, nil
}

// pathErr drops the path from an *fs.PathError (the message names it).
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// memStores are the memory:// stores of the process, by location.
var (
	memMu     sync.Mutex
	memStores = map[string]*memStore{}
)

// memStore keeps the record, encoded, in the process's memory.
type memStore struct {
	name string
	mu   sync.Mutex
	data []byte
	sem  chan struct{}
}

func memoryStore(loc string) *memStore {
	memMu.Lock()
	defer memMu.Unlock()
	m, ok := memStores[loc]
	if !ok {
		m = &memStore{name: loc, sem: make(chan struct{}, 1)}
		memStores[loc] = m
	}
	return m
}

func (m *memStore) location() string { return m.name }

func (m *memStore) load() (*record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.data == nil {
		return nil, nil
	}
	return decodeRecord(m.name, m.data)
}

func (m *memStore) save(rec *record) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("%w: encode: %v", ErrStore, err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.data = b
	return nil
}

func (m *memStore) remove() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.data = nil
	return nil
}

func (m *memStore) lock(ctx context.Context) (func(), error) {
	select {
	case m.sem <- struct{}{}:
		return func() { <-m.sem }, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("%w: waiting for the lock of %s: %w", ErrStore, m.name, ctx.Err())
	}
}
