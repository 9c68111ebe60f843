//go:build sqlite_vtable && cgo

package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/dsn"
	"github.com/saasapi/saasapi/sandbox"
	"github.com/saasapi/saasapi/sqlite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// start runs a Harvest sandbox and opens it through saasapi-sqlite.
func start(t *testing.T, opts sandbox.Options) (*sandbox.Server, *sql.DB) {
	t.Helper()
	srv, err := sandbox.Start(opts)
	require.NoError(t, err)
	t.Cleanup(func() { srv.Close() })
	db, err := sql.Open(sqlite.DriverName, srv.DSN())
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return srv, db
}

// result reads rows as text, one string per row: dates and timestamps
// as SQLite writes them, booleans as 0 and 1, reals with 6 decimals.
func result(t *testing.T, rows *sql.Rows) []string {
	t.Helper()
	defer rows.Close()
	types, err := rows.ColumnTypes()
	require.NoError(t, err)
	var out []string
	for rows.Next() {
		vals := make([]any, len(types))
		ptrs := make([]any, len(types))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, rows.Scan(ptrs...))
		cells := make([]string, len(vals))
		for i, v := range vals {
			cells[i] = text(v, types[i].DatabaseTypeName())
		}
		out = append(out, strings.Join(cells, "|"))
	}
	require.NoError(t, rows.Err())
	return out
}

func text(v any, dbType string) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case bool:
		if x {
			return "1"
		}
		return "0"
	case time.Time:
		if dbType == "DATE" {
			return x.UTC().Format(time.DateOnly)
		}
		return x.UTC().Format(time.DateTime)
	case float64:
		return strconv.FormatFloat(x, 'f', 6, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}

func query(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(q, args...)
	require.NoError(t, err, q)
	return result(t, rows)
}

// TestSameRowsAsNativeDriver runs queries that both dialects accept
// through saasapi-sqlite and through the native driver, on one sandbox.
func TestSameRowsAsNativeDriver(t *testing.T) {
	srv, db := start(t, sandbox.Options{Rows: 400})
	native, err := sql.Open("saasapi", srv.DSN())
	require.NoError(t, err)
	defer native.Close()
	ds := srv.Dataset()
	e := ds.TimeEntries
	project, user := e[0].Project.ID, e[0].User.ID
	ids := fmt.Sprintf("%d, %d, %d", e[0].ID, e[10].ID, e[20].ID)

	cases := []struct {
		sql     string
		args    []any
		ordered bool
	}{
		{sql: "SELECT * FROM tasks"},
		{sql: "SELECT id, name, is_active, hourly_rate, created_at FROM projects"},
		{sql: "SELECT id, spent_date, hours, notes, is_billed FROM time_entries"},
		{sql: "SELECT id, hours FROM time_entries WHERE project_id = ?", args: []any{project}},
		{sql: "SELECT id, hours FROM time_entries WHERE project_id = ? AND user_id = ?", args: []any{project, user}},
		{sql: "SELECT id, spent_date FROM time_entries WHERE id IN (" + ids + ")"},
		{sql: "SELECT name FROM projects WHERE id = ?", args: []any{project}},
		{sql: "SELECT id FROM time_entries WHERE spent_date >= '2024-01-01' AND spent_date < '2024-03-01'"},
		{sql: "SELECT id FROM time_entries WHERE spent_date BETWEEN '2023-06-01' AND '2023-06-30'"},
		{sql: "SELECT id FROM time_entries WHERE updated_at >= '2025-01-01'"},
		{sql: "SELECT id, is_billed FROM time_entries WHERE is_billed = 1 AND hours > 2"},
		{sql: "SELECT id FROM projects WHERE is_active"},
		{sql: "SELECT id FROM time_entries WHERE notes LIKE '%review%'"},
		{sql: "SELECT id, billable_rate FROM time_entries WHERE billable_rate IS NULL"},
		{sql: "SELECT id, hours FROM time_entries ORDER BY hours DESC, id LIMIT 5", ordered: true},
		{sql: "SELECT id FROM time_entries ORDER BY id LIMIT 4 OFFSET 3", ordered: true},
		{sql: "SELECT project_id, COUNT(*), SUM(hours), MAX(spent_date) FROM time_entries GROUP BY project_id"},
		{sql: "SELECT user_id, COUNT(*) FROM time_entries GROUP BY user_id HAVING COUNT(*) > 20"},
		{sql: "SELECT DISTINCT task_id FROM time_entries"},
		{sql: "SELECT p.name, COUNT(*) FROM time_entries te JOIN projects p ON p.id = te.project_id GROUP BY p.name"},
		{sql: "SELECT c.name, p.name FROM projects p LEFT JOIN clients c ON c.id = p.client_id"},
		{sql: "SELECT id FROM projects WHERE id IN (SELECT project_id FROM time_entries WHERE hours > 7)"},
		{sql: "SELECT id, CASE WHEN hours >= 4 THEN 'long' ELSE 'short' END FROM time_entries WHERE user_id = ?", args: []any{user}},
		{sql: "SELECT COUNT(*) FROM time_entries WHERE project_id = ?", args: []any{project}},
		// SQLite merges the scans of an OR's terms, and remembers the
		// matched rows of a RIGHT JOIN, by rowid: it must name the row.
		{sql: "SELECT id FROM time_entries WHERE (project_id = ? OR user_id = ?) AND spent_date >= '2024-01-01'", args: []any{project, user}},
		{sql: "SELECT id FROM time_entries WHERE (project_id = ? AND is_billed) OR (user_id = ? AND NOT is_billed)", args: []any{project, user}},
		{sql: "SELECT k.name, t.id FROM tasks k RIGHT JOIN time_entries t ON t.task_id = k.id AND k.is_default WHERE t.hours > 7"},
	}
	for _, c := range cases {
		t.Run(c.sql, func(t *testing.T) {
			want := query(t, native, c.sql, c.args...)
			got := query(t, db, c.sql, c.args...)
			require.NotEmpty(t, want, "the case should return rows")
			if !c.ordered {
				slices.Sort(want)
				slices.Sort(got)
			}
			assert.Equal(t, want, got)
		})
	}
}

