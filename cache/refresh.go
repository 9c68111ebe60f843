package cache

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/saasapi/saasapi/schema"
)

// Source lists a table's rows from the API.
type Source interface {
	// List returns every row of t or, with since set, at least the rows
	// whose column since.Column is at or after since.Time.
	List(ctx context.Context, t *schema.Table, since *Since) (Rows, error)
	// Keys returns the values of the columns named (the replica's key) of
	// every row of t: a listing of the keys, to reconcile deletions.
	Keys(ctx context.Context, t *schema.Table, columns []string) (Rows, error)
}

// Since bounds an incremental listing.
type Since struct {
	// Column is the TIMESTAMP column ("updated_at").
	Column string
	// Time is the lower bound, inclusive.
	Time time.Time
}

// Counter is implemented by Rows that know how many requests they sent
// and how long they waited for the API's rate limit.
type Counter interface {
	Requests() int
	Waited() time.Duration
}

// RefreshOptions tune a refresh.
type RefreshOptions struct {
	// IfOlder skips the refresh when the replica was brought up to date
	// less than IfOlder ago: checked once the table's lock is held, so
	// that a process that waited for another's refresh does not fetch
	// it again. 0 always refreshes.
	IfOlder time.Duration
	// Full copies the table whole, whatever the API can list.
	Full bool
	// ReconcileEvery is how often an incremental refresh also lists the
	// keys to remove the rows deleted in the API: when the last
	// reconciliation is older. 0 reconciles at every refresh; negative
	// never (except by a full copy).
	ReconcileEvery time.Duration
	// Reconcile reconciles deletions now.
	Reconcile bool
	// Progress, when set, is called as the refresh advances.
	Progress func(Progress)
}

// Progress reports a refresh under way.
type Progress struct {
	// Table is the table refreshed.
	Table string
	// Phase is "full", "incremental", "keys" or "done".
	Phase string
	// Rows is how many rows were listed so far (keys in the keys phase).
	Rows int64
	// Requests is how many requests were sent so far.
	Requests int
	// Waited is the time spent waiting for the API's rate limit.
	Waited time.Duration
	// Expected is the number of rows the table had at its last refresh
	// (0 when unknown): with Rows, an estimate of what is left.
	Expected int64
	// Elapsed is the time since the refresh began.
	Elapsed time.Duration
}

// Result says what a refresh did.
type Result struct {
	// Table is the table refreshed.
	Table string
	// Skipped is set when the replica was fresh (another process
	// refreshed it while this one waited for the lock).
	Skipped bool
	// Full is set when the table was copied whole.
	Full bool
	// Since is the lower bound of an incremental refresh.
	Since time.Time
	// Fetched is the number of rows the API listed.
	Fetched int64
	// Reconciled is set when the keys were listed; Deleted counts the
	// rows that were no longer in the API.
	Reconciled bool
	Deleted    int64
	// Rows is the replica's row count afterwards.
	Rows int64
	// Requests is how many requests the refresh sent; Waited how long it
	// waited for the rate limit.
	Requests int
	Waited   time.Duration
	// Elapsed is the refresh's duration.
	Elapsed time.Duration
}

