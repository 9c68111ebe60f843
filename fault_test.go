package saasapi_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/auth"
	"github.com/saasapi/saasapi/rest"
	"github.com/saasapi/saasapi/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fault-injection suite (docs/reliability.md, "Fault-injection
// suite"): seeded scans of Harvest time_entries (links.next), Aircall calls
// (meta.next_page_link) and Aha! features (page numbers) through the whole
// driver, against sandboxes that misbehave. Every run must end with the
// sandbox's ground truth exactly, or with an error the fault's row accepts;
// never with fewer, more or other rows and no error, never past its
// deadline, and never with a credential at the other host.

const (
	// faultTimeout is the DSN Timeout of every run, in seconds.
	faultTimeout = 3
	// faultDeadline bounds each query through its context.
	faultDeadline = 30 * time.Second
	// faultHang is how far past the deadline a query may return before
	// the run counts as a hang (a guard, not a speed assertion).
	faultHang = 5 * time.Second
	// faultWorkers run scans at once: most of a run is waiting (backoff,
	// stalls, timeouts), not computing.
	faultWorkers = 32
)

// scanEnv is one run's listing: the provider, its auth kind, the number
// of records and the page size.
type scanEnv struct {
	provider, auth string
	rows, per      int
}

// pages is the number of pages the listing has.
func (e scanEnv) pages() int { return (e.rows + e.per - 1) / e.per }

// page draws a page of the listing from lo (1-based) to the last page
// minus below, at least lo.
func (e scanEnv) page(r *rand.Rand, lo, below int) int {
	hi := max(e.pages()-below, lo)
	return lo + r.IntN(hi-lo+1)
}

// expectation is what a fault allows for one run.
type expectation struct {
	mustExact bool    // the fault is transient: the rows must come back exactly
	errs      []error // errors.Is targets accepted as a loud failure
	transport bool    // a *rest.TransportError (no HTTP answer) is accepted too
}

// faultCase is one row of the matrix.
type faultCase struct {
	name      string
	providers []string
	runs      int
	spec      func(r *rand.Rand, e scanEnv) string
	want      func(e scanEnv) expectation
	accepted  string // the matrix's "accepted" cell, when want depends on the run
	heavy     bool   // memory-hungry: at most two at once
}

var (
	allProviders  = []string{sandbox.ProviderHarvest, sandbox.ProviderAircall, sandbox.ProviderAha}
	linkProviders = []string{sandbox.ProviderHarvest, sandbox.ProviderAircall}
	redirectCodes = []int{301, 302, 303, 307, 308}
	// oddRetryAfter are Retry-After values after which a retry is due
	// soon: negative, fractional, garbage, zero, HTTP dates in the past
	// and the near future.
	oddRetryAfter = []string{"-5", "1.5", "soon", "0", "date-1h", "date+1s", "Fri, 31 Dec 1999 23:59:59 GMT", "3, 4"}
	// hugeRetryAfter ask for longer than any client waits.
	hugeRetryAfter = []string{"86400", "99999999999999999999", "date+48h"}
)

// quoted writes a value for a fault spec, quoting it when it needs to.
func quoted(v string) string {
	if strings.ContainsAny(v, `,;:=" `) {
		return strconv.Quote(v)
	}
	return v
}

func exact(e scanEnv) expectation { return expectation{mustExact: true} }

