package saasapi_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/saasapi/saasapi/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// paths returns the request paths the sandbox served, with the given
// query parameter's value appended when present.
func paths(srv *sandbox.Server, param string) []string {
	var out []string
	for _, r := range srv.Log() {
		p := r.Path
		if v := r.Query.Get(param); v != "" {
			p += "?" + param + "=" + v
		}
		out = append(out, p)
	}
	return out
}

func TestNestedLoopFetchesOnlyTheMatchingKeys(t *testing.T) {
	db, srv := start(t, sandbox.Options{Rows: 600}, "")
	ds := srv.Dataset()
	p := ds.Projects[3]
	var want []int64
	for _, e := range ds.TimeEntries {
		if e.Project.ID == p.ID {
			want = append(want, e.ID)
		}
	}
	got := queryInts(t, db, "SELECT t.id FROM projects p JOIN time_entries t ON t.project_id = p.id WHERE p.code = ?", p.Code)
	slices.Sort(got)
	slices.Sort(want)
	assert.Equal(t, want, got)
	assert.Equal(t, []string{"/v2/projects", "/v2/time_entries?project_id=" + strconv.FormatInt(p.ID, 10)}, paths(srv, "project_id"),
		"one request for the projects, one for the time entries of the matching project")
}

func TestNestedLoopRunsFromTheSelectiveSide(t *testing.T) {
	db, srv := start(t, sandbox.Options{Rows: 600}, "")
	u := srv.Dataset().Users[2]
	n := 0
	for _, e := range srv.Dataset().TimeEntries {
		if e.User.ID == u.ID {
			n++
		}
	}
	var got int
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM time_entries t JOIN users u ON u.id = t.user_id WHERE u.email = ?", u.Email).Scan(&got))
	assert.Equal(t, n, got)
	assert.Equal(t, []string{"/v2/users", "/v2/time_entries?user_id=" + strconv.FormatInt(u.ID, 10)}, paths(srv, "user_id"),
		"the join starts from users although time_entries comes first in FROM")
}

func TestHashJoinReadsEachTableOnce(t *testing.T) {
	db, srv := start(t, sandbox.Options{Rows: 600}, ";Pagesize=200")
	var got int
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM time_entries t JOIN projects p ON t.project_id = p.id").Scan(&got))
	assert.Equal(t, 600, got)
	got2 := paths(srv, "project_id")
	slices.Sort(got2)
	assert.Equal(t, []string{"/v2/projects", "/v2/time_entries", "/v2/time_entries", "/v2/time_entries"}, got2,
		"a scan of each table (600 entries in pages of 200), no request per key")
}

func TestNestedLoopSendsEachDistinctKeyOnce(t *testing.T) {
	db, srv := start(t, sandbox.Options{Rows: 300}, "")
	// Every task appears on many time entries: the loop over time entries
	// of one user asks for each task once.
	u := srv.Dataset().Users[1]
	tasks := map[int64]bool{}
	for _, e := range srv.Dataset().TimeEntries {
		if e.User.ID == u.ID {
			tasks[e.Task.ID] = true
		}
	}
	rows, err := db.Query("SELECT t.id, k.name FROM time_entries t JOIN tasks k ON k.id = t.task_id WHERE t.user_id = ?", u.ID)
	require.NoError(t, err)
	for rows.Next() {
	}
	require.NoError(t, rows.Err())
	rows.Close()
	// Either strategy is fine; what is not fine is a request per row.
	assert.LessOrEqual(t, int(srv.Requests()), 1+len(tasks))
}

