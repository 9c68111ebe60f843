package saasapi

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"github.com/saasapi/saasapi/engine"
	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/rest"
)

// conn is one database/sql connection. It holds no network state of its
// own: every query goes through the connector's REST client.
type conn struct {
	c      *Connector
	closed bool
}

var (
	_ driver.Conn               = (*conn)(nil)
	_ driver.ConnPrepareContext = (*conn)(nil)
	_ driver.QueryerContext     = (*conn)(nil)
	_ driver.ExecerContext      = (*conn)(nil)
	_ driver.ConnBeginTx        = (*conn)(nil)
	_ driver.Pinger             = (*conn)(nil)
	_ driver.NamedValueChecker  = (*conn)(nil)
	_ driver.Validator          = (*conn)(nil)
)

// Prepare returns a statement; planning happens at execution, when the
// arguments are known.
func (cn *conn) Prepare(query string) (driver.Stmt, error) {
	return cn.PrepareContext(context.Background(), query)
}

// PrepareContext returns a statement for query.
func (cn *conn) PrepareContext(_ context.Context, query string) (_ driver.Stmt, err error) {
	defer cn.c.catch(&err, query)
	return &stmt{cn: cn, query: query}, nil
}

// Close marks the connection closed.
func (cn *conn) Close() error {
	cn.closed = true
	return nil
}

// IsValid reports whether the connection may be reused.
func (cn *conn) IsValid() bool { return !cn.closed }

// Begin starts a no-op read-only transaction.
func (cn *conn) Begin() (driver.Tx, error) {
	return cn.BeginTx(context.Background(), driver.TxOptions{})
}

// BeginTx starts a transaction that does nothing: saasapi is read-only, so
// there is nothing to commit or roll back. It exists so that tools which
// wrap queries in a transaction keep working.
func (cn *conn) BeginTx(context.Context, driver.TxOptions) (_ driver.Tx, err error) {
	defer cn.c.catch(&err, "")
	return tx{}, nil
}

type tx struct{}

func (tx) Commit() error   { return nil }
func (tx) Rollback() error { return nil }

// Ping checks the credentials with one small request: the first page, of
// one row, of the provider's first table.
func (cn *conn) Ping(ctx context.Context) (err error) {
	defer cn.c.catch(&err, "")
	if cn.c.cache.offline {
		return nil // Offline sends nothing
	}
	p := cn.c.provider
	t := p.Tables[0]
	for i := range t.Paths {
		a := &t.Paths[i]
		if len(a.Keys) > 0 {
			continue
		}
		pager, err := cn.c.client.Pages(&rest.Request{Table: t, Path: a, PageSize: 1})
		if err != nil {
			return err
		}
		_, err = pager.Next(ctx)
		return err
	}
	return nil
}

// CheckNamedValue accepts the argument types the planner binds and lets
// database/sql convert the rest (ints of every size, Valuers).
func (cn *conn) CheckNamedValue(nv *driver.NamedValue) (err error) {
	defer cn.c.catch(&err, "")
	switch v := nv.Value.(type) {
	case nil, int64, float64, bool, string, []byte:
		return nil
	case time.Time:
		nv.Value = v.UTC()
		return nil
	}
	return driver.ErrSkip
}

// ExecContext runs the cache statements (CLEAR CACHE, REFRESH CACHE) and
// refuses anything else: saasapi is read-only.
func (cn *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (_ driver.Result, err error) {
	defer cn.c.catch(&err, query)
	if st, ok := parseCacheStatement(query); ok {
		out, err := cn.runCacheStatement(ctx, st, args)
		if err != nil {
			return nil, err
		}
		return driver.RowsAffected(len(out.rows)), nil
	}
	return nil, fmt.Errorf("saasapi: %w: saasapi is read-only; use Query for SELECT", planner.ErrReadOnly)
}

// QueryContext plans and runs query. The context cancels every request the
// query sends, including those made while rows are read.
func (cn *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (_ driver.Rows, err error) {
	defer cn.c.catch(&err, query)
	if cn.closed {
		return nil, driver.ErrBadConn
	}
	if st, ok := parseCacheStatement(query); ok {
		return cn.runCacheStatement(ctx, st, args)
	}
	opt := engine.Options{MaxRows: cn.c.cfg.MaxRows, MaxRequests: cn.c.cfg.MaxRequests}
	var q *planner.Query
	if cn.c.cache.enabled() {
		if q, err = cn.c.cache.plan(ctx, query, args); err != nil {
			return nil, err
		}
		opt.Replicas = cn.c.cache
	} else if q, err = planner.PlanWith(cn.c.provider, query, args, cn.c.plan); err != nil {
		return nil, fmt.Errorf("saasapi: %w", err)
	}
	res, err := engine.Execute(ctx, cn.c.client, q, opt)
	if err != nil {
		return nil, wrap(err)
	}
	return &rows{res: res, c: cn.c, query: query}, nil
}

func wrap(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("saasapi: %w", err)
}

// stmt is a prepared statement: the query text, planned at each execution.
type stmt struct {
	cn    *conn
	query string
}

var (
	_ driver.StmtQueryContext = (*stmt)(nil)
	_ driver.StmtExecContext  = (*stmt)(nil)
)

// Close does nothing.
func (s *stmt) Close() error { return nil }

// NumInput returns -1: the planner checks the argument count.
func (s *stmt) NumInput() int { return -1 }

// Exec refuses: saasapi is read-only.
func (s *stmt) Exec([]driver.Value) (driver.Result, error) {
	return s.cn.ExecContext(context.Background(), s.query, nil)
}

// ExecContext refuses: saasapi is read-only.
func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.cn.ExecContext(ctx, s.query, args)
}

// Query runs the statement.
func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	named := make([]driver.NamedValue, len(args))
	for i, a := range args {
		named[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return s.cn.QueryContext(context.Background(), s.query, named)
}

// QueryContext runs the statement.
func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.cn.QueryContext(ctx, s.query, args)
}