func accept(transport bool, errs ...error) func(scanEnv) expectation {
	return func(scanEnv) expectation { return expectation{errs: errs, transport: transport} }
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// faultCases are the matrix's rows, at least 500 runs in all.
var faultCases = []faultCase{
	{name: "none (baseline)", providers: allProviders, runs: 18,
		spec: func(*rand.Rand, scanEnv) string { return "" }, want: exact},
	{name: "500 once", providers: allProviders, runs: 18,
		spec: func(r *rand.Rand, e scanEnv) string {
			return fmt.Sprintf("status:code=500,page=%d,times=1", e.page(r, 1, 0))
		}, want: exact},
	{name: "502 HTML page twice", providers: allProviders, runs: 15,
		spec: func(r *rand.Rand, e scanEnv) string {
			return fmt.Sprintf("status:code=502,page=%d,times=2", e.page(r, 1, 0))
		}, want: exact},
	{name: "503 at random, at most twice a page", providers: allProviders, runs: 15,
		spec: func(r *rand.Rand, e scanEnv) string { return "status:code=503,p=0.35,times=2" }, want: exact},
	{name: "5xx persistent", providers: allProviders, runs: 15,
		spec: func(r *rand.Rand, e scanEnv) string {
			return fmt.Sprintf("status:code=%d,page=%d", pick(r, []int{500, 502, 503}), e.page(r, 1, 0))
		}, want: accept(false, saasapi.ErrServer)},
	{name: "reset before headers once", providers: allProviders, runs: 18,
		spec: func(r *rand.Rand, e scanEnv) string { return fmt.Sprintf("reset:page=%d,times=1", e.page(r, 1, 0)) },
		want: exact},
	{name: "reset before headers persistent", providers: allProviders, runs: 12,
		spec: func(r *rand.Rand, e scanEnv) string { return fmt.Sprintf("reset:page=%d", e.page(r, 1, 0)) },
		want: accept(true)},
	{name: "reset mid-body once", providers: allProviders, runs: 18,
		spec: func(r *rand.Rand, e scanEnv) string {
			return fmt.Sprintf("reset-body:page=%d,times=1", e.page(r, 1, 0))
		}, want: exact},
	{name: "reset mid-body persistent", providers: allProviders, runs: 12,
		spec: func(r *rand.Rand, e scanEnv) string { return fmt.Sprintf("reset-body:page=%d", e.page(r, 1, 0)) },
		want: accept(true, saasapi.ErrBadResponse)},
	{name: "truncated body (clean EOF) once", providers: allProviders, runs: 18,
		spec: func(r *rand.Rand, e scanEnv) string {
			return fmt.Sprintf("truncate:page=%d,times=1", e.page(r, 1, 0))
		}, want: exact},
	{name: "truncated body persistent", providers: allProviders, runs: 12,
		spec: func(r *rand.Rand, e scanEnv) string { return fmt.Sprintf("truncate:page=%d", e.page(r, 1, 0)) },
		want: accept(true, saasapi.ErrBadResponse)},
	{name: "stall shorter than Timeout", providers: allProviders, runs: 15,
		spec: func(r *rand.Rand, e scanEnv) string {
			return fmt.Sprintf("%s:delay=300ms,page=%d", pick(r, []string{"stall", "stall-body"}), e.page(r, 1, 0))
		}, want: exact},
	{name: "stall longer than Timeout once", providers: allProviders, runs: 12,
		spec: func(r *rand.Rand, e scanEnv) string {
			return fmt.Sprintf("stall:delay=5s,page=%d,times=1", e.page(r, 1, 0))
		},
		want: exact},
	{name: "stall mid-body longer than Timeout once", providers: allProviders, runs: 12,
		spec: func(r *rand.Rand, e scanEnv) string {
			return fmt.Sprintf("stall-body:delay=5s,page=%d,times=1", e.page(r, 1, 0))
		}, want: exact},
	{name: "stall longer than Timeout persistent", providers: allProviders, runs: 8,
		spec: func(r *rand.Rand, e scanEnv) string { return fmt.Sprintf("stall:delay=30s,page=%d", e.page(r, 1, 0)) },
		want: accept(true, context.DeadlineExceeded)},
	{name: "429 storm, odd Retry-After, twice a page", providers: allProviders, runs: 28,
		spec: func(r *rand.Rand, e scanEnv) string {
			sel := fmt.Sprintf("page=%d", e.page(r, 1, 0))
			if r.IntN(2) == 0 { // the last three pages, each at random
				sel = fmt.Sprintf("from=%d,p=0.5", max(e.pages()-2, 1))
			}
			return fmt.Sprintf("status:code=429,retry-after=%s,%s,times=2", quoted(pick(r, oddRetryAfter)), sel)
		}, want: exact},
	{name: "429 persistent, odd Retry-After", providers: allProviders, runs: 16,
		spec: func(r *rand.Rand, e scanEnv) string {
			return fmt.Sprintf("status:code=429,retry-after=%s,page=%d", quoted(pick(r, append(oddRetryAfter, hugeRetryAfter...))), e.page(r, 1, 0))
		}, want: accept(false, saasapi.ErrRateLimited, context.DeadlineExceeded)},
	{name: "429 once with a huge Retry-After", providers: allProviders, runs: 12,
		spec: func(r *rand.Rand, e scanEnv) string {
			return fmt.Sprintf("status:code=429,retry-after=%s,page=%d,times=1", quoted(pick(r, hugeRetryAfter)), e.page(r, 1, 0))
		}, want: accept(false, saasapi.ErrRateLimited, context.DeadlineExceeded)},
	{name: "credentials revoked mid-scan", providers: allProviders, runs: 24,
		accepted: "exact rows with OAuth and a refresh token (Harvest, Aha!); else ErrUnauthorized (API key, Basic) or ErrTokenRejected (Aircall's permanent OAuth token)",
		spec:     func(r *rand.Rand, e scanEnv) string { return fmt.Sprintf("revoke:page=%d", e.page(r, 2, 0)) },
		want: func(e scanEnv) expectation {
			switch {
			case e.auth == authOAuth && e.provider == sandbox.ProviderAircall:
				// Aircall tokens are permanent: nothing to refresh.
				return expectation{errs: []error{saasapi.ErrUnauthorized, auth.ErrTokenRejected}}
			case e.auth == authOAuth:
				return expectation{mustExact: true} // the refresh grant works
			}
			return expectation{errs: []error{saasapi.ErrUnauthorized}}
		}},
	{name: "same-host redirects (1-10 hops)", providers: allProviders, runs: 21,
		spec: func(r *rand.Rand, e scanEnv) string {
			return fmt.Sprintf("redirect-same:code=%d,hops=%d,page=%d", pick(r, redirectCodes), 1+r.IntN(10), e.page(r, 1, 0))
		}, want: exact},
	{name: "same-host redirect loop", providers: allProviders, runs: 12,
		spec: func(r *rand.Rand, e scanEnv) string {
			return fmt.Sprintf("redirect-loop:code=%d,page=%d", pick(r, redirectCodes), e.page(r, 1, 0))
		}, want: accept(false, saasapi.ErrRedirect)},
	{name: "redirect to another host", providers: allProviders, runs: 33,
		spec: func(r *rand.Rand, e scanEnv) string {
			return fmt.Sprintf("redirect:code=%d,page=%d", pick(r, redirectCodes), e.page(r, 1, 0))
		}, want: accept(false, saasapi.ErrRedirect)},
	{name: "next link to another host", providers: linkProviders, runs: 16,
		spec: func(r *rand.Rand, e scanEnv) string { return fmt.Sprintf("offhost-next:page=%d", e.page(r, 1, 1)) },
		want: accept(false, saasapi.ErrRedirect, saasapi.ErrPagination, saasapi.ErrBadResponse)},
	{name: "next link cycles back", providers: linkProviders, runs: 20,
		spec: func(r *rand.Rand, e scanEnv) string {
			p := e.page(r, 2, 1)
			return fmt.Sprintf("cycle:page=%d,to=%d", p, 1+r.IntN(p))
		}, want: accept(false, saasapi.ErrPagination)},
	{name: "next link missing, counters say more", providers: linkProviders, runs: 16,
		spec: func(r *rand.Rand, e scanEnv) string { return fmt.Sprintf("no-next:page=%d", e.page(r, 1, 1)) },
		want: accept(false, saasapi.ErrPagination)},
	{name: "empty pages with a next link, then data", providers: allProviders, runs: 18,
		spec: func(r *rand.Rand, e scanEnv) string {
			return fmt.Sprintf("empty:page=%d,count=%d", e.page(r, 1, 0), 1+r.IntN(3))
		}, want: accept(false, saasapi.ErrPagination)},
	{name: "empty pages without end", providers: allProviders, runs: 15,
		spec: func(r *rand.Rand, e scanEnv) string { return fmt.Sprintf("empty-forever:page=%d", e.page(r, 2, 0)) },
		want: accept(false, saasapi.ErrPagination)},
	{name: "rows duplicated across pages", providers: allProviders, runs: 18,
		spec: func(r *rand.Rand, e scanEnv) string {
			return fmt.Sprintf("duplicate:page=%d,count=%d", e.page(r, 2, 0), 1+r.IntN(e.per))
		}, want: accept(false, saasapi.ErrPagination)},
	{name: "rows missing between pages", providers: allProviders, runs: 18,
		spec: func(r *rand.Rand, e scanEnv) string {
			return fmt.Sprintf("skip:page=%d,count=%d", e.page(r, 2, 0), 1+r.IntN(e.per))
		}, want: accept(false, saasapi.ErrPagination)},
	{name: "total_pages too small", providers: []string{sandbox.ProviderAha, sandbox.ProviderHarvest}, runs: 12,
		spec: func(r *rand.Rand, e scanEnv) string { return fmt.Sprintf("total-pages:count=%d", 1+r.IntN(2)) },
		want: accept(false, saasapi.ErrPagination)},
	{name: "gzip bomb", providers: allProviders, runs: 9, heavy: true,
		spec: func(r *rand.Rand, e scanEnv) string { return fmt.Sprintf("gzip-bomb:page=%d", e.page(r, 1, 0)) },
		want: accept(true, saasapi.ErrBadResponse)},
}

// Auth kinds of a run.
const (
	authStatic = "static" // Harvest and Aha! API key, Aircall Basic
	authOAuth  = "oauth"  // the sandbox's OAuth server (refresh grant where the provider has one)
)

// runOutcome is what one run came to.
type runOutcome struct {
	c        *faultCase
	env      scanEnv
	seed     int64
	spec     string
	exact    bool
	errClass string // the typed error, when the query failed as accepted
	failure  string // why the run broke a promise; empty when it kept them
	failKind string // short class of the failure, for the matrix
	elapsed  time.Duration
}

func TestFaults(t *testing.T) {
	total := 0
	for _, c := range faultCases {
		total += c.runs
	}
	require.GreaterOrEqual(t, total, 500, "the suite runs at least 500 scans")

	type job struct {
		c    *faultCase
		i    int
		cost int
	}
	var jobs []job
	for ci := range faultCases {
		c := &faultCases[ci]
		for i := range c.runs {
			jobs = append(jobs, job{c: c, i: i, cost: costOf(c)})
		}
	}
	// The slowest runs first, so that the workers finish together.
	sort.SliceStable(jobs, func(a, b int) bool { return jobs[a].cost > jobs[b].cost })

	dir := t.TempDir()
	outcomes := make([]runOutcome, len(jobs))
	next := atomic.Int64{}
	heavy := make(chan struct{}, 2)
	var wg sync.WaitGroup
	began := time.Now()
	for range faultWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1)) - 1
				if k >= len(jobs) {
					return
				}
				j := jobs[k]
				if j.c.heavy {
					heavy <- struct{}{}
				}
				outcomes[k] = runFault(j.c, j.i, dir)
				if j.c.heavy {
					<-heavy
				}
			}
		}()
	}
	wg.Wait()
	t.Logf("%d scans in %s", len(jobs), time.Since(began).Round(time.Millisecond))

	matrix := faultMatrix(outcomes)
	t.Log("\n" + matrix)
	if *update {
		require.NoError(t, writeFaultMatrix(matrix))
	}
	doc, err := os.ReadFile(filepath.Join("docs", "reliability.md"))
	require.NoError(t, err)
	for _, c := range faultCases {
		assert.Contains(t, string(doc), "| "+c.name+" |", "docs/reliability.md's matrix lacks %q: run go test -run TestFaults -update .", c.name)
	}

	// One subtest per fault, failing with the runs that broke a promise.
	for ci := range faultCases {
		c := &faultCases[ci]
		t.Run(c.name, func(t *testing.T) {
			shown := 0
			for _, o := range outcomes {
				if o.c != c || o.failure == "" {
					continue
				}
				if shown < 4 {
					t.Errorf("%s/%s seed %d, %s: %s", o.env.provider, o.env.auth, o.seed, specOrNone(o.spec), o.failure)
				} else if shown == 4 {
					t.Errorf("… more runs failed; see the matrix")
				}
				shown++
			}
		})
	}
}

