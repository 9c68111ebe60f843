package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"
)

// Namespace names the replicas of one account: the profile and the
// account's identifier (Harvest's AccountId, Aha!'s Domain, Aircall's API
// ID), lower-cased to letters, digits and '_' ("harvest_123456"); a short
// hash keeps two identifiers apart when that changed them. It is the
// PostgreSQL schema and the default cache file's name.
func Namespace(profile, account string) string {
	raw := profile
	if account != "" {
		raw += "_" + account
	}
	var b strings.Builder
	changed := false
	for _, r := range strings.ToLower(raw) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
			changed = true
		}
	}
	ns := b.String()
	if ns == "" || ns[0] >= '0' && ns[0] <= '9' {
		ns, changed = "p_"+ns, true
	}
	if len(ns) > 50 {
		ns, changed = ns[:50], true
	}
	if changed || raw != strings.ToLower(raw) {
		h := fnv.New32a()
		h.Write([]byte(raw))
		ns += fmt.Sprintf("_%08x", h.Sum32())
	}
	return ns
}

// DefaultLocation is the cache file of a namespace under the user's cache
// directory: <UserCacheDir>/saasapi/<namespace>.db.
func DefaultLocation(ns string) (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("cache: no user cache directory (%v); set CacheLocation", err)
	}
	return filepath.Join(dir, "saasapi", ns+".db"), nil
}

// LockSync takes the sync lock of an account's replicas at location (a
// file or a PostgreSQL URL), so that one "saasapi sync" of an account
// into one place runs at a time: a lock on the file "<file>.sync-lock",
// or an advisory lock of a PostgreSQL session. A lock already held is an
// error wrapping ErrLocked, at once. Take it before opening the store. It
// is released by the returned function, or when the process ends.
func LockSync(ctx context.Context, location, ns string) (func(), error) {
	if !IsPostgres(location) {
		abs, err := filepath.Abs(location)
		if err != nil {
			return nil, fmt.Errorf("cache %s: %w", location, err)
		}
		if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
			return nil, fmt.Errorf("cache %s: creating its directory: %w", abs, err)
		}
		release, err := lockFile(abs + ".sync-lock")
		if errors.Is(err, ErrLocked) {
			return nil, fmt.Errorf("cache: %w: %s (account %s) is being written by another process (lock file %s.sync-lock); wait for it to finish",
				ErrLocked, abs, ns, abs)
		}
		if err != nil {
			return nil, fmt.Errorf("cache %s: locking: %w", abs, err)
		}
		return release, nil
	}
	where := describePostgres(location)
	db, err := sql.Open("pgx", strings.TrimSpace(location))
	if err != nil {
		return nil, fmt.Errorf("cache %s: %w", where, redactErr(err, location))
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("cache %s: %w", where, redactErr(err, location))
	}
	key := lockKey("saasapi sync", ns)
	var ok bool
	if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", key).Scan(&ok); err != nil {
		conn.Close()
		db.Close()
		return nil, fmt.Errorf("cache %s: locking: %w", where, redactErr(err, location))
	}
	if !ok {
		conn.Close()
		db.Close()
		return nil, fmt.Errorf("cache: %w: another process is syncing account %s into %s; wait for it to finish", ErrLocked, ns, where)
	}
	return func() {
		_, _ = conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", key)
		conn.Close()
		db.Close()
	}, nil
}
