package engine

import (
	"context"
	"database/sql/driver"
	"fmt"
	"io"
	"time"

	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/rest"
	"github.com/saasapi/saasapi/schema"
)

// Replicas reads the copies of tables kept in the cache, for the
// ReplicaScan nodes of a query planned with planner.PlanCached.
type Replicas interface {
	// Open returns the rows of the copy of t. With refresh set, it first
	// brings the copy up to date (copies the table whole when there is
	// none); a refresh another process made meanwhile counts.
	Open(ctx context.Context, t *schema.Table, refresh bool) (ReplicaRows, error)
	// OpenScope returns the rows of the copy of one narrowed listing.
	OpenScope(ctx context.Context, t *schema.Table, scope string) (ReplicaRows, error)
	// KeepScope stores the rows the API returned for a narrowed listing.
	KeepScope(ctx context.Context, t *schema.Table, scope string, rows [][]driver.Value) error
}

// ReplicaRows is a stream of the rows of a copy, one value per column of the
// table.
type ReplicaRows interface {
	// Next returns the next row, or io.EOF after the last.
	Next() ([]driver.Value, error)
	// Close releases the stream.
	Close() error
}

// MaxKept is the most rows of a narrowed listing kept in the cache; a
// longer listing is not kept.
const MaxKept = 100000

// replicaScan reads a table's copy, or the API keeping the listing.
func (x *executor) replicaScan(n *planner.ReplicaScan, en *env) (iter, error) {
	if x.replicas == nil {
		// Planned with a cache but run without one: read the API.
		if n.Live == nil {
			return nil, fmt.Errorf("%w: no cache to read %s from", ErrEval, n.Table.Name)
		}
		return x.open(n.Live, en)
	}
	switch {
	case n.Keep:
		s := n.Live.(*planner.Scan)
		raw, err := x.scanRows(s, en)
		if err != nil {
			return nil, err
		}
		return filtered(s.Filter, x.keep(n, raw), en), nil
	case n.Scope != "":
		rows, err := x.replicas.OpenScope(x.ctx, n.Table, n.Scope)
		if err != nil {
			return nil, err
		}
		return filtered(n.Filter, x.replicaRows(rows), en), nil
	}
	refresh := n.Fill || n.Replica.Stale && !n.Replica.Offline
	rows, err := x.replicas.Open(x.ctx, n.Table, refresh)
	if err != nil {
		return nil, err
	}
	return filtered(n.Filter, x.replicaRows(rows), en), nil
}

// keep passes the rows of a listing and, once it is read to the end,
// keeps them as the copy of the listing. A listing left unfinished (a
// LIMIT, an error) or longer than MaxKept is not kept; a failure to keep
// it does not fail the query.
func (x *executor) keep(n *planner.ReplicaScan, raw iter) iter {
	var kept [][]driver.Value
	over, done := false, false
	return func() ([]driver.Value, error) {
		row, err := raw()
		if err == io.EOF && !done {
			done = true
			if !over {
				_ = x.replicas.KeepScope(x.ctx, n.Table, n.Scope, kept)
			}
			kept = nil
		}
		if err != nil {
			return nil, err
		}
		if !over {
			if len(kept) >= MaxKept {
				over, kept = true, nil
			} else {
				kept = append(kept, append([]driver.Value(nil), row...))
			}
		}
		return row, nil
	}
}

// replicaRows yields the rows of a copy, closing the stream at its end,
// on an error, or when the query is closed early.
func (x *executor) replicaRows(rows ReplicaRows) iter {
	x.mu.Lock()
	x.cancels = append(x.cancels, func() { rows.Close() })
	x.mu.Unlock()
	closed := false
	return func() ([]driver.Value, error) {
		if closed {
			return nil, io.EOF
		}
		row, err := rows.Next()
		if err != nil {
			closed = true
			rows.Close()
		}
		return row, err
	}
}

// replicaLine is EXPLAIN's detail of a scan that uses the cache.
func replicaLine(c *rest.Client, r *planner.ReplicaScan) (string, error) {
	rep := r.Replica
	age := rep.Age.Round(time.Second)
	switch {
	case r.Keep:
		line, err := scanLine(c, r.Live.(*planner.Scan))
		if err != nil {
			return "", err
		}
		return "API: " + line + "; the listing is kept in the cache", nil
	case r.Scope != "":
		return fmt.Sprintf("cache: the copy of this listing, %s old (tolerance %s): no request", rep.Scopes[r.Scope].Round(time.Second), rep.Tolerance), nil
	case r.Fill:
		return "cache: not cached yet: the table is copied whole first (AutoCache), then read from the copy", nil
	case rep.Offline:
		return fmt.Sprintf("cache: copy of %s (Offline: read as it is, no request)", age), nil
	case rep.Stale:
		return fmt.Sprintf("cache: copy of %s, past the tolerance %s: refreshed first, %s", age, rep.Tolerance, rep.Refresh), nil
	}
	return fmt.Sprintf("cache: copy of %s, within the tolerance %s: no request", age, rep.Tolerance), nil
}
