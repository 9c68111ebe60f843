package cache_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/saasapi/saasapi/cache"
	"github.com/saasapi/saasapi/cache/pgtest"
	"github.com/saasapi/saasapi/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// items is a table with a column of every type, an incremental column and
// a filter to index.
var items = &schema.Table{
	Name: "items",
	Columns: []schema.Column{
		{Name: "id", Type: schema.TypeInteger, Key: true},
		{Name: "name", Type: schema.TypeText},
		{Name: "price", Type: schema.TypeReal},
		{Name: "active", Type: schema.TypeBoolean},
		{Name: "due", Type: schema.TypeDate},
		{Name: "updated_at", Type: schema.TypeTimestamp},
		{Name: "tags", Type: schema.TypeJSON},
		{Name: "project_id", Type: schema.TypeInteger},
	},
	Paths: []schema.AccessPath{{Name: "list", Path: "/items", Records: "items", Filters: []schema.Filter{
		{Column: "updated_at", Param: "updated_since", Ops: []schema.Op{schema.OpGE, schema.OpGT}, Format: schema.FormatDateTime},
		{Column: "project_id", Param: "project_id", Ops: []schema.Op{schema.OpEQ}, Exact: true},
	}}},
}

var base = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

func item(id int64, name string, updated time.Time) []driver.Value {
	return []driver.Value{id, name, float64(id) + 0.25, id%2 == 0, time.Date(2024, 1, int(id%28)+1, 0, 0, 0, 0, time.UTC),
		updated, fmt.Sprintf(`{"n":%d,"x":[1,2]}`, id), id % 3}
}

// fakeAPI is a Source over rows held in memory, counting its listings.
type fakeAPI struct {
	mu       sync.Mutex
	rows     map[int64][]driver.Value
	lists    atomic.Int64
	keys     atomic.Int64
	sinces   []time.Time
	failAt   int // fail the listing after this many rows (0: never)
	failErr  error
	delay    time.Duration
	started  chan struct{}
	returned atomic.Int64
}

func newFake(n int) *fakeAPI {
	f := &fakeAPI{rows: map[int64][]driver.Value{}}
	for i := int64(1); i <= int64(n); i++ {
		f.rows[i] = item(i, fmt.Sprintf("item %d", i), base.Add(time.Duration(i)*time.Minute+time.Duration(i)*time.Millisecond))
	}
	return f
}

func (f *fakeAPI) snapshot(since *cache.Since) [][]driver.Value {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ids []int64
	for id := range f.rows {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	var out [][]driver.Value
	for _, id := range ids {
		r := f.rows[id]
		if since != nil && r[5].(time.Time).Before(since.Time) {
			continue
		}
		out = append(out, append([]driver.Value(nil), r...))
	}
	return out
}

type sliceRows struct {
	rows   [][]driver.Value
	i      int
	f      *fakeAPI
	failAt int
}

func (r *sliceRows) Next() ([]driver.Value, error) {
	if r.failAt > 0 && r.i >= r.failAt {
		return nil, r.f.failErr
	}
	if r.i >= len(r.rows) {
		return nil, io.EOF
	}
	if r.f != nil && r.f.delay > 0 {
		time.Sleep(r.f.delay)
	}
	r.i++
	if r.f != nil {
		r.f.returned.Add(1)
	}
	return r.rows[r.i-1], nil
}

func (r *sliceRows) Close() error          { return nil }
func (r *sliceRows) Requests() int         { return 1 + r.i/100 }
func (r *sliceRows) Waited() time.Duration { return 0 }
func (f *fakeAPI) set(row []driver.Value)  { f.mu.Lock(); f.rows[row[0].(int64)] = row; f.mu.Unlock() }
func (f *fakeAPI) remove(id int64)         { f.mu.Lock(); delete(f.rows, id); f.mu.Unlock() }
func (f *fakeAPI) lastSince() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.sinces[len(f.sinces)-1]
}
func (f *fakeAPI) failAfter(n int, e error) { f.mu.Lock(); f.failAt, f.failErr = n, e; f.mu.Unlock() }

