//go:build sqlite_vtable && cgo

package sqlite

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"sync"

	"github.com/mattn/go-sqlite3"
	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/schema"
)

// guard recovers the panics of one connection: in its virtual tables'
// callbacks, which SQLite calls from C (a Go panic must not unwind through
// SQLite's frames), and in the methods the program calls. SQLite keeps
// only the message of a callback's error, so the guard also keeps the
// error itself — of a panic (matching saasapi.ErrInternal) or of any
// callback that failed (a 401 matching saasapi.ErrUnauthorized, a
// report without its dates matching the planner's ErrMissingKey…) — until the connection's
// method that ran the statement returns it: the program gets the same
// sentinels through errors.Is as from the native driver.
type guard struct {
	base     *saasapi.Connector // nil while the connection string is read
	provider *schema.Provider   // the provider whose tables the connection has

	mu       sync.Mutex
	query    string // the statement being run
	err      error  // the error of a panic or callback during it
	panicked bool   // err is a recovered panic's
}

// catch, deferred by every callback and method, turns a panic into *err
// (when err is not nil) and keeps it for result.
func (g *guard) catch(err *error) {
	if r := recover(); r != nil {
		e := g.keep(r)
		if err != nil {
			*err = e
		}
	}
}

// keep turns the value of a recovered panic into an error matching
// saasapi.ErrInternal (base.Recovered redacts the connection's secrets and
// logs the stack: call keep from the deferred function that recovered) and
// keeps it for result.
func (g *guard) keep(r any) error {
	if g == nil {
		return (*saasapi.Connector)(nil).Recovered(r, "")
	}
	g.mu.Lock()
	base, query := g.base, g.query
	g.mu.Unlock()
	e := base.Recovered(r, query)
	g.mu.Lock()
	g.err, g.panicked = e, true
	g.mu.Unlock()
	return e
}

// failed keeps the error a callback returns to SQLite (which keeps only
// its message) for result, and returns it. A panic's error kept during
// the same call stays.
func (g *guard) failed(err error) error {
	if err == nil || g == nil {
		return err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.panicked {
		g.err = err
	}
	return err
}

// start begins a call of the program's that may run callbacks: query is
// the statement's text, for the error of a panic.
func (g *guard) start(query string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.query, g.err, g.panicked = query, nil, false
}

// result is the error a call of the program's returns: the error of a
// panic recovered during it, whatever SQLite made of it (an error with its
// message only, or the end of the rows after a panic in xEof); else, when
// the statement failed in a callback, that callback's error (still
// matching go-sqlite3's sqlite3.Error); else err, with the native
// driver's sentinel when it has one (see sentinel).
func (g *guard) result(err error) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	e, panicked := g.err, g.panicked
	g.err, g.panicked = nil, false
	switch {
	case panicked:
		return e
	case err == nil:
		return nil
	case e != nil:
		return &sqliteError{err: e, sqlite: err}
	}
	return g.sentinel(err)
}

// sqliteError is the error of a statement SQLite failed: saasapi's error
// (the error of the virtual table's callback that failed, whose message
// SQLite reported, or the native driver's sentinel for SQLite's own
// error) and SQLite's error itself.
type sqliteError struct {
	err    error
	sqlite error
}

// Error returns saasapi's message.
func (e *sqliteError) Error() string { return e.err.Error() }

// Unwrap returns saasapi's error and SQLite's.
func (e *sqliteError) Unwrap() []error { return []error{e.err, e.sqlite} }

// SQLite's own errors that have a sentinel in the native driver.
var (
	noSuchTable  = regexp.MustCompile(`^no such table: (\S+)$`)
	noSuchColumn = regexp.MustCompile(`^no such column: (\S+)$`)
	syntaxError  = regexp.MustCompile(`(^|: )syntax error$`)
)

