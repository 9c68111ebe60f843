package saasapi_test

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/cache/pgtest"
	"github.com/saasapi/saasapi/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// cachedRows renders every row of a query with full precision and its Go type,
// so that two sources compare equal only when they give the same values.
func cachedRows(t *testing.T, db *sql.DB, query string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(query, args...)
	require.NoError(t, err, query)
	defer rows.Close()
	cols, err := rows.Columns()
	require.NoError(t, err)
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, rows.Scan(ptrs...))
		parts := make([]string, len(vals))
		for i, v := range vals {
			switch x := v.(type) {
			case time.Time:
				parts[i] = "time:" + x.UTC().Format(time.RFC3339Nano)
			case float64:
				parts[i] = "float:" + strconv.FormatFloat(x, 'g', -1, 64)
			case []byte:
				parts[i] = "text:" + string(x)
			default:
				parts[i] = fmt.Sprintf("%T:%v", v, v)
			}
		}
		out = append(out, strings.Join(parts, "|"))
	}
	require.NoError(t, rows.Err(), query)
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// cached opens the sandbox's connection string with the cache in dir.
func cached(t *testing.T, srv *sandbox.Server, extra string) *sql.DB {
	t.Helper()
	db, err := sql.Open("saasapi", srv.DSN()+extra)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

// TestAutoCacheAnswersRepeatedQueries: with AutoCache, a table read whole
// is kept; the second identical query within the tolerance sends no
// request and gives the same rows as the API; past the tolerance, the
// refresh asks for what changed since (updated_since) and gets only that;
// offline, with the API gone, the cache answers.
func TestAutoCacheAnswersRepeatedQueries(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 500})
	require.NoError(t, err)
	defer srv.Close()
	file := filepath.Join(t.TempDir(), "cache.db")
	live := cached(t, srv, "")
	db := cached(t, srv, ";AutoCache=true;CacheLocation="+file)
	const query = "SELECT id, spent_date, hours, notes, updated_at, is_billed, billable_rate FROM time_entries WHERE hours > 2 ORDER BY id"

	want := cachedRows(t, live, query)
	srv.ResetRequests()
	first := cachedRows(t, db, query)
	assert.Equal(t, want, first)
	assert.EqualValues(t, 1, srv.Requests(), "the first query lists the table (one page of 2000)")
	st, err := os.Stat(file)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())

	srv.ResetRequests()
	second := cachedRows(t, db, query)
	assert.Equal(t, want, second)
	assert.EqualValues(t, 0, srv.Requests(), "the second identical query sends no request")
	// Other questions over the same table are answered from the copy too.
	const grouped = "SELECT project_id, COUNT(*), ROUND(SUM(hours), 2) FROM time_entries GROUP BY project_id ORDER BY project_id"
	wantGrouped := cachedRows(t, live, grouped)
	srv.ResetRequests()
	assert.Equal(t, wantGrouped, cachedRows(t, db, grouped))
	assert.Equal(t, cachedRows(t, db, "SELECT id FROM time_entries"), cachedRows(t, live, "SELECT id FROM time_entries"), "a copy reads back in the order the API listed it")
	srv.ResetRequests()
	assert.Len(t, cachedRows(t, db, "SELECT id FROM time_entries WHERE project_id = ? LIMIT 3", srv.Dataset().Projects[0].ID), 3)
	assert.EqualValues(t, 0, srv.Requests(), "a filtered query over a cached table sends nothing either")

	// The API changes: an entry is updated (with a newer updated_at) and
	// one is added.
	var changed, added int64
	require.NoError(t, srv.MutateHarvest(func(ds *sandbox.Dataset) {
		e := &ds.TimeEntries[10]
		e.Notes, e.Hours, e.UpdatedAt = "changed by the test", 7.5, "2025-07-02T09:00:00Z"
		changed = e.ID
		n := ds.TimeEntries[len(ds.TimeEntries)-1]
		n.ID, n.Notes, n.Hours, n.CreatedAt, n.UpdatedAt = n.ID+1000, "added by the test", 3.25, "2025-07-02T10:00:00Z", "2025-07-02T10:00:00Z"
		added = n.ID
		ds.TimeEntries = append(ds.TimeEntries, n)
	}))
	// Within the tolerance the copy answers (and does not see the change).
	srv.ResetRequests()
	assert.Equal(t, want, cachedRows(t, db, query))
	assert.EqualValues(t, 0, srv.Requests())

	// Past the tolerance (CacheTolerance=0): an incremental refresh.
	stale := cached(t, srv, ";AutoCache=true;CacheTolerance=0;CacheLocation="+file)
	var watermark time.Time
	require.NoError(t, stale.QueryRow("SELECT MAX(updated_at) FROM time_entries").Scan(&watermark))
	srv.ResetRequests()
	got := cachedRows(t, stale, query)
	log := srv.Log()
	assert.Equal(t, cachedRows(t, live, query), got, "the refreshed copy is the API's truth")
	require.Len(t, log, 1, "one request: the changes since the watermark")
	since, err := time.Parse(time.RFC3339, log[0].Query.Get("updated_since"))
	require.NoError(t, err, "the refresh sends updated_since: %v", log[0].Query)
	assert.True(t, since.Before(watermark) && since.After(watermark.Add(-time.Hour)), "updated_since %s is the watermark %s less a safety overlap", since, watermark)
	changedRows := 0
	for _, e := range srv.Dataset().TimeEntries {
		if u, _ := time.Parse(time.RFC3339, e.UpdatedAt); !u.Before(since) {
			changedRows++
		}
	}
	assert.Less(t, changedRows, 10, "the refresh fetched only the rows changed since (and the overlap)")
	assert.Contains(t, strings.Join(got, "\n"), "changed by the test")
	var n int
	require.NoError(t, stale.QueryRow("SELECT COUNT(*) FROM time_entries WHERE id IN (?, ?)", changed, added).Scan(&n))
	assert.Equal(t, 2, n)

	// sys_cache says what is cached, how old and how it refreshes.
	var rows int64
	var cachedFlag, fresh bool
	var refresh, source string
	require.NoError(t, db.QueryRow("SELECT cached, rows, fresh, refresh, source FROM sys_cache WHERE table_name = 'time_entries'").
		Scan(&cachedFlag, &rows, &fresh, &refresh, &source))
	assert.True(t, cachedFlag)
	assert.EqualValues(t, 501, rows)
	assert.True(t, fresh)
	assert.Contains(t, refresh, "updated_since")
	assert.Contains(t, source, file)
	require.NoError(t, db.QueryRow("SELECT cached FROM sys_cache WHERE table_name = 'roles'").Scan(&cachedFlag))
	assert.False(t, cachedFlag)

	// Offline, with the API gone, the copy answers; a table never cached
	// is an error naming it.
	srv.Close()
	offline := cached(t, srv, ";Offline=true;CacheLocation="+file)
	assert.Equal(t, got, cachedRows(t, offline, query))
	_, err = offline.Query("SELECT * FROM roles")
	require.ErrorIs(t, err, saasapi.ErrOffline)
	assert.Contains(t, err.Error(), "roles")
	require.NoError(t, offline.Ping(), "Offline sends nothing, not even a ping")
}

