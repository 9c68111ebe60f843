package main

import (
	"bytes"
	"database/sql"
	"debug/elf"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/dsn"
	"github.com/saasapi/saasapi/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests build the extension as `make extension` does and load it
// into the sqlite3 shell and Python's sqlite3, against sandboxes on
// loopback. They skip only when a tool is missing; .ci/run installs them.

// required makes a missing tool fail the tests instead of skipping them;
// .ci/run sets it after installing the tools.
var required = os.Getenv("SAASAPI_EXTENSION_TESTS") == "require"

// skip skips the test, or fails it when the tools are required.
func skip(t *testing.T, format string, args ...any) {
	t.Helper()
	if required {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

// extensionTags are the build tags of `make extension`: no_sqlite_cache
// leaves out the cache's SQLite store, so no second SQLite is linked in.
const extensionTags = "sqlite_vtable,no_sqlite_cache"

// built is the extension, built once for the package's tests.
var built struct {
	sync.Once
	dir string
	out []byte
	err error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// buildExtension builds saasapi.so as `make extension` does, once, and
// returns the path to give .load (the file without its suffix).
func buildExtension(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		skip(t, "go is not on PATH: cannot build the extension")
	}
	built.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "saasapi-ext"); built.err != nil {
			return
		}
		cmd := exec.Command(goTool, "build", "-tags="+extensionTags, "-buildmode=c-shared", "-ldflags=-s -w", "-o", filepath.Join(built.dir, "saasapi.so"), ".")
		built.out, built.err = cmd.CombinedOutput()
	})
	require.NoError(t, built.err, "go build -buildmode=c-shared:\n%s", built.out)
	return filepath.Join(built.dir, "saasapi")
}

// TestSharedObject checks the built library: the entry point SQLite
// derives from its name is exported, and no sqlite3_* symbol is left for
// the host to resolve (every call goes through the sqlite3_api table), nor
// is go-sqlite3 linked in.
func TestSharedObject(t *testing.T) {
	f, err := elf.Open(buildExtension(t) + ".so")
	if err != nil {
		skip(t, "not an ELF shared object: %v", err)
	}
	defer f.Close()
	syms, err := f.DynamicSymbols()
	require.NoError(t, err)
	entry := false
	for _, s := range syms {
		if s.Name == "sqlite3_saasapi_init" && s.Section != elf.SHN_UNDEF {
			entry = true
		}
		if strings.HasPrefix(s.Name, "sqlite3_") && s.Name != "sqlite3_api" {
			assert.NotEqual(t, elf.SHN_UNDEF, s.Section, "undefined %s", s.Name)
			assert.Equal(t, "sqlite3_saasapi_init", s.Name, "the extension defines no SQLite of its own")
		}
	}
	assert.True(t, entry, "sqlite3_saasapi_init is exported")

	out, err := exec.Command("go", "list", "-tags="+extensionTags, "-deps", ".").Output()
	require.NoError(t, err)
	assert.NotContains(t, string(out), "github.com/mattn/go-sqlite3")
}

// tool finds a program, preferring Debian's copy.
func tool(t *testing.T, name string) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/" + name, name} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	skip(t, "%s not found: install it (Debian: apt-get install -y sqlite3 libsqlite3-dev python3; .ci/run does)", name)
	return ""
}

// sqlLit quotes a string as an SQL literal.
func sqlLit(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// shell runs a script in the sqlite3 shell on an in-memory database, after
// loading the extension, and returns its standard output and error.
func shell(t *testing.T, sqlite3, ext, script string) (stdout, stderr string) {
	t.Helper()
	return shellOn(t, sqlite3, ext, ":memory:", nil, script)
}

// shellOn runs a script on the database file db, with env added to the
// shell's environment.
func shellOn(t *testing.T, sqlite3, ext, db string, env []string, script string) (stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(sqlite3, "-batch", db)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = strings.NewReader(".load " + ext + "\n.mode list\n.headers off\n" + script + "\n")
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	_ = cmd.Run() // the shell exits 1 after an error; the output says which
	return o.String(), e.String()
}

// native opens the native driver on a sandbox, to compute expected rows.
func native(t *testing.T, srv *sandbox.Server) *sql.DB {
	t.Helper()
	db, err := sql.Open("saasapi", srv.DSN())
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

// lines runs a query on the native driver and formats its rows as the
// shell's list mode does (columns joined by |, one line per row).
func lines(t *testing.T, db *sql.DB, q string, args ...any) string {
	t.Helper()
	rows, err := db.Query(q, args...)
	require.NoError(t, err, q)
	defer rows.Close()
	cols, err := rows.Columns()
	require.NoError(t, err)
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, rows.Scan(ptrs...))
		cells := make([]string, len(vals))
		for i, v := range vals {
			cells[i] = fmt.Sprint(v)
		}
		b.WriteString(strings.Join(cells, "|") + "\n")
	}
	require.NoError(t, rows.Err())
	return b.String()
}

