package saasapi_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/dsn"
	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/rest"
	"github.com/saasapi/saasapi/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// start runs a sandbox for the test and opens a database on it; extra is
// appended to the sandbox's DSN.
func start(t *testing.T, opts sandbox.Options, extra string) (*sql.DB, *sandbox.Server) {
	t.Helper()
	srv, err := sandbox.Start(opts)
	require.NoError(t, err)
	t.Cleanup(func() { srv.Close() })
	db, err := sql.Open("saasapi", srv.DSN()+extra)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db, srv
}

func queryInts(t *testing.T, db *sql.DB, q string, args ...any) []int64 {
	t.Helper()
	rows, err := db.Query(q, args...)
	require.NoError(t, err)
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		require.NoError(t, rows.Scan(&v))
		out = append(out, v)
	}
	require.NoError(t, rows.Err())
	return out
}

func TestActiveProjectsOrderedByName(t *testing.T) {
	db, srv := start(t, sandbox.Options{Rows: 300}, "")
	rows, err := db.Query("SELECT name, hourly_rate FROM projects WHERE is_active = true ORDER BY name LIMIT 5")
	require.NoError(t, err)
	defer rows.Close()
	type row struct {
		name string
		rate sql.NullFloat64
	}
	var got []row
	for rows.Next() {
		var r row
		require.NoError(t, rows.Scan(&r.name, &r.rate))
		got = append(got, r)
	}
	require.NoError(t, rows.Err())

	var want []row
	for _, p := range srv.Dataset().Projects {
		if p.IsActive {
			r := row{name: p.Name}
			if p.HourlyRate != nil {
				r.rate = sql.NullFloat64{Float64: *p.HourlyRate, Valid: true}
			}
			want = append(want, r)
		}
	}
	sort.SliceStable(want, func(i, j int) bool { return want[i].name < want[j].name })
	require.GreaterOrEqual(t, len(want), 5, "the dataset needs five active projects")
	assert.Equal(t, want[:5], got)
	log := srv.Log()
	require.Len(t, log, 1)
	assert.Equal(t, "true", log[0].Query.Get("is_active"), "is_active is pushed down")
}

func TestEveryRowOnceAcrossPages(t *testing.T) {
	db, srv := start(t, sandbox.Options{Rows: 450}, ";Pagesize=100")
	got := queryInts(t, db, "SELECT id FROM time_entries")
	var want []int64
	for _, e := range srv.Dataset().TimeEntries {
		want = append(want, e.ID)
	}
	slices.Sort(got)
	slices.Sort(want)
	assert.Equal(t, want, got, "every time entry exactly once, ids exact beyond 2^53")
	// Read as date ranges at once: the 5 pages, and at most a partial
	// page more per range.
	assert.GreaterOrEqual(t, srv.Requests(), int64(5), "450 rows in pages of 100")
	assert.LessOrEqual(t, srv.Requests(), int64(5+4), "450 rows in pages of 100, in at most 4 ranges")
	srv.ResetRequests()
	assert.Len(t, queryInts(t, db, "SELECT id FROM projects"), len(srv.Dataset().Projects))
	assert.EqualValues(t, (len(srv.Dataset().Projects)+99)/100, srv.Requests(), "a listing without a range filter follows its links: one request per page")
	assert.Greater(t, want[0], int64(1<<53), "the sandbox's ids exercise float64 precision")
}