// TestSQLiteOnlySQL runs what the native driver cannot parse.
func TestSQLiteOnlySQL(t *testing.T) {
	srv, db := start(t, sandbox.Options{Rows: 200})
	ds := srv.Dataset()

	// A CTE: hours per project, the busiest first.
	perProject := map[int64]float64{}
	for _, e := range ds.TimeEntries {
		perProject[e.Project.ID] += e.Hours
	}
	got := query(t, db, `
		WITH totals AS (SELECT project_id, sum(hours) AS hours FROM time_entries GROUP BY project_id)
		SELECT project_id, hours FROM totals ORDER BY hours DESC, project_id LIMIT 1`)
	require.Len(t, got, 1)
	var best int64
	for id, h := range perProject {
		if best == 0 || h > perProject[best] || h == perProject[best] && id < best {
			best = id
		}
	}
	assert.Equal(t, fmt.Sprintf("%d|%s", best, strconv.FormatFloat(perProject[best], 'f', 6, 64)), got[0])

	// A window function: a running total per user, checked on its last row.
	got = query(t, db, `
		SELECT user_id, running FROM (
			SELECT user_id, sum(hours) OVER (PARTITION BY user_id ORDER BY spent_date, id) AS running,
			       row_number() OVER (PARTITION BY user_id ORDER BY spent_date DESC, id DESC) AS rn
			FROM time_entries)
		WHERE rn = 1`)
	perUser := map[int64]float64{}
	for _, e := range ds.TimeEntries {
		perUser[e.User.ID] += e.Hours
	}
	require.Len(t, got, len(perUser))
	for _, row := range got {
		f := strings.Split(row, "|")
		id, err := strconv.ParseInt(f[0], 10, 64)
		require.NoError(t, err)
		total, err := strconv.ParseFloat(f[1], 64)
		require.NoError(t, err)
		assert.InDelta(t, perUser[id], total, 1e-6, "user %d", id)
	}

	// JSON functions.
	got = query(t, db, `SELECT json_extract(json_object('n', count(*)), '$.n') FROM projects`)
	assert.Equal(t, []string{strconv.Itoa(len(ds.Projects))}, got)
}