func tableCount(t *testing.T, srv *sandbox.Server) int {
	t.Helper()
	cfg, err := dsn.Parse(srv.DSN())
	require.NoError(t, err)
	c, err := saasapi.NewConnector(cfg)
	require.NoError(t, err)
	return len(c.Provider().TableNames())
}

func TestShell(t *testing.T) {
	sqlite3 := tool(t, "sqlite3")
	ext := buildExtension(t)
	srv, err := sandbox.Start(sandbox.Options{Rows: 300})
	require.NoError(t, err)
	defer srv.Close()
	db := native(t, srv)
	ds := srv.Dataset()
	// connect makes the tables, without printing their number.
	connect := ".output /dev/null\nSELECT saasapi_connect(" + sqlLit(srv.DSN()) + ");\n.output stdout\n"
	project := ds.TimeEntries[0].Project.ID

	t.Run("load and connect", func(t *testing.T) {
		out, errOut := shell(t, sqlite3, ext, "SELECT saasapi_connect("+sqlLit(srv.DSN())+");\n"+
			".tables time_entries\nSELECT count(*) FROM projects;")
		assert.Empty(t, errOut)
		assert.Equal(t, fmt.Sprintf("%d\ntemp.time_entries\n%d\n", tableCount(t, srv), len(ds.Projects)), out)
	})

	t.Run("filtered query pushed to the API", func(t *testing.T) {
		srv.ResetRequests()
		out, errOut := shell(t, sqlite3, ext, connect+
			fmt.Sprintf("SELECT count(*), printf('%%.2f', sum(hours)) FROM time_entries WHERE project_id = %d;", project))
		assert.Empty(t, errOut)
		var n int
		var sum float64
		require.NoError(t, db.QueryRow("SELECT COUNT(*), SUM(hours) FROM time_entries WHERE project_id = ?", project).Scan(&n, &sum))
		assert.Equal(t, fmt.Sprintf("%d|%.2f\n", n, sum), out)
		log := srv.Log()
		require.NotEmpty(t, log)
		assert.Equal(t, fmt.Sprint(project), log[0].Query.Get("project_id"))
	})

	t.Run("range filter sent and rechecked", func(t *testing.T) {
		srv.ResetRequests()
		out, errOut := shell(t, sqlite3, ext, connect+
			"SELECT count(*) FROM time_entries WHERE spent_date >= '2024-01-01' AND spent_date < '2024-07-01';")
		assert.Empty(t, errOut)
		n := 0
		for _, e := range ds.TimeEntries {
			if e.SpentDate >= "2024-01-01" && e.SpentDate < "2024-07-01" {
				n++
			}
		}
		assert.Equal(t, fmt.Sprintf("%d\n", n), out)
		log := srv.Log()
		require.NotEmpty(t, log)
		assert.Equal(t, "2024-01-01", log[0].Query.Get("from"))
	})

	t.Run("MaxRequests per statement", func(t *testing.T) {
		srv.ResetRequests()
		_, errOut := shell(t, sqlite3, ext, ".output /dev/null\nSELECT saasapi_connect("+sqlLit(srv.DSN()+";Pagesize=20;MaxRequests=2")+");\n"+
			".output stdout\nSELECT count(*) FROM time_entries;")
		assert.Contains(t, errOut, "too many requests")
		assert.Contains(t, errOut, "MaxRequests=2")
		assert.LessOrEqual(t, srv.Requests(), int64(2), "nothing past the budget")
	})

	t.Run("join with GROUP BY", func(t *testing.T) {
		q := "SELECT p.name, COUNT(*) FROM time_entries te JOIN projects p ON p.id = te.project_id GROUP BY p.name ORDER BY p.name"
		out, errOut := shell(t, sqlite3, ext, connect+q+";")
		assert.Empty(t, errOut)
		want := lines(t, db, q)
		require.NotEmpty(t, want)
		assert.Equal(t, want, out)
	})

	t.Run("window function", func(t *testing.T) {
		out, errOut := shell(t, sqlite3, ext, connect+`
			SELECT user_id, printf('%.2f', running) FROM (
				SELECT user_id, sum(hours) OVER (PARTITION BY user_id ORDER BY spent_date, id) AS running,
				       row_number() OVER (PARTITION BY user_id ORDER BY spent_date DESC, id DESC) AS rn
				FROM time_entries)
			WHERE rn = 1 ORDER BY user_id;`)
		assert.Empty(t, errOut)
		totals := map[int64]float64{}
		for _, e := range ds.TimeEntries {
			totals[e.User.ID] += e.Hours
		}
		users := make([]int64, 0, len(totals))
		for u := range totals {
			users = append(users, u)
		}
		slices.Sort(users)
		var want strings.Builder
		for _, u := range users {
			fmt.Fprintf(&want, "%d|%.2f\n", u, totals[u])
		}
		assert.Equal(t, want.String(), out)
	})

	t.Run("EXPLAIN QUERY PLAN shows pushed constraints", func(t *testing.T) {
		out, errOut := shell(t, sqlite3, ext, connect+
			"EXPLAIN QUERY PLAN SELECT * FROM time_entries WHERE project_id = 1 AND spent_date >= '2024-01-01';\n"+
			"EXPLAIN QUERY PLAN SELECT * FROM time_entries WHERE id IN (1, 2, 3);")
		assert.Empty(t, errOut)
		assert.Contains(t, out, "SCAN time_entries VIRTUAL TABLE INDEX")
		assert.Contains(t, out, ":project_id= spent_date>=~")
		assert.Contains(t, out, ":id=")
	})

	t.Run("IN list: one request per value", func(t *testing.T) {
		e := ds.TimeEntries
		srv.ResetRequests()
		out, errOut := shell(t, sqlite3, ext, connect+
			fmt.Sprintf("SELECT count(*) FROM time_entries WHERE id IN (%d, %d, %d);", e[0].ID, e[5].ID, e[9].ID))
		assert.Empty(t, errOut)
		assert.Equal(t, "3\n", out)
		assert.EqualValues(t, 3, srv.Requests())
	})

	t.Run("two accounts side by side", func(t *testing.T) {
		// Two Harvest sandboxes with different data stand for two
		// providers: each connection's tables live in its own schema.
		other, err := sandbox.Start(sandbox.Options{Rows: 120, Seed: 2})
		require.NoError(t, err)
		defer other.Close()
		out, errOut := shell(t, sqlite3, ext,
			"SELECT saasapi_connect("+sqlLit(srv.DSN())+", 'acme');\n"+
				"SELECT saasapi_connect("+sqlLit(other.DSN())+", 'globex');\n"+
				"SELECT (SELECT count(*) FROM acme.time_entries), (SELECT count(*) FROM globex.time_entries);\n"+
				"SELECT count(*) FROM acme.clients a JOIN globex.clients g ON g.name = a.name;\n"+
				".databases")
		assert.Empty(t, errOut)
		common := 0
		for _, a := range ds.Clients {
			for _, g := range other.Dataset().Clients {
				if a.Name == g.Name {
					common++
				}
			}
		}
		n := tableCount(t, srv)
		assert.True(t, strings.HasPrefix(out, fmt.Sprintf("%d\n%d\n%d|%d\n%d\n", n, n, len(ds.TimeEntries), len(other.Dataset().TimeEntries), common)), out)
		assert.Contains(t, out, "acme: ")
		assert.Contains(t, out, "globex: ")
	})

	t.Run("two providers side by side", func(t *testing.T) {
		calls, err := sandbox.Start(sandbox.Options{Provider: sandbox.ProviderAircall, Rows: 150})
		require.NoError(t, err)
		defer calls.Close()
		aircall := native(t, calls)
		q := "SELECT u.name, COUNT(*) FROM calls c JOIN users u ON u.id = c.user_id GROUP BY u.name ORDER BY u.name"
		want := lines(t, aircall, q)
		require.NotEmpty(t, want)
		var nCalls, nUsers int
		require.NoError(t, aircall.QueryRow("SELECT COUNT(*) FROM calls").Scan(&nCalls))
		require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM users").Scan(&nUsers))
		out, errOut := shell(t, sqlite3, ext, ".output /dev/null\n"+
			"SELECT saasapi_connect("+sqlLit(srv.DSN())+", 'harvest');\n"+
			"SELECT saasapi_connect("+sqlLit(calls.DSN())+", 'aircall');\n.output stdout\n"+
			"SELECT (SELECT count(*) FROM harvest.users), (SELECT count(*) FROM aircall.calls);\n"+
			strings.ReplaceAll(strings.ReplaceAll(q, "FROM calls", "FROM aircall.calls"), "JOIN users", "JOIN aircall.users")+";")
		assert.Empty(t, errOut)
		assert.Equal(t, fmt.Sprintf("%d|%d\n", nUsers, nCalls)+want, out)
	})

	t.Run("CREATE VIRTUAL TABLE", func(t *testing.T) {
		out, errOut := shell(t, sqlite3, ext,
			"CREATE VIRTUAL TABLE te USING saasapi("+sqlLit(srv.DSN())+", 'time_entries');\n"+
				"CREATE VIRTUAL TABLE temp.tasks USING saasapi("+sqlLit(srv.DSN())+");\n"+
				"SELECT count(*) FROM te;\nSELECT count(*) FROM tasks;")
		assert.Empty(t, errOut)
		assert.Equal(t, fmt.Sprintf("%d\n%d\n", len(ds.TimeEntries), len(ds.Tasks)), out)
	})

	t.Run("connecting again replaces the tables, secrets stay out of the schema", func(t *testing.T) {
		out, errOut := shell(t, sqlite3, ext, connect+connect+
			"SELECT count(*) FROM time_entries;\nSELECT sql FROM sqlite_temp_master WHERE name = 'projects';")
		assert.Empty(t, errOut)
		assert.Contains(t, out, fmt.Sprintf("%d\n", len(ds.TimeEntries)))
		assert.Regexp(t, `CREATE VIRTUAL TABLE "projects" USING saasapi\('@\d+', 'projects'\)`, out)
		assert.NotContains(t, out, sandbox.DefaultToken)
	})

	t.Run("database file for BI tools: env: keeps the secret out", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "harvest.db")
		env := []string{"SAASAPI_DSN=" + srv.DSN()}
		out, errOut := shellOn(t, sqlite3, ext, file, env, "SELECT saasapi_connect('env:SAASAPI_DSN', 'main');")
		assert.Empty(t, errOut)
		assert.Equal(t, fmt.Sprintf("%d\n", tableCount(t, srv)), out)

		// Another process, as a BI tool would open the file.
		out, errOut = shellOn(t, sqlite3, ext, file, env,
			"SELECT count(*) FROM projects;\nSELECT sql FROM sqlite_master WHERE name = 'projects';")
		assert.Empty(t, errOut)
		assert.Equal(t, fmt.Sprintf("%d\nCREATE VIRTUAL TABLE \"projects\" USING saasapi('env:SAASAPI_DSN', 'projects')\n", len(ds.Projects)), out)
		raw, err := os.ReadFile(file)
		require.NoError(t, err)
		assert.NotContains(t, string(raw), sandbox.DefaultToken)

		_, errOut = shellOn(t, sqlite3, ext, file, []string{"SAASAPI_DSN="}, "SELECT count(*) FROM projects;")
		assert.Contains(t, errOut, "environment variable SAASAPI_DSN is not set")
	})

	t.Run("errors", func(t *testing.T) {
		bad := strings.Replace(srv.DSN(), sandbox.DefaultToken, "wrong-token-4242", 1)
		tests := []struct {
			name, script string
			want         []string
		}{
			{"401 names APIKey, never the token", "SELECT saasapi_connect(" + sqlLit(bad) + ", 'bad');\nSELECT count(*) FROM bad.projects;",
				[]string{"401 Unauthorized", "check APIKey"}},
			{"unknown table", "CREATE VIRTUAL TABLE x USING saasapi(" + sqlLit(srv.DSN()) + ", 'time_entrie');",
				[]string{`unknown table "time_entrie" in profile harvest (did you mean "time_entries"?)`}},
			{"unknown column", connect + "SELECT hourz FROM time_entries;", []string{"no such column: hourz"}},
			{"connection string", "SELECT saasapi_connect('Profile=harvest;AuthSchem=APIKEY');",
				[]string{`unknown property "AuthSchem" (did you mean "AuthScheme"?)`}},
			{"missing setting", "SELECT saasapi_connect('Profile=harvest;ProfileSettings=''APIKey=x''');",
				[]string{"ProfileSettings is missing AccountId"}},
			{"main schema", "SELECT saasapi_connect(" + sqlLit(srv.DSN()) + ", 'main');", []string{"tables go to TEMP"}},
			{"not our table", "CREATE TEMP TABLE projects(x);\n" + connect, []string{"temp.projects exists and is not a saasapi table"}},
			{"arguments", "CREATE VIRTUAL TABLE x USING saasapi();", []string{"takes 1 or 2 arguments"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, errOut := shell(t, sqlite3, ext, tt.script)
				for _, w := range tt.want {
					assert.Contains(t, errOut, w)
				}
				assert.NotContains(t, errOut, "wrong-token-4242")
			})
		}
	})
}

