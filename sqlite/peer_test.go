//go:build sqlite_vtable && cgo

package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/providers"
	"github.com/saasapi/saasapi/sandbox"
	"github.com/saasapi/saasapi/schema"
	"github.com/saasapi/saasapi/sqlite"
	"github.com/saasapi/saasapi/sqlite/vtab"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// drivers are the two ways in that a Go program chooses between.
var drivers = []string{"saasapi", sqlite.DriverName}

// entry is a time entry as a program written against saasapi reads it.
type entry struct {
	ID      int64
	Day     time.Time
	Created time.Time
	Billed  bool
	Hours   float64
	Notes   sql.NullString
	Rate    sql.NullFloat64
	Timer   sql.NullTime
	Invoice sql.NullInt64
	Running sql.NullBool
}

// outcome is everything program reads.
type outcome struct {
	Entries     []entry
	Types       []string
	ScanTypes   []string
	Name        string
	Active      bool
	Since       time.Time
	Budget      sql.NullFloat64
	Count       int64
	Sum         float64
	Report      []string
	Messages    int64
	ReadOnly    bool
	ReadOnlyMsg string
}

// program is a Go program written for the native driver: it scans into
// time.Time, bool and sql.Null*, passes time.Time and bool arguments,
// reads a report and a child table, and checks the read-only error with
// errors.Is. TestSameProgramOnBothDrivers runs it, unchanged, on both.
func program(t *testing.T, db *sql.DB, project int64) outcome {
	t.Helper()
	var out outcome
	since := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	rows, err := db.Query(`SELECT id, spent_date, created_at, is_billed, hours, notes, billable_rate, timer_started_at, invoice_id, is_running
		FROM time_entries WHERE project_id = ? AND spent_date >= ? ORDER BY id`, project, since)
	require.NoError(t, err)
	types, err := rows.ColumnTypes()
	require.NoError(t, err)
	for _, ct := range types {
		out.Types = append(out.Types, ct.DatabaseTypeName())
	}
	for rows.Next() {
		var e entry
		require.NoError(t, rows.Scan(&e.ID, &e.Day, &e.Created, &e.Billed, &e.Hours, &e.Notes, &e.Rate, &e.Timer, &e.Invoice, &e.Running))
		out.Entries = append(out.Entries, e)
	}
	require.NoError(t, rows.Err())
	require.NoError(t, rows.Close())

	require.NoError(t, db.QueryRow("SELECT name, is_active, created_at, budget FROM projects WHERE id = ?", project).
		Scan(&out.Name, &out.Active, &out.Since, &out.Budget))
	require.NoError(t, db.QueryRow("SELECT COUNT(*), SUM(hours) FROM time_entries WHERE is_billed = ?", false).Scan(&out.Count, &out.Sum))
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM invoice_messages").Scan(&out.Messages))

	rows, err = db.Query(`SELECT client_name, total_hours, currency FROM time_report_clients
		WHERE from_date = ? AND to_date = ? ORDER BY client_name, currency`, since, time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	for rows.Next() {
		var name, currency string
		var hours float64
		require.NoError(t, rows.Scan(&name, &hours, &currency))
		out.Report = append(out.Report, fmt.Sprintf("%s %.2f %s", name, hours, currency))
	}
	require.NoError(t, rows.Err())
	require.NoError(t, rows.Close())

	_, err = db.Exec("INSERT INTO projects (id, name) VALUES (1, 'x')")
	out.ReadOnly = errors.Is(err, saasapi.ErrReadOnly)
	if err != nil {
		out.ReadOnlyMsg = err.Error()
	}
	return out
}

func TestSameProgramOnBothDrivers(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 300})
	require.NoError(t, err)
	defer srv.Close()
	latest := srv.Dataset().TimeEntries[0]
	for _, e := range srv.Dataset().TimeEntries {
		if e.SpentDate > latest.SpentDate {
			latest = e
		}
	}
	project := latest.Project.ID
	got := map[string]outcome{}
	for _, name := range drivers {
		db, err := sql.Open(name, srv.DSN())
		require.NoError(t, err)
		got[name] = program(t, db, project)
		require.NoError(t, db.Close())
	}
	native, bridge := got["saasapi"], got[sqlite.DriverName]
	require.NotEmpty(t, native.Entries)
	require.NotEmpty(t, native.Report)
	assert.Positive(t, native.Messages)
	assert.True(t, native.ReadOnly, native.ReadOnlyMsg)
	assert.True(t, bridge.ReadOnly, bridge.ReadOnlyMsg)
	assert.Contains(t, bridge.ReadOnlyMsg, "table projects is read-only")
	native.ReadOnlyMsg, bridge.ReadOnlyMsg = "", ""
	assert.Equal(t, []string{"INTEGER", "DATE", "TIMESTAMP", "BOOLEAN", "REAL", "TEXT", "REAL", "TIMESTAMP", "INTEGER", "BOOLEAN"}, native.Types)
	assert.Equal(t, native, bridge, "the same values in the same Go types")
}