// Refresh brings the replica of t up to date from src in one
// transaction: a failure at any point (an API error, a cancelled context,
// a crash) leaves the previous complete copy as it was. Refreshes of one
// table are serialized across processes; opt.IfOlder lets the one that
// waited skip a refresh the other just made.
func (s *Store) Refresh(ctx context.Context, t *schema.Table, src Source, opt RefreshOptions) (Result, error) {
	strat, err := StrategyOf(t)
	if err != nil {
		return Result{Table: t.Name}, err
	}
	start := time.Now()
	res := Result{Table: t.Name}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return res, s.errorf("refreshing %s: %w", t.Name, err)
	}
	defer tx.Rollback()
	if err := s.d.lockTable(ctx, tx, s.ns, t.Name); err != nil {
		return res, s.errorf("locking %s: %w", t.Name, err)
	}
	st, found, err := s.stateTx(ctx, tx, t.Name)
	if err != nil {
		return res, err
	}
	if found && opt.IfOlder > 0 && !opt.Full && !opt.Reconcile && time.Since(st.Refreshed()) < opt.IfOlder {
		res.Skipped, res.Rows = true, st.Rows
		return res, nil
	}
	if err := s.ensure(ctx, tx, t.Name, signature(t, strat.Key), s.columns(t, strat.Key), strat.Indexes); err != nil {
		return res, err
	}
	if st, found, err = s.stateTx(ctx, tx, t.Name); err != nil { // a new layout has no state
		return res, err
	}
	due := opt.Reconcile || opt.ReconcileEvery >= 0 && start.Sub(st.LastReconcile) >= opt.ReconcileEvery
	res.Full = opt.Full || !found || strat.Mode == ModeFull || st.Watermark.IsZero() ||
		strat.Mode == ModeCreated && due // changes to old records show only in a whole listing
	w := s.newWriter(tx, s.d.qualify(s.ns, t.Name), quotedColumns(t), keyIndexes(t, strat.Key), strat.Key)
	report := func(phase string, n int64, c Counter) {
		if opt.Progress == nil {
			return
		}
		p := Progress{Table: t.Name, Phase: phase, Rows: n, Expected: st.Rows, Elapsed: time.Since(start)}
		if c != nil {
			p.Requests, p.Waited = res.Requests+c.Requests(), res.Waited+c.Waited()
		}
		opt.Progress(p)
	}
	var since *Since
	phase := "full"
	if res.Full {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+s.d.qualify(s.ns, t.Name)); err != nil {
			return res, s.errorf("refreshing %s: %w", t.Name, err)
		}
	} else {
		res.Since = st.Watermark.Add(-Overlap)
		since, phase = &Since{Column: strat.Column, Time: res.Since}, "incremental"
	}
	report(phase, 0, nil)
	rows, err := src.List(ctx, t, since)
	if err != nil {
		return res, err
	}
	err = s.copyRows(ctx, t, rows, w, &res.Fetched, func(n int64, c Counter) { report(phase, n, c) })
	res.addCounts(rows)
	if err != nil {
		return res, err
	}
	if res.Full {
		st.LastFull, st.LastReconcile = start, start
	} else {
		st.LastIncremental = start
		if due {
			if err := s.reconcile(ctx, tx, t, strat, src, &res, report); err != nil {
				return res, err
			}
			st.LastReconcile = start
		}
	}
	res.Reconciled = res.Reconciled || res.Full
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+s.d.qualify(s.ns, t.Name)).Scan(&st.Rows); err != nil {
		return res, s.errorf("counting %s: %w", t.Name, err)
	}
	st.Watermark = time.Time{}
	if strat.Mode != ModeFull {
		var wm any
		if err := tx.QueryRowContext(ctx, "SELECT MAX("+quoteIdent(strat.Column)+") FROM "+s.d.qualify(s.ns, t.Name)).Scan(&wm); err != nil {
			return res, s.errorf("reading the watermark of %s: %w", t.Name, err)
		}
		if v, err := fromDB(wm, schema.TypeTimestamp); err == nil && v != nil {
			st.Watermark = v.(time.Time)
		}
	}
	st.Table, st.Mode, st.Requests = t.Name, strat.Mode, res.Requests
	if err := s.saveState(ctx, tx, st); err != nil {
		return res, err
	}
	if err := tx.Commit(); err != nil {
		return res, s.errorf("committing %s: %w", t.Name, err)
	}
	res.Rows, res.Elapsed = st.Rows, time.Since(start)
	report("done", res.Fetched, nil)
	return res, nil
}

// addCounts adds the requests and waits of a listing to the result.
func (r *Result) addCounts(rows Rows) {
	if c, ok := rows.(Counter); ok {
		r.Requests += c.Requests()
		r.Waited += c.Waited()
	}
}