// pythonScript loads the extension into Python's sqlite3 and prints what
// it reads as JSON.
const pythonScript = `
import json, sqlite3, sys
ext, dsn, bad, project = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
out = {}
for round in range(2):  # a second connection loads it again
    con = sqlite3.connect(":memory:")
    con.enable_load_extension(True)
    con.load_extension(ext)
    con.enable_load_extension(False)
    out["tables"] = con.execute("SELECT saasapi_connect(?)", (dsn,)).fetchone()[0]
    out["count"] = con.execute("SELECT count(*) FROM time_entries WHERE project_id = ?", (project,)).fetchone()[0]
    out["window"] = con.execute(
        "SELECT id, row_number() OVER (ORDER BY spent_date DESC, id DESC) FROM time_entries "
        "WHERE project_id = ? ORDER BY 2 LIMIT 1", (project,)).fetchone()[0]
    con.execute("SELECT saasapi_connect(?, 'bad')", (bad,))
    try:
        con.execute("SELECT * FROM bad.projects").fetchall()
        out["error"] = ""
    except sqlite3.Error as e:
        out["error"] = str(e)
    con.close()
print(json.dumps(out))
`

// python finds a python3 whose sqlite3 can load extensions (pyenv's
// builds often cannot; Debian's /usr/bin/python3 can).
func python(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		path, err := exec.LookPath(p)
		if err != nil {
			continue
		}
		check := exec.Command(path, "-c", "import sqlite3; sqlite3.connect(':memory:').enable_load_extension")
		if check.Run() == nil {
			return path
		}
	}
	skip(t, "no python3 whose sqlite3 module can load extensions (Debian: apt-get install -y python3; .ci/run does)")
	return ""
}

