package saasapi_test

import (
	"bufio"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/saasapi/saasapi/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The documentation's SQL examples are run by TestDocsExamplesRun against
// the sandbox of their provider (its default dataset, the one
// `saasapi query --sandbox` serves). What counts as an example:
//
//   - every statement of a ```sql block (statements end with ;);
//   - the SQL argument of a `saasapi query` command in a shell block
//     (```sh or a bare ```), with the output the docs show after it;
//   - the statements typed at a `sqlite>` prompt (with `...>`
//     continuation lines), run through saasapi-sqlite;
//   - for an EXPLAIN (or EXPLAIN QUERY PLAN), also the query it explains,
//     which must return rows;
//   - the SQL strings of ```go and ```python blocks (string literals that
//     start with SELECT, WITH or EXPLAIN); a Go block that imports
//     saasapi/sqlite, and every Python block, run through saasapi-sqlite;
//   - inline code that is a whole query: it starts with SELECT, EXPLAIN
//     SELECT or WITH, has a FROM, and no … or < placeholder.
//
// Calls of saasapi_connect and CREATE VIRTUAL TABLE are the loadable
// extension's setup (its own tests run them) and are not run here; nor is
// a block marked <!-- checked -->, a shell or Python session that
// sqlite/extension's TestDocsSamplesAreReal runs and compares line by line.
//
// A marker comment sets what the docs leave implicit:
//
//	<!-- sql: provider=aircall engine=sqlite args=14308205 expect=rows -->
//
// placed right before a fenced block (blank lines between are allowed),
// it applies to that block; anywhere else, to the rest of the file.
// provider is harvest, aircall or aha (default: harvest, or the provider
// of docs/tables/<provider>.md); engine is native (the saasapi driver,
// the default) or sqlite (saasapi-sqlite); args are the values of the ?
// placeholders of Go and Python examples, comma-separated; expect=rows
// says the example returns rows, and expect="error: text" that it fails
// with an error containing text. Inside SQL, a comment `-- expect: rows`
// or `-- expect: error text` says the same of its statement. An example
// followed by output in the docs (the lines after a command typed at a $
// or sqlite> prompt, up to a blank line or the next prompt) is expected
// to return rows; the output shown for `saasapi query` is compared with
// what the command prints (the sandbox's port written as PORT).

// docExample is one SQL statement of the documentation.
type docExample struct {
	file, sql        string
	line             int
	args             []any
	provider, engine string
	expect           string   // "", "rows" or "error: text"
	output           []string // what the docs show `saasapi query` printing
	cli              bool     // a `saasapi query` command in table format
	rows             int      // --rows of a `saasapi query --sandbox`
}

func (e docExample) String() string { return fmt.Sprintf("%s:%d", e.file, e.line) }

// docMarker holds the settings of a marker comment.
type docMarker map[string]string

var (
	reMarker     = regexp.MustCompile(`^\s*<!--\s*sql:(.*?)-->\s*$`)
	reMarkerPair = regexp.MustCompile(`(\w+)=("[^"]*"|\S+)`)
	reFence      = regexp.MustCompile("^\\s*```\\s*([\\w-]*)\\s*$")
	reInline     = regexp.MustCompile("`([^`]+)`")
	reKeyword    = regexp.MustCompile(`(?i)^\s*(SELECT|WITH|EXPLAIN|SHOW|DESCRIBE)\b`)
	reGoString   = regexp.MustCompile("`([^`]*)`|\"((?:[^\"\\\\]|\\\\.)*)\"")
	rePyString   = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'`)
	reShellArg   = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"|'([^']*)'`)
	reProfile    = regexp.MustCompile(`(?i)Profile=(\w+)`)
	reRowsFlag   = regexp.MustCompile(`--rows[ =](\d+)`)
	reExpect     = regexp.MustCompile(`(?im)--\s*expect:\s*(.*?)\s*$`)
	reSandboxURL = regexp.MustCompile(`127\.0\.0\.1:\d+`)
	reSpaces     = regexp.MustCompile(`(\S) {2,}`)
)

func parseMarker(s string) docMarker {
	m := docMarker{}
	for _, p := range reMarkerPair.FindAllStringSubmatch(s, -1) {
		m[p[1]] = strings.Trim(p[2], `"`)
	}
	return m
}

func merge(base, over docMarker) docMarker {
	out := docMarker{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		out[k] = v
	}
	return out
}

// markerArgs reads args=: integers, and text with or without quotes.
func markerArgs(s string) []any {
	if s == "" {
		return nil
	}
	var out []any
	for _, a := range strings.Split(s, ",") {
		if n, err := strconv.ParseInt(a, 10, 64); err == nil {
			out = append(out, n)
		} else {
			out = append(out, strings.Trim(a, `'`))
		}
	}
	return out
}

// setup reports whether a statement belongs to the extension's setup.
func setup(s string) bool {
	u := strings.ToUpper(s)
	return strings.Contains(u, "SAASAPI_CONNECT(") || strings.HasPrefix(strings.TrimSpace(u), "CREATE VIRTUAL TABLE")
}

// docFiles are README.md and every Markdown file under docs/.
func docFiles(t *testing.T) []string {
	files := []string{"README.md"}
	require.NoError(t, filepath.WalkDir("docs", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".md") {
			files = append(files, path)
		}
		return err
	}))
	return files
}