// costOf guesses how long a run of c waits, to schedule the slow ones
// first.
func costOf(c *faultCase) int {
	switch {
	case strings.Contains(c.name, "persistent"), strings.Contains(c.name, "cycles"), strings.Contains(c.name, "loop"):
		return 3
	case strings.Contains(c.name, "stall"), strings.Contains(c.name, "429"), c.heavy:
		return 2
	}
	return 1
}

func specOrNone(s string) string {
	if s == "" {
		return "no fault"
	}
	return s
}

// runSeed is the seed of run i of a case, stable when cases are added.
func runSeed(name string, i int) int64 {
	h := fnv.New32a()
	h.Write([]byte(name))
	return int64(h.Sum32()%100000)*1000 + int64(i) + 1
}

// runFault runs one seeded scan and judges it.
func runFault(c *faultCase, i int, dir string) (out runOutcome) {
	seed := runSeed(c.name, i)
	r := rand.New(rand.NewPCG(uint64(seed), 0x5eed))
	env := scanEnv{
		provider: c.providers[i%len(c.providers)],
		auth:     []string{authStatic, authOAuth}[(i/len(c.providers))%2],
		rows:     30 + r.IntN(60),
		per:      7 + r.IntN(8),
	}
	out = runOutcome{c: c, env: env, seed: seed, spec: c.spec(r, env)}
	fail := func(kind, format string, args ...any) runOutcome {
		out.failKind, out.failure = kind, fmt.Sprintf(format, args...)
		return out
	}
	faults, err := sandbox.ParseFaults(out.spec)
	if err != nil {
		return fail("setup", "the suite's fault spec: %v", err)
	}
	srv, err := sandbox.Start(sandbox.Options{Provider: env.provider, Rows: env.rows, Seed: seed,
		Faults: faults, FaultSeed: seed, OtherHost: true})
	if err != nil {
		return fail("setup", "sandbox: %v", err)
	}
	defer srv.Close()
	want, query := groundTruth(srv)
	if len(want) != env.rows {
		return fail("setup", "ground truth has %d records, want %d", len(want), env.rows)
	}
	dsn, secrets, err := faultDSN(srv, env, filepath.Join(dir, strconv.FormatInt(seed, 10)+".json"))
	if err != nil {
		return fail("setup", "%v", err)
	}
	dsn += fmt.Sprintf(";Pagesize=%d;Timeout=%d", env.per, faultTimeout)

	db, err := sql.Open("saasapi", dsn)
	if err != nil {
		return fail("setup", "sql.Open: %v", err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), faultDeadline)
	defer cancel()

	// A listing that never ends is stopped early: it cannot come out
	// right, and it would burn the CPU until the deadline.
	var runaway atomic.Bool
	maxRequests := int64(40*env.pages() + 200)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if srv.Requests() > maxRequests {
					runaway.Store(true)
					cancel()
					return
				}
			}
		}
	}()

	type scan struct {
		got  map[string]string
		n    int
		qerr error
	}
	done := make(chan scan, 1)
	start := time.Now()
	go func() {
		got, n, qerr := collectScan(ctx, db, query, 20*env.rows, &runaway, cancel)
		done <- scan{got, n, qerr}
	}()
	var res scan
	select {
	case res = <-done:
	case <-time.After(faultDeadline + 2*faultHang):
		// The query ignores its context: report the hang and leave it
		// behind (closing the sandbox cuts its connections).
		return fail("hang", "the query had not returned %s after its deadline", 2*faultHang)
	}
	got, n, qerr := res.got, res.n, res.qerr
	out.elapsed = time.Since(start)

	// Promises that hold whatever the outcome.
	for _, o := range srv.OtherRequests() {
		if o.Authorization != "" || len(o.CredentialParams) > 0 {
			what := "query " + strings.Join(o.CredentialParams, ",")
			if o.Authorization != "" {
				what = o.AuthScheme()
			}
			return fail("credential leak ("+what+")", "credential at the other host: %s on %s %s", what, o.Method, o.Path)
		}
	}
	if qerr != nil {
		for _, s := range secrets {
			if s != "" && strings.Contains(qerr.Error(), s) {
				return fail("secret in error", "the error shows a secret of the connection string")
			}
		}
	}
	if out.elapsed > faultDeadline+faultHang {
		return fail("hang", "the query returned after %s (deadline %s)", out.elapsed.Round(time.Millisecond), faultDeadline)
	}
	if runaway.Load() {
		return fail("runaway", "the listing did not end: %d rows, %d requests for %d records in %d pages, no error",
			n, srv.Requests(), env.rows, env.pages())
	}

	exp := c.want(env)
	if qerr == nil {
		if diff := compareRows(want, got, n); diff != "" {
			return fail(diffKind(diff), "%s, and no error", diff)
		}
		out.exact = true
		return out
	}
	class := errorClass(qerr)
	if exp.mustExact {
		return fail("error on a transient fault", "failed where a retry or refresh succeeds: %s: %s", class, firstLine(qerr))
	}
	if !accepted(qerr, exp) {
		return fail("wrong error", "%s: %s (accepted: %s)", class, firstLine(qerr), acceptedList(exp))
	}
	out.errClass = class
	return out
}

