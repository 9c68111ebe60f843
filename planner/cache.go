package planner

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/saasapi/saasapi/schema"
)

// ErrOffline is the error of a query over a table that has no copy in
// the cache when Offline=true forbids sending requests.
var ErrOffline = errors.New("not cached and offline")

// SysCache is the system table of the cache: one row per table, saying
// whether a copy exists, how old it is and how it is refreshed.
const SysCache = "sys_cache"

// Replica describes the local copy of a table (the cache) when a query is
// planned.
type Replica struct {
	// Cached is set when a complete copy of the table exists: the query
	// reads it instead of the API.
	Cached bool
	// Age is the copy's age; Stale is set when it is past Tolerance:
	// reading it refreshes it first (unless Offline).
	Age       time.Duration
	Stale     bool
	Tolerance time.Duration
	// Fill is set when a query that reads the table whole copies it
	// first and reads the copy (AutoCache), and when the listings of
	// narrowed scans are kept.
	Fill bool
	// Offline is set when only copies may answer: nothing is sent.
	Offline bool
	// Scopes are the narrowed listings kept and still within the
	// tolerance (or any age, Offline), by scope key (see ScopeKey), with
	// their ages.
	Scopes map[string]time.Duration
	// Refresh says how the copy is refreshed ("incremental (updated
	// since): updated_since"), for EXPLAIN and sys_cache.
	Refresh string
	// Source names where copies live, without secrets ("cache
	// /home/u/.cache/saasapi/harvest_1.db").
	Source string
	// Rows is the copy's row count; LastFull, LastIncremental and
	// LastReconcile when it was last copied whole, refreshed
	// incrementally, and had its deletions reconciled.
	Rows                                 int64
	LastFull, LastIncremental, LastRecon time.Time
	// Never, when set, says why the table is never cached (a report
	// whose rows depend on WHERE).
	Never string
}

// Replicas tells the planner which tables have a local copy.
type Replicas interface {
	// Replica describes the copy of t.
	Replica(t *schema.Table) Replica
}

// ReplicaScan reads a table from its local copy (the cache), or reads
// the API and keeps what it read.
type ReplicaScan struct {
	Table *schema.Table
	// Alias is the name the query uses for the table.
	Alias string
	// Filter is applied to every row of the copy: all the query's
	// conditions on the table (the residual filter of Live, for a
	// listing's copy).
	Filter Expr
	// Replica is the copy when the query was planned.
	Replica Replica
	// Scope, when set, names the copy of one narrowed listing (the rows
	// the API returned for Live's request); empty for the whole table.
	Scope string
	// Fill: the table has no copy yet; reading it copies it whole first.
	Fill bool
	// Keep: Live runs, and its rows are kept as the copy of the listing
	// Scope.
	Keep bool
	// Live is the plan that reads the API, as without the cache.
	Live Node
	Est  Estimate
	cols []Column
}

// Columns are the table's columns.
func (r *ReplicaScan) Columns() []Column { return r.cols }

// Estimate is the scan's.
func (r *ReplicaScan) Estimate() Estimate { return r.Est }

// replicaColumns are a table's columns under an alias.
func replicaColumns(t *schema.Table, alias string) []Column {
	cols := make([]Column, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = Column{Name: c.Name, Table: alias, Type: c.Type, Nullable: !c.Key}
	}
	return cols
}

// PlanCached is Plan for a connection with a cache: tables with a copy
// are read from it, and with AutoCache (Replica.Fill) the tables a query
// reads whole are copied first and narrowed listings are kept. With
// Offline, a table without a copy is an error naming it.
func PlanCached(cat Catalog, reps Replicas, sql string, args []driver.NamedValue) (*Query, error) {
	return PlanWith(cat, sql, args, Options{Replicas: reps})
}

// replica returns the copy of a leaf's table as its node when there is a
// complete one; nil otherwise.
func (o *optimizer) replica(l *leaf) Node {
	if o.opts.Replicas == nil {
		return nil
	}
	rep := o.opts.Replicas.Replica(l.table)
	if !rep.Cached {
		return nil
	}
	r := &ReplicaScan{Table: l.table, Alias: l.alias, Filter: andAll(l.conds), Replica: rep, cols: replicaColumns(l.table, l.alias)}
	r.Est = Estimate{Rows: float64(max(rep.Rows, 1))}
	if rep.Stale && !rep.Offline {
		r.Est.Requests = 1 // an incremental refresh
	}
	if r.Filter != nil {
		r.Est.Rows = max(1, r.Est.Rows/3)
	}
	return r
}

