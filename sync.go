package saasapi

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/saasapi/saasapi/cache"
	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/schema"
)

// SyncOptions tell Connector.Sync what to copy and where.
type SyncOptions struct {
	// Tables are the tables to copy; empty means every table that can
	// be (reports, whose rows depend on WHERE, are skipped).
	Tables []string
	// To is where the copies go: an SQLite file, or a PostgreSQL URL
	// (postgres://…; one schema per account). Empty means the
	// connector's cache (CacheConnection, CacheLocation or the default
	// file), which queries with AutoCache or Offline then read.
	To string
	// Full copies every table whole, whatever the API can list
	// incrementally (and so reconciles every deletion).
	Full bool
	// ReconcileEvery is how often a table's keys are listed to remove
	// the rows deleted in the API: when its last reconciliation is older.
	// 0 (the default) reconciles at every run; negative never (except
	// with Full).
	ReconcileEvery time.Duration
	// Progress, when set, is called as each table advances.
	Progress func(SyncProgress)
}

// SyncProgress reports the copy of one table under way.
type SyncProgress struct {
	// Table is the table being copied.
	Table string
	// Phase is "full", "incremental", "keys" (listing keys to reconcile
	// deletions) or "done".
	Phase string
	// Rows is how many rows (keys, in the keys phase) were listed so far.
	Rows int64
	// Expected is the table's row count at its last copy (0 when
	// unknown): the base of an estimate of the time left.
	Expected int64
	// Requests is how many requests were sent so far.
	Requests int
	// Waited is the time spent waiting for the API's rate limit.
	Waited time.Duration
	// Elapsed is the time since the table's copy began.
	Elapsed time.Duration
	// Done is the table's outcome, set once (Phase "done") when its copy
	// has committed.
	Done *SyncResult
}

// SyncResult says what Sync did to one table.
type SyncResult struct {
	// Table is the table.
	Table string
	// Skipped, when set, says why the table was not copied.
	Skipped string
	// Full is set when the table was copied whole; otherwise only the
	// rows changed since the last run were fetched.
	Full bool
	// Fetched is the number of rows the API listed; Deleted the rows
	// removed because the API no longer has them; Rows the copy's row
	// count afterwards.
	Fetched, Deleted, Rows int64
	// Requests is the number of requests sent; Waited the time spent
	// waiting for the rate limit; Elapsed the time the table took.
	Requests int
	Waited   time.Duration
	Elapsed  time.Duration
}

// SyncReport is the outcome of Connector.Sync.
type SyncReport struct {
	// Target describes where the copies are, without secrets.
	Target string
	// Namespace names the account: the PostgreSQL schema, or the account
	// the SQLite file holds ("harvest_123456").
	Namespace string
	// Tables are the results, in the order the tables were copied.
	Tables []SyncResult
}

