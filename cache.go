package saasapi

import (
	"context"
	"database/sql/driver"
	"fmt"
	"io"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/saasapi/saasapi/cache"
	"github.com/saasapi/saasapi/dsn"
	"github.com/saasapi/saasapi/engine"
	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/schema"
)

// cacheReconcileEvery is how often the cache lists a table's keys to
// drop the rows deleted in the API (docs/cache.md).
const cacheReconcileEvery = time.Hour

// connCache is a connector's cache: the store of its account, opened at
// the first query that needs it, and the live source that fills it.
type connCache struct {
	c         *Connector
	location  string // a file, or a PostgreSQL URL (with its password)
	ns        string
	auto      bool
	offline   bool
	tolerance time.Duration

	mu    sync.Mutex
	store *cache.Store
}

// newConnCache describes the cache of a connection string; nothing is
// opened yet.
func newConnCache(c *Connector, cfg *dsn.Config, p *schema.Provider, vals map[string]string) *connCache {
	cc := &connCache{c: c, auto: cfg.AutoCache, offline: cfg.Offline, tolerance: cfg.CacheTolerance,
		ns: cache.Namespace(p.Name, cacheAccount(cfg, vals))}
	switch {
	case cfg.CacheConnection != "":
		cc.location = cfg.CacheConnection
	case cfg.CacheLocation != "":
		cc.location = cfg.CacheLocation
	}
	return cc
}

// cacheAccount identifies the account of a connection string for its
// cache's name: Harvest's AccountId, Aha!'s Domain, Aircall's API ID (the
// User of Basic), else the host of BaseURL. Never a secret.
func cacheAccount(cfg *dsn.Config, vals map[string]string) string {
	for _, k := range []string{"AccountId", "Domain", "Subdomain"} {
		for name, v := range vals {
			if strings.EqualFold(name, k) && v != "" {
				return v
			}
		}
	}
	if cfg.User != "" {
		return cfg.User
	}
	if b := vals[baseURLSetting]; b != "" {
		if u, err := url.Parse(b); err == nil && u.Host != "" {
			return u.Host
		}
	}
	return ""
}

// enabled reports whether queries use the cache.
func (cc *connCache) enabled() bool { return cc.auto || cc.offline }

// where is the cache's location: CacheConnection, CacheLocation or the
// default file.
func (cc *connCache) where() (string, error) {
	if cc.location != "" {
		return cc.location, nil
	}
	loc, err := cache.DefaultLocation(cc.ns)
	if err != nil {
		return "", fmt.Errorf("saasapi: %w", err)
	}
	return loc, nil
}

// open opens the store, once it succeeds: a failure (a database down, a
// cancelled query) is tried again by the next query.
func (cc *connCache) open(ctx context.Context) (*cache.Store, error) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.store != nil {
		return cc.store, nil
	}
	loc, err := cc.where()
	if err != nil {
		return nil, err
	}
	store, err := cache.Open(ctx, loc, cc.ns, cc.c.provider.Name)
	if err != nil {
		return nil, fmt.Errorf("saasapi: %w", err)
	}
	cc.store = store
	return store, nil
}

// Close closes the store, if it was opened.
func (cc *connCache) Close() error {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.store != nil {
		err := cc.store.Close()
		cc.store = nil
		return err
	}
	return nil
}

// plan plans a query against the cache's current state.
func (cc *connCache) plan(ctx context.Context, query string, args []driver.NamedValue) (*planner.Query, error) {
	store, err := cc.open(ctx)
	if err != nil {
		return nil, err
	}
	snap, err := store.Snapshot(ctx)
	if err != nil {
		return nil, fmt.Errorf("saasapi: %w", err)
	}
	opts := cc.c.plan
	opts.Replicas = &replicas{cc: cc, snap: snap, now: time.Now(), source: "cache " + store.String()}
	q, err := planner.PlanWith(cc.c.provider, query, args, opts)
	if err != nil {
		return nil, fmt.Errorf("saasapi: %w", err)
	}
	return q, nil
}

// replicas is the cache's state when a query is planned.
type replicas struct {
	cc     *connCache
	snap   *cache.Snapshot
	now    time.Time
	source string
}