// collectScan reads every row of query into id → value, counting rows; past
// limit rows it stops the query as a runaway.
func collectScan(ctx context.Context, db *sql.DB, query string, limit int, runaway *atomic.Bool, cancel func()) (map[string]string, int, error) {
	got := map[string]string{}
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return got, 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id, v any
		if err := rows.Scan(&id, &v); err != nil {
			return got, n, err
		}
		got[fmt.Sprint(id)] = fmt.Sprint(v)
		n++
		if n > limit {
			runaway.Store(true)
			cancel()
		}
	}
	return got, n, rows.Err()
}

// groundTruth is every record of the run's listing (id → value) and the
// query that reads them.
func groundTruth(srv *sandbox.Server) (map[string]string, string) {
	want := map[string]string{}
	switch srv.Options().Provider {
	case sandbox.ProviderAircall:
		for _, c := range srv.AircallData().Calls {
			want[strconv.FormatInt(c.ID, 10)] = fmt.Sprint(c.Duration)
		}
		return want, "SELECT id, duration FROM calls"
	case sandbox.ProviderAha:
		for _, f := range srv.AhaData().Features {
			want[f.ID] = f.Name
		}
		return want, "SELECT id, name FROM features"
	}
	for _, e := range srv.Dataset().TimeEntries {
		want[strconv.FormatInt(e.ID, 10)] = fmt.Sprint(e.Hours)
	}
	return want, "SELECT id, hours FROM time_entries"
}