func TestColumnScanTypesAreTheNativeOnes(t *testing.T) {
	_, db := start(t, sandbox.Options{Rows: 10})
	rows, err := db.Query("SELECT id, hours, notes, is_billed, spent_date, created_at, 1 + 1 FROM time_entries LIMIT 1")
	require.NoError(t, err)
	defer rows.Close()
	types, err := rows.ColumnTypes()
	require.NoError(t, err)
	var scan []string
	for _, ct := range types {
		scan = append(scan, ct.ScanType().String())
		_, ok := ct.Nullable()
		assert.False(t, ok, "SQLite does not tell which table a result column comes from")
	}
	assert.Equal(t, []string{"sql.NullInt64", "sql.NullFloat64", "sql.NullString", "sql.NullBool", "sql.NullTime", "sql.NullTime", "*interface {}"}, scan)

	aha, err := sandbox.Start(sandbox.Options{Provider: sandbox.ProviderAha, Rows: 20})
	require.NoError(t, err)
	defer aha.Close()
	adb, err := sql.Open(sqlite.DriverName, aha.DSN())
	require.NoError(t, err)
	defer adb.Close()
	p, err := providers.Resolve("aha")
	require.NoError(t, err)
	var table, column string
	for _, tbl := range p.Tables {
		for _, c := range tbl.Columns {
			if c.Type == schema.TypeJSON && table == "" && vtab.Browsable(p, tbl) {
				table, column = tbl.Name, c.Name
			}
		}
	}
	require.NotEmpty(t, table, "Aha! has a JSON column")
	rows2, err := adb.Query(fmt.Sprintf("SELECT %s FROM %s LIMIT 1", column, table))
	require.NoError(t, err)
	defer rows2.Close()
	types, err = rows2.ColumnTypes()
	require.NoError(t, err)
	assert.Equal(t, "JSON", types[0].DatabaseTypeName())
	assert.Equal(t, "sql.NullString", types[0].ScanType().String())
}

// failing is a server that answers every request with handler.
func failing(t *testing.T, handler http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return srv
}

