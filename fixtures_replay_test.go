package saasapi_test

import (
	"database/sql"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var recordFixtures = flag.Bool("record-fixtures", false, "record testdata/fixtures/*.yaml again from the sandbox")

// harvestCassette holds the exchanges of harvestQueries, recorded from a
// sandbox of fixtureRows time entries with Pagesize=fixturePagesize.
const (
	harvestCassette = "testdata/fixtures/harvest.yaml"
	fixtureRows     = 40
	fixturePagesize = 15
	// fixtureProject is a project of the sandbox dataset (seed 1), read by id.
	fixtureProject = 14308069
)

// harvestQueries go through the whole driver: a scan of three pages, a
// get-by-id, a join and an aggregate.
var harvestQueries = []struct {
	name, sql string
	args      []any
}{
	{"multi-page scan", "SELECT id, spent_date, hours, project_id, user_id, notes FROM time_entries ORDER BY id", nil},
	{"get by id", "SELECT id, name, code, is_active, client_id FROM projects WHERE id = ?", []any{fixtureProject}},
	{"join", "SELECT t.id, t.hours, p.name FROM time_entries t JOIN projects p ON p.id = t.project_id WHERE t.spent_date >= ? ORDER BY t.id", []any{"2024-06-01"}},
	{"aggregate", "SELECT u.first_name, SUM(t.hours) FROM time_entries t JOIN users u ON u.id = t.user_id GROUP BY u.first_name ORDER BY u.first_name", nil},
}

// queryText runs a query and renders its rows, one line each.
func queryText(t *testing.T, db *sql.DB, query string, args ...any) string {
	t.Helper()
	rows, err := db.Query(query, args...)
	require.NoError(t, err, query)
	defer rows.Close()
	cols, err := rows.Columns()
	require.NoError(t, err)
	var b strings.Builder
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		require.NoError(t, rows.Scan(ptrs...))
		fmt.Fprintln(&b, vals...)
	}
	require.NoError(t, rows.Err())
	return b.String()
}

// countingListener accepts connections on loopback and counts them: a
// replay must open none.
func countingListener(t *testing.T) (url string, accepted *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	accepted = &atomic.Int64{}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			c.Close()
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return "http://" + ln.Addr().String() + "/v2", accepted
}

// recordHarvest records harvestQueries from a fresh sandbox into path.
func recordHarvest(t *testing.T, path string) {
	t.Helper()
	srv, err := sandbox.Start(sandbox.Options{Rows: fixtureRows})
	require.NoError(t, err)
	defer srv.Close()
	db, err := sql.Open("saasapi", fmt.Sprintf("%s;Pagesize=%d;Fixtures=%s;FixtureMode=record", srv.DSN(), fixturePagesize, path))
	require.NoError(t, err)
	for _, q := range harvestQueries {
		queryText(t, db, q.sql, q.args...)
	}
	require.NoError(t, db.Close())
}

// TestFixturesCassetteIsCurrent records the queries again and expects the
// committed cassette byte for byte: recording the same data changes
// nothing. Run with -record-fixtures to rewrite it.
func TestFixturesCassetteIsCurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "harvest.yaml")
	if *recordFixtures {
		path = harvestCassette
	}
	recordHarvest(t, path)
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	want, err := os.ReadFile(harvestCassette)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "%s is stale: run go test -run TestFixturesCassetteIsCurrent -record-fixtures", harvestCassette)
}

// TestFixturesReplayThroughTheDriver replays the committed cassette with a
// connection string that has no credentials, pointed at a listener that
// counts connections, and expects the rows a live sandbox returns.
func TestFixturesReplayThroughTheDriver(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: fixtureRows})
	require.NoError(t, err)
	defer srv.Close()
	live, err := sql.Open("saasapi", fmt.Sprintf("%s;Pagesize=%d", srv.DSN(), fixturePagesize))
	require.NoError(t, err)
	defer live.Close()

	base, accepted := countingListener(t)
	replay, err := sql.Open("saasapi", fmt.Sprintf("Profile=harvest;Pagesize=%d;Fixtures=%s;ProfileSettings='BaseURL=%s'", fixturePagesize, harvestCassette, base))
	require.NoError(t, err)
	defer replay.Close()

	want := map[string]string{}
	for _, q := range harvestQueries {
		want[q.name] = queryText(t, live, q.sql, q.args...)
		require.NotEmpty(t, want[q.name], q.name)
		got := queryText(t, replay, q.sql, q.args...)
		assert.Equal(t, want[q.name], got, q.name)
	}
	assert.Equal(t, fixtureRows, strings.Count(want["multi-page scan"], "\n"), "all pages")

	// The same queries in parallel, several times: identical requests
	// repeat their recorded answers.
	var wg sync.WaitGroup
	for range 4 {
		for _, q := range harvestQueries {
			wg.Go(func() {
				rows, err := replay.Query(q.sql, q.args...)
				if !assert.NoError(t, err, q.name) {
					return
				}
				defer rows.Close()
				n := 0
				for rows.Next() {
					n++
				}
				assert.NoError(t, rows.Err())
				assert.Equal(t, strings.Count(want[q.name], "\n"), n, q.name)
			})
		}
	}
	wg.Wait()
	assert.Zero(t, accepted.Load(), "a replay opens no connection")
}

// TestFixturesReplayMissOpensNoConnection asks for a request the cassette
// does not hold.
func TestFixturesReplayMissOpensNoConnection(t *testing.T) {
	base, accepted := countingListener(t)
	db, err := sql.Open("saasapi", fmt.Sprintf("Profile=harvest;Fixtures=%s;ProfileSettings='BaseURL=%s'", harvestCassette, base))
	require.NoError(t, err)
	defer db.Close()
	_, err = db.Query("SELECT id FROM clients WHERE is_active = true")
	require.Error(t, err)
	assert.ErrorContains(t, err, "GET /v2/clients?is_active=true was not recorded in "+harvestCassette)
	assert.ErrorContains(t, err, "set FixtureMode=record (or SAASAPI_RECORD=1 with saasapitest) with credentials to record it")
	assert.Zero(t, accepted.Load())
}

// TestFixturesReplayNeedsNoCredentials: no APIKey, no AccountId, and the
// auth checks that would refuse such a string are skipped; without
// Fixtures the same string is refused.
func TestFixturesReplayNeedsNoCredentials(t *testing.T) {
	_, err := sql.Open("saasapi", "Profile=harvest;Fixtures="+harvestCassette)
	require.NoError(t, err)
	c, err := saasapi.OpenConnector("Profile=harvest", saasapi.WithFixtures(harvestCassette, ""))
	require.NoError(t, err)
	db := sql.OpenDB(c)
	defer db.Close()
	got := queryText(t, db, harvestQueries[1].sql, harvestQueries[1].args...)
	assert.Contains(t, got, fmt.Sprint(fixtureProject))

	_, err = saasapi.OpenConnector("Profile=harvest")
	assert.ErrorIs(t, err, saasapi.ErrAuthConfig)
}