// compareRows describes how got (n rows) differs from want; "" when it is
// exactly want.
func compareRows(want, got map[string]string, n int) string {
	var missing, other, wrong int
	for id := range want {
		if _, ok := got[id]; !ok {
			missing++
		}
	}
	for id, v := range got {
		w, ok := want[id]
		switch {
		case !ok:
			other++
		case w != v:
			wrong++
		}
	}
	dups := n - len(got)
	var parts []string
	if missing > 0 {
		parts = append(parts, fmt.Sprintf("short: %d of %d rows missing", missing, len(want)))
	}
	if other > 0 {
		parts = append(parts, fmt.Sprintf("other rows: %d not in the data set", other))
	}
	if wrong > 0 {
		parts = append(parts, fmt.Sprintf("wrong values in %d rows", wrong))
	}
	if dups > 0 {
		parts = append(parts, fmt.Sprintf("more: %d duplicate rows", dups))
	}
	return strings.Join(parts, "; ")
}

func diffKind(diff string) string {
	kind, _, _ := strings.Cut(diff, ":")
	return map[string]string{"short": "rows short", "other rows": "other rows", "wrong values in": "wrong values",
		"more": "rows repeated"}[kind] + ", no error"
}

// faultDSN is the run's connection string for its auth kind, and the
// secrets it holds.
func faultDSN(srv *sandbox.Server, env scanEnv, store string) (string, []string, error) {
	o := srv.Options()
	if env.auth == authStatic {
		return srv.DSN(), []string{o.Token}, nil
	}
	access, refresh, err := oauthTokens(srv)
	if err != nil {
		return "", nil, err
	}
	_, tokenURL := srv.OAuthURLs()
	switch env.provider {
	case sandbox.ProviderAircall:
		return fmt.Sprintf("Profile=aircall;AuthScheme=OAuth;OAuthAccessToken=%s;ProfileSettings='BaseURL=%s'", access, srv.URL()),
			[]string{access, o.Token}, nil
	case sandbox.ProviderAha:
		return fmt.Sprintf("Profile=aha;AuthScheme=OAuth;InitiateOAuth=REFRESH;OAuthClientId=%s;OAuthClientSecret=%s;OAuthRefreshToken=%s;"+
			"OAuthAccessTokenURL=%s;OAuthSettingsLocation=%s;ProfileSettings='Domain=%s;BaseURL=%s'",
			o.ClientID, o.ClientSecret, refresh, tokenURL, store, o.Domain, srv.URL()), []string{o.ClientSecret, refresh, access, o.Token}, nil
	}
	return fmt.Sprintf("Profile=harvest;AuthScheme=OAuth;InitiateOAuth=REFRESH;OAuthClientId=%s;OAuthClientSecret=%s;OAuthRefreshToken=%s;"+
		"OAuthAccessTokenURL=%s;OAuthSettingsLocation=%s;ProfileSettings='AccountId=%s;BaseURL=%s'",
		o.ClientID, o.ClientSecret, refresh, tokenURL, store, o.AccountID, srv.URL()), []string{o.ClientSecret, refresh, access, o.Token}, nil
}

