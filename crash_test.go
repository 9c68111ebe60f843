package saasapi_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/cache/pgtest"
	"github.com/saasapi/saasapi/sandbox"
	"github.com/saasapi/saasapi/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// crashTables are the tables the crash tests copy: a paged listing, a
// small one and one read once per parent row.
var crashTables = []string{"time_entries", "clients", "invoice_messages"}

// replicaState reads every crash table of a replica, normalized.
func replicaState(t *testing.T, tg target, to, ns string, p *schema.Provider) map[string][]string {
	t.Helper()
	db := tg.open(t, to)
	out := map[string][]string{}
	for _, name := range crashTables {
		tbl, _ := p.Table(name)
		out[name] = tableRows(t, db, tbl, "SELECT * FROM "+tg.qual(ns, name))
	}
	db.Close()
	return out
}

// liveState reads the crash tables from the API.
func liveState(t *testing.T, srv *sandbox.Server, p *schema.Provider) map[string][]string {
	t.Helper()
	db, err := sql.Open("saasapi", srv.DSN())
	require.NoError(t, err)
	defer db.Close()
	out := map[string][]string{}
	for _, name := range crashTables {
		tbl, _ := p.Table(name)
		out[name] = tableRows(t, db, tbl, "SELECT * FROM "+name)
	}
	return out
}

// faulty fails the request numbered at (from 1): with a 403 the API
// would not retry, or by cancelling the sync's context.
type faulty struct {
	at     int64
	n      atomic.Int64
	cancel context.CancelFunc
	next   http.RoundTripper
}

func (f *faulty) RoundTrip(r *http.Request) (*http.Response, error) {
	if f.n.Add(1) == f.at {
		if f.cancel != nil {
			f.cancel()
			return nil, context.Canceled
		}
		return &http.Response{StatusCode: http.StatusForbidden, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(`{"error":"forbidden","error_description":"injected by the crash test"}`)), Request: r}, nil
	}
	return f.next.RoundTrip(r)
}

var failedTable = regexp.MustCompile(`sync (\w+):`)

// TestRefreshFailingAtRandomPointsKeepsThePreviousCopy: a sync that fails
// at a random request (an API error, a cancelled context) leaves each
// table as its previous complete copy or its new complete copy, never
// between; the table it was copying keeps its previous copy. On SQLite and
// PostgreSQL.
func TestRefreshFailingAtRandomPointsKeepsThePreviousCopy(t *testing.T) {
	for _, tg := range targets(t) {
		t.Run(tg.name, func(t *testing.T) {
			srv, err := sandbox.Start(sandbox.Options{Rows: 400})
			require.NoError(t, err)
			defer srv.Close()
			to := filepath.Join(t.TempDir(), "replica.db")
			if tg.name == "postgres" {
				to = pgtest.Database(t)
			}
			dsn := srv.DSN() + ";Pagesize=40"
			good, err := saasapi.OpenConnector(dsn)
			require.NoError(t, err)
			defer good.Close()
			ctx := context.Background()
			rep, err := good.Sync(ctx, saasapi.SyncOptions{To: to, Tables: crashTables})
			require.NoError(t, err)
			p := good.Provider()
			ns := rep.Namespace
			total := 0
			for _, r := range rep.Tables {
				total += r.Requests
			}
			require.Greater(t, total, 20)

			rng := rand.New(rand.NewPCG(7, 11))
			for i := range 8 {
				prev := replicaState(t, tg, to, ns, p)
				// Change the API so that a new copy differs from the old.
				require.NoError(t, srv.MutateHarvest(func(ds *sandbox.Dataset) {
					e := &ds.TimeEntries[i*7]
					e.Notes, e.UpdatedAt = fmt.Sprintf("crash round %d", i), fmt.Sprintf("2025-07-%02dT12:00:00Z", 10+i)
					ds.Clients[i%len(ds.Clients)].Name = fmt.Sprintf("client renamed %d", i)
					ds.Clients[i%len(ds.Clients)].UpdatedAt = fmt.Sprintf("2025-07-%02dT12:00:00Z", 10+i)
				}))
				next := liveState(t, srv, p)
				f := &faulty{at: 1 + rng.Int64N(int64(total)), next: http.DefaultTransport}
				sctx, cancel := context.WithCancel(ctx)
				if i%2 == 1 {
					f.cancel = cancel
				}
				c, err := saasapi.OpenConnector(dsn, saasapi.WithHTTPClient(&http.Client{Transport: f}))
				require.NoError(t, err)
				_, err = c.Sync(sctx, saasapi.SyncOptions{To: to, Tables: crashTables, Full: i%4 < 2})
				cancel()
				c.Close()
				if f.n.Load() < f.at {
					require.NoError(t, err, "the sync ended before the fault")
					continue
				}
				require.Error(t, err, "round %d: request %d fails", i, f.at)
				if f.cancel != nil {
					assert.True(t, errors.Is(err, context.Canceled), "round %d: %v", i, err)
				} else {
					assert.ErrorIs(t, err, saasapi.ErrForbidden)
				}
				m := failedTable.FindStringSubmatch(err.Error())
				require.NotNil(t, m, "the error names the table: %v", err)
				got := replicaState(t, tg, to, ns, p)
				for _, name := range crashTables {
					if name == m[1] {
						assert.Equal(t, prev[name], got[name], "round %d: %s, failing at request %d, keeps its previous copy", i, name, f.at)
						continue
					}
					isPrev, isNext := equal(prev[name], got[name]), equal(next[name], got[name])
					assert.True(t, isPrev || isNext, "round %d: %s is its previous or its new copy, nothing between", i, name)
				}
			}
			_, err = good.Sync(ctx, saasapi.SyncOptions{To: to, Tables: crashTables})
			require.NoError(t, err)
			assert.Equal(t, liveState(t, srv, p), replicaState(t, tg, to, ns, p), "a sync that completes converges")
		})
	}
}