func TestRequestsPerQuery(t *testing.T) {
	srv, db := start(t, sandbox.Options{Rows: 300})
	ds := srv.Dataset()
	e := ds.TimeEntries

	// IN calls xFilter once per value: one request per id.
	srv.ResetRequests()
	got := query(t, db, fmt.Sprintf("SELECT id FROM time_entries WHERE id IN (%d, %d, %d)", e[0].ID, e[1].ID, e[2].ID))
	assert.Len(t, got, 3)
	assert.EqualValues(t, 3, srv.Requests())
	for _, r := range srv.Log() {
		assert.Regexp(t, `^/v2/time_entries/\d+$`, r.Path)
	}

	// A repeated value costs nothing more.
	srv.ResetRequests()
	query(t, db, fmt.Sprintf("SELECT id FROM time_entries WHERE id IN (%d, %d, %d, %d)", e[0].ID, e[1].ID, e[0].ID, e[1].ID))
	assert.EqualValues(t, 2, srv.Requests())

	// A pushed filter reaches the API.
	project := e[0].Project.ID
	srv.ResetRequests()
	got = query(t, db, "SELECT count(*) FROM time_entries WHERE project_id = ?", project)
	log := srv.Log()
	require.Len(t, log, 1)
	assert.Equal(t, "/v2/time_entries", log[0].Path)
	assert.Equal(t, strconv.FormatInt(project, 10), log[0].Query.Get("project_id"))
	want := 0
	for _, x := range e {
		if x.Project.ID == project {
			want++
		}
	}
	assert.Equal(t, []string{strconv.Itoa(want)}, got)

	// A join: one request per distinct key at most, whichever side
	// SQLite drives.
	distinct := map[int64]bool{}
	for _, x := range e {
		distinct[x.Project.ID] = true
	}
	srv.ResetRequests()
	query(t, db, "SELECT p.name, sum(te.hours) FROM time_entries te JOIN projects p ON p.id = te.project_id GROUP BY p.name")
	assert.LessOrEqual(t, srv.Requests(), int64(len(distinct)+1))

	// LIMIT without ORDER BY shrinks the page: one small request.
	srv.ResetRequests()
	assert.Len(t, query(t, db, "SELECT id FROM time_entries LIMIT 3"), 3)
	log = srv.Log()
	require.Len(t, log, 1)
	assert.Equal(t, "3", log[0].Query.Get("per_page"))

	// With a pushed filter too.
	srv.ResetRequests()
	assert.Len(t, query(t, db, "SELECT id FROM time_entries WHERE project_id = ? LIMIT 2", project), 2)
	log = srv.Log()
	require.Len(t, log, 1)
	assert.Equal(t, "2", log[0].Query.Get("per_page"))

	// Each statement sends its own requests: nothing is cached across
	// statements.
	srv.ResetRequests()
	query(t, db, "SELECT name FROM projects WHERE id = ?", project)
	query(t, db, "SELECT name FROM projects WHERE id = ?", project)
	assert.EqualValues(t, 2, srv.Requests())
}

func TestExplainQueryPlanNamesPushedColumns(t *testing.T) {
	_, db := start(t, sandbox.Options{Rows: 10})
	plan := strings.Join(query(t, db, "EXPLAIN QUERY PLAN SELECT * FROM time_entries WHERE project_id = 1 AND spent_date >= '2024-01-01'"), "\n")
	assert.Contains(t, plan, "SCAN time_entries VIRTUAL TABLE INDEX")
	assert.Contains(t, plan, ":project_id=")
	assert.NotContains(t, plan, "spent_date", "go-sqlite3 cannot push a filter SQLite must recheck")

	plan = strings.Join(query(t, db, "EXPLAIN QUERY PLAN SELECT * FROM time_entries LIMIT 5"), "\n")
	assert.Contains(t, plan, "limit")
	plan = strings.Join(query(t, db, "EXPLAIN QUERY PLAN SELECT * FROM time_entries ORDER BY hours LIMIT 5"), "\n")
	assert.NotContains(t, plan, "limit", "ORDER BY keeps LIMIT in SQLite")
}

func TestColumnTypes(t *testing.T) {
	_, db := start(t, sandbox.Options{Rows: 10})
	rows, err := db.Query("SELECT id, hours, notes, is_billed, spent_date, created_at FROM time_entries LIMIT 1")
	require.NoError(t, err)
	defer rows.Close()
	types, err := rows.ColumnTypes()
	require.NoError(t, err)
	var names []string
	for _, ct := range types {
		names = append(names, ct.DatabaseTypeName())
	}
	assert.Equal(t, []string{"INTEGER", "REAL", "TEXT", "BOOLEAN", "DATE", "TIMESTAMP"}, names, "saasapi's type names")
	require.True(t, rows.Next())
	var (
		id         int64
		hours      float64
		notes      string
		billed     bool
		day, stamp time.Time
	)
	require.NoError(t, rows.Scan(&id, &hours, &notes, &billed, &day, &stamp))
	assert.Equal(t, time.UTC, day.Location())
	assert.Zero(t, day.Hour()+day.Minute()+day.Second(), "a DATE is midnight UTC")
	assert.False(t, stamp.IsZero())
}

func TestTimeArguments(t *testing.T) {
	srv, db := start(t, sandbox.Options{Rows: 300})
	since := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	want := 0
	for _, e := range srv.Dataset().TimeEntries {
		if e.SpentDate >= "2024-01-01" {
			want++
		}
	}
	assert.Equal(t, []string{strconv.Itoa(want)}, query(t, db, "SELECT count(*) FROM time_entries WHERE spent_date >= ?", since))
	assert.Equal(t, []string{"2024-01-01|2024-01-01 10:30:00"},
		query(t, db, "SELECT ?, ?", since, since.Add(10*time.Hour+30*time.Minute)))
}