// oauthTokens runs the sandbox's authorization-code grant by hand.
func oauthTokens(srv *sandbox.Server) (access, refresh string, err error) {
	const redirect = "http://127.0.0.1:1/callback"
	authURL, tokenURL := srv.OAuthURLs()
	o := srv.Options()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(authURL + "?" + url.Values{"client_id": {o.ClientID}, "redirect_uri": {redirect}, "response_type": {"code"}}.Encode())
	if err != nil {
		return "", "", err
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		return "", "", err
	}
	resp, err = http.PostForm(tokenURL, url.Values{"grant_type": {"authorization_code"}, "code": {loc.Query().Get("code")},
		"redirect_uri": {redirect}, "client_id": {o.ClientID}, "client_secret": {o.ClientSecret}})
	if err != nil {
		return "", "", err
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		return "", "", fmt.Errorf("the sandbox's token exchange failed (%d): %v", resp.StatusCode, err)
	}
	return tok.AccessToken, tok.RefreshToken, nil
}

// errorTargets name the typed errors a run can end with, in the order they
// are reported.
var errorTargets = []struct {
	name string
	err  error
}{
	{"ErrPagination", saasapi.ErrPagination},
	{"ErrRedirect", saasapi.ErrRedirect},
	{"ErrBadResponse", saasapi.ErrBadResponse},
	{"ErrServer", saasapi.ErrServer},
	{"ErrRateLimited", saasapi.ErrRateLimited},
	{"ErrUnauthorized", saasapi.ErrUnauthorized},
	{"ErrForbidden", saasapi.ErrForbidden},
	{"ErrTokenRejected", auth.ErrTokenRejected},
	{"ErrInternal", saasapi.ErrInternal},
}

