//go:build sqlite_vtable && cgo

package sqlite

import (
	"context"
	"database/sql/driver"
	"time"

	"github.com/mattn/go-sqlite3"
	"github.com/saasapi/saasapi/schema"
	"github.com/saasapi/saasapi/sqlite/vtab"
)

// conn is a go-sqlite3 connection whose statements first hand their
// context to the virtual tables (vtab.Conn.SetContext), since SQLite calls
// xFilter without one. Every other method is go-sqlite3's.
type conn struct {
	*sqlite3.SQLiteConn
	st *vtab.Conn
	g  *guard
}

var (
	_ driver.QueryerContext     = (*conn)(nil)
	_ driver.ExecerContext      = (*conn)(nil)
	_ driver.ConnPrepareContext = (*conn)(nil)
	_ driver.ConnBeginTx        = (*conn)(nil)
	_ driver.Pinger             = (*conn)(nil)
	_ driver.NamedValueChecker  = (*conn)(nil)
	_ driver.StmtQueryContext   = (*stmt)(nil)
	_ driver.StmtExecContext    = (*stmt)(nil)
)

// QueryContext runs a query; its requests run under ctx.
func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (_ driver.Rows, err error) {
	c.g.start(query)
	defer c.g.catch(&err)
	c.st.SetContext(ctx)
	rs, err := c.SQLiteConn.QueryContext(ctx, query, args)
	if err = c.g.result(err); err != nil {
		if rs != nil {
			rs.Close()
		}
		return nil, err
	}
	return c.g.guarded(rs, query), nil
}

// ExecContext runs a statement; its requests run under ctx.
func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (_ driver.Result, err error) {
	c.g.start(query)
	defer c.g.catch(&err)
	c.st.SetContext(ctx)
	res, err := c.SQLiteConn.ExecContext(ctx, query, args)
	if err = c.g.result(err); err != nil {
		return nil, err
	}
	return res, nil
}

// Query runs a query without a context.
func (c *conn) Query(query string, args []driver.Value) (driver.Rows, error) {
	return c.QueryContext(context.Background(), query, named(args))
}

// Exec runs a statement without a context.
func (c *conn) Exec(query string, args []driver.Value) (driver.Result, error) {
	return c.ExecContext(context.Background(), query, named(args))
}

// PrepareContext prepares a statement whose executions pass their context
// to the virtual tables.
func (c *conn) PrepareContext(ctx context.Context, query string) (_ driver.Stmt, err error) {
	c.g.start(query)
	defer c.g.catch(&err)
	s, err := c.SQLiteConn.PrepareContext(ctx, query)
	if err = c.g.result(err); err != nil {
		if s != nil {
			s.Close()
		}
		return nil, err
	}
	return &stmt{SQLiteStmt: s.(*sqlite3.SQLiteStmt), st: c.st, g: c.g, query: query}, nil
}

// Prepare prepares a statement.
func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// CheckNamedValue binds a time.Time as the text the tables hold
// (vtab.FormatTime): UTC 'YYYY-MM-DD' at midnight, 'YYYY-MM-DD HH:MM:SS'
// (with its fraction, if any) otherwise. Other values take go-sqlite3's
// conversions.
func (c *conn) CheckNamedValue(nv *driver.NamedValue) error {
	if t, ok := nv.Value.(time.Time); ok {
		t = t.UTC()
		if h, m, sec := t.Clock(); h == 0 && m == 0 && sec == 0 && t.Nanosecond() == 0 {
			nv.Value = vtab.FormatTime(schema.TypeDate, t)
		} else {
			nv.Value = vtab.FormatTime(schema.TypeTimestamp, t)
		}
		return nil
	}
	return driver.ErrSkip
}

// stmt is a go-sqlite3 prepared statement that hands its context to the
// virtual tables before each execution.
type stmt struct {
	*sqlite3.SQLiteStmt
	st    *vtab.Conn
	g     *guard
	query string
}

// QueryContext runs the statement; its requests run under ctx.
func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (_ driver.Rows, err error) {
	s.g.start(s.query)
	defer s.g.catch(&err)
	s.st.SetContext(ctx)
	rs, err := s.SQLiteStmt.QueryContext(ctx, args)
	if err = s.g.result(err); err != nil {
		if rs != nil {
			rs.Close()
		}
		return nil, err
	}
	return s.g.guarded(rs, s.query), nil
}

// ExecContext runs the statement; its requests run under ctx.
func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (_ driver.Result, err error) {
	s.g.start(s.query)
	defer s.g.catch(&err)
	s.st.SetContext(ctx)
	res, err := s.SQLiteStmt.ExecContext(ctx, args)
	if err = s.g.result(err); err != nil {
		return nil, err
	}
	return res, nil
}

// Query runs the statement without a context.
func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), named(args))
}

// Exec runs the statement without a context.
func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), named(args))
}

func named(args []driver.Value) []driver.NamedValue {
	nv := make([]driver.NamedValue, len(args))
	for i, a := range args {
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return nv
}
