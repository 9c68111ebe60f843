package cache

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/saasapi/saasapi/schema"
)

// Errors of the store, matched with errors.Is.
var (
	// ErrNoSQLite: the SQLite store is not in this build (CGO_ENABLED=0,
	// or the loadable extension).
	ErrNoSQLite = errors.New("the SQLite cache file needs a build with cgo")
	// ErrLocked: another process holds the account's sync lock.
	ErrLocked = errors.New("another saasapi sync of this account is running")
	// ErrOtherAccount: an SQLite file already holds another account's
	// replicas.
	ErrOtherAccount = errors.New("the replica file holds another account")
)

// Rows is a stream of rows, one value per column of a table, in the Go
// types of schema.Type.ScanType.
type Rows interface {
	// Next returns the next row, or io.EOF after the last.
	Next() ([]driver.Value, error)
	// Close releases the stream.
	Close() error
}

// State is what the metadata records of one replicated table.
type State struct {
	// Table is the table's name.
	Table string
	// Rows is the number of rows of the replica.
	Rows int64
	// LastFull is when the table was last copied whole; LastIncremental
	// when it was last refreshed incrementally; LastReconcile when its
	// deletions were last reconciled (a full copy reconciles too). Zero
	// when never.
	LastFull, LastIncremental, LastReconcile time.Time
	// Watermark is the newest value of the incremental column in the
	// replica: the next incremental refresh lists from Watermark-Overlap.
	Watermark time.Time
	// Mode is how the table is refreshed.
	Mode Mode
	// Requests is how many requests the last refresh sent.
	Requests int
}

// Refreshed is when the replica was last brought up to date.
func (s State) Refreshed() time.Time {
	if s.LastIncremental.After(s.LastFull) {
		return s.LastIncremental
	}
	return s.LastFull
}

// ScopeState describes one narrowed listing kept in the cache (the rows
// the API returned for one request with filters).
type ScopeState struct {
	// Scope identifies the request (its path, keys and parameters).
	Scope string
	// Fetched is when the listing was read.
	Fetched time.Time
	// Rows is its row count.
	Rows int64
}

// Snapshot is the metadata of every replica of a store.
type Snapshot struct {
	// Tables are the replicated tables by name.
	Tables map[string]State
	// Scopes are the narrowed listings kept, by table and scope.
	Scopes map[string]map[string]ScopeState
}

// Store is a database of replicas of one account's tables.
type Store struct {
	db      *sql.DB
	d       dialect
	ns      string
	where   string // the location, redacted
	path    string // the SQLite file, "" for PostgreSQL
	profile string
}

