package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/saasapi/saasapi/providers"
	"github.com/saasapi/saasapi/sandbox"
	"github.com/saasapi/saasapi/schema"
	"github.com/saasapi/saasapi/sqlite/vtab"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// requiredBI makes a missing sqlite-utils or pandas fail the tests that
// drive them instead of skipping them; .ci/run sets it after installing
// Debian's sqlite-utils and python3-pandas.
var requiredBI = os.Getenv("SAASAPI_BI_TESTS") == "require"

// skipBI skips a test of a BI tool, or fails it when the tools are
// required.
func skipBI(t *testing.T, format string, args ...any) {
	t.Helper()
	if requiredBI {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

// inputArgs are a report's inputs as the arguments of its table-valued
// function, and as WHERE for the native driver.
func inputArgs(tbl *schema.Table) (args, where string) {
	var vals, terms []string
	for _, c := range tbl.Columns {
		if c.Input {
			v := "'2024-07-01'"
			if strings.HasPrefix(c.Name, "from") {
				v = "'2024-01-01'"
			}
			vals = append(vals, v)
			terms = append(terms, c.Name+" = "+v)
		}
	}
	return strings.Join(vals, ", "), strings.Join(terms, " AND ")
}

// TestEveryTableInTheShell walks every table of every provider through
// the extension in the sqlite3 shell: count(*) and SELECT * LIMIT 2
// answer what the native driver answers, child tables included (they fan
// out over their parent); a report fails naming its inputs and answers
// as a table-valued function.
func TestEveryTableInTheShell(t *testing.T) {
	sqlite3 := tool(t, "sqlite3")
	ext := buildExtension(t)
	for _, name := range providers.Names() {
		t.Run(name, func(t *testing.T) {
			srv, err := sandbox.Start(sandbox.Options{Provider: name, Rows: 120})
			require.NoError(t, err)
			defer srv.Close()
			db := native(t, srv)
			p, err := providers.Resolve(name)
			require.NoError(t, err)
			connect := ".output /dev/null\nSELECT saasapi_connect(" + sqlLit(srv.DSN()) + ");\n.output stdout\n"
			for _, tbl := range p.Tables {
				t.Run(tbl.Name, func(t *testing.T) {
					if !vtab.Browsable(p, tbl) {
						args, where := inputArgs(tbl)
						require.NotEmpty(t, args)
						out, errOut := shell(t, sqlite3, ext, connect+"SELECT count(*) FROM "+tbl.Name+";")
						assert.Empty(t, out)
						assert.Contains(t, errOut, "table "+tbl.Name+" can only be read with from_date and to_date given: add WHERE from_date = … AND to_date = …")
						assert.Contains(t, errOut, "SELECT * FROM "+tbl.Name+"('2024-01-01', '2024-12-31')")
						var n int
						require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM "+tbl.Name+" WHERE "+where).Scan(&n))
						out, errOut = shell(t, sqlite3, ext, connect+"SELECT count(*) FROM "+tbl.Name+"("+args+");")
						assert.Empty(t, errOut)
						assert.Equal(t, fmt.Sprintf("%d\n", n), out)
						return
					}
					var n int
					require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM "+tbl.Name).Scan(&n))
					require.Positive(t, n)
					out, errOut := shell(t, sqlite3, ext, connect+
						"SELECT count(*) FROM "+tbl.Name+";\nSELECT count(*) FROM (SELECT * FROM "+tbl.Name+" LIMIT 2);")
					assert.Empty(t, errOut)
					assert.Equal(t, fmt.Sprintf("%d\n%d\n", n, min(n, 2)), out)
				})
			}
		})
	}
}

func TestFanOutInTheShell(t *testing.T) {
	sqlite3 := tool(t, "sqlite3")
	ext := buildExtension(t)
	srv, err := sandbox.Start(sandbox.Options{Rows: 200})
	require.NoError(t, err)
	defer srv.Close()
	db := native(t, srv)
	connect := ".output /dev/null\nSELECT saasapi_connect(" + sqlLit(srv.DSN()) + ");\n.output stdout\n"

	out, errOut := shell(t, sqlite3, ext, connect+"EXPLAIN QUERY PLAN SELECT * FROM invoice_messages;")
	assert.Empty(t, errOut)
	assert.Contains(t, out, "SCAN invoice_messages VIRTUAL TABLE INDEX")
	assert.Contains(t, out, ":fan-out invoice_id=invoices.id")

	requests := func() []string {
		var out []string
		for _, r := range srv.Log() {
			out = append(out, r.Path+"?"+r.Query.Encode())
		}
		slices.Sort(out)
		return out
	}
	srv.ResetRequests()
	want := lines(t, db, "SELECT id, subject FROM invoice_messages ORDER BY id")
	wantRequests := requests()
	require.NotEmpty(t, want)
	srv.ResetRequests()
	out, errOut = shell(t, sqlite3, ext, connect+"SELECT id, subject FROM invoice_messages ORDER BY id;")
	assert.Empty(t, errOut)
	assert.Equal(t, want, out)
	assert.Equal(t, wantRequests, requests(), "the native driver's requests: the invoices, then each invoice's messages")
}

func TestPragmaTableInfoShowsKeys(t *testing.T) {
	sqlite3 := tool(t, "sqlite3")
	ext := buildExtension(t)
	srv, err := sandbox.Start(sandbox.Options{Rows: 10})
	require.NoError(t, err)
	defer srv.Close()
	out, errOut := shell(t, sqlite3, ext, ".output /dev/null\nSELECT saasapi_connect("+sqlLit(srv.DSN())+");\n.output stdout\n"+
		"SELECT cid, name, type, \"notnull\", pk FROM pragma_table_info('time_entries') WHERE name IN ('id', 'spent_date', 'created_at', 'is_billed');\n"+
		"SELECT name, type, \"notnull\", pk FROM pragma_table_info('time_report_clients') WHERE pk > 0;\n"+
		"SELECT name, hidden FROM pragma_table_xinfo('time_report_clients') WHERE hidden;")
	assert.Empty(t, errOut)
	assert.Equal(t, "0|id|INTEGER|1|1\n1|spent_date|DATE|0|0\n43|is_billed|BOOLEAN|0|0\n52|created_at|TIMESTAMP|0|0\n"+
		"client_id|INTEGER|1|1\ncurrency|TEXT|1|2\n"+
		"from_date|1\nto_date|1\n", out)
}

// biFile makes a database file by the documented recipe for BI tools
// (docs/sqlite.md) and returns its path and the environment that names
// the connection.
func biFile(t *testing.T, sqlite3, ext string, srv *sandbox.Server) (string, []string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "harvest.db")
	env := []string{"SAASAPI_DSN=" + srv.DSN()}
	out, errOut := shellOn(t, sqlite3, ext, file, env, "SELECT saasapi_connect('env:SAASAPI_DSN', 'main');")
	require.Empty(t, errOut)
	require.Equal(t, fmt.Sprintf("%d\n", tableCount(t, srv)), out)
	return file, env
}

// TestDatabaseFileKeepsReportsOutOfItsSchema: the file holds persistent
// tables for what can be browsed without inputs; the reports are reached
// by name in any process that opens the file with the extension loaded.
func TestDatabaseFileKeepsReportsOutOfItsSchema(t *testing.T) {
	sqlite3 := tool(t, "sqlite3")
	ext := buildExtension(t)
	srv, err := sandbox.Start(sandbox.Options{Rows: 200})
	require.NoError(t, err)
	defer srv.Close()
	db := native(t, srv)
	file, env := biFile(t, sqlite3, ext, srv)
	p, err := providers.Resolve("harvest")
	require.NoError(t, err)

	out, errOut := shellOn(t, sqlite3, ext, file, env, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;")
	assert.Empty(t, errOut)
	var want []string
	for _, tbl := range p.Tables {
		if vtab.Browsable(p, tbl) {
			want = append(want, tbl.Name)
		}
	}
	slices.Sort(want)
	assert.Equal(t, strings.Join(want, "\n")+"\n", out)
	assert.NotContains(t, out, "time_report_clients")
	assert.Contains(t, out, "invoice_messages")

	var n int
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM time_report_clients WHERE from_date = '2024-01-01' AND to_date = '2024-12-31'").Scan(&n))
	require.Positive(t, n)
	out, errOut = shellOn(t, sqlite3, ext, file, env,
		"SELECT count(*) FROM time_report_clients('2024-01-01', '2024-12-31');\n"+
			"SELECT count(*) FROM time_report_clients WHERE from_date = '2024-01-01' AND to_date = '2024-12-31';\n"+
			"SELECT count(*) FROM invoice_messages;")
	assert.Empty(t, errOut)
	var messages int
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM invoice_messages").Scan(&messages))
	assert.Equal(t, fmt.Sprintf("%d\n%d\n%d\n", n, n, messages), out, "a report is reachable by name in another process")

	// Made again, the file is the same.
	out, errOut = shellOn(t, sqlite3, ext, file, env, "SELECT saasapi_connect('env:SAASAPI_DSN', 'main');\nSELECT count(*) FROM sqlite_master;")
	assert.Empty(t, errOut)
	assert.Equal(t, fmt.Sprintf("%d\n%d\n", tableCount(t, srv), len(want)), out)
}

// sqliteUtils finds Debian's sqlite-utils.
func sqliteUtils(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/sqlite-utils", "sqlite-utils"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	skipBI(t, "sqlite-utils not found: install it (Debian: apt-get install -y sqlite-utils; .ci/run does)")
	return ""
}

// run runs a command with env added and returns its standard output; it
// fails the test when the command does not exit 0.
func run(t *testing.T, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "%s %s:\n%s", name, strings.Join(args, " "), stderr.String())
	return string(out)
}

// TestSQLiteUtilsBrowsesTheFile drives Debian's sqlite-utils over a file
// made by the recipe: tables --counts (every table counted, child tables
// too), rows and schema exit 0 with the native driver's numbers.
func TestSQLiteUtilsBrowsesTheFile(t *testing.T) {
	su := sqliteUtils(t)
	sqlite3 := tool(t, "sqlite3")
	ext := buildExtension(t)
	srv, err := sandbox.Start(sandbox.Options{Rows: 200})
	require.NoError(t, err)
	defer srv.Close()
	db := native(t, srv)
	file, env := biFile(t, sqlite3, ext, srv)
	load := "--load-extension=" + ext + ".so"

	var counts []struct {
		Table string `json:"table"`
		Count int    `json:"count"`
	}
	require.NoError(t, json.Unmarshal([]byte(run(t, env, su, "tables", file, "--counts", load)), &counts))
	p, err := providers.Resolve("harvest")
	require.NoError(t, err)
	browsable := 0
	for _, tbl := range p.Tables {
		if vtab.Browsable(p, tbl) {
			browsable++
		}
	}
	assert.Len(t, counts, browsable)
	for _, c := range counts {
		var n int
		require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM "+c.Table).Scan(&n))
		assert.Equal(t, n, c.Count, c.Table)
	}

	var rows []map[string]any
	require.NoError(t, json.Unmarshal([]byte(run(t, env, su, "rows", file, "invoice_messages", "--limit", "3", load)), &rows))
	require.Len(t, rows, 3)
	assert.Contains(t, rows[0], "invoice_id")
	assert.Contains(t, rows[0], "subject")

	schemaText := run(t, env, su, "schema", file, load)
	assert.Contains(t, schemaText, `CREATE VIRTUAL TABLE "time_entries" USING saasapi('env:SAASAPI_DSN', 'time_entries');`)
	assert.NotContains(t, schemaText, sandbox.DefaultToken)
}

// pandasScript reads time entries with pandas' read_sql and parse_dates,
// and a report through its table-valued function, and prints JSON.
const pandasScript = `
import json, sqlite3, sys
import pandas as pd
ext, db = sys.argv[1], sys.argv[2]
con = sqlite3.connect(db)
con.enable_load_extension(True)
con.load_extension(ext)
con.enable_load_extension(False)
df = pd.read_sql("SELECT id, spent_date, created_at, hours FROM time_entries ORDER BY id", con,
                 parse_dates=["spent_date", "created_at"])
report = pd.read_sql("SELECT client_name, total_hours FROM time_report_clients(?, ?) ORDER BY client_name, currency", con,
                     params=("2024-01-01", "2024-12-31"))
print(json.dumps({
    "dtypes": {c: str(t) for c, t in df.dtypes.items()},
    "rows": len(df),
    "first": [str(df["id"][0]), df["spent_date"][0].isoformat(), df["created_at"][0].isoformat(), df["hours"][0]],
    "report": [[n, h] for n, h in zip(report["client_name"], report["total_hours"])],
}))
`

// TestPandasReadSQL reads the file made by the recipe with Debian's
// pandas: read_sql with parse_dates gives datetime columns holding the
// native driver's values.
func TestPandasReadSQL(t *testing.T) {
	py := python(t)
	if exec.Command(py, "-c", "import pandas").Run() != nil {
		skipBI(t, "pandas not found for %s: install it (Debian: apt-get install -y python3-pandas; .ci/run does)", py)
	}
	sqlite3 := tool(t, "sqlite3")
	ext := buildExtension(t)
	srv, err := sandbox.Start(sandbox.Options{Rows: 200})
	require.NoError(t, err)
	defer srv.Close()
	db := native(t, srv)
	file, env := biFile(t, sqlite3, ext, srv)

	var got struct {
		Dtypes map[string]string
		Rows   int
		First  []any
		Report [][]any
	}
	require.NoError(t, json.Unmarshal([]byte(run(t, env, py, "-c", pandasScript, ext, file)), &got))
	assert.Equal(t, map[string]string{"id": "int64", "spent_date": "datetime64[ns]", "created_at": "datetime64[ns]", "hours": "float64"}, got.Dtypes)

	var (
		n     int
		id    int64
		day   sql.NullTime
		stamp sql.NullTime
		hours float64
	)
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM time_entries").Scan(&n))
	require.NoError(t, db.QueryRow("SELECT id, spent_date, created_at, hours FROM time_entries ORDER BY id LIMIT 1").Scan(&id, &day, &stamp, &hours))
	assert.Equal(t, n, got.Rows)
	assert.Equal(t, []any{fmt.Sprint(id), day.Time.Format("2006-01-02T15:04:05"), stamp.Time.Format("2006-01-02T15:04:05"), hours}, got.First)

	rows, err := db.Query("SELECT client_name, total_hours FROM time_report_clients WHERE from_date = '2024-01-01' AND to_date = '2024-12-31' ORDER BY client_name, currency")
	require.NoError(t, err)
	defer rows.Close()
	var want [][]any
	for rows.Next() {
		var name string
		var h float64
		require.NoError(t, rows.Scan(&name, &h))
		want = append(want, []any{name, h})
	}
	require.NoError(t, rows.Err())
	require.NotEmpty(t, want)
	assert.Equal(t, want, got.Report)
}