// TestSentinelsMatchOnBothDrivers: an error the native driver gives a
// sentinel matches the same sentinel through saasapi-sqlite.
func TestSentinelsMatchOnBothDrivers(t *testing.T) {
	harvestAt := func(base string) string {
		return "Profile=harvest;ProfileSettings='APIKey=k-secret;AccountId=42;BaseURL=" + base + "/v2'"
	}
	cases := []struct {
		name  string
		setup func(t *testing.T, driver string) (dsn string, ctx context.Context)
		query string
		want  error
	}{
		{"401", func(t *testing.T, _ string) (string, context.Context) {
			srv := sandboxFor(t, sandbox.Options{Rows: 10})
			return strings.Replace(srv.DSN(), sandbox.DefaultToken, "wrong-token", 1), context.Background()
		}, "SELECT id FROM tasks", saasapi.ErrUnauthorized},
		{"404", func(t *testing.T, _ string) (string, context.Context) {
			srv := sandboxFor(t, sandbox.Options{Rows: 10})
			srv.FailNext(1, http.StatusNotFound, "")
			return srv.DSN(), context.Background()
		}, "SELECT id FROM tasks", saasapi.ErrNotFound},
		{"rate budget spent", func(t *testing.T, driver string) (string, context.Context) {
			// A token of its own: the budget is the account's, in the process.
			srv := sandboxFor(t, sandbox.Options{Rows: 10, Token: "budget-" + driver})
			dsn := srv.DSN() + ";RateLimit=1/1h"
			db, err := sql.Open(driver, dsn)
			require.NoError(t, err)
			defer db.Close()
			var id int64
			require.NoError(t, db.QueryRow("SELECT id FROM tasks LIMIT 1").Scan(&id))
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			t.Cleanup(cancel)
			return dsn, ctx
		}, "SELECT id FROM tasks LIMIT 1", saasapi.ErrRateLimited},
		{"redirect to another host", func(t *testing.T, _ string) (string, context.Context) {
			other := failing(t, func(w http.ResponseWriter, r *http.Request) { t.Error("a request reached the other host") })
			api := failing(t, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound)
			})
			return harvestAt(api.URL), context.Background()
		}, "SELECT id FROM tasks", saasapi.ErrRedirect},
		{"listing shorter than announced", func(t *testing.T, _ string) (string, context.Context) {
			api := failing(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprint(w, `{"tasks":[{"id":1,"name":"a"}],"per_page":2000,"total_entries":5000,"total_pages":3,"links":{"next":null}}`)
			})
			return harvestAt(api.URL), context.Background()
		}, "SELECT id FROM tasks", saasapi.ErrPagination},
		{"MaxRequests reached", func(t *testing.T, _ string) (string, context.Context) {
			// 10 pages: the native driver refuses the plan, the bridge
			// (SQLite plans the statement) stops at the budget.
			return sandboxFor(t, sandbox.Options{Rows: 500}).DSN() + ";Pagesize=50;MaxRequests=3", context.Background()
		}, "SELECT id FROM time_entries", saasapi.ErrTooManyRequests},
		{"write", func(t *testing.T, _ string) (string, context.Context) {
			return sandboxFor(t, sandbox.Options{Rows: 10}).DSN(), context.Background()
		}, "DELETE FROM tasks", saasapi.ErrReadOnly},
		{"report without its dates", func(t *testing.T, _ string) (string, context.Context) {
			return sandboxFor(t, sandbox.Options{Rows: 10}).DSN(), context.Background()
		}, "SELECT * FROM time_report_clients", planner.ErrMissingKey},
		{"unknown table", func(t *testing.T, _ string) (string, context.Context) {
			return sandboxFor(t, sandbox.Options{Rows: 10}).DSN(), context.Background()
		}, "SELECT * FROM time_entrie", saasapi.ErrUnknownTable},
		{"unknown column", func(t *testing.T, _ string) (string, context.Context) {
			return sandboxFor(t, sandbox.Options{Rows: 10}).DSN(), context.Background()
		}, "SELECT hourz FROM time_entries", saasapi.ErrUnknownColumn},
		{"syntax", func(t *testing.T, _ string) (string, context.Context) {
			return sandboxFor(t, sandbox.Options{Rows: 10}).DSN(), context.Background()
		}, "SELECT FROM WHERE", saasapi.ErrSyntax},
	}
	for _, tc := range cases {
		for _, driver := range drivers {
			t.Run(tc.name+"/"+driver, func(t *testing.T) {
				dsn, ctx := tc.setup(t, driver)
				db, err := sql.Open(driver, dsn)
				require.NoError(t, err)
				defer db.Close()
				err = queryErr(ctx, db, tc.query)
				require.Error(t, err)
				assert.ErrorIs(t, err, tc.want)
				assert.NotContains(t, err.Error(), "k-secret")
				assert.NotContains(t, err.Error(), "wrong-token")
			})
		}
	}
}

// sandboxFor starts a Harvest sandbox closed with the test.
func sandboxFor(t *testing.T, opts sandbox.Options) *sandbox.Server {
	t.Helper()
	srv, err := sandbox.Start(opts)
	require.NoError(t, err)
	t.Cleanup(func() { srv.Close() })
	return srv
}

// queryErr runs a statement to its end and returns its error.
func queryErr(ctx context.Context, db *sql.DB, q string) error {
	if !strings.HasPrefix(q, "SELECT") {
		_, err := db.ExecContext(ctx, q)
		return err
	}
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
	}
	return rows.Err()
}

// typed reads every row as text that keeps each value's Go type.
func typed(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(q, args...)
	require.NoError(t, err, q)
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
		cells := make([]string, len(vals))
		for i, v := range vals {
			if tm, ok := v.(time.Time); ok {
				v = tm.UTC().Format(time.RFC3339Nano)
			}
			cells[i] = fmt.Sprintf("%T:%v", vals[i], v)
		}
		out = append(out, strings.Join(cells, "|"))
	}
	require.NoError(t, rows.Err(), q)
	return out
}

// inputs is the WHERE of a table's inputs and the same values as the
// arguments of its table-valued function.
func inputs(tbl *schema.Table) (where, args string) {
	var terms, vals []string
	for _, c := range tbl.Columns {
		if c.Input {
			v := "'2024-07-01'"
			if strings.HasPrefix(c.Name, "from") {
				v = "'2024-01-01'"
			}
			terms = append(terms, c.Name+" = "+v)
			vals = append(vals, v)
		}
	}
	return strings.Join(terms, " AND "), strings.Join(vals, ", ")
}

