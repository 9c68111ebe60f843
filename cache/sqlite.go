//go:build cgo && !no_sqlite_cache

package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/mattn/go-sqlite3" // the SQLite store
)

func init() { openSQLite = openSQLiteFile }

// busyTimeout is how long a refresh waits for another process's refresh
// of the same file to commit (SQLite has one writer at a time).
const busyTimeout = 10 * 60 * 1000 // ms

// openSQLiteFile opens (creating with mode 0600) the SQLite file at path,
// in WAL mode: readers see the last committed copy while a refresh
// writes, and a transaction interrupted by a crash is rolled back when
// the file is opened next.
func openSQLiteFile(ctx context.Context, path, ns string) (*Store, error) {
	if path == "" {
		return nil, fmt.Errorf("cache: no cache file given")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("cache %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("cache %s: creating its directory: %w", abs, err)
	}
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cache %s: %w", abs, err)
	}
	f.Close()
	q := url.Values{}
	q.Set("_busy_timeout", fmt.Sprint(busyTimeout))
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "NORMAL")
	q.Set("_txlock", "immediate") // a refresh takes the write lock at BEGIN
	u := url.URL{Scheme: "file", Opaque: (&url.URL{Path: abs}).EscapedPath(), RawQuery: q.Encode()}
	db, err := sql.Open("sqlite3", u.String())
	if err != nil {
		return nil, fmt.Errorf("cache %s: %w", abs, err)
	}
	// A connection's first use puts the file in WAL mode; SQLite answers
	// "database is locked" at once, without waiting its busy timeout,
	// when another process opens the same new file at that moment (it
	// runs the WAL's recovery or changes the journal mode). Opening is
	// tried again then, for a while.
	deadline := time.Now().Add(openBusyFor)
	for wait := 5 * time.Millisecond; ; wait = min(2*wait, 200*time.Millisecond) {
		err = db.PingContext(ctx)
		var se sqlite3.Error
		if err == nil || !errors.As(err, &se) || se.Code != sqlite3.ErrBusy || time.Now().After(deadline) {
			break
		}
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("cache %s: %w", abs, err)
	}
	return &Store{db: db, d: sqliteDialect{}, ns: ns, where: abs, path: abs}, nil
}

// openBusyFor bounds the waits of opening a file another process is
// opening too (see openSQLiteFile): past it, the error is returned.
const openBusyFor = 10 * time.Second