func TestPushdownProjectAndDate(t *testing.T) {
	db, srv := start(t, sandbox.Options{Rows: 600}, ";Pagesize=20")
	ds := srv.Dataset()
	// The project with the most entries in 2024 or later.
	counts := map[int64]int{}
	for _, e := range ds.TimeEntries {
		if e.SpentDate >= "2024-01-01" {
			counts[e.Project.ID]++
		}
	}
	var project int64
	for id, n := range counts {
		if n > counts[project] || (n == counts[project] && id < project) {
			project = id
		}
	}
	var want []int64
	for _, e := range ds.TimeEntries {
		if e.Project.ID == project && e.SpentDate >= "2024-01-01" {
			want = append(want, e.ID)
		}
	}
	require.Greater(t, len(want), 20, "the test needs several pages of matches")
	srv.ResetRequests()

	got := queryInts(t, db, "SELECT id FROM time_entries WHERE project_id = ? AND spent_date >= '2024-01-01'", project)
	slices.Sort(got)
	slices.Sort(want)
	assert.Equal(t, want, got)

	log := srv.Log()
	pages := (len(want) + 19) / 20
	require.Len(t, log, pages, "only the pages of matching rows are fetched")
	for _, r := range log {
		assert.Equal(t, "/v2/time_entries", r.Path)
		assert.Equal(t, []string{"2024-01-01"}, r.Query["from"])
		assert.Equal(t, []string{itoa(project)}, r.Query["project_id"])
	}
}

func TestLimitCostsOneRequest(t *testing.T) {
	db, srv := start(t, sandbox.Options{Rows: 450}, ";Pagesize=100")
	got := queryInts(t, db, "SELECT id FROM time_entries LIMIT 3")
	assert.Len(t, got, 3)
	assert.EqualValues(t, 1, srv.Requests())
	assert.Equal(t, "3", srv.Log()[0].Query.Get("per_page"), "LIMIT without a residual filter shrinks the page")

	// With a residual filter, paging goes on only until three rows passed.
	srv.ResetRequests()
	got = queryInts(t, db, "SELECT id FROM time_entries WHERE hours > 1 LIMIT 3")
	assert.Len(t, got, 3)
	assert.EqualValues(t, 1, srv.Requests())
}

func TestGetByID(t *testing.T) {
	db, srv := start(t, sandbox.Options{Rows: 100}, "")
	e := srv.Dataset().TimeEntries[42]
	var (
		id    int64
		notes string
		date  time.Time
		hours float64
	)
	require.NoError(t, db.QueryRow("SELECT id, notes, spent_date, hours FROM time_entries WHERE id = ?", e.ID).Scan(&id, &notes, &date, &hours))
	assert.Equal(t, e.ID, id)
	assert.Equal(t, e.Notes, notes)
	assert.Equal(t, e.SpentDate, date.Format("2006-01-02"))
	assert.InDelta(t, e.Hours, hours, 1e-9)
	require.Len(t, srv.Log(), 1)
	assert.Equal(t, "/v2/time_entries/"+itoa(e.ID), srv.Log()[0].Path)

	srv.ResetRequests()
	err := db.QueryRow("SELECT id FROM time_entries WHERE id = 1").Scan(&id)
	assert.ErrorIs(t, err, sql.ErrNoRows, "a missing id is no row, not an error")
	assert.EqualValues(t, 1, srv.Requests())
}

func TestResidualFilterMatchesDataset(t *testing.T) {
	db, srv := start(t, sandbox.Options{Rows: 400}, "")
	var want []int64
	for _, e := range srv.Dataset().TimeEntries {
		if strings.Contains(e.Notes, "a") && e.Hours >= 2 && e.Billable {
			want = append(want, e.ID)
		}
	}
	require.NotEmpty(t, want)
	got := queryInts(t, db, "SELECT id FROM time_entries WHERE notes LIKE '%a%' AND hours >= 2 AND billable ORDER BY id")
	slices.Sort(want)
	assert.Equal(t, want, got)
}

