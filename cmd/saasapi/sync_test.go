package main

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/cache/pgtest"
	"github.com/saasapi/saasapi/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// TestSyncCommand: saasapi sync copies every table (but the reports) and
// prints one summary line when its output is not a terminal; the second
// run fetches only what changed.
func TestSyncCommand(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 200})
	require.NoError(t, err)
	defer srv.Close()
	file := filepath.Join(t.TempDir(), "replica.db")
	out, errOut, code := runCLI(t, "sync", "--dsn", srv.DSN(), "--to", file)
	require.Equal(t, 0, code, errOut)
	assert.Empty(t, errOut, "no progress lines off a terminal")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	require.Len(t, lines, 1, "one summary line: %s", out)
	assert.Regexp(t, `^synced \d+ tables of harvest_123456 into .*replica\.db: \d+ rows \(\d+ fetched, 0 deleted\), \d+ requests, waited 0s, \S+; 9 skipped \(reports need their range in WHERE\)$`, lines[0])

	db, err := sql.Open("sqlite3", "file:"+file+"?mode=ro")
	require.NoError(t, err)
	defer db.Close()
	var n int
	require.NoError(t, db.QueryRow(`SELECT COUNT(*) FROM time_entries`).Scan(&n))
	assert.Equal(t, len(srv.Dataset().TimeEntries), n)

	require.NoError(t, srv.MutateHarvest(func(ds *sandbox.Dataset) {
		ds.TimeEntries[0].Notes, ds.TimeEntries[0].UpdatedAt = "changed", "2025-07-05T00:00:00Z"
	}))
	out, errOut, code = runCLI(t, "sync", "--dsn", srv.DSN(), "--to", file, "--tables", "time_entries,projects", "--progress", "always")
	require.Equal(t, 0, code, errOut)
	seen := screen(errOut)
	assert.Regexp(t, `(?m)^time_entries\s+incremental\s+200 rows  [1-9] fetched, 0 deleted`, seen, "a line per table on a terminal")
	assert.Regexp(t, `(?m)^projects\s+incremental`, seen)
	assert.Regexp(t, `^synced 2 tables of harvest_123456`, out)
	var notes string
	require.NoError(t, db.QueryRow(`SELECT notes FROM time_entries WHERE id = ?`, srv.Dataset().TimeEntries[0].ID).Scan(&notes))
	assert.Equal(t, "changed", notes)

	_, errOut, code = runCLI(t, "sync", "--dsn", srv.DSN(), "--to", file, "--tables", "time_entrys")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, `did you mean "time_entries"`)
	_, errOut, code = runCLI(t, "sync", "--dsn", srv.DSN(), "--to", file, "--tables", "time_report_projects")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "from_date and to_date")
}

// TestSyncProgressLine: the progress line of a table shows rows, pages,
// rate-limit waits and an estimate of the time left.
func TestSyncProgressLine(t *testing.T) {
	var b bytes.Buffer
	p := &syncPrinter{w: &b, tty: true}
	p.progress(syncProgress("time_entries", "full", 500, 2000, 3, 2*time.Second))
	assert.Equal(t, "time_entries                 full              500 rows     3 pages  waited 0s  ETA 6s", screen(b.String()))
	done := saasapi.SyncResult{Table: "time_entries", Full: true, Fetched: 2000, Rows: 2000, Requests: 4, Elapsed: 8 * time.Second}
	p.progress(saasapi.SyncProgress{Table: "time_entries", Phase: "done", Done: &done})
	p.progress(syncProgress("projects", "incremental", 4, 0, 1, 0))
	assert.Equal(t, "time_entries                 full             2000 rows  2000 fetched, 0 deleted  4 requests  waited 0s  8s\n"+
		"projects                     incremental         4 rows     1 pages  waited 0s  ETA ?", screen(b.String()),
		"a table's progress line becomes its outcome")
	p.finish()
	assert.True(t, strings.HasSuffix(screen(b.String()), "8s\n"), "an unfinished line is erased")
}