// Open opens the store at location: a PostgreSQL URL (postgres://…) or
// the path of an SQLite file (created with mode 0600, its directory with
// mode 0700). ns names the account (see Namespace): the PostgreSQL
// schema, and the account an SQLite file holds; profile is recorded with
// it.
func Open(ctx context.Context, location, ns, profile string) (*Store, error) {
	if ns == "" || strings.ContainsAny(ns, "\"\x00") {
		return nil, fmt.Errorf("cache: bad namespace %q", ns)
	}
	var s *Store
	var err error
	if IsPostgres(location) {
		s, err = openPostgres(ctx, location, ns)
	} else {
		if openSQLite == nil {
			return nil, fmt.Errorf("cache: %w (CGO_ENABLED=1 and gcc); with this build, set CacheConnection=postgres://… instead", ErrNoSQLite)
		}
		s, err = openSQLite(ctx, location, ns)
	}
	if err != nil {
		return nil, err
	}
	s.profile = profile
	if err := s.init(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// openSQLite is set by the SQLite store's file when it is in the build.
var openSQLite func(ctx context.Context, path, ns string) (*Store, error)

// SQLiteAvailable reports whether this build has the SQLite store.
func SQLiteAvailable() bool { return openSQLite != nil }

// IsPostgres reports whether a location names a PostgreSQL database.
func IsPostgres(location string) bool {
	l := strings.ToLower(strings.TrimSpace(location))
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// String describes the store without secrets: the file, or the
// PostgreSQL server, database and schema.
func (s *Store) String() string { return s.where }

// Namespace returns the account's namespace.
func (s *Store) Namespace() string { return s.ns }

// Dialect returns "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.d.name() }

// DB returns the database holding the replicas, for reading them with SQL.
func (s *Store) DB() *sql.DB { return s.db }

// Qualified returns the SQL name of a table's replica in this store
// ("time_entries" in SQLite, "harvest_123456"."time_entries" in
// PostgreSQL).
func (s *Store) Qualified(table string) string { return s.d.qualify(s.ns, table) }

func (s *Store) meta(name string) string { return s.d.qualify(s.ns, "_saasapi_"+name) }

// init creates the metadata tables, and checks that an SQLite file holds
// this account.
func (s *Store) init(ctx context.Context) error {
	// An initialized store is only read: a process opening the cache
	// while another refreshes it must not wait for its write lock.
	var ns string
	if err := s.db.QueryRowContext(ctx, "SELECT namespace FROM "+s.meta("account")).Scan(&ns); err == nil {
		if ns != s.ns {
			return fmt.Errorf("cache: %w: %s holds the replicas of %s, not %s; use one file per account, or PostgreSQL (one schema per account)",
				ErrOtherAccount, s.where, ns, s.ns)
		}
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.errorf("opening: %w", err)
	}
	defer tx.Rollback()
	if s.d.name() == "postgres" {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", lockKey("saasapi init", s.ns)); err != nil {
			return s.errorf("locking: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+quoteIdent(s.ns)); err != nil {
			return s.errorf("creating schema %s: %w", s.ns, err)
		}
	}
	stmts := []string{
		"CREATE TABLE IF NOT EXISTS " + s.meta("account") + " (namespace TEXT PRIMARY KEY, profile TEXT NOT NULL, created TEXT NOT NULL)",
		"CREATE TABLE IF NOT EXISTS " + s.meta("tables") + ` (table_name TEXT PRIMARY KEY, rows BIGINT NOT NULL, last_full TEXT, last_incremental TEXT,
			last_reconcile TEXT, watermark TEXT, mode INTEGER NOT NULL, requests INTEGER NOT NULL)`,
		"CREATE TABLE IF NOT EXISTS " + s.meta("scopes") + ` (table_name TEXT NOT NULL, scope TEXT NOT NULL, fetched TEXT NOT NULL,
			rows BIGINT NOT NULL, PRIMARY KEY (table_name, scope))`,
		"CREATE TABLE IF NOT EXISTS " + s.meta("layouts") + " (table_name TEXT PRIMARY KEY, signature TEXT NOT NULL)",
	}
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return s.errorf("creating the metadata: %w", err)
		}
	}
	err = tx.QueryRowContext(ctx, "SELECT namespace FROM "+s.meta("account")).Scan(&ns)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = tx.ExecContext(ctx, "INSERT INTO "+s.meta("account")+" (namespace, profile, created) VALUES ("+s.params(1, 3)+")",
			s.ns, s.profile, stamp(time.Now()))
		if err != nil {
			return s.errorf("recording the account: %w", err)
		}
	case err != nil:
		return s.errorf("reading the account: %w", err)
	case ns != s.ns:
		return fmt.Errorf("cache: %w: %s holds the replicas of %s, not %s; use one file per account, or PostgreSQL (one schema per account)",
			ErrOtherAccount, s.where, ns, s.ns)
	}
	if err := tx.Commit(); err != nil {
		return s.errorf("opening: %w", err)
	}
	return nil
}

// errorf makes an error naming the store.
func (s *Store) errorf(format string, args ...any) error {
	return fmt.Errorf("cache %s: "+format, append([]any{s.where}, args...)...)
}

// params returns the placeholders from..to, comma-separated.
func (s *Store) params(from, to int) string {
	ps := make([]string, 0, to-from+1)
	for i := from; i <= to; i++ {
		ps = append(ps, s.d.placeholder(i))
	}
	return strings.Join(ps, ", ")
}