// Replica describes the copy of t for the planner.
func (r *replicas) Replica(t *schema.Table) planner.Replica {
	cc := r.cc
	rep := planner.Replica{Tolerance: cc.tolerance, Offline: cc.offline, Source: r.source}
	strat, err := cache.StrategyOf(t)
	if err != nil {
		rep.Never = strings.TrimPrefix(err.Error(), cache.ErrNotReplicable.Error()+": ")
		return rep
	}
	rep.Fill = cc.auto
	rep.Refresh = strat.Mode.String()
	if strat.Param != "" {
		rep.Refresh += " with " + strat.Param
	}
	if st, ok := r.snap.Tables[t.Name]; ok {
		rep.Cached, rep.Rows = true, st.Rows
		rep.Age = r.now.Sub(st.Refreshed())
		rep.Stale = rep.Age >= cc.tolerance
		rep.LastFull, rep.LastIncremental, rep.LastRecon = st.LastFull, st.LastIncremental, st.LastReconcile
	}
	for key, sc := range r.snap.Scopes[t.Name] {
		age := r.now.Sub(sc.Fetched)
		if age < cc.tolerance || cc.offline {
			if rep.Scopes == nil {
				rep.Scopes = map[string]time.Duration{}
			}
			rep.Scopes[key] = age
		}
	}
	return rep
}

// Open reads the copy of t, refreshing it first when asked (engine.Replicas).
func (cc *connCache) Open(ctx context.Context, t *schema.Table, refresh bool) (engine.ReplicaRows, error) {
	store, err := cc.open(ctx)
	if err != nil {
		return nil, err
	}
	if refresh && !cc.offline {
		_, err := store.Refresh(ctx, t, liveSource{cc.c}, cache.RefreshOptions{IfOlder: cc.tolerance, ReconcileEvery: cacheReconcileEvery})
		if err != nil {
			return nil, err
		}
	}
	return store.Read(ctx, t)
}

// OpenScope reads the copy of a narrowed listing (engine.Replicas).
func (cc *connCache) OpenScope(ctx context.Context, t *schema.Table, scope string) (engine.ReplicaRows, error) {
	store, err := cc.open(ctx)
	if err != nil {
		return nil, err
	}
	return store.ReadScope(ctx, t, scope)
}

// KeepScope keeps a narrowed listing (engine.Replicas).
func (cc *connCache) KeepScope(ctx context.Context, t *schema.Table, scope string, rows [][]driver.Value) error {
	store, err := cc.open(ctx)
	if err != nil {
		return err
	}
	return store.KeepScope(ctx, t, scope, rows)
}

// liveSource lists tables from the API through the planner and engine,
// as a query would: paging, windows, per-parent reads, retries, the rate
// limit.
type liveSource struct{ c *Connector }

// List runs SELECT * FROM t [WHERE column >= since].
func (l liveSource) List(ctx context.Context, t *schema.Table, since *cache.Since) (cache.Rows, error) {
	q := "SELECT * FROM `" + t.Name + "`"
	var args []driver.NamedValue
	if since != nil {
		q += " WHERE `" + since.Column + "` >= ?"
		args = []driver.NamedValue{{Ordinal: 1, Value: since.Time.UTC()}}
	}
	return l.run(ctx, q, args)
}

// Keys runs SELECT key columns FROM t.
func (l liveSource) Keys(ctx context.Context, t *schema.Table, columns []string) (cache.Rows, error) {
	return l.run(ctx, "SELECT `"+strings.Join(columns, "`, `")+"` FROM `"+t.Name+"`", nil)
}

func (l liveSource) run(ctx context.Context, query string, args []driver.NamedValue) (cache.Rows, error) {
	if l.c.refused != nil {
		return nil, l.c.refused
	}
	q, err := planner.Plan(l.c.provider, query, args)
	if err != nil {
		return nil, fmt.Errorf("saasapi: %w", err)
	}
	start := l.c.client.Waited()
	res, err := engine.Execute(ctx, l.c.client, q, engine.Options{})
	if err != nil {
		return nil, wrap(err)
	}
	return &liveRows{res: res, c: l.c, start: start}, nil
}

// liveRows are the rows of a live listing, counting its requests.
type liveRows struct {
	res   *engine.Result
	c     *Connector
	start time.Duration
}

func (r *liveRows) Next() ([]driver.Value, error) {
	row, err := r.res.Next()
	if err != nil && err != io.EOF {
		return nil, wrap(err)
	}
	return row, err
}

func (r *liveRows) Close() error          { return r.res.Close() }
func (r *liveRows) Requests() int         { return r.res.Requests() }
func (r *liveRows) Waited() time.Duration { return r.c.client.Waited() - r.start }