// TestSyncLockRefusesASecondSync: while a sync of an account runs, a
// second one into the same place fails at once with a clear error, for
// SQLite and PostgreSQL; the password of a PostgreSQL URL is never
// printed.
func TestSyncLockRefusesASecondSync(t *testing.T) {
	for _, target := range []string{"sqlite", "postgres"} {
		t.Run(target, func(t *testing.T) {
			srv, err := sandbox.Start(sandbox.Options{Rows: 200, Latency: 20 * time.Millisecond})
			require.NoError(t, err)
			defer srv.Close()
			to := filepath.Join(t.TempDir(), "replica.db")
			if target == "postgres" {
				to = strings.Replace(pgtest.Database(t), "saasapi@", "saasapi:pw-s3cret-42@", 1)
			}
			var wg sync.WaitGroup
			var firstOut, firstErr string
			var firstCode int
			wg.Add(1)
			go func() {
				defer wg.Done()
				// One request per invoice: long enough to overlap.
				firstOut, firstErr, firstCode = runCLI(t, "sync", "--dsn", srv.DSN(), "--to", to, "--tables", "invoice_messages")
			}()
			// Wait until the first sync is sending requests.
			deadline := time.Now().Add(20 * time.Second)
			for srv.Requests() < 2 && time.Now().Before(deadline) {
				time.Sleep(5 * time.Millisecond)
			}
			out, errOut, code := runCLI(t, "sync", "--dsn", srv.DSN(), "--to", to, "--tables", "clients")
			wg.Wait()
			require.Equal(t, 0, firstCode, firstErr)
			assert.Equal(t, 1, code, out)
			assert.Contains(t, errOut, "another saasapi sync of this account is running")
			assert.Contains(t, errOut, "harvest_123456")
			for _, s := range []string{out, errOut, firstOut, firstErr} {
				assert.NotContains(t, s, "pw-s3cret-42")
			}
			assert.Regexp(t, regexp.MustCompile(`^synced \d+ tables`), firstOut)
		})
	}
}

// TestCacheClearCommand: saasapi cache clear empties the DSN's cache.
func TestCacheClearCommand(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 100})
	require.NoError(t, err)
	defer srv.Close()
	dsn := srv.DSN() + ";AutoCache=true;CacheLocation=" + filepath.Join(t.TempDir(), "c.db")
	_, errOut, code := runCLI(t, "query", "--dsn", dsn, "SELECT * FROM clients")
	require.Equal(t, 0, code, errOut)
	_, errOut, code = runCLI(t, "query", "--dsn", dsn, "SELECT * FROM tasks")
	require.Equal(t, 0, code, errOut)
	srv.ResetRequests()
	_, _, code = runCLI(t, "query", "--dsn", dsn, "SELECT name FROM clients")
	require.Equal(t, 0, code)
	require.EqualValues(t, 0, srv.Requests(), "cached")
	out, errOut, code := runCLI(t, "cache", "clear", "--dsn", dsn, "clients")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, "cleared 1 table(s): clients\n", out)
	_, _, code = runCLI(t, "query", "--dsn", dsn, "SELECT name FROM clients")
	require.Equal(t, 0, code)
	assert.EqualValues(t, 1, srv.Requests(), "read from the API again")
	out, _, code = runCLI(t, "cache", "clear", "--dsn", dsn)
	require.Equal(t, 0, code)
	assert.Equal(t, "cleared 2 table(s): clients, tasks\n", out)
	out, _, code = runCLI(t, "cache", "clear", "--dsn", dsn)
	require.Equal(t, 0, code)
	assert.Equal(t, "the cache held nothing to clear\n", out)
	_, errOut, code = runCLI(t, "cache", "purge")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "cache takes the subcommand clear")
}

func syncProgress(table, phase string, rows, expected int64, requests int, elapsed time.Duration) saasapi.SyncProgress {
	return saasapi.SyncProgress{Table: table, Phase: phase, Rows: rows, Expected: expected, Requests: requests, Elapsed: elapsed}
}

// screen is what a terminal shows of text with carriage returns and
// erase-line sequences: each line as last rewritten.
func screen(s string) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if i := strings.LastIndex(line, "\r"); i >= 0 {
			line = line[i+1:]
		}
		out = append(out, strings.ReplaceAll(line, "\033[K", ""))
	}
	return strings.Join(out, "\n")
}