// extractExamples reads the examples of one Markdown file. It fails the
// test on a block that holds SQL it cannot read as examples.
func extractExamples(t *testing.T, file string) []docExample {
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	fileMarker := docMarker{"provider": "harvest", "engine": "native"}
	if dir, name := filepath.Split(file); filepath.Base(dir) == "tables" {
		fileMarker["provider"] = strings.TrimSuffix(name, ".md")
	}
	lines := strings.Split(string(b), "\n")
	var out []docExample
	var pending docMarker // a marker waiting for the next line
	checked := false      // the next block is a <!-- checked --> sample
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if strings.TrimSpace(line) == "<!-- checked -->" {
			checked = true
			continue
		}
		if m := reMarker.FindStringSubmatch(line); m != nil {
			pending = parseMarker(m[1])
			// A marker right before a fence is the block's; otherwise it
			// is the file's from here on.
			j := i + 1
			for j < len(lines) && strings.TrimSpace(lines[j]) == "" {
				j++
			}
			if j == len(lines) || !reFence.MatchString(lines[j]) {
				fileMarker = merge(fileMarker, pending)
				pending = nil
			}
			continue
		}
		if m := reFence.FindStringSubmatch(line); m != nil {
			lang, start := m[1], i+1
			j := start
			for j < len(lines) && !reFence.MatchString(lines[j]) {
				j++
			}
			block := lines[start:min(j, len(lines))]
			mk := merge(fileMarker, pending)
			pending = nil
			if checked {
				// A sample sqlite/extension's TestDocsSamplesAreReal runs
				// in the sqlite3 shell or python3 and compares line by line.
				checked = false
				i = j
				continue
			}
			got, setups := blockExamples(t, file, start+1, lang, block, mk)
			text := strings.Join(block, "\n")
			if len(got) == 0 && setups == 0 && regexp.MustCompile(`\bSELECT\b`).MatchString(text) && lang != "yaml" && lang != "text" {
				assert.Fail(t, "SQL the docs test cannot read", "%s:%d: the block holds SELECT but no example: write it as a ```sql block, a `saasapi query` command or a sqlite> prompt", file, start)
			}
			out = append(out, got...)
			i = j
			continue
		}
		for _, m := range reInline.FindAllStringSubmatch(line, -1) {
			s := strings.TrimSpace(m[1])
			u := strings.ToUpper(s)
			whole := strings.HasPrefix(u, "SELECT ") || strings.HasPrefix(u, "EXPLAIN SELECT ") || strings.HasPrefix(u, "WITH ")
			if !whole || !strings.Contains(u, " FROM ") || strings.ContainsAny(s, "…<") || setup(s) {
				continue
			}
			out = append(out, docExample{file: file, line: i + 1, sql: s, provider: fileMarker["provider"], engine: fileMarker["engine"], expect: fileMarker["expect"]})
		}
	}
	return out
}