func equal(a, b []string) bool { return strings.Join(a, "\n") == strings.Join(b, "\n") }

// TestHelperProcess is a sync or a query run as its own process by the
// tests below (killed with SIGKILL, or run twice at once); it does nothing
// in a normal test run.
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv("SAASAPI_HELPER")
	if mode == "" {
		t.Skip("run by the crash and concurrency tests as a subprocess")
	}
	dsn := os.Getenv("SAASAPI_HELPER_DSN")
	switch mode {
	case "sync":
		c, err := saasapi.OpenConnector(dsn)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		fmt.Println("started")
		_, err = c.Sync(context.Background(), saasapi.SyncOptions{To: os.Getenv("SAASAPI_HELPER_TO"), Tables: crashTables, Full: true})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(4)
		}
	case "query":
		db, err := sql.Open("saasapi", dsn)
		if err == nil {
			var n int
			err = db.QueryRow("SELECT COUNT(*) FROM time_entries WHERE hours > 0").Scan(&n)
			fmt.Println(n)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(4)
		}
	}
	os.Exit(0)
}

// helper starts the test binary as a helper process.
func helper(t *testing.T, mode, dsn, to string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), "SAASAPI_HELPER="+mode, "SAASAPI_HELPER_DSN="+dsn, "SAASAPI_HELPER_TO="+to)
	return cmd
}

