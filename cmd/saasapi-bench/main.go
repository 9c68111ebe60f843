// Command saasapi-bench measures the driver against the sandbox and reports
// each figure of issue #13 next to its target, in one run:
//
//	saasapi-bench [-gobench FILE] [-markdown FILE] [-scale small]
//
// The sandbox runs in a child process with per-request latency and a rate
// limit, so the CPU time and memory measured are the client's alone. The
// figures: a full scan of 40,000 time entries in pages of 2,000 at 1 s a
// request against a sequential net/http + encoding/json client, and at
// 100 ms against the CPU time of decoding the same pages plus two round
// trips; the same listing under a rate limit (Harvest's 100 requests per
// 15 s scaled to 1.5 s) against the floor the window implies, in pages of
// 2,000 and, harsher, of 100; 32 sql.DB on one account under that limit; time to first row;
// peak resident memory streaming 1,000,000 rows against 100,000; CPU per
// row against encoding/json into structs; and, from the output of
// "go test -bench" (-gobench), the requests per query of the optimizer's
// suite against the fewest that could answer each. "make bench" runs both.
//
// -scale small shrinks every size (for a quick look, and the harness's
// own test); its figures are not comparable with the targets.
package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/saasapi/saasapi" // registers the driver
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var err error
	switch {
	case len(args) > 0 && args[0] == "serve":
		err = serveChild(args[1:], stdin, stdout)
	case len(args) > 0 && args[0] == "scan":
		err = scanChild(args[1:], stdout)
	default:
		err = bench(args, stdout, stderr)
	}
	if err != nil {
		fmt.Fprintf(stderr, "saasapi-bench: %v\n", err)
		return 1
	}
	return 0
}

// config sizes a run.
type config struct {
	rows        int           // time entries of the full scans
	perPage     int           // their page size
	slow, fast  time.Duration // the two latencies
	rateN       int           // the rate limit: requests
	ratePeriod  time.Duration // per this window
	ratePerPage int           // page size of the rate-limited scan
	dbs         int           // concurrent sql.DB on one account
	dbRows      int           // rows each of them scans
	dbPerPage   int           // in pages of
	bigRows     int           // rows of the large memory scan
	smallRows   int           // and of the small one
	tries       int           // best of, for CPU figures
}

var scales = map[string]config{
	"full": {rows: 40000, perPage: 2000, slow: time.Second, fast: 100 * time.Millisecond,
		rateN: 100, ratePeriod: 1500 * time.Millisecond, ratePerPage: 100,
		dbs: 32, dbRows: 4000, dbPerPage: 400, bigRows: 1000000, smallRows: 100000, tries: 3},
	"small": {rows: 2000, perPage: 200, slow: 100 * time.Millisecond, fast: 20 * time.Millisecond,
		rateN: 20, ratePeriod: 300 * time.Millisecond, ratePerPage: 50,
		dbs: 4, dbRows: 400, dbPerPage: 100, bigRows: 20000, smallRows: 2000, tries: 1},
}

// decoding returns decodeFloor, measuring it (with the CPU figure) when
// that figure was not asked for.
func (h *harness) decoding() (time.Duration, error) {
	if h.decodeFloor == 0 {
		if _, err := h.cpuFigures(); err != nil {
			return 0, err
		}
	}
	return h.decodeFloor, nil
}

// harness is one run: its sizes, its log, and what one figure measures
// for another.
type harness struct {
	cfg  config
	logf func(string, ...any)
	// decodeFloor is the CPU time encoding/json takes to decode the
	// scan's pages, measured by cpuFigures for latencyFigures.
	decodeFloor time.Duration
	cpuRows     int // the rows decodeFloor decoded
}

// figure is one line of the report.
type figure struct {
	name   string
	value  string // the figure
	detail string // what it was computed from
	target string
	holds  string // yes, no, or n/a
}

func verdict(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}