// errorClass names an error by the first typed error it is.
func errorClass(err error) string {
	for _, t := range errorTargets {
		if errors.Is(err, t.err) {
			return t.name
		}
	}
	var te *rest.TransportError
	if errors.As(err, &te) {
		return "TransportError"
	}
	var ae *rest.APIError
	if errors.As(err, &ae) {
		return "APIError " + strconv.Itoa(ae.Status)
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "DeadlineExceeded"
	case errors.Is(err, context.Canceled):
		return "Canceled"
	}
	return "untyped error"
}

func accepted(err error, exp expectation) bool {
	if slices.ContainsFunc(exp.errs, func(t error) bool { return errors.Is(err, t) }) {
		return true
	}
	var te *rest.TransportError
	return exp.transport && errors.As(err, &te)
}

func acceptedList(exp expectation) string {
	var names []string
	for _, e := range exp.errs {
		name := e.Error()
		for _, t := range errorTargets {
			if t.err == e {
				name = t.name
			}
		}
		if e == context.DeadlineExceeded {
			name = "DeadlineExceeded"
		}
		names = append(names, name)
	}
	if exp.transport {
		names = append(names, "TransportError")
	}
	if exp.mustExact {
		return "exact rows only"
	}
	return "exact rows or " + strings.Join(names, ", ")
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	if len(s) > 240 {
		s = s[:240] + "…"
	}
	return s
}