func (f *fakeAPI) List(_ context.Context, t *schema.Table, since *cache.Since) (cache.Rows, error) {
	f.lists.Add(1)
	if f.started != nil {
		select {
		case f.started <- struct{}{}:
		default:
		}
	}
	f.mu.Lock()
	if since != nil {
		f.sinces = append(f.sinces, since.Time)
	}
	failAt := f.failAt
	f.mu.Unlock()
	return &sliceRows{rows: f.snapshot(since), f: f, failAt: failAt}, nil
}

func (f *fakeAPI) Keys(_ context.Context, t *schema.Table, cols []string) (cache.Rows, error) {
	f.keys.Add(1)
	var out [][]driver.Value
	for _, r := range f.snapshot(nil) {
		k := make([]driver.Value, len(cols))
		for i, c := range cols {
			k[i] = r[t.Column(c)]
		}
		out = append(out, k)
	}
	return &sliceRows{rows: out}, nil
}

// backends opens a fresh store of each kind for a test.
func backends(t *testing.T) map[string]func(t *testing.T) *cache.Store {
	return map[string]func(t *testing.T) *cache.Store{
		"sqlite": func(t *testing.T) *cache.Store {
			if !cache.SQLiteAvailable() {
				t.Skip("no SQLite store in this build")
			}
			path := filepath.Join(t.TempDir(), "c.db")
			s, err := cache.Open(context.Background(), path, "test_acct", "test")
			require.NoError(t, err)
			t.Cleanup(func() { s.Close() })
			return s
		},
		"postgres": func(t *testing.T) *cache.Store {
			u := pgtest.Database(t)
			s, err := cache.Open(context.Background(), u, "test_acct", "test")
			require.NoError(t, err)
			pgURLs.Store(s, u)
			t.Cleanup(func() { s.Close() })
			return s
		},
	}
}

func readAll(t *testing.T, s *cache.Store, tb *schema.Table) map[int64][]driver.Value {
	t.Helper()
	rows, err := s.Read(context.Background(), tb)
	require.NoError(t, err)
	defer rows.Close()
	out := map[int64][]driver.Value{}
	for {
		r, err := rows.Next()
		if err == io.EOF {
			return out
		}
		require.NoError(t, err)
		out[r[0].(int64)] = r
	}
}

func truth(f *fakeAPI) map[int64][]driver.Value {
	out := map[int64][]driver.Value{}
	for _, r := range f.snapshot(nil) {
		out[r[0].(int64)] = r
	}
	return out
}

func TestRefreshRoundTripsEveryType(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			f := newFake(250)
			f.set([]driver.Value{int64(9999), nil, nil, nil, nil, base.Add(-time.Hour), nil, nil}) // NULLs
			res, err := s.Refresh(context.Background(), items, f, cache.RefreshOptions{})
			require.NoError(t, err)
			assert.True(t, res.Full)
			assert.EqualValues(t, 251, res.Fetched)
			assert.EqualValues(t, 251, res.Rows)
			assert.Equal(t, truth(f), readAll(t, s, items), "every value reads back as the API gave it")
			st, ok, err := s.State(context.Background(), "items")
			require.NoError(t, err)
			require.True(t, ok)
			assert.EqualValues(t, 251, st.Rows)
			assert.Equal(t, cache.ModeUpdated, st.Mode)
			assert.Equal(t, base.Add(250*time.Minute+250*time.Millisecond), st.Watermark)
			assert.False(t, st.LastFull.IsZero())
			assert.Equal(t, st.LastFull, st.LastReconcile)
		})
	}
}

