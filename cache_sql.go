package saasapi

import (
	"context"
	"database/sql/driver"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/saasapi/saasapi/cache"
	"github.com/saasapi/saasapi/planner"
)

// The cache statements (docs/cache.md), recognized before the SQL parser:
//
//	CLEAR CACHE [table]            drop the copy of a table, or of all
//	REFRESH CACHE [table] [FULL]   refresh now, reconciling deletions
var (
	reClearCache   = regexp.MustCompile("(?is)^\\s*clear\\s+cache(?:\\s+`?([A-Za-z_][A-Za-z0-9_]*)`?)?\\s*;?\\s*$")
	reRefreshCache = regexp.MustCompile("(?is)^\\s*refresh\\s+cache(?:\\s+`?([A-Za-z_][A-Za-z0-9_]*)`?)?(\\s+full)?\\s*;?\\s*$")
)

// cacheStatement is a parsed cache statement.
type cacheStatement struct {
	refresh bool
	table   string
	full    bool
}

func parseCacheStatement(query string) (cacheStatement, bool) {
	if m := reClearCache.FindStringSubmatch(query); m != nil {
		return cacheStatement{table: m[1]}, true
	}
	if m := reRefreshCache.FindStringSubmatch(query); m != nil {
		st := cacheStatement{refresh: true, table: m[1], full: m[2] != ""}
		if strings.EqualFold(st.table, "full") && !st.full {
			st.table, st.full = "", true
		}
		return st, true
	}
	return cacheStatement{}, false
}

// runCacheStatement clears or refreshes the cache; its rows say what was
// done, one per table.
func (cn *conn) runCacheStatement(ctx context.Context, st cacheStatement, args []driver.NamedValue) (*valueRows, error) {
	if len(args) > 0 {
		return nil, fmt.Errorf("saasapi: %w: CLEAR CACHE and REFRESH CACHE take no arguments", planner.ErrArgument)
	}
	p := cn.c.provider
	name := st.table
	if name != "" {
		t, ok := p.Table(name)
		if !ok {
			_, err := planner.Plan(p, "SELECT * FROM `"+name+"`", nil)
			if err == nil {
				err = fmt.Errorf("unknown table %q", name)
			}
			return nil, fmt.Errorf("saasapi: %w", err)
		}
		name = t.Name
	}
	store, err := cn.c.cache.open(ctx)
	if err != nil {
		return nil, err
	}
	if !st.refresh {
		cleared, err := store.Clear(ctx, name)
		if err != nil {
			return nil, fmt.Errorf("saasapi: %w", err)
		}
		slices.Sort(cleared)
		out := &valueRows{cols: []string{"table_name"}}
		for _, n := range cleared {
			out.rows = append(out.rows, []driver.Value{n})
		}
		return out, nil
	}
	if cn.c.cache.offline {
		return nil, fmt.Errorf("saasapi: %w: REFRESH CACHE sends requests, and Offline=true sends none", planner.ErrUnsupported)
	}
	var names []string
	if name != "" {
		names = []string{name}
	} else {
		snap, err := store.Snapshot(ctx)
		if err != nil {
			return nil, fmt.Errorf("saasapi: %w", err)
		}
		for n := range snap.Tables {
			names = append(names, n)
		}
		slices.Sort(names)
	}
	out := &valueRows{cols: []string{"table_name", "refresh", "fetched", "deleted", "rows", "requests"}}
	for _, n := range names {
		t, ok := p.Table(n)
		if !ok {
			continue // a table the profile no longer has
		}
		res, err := store.Refresh(ctx, t, liveSource{cn.c}, cache.RefreshOptions{Full: st.full, Reconcile: true})
		if err != nil {
			return nil, wrap(err)
		}
		mode := "incremental"
		if res.Full {
			mode = "full"
		}
		out.rows = append(out.rows, []driver.Value{t.Name, mode, res.Fetched, res.Deleted, res.Rows, int64(res.Requests)})
	}
	return out, nil
}

// valueRows are fixed rows.
type valueRows struct {
	cols []string
	rows [][]driver.Value
	i    int
}

func (r *valueRows) Columns() []string { return r.cols }
func (r *valueRows) Close() error      { return nil }

func (r *valueRows) Next(dest []driver.Value) error {
	if r.i >= len(r.rows) {
		return io.EOF
	}
	copy(dest, r.rows[r.i])
	r.i++
	return nil
}
