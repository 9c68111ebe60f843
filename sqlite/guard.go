//go:build sqlite_vtable && cgo

package sqlite

import (
	"database/sql/driver"
	"sync"

	"github.com/mattn/go-sqlite3"
	"github.com/saasapi/saasapi"
)

// guard recovers the panics of one connection: in its virtual tables'
// callbacks, which SQLite calls from C (a Go panic must not unwind through
// SQLite's frames), and in the methods the program calls. SQLite keeps
// only the message of a callback's error, so the guard also keeps the
// error itself until the connection's method that ran the statement
// returns it: the program gets an error matching saasapi.ErrInternal.
type guard struct {
	base *saasapi.Connector // nil while the connection string is read

	mu    sync.Mutex
	query string // the statement being run
	err   error  // the error of a panic recovered during it
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
	g.err = e
	g.mu.Unlock()
	return e
}

// start begins a call of the program's that may run callbacks: query is
// the statement's text, for the error of a panic.
func (g *guard) start(query string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.query, g.err = query, nil
}

// result is the error a call of the program's returns: the error of a
// panic recovered during it, whatever SQLite made of it (an error with its
// message only, or the end of the rows after a panic in xEof), or else
// err.
func (g *guard) result(err error) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if e := g.err; e != nil {
		g.err = nil
		return e
	}
	return err
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