// visible are the columns SELECT * returns through SQLite: all but the
// hidden inputs.
func visible(tbl *schema.Table) string {
	var names []string
	for _, c := range tbl.Columns {
		if !c.Input {
			names = append(names, c.Name)
		}
	}
	return strings.Join(names, ", ")
}

// requestsOf is the requests a sandbox answered, as method, path and
// query, sorted.
func requestsOf(srv *sandbox.Server) []string {
	var out []string
	for _, r := range srv.Log() {
		out = append(out, r.Method+" "+r.Path+"?"+r.Query.Encode())
	}
	slices.Sort(out)
	return out
}

// TestEveryTableOfEveryProvider walks every table of every provider
// through saasapi-sqlite and the native driver: a table the native
// driver reads without WHERE answers count(*), SELECT * LIMIT n and
// SELECT * with the native driver's rows in the same Go types — a child
// table by fanning out over its parent with the same requests — and a
// table that needs inputs fails with the native driver's message naming
// them, and answers when given them, in WHERE or as a table-valued
// function.
func TestEveryTableOfEveryProvider(t *testing.T) {
	for _, name := range providers.Names() {
		t.Run(name, func(t *testing.T) {
			srv := sandboxFor(t, sandbox.Options{Provider: name, Rows: 120})
			native, err := sql.Open("saasapi", srv.DSN())
			require.NoError(t, err)
			defer native.Close()
			bridge, err := sql.Open(sqlite.DriverName, srv.DSN())
			require.NoError(t, err)
			defer bridge.Close()
			p, err := providers.Resolve(name)
			require.NoError(t, err)
			for _, tbl := range p.Tables {
				t.Run(tbl.Name, func(t *testing.T) {
					q := tbl.Name
					if !vtab.Browsable(p, tbl) {
						where, args := inputs(tbl)
						require.NotEmpty(t, where, "a table that is not browsable takes inputs")
						err := queryErr(context.Background(), bridge, "SELECT count(*) FROM "+q)
						require.ErrorIs(t, err, planner.ErrMissingKey)
						nerr := queryErr(context.Background(), native, "SELECT COUNT(*) FROM "+q)
						require.Error(t, nerr)
						assert.Contains(t, err.Error(), strings.TrimPrefix(nerr.Error(), "saasapi: "), "the native driver's message")
						assert.Contains(t, err.Error(), "or give from_date and to_date as arguments: SELECT * FROM "+tbl.Name+"('2024-01-01', '2024-12-31')")
						want := typed(t, native, "SELECT "+visible(tbl)+" FROM "+q+" WHERE "+where)
						require.NotEmpty(t, want)
						slices.Sort(want)
						got := typed(t, bridge, "SELECT "+visible(tbl)+" FROM "+q+" WHERE "+where)
						slices.Sort(got)
						assert.Equal(t, want, got)
						got = typed(t, bridge, "SELECT * FROM "+q+"("+args+")")
						slices.Sort(got)
						assert.Equal(t, want, got, "as a table-valued function")
						return
					}
					var n, m int64
					require.NoError(t, native.QueryRow("SELECT COUNT(*) FROM "+q).Scan(&n))
					require.NoError(t, bridge.QueryRow("SELECT count(*) FROM "+q).Scan(&m))
					assert.Equal(t, n, m, "count(*)")
					require.Positive(t, n, "the %s sandbox has rows in %s", name, tbl.Name)
					assert.Len(t, typed(t, bridge, "SELECT * FROM "+q+" LIMIT 3"), int(min(n, 3)))

					srv.ResetRequests()
					want := typed(t, native, "SELECT * FROM "+q)
					wantRequests := requestsOf(srv)
					srv.ResetRequests()
					got := typed(t, bridge, "SELECT * FROM "+q)
					gotRequests := requestsOf(srv)
					slices.Sort(want)
					slices.Sort(got)
					assert.Equal(t, want, got, "the same rows in the same Go types")
					assert.Equal(t, wantRequests, gotRequests, "the same requests")
				})
			}
		})
	}
}