// sentinel gives SQLite's own errors the native driver's sentinels: an
// unknown table matches saasapi.ErrUnknownTable (with the closest of the
// provider's names), an unknown column ErrUnknownColumn, a syntax error
// ErrSyntax. The error still matches go-sqlite3's sqlite3.Error.
func (g *guard) sentinel(err error) error {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return err
	}
	msg := err.Error()
	var pe *refusal
	switch {
	case noSuchTable.MatchString(msg):
		name := noSuchTable.FindStringSubmatch(msg)[1]
		if g.provider != nil {
			_, bare, _ := strings.Cut(name, ".")
			if bare == "" {
				bare = name
			}
			if s := schema.Suggest(bare, g.provider.TableNames()); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
		}
		pe = &refusal{sentinel: saasapi.ErrUnknownTable, msg: msg}
	case noSuchColumn.MatchString(msg):
		pe = &refusal{sentinel: saasapi.ErrUnknownColumn, msg: msg}
	case syntaxError.MatchString(msg):
		pe = &refusal{sentinel: saasapi.ErrSyntax, msg: msg}
	default:
		return err
	}
	return &sqliteError{err: pe, sqlite: err}
}

// refusal is saasapi's error for what SQLite itself refused: the native
// driver's sentinel for it, and a message.
type refusal struct {
	sentinel error
	msg      string
}

// Error returns the message.
func (e *refusal) Error() string { return e.msg }

// Unwrap returns the sentinel.
func (e *refusal) Unwrap() error { return e.sentinel }

// authorize is the connection's SQLite authorizer: it refuses, when a
// statement is prepared, an INSERT, UPDATE or DELETE on one of the
// provider's tables (go-sqlite3 gives every virtual table an xUpdate that
// fails per row, so a DELETE would first read the whole table through the
// API, and one that matched no row would succeed). The statement fails
// with an error matching saasapi.ErrReadOnly, as with the native driver.
func (g *guard) authorize(op int, table, _, db string) (rc int) {
	defer func() {
		if r := recover(); r != nil {
			g.keep(r)
			rc = sqlite3.SQLITE_DENY
		}
	}()
	switch op {
	case sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE:
	default:
		return sqlite3.SQLITE_OK
	}
	if !strings.EqualFold(db, "main") || g.provider == nil {
		return sqlite3.SQLITE_OK
	}
	t, ok := g.provider.Table(table)
	if !ok {
		return sqlite3.SQLITE_OK
	}
	g.failed(&refusal{sentinel: saasapi.ErrReadOnly,
		msg: fmt.Sprintf("saasapi: table %s is read-only: the API's tables take SELECT only, not INSERT, UPDATE or DELETE "+
			"(copy the rows into a TEMP table to change them)", t.Name)})
	return sqlite3.SQLITE_DENY
}

// rows are go-sqlite3's rows of one statement, read under the guard.
type rows struct {
	*sqlite3.SQLiteRows
	g     *guard
	query string
}

var (
	_ driver.RowsColumnTypeDatabaseTypeName = (*rows)(nil)
	_ driver.RowsColumnTypeScanType         = (*rows)(nil)
	_ driver.RowsColumnTypeNullable         = (*rows)(nil)
)

// ColumnTypeScanType returns the Go type to scan column i into: for a
// column of a saasapi table (declared with saasapi's type names), the
// sql.Null* type of the native driver's type; go-sqlite3's otherwise.
func (r *rows) ColumnTypeScanType(i int) reflect.Type {
	if t, err := schema.ParseType(r.SQLiteRows.ColumnTypeDatabaseTypeName(i)); err == nil {
		return t.NullScanType()
	}
	return r.SQLiteRows.ColumnTypeScanType(i)
}

// ColumnTypeNullable reports that whether column i may hold NULL is not
// known: SQLite does not say which table's column a result column is
// (go-sqlite3 reports every column nullable). PRAGMA table_info shows the
// NOT NULL columns of each table.
func (r *rows) ColumnTypeNullable(int) (nullable, ok bool) { return true, false }

// Next reads the next row; the virtual tables' callbacks run in it.
func (r *rows) Next(dest []driver.Value) (err error) {
	r.g.start(r.query)
	defer r.g.catch(&err)
	return r.g.result(r.SQLiteRows.Next(dest))
}

// Close finishes the statement.
func (r *rows) Close() (err error) {
	r.g.start(r.query)
	defer r.g.catch(&err)
	return r.g.result(r.SQLiteRows.Close())
}

// guarded wraps go-sqlite3's rows of query.
func (g *guard) guarded(rs driver.Rows, query string) driver.Rows {
	if sr, ok := rs.(*sqlite3.SQLiteRows); ok {
		return &rows{SQLiteRows: sr, g: g, query: query}
	}
	return rs
}