// TestExplainShowsWhereEachTableIsRead: EXPLAIN says for each scan
// whether it reads the cache (and how old the copy is) or the API.
func TestExplainShowsWhereEachTableIsRead(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 200})
	require.NoError(t, err)
	defer srv.Close()
	file := filepath.Join(t.TempDir(), "cache.db")
	db := cached(t, srv, ";AutoCache=true;CacheLocation="+file)

	planOn := func(db *sql.DB, q string) string {
		rows, err := db.Query("EXPLAIN " + q)
		require.NoError(t, err)
		defer rows.Close()
		var b strings.Builder
		for rows.Next() {
			var op, detail, est string
			require.NoError(t, rows.Scan(&op, &detail, &est))
			fmt.Fprintf(&b, "%s | %s | %s\n", op, detail, est)
		}
		require.NoError(t, rows.Err())
		return b.String()
	}
	plan := func(q string) string { return planOn(db, q) }
	p := plan("SELECT p.name FROM projects p JOIN clients c ON c.id = p.client_id")
	assert.Contains(t, p, "not cached yet: the table is copied whole first", p)
	srv.ResetRequests()
	cachedRows(t, db, "SELECT name FROM clients")
	cachedRows(t, db, "SELECT * FROM projects")
	p = plan("SELECT p.name FROM projects p JOIN clients c ON c.id = p.client_id WHERE c.is_active")
	assert.Regexp(t, regexp.MustCompile(`scan projects AS p \| cache: copy of \d+s, within the tolerance 10m0s: no request \| 0`), p)
	assert.Regexp(t, regexp.MustCompile(`scan clients AS c \| cache: copy of \d+s`), p)
	assert.Contains(t, p, "source | cache "+file)
	p = plan("SELECT * FROM time_entries LIMIT 5")
	assert.Contains(t, p, "source | API: read live, not kept in the cache", "a LIMIT reads one page live: cheaper than a copy")
	stale := cached(t, srv, ";AutoCache=true;CacheTolerance=0;CacheLocation="+file)
	p = planOn(stale, "SELECT * FROM clients")
	assert.Contains(t, p, "past the tolerance 0s: refreshed first, incremental (updated since) with updated_since | 1")
	assert.EqualValues(t, 2, srv.Requests(), "EXPLAIN sends nothing")
}