// useReplicas rewrites a plan for the cache: a scan that reads a table
// whole copies it first (AutoCache); a narrowed listing is read from its
// copy, or kept. With Offline, any scan left reading the API is an error.
// It runs after the optimizer's passes, on the scans they chose.
func (o *optimizer) useReplicas(n Node) (Node, error) {
	if o.opts.Replicas == nil {
		return n, nil
	}
	var err error
	var visit func(n Node, limited bool) Node
	exprs := func(es ...Expr) {
		for _, e := range es {
			Walk(e, func(x Expr) bool {
				if s, ok := x.(*Subquery); ok {
					s.Plan = visit(s.Plan, false)
				}
				return true
			})
		}
	}
	visit = func(n Node, limited bool) Node {
		switch x := n.(type) {
		case *Scan:
			out, e := o.scanReplica(x)
			if e != nil && err == nil {
				err = e
			}
			return out
		case *Project:
			if x.FanOut {
				out, e := o.fanOutReplica(x, x.fanOutConds, limited)
				if e != nil && err == nil {
					err = e
				}
				return out
			}
			exprs(x.Exprs...)
			x.Input = visit(x.Input, limited)
		case *Filter:
			exprs(x.Cond)
			x.Input = visit(x.Input, limited)
		case *Aggregate:
			exprs(x.GroupBy...)
			for _, a := range x.Aggs {
				exprs(a)
			}
			x.Input = visit(x.Input, false)
		case *Distinct:
			x.Input = visit(x.Input, false)
		case *Sort:
			for _, k := range x.Keys {
				exprs(k.Expr)
			}
			x.Input = visit(x.Input, false)
		case *Limit:
			x.Input = visit(x.Input, x.Limit >= 0)
		case *Join:
			exprs(x.Cond)
			exprs(x.LeftKeys...)
			exprs(x.RightKeys...)
			x.Left = visit(x.Left, limited)
			x.Right = visit(x.Right, false)
		case *Union:
			for i := range x.Inputs {
				x.Inputs[i] = visit(x.Inputs[i], limited)
			}
		case *Count:
			if o.opts.Replicas.Replica(x.Scan.Table).Offline && err == nil {
				err = offlineError(x.Scan.Table)
			}
		case *ReplicaScan:
			exprs(x.Filter)
		}
		return n
	}
	n = visit(n, false)
	return n, err
}

// scanReplica decides how a scan uses the cache.
func (o *optimizer) scanReplica(s *Scan) (Node, error) {
	if s.Empty {
		return s, nil
	}
	rep := o.opts.Replicas.Replica(s.Table)
	wrap := func(r *ReplicaScan) Node {
		r.Table, r.Alias, r.Replica, r.Live = s.Table, s.Alias, rep, s
		r.cols = s.cols
		r.Est = s.Est
		return r
	}
	// A partitioned scan (a decorrelated subquery's) reads its listing
	// once and hashes it: it stays live, as the per-row scan it replaces
	// would have.
	if !s.Cached && len(s.Partition) == 0 {
		whole := len(s.Keys) == 0 && len(s.Params) == 0 && !s.Path.Single()
		if key, ok := ScopeKey(s); ok && !whole {
			if _, fresh := rep.Scopes[key]; fresh {
				r := wrap(&ReplicaScan{Scope: key, Filter: s.Filter})
				r.(*ReplicaScan).Est.Requests = 0
				return r, nil
			}
			if rep.Fill && !rep.Offline && s.Need < 0 {
				return wrap(&ReplicaScan{Scope: key, Keep: true, Filter: s.Filter}), nil
			}
		}
		if whole && rep.Fill && !rep.Offline && s.Need < 0 {
			return wrap(&ReplicaScan{Fill: true, Filter: s.Filter}), nil
		}
	}
	if rep.Offline {
		return s, offlineError(s.Table)
	}
	return s, nil
}