// stamp writes a time of the metadata.
func stamp(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// unstamp reads a time of the metadata.
func unstamp(s sql.NullString) time.Time {
	if !s.Valid {
		return time.Time{}
	}
	t, _ := time.Parse(time.RFC3339Nano, s.String)
	return t
}

// Snapshot reads the metadata of every replica.
func (s *Store) Snapshot(ctx context.Context) (*Snapshot, error) {
	snap := &Snapshot{Tables: map[string]State{}, Scopes: map[string]map[string]ScopeState{}}
	rows, err := s.db.QueryContext(ctx, "SELECT table_name, rows, last_full, last_incremental, last_reconcile, watermark, mode, requests FROM "+s.meta("tables"))
	if err != nil {
		return nil, s.errorf("reading the metadata: %w", err)
	}
	for rows.Next() {
		st, err := scanState(rows)
		if err != nil {
			rows.Close()
			return nil, s.errorf("reading the metadata: %w", err)
		}
		snap.Tables[st.Table] = st
	}
	if err := closeRows(rows); err != nil {
		return nil, s.errorf("reading the metadata: %w", err)
	}
	rows, err = s.db.QueryContext(ctx, "SELECT table_name, scope, fetched, rows FROM "+s.meta("scopes"))
	if err != nil {
		return nil, s.errorf("reading the metadata: %w", err)
	}
	for rows.Next() {
		var table string
		var sc ScopeState
		var fetched sql.NullString
		if err := rows.Scan(&table, &sc.Scope, &fetched, &sc.Rows); err != nil {
			rows.Close()
			return nil, s.errorf("reading the metadata: %w", err)
		}
		sc.Fetched = unstamp(fetched)
		if snap.Scopes[table] == nil {
			snap.Scopes[table] = map[string]ScopeState{}
		}
		snap.Scopes[table][sc.Scope] = sc
	}
	if err := closeRows(rows); err != nil {
		return nil, s.errorf("reading the metadata: %w", err)
	}
	return snap, nil
}

func closeRows(rows *sql.Rows) error {
	err := rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return err
}

type scanner interface{ Scan(dest ...any) error }

func scanState(r scanner) (State, error) {
	var st State
	var full, incr, rec, wm sql.NullString
	var mode int64
	var requests int64
	if err := r.Scan(&st.Table, &st.Rows, &full, &incr, &rec, &wm, &mode, &requests); err != nil {
		return st, err
	}
	st.LastFull, st.LastIncremental, st.LastReconcile, st.Watermark = unstamp(full), unstamp(incr), unstamp(rec), unstamp(wm)
	st.Mode, st.Requests = Mode(mode), int(requests)
	return st, nil
}

// State reads the metadata of one table; ok is false when it was never
// replicated.
func (s *Store) State(ctx context.Context, table string) (State, bool, error) {
	st, err := scanState(s.db.QueryRowContext(ctx, "SELECT table_name, rows, last_full, last_incremental, last_reconcile, watermark, mode, requests FROM "+
		s.meta("tables")+" WHERE table_name = "+s.d.placeholder(1), table))
	if errors.Is(err, sql.ErrNoRows) {
		return State{}, false, nil
	}
	if err != nil {
		return State{}, false, s.errorf("reading the metadata of %s: %w", table, err)
	}
	return st, true, nil
}

// Read streams the rows of a table's replica, in the order they were
// stored.
func (s *Store) Read(ctx context.Context, t *schema.Table) (Rows, error) {
	return s.query(ctx, t, "SELECT "+columnList(t)+" FROM "+s.d.qualify(s.ns, t.Name))
}

// query runs a SELECT of the table's columns.
func (s *Store) query(ctx context.Context, t *schema.Table, q string, args ...any) (Rows, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, s.errorf("reading %s: %w", t.Name, err)
	}
	return &dbRows{s: s, t: t, rows: rows, dest: make([]any, len(t.Columns))}, nil
}

// columnList is the quoted column names of a table.
func columnList(t *schema.Table) string {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = quoteIdent(c.Name)
	}
	return strings.Join(names, ", ")
}