// TestNarrowedListingsAreKeptForThemselvesOnly: a listing narrowed by a
// filter the API applies is kept and answers the same question again; it
// does not make the table cached.
func TestNarrowedListingsAreKeptForThemselvesOnly(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 300})
	require.NoError(t, err)
	defer srv.Close()
	file := filepath.Join(t.TempDir(), "cache.db")
	live := cached(t, srv, "")
	db := cached(t, srv, ";AutoCache=true;CacheLocation="+file)
	project := srv.Dataset().Projects[1].ID
	other := srv.Dataset().Projects[2].ID
	const q = "SELECT id, hours, notes FROM time_entries WHERE project_id = ? AND hours > 1 ORDER BY id"
	want := cachedRows(t, live, q, project)
	srv.ResetRequests()
	assert.Equal(t, want, cachedRows(t, db, q, project))
	require.EqualValues(t, 1, srv.Requests())
	assert.Equal(t, strconv.FormatInt(project, 10), srv.Log()[0].Query.Get("project_id"), "the filter was sent")
	const q2 = "SELECT id FROM time_entries WHERE project_id = ? AND hours <= 1"
	want2 := cachedRows(t, live, q2, project)
	srv.ResetRequests()
	assert.Equal(t, want, cachedRows(t, db, q, project), "the kept listing answers")
	assert.Equal(t, want2, cachedRows(t, db, q2, project), "another residual filter over the same listing")
	assert.EqualValues(t, 0, srv.Requests())
	cachedRows(t, db, q, other)
	assert.EqualValues(t, 1, srv.Requests(), "another project is another listing")
	var cachedFlag bool
	var listings int64
	require.NoError(t, db.QueryRow("SELECT cached, listings FROM sys_cache WHERE table_name = 'time_entries'").Scan(&cachedFlag, &listings))
	assert.False(t, cachedFlag, "a narrowed listing does not make the table cached")
	assert.EqualValues(t, 2, listings)
}