// blockExamples reads the examples of one fenced block; setups counts the
// extension's setup statements it skipped.
func blockExamples(t *testing.T, file string, first int, lang string, block []string, mk docMarker) (out []docExample, setups int) {
	add := func(line int, sql string, ex docExample) {
		if setup(sql) {
			setups++
			return
		}
		ex.file, ex.line, ex.sql = file, line, strings.TrimSpace(sql)
		if ex.provider == "" {
			ex.provider = mk["provider"]
		}
		if ex.engine == "" {
			ex.engine = mk["engine"]
		}
		if m := reExpect.FindStringSubmatch(sql); m != nil {
			ex.expect = m[1]
		} else if ex.expect == "" {
			ex.expect = mk["expect"]
		}
		out = append(out, ex)
	}
	switch lang {
	case "sql":
		var stmt []string
		at := first
		for k, l := range block {
			if len(stmt) == 0 {
				at = first + k
			}
			stmt = append(stmt, l)
			code, _, _ := strings.Cut(l, "--")
			if strings.HasSuffix(strings.TrimSpace(code), ";") {
				add(at, strings.Join(stmt, "\n"), docExample{})
				stmt = nil
			}
		}
		if strings.TrimSpace(stripComments(strings.Join(stmt, "\n"))) != "" {
			add(at, strings.Join(stmt, "\n"), docExample{})
		}
	case "go", "python":
		text := strings.Join(block, "\n")
		engine := mk["engine"]
		if lang == "python" || strings.Contains(text, `saasapi/sqlite"`) {
			engine = "sqlite"
		}
		re := reGoString
		if lang == "python" {
			re = rePyString
		}
		for _, m := range re.FindAllStringSubmatchIndex(text, -1) {
			s := text[m[0]+1 : m[1]-1]
			if !reKeyword.MatchString(s) {
				continue
			}
			line := first + strings.Count(text[:m[0]], "\n")
			add(line, s, docExample{engine: engine, args: markerArgs(mk["args"])})
		}
	case "", "sh", "console", "shell", "text":
		for k := 0; k < len(block); k++ {
			l := strings.TrimSpace(block[k])
			switch {
			case strings.Contains(l, "saasapi query"):
				var sql string
				for _, a := range reShellArg.FindAllStringSubmatch(l, -1) {
					if s := a[1] + a[2]; reKeyword.MatchString(s) {
						sql = s
					}
				}
				if sql == "" {
					continue // a synopsis ("SQL"), not an example
				}
				ex := docExample{cli: !strings.Contains(l, "--format") || strings.Contains(l, "--format table")}
				if p := reProfile.FindStringSubmatch(l); p != nil {
					ex.provider = strings.ToLower(p[1])
				}
				if r := reRowsFlag.FindStringSubmatch(l); r != nil {
					ex.rows, _ = strconv.Atoi(r[1])
				}
				// A command typed at a $ prompt is followed by its output.
				for strings.HasPrefix(l, "$ ") && k+1 < len(block) && strings.TrimSpace(block[k+1]) != "" && !strings.HasPrefix(strings.TrimSpace(block[k+1]), "$ ") {
					k++
					ex.output = append(ex.output, block[k])
				}
				if len(ex.output) > 0 {
					ex.expect = "rows"
				}
				add(first+k-len(ex.output), strings.ReplaceAll(sql, `\"`, `"`), ex)
			case strings.HasPrefix(l, "sqlite> "):
				at := first + k
				stmt := strings.TrimPrefix(l, "sqlite> ")
				if strings.HasPrefix(stmt, ".") {
					continue // a dot-command of the shell
				}
				for !strings.HasSuffix(strings.TrimSpace(stmt), ";") && k+1 < len(block) && strings.HasPrefix(strings.TrimSpace(block[k+1]), "...> ") {
					k++
					stmt += "\n" + strings.TrimPrefix(strings.TrimSpace(block[k]), "...> ")
				}
				ex := docExample{engine: "sqlite"}
				if k+1 < len(block) {
					next := strings.TrimSpace(block[k+1])
					if next != "" && !strings.HasPrefix(next, "sqlite>") {
						ex.expect = "rows"
					}
				}
				add(at, stmt, ex)
			case setup(l):
				setups++ // sqlite3 "SELECT saasapi_connect(…)"
			}
		}
	}
	return out, setups
}