func TestCancelStopsRequests(t *testing.T) {
	srv, db := start(t, sandbox.Options{Rows: 10, Latency: 3 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	started := time.Now()
	rows, err := db.QueryContext(ctx, "SELECT count(*) FROM time_entries")
	if err == nil {
		for rows.Next() {
		}
		err = rows.Err()
		rows.Close()
	}
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(started), 2*time.Second, "the request must stop with the context")
	// The sandbox saw the client go away during its delay.
	require.Eventually(t, func() bool {
		log := srv.Log()
		return len(log) == 1 && log[0].Status == 499
	}, 2*time.Second, 20*time.Millisecond)

	// A prepared statement passes its context too.
	stmt, err := db.Prepare("SELECT name FROM projects")
	require.NoError(t, err)
	defer stmt.Close()
	ctx, cancel = context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	started = time.Now()
	rows, err = stmt.QueryContext(ctx)
	if err == nil {
		for rows.Next() {
		}
		err = rows.Err()
		rows.Close()
	}
	require.Error(t, err)
	assert.Less(t, time.Since(started), 2*time.Second)
}

func TestErrors(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 10})
	require.NoError(t, err)
	defer srv.Close()

	// A wrong token: saasapi's 401 message, naming APIKey, without the token.
	bad := strings.Replace(srv.DSN(), sandbox.DefaultToken, "not-the-token-4242", 1)
	db, err := sql.Open(sqlite.DriverName, bad)
	require.NoError(t, err)
	defer db.Close()
	_, err = db.Exec("CREATE TEMP TABLE p AS SELECT * FROM projects")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "401")
	assert.Contains(t, err.Error(), "APIKey")
	assert.NotContains(t, err.Error(), "not-the-token-4242")

	// SQLite names unknown tables and columns.
	db2, err := sql.Open(sqlite.DriverName, srv.DSN())
	require.NoError(t, err)
	defer db2.Close()
	_, err = db2.Query("SELECT * FROM time_entrie")
	assert.ErrorContains(t, err, "no such table: time_entrie")
	_, err = db2.Query("SELECT hourz FROM time_entries")
	assert.ErrorContains(t, err, "no such column: hourz")

	// Connection string errors come at sql.Open's first use, as saasapi's.
	db3, err := sql.Open(sqlite.DriverName, "Profile=harvest;AuthSchem=APIKEY")
	if err == nil {
		err = db3.Ping()
		db3.Close()
	}
	assert.ErrorIs(t, err, saasapi.ErrUnknownProperty)
	assert.ErrorContains(t, err, `did you mean "AuthScheme"?`)
}

func TestNewConnector(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 10})
	require.NoError(t, err)
	defer srv.Close()
	cfg, err := dsn.Parse(srv.DSN())
	require.NoError(t, err)
	base, err := saasapi.NewConnector(cfg, saasapi.WithUserAgent("sqlite-test (dev@example.com)"))
	require.NoError(t, err)
	db := sql.OpenDB(sqlite.NewConnector(base))
	defer db.Close()
	assert.Equal(t, []string{strconv.Itoa(len(srv.Dataset().Clients))}, query(t, db, "SELECT count(*) FROM clients"))

	// Each connection is its own in-memory database with every table.
	conn, err := db.Conn(context.Background())
	require.NoError(t, err)
	defer conn.Close()
	_, err = conn.ExecContext(context.Background(), "CREATE TEMP TABLE c AS SELECT id, name FROM clients")
	require.NoError(t, err)
	var n int
	require.NoError(t, conn.QueryRowContext(context.Background(), "SELECT count(*) FROM c").Scan(&n))
	assert.Equal(t, len(srv.Dataset().Clients), n)
}

// TestMaxRequestsPerStatement: through the bridge, MaxRequests caps each
// statement's requests while it runs (SQLite plans the statement, so there
// is no estimate to refuse it by): a statement that reaches it stops with
// ErrTooManyRequests and sends nothing past it; each statement has a
// budget of its own.
func TestMaxRequestsPerStatement(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 500})
	require.NoError(t, err)
	defer srv.Close()
	db, err := sql.Open(sqlite.DriverName, srv.DSN()+";Pagesize=50;MaxRequests=3")
	require.NoError(t, err)
	defer db.Close()

	for range 3 { // one request each, a budget each
		assert.Len(t, query(t, db, "SELECT id FROM clients"), len(srv.Dataset().Clients))
	}
	srv.ResetRequests()
	rows, err := db.Query("SELECT id FROM time_entries")
	require.NoError(t, err)
	n := 0
	for rows.Next() {
		n++
	}
	err = rows.Err()
	rows.Close()
	require.ErrorIs(t, err, saasapi.ErrTooManyRequests)
	assert.Contains(t, err.Error(), "MaxRequests=3")
	assert.Less(t, n, 500, "stopped before the listing's end")
	assert.LessOrEqual(t, srv.Requests(), int64(3), "nothing past the budget")
}