// TestClearCache: CLEAR CACHE drops one table's copy or all, from SQL.
func TestClearCache(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 200})
	require.NoError(t, err)
	defer srv.Close()
	file := filepath.Join(t.TempDir(), "cache.db")
	db := cached(t, srv, ";AutoCache=true;CacheLocation="+file)
	cachedRows(t, db, "SELECT * FROM clients")
	cachedRows(t, db, "SELECT * FROM tasks")
	srv.ResetRequests()
	cachedRows(t, db, "SELECT * FROM clients")
	require.EqualValues(t, 0, srv.Requests())

	res, err := db.Exec("CLEAR CACHE clients")
	require.NoError(t, err)
	n, _ := res.RowsAffected()
	assert.EqualValues(t, 1, n)
	cachedRows(t, db, "SELECT * FROM clients")
	assert.EqualValues(t, 1, srv.Requests(), "cleared: read from the API again")
	srv.ResetRequests()
	cachedRows(t, db, "SELECT * FROM tasks")
	assert.EqualValues(t, 0, srv.Requests(), "the other table stays cached")

	got := cachedRows(t, db, "CLEAR CACHE")
	assert.Equal(t, []string{"string:clients", "string:tasks"}, got)
	cachedRows(t, db, "SELECT * FROM tasks")
	assert.EqualValues(t, 1, srv.Requests())

	_, err = db.Exec("CLEAR CACHE clints")
	require.ErrorIs(t, err, saasapi.ErrUnknownTable)
	assert.Contains(t, err.Error(), `did you mean "clients"`)

	// REFRESH CACHE reconciles on request.
	require.NoError(t, srv.MutateHarvest(func(ds *sandbox.Dataset) { ds.Tasks = ds.Tasks[1:] }))
	refreshed := cachedRows(t, db, "REFRESH CACHE tasks")
	require.Len(t, refreshed, 1)
	assert.Contains(t, refreshed[0], "int64:1|int64:7", "one row deleted, seven left")
}

// TestDifferentialOverAWarmCache runs the differential queries again with
// every table they read in the cache: the answers are SQLite's, as live,
// and no request is sent.
func TestDifferentialOverAWarmCache(t *testing.T) {
	live, srv := start(t, sandbox.Options{Rows: 600}, "")
	lite := loadSQLite(t, live)
	db := cached(t, srv, ";AutoCache=true;CacheLocation="+filepath.Join(t.TempDir(), "warm.db"))
	from := regexp.MustCompile("(?i)\\b(?:FROM|JOIN)\\s+`?([a-z_]+)`?")
	warmed := map[string]bool{}
	for _, c := range diffCases {
		for _, m := range from.FindAllStringSubmatch(c.sql, -1) {
			name := strings.ToLower(m[1])
			if warmed[name] || name == "dual" || strings.HasPrefix(name, "sys_") {
				continue
			}
			warmed[name] = true
			cachedRows(t, db, "SELECT * FROM "+name)
		}
	}
	require.NotEmpty(t, warmed)
	srv.ResetRequests()
	for i, c := range diffCases {
		t.Run(fmt.Sprintf("%03d", i), func(t *testing.T) {
			got, err := collect(t, db, c.sql, c.args)
			require.NoError(t, err, c.sql)
			want, err := collect(t, lite, c.sqlite(), c.args)
			require.NoError(t, err, c.sqlite())
			if strings.Contains(c.sql, "SEPARATOR '|'") {
				for i := range got {
					got[i] = strings.ReplaceAll(got[i], "|", ",")
					want[i] = strings.ReplaceAll(want[i], "|", ",")
				}
			}
			if !c.ordered {
				slices.Sort(got)
				slices.Sort(want)
			}
			assert.Equal(t, want, got, "over the cache: %s\nsqlite:  %s\n%s", c.sql, c.sqlite(), c.note)
		})
	}
	assert.EqualValues(t, 0, srv.Requests(), "every query answered from the warm cache")
}