// stripComments removes -- comments outside of quotes.
func stripComments(s string) string {
	var b strings.Builder
	quote := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"' || c == '`':
			quote = c
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			for i < len(s) && s[i] != '\n' {
				i++
			}
			if i < len(s) {
				b.WriteByte('\n')
			}
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// openBridge opens saasapi-sqlite on a DSN; docs_examples_bridge_test.go
// sets it in builds with the SQLite bridge.
var openBridge func(dsn string) (*sql.DB, error)

// docDBs opens one database per provider, engine and dataset size, each
// on its own sandbox with the default dataset.
type docDBs struct {
	t   *testing.T
	dbs map[string]*sql.DB
}

func (d *docDBs) get(ex docExample) *sql.DB {
	key := fmt.Sprintf("%s/%s/%d", ex.provider, ex.engine, ex.rows)
	if db, ok := d.dbs[key]; ok {
		return db
	}
	srv, err := sandbox.Start(sandbox.Options{Provider: ex.provider, Rows: ex.rows})
	require.NoError(d.t, err, "provider %q", ex.provider)
	d.t.Cleanup(func() { srv.Close() })
	var db *sql.DB
	if ex.engine == "sqlite" {
		if openBridge == nil {
			d.t.Skip("the SQLite bridge needs cgo and -tags sqlite_vtable")
		}
		db, err = openBridge(srv.DSN())
	} else {
		require.Equal(d.t, "native", ex.engine, "%s: engine is native or sqlite", ex)
		db, err = sql.Open("saasapi", srv.DSN())
	}
	require.NoError(d.t, err)
	d.t.Cleanup(func() { db.Close() })
	d.dbs[key] = db
	return db
}

// cliTable renders rows as `saasapi query` prints them (cmd/saasapi's
// table format), the sandbox's port written as PORT.
func cliTable(t *testing.T, rows *sql.Rows) ([]string, int) {
	cols, err := rows.ColumnTypes()
	require.NoError(t, err)
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name()
	}
	fmt.Fprintln(tw, strings.Join(names, "\t"))
	n := 0
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		require.NoError(t, rows.Scan(ptrs...))
		cells := make([]string, len(vals))
		for i, v := range vals {
			var s string
			switch x := v.(type) {
			case nil:
				s = "NULL"
			case time.Time:
				s = x.Format(time.RFC3339)
				if cols[i].DatabaseTypeName() == "DATE" {
					s = x.Format("2006-01-02")
				}
			case float64:
				s = strconv.FormatFloat(x, 'f', -1, 64)
			case []byte:
				s = string(x)
			default:
				s = fmt.Sprint(v)
			}
			cells[i] = strings.NewReplacer("\t", " ", "\n", " ", "\r", "").Replace(s)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
		n++
	}
	require.NoError(t, rows.Err())
	require.NoError(t, tw.Flush())
	var out []string
	sc := bufio.NewScanner(strings.NewReader(b.String()))
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out, n
}

// normLine makes a printed line comparable: the sandbox's port as PORT,
// runs of two or more spaces between columns as two (the docs write PORT,
// which is narrower), no trailing spaces.
func normLine(s string) string {
	s = strings.TrimRight(reSandboxURL.ReplaceAllString(s, "127.0.0.1:PORT"), " ")
	indent := len(s) - len(strings.TrimLeft(s, " "))
	return s[:indent] + reSpaces.ReplaceAllString(s[indent:], "$1  ")
}

// TestDocsExamplesRun runs every SQL example of README.md and docs/ (see
// the comment at the top of this file): it must not fail unless the docs
// say it does, return rows where the docs say so, and print what the docs
// show.
func TestDocsExamplesRun(t *testing.T) {
	var all []docExample
	perFile := map[string]int{}
	for _, f := range docFiles(t) {
		ex := extractExamples(t, f)
		perFile[f] = len(ex)
		all = append(all, ex...)
	}
	for _, f := range []string{"README.md", "docs/sql.md", "docs/sqlite.md", "docs/fixtures.md"} {
		assert.Positive(t, perFile[filepath.FromSlash(f)], "%s has SQL examples", f)
	}
	for _, p := range []string{"harvest", "aircall", "aha"} {
		f := filepath.Join("docs", "tables", p+".md")
		assert.Equal(t, strings.Count(mustRead(t, f), "\n## "), perFile[f], "%s: one example per table", f)
	}
	dbs := &docDBs{t: t, dbs: map[string]*sql.DB{}}
	for _, ex := range all {
		t.Run(ex.String(), func(t *testing.T) {
			if ex.engine == "sqlite" && openBridge == nil {
				t.Skip("the SQLite bridge needs cgo and -tags sqlite_vtable")
			}
			db := dbs.get(ex)
			if n := strings.Count(stripComments(ex.sql), "?"); n != len(ex.args) {
				require.Failf(t, "placeholders without values", "%s: %d ? but %d args: give the values in a marker <!-- sql: args=… --> before the block, or write literals\n%s", ex, n, len(ex.args), ex.sql)
			}
			rows, err := db.Query(stripComments(ex.sql), ex.args...)
			if want, isErr := strings.CutPrefix(ex.expect, "error"); isErr {
				if err == nil {
					var n int
					_, n = cliTable(t, rows)
					rows.Close()
					assert.Failf(t, "the docs say it fails", "%s: returned %d rows\n%s", ex, n, ex.sql)
					return
				}
				assert.ErrorContains(t, err, strings.TrimSpace(strings.TrimPrefix(want, ":")), "%s", ex)
				return
			}
			require.NoError(t, err, "%s:\n%s", ex, ex.sql)
			defer rows.Close()
			printed, n := cliTable(t, rows)
			if ex.expect == "rows" {
				assert.Positive(t, n, "%s returns rows in the sandbox, the docs say:\n%s", ex, ex.sql)
			} else {
				require.Equal(t, "", ex.expect, "%s: expect is rows or error: text", ex)
			}
			if inner, ok := explained(ex.sql); ok {
				// An EXPLAIN shows the plan of a query that returns rows.
				rows, err := db.Query(inner, ex.args...)
				require.NoError(t, err, "%s: the explained query:\n%s", ex, inner)
				_, n := cliTable(t, rows)
				rows.Close()
				assert.Positive(t, n, "%s: the explained query returns rows in the sandbox:\n%s", ex, inner)
			}
			if ex.cli && len(ex.output) > 0 {
				want := make([]string, len(ex.output))
				for i, l := range ex.output {
					want[i] = normLine(l)
				}
				got := make([]string, len(printed))
				for i, l := range printed {
					got[i] = normLine(l)
				}
				assert.Equal(t, strings.Join(want, "\n"), strings.Join(got, "\n"), "%s: the output the docs show", ex)
			}
		})
	}
}

