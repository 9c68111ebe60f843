package saasapi_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/cache/pgtest"
	"github.com/saasapi/saasapi/providers"
	"github.com/saasapi/saasapi/sandbox"
	"github.com/saasapi/saasapi/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// normalize renders a value by its column's type, the same way whatever
// database it comes from: the API through the driver, an SQLite replica
// or a PostgreSQL one.
func normalize(v any, typ schema.Type) string {
	if v == nil {
		return "NULL"
	}
	if b, ok := v.([]byte); ok {
		v = string(b)
	}
	switch typ {
	case schema.TypeInteger:
		switch x := v.(type) {
		case int64:
			return strconv.FormatInt(x, 10)
		case int32:
			return strconv.FormatInt(int64(x), 10)
		}
	case schema.TypeReal:
		switch x := v.(type) {
		case float64:
			return strconv.FormatFloat(x, 'g', -1, 64)
		case int64:
			return strconv.FormatFloat(float64(x), 'g', -1, 64)
		}
	case schema.TypeBoolean:
		switch x := v.(type) {
		case bool:
			return strconv.FormatBool(x)
		case int64:
			return strconv.FormatBool(x != 0)
		}
	case schema.TypeDate:
		if x, ok := v.(time.Time); ok {
			return x.Format("2006-01-02")
		}
	case schema.TypeTimestamp:
		if x, ok := v.(time.Time); ok {
			return x.UTC().Format(time.RFC3339Nano)
		}
	default:
		if x, ok := v.(string); ok {
			return strconv.Quote(x)
		}
	}
	return fmt.Sprintf("BADTYPE(%T %v)", v, v)
}

// tableRows reads every row of a query as normalized text, sorted.
func tableRows(t *testing.T, db *sql.DB, tbl *schema.Table, query string) []string {
	t.Helper()
	rows, err := db.Query(query)
	require.NoError(t, err, query)
	defer rows.Close()
	cols, err := rows.Columns()
	require.NoError(t, err)
	require.Len(t, cols, len(tbl.Columns), query)
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, rows.Scan(ptrs...))
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = normalize(v, tbl.Columns[i].Type)
		}
		out = append(out, strings.Join(parts, "|"))
	}
	require.NoError(t, rows.Err())
	slices.Sort(out)
	return out
}

// target is where a sync writes, and how to read a replica back with the
// database's own driver.
type target struct {
	name string
	to   string
	open func(t *testing.T, to string) *sql.DB
	qual func(ns, table string) string
}

func targets(t *testing.T) []target {
	out := []target{{
		name: "sqlite",
		open: func(t *testing.T, file string) *sql.DB {
			db, err := sql.Open("sqlite3", "file:"+file+"?mode=ro")
			require.NoError(t, err)
			t.Cleanup(func() { db.Close() })
			return db
		},
		qual: func(_, table string) string { return `"` + table + `"` },
	}}
	pg := target{name: "postgres", qual: func(ns, table string) string { return `"` + ns + `"."` + table + `"` }}
	pg.open = func(t *testing.T, url string) *sql.DB {
		db, err := sql.Open("pgx", url)
		require.NoError(t, err)
		t.Cleanup(func() { db.Close() })
		return db
	}
	return append(out, pg)
}

// sandboxMutations change each provider's data: an update, an addition and
// a deletion in a table that refreshes incrementally, and a deletion
// elsewhere.
var sandboxMutations = map[string]func(t *testing.T, srv *sandbox.Server){
	"harvest": func(t *testing.T, srv *sandbox.Server) {
		require.NoError(t, srv.MutateHarvest(func(ds *sandbox.Dataset) {
			e := &ds.TimeEntries[5]
			e.Notes, e.Hours, e.UpdatedAt = "updated by the sync test", 6.5, "2025-07-03T08:00:00Z"
			n := ds.TimeEntries[len(ds.TimeEntries)-1]
			n.ID, n.Notes, n.CreatedAt, n.UpdatedAt = n.ID+7000, "added by the sync test", "2025-07-03T09:00:00Z", "2025-07-03T09:00:00Z"
			ds.TimeEntries = append(ds.TimeEntries, n)
			ds.TimeEntries = slices.Delete(ds.TimeEntries, 20, 21)
			ds.Tasks = ds.Tasks[:len(ds.Tasks)-1]
			c := &ds.Clients[0]
			c.Name, c.UpdatedAt = "Renamed Client", "2025-07-03T10:00:00Z"
		}))
	},
	"aircall": func(t *testing.T, srv *sandbox.Server) {
		require.NoError(t, srv.MutateAircall(func(ds *sandbox.AircallDataset) {
			n := ds.Calls[len(ds.Calls)-1]
			n.ID, n.SID = n.ID+7000, n.SID+"-new"
			n.StartedAt, n.EndedAt = n.StartedAt+3600, n.EndedAt+3600
			ds.Calls = append(ds.Calls, n)
			ds.Calls = slices.Delete(ds.Calls, 3, 4)
			ds.Calls[7].Duration += 11
			ds.Tags = ds.Tags[1:]
		}))
	},
	"aha": func(t *testing.T, srv *sandbox.Server) {
		require.NoError(t, srv.MutateAha(func(ds *sandbox.AhaDataset) {
			f := &ds.Features[4]
			f.Name, f.UpdatedAt = "updated by the sync test", "2025-07-03T08:00:00.000Z"
			n := ds.Features[len(ds.Features)-1]
			n.ID, n.ReferenceNum, n.Name = "9"+n.ID, n.ReferenceNum+"0", "added by the sync test"
			n.CreatedAt, n.UpdatedAt = "2025-07-03T09:00:00.000Z", "2025-07-03T09:00:00.000Z"
			ds.Features = append(ds.Features, n)
			ds.Users = ds.Users[:len(ds.Users)-1]
		}))
	},
}

