package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/saasapi/saasapi/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestQuerySandboxPrintsFiveRows(t *testing.T) {
	out, errOut, code := runCLI(t, "query", "--sandbox", "SELECT name, hourly_rate FROM projects WHERE is_active = true ORDER BY name LIMIT 5")
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	require.Len(t, lines, 6, out)
	assert.Regexp(t, `^name\s+hourly_rate$`, lines[0])
}

func TestCSVHasOneLinePerRowAcrossPages(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 730})
	require.NoError(t, err)
	defer srv.Close()
	out, errOut, code := runCLI(t, "query", "--dsn", srv.DSN()+";Pagesize=100", "--format", "csv", "SELECT * FROM time_entries")
	require.Equal(t, 0, code, errOut)
	records, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Len(t, records, 731, "a header and one line per time entry")
	assert.Equal(t, "id", records[0][0])
	seen := map[string]bool{}
	for _, r := range records[1:] {
		seen[r[0]] = true
	}
	assert.Len(t, seen, 730, "no row lost or repeated at page boundaries")
	for _, e := range srv.Dataset().TimeEntries {
		if !seen[itoa(e.ID)] {
			t.Fatalf("time entry %d missing", e.ID)
		}
	}
	// 8 pages, read as date ranges of about 1.6 pages at once (a partial
	// page more each, and the range below the data).
	assert.GreaterOrEqual(t, srv.Requests(), int64(8))
	assert.LessOrEqual(t, srv.Requests(), int64(8+6))
}

func TestJSONFormat(t *testing.T) {
	out, errOut, code := runCLI(t, "query", "--sandbox", "--format", "json", "SELECT id, first_name, roles, is_active FROM users ORDER BY id LIMIT 2")
	require.Equal(t, 0, code, errOut)
	var rows []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &rows), out)
	require.Len(t, rows, 2)
	assert.Contains(t, rows[0], "first_name")
	assert.IsType(t, []any{}, rows[0]["roles"], "JSON columns stay JSON")
	assert.IsType(t, true, rows[0]["is_active"])
}

func TestTablesAndDescribe(t *testing.T) {
	out, _, code := runCLI(t, "tables", "--sandbox")
	require.Equal(t, 0, code)
	for _, name := range []string{"time_entries", "projects", "clients", "users", "tasks"} {
		assert.Contains(t, out, name)
	}
	out, _, code = runCLI(t, "describe", "--sandbox", "time_entries")
	require.Equal(t, 0, code)
	assert.Regexp(t, `project_id\s+INTEGER\s+YES\s+= \(project_id\)`, out)
	assert.Regexp(t, `spent_date\s+DATE\s+YES\s+>= > = \(from\), <= < = \(to\)`, out)
}

func TestCLIErrors(t *testing.T) {
	t.Setenv("SAASAPI_DSN", "")
	cases := []struct {
		args []string
		code int
		says string
	}{
		{nil, 2, "no command"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"query", "SELECT 1"}, 2, "no connection string"},
		{[]string{"query", "--sandbox", "--format", "xml", "SELECT id FROM users"}, 2, `--format "xml"`},
		{[]string{"query", "--sandbox"}, 2, "one SQL statement"},
		{[]string{"query", "--sandbox", "SELECT nope FROM users"}, 1, `unknown column "nope"`},
		{[]string{"query", "--dsn", "Profile=harvest;ProfileSettings='APIKey=k'", "SELECT id FROM users"}, 1, "AccountId"},
		{[]string{"describe", "--sandbox", "users; DROP"}, 2, "not a table name"},
		{[]string{"sandbox", "serve", "--addr", "0.0.0.0:0"}, 1, "loopback"},
		{[]string{"sandbox", "serve", "--provider", "jira"}, 2, "harvest"},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			_, errOut, code := runCLI(t, tc.args...)
			assert.Equal(t, tc.code, code)
			assert.Contains(t, errOut, tc.says)
		})
	}
}

func TestSandboxServePrintsAWorkingDSN(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out safeBuffer
	done := make(chan int)
	go func() { done <- run(ctx, []string{"sandbox", "serve", "--rows", "20"}, &out, &bytes.Buffer{}) }()
	var dsn string
	require.Eventually(t, func() bool {
		dsn = strings.TrimSpace(out.String())
		return dsn != ""
	}, 5e9, 1e7)
	q, errOut, code := runCLI(t, "query", "--dsn", dsn, "--format", "csv", "SELECT COUNT_ME FROM users")
	assert.Equal(t, 1, code, q)
	assert.Contains(t, errOut, "COUNT_ME")
	q, errOut, code = runCLI(t, "query", "--dsn", dsn, "--format", "csv", "SELECT id FROM time_entries")
	require.Equal(t, 0, code, errOut)
	assert.Len(t, strings.Split(strings.TrimSpace(q), "\n"), 21)
	cancel()
	assert.Equal(t, 0, <-done)
}

// panicWriter panics when written to, as a bug in the output would.
type panicWriter struct{}

func (panicWriter) Write([]byte) (int, error) { panic("stdout exploded") }

// TestPanicIsAnErrorMessage: a panic in the command (here while printing
// the rows) ends it with saasapi's internal error and the stack on stderr
// and a non-zero exit status, not a crash.
func TestPanicIsAnErrorMessage(t *testing.T) {
	var errOut bytes.Buffer
	code := run(context.Background(), []string{"query", "--sandbox", "--format", "json", "SELECT id FROM users"}, panicWriter{}, &errOut)
	assert.Equal(t, 1, code)
	msg := errOut.String()
	assert.True(t, strings.HasPrefix(msg, "saasapi: internal error (a bug in saasapi; please report it) at cmd/saasapi.panicWriter.Write (main_test.go:"), msg)
	assert.Contains(t, msg, "goroutine ", "the stack follows, for a bug report")
	assert.NotContains(t, msg, "stdout exploded", "the panic's value could quote the connection string")
}