// faultMatrix renders the outcomes as a Markdown table, one row per fault.
func faultMatrix(outcomes []runOutcome) string {
	var b strings.Builder
	b.WriteString("| fault | providers | runs | exact | typed error | failures | accepted | errors seen | failures seen |\n")
	b.WriteString("|---|---|---:|---:|---:|---:|---|---|---|\n")
	var runs, exacts, typed, failed int
	for ci := range faultCases {
		c := &faultCases[ci]
		var n, ex, ty, fa int
		errs, fails := map[string]int{}, map[string]int{}
		for _, o := range outcomes {
			if o.c != c {
				continue
			}
			n++
			switch {
			case o.failure != "":
				fa++
				fails[o.env.provider+": "+o.failKind]++
			case o.exact:
				ex++
			default:
				ty++
				errs[o.errClass]++
			}
		}
		runs, exacts, typed, failed = runs+n, exacts+ex, typed+ty, failed+fa
		acc := c.accepted
		if acc == "" {
			acc = acceptedList(c.want(scanEnv{provider: c.providers[0], auth: authStatic}))
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %d | %d | %s | %s | %s |\n", c.name, providerList(c.providers), n, ex, ty, fa,
			acc, tally(errs), tally(fails))
	}
	fmt.Fprintf(&b, "| **all** | | %d | %d | %d | %d | | | |\n", runs, exacts, typed, failed)
	return b.String()
}

func providerList(ps []string) string {
	if len(ps) == len(allProviders) {
		return "all"
	}
	return strings.Join(ps, ", ")
}

func tally(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		keys[i] = fmt.Sprintf("%s ×%d", k, m[k])
	}
	if len(keys) == 0 {
		return "—"
	}
	return strings.Join(keys, "; ")
}

// Markers of the generated matrix in docs/reliability.md.
const (
	matrixBegin = "<!-- fault-matrix: generated by go test -run TestFaults -update . -->\n"
	matrixEnd   = "<!-- end of fault-matrix -->\n"
)

// writeFaultMatrix puts the matrix between its markers in
// docs/reliability.md.
func writeFaultMatrix(matrix string) error {
	path := filepath.Join("docs", "reliability.md")
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	doc := string(b)
	i, j := strings.Index(doc, matrixBegin), strings.Index(doc, matrixEnd)
	if i < 0 || j < i {
		return fmt.Errorf("%s has no fault-matrix markers", path)
	}
	doc = doc[:i+len(matrixBegin)] + "\n" + matrix + "\n" + doc[j:]
	return os.WriteFile(path, []byte(doc), 0o644)
}