// TestAutoCacheInPostgreSQL: CacheConnection keeps the cache in
// PostgreSQL, with the same behaviour as the file; its password appears
// nowhere.
func TestAutoCacheInPostgreSQL(t *testing.T) {
	pg := strings.Replace(pgtest.Database(t), "saasapi@", "saasapi:pg-pw-9931@", 1)
	srv, err := sandbox.Start(sandbox.Options{Rows: 300})
	require.NoError(t, err)
	defer srv.Close()
	live := cached(t, srv, "")
	db := cached(t, srv, ";AutoCache=true;CacheConnection='"+pg+"'")
	const query = "SELECT id, spent_date, hours, notes, updated_at, is_running FROM time_entries ORDER BY id"
	want := cachedRows(t, live, query)
	srv.ResetRequests()
	assert.Equal(t, want, cachedRows(t, db, query))
	assert.EqualValues(t, 1, srv.Requests())
	srv.ResetRequests()
	assert.Equal(t, want, cachedRows(t, db, query))
	assert.EqualValues(t, 0, srv.Requests(), "the second identical query sends nothing")

	require.NoError(t, srv.MutateHarvest(func(ds *sandbox.Dataset) {
		ds.TimeEntries[3].Notes, ds.TimeEntries[3].UpdatedAt = "changed in pg", "2025-07-09T00:00:00Z"
	}))
	stale := cached(t, srv, ";AutoCache=true;CacheTolerance=0;CacheConnection='"+pg+"'")
	srv.ResetRequests()
	got := cachedRows(t, stale, query)
	log := srv.Log()
	require.Len(t, log, 1)
	assert.NotEmpty(t, log[0].Query.Get("updated_since"))
	assert.Equal(t, cachedRows(t, live, query), got)

	var source string
	require.NoError(t, db.QueryRow("SELECT source FROM sys_cache WHERE table_name = 'time_entries'").Scan(&source))
	assert.Contains(t, source, "schema harvest_123456")
	assert.NotContains(t, source, "pg-pw-9931")
	rows, err := db.Query("EXPLAIN SELECT * FROM time_entries")
	require.NoError(t, err)
	for rows.Next() {
		var a, b, c string
		require.NoError(t, rows.Scan(&a, &b, &c))
		assert.NotContains(t, a+b+c, "pg-pw-9931")
	}
	rows.Close()

	srv.Close()
	offline := cached(t, srv, ";Offline=true;CacheConnection='"+pg+"'")
	assert.Equal(t, got, cachedRows(t, offline, query))
}

// TestNoSecretIsWrittenIntoTheCache: the cache file, its journal and the
// PostgreSQL metadata hold no credential of the connection string.
func TestNoSecretIsWrittenIntoTheCache(t *testing.T) {
	const token = "tok-SECRET-4471"
	srv, err := sandbox.Start(sandbox.Options{Provider: "aircall", Rows: 60, Token: token})
	require.NoError(t, err)
	defer srv.Close()
	dir := t.TempDir()
	file := filepath.Join(dir, "cache.db")
	db := cached(t, srv, ";AutoCache=true;CacheLocation="+file)
	cachedRows(t, db, "SELECT * FROM calls")
	cachedRows(t, db, "SELECT * FROM users WHERE id = ?", srv.AircallData().Users[0].ID)
	conn, err := saasapi.OpenConnector(srv.DSN() + ";CacheLocation=" + file)
	require.NoError(t, err)
	defer conn.Close()
	_, err = conn.Sync(t.Context(), saasapi.SyncOptions{Tables: []string{"teams", "tags"}})
	require.NoError(t, err)
	pg := pgtest.Database(t)
	rep, err := conn.Sync(t.Context(), saasapi.SyncOptions{To: pg, Tables: []string{"teams"}})
	require.NoError(t, err)

	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.NotEmpty(t, entries)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		assert.NotContains(t, string(b), token, "%s holds the token", e.Name())
	}
	meta, err := sql.Open("pgx", pg)
	require.NoError(t, err)
	defer meta.Close()
	for _, m := range []string{"account", "tables", "layouts"} {
		rows := tableRowsAny(t, meta, fmt.Sprintf(`SELECT * FROM "%s"."_saasapi_%s"`, rep.Namespace, m))
		assert.NotContains(t, strings.Join(rows, "\n"), token)
		assert.NotEmpty(t, rows)
	}
}

