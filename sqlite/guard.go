//go:build sqlite_vtable && cgo

package sqlite

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"regexp"
	"sync"

	"github.com/mattn/go-sqlite3"
	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/schema"
)

// guard recovers the panics of one connection: in its virtual tables'
// callbacks, which SQLite calls from C (a Go panic must not unwind through
// SQLite's frames), and in the methods the program calls. SQLite keeps
// only the message of a callback's error, so the guard also keeps the
// error itself — of a panic (matching saasapi.ErrInternal) or of any
// callback that failed (a 401 matching saasapi.ErrUnauthorized, a
// missing key matching planner.ErrMissingKey…) — until the connection's
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
// matching go-sqlite3's sqlite3.Error); else err, with SQLite's refusal to
// write to a virtual table made saasapi's ErrReadOnly.
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
		return &callbackError{err: e, sqlite: err}
	}
	return g.readOnly(err)
}

// callbackError is the error of a statement that failed in a virtual
// table's callback: the callback's own error, whose message SQLite
// reported, and SQLite's error.
type callbackError struct {
	err    error
	sqlite error
}

// Error returns the callback's message.
func (e *callbackError) Error() string { return e.err.Error() }

// Unwrap returns the callback's error and SQLite's.
func (e *callbackError) Unwrap() []error { return []error{e.err, e.sqlite} }

// notModifiable is SQLite's error for a write to a table without xUpdate.
var notModifiable = regexp.MustCompile(`^table (\S+) may not be modified$`)

// readOnly turns SQLite's refusal to write to one of the provider's
// tables into an error matching saasapi.ErrReadOnly (and still SQLite's
// error), as the native driver refuses INSERT, UPDATE and DELETE.
func (g *guard) readOnly(err error) error {
	var se sqlite3.Error
	if g.provider == nil || !errors.As(err, &se) {
		return err
	}
	m := notModifiable.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	if _, ok := g.provider.Table(m[1]); !ok {
		return err
	}
	return &callbackError{sqlite: err, err: &planner.Error{Err: planner.ErrReadOnly, Table: m[1],
		Msg: fmt.Sprintf("saasapi: table %s is read-only: the API's tables take SELECT only, not INSERT, UPDATE or DELETE "+
			"(copy the rows into a TEMP table to change them)", m[1])}}
}

// rows are go-sqlite3's rows of one statement, read under the guard.
type rows struct {
	*sqlite3.SQLiteRows
	g     *guard
	query string
}

var _ driver.RowsColumnTypeDatabaseTypeName = (*rows)(nil)

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