// dbRows converts the rows of a query to the table's types.
type dbRows struct {
	s    *Store
	t    *schema.Table
	rows *sql.Rows
	dest []any
}

func (r *dbRows) Next() ([]driver.Value, error) {
	if !r.rows.Next() {
		if err := r.rows.Err(); err != nil {
			return nil, r.s.errorf("reading %s: %w", r.t.Name, err)
		}
		return nil, io.EOF
	}
	ptrs := make([]any, len(r.dest))
	for i := range r.dest {
		r.dest[i] = nil
		ptrs[i] = &r.dest[i]
	}
	if err := r.rows.Scan(ptrs...); err != nil {
		return nil, r.s.errorf("reading %s: %w", r.t.Name, err)
	}
	row := make([]driver.Value, len(r.dest))
	for i, v := range r.dest {
		x, err := fromDB(v, r.t.Columns[i].Type)
		if err != nil {
			return nil, r.s.errorf("reading %s.%s: %w", r.t.Name, r.t.Columns[i].Name, err)
		}
		row[i] = x
	}
	return row, nil
}

func (r *dbRows) Close() error { return r.rows.Close() }

// scopeTable is the table holding the narrowed listings of a table.
func scopeTable(table string) string { return "_saasapi_scoped_" + table }

// ReadScope streams the rows of a narrowed listing kept by KeepScope.
func (s *Store) ReadScope(ctx context.Context, t *schema.Table, scope string) (Rows, error) {
	return s.query(ctx, t, "SELECT "+columnList(t)+" FROM "+s.d.qualify(s.ns, scopeTable(t.Name))+
		" WHERE _scope = "+s.d.placeholder(1)+" ORDER BY _seq", scope)
}