// copyRows writes every row of a listing (closing it).
func (s *Store) copyRows(ctx context.Context, t *schema.Table, rows Rows, w *writer, n *int64, report func(int64, Counter)) error {
	defer rows.Close()
	c, _ := rows.(Counter)
	last := time.Now()
	for {
		row, err := rows.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if len(row) != len(t.Columns) {
			return s.errorf("refreshing %s: a row of %d values for %d columns", t.Name, len(row), len(t.Columns))
		}
		for i, v := range row {
			if !checkValue(v, t.Columns[i].Type) {
				return s.errorf("refreshing %s: column %s holds %T, not %s", t.Name, t.Columns[i].Name, v, t.Columns[i].Type)
			}
		}
		if err := w.add(ctx, s.values(t, row), w.keyOf(row)); err != nil {
			return s.errorf("writing %s: %w", t.Name, err)
		}
		*n++
		if time.Since(last) > 200*time.Millisecond {
			report(*n, c)
			last = time.Now()
		}
	}
	if err := w.flush(ctx); err != nil {
		return s.errorf("writing %s: %w", t.Name, err)
	}
	report(*n, c)
	return nil
}

// reconcile lists the keys of t and deletes the rows of the replica whose
// key is no longer listed.
func (s *Store) reconcile(ctx context.Context, tx *sql.Tx, t *schema.Table, strat Strategy, src Source, res *Result, report func(string, int64, Counter)) error {
	keyTable := &schema.Table{Name: t.Name}
	for _, k := range strat.Key {
		keyTable.Columns = append(keyTable.Columns, t.Columns[t.Column(k)])
	}
	report("keys", 0, nil)
	listed, err := src.Keys(ctx, t, strat.Key)
	if err != nil {
		return err
	}
	live := map[string]bool{}
	n := int64(0)
	c, _ := listed.(Counter)
	err = func() error {
		defer listed.Close()
		for {
			row, err := listed.Next()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if len(row) != len(strat.Key) {
				return s.errorf("reconciling %s: a key of %d values for %d columns", t.Name, len(row), len(strat.Key))
			}
			live[keyString(row)] = true
			n++
			if n%1000 == 0 {
				report("keys", n, c)
			}
		}
	}()
	res.addCounts(listed)
	if err != nil {
		return err
	}
	res.Reconciled = true
	names := make([]string, len(strat.Key))
	conds := make([]string, len(strat.Key))
	for i, k := range strat.Key {
		names[i] = quoteIdent(k)
		conds[i] = quoteIdent(k) + " = " + s.d.placeholder(i+1)
	}
	stored, err := tx.QueryContext(ctx, "SELECT "+strings.Join(names, ", ")+" FROM "+s.d.qualify(s.ns, t.Name))
	if err != nil {
		return s.errorf("reconciling %s: %w", t.Name, err)
	}
	var gone [][]any
	dest := make([]any, len(strat.Key))
	ptrs := make([]any, len(dest))
	for stored.Next() {
		for i := range dest {
			dest[i] = nil
			ptrs[i] = &dest[i]
		}
		if err := stored.Scan(ptrs...); err != nil {
			stored.Close()
			return s.errorf("reconciling %s: %w", t.Name, err)
		}
		key := make([]driver.Value, len(dest))
		raw := make([]any, len(dest))
		for i, v := range dest {
			if key[i], err = fromDB(v, keyTable.Columns[i].Type); err != nil {
				stored.Close()
				return s.errorf("reconciling %s: %w", t.Name, err)
			}
			raw[i] = v
		}
		if !live[keyString(key)] {
			gone = append(gone, raw)
		}
	}
	if err := closeRows(stored); err != nil {
		return s.errorf("reconciling %s: %w", t.Name, err)
	}
	for _, k := range gone {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+s.d.qualify(s.ns, t.Name)+" WHERE "+strings.Join(conds, " AND "), k...); err != nil {
			return s.errorf("reconciling %s: %w", t.Name, err)
		}
	}
	res.Deleted = int64(len(gone))
	return nil
}

// stateTx reads a table's metadata inside a transaction.
func (s *Store) stateTx(ctx context.Context, tx *sql.Tx, table string) (State, bool, error) {
	st, err := scanState(tx.QueryRowContext(ctx, "SELECT table_name, rows, last_full, last_incremental, last_reconcile, watermark, mode, requests FROM "+
		s.meta("tables")+" WHERE table_name = "+s.d.placeholder(1), table))
	if errors.Is(err, sql.ErrNoRows) {
		return State{}, false, nil
	}
	if err != nil {
		return State{}, false, s.errorf("reading the metadata of %s: %w", table, err)
	}
	return st, true, nil
}