func TestOrderByOffsetAndExpressions(t *testing.T) {
	db, srv := start(t, sandbox.Options{Rows: 50}, "")
	users := srv.Dataset().Users
	names := make([]string, len(users))
	for i, u := range users {
		names[i] = strings.ToUpper(u.LastName) + ", " + u.FirstName
	}
	slices.Sort(names)
	rows, err := db.Query("SELECT CONCAT(UPPER(last_name), ', ', first_name) AS who FROM users ORDER BY who LIMIT 2 OFFSET 1")
	require.NoError(t, err)
	defer rows.Close()
	var got []string
	for rows.Next() {
		var s string
		require.NoError(t, rows.Scan(&s))
		got = append(got, s)
	}
	require.NoError(t, rows.Err())
	assert.Equal(t, names[1:3], got)
}

func TestColumnTypes(t *testing.T) {
	db, _ := start(t, sandbox.Options{Rows: 10}, "")
	rows, err := db.Query("SELECT id, hours, notes, is_running, spent_date, created_at, hours * 2 AS double FROM time_entries LIMIT 1")
	require.NoError(t, err)
	defer rows.Close()
	types, err := rows.ColumnTypes()
	require.NoError(t, err)
	var names, dbTypes []string
	var scan []reflect.Type
	for _, ct := range types {
		names = append(names, ct.Name())
		dbTypes = append(dbTypes, ct.DatabaseTypeName())
		scan = append(scan, ct.ScanType())
	}
	assert.Equal(t, []string{"id", "hours", "notes", "is_running", "spent_date", "created_at", "double"}, names)
	assert.Equal(t, []string{"INTEGER", "REAL", "TEXT", "BOOLEAN", "DATE", "TIMESTAMP", "REAL"}, dbTypes)
	assert.Equal(t, reflect.TypeFor[int64](), scan[0], "the key is not nullable")
	assert.Equal(t, reflect.TypeFor[sql.NullFloat64](), scan[1])
	nullable, ok := types[0].Nullable()
	assert.True(t, ok)
	assert.False(t, nullable)
}

func TestArgumentTypes(t *testing.T) {
	db, srv := start(t, sandbox.Options{Rows: 200}, "")
	ds := srv.Dataset()
	e := ds.TimeEntries[10]
	day, err := time.Parse("2006-01-02", e.SpentDate)
	require.NoError(t, err)
	got := queryInts(t, db, "SELECT id FROM time_entries WHERE user_id = ? AND spent_date = ? AND is_billed = ? AND id = :want",
		int32(e.User.ID), day, e.IsBilled, sql.Named("want", e.ID))
	assert.Equal(t, []int64{e.ID}, got)
}