func TestCountStarReadsTheTotal(t *testing.T) {
	db, srv := start(t, sandbox.Options{Rows: 900}, ";Pagesize=100")
	ds := srv.Dataset()
	p := ds.Projects[0].ID
	want := 0
	for _, e := range ds.TimeEntries {
		if e.Project.ID == p && e.IsBilled {
			want++
		}
	}
	var got int
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM time_entries WHERE project_id = ? AND is_billed", p).Scan(&got))
	assert.Equal(t, want, got)
	log := srv.Log()
	require.Len(t, log, 1, "COUNT(*) with fully pushed filters costs one request")
	assert.Equal(t, "1", log[0].Query.Get("per_page"))

	srv.ResetRequests()
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM time_entries").Scan(&got))
	assert.Equal(t, 900, got)
	assert.EqualValues(t, 1, srv.Requests())

	// A filter the API cannot apply means counting rows page by page.
	srv.ResetRequests()
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM time_entries WHERE hours > 0").Scan(&got))
	assert.Equal(t, 900, got)
	// 9 pages, read as date ranges at once (5 of about 1.6 pages and one
	// for what lies beyond): a partial page more per range.
	assert.GreaterOrEqual(t, srv.Requests(), int64(9))
	assert.LessOrEqual(t, srv.Requests(), int64(9+6))
	srv.ResetRequests()
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM projects WHERE name <> ''").Scan(&got))
	assert.EqualValues(t, (got+99)/100, srv.Requests(), "a listing without a range filter: one request per page")
}

func TestSubqueryCosts(t *testing.T) {
	db, srv := start(t, sandbox.Options{Rows: 300}, "")
	want := map[int64]int64{}
	for _, u := range srv.Dataset().Users {
		want[u.ID] = 0
	}
	for _, e := range srv.Dataset().TimeEntries {
		want[e.User.ID]++
	}
	rows, err := db.Query("SELECT u.id, (SELECT COUNT(*) FROM time_entries t WHERE t.user_id = u.id) FROM users u")
	require.NoError(t, err)
	got := map[int64]int64{}
	for rows.Next() {
		var id, n int64
		require.NoError(t, rows.Scan(&id, &n))
		got[id] = n
	}
	require.NoError(t, rows.Err())
	rows.Close()
	assert.Equal(t, want, got)
	assert.EqualValues(t, 2, srv.Requests(), "one request for the users, one listing of the time entries counted per user (decorrelated)")

	srv.ResetRequests()
	queryInts(t, db, "SELECT id FROM projects WHERE id IN (SELECT project_id FROM time_entries WHERE hours > 7)")
	assert.EqualValues(t, 2, srv.Requests(), "an uncorrelated subquery runs once")
}

func TestNestedLoopFetchesKeysConcurrently(t *testing.T) {
	db, srv := start(t, sandbox.Options{Rows: 300, Latency: 20 * time.Millisecond}, "")
	ds := srv.Dataset()
	// Active staff: the API filters is_active, the driver is_contractor;
	// the planner expects about 12 users, so one request per user beats
	// reading all 50,000 time entries it expects in 25 pages.
	staff := map[int64]bool{}
	for _, u := range ds.Users {
		if !u.IsContractor && u.IsActive {
			staff[u.ID] = true
		}
	}
	want := 0
	for _, e := range ds.TimeEntries {
		if staff[e.User.ID] {
			want++
		}
	}
	var plan []string
	rows, err := db.Query("EXPLAIN SELECT COUNT(*) FROM users u JOIN time_entries t ON t.user_id = u.id WHERE u.is_contractor = false AND u.is_active")
	require.NoError(t, err)
	for rows.Next() {
		var op, detail, est string
		require.NoError(t, rows.Scan(&op, &detail, &est))
		plan = append(plan, strings.TrimSpace(op))
	}
	rows.Close()
	require.Contains(t, plan, "inner nested loop")
	srv.ResetRequests()
	var got int
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM users u JOIN time_entries t ON t.user_id = u.id WHERE u.is_contractor = false AND u.is_active").Scan(&got))
	assert.Equal(t, want, got)
	assert.EqualValues(t, 1+len(staff), srv.Requests(), "one request for the users, one per user: fetched ahead, each once")
}