// TestSyncEveryTableOfEveryProvider copies every table of every provider
// into SQLite and PostgreSQL; the replicas hold exactly the rows the API
// serves. After the sandbox changes (rows added, updated, deleted), a
// second run fetches incrementally where it can and converges to the
// new truth.
func TestSyncEveryTableOfEveryProvider(t *testing.T) {
	for _, tg := range targets(t) {
		t.Run(tg.name, func(t *testing.T) {
			for _, name := range providers.Names() {
				t.Run(name, func(t *testing.T) {
					if tg.name == "postgres" {
						tg.to = pgtest.Database(t)
					} else {
						tg.to = filepath.Join(t.TempDir(), name+".db")
					}
					syncProvider(t, tg, name)
				})
			}
		})
	}
}

func syncProvider(t *testing.T, tg target, name string) {
	srv, err := sandbox.Start(sandbox.Options{Provider: name, Rows: 120})
	require.NoError(t, err)
	defer srv.Close()
	live, err := sql.Open("saasapi", srv.DSN())
	require.NoError(t, err)
	defer live.Close()
	conn, err := saasapi.OpenConnector(srv.DSN())
	require.NoError(t, err)
	defer conn.Close()
	p := conn.Provider()
	ctx := context.Background()

	report, err := conn.Sync(ctx, saasapi.SyncOptions{To: tg.to})
	require.NoError(t, err)
	replica := tg.open(t, tg.to)
	synced := map[string]saasapi.SyncResult{}
	for _, r := range report.Tables {
		synced[r.Table] = r
	}
	compare := func(label string) {
		for _, tbl := range p.Tables {
			r := synced[tbl.Name]
			if r.Skipped != "" {
				assert.True(t, slices.ContainsFunc(tbl.Columns, func(c schema.Column) bool { return c.Input }),
					"only reports are skipped, not %s (%s)", tbl.Name, r.Skipped)
				continue
			}
			want := tableRows(t, live, tbl, "SELECT * FROM "+tbl.Name)
			got := tableRows(t, replica, tbl, "SELECT * FROM "+tg.qual(report.Namespace, tbl.Name))
			require.NotEmpty(t, want, "%s has rows", tbl.Name)
			assert.Equal(t, want, got, "%s: %s.%s holds exactly the API's rows", label, name, tbl.Name)
			assert.EqualValues(t, len(want), r.Rows, "%s.%s", name, tbl.Name)
		}
	}
	compare("first sync")
	for _, r := range report.Tables {
		if r.Skipped == "" {
			assert.True(t, r.Full, "the first sync copies %s whole", r.Table)
		}
	}

	sandboxMutations[name](t, srv)
	srv.ResetRequests()
	report, err = conn.Sync(ctx, saasapi.SyncOptions{To: tg.to})
	require.NoError(t, err)
	for _, r := range report.Tables {
		synced[r.Table] = r
	}
	compare("second sync")
	incremental := map[string]string{"harvest": "time_entries", "aha": "features"}[name]
	if incremental != "" {
		r := synced[incremental]
		assert.False(t, r.Full, "%s refreshes incrementally", incremental)
		assert.Less(t, r.Fetched, int64(10), "only the changed rows of %s", incremental)
		assert.EqualValues(t, 1, r.Deleted+boolInt(name == "aha"), "the deletion is reconciled")
	}
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// TestSeveralAccountsSyncIntoOnePostgreSQL: syncs of different accounts
// run at once into one database, each in its own schema.
func TestSeveralAccountsSyncIntoOnePostgreSQL(t *testing.T) {
	pg := pgtest.Database(t)
	type account struct {
		srv    *sandbox.Server
		tables []string
	}
	var accounts []account
	for _, opts := range []sandbox.Options{{Provider: "harvest", Rows: 100, Latency: 2 * time.Millisecond}, {Provider: "aha", Rows: 100, Latency: 2 * time.Millisecond},
		{Provider: "harvest", Rows: 50, AccountID: "777", Latency: 2 * time.Millisecond}} {
		srv, err := sandbox.Start(opts)
		require.NoError(t, err)
		defer srv.Close()
		tables := []string{"time_entries", "projects", "clients"}
		if opts.Provider == "aha" {
			tables = []string{"features", "products", "releases"}
		}
		accounts = append(accounts, account{srv, tables})
	}
	reports := make([]*saasapi.SyncReport, len(accounts))
	errs := make([]error, len(accounts))
	done := make(chan int)
	for i, a := range accounts {
		go func() {
			c, err := saasapi.OpenConnector(a.srv.DSN())
			if err == nil {
				reports[i], err = c.Sync(context.Background(), saasapi.SyncOptions{To: pg, Tables: a.tables})
				c.Close()
			}
			errs[i] = err
			done <- i
		}()
	}
	for range accounts {
		<-done
	}
	db, err := sql.Open("pgx", pg)
	require.NoError(t, err)
	defer db.Close()
	var schemas []string
	for i, a := range accounts {
		require.NoError(t, errs[i])
		schemas = append(schemas, reports[i].Namespace)
		var n int
		require.NoError(t, db.QueryRow(`SELECT COUNT(*) FROM "`+reports[i].Namespace+`"."`+a.tables[0]+`"`).Scan(&n))
		assert.Equal(t, 100/(1+i/2), n, "%s holds its own account's rows", reports[i].Namespace)
	}
	assert.Equal(t, []string{"harvest_123456", "aha_sandbox", "harvest_777"}, schemas)
}