func bench(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("saasapi-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	scale := fs.String("scale", "full", "full (the issue's sizes) or small (a quick look; not comparable with the targets)")
	gobench := fs.String("gobench", "", "output of go test -bench to read the requests-per-query suite from")
	markdown := fs.String("markdown", "", "also write the report, with the machine it ran on, to this file")
	only := fs.String("only", "", "comma-separated figures to measure (cpu, latency, rate, dbs, memory, requests); default all")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, ok := scales[*scale]
	if !ok {
		return fmt.Errorf("-scale %q: want full or small", *scale)
	}
	logf := func(format string, a ...any) { fmt.Fprintf(stderr, "saasapi-bench: "+format+"\n", a...) }
	start := time.Now()
	h := &harness{cfg: cfg, logf: logf}
	var figs []figure
	steps := []struct {
		name string
		run  func() ([]figure, error)
	}{
		{"cpu", h.cpuFigures}, {"latency", h.latencyFigures}, {"rate", h.rateFigures}, {"dbs", h.manyDBFigures},
		{"memory", h.memoryFigures}, {"requests", func() ([]figure, error) { return requestFigures(*gobench) }},
	}
	want := map[string]bool{}
	for _, name := range strings.Split(*only, ",") {
		if name = strings.TrimSpace(name); name != "" {
			want[name] = true
		}
	}
	all := len(want) == 0
	for _, step := range steps {
		if !all && !want[step.name] {
			continue
		}
		delete(want, step.name)
		f, err := step.run()
		if err != nil {
			return err
		}
		figs = append(figs, f...)
	}
	for name := range want {
		return fmt.Errorf("-only %q: no such figure (cpu, latency, rate, dbs, memory, requests)", name)
	}
	report := table(figs)
	fmt.Fprint(stdout, report)
	logf("done in %s", time.Since(start).Round(time.Second))
	if *markdown != "" {
		doc := machine() + "\n" + report
		if *scale != "full" {
			doc = "Scale " + *scale + ": not comparable with the targets.\n\n" + doc
		}
		return os.WriteFile(*markdown, []byte(doc), 0o644)
	}
	return nil
}

// cpuFigures: CPU per row of a scan against encoding/json decoding the
// same pages into structs, with no latency.
func (h *harness) cpuFigures() ([]figure, error) {
	cfg, logf := h.cfg, h.logf
	logf("CPU per row: %d rows in pages of %d", cfg.rows, cfg.perPage)
	srv, err := startServer(cfg.rows, 0, "off", true)
	if err != nil {
		return nil, err
	}
	defer srv.close()
	pages, rows, _, err := stdlibScan(srv.served, cfg.perPage) // also warms the sandbox's encoded pages
	if err != nil {
		return nil, err
	}
	decode, err := decodeCPU(pages, cfg.tries)
	if err != nil {
		return nil, err
	}
	h.decodeFloor, h.cpuRows = decode, rows
	db, err := sql.Open("saasapi", fmt.Sprintf("%s;Pagesize=%d", srv.DSN, cfg.perPage))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	cpu, got, err := scanCPU(db, "SELECT * FROM time_entries", cfg.tries)
	if err != nil {
		return nil, err
	}
	if got != rows {
		return nil, fmt.Errorf("CPU scan: %d rows, the listing has %d", got, rows)
	}
	per := cpu.Seconds() / float64(got) * 1e6
	base := decode.Seconds() / float64(rows) * 1e6
	ratio := per / base
	return []figure{{
		name:   "CPU per row ÷ encoding/json into structs",
		value:  fmt.Sprintf("%.2f", ratio),
		detail: fmt.Sprintf("%.2f µs ÷ %.2f µs a row (%d rows, best of %d; saasapi's includes HTTP and database/sql)", per, base, rows, cfg.tries),
		target: "≤ 1.0", holds: verdict(ratio <= 1.0),
	}}, nil
}

// latencyFigures: full scans at the slow latency (against the sequential
// stdlib client) and the fast one (against decoding plus two round trips),
// and the time to first row of each.
func (h *harness) latencyFigures() ([]figure, error) {
	cfg, logf := h.cfg, h.logf
	var figs []figure
	pages := (cfg.rows + cfg.perPage - 1) / cfg.perPage
	decode, err := h.decoding()
	if err != nil {
		return nil, err
	}
	for _, latency := range []time.Duration{cfg.slow, cfg.fast} {
		logf("scan of %d rows in %d pages at %s a request", cfg.rows, pages, latency)
		srv, err := startServer(cfg.rows, latency, "off", true)
		if err != nil {
			return nil, err
		}
		// The median of a few scans, each a program's first query (a sql.DB
		// of its own): one scan is one sample of the machine's jitter.
		res, reqs, err := h.medianScan(srv, latency)
		var stdWall time.Duration
		if err == nil && latency == cfg.slow {
			_, _, stdWall, err = stdlibScan(srv.served, cfg.perPage)
		}
		srv.close()
		if err != nil {
			return nil, err
		}
		sent := fmt.Sprintf("%d requests, %d at least; median of %d scans", reqs, pages, cfg.tries)
		if latency == cfg.slow {
			ratio := res.wall.Seconds() / stdWall.Seconds()
			figs = append(figs, figure{
				name:   fmt.Sprintf("scan %d rows, %d a page, %s a request: saasapi ÷ sequential net/http + encoding/json", cfg.rows, cfg.perPage, latency),
				value:  fmt.Sprintf("%.2f", ratio),
				detail: fmt.Sprintf("%s ÷ %s (%s)", secs(res.wall), secs(stdWall), sent),
				target: "≤ 0.20", holds: verdict(ratio <= 0.20),
			})
		} else {
			floor := decode + 2*latency
			ratio := res.wall.Seconds() / floor.Seconds()
			figs = append(figs, figure{
				name:   fmt.Sprintf("the same at %s: saasapi ÷ (decoding the pages + two round trips)", latency),
				value:  fmt.Sprintf("%.2f", ratio),
				detail: fmt.Sprintf("%s ÷ (%s + 2 × %s) (%s)", secs(res.wall), secs(decode), latency, sent),
				target: "≤ 1.2", holds: verdict(ratio <= 1.2),
			})
		}
		ratio := res.firstRow.Seconds() / latency.Seconds()
		figs = append(figs, figure{
			name:   fmt.Sprintf("time to first row ÷ one request's latency (%s)", latency),
			value:  fmt.Sprintf("%.2f", ratio),
			detail: fmt.Sprintf("%s ÷ %s (median of %d scans)", secs(res.firstRow), latency, cfg.tries),
			target: "≤ 1.10", holds: verdict(ratio <= 1.10),
		})
	}
	return figs, nil
}

// medianScan scans the sandbox's listing cfg.tries times, each through a
// sql.DB of its own, and returns the median wall time and the median time
// to the first row, with the requests one scan sent.
func (h *harness) medianScan(srv *server, latency time.Duration) (scanResult, int64, error) {
	cfg := h.cfg
	var (
		walls, firsts []time.Duration
		res           scanResult
		reqs          int64
	)
	for range cfg.tries {
		if err := srv.reset(); err != nil {
			return res, 0, err
		}
		db, err := sql.Open("saasapi", fmt.Sprintf("%s;Pagesize=%d", srv.DSN, cfg.perPage))
		if err != nil {
			return res, 0, err
		}
		res, err = scanAll(context.Background(), db, "SELECT * FROM time_entries")
		db.Close()
		if err == nil && res.rows != cfg.rows {
			err = fmt.Errorf("scan at %s: %d rows of %d", latency, res.rows, cfg.rows)
		}
		if err == nil {
			reqs, _, err = srv.stats()
		}
		if err != nil {
			return res, 0, err
		}
		walls, firsts = append(walls, res.wall), append(firsts, res.firstRow)
	}
	slices.Sort(walls)
	slices.Sort(firsts)
	res.wall, res.firstRow = walls[len(walls)/2], firsts[len(firsts)/2]
	return res, reqs, nil
}

// windowFloor is the least time scans listings of pages pages each take
// under a budget of limit requests in any window of period, each request
// taking latency: a listing's first page must come back before its other
// pages can be asked for (their number is on it), and then every request
// goes as soon as the window lets it, oldest ready first.
func windowFloor(scans, pages, limit int, period, latency time.Duration) time.Duration {
	var ready []time.Duration // when each request may go, in order
	for range scans {
		ready = append(ready, 0)
	}
	for range scans {
		for range pages - 1 {
			ready = append(ready, latency)
		}
	}
	sent := make([]time.Duration, len(ready))
	end := time.Duration(0)
	for i, r := range ready {
		sent[i] = r
		if i >= limit {
			sent[i] = max(r, sent[i-limit]+period)
		}
		end = max(end, sent[i]+latency)
	}
	return end
}

// rateFigures: the full listing under the rate limit, on the sandbox and
// on the DSN: in pages of the issue's size (the figure with its target),
// and in small pages, a harsher test of our own whose requests fill the
// window several times over.
func (h *harness) rateFigures() ([]figure, error) {
	var out []figure
	for _, per := range []int{h.cfg.perPage, h.cfg.ratePerPage} {
		f, err := h.rateScan(per, per == h.cfg.perPage)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// rateScan scans the listing in pages of per under the rate limit.
func (h *harness) rateScan(per int, issue bool) (figure, error) {
	cfg, logf := h.cfg, h.logf
	need := (cfg.rows + per - 1) / per
	limit := fmt.Sprintf("%d/%s", cfg.rateN, cfg.ratePeriod)
	decode, err := h.decoding()
	if err != nil {
		return figure{}, err
	}
	logf("scan of %d rows in %d pages at %s, rate limit %s", cfg.rows, need, cfg.fast, limit)
	srv, err := startServer(cfg.rows, cfg.fast, limit, true)
	if err != nil {
		return figure{}, err
	}
	defer srv.close()
	db, err := sql.Open("saasapi", fmt.Sprintf("%s;Pagesize=%d;RateLimit=%s;Timeout=120", srv.DSN, per, limit))
	if err != nil {
		return figure{}, err
	}
	defer db.Close()
	res, err := scanAll(context.Background(), db, "SELECT * FROM time_entries")
	if err != nil {
		return figure{}, err
	}
	if res.rows != cfg.rows {
		return figure{}, fmt.Errorf("rate-limited scan: %d rows of %d", res.rows, cfg.rows)
	}
	reqs, limited, err := srv.stats()
	if err != nil {
		return figure{}, err
	}
	floor := max(windowFloor(1, need, cfg.rateN, cfg.ratePeriod, cfg.fast), decode*time.Duration(cfg.rows)/time.Duration(max(h.cpuRows, 1))+2*cfg.fast)
	ratio := res.wall.Seconds() / floor.Seconds()
	f := figure{
		name:   fmt.Sprintf("scan %d rows, %d a page, %s a request, rate limit %s: saasapi ÷ the window's floor", cfg.rows, per, cfg.fast, limit),
		value:  fmt.Sprintf("%.2f, %d × 429", ratio, limited),
		detail: fmt.Sprintf("%s ÷ %s (%d requests, %d at least)", secs(res.wall), secs(floor), reqs, need),
		target: "≤ 1.10, 0 × 429", holds: verdict(ratio <= 1.10 && limited == 0),
	}
	if !issue {
		f.name += " (ours, harsher than the issue's: the requests fill the window four times)"
		f.target, f.holds = "0 × 429; ratio reported", verdict(limited == 0)
	}
	return f, nil
}

// manyDBFigures: concurrent scans, each through its own sql.DB, of one
// rate-limited account.
func (h *harness) manyDBFigures() ([]figure, error) {
	cfg, logf := h.cfg, h.logf
	limit := fmt.Sprintf("%d/%s", cfg.rateN, cfg.ratePeriod)
	per := (cfg.dbRows + cfg.dbPerPage - 1) / cfg.dbPerPage
	need := cfg.dbs * per
	logf("%d sql.DB scanning %d rows each (%d pages) at %s, rate limit %s", cfg.dbs, cfg.dbRows, per, cfg.fast, limit)
	srv, err := startServer(cfg.dbRows, cfg.fast, limit, true)
	if err != nil {
		return nil, err
	}
	defer srv.close()
	dsn := fmt.Sprintf("%s;Pagesize=%d;RateLimit=%s;Timeout=120", srv.DSN, cfg.dbPerPage, limit)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		failures []error
		short    int
	)
	begin := time.Now()
	for range cfg.dbs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := sql.Open("saasapi", dsn)
			if err == nil {
				var res scanResult
				res, err = scanAll(context.Background(), db, "SELECT * FROM time_entries")
				db.Close()
				if err == nil && res.rows != cfg.dbRows {
					mu.Lock()
					short++
					mu.Unlock()
				}
			}
			if err != nil {
				mu.Lock()
				failures = append(failures, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	wall := time.Since(begin)
	reqs, limited, err := srv.stats()
	if err != nil {
		return nil, err
	}
	complete := cfg.dbs - len(failures) - short
	floor := windowFloor(cfg.dbs, per, cfg.rateN, cfg.ratePeriod, cfg.fast)
	ratio := wall.Seconds() / floor.Seconds()
	detail := fmt.Sprintf("%s ÷ %s (%d requests, %d at least)", secs(wall), secs(floor), reqs, need)
	if len(failures) > 0 {
		detail += "; first failure: " + failures[0].Error()
	}
	return []figure{{
		name:   fmt.Sprintf("%d goroutines, each its own sql.DB, one account, rate limit %s: scans complete, 429s, wall ÷ floor", cfg.dbs, limit),
		value:  fmt.Sprintf("%d/%d, %d × 429, %.2f", complete, cfg.dbs, limited, ratio),
		detail: detail,
		target: fmt.Sprintf("%d/%d, 0 × 429, ≤ 1.10", cfg.dbs, cfg.dbs),
		holds:  verdict(complete == cfg.dbs && limited == 0 && ratio <= 1.10),
	}}, nil
}

// memoryFigures: the peak resident memory of a process streaming every
// row of a large and a small table.
func (h *harness) memoryFigures() ([]figure, error) {
	cfg, logf := h.cfg, h.logf
	hwm := map[int]scanned{}
	for _, rows := range []int{cfg.bigRows, cfg.smallRows} {
		logf("peak memory streaming %d rows (generating them first)", rows)
		srv, err := startServer(rows, 0, "off", false)
		if err != nil {
			return nil, err
		}
		// A process's peak is one sample of a garbage collector's cycles:
		// the median of a few scans, each in a process of its own.
		var runs []scanned
		for range cfg.tries {
			s, err := scanInChild(fmt.Sprintf("%s;Pagesize=%d;Timeout=300", srv.DSN, cfg.perPage))
			if err != nil {
				srv.close()
				return nil, err
			}
			if s.Rows != rows {
				srv.close()
				return nil, fmt.Errorf("memory scan: %d rows of %d", s.Rows, rows)
			}
			runs = append(runs, s)
		}
		srv.close()
		slices.SortFunc(runs, func(a, b scanned) int { return cmp.Compare(a.HWMKB, b.HWMKB) })
		hwm[rows] = runs[len(runs)/2]
	}
	big, small := hwm[cfg.bigRows], hwm[cfg.smallRows]
	mb := float64(big.HWMKB) / 1024
	ratio := float64(big.HWMKB) / float64(small.HWMKB)
	return []figure{{
		name:  fmt.Sprintf("peak RSS streaming %d rows; ratio to %d rows", cfg.bigRows, cfg.smallRows),
		value: fmt.Sprintf("%.0f MB; %.2f", mb, ratio),
		detail: fmt.Sprintf("%.0f MB ÷ %.0f MB (VmHWM of the scanning process, median of %d scans each; %s and %s of CPU)", mb, float64(small.HWMKB)/1024,
			cfg.tries, secs(time.Duration(big.CPU*float64(time.Second))), secs(time.Duration(small.CPU*float64(time.Second)))),
		target: "≤ 64 MB; ≤ 1.1", holds: verdict(mb <= 64 && ratio <= 1.1),
	}}, nil
}

// requestFigures reads the requests-per-query suite from go test -bench
// output: BenchmarkRequestsPerQuery's suite line (or its only line) and the
// queries whose ratio is not 1.
func requestFigures(path string) ([]figure, error) {
	fig := figure{name: "requests per query ÷ the fewest that could answer (BenchmarkRequestsPerQuery)",
		target: "1.00", holds: "n/a"}
	if path == "" {
		fig.value, fig.detail = "not measured", "run with -gobench (make bench does)"
		return []figure{fig}, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	lines := benchLines(bytes.NewReader(b), "BenchmarkRequestsPerQuery")
	metrics, ok := lines["BenchmarkRequestsPerQuery/suite"]
	if !ok {
		metrics, ok = lines["BenchmarkRequestsPerQuery"]
	}
	if !ok {
		fig.value, fig.detail = "not present", "no BenchmarkRequestsPerQuery in the go test -bench output"
		return []figure{fig}, nil
	}
	var parts []string
	ratio := math.NaN()
	for _, m := range metrics {
		parts = append(parts, fmt.Sprintf("%g %s", m.value, m.unit))
		if m.unit == "ratio" {
			ratio = m.value
		}
	}
	var names []string
	for name := range lines {
		names = append(names, name)
	}
	sort.Strings(names)
	var misses []string
	for _, name := range names {
		q, ok := strings.CutPrefix(name, "BenchmarkRequestsPerQuery/")
		if !ok || q == "suite" {
			continue
		}
		for _, m := range lines[name] {
			if m.unit == "ratio" && m.value != 1 {
				misses = append(misses, fmt.Sprintf("%s %.2f", q, m.value))
			}
		}
	}
	fig.detail = strings.Join(parts, ", ")
	if len(misses) > 0 {
		fig.detail += "; above 1: " + strings.Join(misses, ", ")
	}
	fig.value = "see detail"
	if !math.IsNaN(ratio) {
		fig.value = fmt.Sprintf("%.2f", ratio)
		fig.holds = verdict(ratio <= 1.0)
	}
	return []figure{fig}, nil
}

type metric struct {
	value float64
	unit  string
}

// goMaxProcs is the -N go test appends to a benchmark's name.
var goMaxProcs = regexp.MustCompile(`-\d+$`)

// benchLines returns the custom metrics (ns/op and the allocation figures
// left out) of each line of go test -bench output whose benchmark is name
// or one of its sub-benchmarks, by benchmark name (without the -N).
func benchLines(r io.Reader, name string) map[string][]metric {
	out := map[string][]metric{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		bench := goMaxProcs.ReplaceAllString(fields[0], "")
		if bench != name && !strings.HasPrefix(bench, name+"/") {
			continue
		}
		var ms []metric
		for i := 2; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				continue
			}
			switch fields[i+1] {
			case "ns/op", "B/op", "allocs/op":
				continue
			}
			ms = append(ms, metric{v, fields[i+1]})
		}
		if _, seen := out[bench]; !seen {
			out[bench] = ms
		}
	}
	return out
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

// table renders the figures as a Markdown table.
func table(figs []figure) string {
	var b strings.Builder
	b.WriteString("| figure | measured | target | holds | from |\n|---|---|---|---|---|\n")
	for _, f := range figs {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", f.name, f.value, f.target, f.holds, f.detail)
	}
	return b.String()
}

// machine describes the machine and toolchain of the run.
func machine() string {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	return fmt.Sprintf("Run on %s: %d CPUs (%s), %s %s/%s.\n", time.Now().UTC().Format("2006-01-02"),
		runtime.NumCPU(), model, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