func TestIncrementalRefreshMergesByKeyAndReconciles(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ctx := context.Background()
			f := newFake(100)
			_, err := s.Refresh(ctx, items, f, cache.RefreshOptions{})
			require.NoError(t, err)
			wm := base.Add(100*time.Minute + 100*time.Millisecond)

			// An update, a new row, a deletion.
			f.set(item(7, "item seven, renamed", wm.Add(time.Hour)))
			f.set(item(101, "item 101", wm.Add(2*time.Hour)))
			f.remove(50)
			res, err := s.Refresh(ctx, items, f, cache.RefreshOptions{ReconcileEvery: -1})
			require.NoError(t, err)
			assert.False(t, res.Full)
			assert.Equal(t, wm.Add(-cache.Overlap), f.lastSince(), "from the watermark less the overlap")
			assert.Equal(t, wm.Add(-cache.Overlap), res.Since)
			// Rows updated in the overlap: items 96..100 (one minute apart) and the two changes.
			assert.EqualValues(t, 2+5, res.Fetched, "only the changed rows and the overlap")
			assert.False(t, res.Reconciled)
			got := readAll(t, s, items)
			assert.Equal(t, "item seven, renamed", got[7][1])
			assert.Contains(t, got, int64(101))
			assert.Contains(t, got, int64(50), "a deletion shows only at reconciliation")
			assert.EqualValues(t, 0, f.keys.Load())

			// Reconciliation on request lists the keys.
			res, err = s.Refresh(ctx, items, f, cache.RefreshOptions{Reconcile: true})
			require.NoError(t, err)
			assert.True(t, res.Reconciled)
			assert.EqualValues(t, 1, res.Deleted)
			assert.EqualValues(t, 1, f.keys.Load())
			assert.Equal(t, truth(f), readAll(t, s, items))
			assert.EqualValues(t, 100, res.Rows)

			// ReconcileEvery 0: every refresh reconciles.
			f.remove(8)
			res, err = s.Refresh(ctx, items, f, cache.RefreshOptions{ReconcileEvery: 0})
			require.NoError(t, err)
			assert.True(t, res.Reconciled)
			assert.Equal(t, truth(f), readAll(t, s, items))

			// Full on request.
			res, err = s.Refresh(ctx, items, f, cache.RefreshOptions{Full: true})
			require.NoError(t, err)
			assert.True(t, res.Full)
			assert.EqualValues(t, 99, res.Fetched)
		})
	}
}

// TestFailedRefreshKeepsThePreviousCopy: a refresh that fails at any row
// (an API error, a cancelled context) commits nothing.
func TestFailedRefreshKeepsThePreviousCopy(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ctx := context.Background()
			f := newFake(300)
			_, err := s.Refresh(ctx, items, f, cache.RefreshOptions{})
			require.NoError(t, err)
			before := readAll(t, s, items)
			stBefore, _, err := s.State(ctx, "items")
			require.NoError(t, err)
			boom := errors.New("injected API failure")
			for i := 0; i < 6; i++ {
				// Change the API, then fail the full and the incremental
				// refresh part-way.
				f.set(item(int64(1000+i), "new", base.Add(48*time.Hour+time.Duration(i)*time.Minute)))
				at := 1 + i*53%280 // somewhere in the whole listing
				if i%2 == 1 {
					at = 1 + i/2 // in the few changed rows
				}
				f.failAfter(at, boom)
				_, err := s.Refresh(ctx, items, f, cache.RefreshOptions{Full: i%2 == 0})
				require.ErrorIs(t, err, boom)
				assert.Equal(t, before, readAll(t, s, items), "the previous complete copy")
				st, _, err := s.State(ctx, "items")
				require.NoError(t, err)
				assert.Equal(t, stBefore, st)
			}
			// A cancelled context part-way.
			f.failAfter(0, nil)
			f.delay = time.Millisecond
			cctx, cancel := context.WithCancel(ctx)
			go func() {
				for f.returned.Load() < 20 {
					time.Sleep(time.Millisecond)
				}
				cancel()
			}()
			f.returned.Store(0)
			_, err = s.Refresh(cctx, items, &ctxSource{f}, cache.RefreshOptions{Full: true})
			require.ErrorIs(t, err, context.Canceled)
			assert.Equal(t, before, readAll(t, s, items))
			f.delay = 0
			// And then a refresh that succeeds sees everything.
			_, err = s.Refresh(ctx, items, f, cache.RefreshOptions{Reconcile: true})
			require.NoError(t, err)
			assert.Equal(t, truth(f), readAll(t, s, items))
		})
	}
}