// saveState writes a table's metadata inside a transaction.
func (s *Store) saveState(ctx context.Context, tx *sql.Tx, st State) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM "+s.meta("tables")+" WHERE table_name = "+s.d.placeholder(1), st.Table); err != nil {
		return s.errorf("recording %s: %w", st.Table, err)
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO "+s.meta("tables")+
		" (table_name, rows, last_full, last_incremental, last_reconcile, watermark, mode, requests) VALUES ("+s.params(1, 8)+")",
		st.Table, st.Rows, stamp(st.LastFull), stamp(st.LastIncremental), stamp(st.LastReconcile), stamp(st.Watermark), int64(st.Mode), int64(st.Requests))
	if err != nil {
		return s.errorf("recording %s: %w", st.Table, err)
	}
	return nil
}

// columns are the column definitions of a replica, with its primary key.
func (s *Store) columns(t *schema.Table, key []string) []string {
	var out []string
	for _, c := range t.Columns {
		def := quoteIdent(c.Name) + " " + s.d.columnType(c.Type)
		out = append(out, def)
	}
	if len(key) > 0 {
		names := make([]string, len(key))
		for i, k := range key {
			names[i] = quoteIdent(k)
		}
		out = append(out, "PRIMARY KEY ("+strings.Join(names, ", ")+")")
	}
	return out
}

func quotedColumns(t *schema.Table) []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = quoteIdent(c.Name)
	}
	return out
}

func keyIndexes(t *schema.Table, key []string) []int {
	out := make([]int, len(key))
	for i, k := range key {
		out[i] = t.Column(k)
	}
	return out
}

// writer inserts rows in batches; with a key, a row replaces the stored
// row of the same key (merged by primary key).
type writer struct {
	s      *Store
	tx     *sql.Tx
	table  string   // qualified
	names  []string // quoted columns
	keyIdx []int
	key    []string
	batch  [][]any
	pos    map[string]int // key → index in batch
	per    int
}

func (s *Store) newWriter(tx *sql.Tx, table string, names []string, keyIdx []int, key []string) *writer {
	per := min(200, s.d.maxParams()/max(len(names), 1))
	return &writer{s: s, tx: tx, table: table, names: names, keyIdx: keyIdx, key: key, pos: map[string]int{}, per: max(per, 1)}
}

// keyOf is the key of a row ("" without a key).
func (w *writer) keyOf(row []driver.Value) string {
	if len(w.keyIdx) == 0 {
		return ""
	}
	k := make([]driver.Value, len(w.keyIdx))
	for i, c := range w.keyIdx {
		k[i] = row[c]
	}
	return keyString(k)
}

func (w *writer) add(ctx context.Context, vals []any, key string) error {
	if key != "" {
		if i, ok := w.pos[key]; ok {
			w.batch[i] = vals // one statement may not touch a row twice
			return nil
		}
		w.pos[key] = len(w.batch)
	}
	w.batch = append(w.batch, vals)
	if len(w.batch) >= w.per {
		return w.flush(ctx)
	}
	return nil
}

func (w *writer) flush(ctx context.Context) error {
	if len(w.batch) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString("INSERT INTO " + w.table + " (" + strings.Join(w.names, ", ") + ") VALUES ")
	args := make([]any, 0, len(w.batch)*len(w.names))
	n := 0
	for i, vals := range w.batch {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		for j := range vals {
			if j > 0 {
				b.WriteString(", ")
			}
			n++
			b.WriteString(w.s.d.placeholder(n))
		}
		b.WriteString(")")
		args = append(args, vals...)
	}
	if len(w.key) > 0 {
		keys := make([]string, len(w.key))
		for i, k := range w.key {
			keys[i] = quoteIdent(k)
		}
		var sets []string
		for _, name := range w.names {
			if !contains(keys, name) {
				sets = append(sets, name+" = excluded."+name)
			}
		}
		b.WriteString(" ON CONFLICT (" + strings.Join(keys, ", ") + ")")
		if len(sets) == 0 {
			b.WriteString(" DO NOTHING")
		} else {
			b.WriteString(" DO UPDATE SET " + strings.Join(sets, ", "))
		}
	}
	if _, err := w.tx.ExecContext(ctx, b.String(), args...); err != nil {
		return fmt.Errorf("%w", err)
	}
	w.batch = w.batch[:0]
	clear(w.pos)
	return nil
}
