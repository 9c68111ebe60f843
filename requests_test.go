package saasapi_test

import (
	"database/sql"
	"fmt"
	"slices"
	"testing"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The request-count suite (issue #13, "Fewest requests"): joins,
// subqueries and filters, each with the fewest requests that could answer
// it on the suite's sandbox, written next to it as a function of the
// sandbox's data (so that it holds whatever rows the generator makes).
// TestRequestsPerQuery holds the driver to them; BenchmarkRequestsPerQuery
// reports requests/op and the ratio to the minimum for `make bench`.

// requestSuiteSandbox is the data the suite runs on: 4,000 time entries
// (8 pages of 500), 100 projects, 40 clients, 4 to 12 users, 8 tasks.
//
// 8 pages is rest.MinSplitPages: a listing of time entries streamed whole
// is read as spent_date ranges of about 1.6 pages at once, each ending on
// a partial page, so it costs a few requests more than its pages (the
// split buys wall time, not requests). No query of the suite streams such a listing: the
// whole listings of time entries it reads are kept for the query (shared
// by the same subquery twice, hashed for a decorrelated subquery, cached
// by a nested loop) and read page after page, so the minimums below are
// exact.
var requestSuiteSandbox = sandbox.Options{Rows: 4000}

// requestSuitePageSize is the page size the suite's connections ask for.
const requestSuitePageSize = 500

// suiteData answers the questions the minimums ask of the sandbox's data.
type suiteData struct {
	ds   *sandbox.Dataset
	page int
}

// pages is how many requests a listing of n records takes (an empty one
// still takes one).
func (d suiteData) pages(n int) int { return max(1, (n+d.page-1)/d.page) }

// entries counts the time entries that pass f.
func (d suiteData) entries(f func(e sandbox.TimeEntry) bool) int {
	n := 0
	for _, e := range d.ds.TimeEntries {
		if f(e) {
			n++
		}
	}
	return n
}

// project is a project with time entries, picked from the middle.
func (d suiteData) project() sandbox.Project { return d.ds.Projects[len(d.ds.Projects)/2] }

// user is a user with time entries.
func (d suiteData) user(i int) sandbox.User { return d.ds.Users[(i+1)%len(d.ds.Users)] }

// requestCase is a query of the suite and the fewest requests that could
// answer it.
type requestCase struct {
	name string
	sql  string
	args func(d suiteData) []any
	// min is the fewest requests that could answer the query; why says
	// which.
	min func(d suiteData) int
	why string
}

// requestSuite are the queries of the suite.
var requestSuite = []requestCase{
	{name: "correlated count per project", sql: "SELECT p.id, (SELECT COUNT(*) FROM time_entries t WHERE t.project_id = p.id AND t.spent_date >= '2024-12-01') FROM projects p",
		why: "the projects, and the time entries from=2024-12-01 counted per project",
		min: func(d suiteData) int {
			return 1 + d.pages(d.entries(func(e sandbox.TimeEntry) bool { return e.SpentDate >= "2024-12-01" }))
		}},
	{name: "correlated exists", sql: "SELECT name FROM projects p WHERE EXISTS (SELECT 1 FROM time_entries t WHERE t.project_id = p.id AND t.is_billed)",
		why: "the projects, and the billed time entries (is_billed=true)",
		min: func(d suiteData) int {
			return 1 + d.pages(d.entries(func(e sandbox.TimeEntry) bool { return e.IsBilled }))
		}},
	{name: "correlated in", sql: "SELECT name FROM clients c WHERE c.id IN (SELECT p.client_id FROM projects p WHERE p.client_id = c.id AND p.is_active)",
		why: "the clients, and the active projects (is_active=true)",
		min: func(d suiteData) int { return 2 }},
	{name: "lookup per row", sql: "SELECT t.id, (SELECT u.email FROM users u WHERE u.id = t.user_id) FROM time_entries t WHERE t.project_id = ?",
		args: func(d suiteData) []any { return []any{d.project().ID} },
		why:  "the project's time entries (project_id=), and the users once",
		min: func(d suiteData) int {
			p := d.project().ID
			return d.pages(d.entries(func(e sandbox.TimeEntry) bool { return e.Project.ID == p })) + 1
		}},
	{name: "four-table join", sql: "SELECT t.id FROM time_entries t JOIN projects p ON p.id = t.project_id JOIN tasks k ON k.id = t.task_id JOIN users u ON u.id = t.user_id WHERE p.is_billable = true AND k.is_active = true",
		why: "the fewer of: every table once; the active tasks, then each one's time entries; the projects, then each billable one's time entries",
		min: func(d suiteData) int {
			all := d.pages(len(d.ds.TimeEntries)) + 3
			perTask := 3
			for _, k := range d.ds.Tasks {
				if k.IsActive {
					perTask += d.pages(d.entries(func(e sandbox.TimeEntry) bool { return e.Task.ID == k.ID }))
				}
			}
			perProject := 3
			for _, p := range d.ds.Projects {
				if p.IsBillable {
					perProject += d.pages(d.entries(func(e sandbox.TimeEntry) bool { return e.Project.ID == p.ID }))
				}
			}
			return min(all, perTask, perProject)
		}},
	{name: "three tables from the selective one", sql: "SELECT t.id, k.name, p.name FROM time_entries t JOIN tasks k ON k.id = t.task_id JOIN projects p ON p.id = t.project_id WHERE p.code = ?",
		args: func(d suiteData) []any { return []any{d.project().Code} },
		why:  "the projects, the time entries of the one with the code (project_id=), the tasks",
		min: func(d suiteData) int {
			p := d.project().ID
			return 1 + d.pages(d.entries(func(e sandbox.TimeEntry) bool { return e.Project.ID == p })) + 1
		}},
	{name: "nested loop by key", sql: "SELECT t.id, p.name FROM time_entries t JOIN projects p ON p.id = t.project_id WHERE t.user_id = ? AND t.spent_date >= '2025-06-01'",
		args: func(d suiteData) []any { return []any{d.user(0).ID} },
		why:  "the user's time entries from=2025-06-01, and the projects once",
		min: func(d suiteData) int {
			u := d.user(0).ID
			return d.pages(d.entries(func(e sandbox.TimeEntry) bool { return e.User.ID == u && e.SpentDate >= "2025-06-01" })) + 1
		}},
	{name: "limit 0", sql: "SELECT id FROM time_entries ORDER BY hours LIMIT 0", why: "nothing", min: func(suiteData) int { return 0 }},
	{name: "boolean compared with 2", sql: "SELECT id FROM time_entries WHERE is_billed = 2", why: "nothing: a BOOLEAN is never 2", min: func(suiteData) int { return 0 }},
	{name: "integer compared with a fraction", sql: "SELECT COUNT(*) FROM time_entries WHERE project_id = 14308004.5", why: "nothing: an INTEGER has no fraction", min: func(suiteData) int { return 0 }},
	{name: "two values of one column", sql: "SELECT id FROM time_entries WHERE project_id = 1 AND project_id = 2", why: "nothing", min: func(suiteData) int { return 0 }},
	{name: "ranges that exclude each other", sql: "SELECT t.id FROM time_entries t JOIN projects p ON p.id = t.project_id WHERE t.hours > 5 AND t.hours < 3", why: "nothing", min: func(suiteData) int { return 0 }},
	{name: "IN with NULL", sql: "SELECT id FROM time_entries WHERE user_id IN (?, NULL)",
		args: func(d suiteData) []any { return []any{d.user(1).ID} },
		why:  "the user's time entries (user_id=)",
		min: func(d suiteData) int {
			u := d.user(1).ID
			return d.pages(d.entries(func(e sandbox.TimeEntry) bool { return e.User.ID == u }))
		}},
	{name: "NOT of <>", sql: "SELECT id FROM time_entries WHERE NOT (user_id <> ?)",
		args: func(d suiteData) []any { return []any{d.user(2).ID} },
		why:  "the user's time entries (user_id=)",
		min: func(d suiteData) int {
			u := d.user(2).ID
			return d.pages(d.entries(func(e sandbox.TimeEntry) bool { return e.User.ID == u }))
		}},
	{name: "timestamp equality", sql: "SELECT id FROM time_entries WHERE updated_at = ?",
		args: func(d suiteData) []any { return []any{d.ds.TimeEntries[len(d.ds.TimeEntries)*9/10].UpdatedAt} },
		why:  "the time entries updated_since the time",
		min: func(d suiteData) int {
			ts := d.ds.TimeEntries[len(d.ds.TimeEntries)*9/10].UpdatedAt
			return d.pages(d.entries(func(e sandbox.TimeEntry) bool { return e.UpdatedAt >= ts }))
		}},
	{name: "boolean <> 0", sql: "SELECT id FROM time_entries WHERE is_running <> 0",
		why: "the running time entries (is_running=true)",
		min: func(d suiteData) int {
			return d.pages(d.entries(func(e sandbox.TimeEntry) bool { return e.IsRunning }))
		}},
	{name: "self-join", sql: "SELECT a.name, b.name FROM projects a JOIN projects b ON a.client_id = b.client_id AND a.id < b.id",
		why: "the projects once", min: func(suiteData) int { return 1 }},
	{name: "same subquery twice", sql: "SELECT name FROM projects WHERE id IN (SELECT project_id FROM time_entries WHERE hours > 7) OR client_id IN (SELECT client_id FROM time_entries WHERE hours > 7)",
		why: "the projects, and the time entries once",
		min: func(d suiteData) int { return 1 + d.pages(len(d.ds.TimeEntries)) }},
	{name: "one table on both sides of a union", sql: "SELECT id FROM projects WHERE budget > 10 UNION SELECT id FROM projects WHERE fee > 5",
		why: "the projects once", min: func(suiteData) int { return 1 }},
	{name: "count from the total", sql: "SELECT COUNT(*) FROM time_entries WHERE user_id = ? AND is_billed",
		args: func(d suiteData) []any { return []any{d.user(0).ID} },
		why:  "one page of one row: its total", min: func(suiteData) int { return 1 }},
	{name: "one request per IN value", sql: "SELECT id FROM time_entries WHERE user_id IN (?, ?)",
		args: func(d suiteData) []any { return []any{d.user(0).ID, d.user(1).ID} },
		why:  "the fewer of: each user's time entries; all of them",
		min: func(d suiteData) int {
			a, b := d.user(0).ID, d.user(1).ID
			each := d.pages(d.entries(func(e sandbox.TimeEntry) bool { return e.User.ID == a })) +
				d.pages(d.entries(func(e sandbox.TimeEntry) bool { return e.User.ID == b }))
			return min(each, d.pages(len(d.ds.TimeEntries)))
		}},
	{name: "get by id", sql: "SELECT name FROM projects WHERE id = ?",
		args: func(d suiteData) []any { return []any{d.project().ID} },
		why:  "one get by id", min: func(suiteData) int { return 1 }},
}

// startSuite starts the suite's sandbox and a database on it, with the
// suite's page size.
func startSuite(tb testing.TB, extra string) (*sql.DB, *sandbox.Server, suiteData) {
	tb.Helper()
	srv, err := sandbox.Start(requestSuiteSandbox)
	require.NoError(tb, err)
	tb.Cleanup(func() { srv.Close() })
	db, err := sql.Open("saasapi", srv.DSN()+fmt.Sprintf(";Pagesize=%d", requestSuitePageSize)+extra)
	require.NoError(tb, err)
	tb.Cleanup(func() { db.Close() })
	return db, srv, suiteData{ds: srv.Dataset(), page: requestSuitePageSize}
}

// TestRequestsPerQuery runs each query of the suite and holds it to the
// fewest requests that could answer it, and its rows to those of the same
// query planned without pushdown (every condition evaluated locally over
// whole listings).
func TestRequestsPerQuery(t *testing.T) {
	db, srv, d := startSuite(t, "")
	conn, err := saasapi.OpenConnector(srv.DSN()+fmt.Sprintf(";Pagesize=%d", requestSuitePageSize), saasapi.WithoutPushdown())
	require.NoError(t, err)
	plain := sql.OpenDB(conn)
	t.Cleanup(func() { plain.Close() })
	sent, least := 0, 0
	for _, c := range requestSuite {
		t.Run(c.name, func(t *testing.T) {
			var args []any
			if c.args != nil {
				args = c.args(d)
			}
			srv.ResetRequests()
			got, err := collect(t, db, c.sql, args)
			require.NoError(t, err)
			n := int(srv.Requests())
			want, err := collect(t, plain, c.sql, args)
			require.NoError(t, err)
			slices.Sort(got)
			slices.Sort(want)
			assert.Equal(t, want, got, "the rows of the query without pushdown")
			m := c.min(d)
			sent += n
			least += m
			assert.Equal(t, m, n, "%s: the fewest requests: %s", c.sql, c.why)
		})
	}
	t.Logf("suite: %d requests, the fewest %d", sent, least)
}

// BenchmarkRequestsPerQuery reports, for each query of the suite, the
// requests it sends (requests/op), the fewest that could answer it
// (min-requests) and their ratio (ratio, target 1.00); the last
// sub-benchmark sums the suite.
func BenchmarkRequestsPerQuery(b *testing.B) {
	db, srv, d := startSuite(b, "")
	total, least := 0.0, 0.0
	for _, c := range requestSuite {
		var args []any
		if c.args != nil {
			args = c.args(d)
		}
		m := float64(c.min(d))
		var per float64
		b.Run(c.name, func(b *testing.B) {
			srv.ResetRequests()
			for b.Loop() {
				rows, err := db.Query(c.sql, args...)
				if err != nil {
					b.Fatal(err)
				}
				for rows.Next() {
				}
				if err := rows.Err(); err != nil {
					b.Fatal(err)
				}
				rows.Close()
			}
			per = float64(srv.Requests()) / float64(b.N)
			b.ReportMetric(per, "requests/op")
			b.ReportMetric(m, "min-requests")
			b.ReportMetric(ratio(per, m), "ratio")
		})
		total += per
		least += m
	}
	b.Run("suite", func(b *testing.B) {
		for b.Loop() {
		}
		b.ReportMetric(total, "requests/op")
		b.ReportMetric(least, "min-requests")
		b.ReportMetric(ratio(total, least), "ratio")
	})
}

// ratio is sent ÷ least, 1 when both are 0.
func ratio(sent, least float64) float64 {
	if least == 0 {
		if sent == 0 {
			return 1
		}
		return sent + 1
	}
	return sent / least
}