// ctxSource fails its listing when the context ends.
type ctxSource struct{ f *fakeAPI }

func (c *ctxSource) List(ctx context.Context, t *schema.Table, since *cache.Since) (cache.Rows, error) {
	r, err := c.f.List(ctx, t, since)
	return &ctxRows{ctx: ctx, Rows: r}, err
}

func (c *ctxSource) Keys(ctx context.Context, t *schema.Table, cols []string) (cache.Rows, error) {
	return c.f.Keys(ctx, t, cols)
}

type ctxRows struct {
	ctx context.Context
	cache.Rows
}

func (r *ctxRows) Next() ([]driver.Value, error) {
	if err := r.ctx.Err(); err != nil {
		return nil, err
	}
	return r.Rows.Next()
}

// TestConcurrentRefreshesFetchOnce: two stores on one database (two
// processes sharing a cache) refresh a stale table at once; the second
// waits for the first and does not list again.
func TestConcurrentRefreshesFetchOnce(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			s1 := open(t)
			var s2 *cache.Store
			var err error
			if s1.Dialect() == "sqlite" {
				s2, err = cache.Open(context.Background(), s1.String(), "test_acct", "test")
			} else {
				s2, err = cache.Open(context.Background(), pgURL(t, s1), "test_acct", "test")
			}
			require.NoError(t, err)
			defer s2.Close()
			f := newFake(400)
			f.delay = 200 * time.Microsecond
			var wg sync.WaitGroup
			results := make([]cache.Result, 4)
			errs := make([]error, 4)
			for i := range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					s := s1
					if i%2 == 1 {
						s = s2
					}
					results[i], errs[i] = s.Refresh(context.Background(), items, f, cache.RefreshOptions{IfOlder: time.Hour})
				}()
			}
			wg.Wait()
			skipped := 0
			for i := range 4 {
				require.NoError(t, errs[i])
				if results[i].Skipped {
					skipped++
				}
			}
			assert.EqualValues(t, 1, f.lists.Load(), "one refresh's worth of listing")
			assert.Equal(t, 3, skipped)
			assert.Equal(t, truth(f), readAll(t, s2, items))
		})
	}
}

// pgURL recovers the URL the test database was opened with.
var pgURLs sync.Map

func pgURL(t *testing.T, s *cache.Store) string {
	u, ok := pgURLs.Load(s)
	require.True(t, ok)
	return u.(string)
}

func TestClearAndScopes(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ctx := context.Background()
			f := newFake(30)
			_, err := s.Refresh(ctx, items, f, cache.RefreshOptions{})
			require.NoError(t, err)
			scoped := f.snapshot(nil)[:4]
			require.NoError(t, s.KeepScope(ctx, items, "list project_id=1", scoped))
			require.NoError(t, s.KeepScope(ctx, items, "list project_id=1", scoped[:3]), "a listing replaces its earlier copy")
			snap, err := s.Snapshot(ctx)
			require.NoError(t, err)
			assert.EqualValues(t, 30, snap.Tables["items"].Rows)
			assert.EqualValues(t, 3, snap.Scopes["items"]["list project_id=1"].Rows)
			rows, err := s.ReadScope(ctx, items, "list project_id=1")
			require.NoError(t, err)
			var got [][]driver.Value
			for {
				r, err := rows.Next()
				if err == io.EOF {
					break
				}
				require.NoError(t, err)
				got = append(got, r)
			}
			rows.Close()
			assert.Equal(t, scoped[:3], got, "in the order the API gave them")

			cleared, err := s.Clear(ctx, "ITEMS")
			require.NoError(t, err)
			assert.Equal(t, []string{"items"}, cleared)
			snap, err = s.Snapshot(ctx)
			require.NoError(t, err)
			assert.Empty(t, snap.Tables)
			assert.Empty(t, snap.Scopes)
			_, ok, err := s.State(ctx, "items")
			require.NoError(t, err)
			assert.False(t, ok)
			// Refreshing again copies the whole table.
			res, err := s.Refresh(ctx, items, f, cache.RefreshOptions{})
			require.NoError(t, err)
			assert.True(t, res.Full)
		})
	}
}