// tableRowsAny renders every row of a query as text.
func tableRowsAny(t *testing.T, db *sql.DB, query string) []string {
	t.Helper()
	rows, err := db.Query(query)
	require.NoError(t, err)
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, rows.Scan(ptrs...))
		out = append(out, fmt.Sprint(vals...))
	}
	require.NoError(t, rows.Err())
	return out
}

// TestAutoCacheWithTheOptimizer: the cache and the optimizer's passes
// together. Copying a table counts against MaxRequests, and a copy cut
// short by it is not kept; a table with a copy is read from it inside a
// decorrelated subquery (no request); without a copy, a decorrelated
// subquery's hashed listing is read live and not copied (it stands for a
// scan per outer row, which the cache never copied); scans sharing one
// request (a self-join) copy the table once and read the copy after.
func TestAutoCacheWithTheOptimizer(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 3000})
	require.NoError(t, err)
	defer srv.Close()
	live := cached(t, srv, ";Pagesize=50")
	file := filepath.Join(t.TempDir(), "cache.db")
	isCached := func(db *sql.DB, table string) bool {
		var c bool
		require.NoError(t, db.QueryRow("SELECT cached FROM sys_cache WHERE table_name = ?", table).Scan(&c))
		return c
	}

	// 60 pages of time entries, a budget of 30: the copy stops there.
	budgeted := cached(t, srv, ";Pagesize=50;MaxRequests=30;AutoCache=true;CacheLocation="+file)
	srv.ResetRequests()
	_, err = collect(t, budgeted, "SELECT id FROM time_entries", nil)
	require.ErrorIs(t, err, saasapi.ErrTooManyRequests)
	assert.LessOrEqual(t, srv.Requests(), int64(30), "no request past the budget, copying included")
	assert.False(t, isCached(budgeted, "time_entries"), "a copy cut short is not kept")

	// A decorrelated subquery over a table with no copy: its listing is
	// read once, live, and not copied; the projects, read whole, are.
	const corr = "SELECT p.id, (SELECT COUNT(*) FROM time_entries t WHERE t.project_id = p.id) FROM projects p ORDER BY p.id"
	want := cachedRows(t, live, corr)
	db := cached(t, srv, ";Pagesize=50;AutoCache=true;CacheLocation="+file)
	assert.Contains(t, strings.Join(cachedRows(t, db, "EXPLAIN "+corr), "\n"), "decorrelated", "the subquery's listing is read once")
	assert.Equal(t, want, cachedRows(t, db, corr))
	assert.True(t, isCached(db, "projects"))
	assert.False(t, isCached(db, "time_entries"))

	// Once time_entries has a copy, the subquery reads it: no request.
	require.Len(t, queryInts(t, db, "SELECT id FROM time_entries"), 3000)
	require.True(t, isCached(db, "time_entries"))
	srv.ResetRequests()
	assert.Equal(t, want, cachedRows(t, db, corr))
	assert.EqualValues(t, 0, srv.Requests(), "both tables from their copies")

	// A self-join shares one listing of its table; with AutoCache it is
	// copied, and read from the copy the next time.
	const self = "SELECT a.id, b.id FROM clients a JOIN clients b ON a.currency = b.currency AND a.id < b.id ORDER BY a.id, b.id"
	wantSelf := cachedRows(t, live, self)
	require.NotEmpty(t, wantSelf)
	require.Contains(t, strings.Join(cachedRows(t, live, "EXPLAIN "+self), "\n"), "shared", "without the cache the two scans share one listing")
	srv.ResetRequests()
	assert.Equal(t, wantSelf, cachedRows(t, db, self))
	assert.EqualValues(t, 1, srv.Requests(), "the 40 clients copied once, for both scans")
	assert.True(t, isCached(db, "clients"))
	srv.ResetRequests()
	assert.Equal(t, wantSelf, cachedRows(t, db, self))
	assert.EqualValues(t, 0, srv.Requests())
}