// KeepScope stores the rows the API returned for one narrowed listing
// (scope), replacing the earlier copy of that listing, atomically.
func (s *Store) KeepScope(ctx context.Context, t *schema.Table, scope string, rows [][]driver.Value) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.errorf("keeping a listing of %s: %w", t.Name, err)
	}
	defer tx.Rollback()
	name := scopeTable(t.Name)
	if err := s.d.lockTable(ctx, tx, s.ns, name); err != nil {
		return s.errorf("locking %s: %w", t.Name, err)
	}
	sig := signature(t, nil) + ";scoped"
	cols := []string{"_scope TEXT NOT NULL", "_seq BIGINT NOT NULL"}
	for _, c := range t.Columns {
		cols = append(cols, quoteIdent(c.Name)+" "+s.d.columnType(c.Type))
	}
	if err := s.ensure(ctx, tx, name, sig, cols, nil); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM "+s.d.qualify(s.ns, name)+" WHERE _scope = "+s.d.placeholder(1), scope); err != nil {
		return s.errorf("keeping a listing of %s: %w", t.Name, err)
	}
	names := []string{"_scope", "_seq"}
	for _, c := range t.Columns {
		names = append(names, quoteIdent(c.Name))
	}
	w := s.newWriter(tx, s.d.qualify(s.ns, name), names, nil, nil)
	for i, r := range rows {
		vals := append([]any{scope, int64(i)}, s.values(t, r)...)
		if err := w.add(ctx, vals, ""); err != nil {
			return s.errorf("keeping a listing of %s: %w", t.Name, err)
		}
	}
	if err := w.flush(ctx); err != nil {
		return s.errorf("keeping a listing of %s: %w", t.Name, err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM "+s.meta("scopes")+" WHERE table_name = "+s.d.placeholder(1)+" AND scope = "+s.d.placeholder(2), t.Name, scope); err != nil {
		return s.errorf("keeping a listing of %s: %w", t.Name, err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO "+s.meta("scopes")+" (table_name, scope, fetched, rows) VALUES ("+s.params(1, 4)+")",
		t.Name, scope, stamp(time.Now()), int64(len(rows))); err != nil {
		return s.errorf("keeping a listing of %s: %w", t.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return s.errorf("keeping a listing of %s: %w", t.Name, err)
	}
	return nil
}

// values converts a row for writing.
func (s *Store) values(t *schema.Table, row []driver.Value) []any {
	out := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		if i < len(row) {
			out[i] = s.d.value(row[i], c.Type)
		}
	}
	return out
}

// Clear drops the replica of a table and its narrowed listings, or of
// every table when table is "". It returns the names of the tables
// cleared.
func (s *Store) Clear(ctx context.Context, table string) ([]string, error) {
	snap, err := s.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	var names []string
	for name := range snap.Tables {
		if table == "" || strings.EqualFold(name, table) {
			names = append(names, name)
		}
	}
	for name := range snap.Scopes {
		if (table == "" || strings.EqualFold(name, table)) && !contains(names, name) {
			names = append(names, name)
		}
	}
	for _, name := range names {
		if err := s.drop(ctx, name); err != nil {
			return nil, err
		}
	}
	return names, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// drop removes one table's replica, narrowed listings and metadata in one
// transaction.
func (s *Store) drop(ctx context.Context, table string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.errorf("clearing %s: %w", table, err)
	}
	defer tx.Rollback()
	if err := s.d.lockTable(ctx, tx, s.ns, table); err != nil {
		return s.errorf("clearing %s: %w", table, err)
	}
	for _, q := range []string{
		"DROP TABLE IF EXISTS " + s.d.qualify(s.ns, table),
		"DROP TABLE IF EXISTS " + s.d.qualify(s.ns, scopeTable(table)),
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return s.errorf("clearing %s: %w", table, err)
		}
	}
	for _, d := range []struct{ meta, name string }{{"tables", table}, {"scopes", table}, {"layouts", table}, {"layouts", scopeTable(table)}} {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+s.meta(d.meta)+" WHERE table_name = "+s.d.placeholder(1), d.name); err != nil {
			return s.errorf("clearing %s: %w", table, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return s.errorf("clearing %s: %w", table, err)
	}
	return nil
}

// signature describes a replica's layout: its columns, types and key.
func signature(t *schema.Table, key []string) string {
	var b strings.Builder
	for _, c := range t.Columns {
		b.WriteString(c.Name + " " + c.Type.String() + ",")
	}
	b.WriteString("key(" + strings.Join(key, ",") + ")")
	return b.String()
}

// ensure creates a table with the layout sig. A table of another layout
// is dropped first, with its metadata, so that it is copied whole again.
func (s *Store) ensure(ctx context.Context, tx *sql.Tx, name, sig string, cols []string, indexes []string) error {
	var old sql.NullString
	err := tx.QueryRowContext(ctx, "SELECT signature FROM "+s.meta("layouts")+" WHERE table_name = "+s.d.placeholder(1), name).Scan(&old)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return s.errorf("reading the layout of %s: %w", name, err)
	}
	if old.Valid && old.String == sig {
		return nil
	}
	for _, q := range []string{
		"DROP TABLE IF EXISTS " + s.d.qualify(s.ns, name),
		"DELETE FROM " + s.meta("tables") + " WHERE table_name = " + s.d.placeholder(1),
		"DELETE FROM " + s.meta("layouts") + " WHERE table_name = " + s.d.placeholder(1),
	} {
		var args []any
		if strings.Contains(q, "WHERE") {
			args = []any{name}
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return s.errorf("replacing %s: %w", name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, "CREATE TABLE "+s.d.qualify(s.ns, name)+" ("+strings.Join(cols, ", ")+")"); err != nil {
		return s.errorf("creating %s: %w", name, err)
	}
	for _, col := range indexes {
		q := "CREATE INDEX " + s.d.index(s.ns, name, col) + " ON " + s.d.qualify(s.ns, name) + " (" + quoteIdent(col) + ")"
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return s.errorf("indexing %s.%s: %w", name, col, err)
		}
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO "+s.meta("layouts")+" (table_name, signature) VALUES ("+s.params(1, 2)+")", name, sig); err != nil {
		return s.errorf("recording the layout of %s: %w", name, err)
	}
	return nil
}