func TestSyncLockIsExclusive(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			loc := s.String()
			if s.Dialect() == "postgres" {
				loc = pgURL(t, s)
			}
			ctx := context.Background()
			release, err := cache.LockSync(ctx, loc, "test_acct")
			require.NoError(t, err)
			_, err = cache.LockSync(ctx, loc, "test_acct")
			require.ErrorIs(t, err, cache.ErrLocked)
			assert.Contains(t, err.Error(), "test_acct")
			other, err := cache.LockSync(ctx, loc, "other_acct")
			if s.Dialect() == "postgres" {
				require.NoError(t, err, "another account syncs into the same database at the same time")
				other()
			} else {
				require.ErrorIs(t, err, cache.ErrLocked, "an SQLite file is written by one sync")
			}
			release()
			release2, err := cache.LockSync(ctx, loc, "test_acct")
			require.NoError(t, err, "free once released")
			release2()
		})
	}
}

func TestOneAccountPerSQLiteFile(t *testing.T) {
	if !cache.SQLiteAvailable() {
		t.Skip("no SQLite store in this build")
	}
	path := filepath.Join(t.TempDir(), "c.db")
	s, err := cache.Open(context.Background(), path, "harvest_1", "harvest")
	require.NoError(t, err)
	s.Close()
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm(), "the cache file is private")
	_, err = cache.Open(context.Background(), path, "harvest_2", "harvest")
	require.ErrorIs(t, err, cache.ErrOtherAccount)
	assert.Contains(t, err.Error(), "harvest_1")
}

func TestNamespace(t *testing.T) {
	assert.Equal(t, "harvest_123456", cache.Namespace("harvest", "123456"))
	assert.Equal(t, "aha_acme", cache.Namespace("aha", "acme"))
	a, b := cache.Namespace("aircall", "a-b"), cache.Namespace("aircall", "a_b")
	assert.NotEqual(t, a, b, "sanitizing keeps accounts apart")
	assert.Regexp(t, `^[a-z_][a-z0-9_]*$`, a)
	assert.LessOrEqual(t, len(cache.Namespace("x", string(make([]byte, 300)))), 63)
}

func TestStrategies(t *testing.T) {
	st, err := cache.StrategyOf(items)
	require.NoError(t, err)
	assert.Equal(t, cache.ModeUpdated, st.Mode)
	assert.Equal(t, "updated_at", st.Column)
	assert.Equal(t, []string{"id"}, st.Key)
	assert.Equal(t, []string{"updated_at", "project_id"}, st.Indexes)

	report := &schema.Table{Name: "r", Columns: []schema.Column{{Name: "from_date", Type: schema.TypeDate, Input: true}, {Name: "x", Key: true}},
		Paths: []schema.AccessPath{{Name: "r", Path: "/r", Records: "r", Filters: []schema.Filter{{Column: "from_date", Param: "from", Ops: []schema.Op{schema.OpEQ}, Required: true}}}}}
	_, err = cache.StrategyOf(report)
	assert.ErrorIs(t, err, cache.ErrNotReplicable)
	assert.ErrorContains(t, err, "from_date")
}