func TestErrors(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 10})
	require.NoError(t, err)
	defer srv.Close()
	base := srv.URL()
	cases := []struct {
		name   string
		dsn    string
		query  string
		target error
		says   []string
	}{
		{name: "malformed DSN", dsn: "Profile='harvest", target: dsn.ErrSyntax, says: []string{"Profile"}},
		{name: "unknown property", dsn: "Profile=harvest;AuthSchem=APIKEY", target: dsn.ErrUnknownProperty, says: []string{`"AuthSchem"`, `did you mean "AuthScheme"`}},
		{name: "unknown profile", dsn: "Profile=harvst;ProfileSettings='APIKey=k;AccountId=1'", target: saasapi.ErrUnknownProfile, says: []string{`did you mean "harvest"`}},
		{name: "missing AccountId", dsn: "Profile=harvest;ProfileSettings='APIKey=k'", target: saasapi.ErrMissingSetting, says: []string{"AccountId"}},
		{name: "missing both", dsn: "Profile=harvest;ProfileSettings='AccountId=1';AuthScheme=APIKEY", target: saasapi.ErrMissingSetting, says: []string{"APIKey"}},
		{name: "no credentials", dsn: "Profile=harvest;ProfileSettings='AccountId=1'", target: saasapi.ErrAuthConfig, says: []string{"APIKey"}},
		{name: "unknown setting", dsn: "Profile=harvest;ProfileSettings='APIKey=k;AcountId=1'", target: saasapi.ErrUnknownSetting, says: []string{`did you mean "AccountId"`}},
		{name: "http to a remote host", dsn: "Profile=harvest;ProfileSettings='APIKey=k;AccountId=1;BaseURL=http://example.com/v2'", target: rest.ErrConfig, says: []string{"BaseURL", "https"}},
		{name: "page too large", dsn: srv.DSN() + ";Pagesize=2001", target: rest.ErrConfig, says: []string{"Pagesize", "2000"}},
		{name: "unsupported scheme", dsn: srv.DSN() + ";AuthScheme=NTLM", target: saasapi.ErrAuthConfig, says: []string{"NTLM", "APIKEY"}},
		{name: "unknown table", dsn: srv.DSN(), query: "SELECT * FROM time_entry", target: planner.ErrUnknownTable, says: []string{`"time_entry"`, `did you mean "time_entries"`}},
		{name: "unknown column", dsn: srv.DSN(), query: "SELECT hour FROM time_entries", target: planner.ErrUnknownColumn, says: []string{`"hour"`, "time_entries", `did you mean "hours"`}},
		{name: "syntax error", dsn: srv.DSN(), query: "SELECT FROM WHERE", target: planner.ErrSyntax, says: []string{"syntax error"}},
		{name: "update", dsn: srv.DSN(), query: "UPDATE projects SET name = 'x'", target: planner.ErrReadOnly, says: []string{"read-only", "UPDATE"}},
		{name: "delete", dsn: srv.DSN(), query: "DELETE FROM projects", target: planner.ErrReadOnly},
		{name: "too few args", dsn: srv.DSN(), query: "SELECT id FROM projects WHERE id = ?", target: planner.ErrArgument, says: []string{"placeholder"}},
		{name: "wrong token", dsn: "Profile=harvest;ProfileSettings='APIKey=wrong-secret-token;AccountId=123456;BaseURL=" + base + "'",
			query: "SELECT id FROM projects", target: rest.ErrUnauthorized, says: []string{"401", "APIKey", "AccountId"}},
		{name: "wrong account", dsn: "Profile=harvest;ProfileSettings='APIKey=sandbox-token;AccountId=999;BaseURL=" + base + "'",
			query: "SELECT id FROM projects", target: rest.ErrUnauthorized, says: []string{"invalid_token"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() {
				var db *sql.DB
				db, err = sql.Open("saasapi", tc.dsn)
				if err != nil {
					return
				}
				defer db.Close()
				if tc.query == "" {
					err = db.Ping()
					return
				}
				var rows *sql.Rows
				rows, err = db.Query(tc.query)
				if err == nil {
					for rows.Next() {
					}
					err = rows.Err()
					rows.Close()
				}
			})
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.target)
			for _, s := range tc.says {
				assert.Contains(t, err.Error(), s)
			}
			assert.NotContains(t, err.Error(), "wrong-secret-token")
			assert.NotContains(t, err.Error(), "sandbox-token")
		})
	}
}

func TestAPIErrorIsTyped(t *testing.T) {
	_, srv2 := start(t, sandbox.Options{Rows: 10}, "")
	bad, err := sql.Open("saasapi", "Profile=harvest;ProfileSettings='APIKey=s3cret-token-value;AccountId=123456;BaseURL="+srv2.URL()+"'")
	require.NoError(t, err)
	defer bad.Close()
	_, err = bad.Query("SELECT id FROM users")
	var apiErr *rest.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 401, apiErr.Status)
	assert.Equal(t, "harvest", apiErr.Provider)
	assert.Equal(t, "/v2/users", apiErr.Path)
	assert.NotContains(t, err.Error(), "s3cret-token-value")
}