// Sync copies tables of the connector's account into an SQLite file or
// a PostgreSQL database as ordinary tables (typed columns, primary keys,
// indexes on the columns the API filters by): whole the first time,
// incrementally afterwards where the API can list what changed. It is
// the cache's code, so the copies in the connector's own cache are the
// ones AutoCache queries read. One Sync per account and target runs at a
// time: a second one fails with ErrSyncLocked. Each table commits on its
// own, atomically; a failure stops the sync with the tables done so far
// in the report.
func (c *Connector) Sync(ctx context.Context, opt SyncOptions) (*SyncReport, error) {
	if c.refused != nil {
		return nil, c.refused
	}
	if c.cache.offline {
		return nil, fmt.Errorf("saasapi: %w: sync sends requests, and Offline=true sends none", planner.ErrUnsupported)
	}
	tables, skipped, err := c.syncTables(opt.Tables)
	if err != nil {
		return nil, err
	}
	to := opt.To
	if to == "" {
		if to, err = c.cache.where(); err != nil {
			return nil, err
		}
	}
	// The lock first: a second sync fails at once rather than wait.
	release, err := cache.LockSync(ctx, to, c.cache.ns)
	if err != nil {
		return nil, fmt.Errorf("saasapi: %w", err)
	}
	defer release()
	var store *cache.Store
	if opt.To == "" {
		if store, err = c.cache.open(ctx); err != nil {
			return nil, err
		}
	} else {
		if store, err = cache.Open(ctx, opt.To, c.cache.ns, c.provider.Name); err != nil {
			return nil, fmt.Errorf("saasapi: %w", err)
		}
		defer store.Close()
	}
	report := &SyncReport{Target: store.String(), Namespace: store.Namespace()}
	report.Tables = append(report.Tables, skipped...)
	for _, t := range tables {
		ro := cache.RefreshOptions{Full: opt.Full, ReconcileEvery: opt.ReconcileEvery}
		if opt.Progress != nil {
			ro.Progress = func(p cache.Progress) {
				if p.Phase != "done" {
					opt.Progress(SyncProgress{Table: p.Table, Phase: p.Phase, Rows: p.Rows, Expected: p.Expected,
						Requests: p.Requests, Waited: p.Waited, Elapsed: p.Elapsed})
				}
			}
		}
		res, err := store.Refresh(ctx, t, liveSource{c}, ro)
		if err != nil {
			return report, fmt.Errorf("saasapi: sync %s: %w", t.Name, unwrapSaasapi(err))
		}
		done := SyncResult{Table: t.Name, Full: res.Full, Fetched: res.Fetched, Deleted: res.Deleted,
			Rows: res.Rows, Requests: res.Requests, Waited: res.Waited, Elapsed: res.Elapsed}
		report.Tables = append(report.Tables, done)
		if opt.Progress != nil {
			opt.Progress(SyncProgress{Table: t.Name, Phase: "done", Rows: res.Fetched, Requests: res.Requests, Waited: res.Waited,
				Elapsed: res.Elapsed, Done: &done})
		}
	}
	return report, nil
}

// unwrapSaasapi drops a "saasapi: " prefix, for an error wrapped again.
func unwrapSaasapi(err error) error {
	if s := err.Error(); strings.HasPrefix(s, "saasapi: ") {
		return &prefixless{err}
	}
	return err
}

type prefixless struct{ error }

func (p *prefixless) Error() string { return strings.TrimPrefix(p.error.Error(), "saasapi: ") }
func (p *prefixless) Unwrap() error { return p.error }

// syncTables resolves the tables to copy: those named (each must exist
// and be replicable), or all that are, with the others reported skipped.
func (c *Connector) syncTables(names []string) ([]*schema.Table, []SyncResult, error) {
	var tables []*schema.Table
	var skipped []SyncResult
	if len(names) == 0 {
		for _, t := range c.provider.Tables {
			if _, err := cache.StrategyOf(t); err != nil {
				skipped = append(skipped, SyncResult{Table: t.Name, Skipped: strings.TrimPrefix(err.Error(), cache.ErrNotReplicable.Error()+": ")})
				continue
			}
			tables = append(tables, t)
		}
		return tables, skipped, nil
	}
	seen := map[string]bool{}
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		t, ok := c.provider.Table(n)
		if !ok {
			_, err := planner.Plan(c.provider, "SELECT * FROM `"+n+"`", nil)
			if err == nil {
				err = fmt.Errorf("unknown table %q", n)
			}
			return nil, nil, fmt.Errorf("saasapi: sync: %w", err)
		}
		if _, err := cache.StrategyOf(t); err != nil {
			return nil, nil, fmt.Errorf("saasapi: sync: %w", err)
		}
		if !seen[t.Name] {
			seen[t.Name] = true
			tables = append(tables, t)
		}
	}
	if len(tables) == 0 {
		return nil, nil, errors.New("saasapi: sync: no table named")
	}
	return tables, nil, nil
}