// fanOutReplica copies a table read once per parent row whole, when the
// query reads it all.
func (o *optimizer) fanOutReplica(p *Project, conds []Expr, limited bool) (Node, error) {
	child := p.Input.(*Join).Right.(*Scan).Table
	rep := o.opts.Replicas.Replica(child)
	if rep.Offline {
		return p, offlineError(child)
	}
	if !rep.Fill || limited {
		return p, nil
	}
	r := &ReplicaScan{Table: child, Alias: p.Cols[0].Table, Filter: andAll(conds), Replica: rep, Fill: true, Live: p,
		Est: p.Estimate(), cols: p.Cols}
	return r, nil
}

// offlineError names a table that has no copy to answer from.
func offlineError(t *schema.Table) error {
	return &Error{Err: ErrOffline, Table: t.Name,
		Msg: fmt.Sprintf("table %s is not in the cache and Offline=true sends no request: run the query once with AutoCache=true and Offline=false, or saasapi sync", t.Name)}
}

// ScopeKey identifies the request of a scan whose keys and parameters are
// all known when planning: the access path, its keys, the query
// parameters and the attributes asked for. A listing kept in the cache
// answers later scans with the same key. ok is false when a value comes
// from an outer row.
func ScopeKey(s *Scan) (string, bool) {
	var parts []string
	for _, p := range append(append([]Param{}, s.Keys...), s.Params...) {
		c, ok := p.Value.(*Const)
		if !ok {
			return "", false
		}
		v, ok := FormatValue(c.Value, p.Format, p.Op)
		if !ok {
			return "", false
		}
		parts = append(parts, p.Name+"="+v)
	}
	slices.Sort(parts)
	if s.Path.Fields != "" && s.Used != nil {
		parts = append(parts, s.Path.Fields+"="+strings.Join(s.Fields(), ","))
	}
	return s.Path.Name + " " + s.Path.Path + "?" + strings.Join(parts, "&"), true
}

// sysCache returns the rows of sys_cache: every table of the catalog,
// with its copy's state.
func (b *binder) sysCache(name string) (*Values, bool) {
	if !strings.EqualFold(name, SysCache) {
		return nil, false
	}
	v := &Values{Name: SysCache, Cols: []Column{
		{Name: "table_name", Type: schema.TypeText},
		{Name: "cached", Type: schema.TypeBoolean},
		{Name: "rows", Type: schema.TypeInteger, Nullable: true},
		{Name: "last_full_refresh", Type: schema.TypeTimestamp, Nullable: true},
		{Name: "last_incremental_refresh", Type: schema.TypeTimestamp, Nullable: true},
		{Name: "last_reconcile", Type: schema.TypeTimestamp, Nullable: true},
		{Name: "age_seconds", Type: schema.TypeReal, Nullable: true},
		{Name: "tolerance_seconds", Type: schema.TypeInteger, Nullable: true},
		{Name: "fresh", Type: schema.TypeBoolean, Nullable: true},
		{Name: "listings", Type: schema.TypeInteger},
		{Name: "refresh", Type: schema.TypeText, Nullable: true},
		{Name: "source", Type: schema.TypeText},
	}}
	stamp := func(t time.Time) driver.Value {
		if t.IsZero() {
			return nil
		}
		return t.UTC()
	}
	for _, t := range tables(b.cat) {
		var rep Replica
		if b.replicas != nil {
			rep = b.replicas.Replica(t)
		}
		row := []driver.Value{t.Name, rep.Cached, nil, nil, nil, nil, nil, nil, nil, int64(len(rep.Scopes)), nil, "api"}
		if b.replicas != nil {
			row[7] = int64(rep.Tolerance / time.Second)
			row[10] = rep.Refresh
			if rep.Never != "" {
				row[10] = "never: " + rep.Never
			}
			if rep.Source != "" {
				row[11] = rep.Source
			}
		}
		if rep.Cached {
			row[2], row[3], row[4], row[5] = rep.Rows, stamp(rep.LastFull), stamp(rep.LastIncremental), stamp(rep.LastRecon)
			row[6] = rep.Age.Seconds()
			row[8] = !rep.Stale
		}
		v.Rows = append(v.Rows, row)
	}
	return v, true
}