func TestSecretsStayOutOfLogsAndExplain(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 30, Token: "tok-0123456789-secret"})
	require.NoError(t, err)
	defer srv.Close()
	cfg, err := dsn.Parse(srv.DSN())
	require.NoError(t, err)
	var logs bytes.Buffer
	conn, err := saasapi.NewConnector(cfg, saasapi.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	require.NoError(t, err)
	db := sql.OpenDB(conn)
	defer db.Close()

	rows, err := db.Query("EXPLAIN SELECT id FROM time_entries WHERE project_id = 7")
	require.NoError(t, err)
	var all strings.Builder
	for rows.Next() {
		var op, detail, est string
		require.NoError(t, rows.Scan(&op, &detail, &est))
		all.WriteString(op + " " + detail + "\n")
	}
	require.NoError(t, rows.Err())
	rows.Close()
	assert.Contains(t, all.String(), "project_id=7")
	assert.EqualValues(t, 0, srv.Requests(), "EXPLAIN sends nothing")

	require.Len(t, queryInts(t, db, "SELECT id FROM time_entries LIMIT 2"), 2)
	assert.Contains(t, logs.String(), "/v2/time_entries")
	for _, out := range []string{all.String(), logs.String(), cfg.String(), conn.Provider().Name} {
		assert.NotContains(t, out, "tok-0123456789-secret")
	}
}

func TestContextCancelsRequests(t *testing.T) {
	db, _ := start(t, sandbox.Options{Rows: 10, Latency: 5 * time.Second}, "")
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := db.QueryContext(ctx, "SELECT id FROM projects")
	require.Error(t, err)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "got %v", err)
}

func TestRetriesServerErrors(t *testing.T) {
	db, srv := start(t, sandbox.Options{Rows: 10}, "")
	srv.FailNext(1, 503, "")
	got := queryInts(t, db, "SELECT id FROM users")
	assert.Len(t, got, len(srv.Dataset().Users))
	assert.EqualValues(t, 2, srv.Requests(), "one failure, one retry")
}

func TestReadOnlyTransactionsAndPrepare(t *testing.T) {
	db, srv := start(t, sandbox.Options{Rows: 10}, "")
	tx, err := db.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true})
	require.NoError(t, err)
	stmt, err := tx.Prepare("SELECT name FROM tasks WHERE id = ?")
	require.NoError(t, err)
	task := srv.Dataset().Tasks[0]
	var name string
	require.NoError(t, stmt.QueryRow(task.ID).Scan(&name))
	assert.Equal(t, task.Name, name)
	require.NoError(t, stmt.Close())
	require.NoError(t, tx.Commit())

	_, err = db.Exec("SELECT 1")
	assert.ErrorIs(t, err, saasapi.ErrReadOnly)
}

func TestMaxRows(t *testing.T) {
	db, _ := start(t, sandbox.Options{Rows: 100}, ";MaxRows=7")
	assert.Len(t, queryInts(t, db, "SELECT id FROM time_entries"), 7)
	assert.Len(t, queryInts(t, db, "SELECT id FROM time_entries LIMIT 3"), 3)
}

func TestSeedDSNResolvesBuiltInProfile(t *testing.T) {
	for _, profile := range []string{"harvest", "Harvest", `C:\profiles\Harvest.apip`} {
		cfg, err := dsn.Parse("Profile=" + profile + ";ProfileSettings='APIKey=my_personal_key;AccountId=123'")
		require.NoError(t, err)
		c, err := saasapi.NewConnector(cfg)
		require.NoError(t, err, profile)
		assert.Equal(t, "harvest", c.Provider().Name)
	}
}

func TestRealsAreNotIntegers(t *testing.T) {
	db, srv := start(t, sandbox.Options{Rows: 80}, "")
	var sum float64
	for _, e := range srv.Dataset().TimeEntries {
		sum += e.Hours
	}
	rows, err := db.Query("SELECT hours FROM time_entries")
	require.NoError(t, err)
	defer rows.Close()
	var got float64
	for rows.Next() {
		var h float64
		require.NoError(t, rows.Scan(&h))
		got += h
	}
	require.NoError(t, rows.Err())
	assert.Less(t, math.Abs(sum-got), 1e-6)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