var reExplained = regexp.MustCompile(`(?is)^\s*EXPLAIN\s+(?:QUERY\s+PLAN\s+)?(.*)$`)

// explained returns the query an EXPLAIN statement explains.
func explained(s string) (string, bool) {
	m := reExplained.FindStringSubmatch(stripComments(s))
	if m == nil {
		return "", false
	}
	return m[1], true
}

func mustRead(t *testing.T, path string) string {
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

// TestDocsExamplesExtraction holds the reading of examples to the rules
// at the top of this file, on a page that uses each of them.
func TestDocsExamplesExtraction(t *testing.T) {
	page := strings.Join([]string{
		"Inline: `SELECT id FROM tasks WHERE is_active = true`, not `SELECT COUNT(*) FROM t WHERE …` nor `x = ?`.",
		"",
		"```sql",
		"SELECT id FROM tasks;  -- expect: rows",
		"-- expect: error unknown column",
		"SELECT nope",
		"FROM tasks;",
		"```",
		"",
		"<!-- sql: provider=aircall -->",
		"The rest of the page is Aircall's.",
		"",
		"```sh",
		"$ saasapi query --sandbox --rows 20 \"SELECT id FROM calls LIMIT 2\"",
		"id",
		"7",
		"",
		"saasapi query --dsn 'Profile=aha' \"SELECT name FROM products\"",
		"saasapi query [--dsn DSN] \"SQL\"",
		`sqlite3 x.db "SELECT saasapi_connect('env:SAASAPI_DSN')"`,
		"```",
		"",
		"<!-- sql: args=7,'x' -->",
		"```go",
		`import _ "github.com/saasapi/saasapi/sqlite"`,
		"rows, err := db.QueryContext(ctx, `",
		"\tSELECT id FROM calls WHERE id = ? AND direction = ?`, id, dir)",
		"```",
		"",
		"```",
		"sqlite> .load build/saasapi",
		"sqlite> SELECT saasapi_connect('…');",
		"sqlite> SELECT id",
		"   ...> FROM calls;",
		"1",
		"```",
	}, "\n")
	path := filepath.Join(t.TempDir(), "page.md")
	require.NoError(t, os.WriteFile(path, []byte(page), 0o644))
	got := extractExamples(t, path)
	type want struct {
		line             int
		sql              string
		provider, engine string
		expect           string
		args             []any
		output           int
		rows             int
	}
	var have []want
	for _, e := range got {
		have = append(have, want{e.line, strings.TrimSpace(stripComments(e.sql)), e.provider, e.engine, e.expect, e.args, len(e.output), e.rows})
	}
	assert.Equal(t, []want{
		{1, "SELECT id FROM tasks WHERE is_active = true", "harvest", "native", "", nil, 0, 0},
		{4, "SELECT id FROM tasks;", "harvest", "native", "rows", nil, 0, 0},
		{5, "SELECT nope\nFROM tasks;", "harvest", "native", "error unknown column", nil, 0, 0},
		{14, "SELECT id FROM calls LIMIT 2", "aircall", "native", "rows", nil, 2, 20},
		{18, "SELECT name FROM products", "aha", "native", "", nil, 0, 0},
		{26, "SELECT id FROM calls WHERE id = ? AND direction = ?", "aircall", "sqlite", "", []any{int64(7), "x"}, 0, 0},
		{33, "SELECT id\nFROM calls;", "aircall", "sqlite", "rows", nil, 0, 0},
	}, have)
}