// TestKeysAndNullability: PRAGMA table_info shows the keys (composite for
// a report: subject and currency) as the primary key and NOT NULL, and
// the inputs of a report are hidden columns.
func TestKeysAndNullability(t *testing.T) {
	_, db := start(t, sandbox.Options{Rows: 10})
	info := func(table string) map[string]string {
		rows, err := db.Query("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?)", table)
		require.NoError(t, err)
		defer rows.Close()
		out := map[string]string{}
		for rows.Next() {
			var name, typ string
			var notNull, pk int
			require.NoError(t, rows.Scan(&name, &typ, &notNull, &pk))
			out[name] = fmt.Sprintf("%s notnull=%d pk=%d", typ, notNull, pk)
		}
		require.NoError(t, rows.Err())
		return out
	}
	te := info("time_entries")
	assert.Equal(t, "INTEGER notnull=1 pk=1", te["id"])
	assert.Equal(t, "DATE notnull=0 pk=0", te["spent_date"])
	assert.Equal(t, "TIMESTAMP notnull=0 pk=0", te["created_at"])
	assert.Equal(t, "BOOLEAN notnull=0 pk=0", te["is_billed"])
	report := info("time_report_clients")
	assert.Equal(t, "INTEGER notnull=1 pk=1", report["client_id"])
	assert.Equal(t, "TEXT notnull=1 pk=2", report["currency"])
	assert.NotContains(t, report, "from_date", "inputs are hidden")
	var hidden int
	require.NoError(t, db.QueryRow("SELECT hidden FROM pragma_table_xinfo('time_report_clients') WHERE name = 'from_date'").Scan(&hidden))
	assert.Equal(t, 1, hidden)
}

func TestFanOutInExplainQueryPlan(t *testing.T) {
	srv, db := start(t, sandbox.Options{Rows: 100})
	plan := strings.Join(query(t, db, "EXPLAIN QUERY PLAN SELECT * FROM invoice_messages"), "\n")
	assert.Contains(t, plan, "SCAN invoice_messages VIRTUAL TABLE INDEX")
	assert.Contains(t, plan, ":fan-out invoice_id=invoices.id")

	// A join that gives the key reads the child by key instead.
	plan = strings.Join(query(t, db, "EXPLAIN QUERY PLAN SELECT i.number, m.subject FROM invoices i JOIN invoice_messages m ON m.invoice_id = i.id"), "\n")
	assert.Contains(t, plan, ":invoice_id=")
	assert.NotContains(t, plan, "fan-out")

	// LIMIT stops the fan-out early.
	srv.ResetRequests()
	assert.Len(t, query(t, db, "SELECT id FROM invoice_messages LIMIT 1"), 1)
	assert.Less(t, srv.Requests(), int64(len(srv.Dataset().Invoices)))
}

func TestReportInputsMustBeDates(t *testing.T) {
	_, db := start(t, sandbox.Options{Rows: 10})
	err := queryErr(context.Background(), db, "SELECT * FROM time_report_clients('2024-1-1', '2024-12-31')")
	require.ErrorIs(t, err, saasapi.ErrArgument)
	assert.ErrorContains(t, err, "time_report_clients.from_date takes a date written 'YYYY-MM-DD', got '2024-1-1'")
}

// TestWritesAreRefusedBeforeAnyRequest: INSERT, UPDATE and DELETE on an
// API table fail with ErrReadOnly when prepared, sending nothing (even a
// DELETE that would match no row), while the connection's own TEMP
// tables take writes.
func TestWritesAreRefusedBeforeAnyRequest(t *testing.T) {
	srv, db := start(t, sandbox.Options{Rows: 10})
	for _, q := range []string{
		"DELETE FROM tasks WHERE id = -1",
		"UPDATE projects SET name = 'x' WHERE id = -1",
		"INSERT INTO clients (id, name) VALUES (1, 'x')",
		"INSERT INTO main.clients SELECT * FROM clients WHERE 0",
	} {
		_, err := db.Exec(q)
		assert.ErrorIs(t, err, saasapi.ErrReadOnly, q)
	}
	assert.EqualValues(t, 0, srv.Requests())

	conn, err := db.Conn(context.Background())
	require.NoError(t, err)
	defer conn.Close()
	ctx := context.Background()
	_, err = conn.ExecContext(ctx, "CREATE TEMP TABLE tasks (id INTEGER, name TEXT)")
	require.NoError(t, err)
	_, err = conn.ExecContext(ctx, "INSERT INTO temp.tasks VALUES (1, 'mine')")
	require.NoError(t, err, "a TEMP table of the same name is the program's own")
	var name string
	require.NoError(t, conn.QueryRowContext(ctx, "SELECT name FROM temp.tasks").Scan(&name))
	assert.Equal(t, "mine", name)
}