// TestSyncKilledAtRandomPointsKeepsThePreviousCopy: a sync process killed
// with SIGKILL at a random moment leaves every table readable as a whole
// copy (the previous or the new one); the next sync completes. On SQLite
// and PostgreSQL.
func TestSyncKilledAtRandomPointsKeepsThePreviousCopy(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocesses")
	}
	for _, tg := range targets(t) {
		t.Run(tg.name, func(t *testing.T) {
			srv, err := sandbox.Start(sandbox.Options{Rows: 400, Latency: 3 * time.Millisecond})
			require.NoError(t, err)
			defer srv.Close()
			to := filepath.Join(t.TempDir(), "replica.db")
			if tg.name == "postgres" {
				to = pgtest.Database(t)
			}
			dsn := srv.DSN() + ";Pagesize=40"
			c, err := saasapi.OpenConnector(dsn)
			require.NoError(t, err)
			defer c.Close()
			start := time.Now()
			rep, err := c.Sync(context.Background(), saasapi.SyncOptions{To: to, Tables: crashTables})
			require.NoError(t, err)
			took := time.Since(start)
			p := c.Provider()
			rng := rand.New(rand.NewPCG(3, 5))
			killed := 0
			for i := range 6 {
				prev := replicaState(t, tg, to, rep.Namespace, p)
				require.NoError(t, srv.MutateHarvest(func(ds *sandbox.Dataset) {
					ds.TimeEntries[i].Notes, ds.TimeEntries[i].UpdatedAt = fmt.Sprintf("kill round %d", i), fmt.Sprintf("2025-07-%02dT12:00:00Z", 10+i)
					ds.Clients[0].Name, ds.Clients[0].UpdatedAt = fmt.Sprintf("kill round %d", i), fmt.Sprintf("2025-07-%02dT12:00:00Z", 10+i)
				}))
				next := liveState(t, srv, p)
				cmd := helper(t, "sync", dsn, to)
				out, err := cmd.StdoutPipe()
				require.NoError(t, err)
				require.NoError(t, cmd.Start())
				buf := make([]byte, 8)
				_, _ = io.ReadAtLeast(out, buf, 7) // "started": the connector is open
				time.Sleep(time.Duration(rng.Int64N(int64(took))))
				_ = cmd.Process.Signal(syscall.SIGKILL)
				if err := cmd.Wait(); err != nil {
					if st, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && st.Signaled() {
						killed++ // killed while it ran, not after it ended
					}
				}
				got := replicaState(t, tg, to, rep.Namespace, p)
				for _, name := range crashTables {
					assert.True(t, equal(prev[name], got[name]) || equal(next[name], got[name]),
						"round %d: after SIGKILL, %s is a whole copy, previous or new", i, name)
				}
			}
			assert.Greater(t, killed, 0, "some rounds killed the sync while it ran")
			_, err = c.Sync(context.Background(), saasapi.SyncOptions{To: to, Tables: crashTables})
			require.NoError(t, err, "the next sync runs: no lock or half transaction is left behind")
			want, got := liveState(t, srv, p), replicaState(t, tg, to, rep.Namespace, p)
			for _, name := range crashTables {
				assert.True(t, equal(want[name], got[name]), "%s converges: %s", name, firstDiff(want[name], got[name]))
			}
		})
	}
}

// TestTwoProcessesShareOneCacheFile: two processes querying the same
// table through one cache file at once fetch it once between them.
func TestTwoProcessesShareOneCacheFile(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocesses")
	}
	srv, err := sandbox.Start(sandbox.Options{Rows: 600, Latency: 20 * time.Millisecond})
	require.NoError(t, err)
	defer srv.Close()
	dsn := srv.DSN() + ";Pagesize=50;AutoCache=true;CacheLocation=" + filepath.Join(t.TempDir(), "shared.db")
	var wg sync.WaitGroup
	outs := make([][]byte, 2)
	errs := make([]error, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], errs[i] = helper(t, "query", dsn, "").Output()
		}()
	}
	wg.Wait()
	want := 0
	for _, e := range srv.Dataset().TimeEntries {
		if e.Hours > 0 {
			want++
		}
	}
	for i := range 2 {
		var ee *exec.ExitError
		if errors.As(errs[i], &ee) {
			t.Logf("helper %d: %s", i, ee.Stderr)
		}
		require.NoError(t, errs[i])
		assert.Equal(t, fmt.Sprintf("%d\n", want), string(outs[i]))
	}
	// One listing of 600 rows in pages of 50 (12 pages, read as up to 8
	// date ranges at once: a partial page more each), for both processes.
	// (Both open the new file at once: the one whose "database is locked"
	// SQLite answers without waiting tries again; see cache.openSQLiteFile.)
	assert.GreaterOrEqual(t, srv.Requests(), int64(12))
	assert.LessOrEqual(t, srv.Requests(), int64(12+8), "one listing's worth, not one per process (24)")
}

// firstDiff describes where two sorted row lists first differ.
func firstDiff(a, b []string) string {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return fmt.Sprintf("row %d:\n want %s\n got  %s", i, a[i], b[i])
		}
	}
	return fmt.Sprintf("%d rows, want %d", len(b), len(a))
}