func TestPython(t *testing.T) {
	py := python(t)
	ext := buildExtension(t)
	srv, err := sandbox.Start(sandbox.Options{Rows: 200})
	require.NoError(t, err)
	defer srv.Close()
	ds := srv.Dataset()
	project := ds.TimeEntries[0].Project.ID
	bad := strings.Replace(srv.DSN(), sandbox.DefaultToken, "wrong-token-4242", 1)

	cmd := exec.Command(py, "-c", pythonScript, ext, srv.DSN(), bad, fmt.Sprint(project))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	require.NoError(t, err)
	var got struct {
		Tables, Count int
		Window        int64
		Error         string
	}
	require.NoError(t, json.Unmarshal(out, &got), "%s", out)

	count, latest := 0, ds.TimeEntries[0]
	for _, e := range ds.TimeEntries {
		if e.Project.ID != project {
			continue
		}
		count++
		if e.SpentDate > latest.SpentDate || e.SpentDate == latest.SpentDate && e.ID > latest.ID {
			latest = e
		}
	}
	assert.Equal(t, tableCount(t, srv), got.Tables)
	assert.Equal(t, count, got.Count)
	assert.Equal(t, latest.ID, got.Window)
	assert.Contains(t, got.Error, "401 Unauthorized")
	assert.Contains(t, got.Error, "APIKey")
	assert.NotContains(t, got.Error, "wrong-token-4242")
}
