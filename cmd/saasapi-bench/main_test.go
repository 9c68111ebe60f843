package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMain lets the test binary play the harness's children (it starts
// them with its own executable).
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && (os.Args[1] == "serve" || os.Args[1] == "scan") {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

func TestWindowFloor(t *testing.T) {
	const ms = time.Millisecond
	for _, c := range []struct {
		scans, pages, limit int
		want                time.Duration
	}{
		{1, 1, 100, 100 * ms},     // one round trip
		{1, 20, 100, 200 * ms},    // the first page, then the rest at once
		{1, 100, 100, 200 * ms},   // exactly a window's worth
		{1, 101, 100, 1600 * ms},  // the 101st waits for the first to leave the window
		{1, 200, 100, 1700 * ms},  // 1 at 0, 99 at 0.1 s, 1 at 1.5 s, 99 at 1.6 s
		{1, 400, 100, 4700 * ms},  // and so on, every 1.5 s
		{32, 10, 100, 4600 * ms},  // 32 firsts at 0, 68 at 0.1 s, ..., the last 20 at 4.5 s
		{4, 1, 2, 1600 * ms},      // 2 at 0, 2 at 1.5 s
		{2, 2, 3, 1600 * ms},      // the firsts at 0, one at 0.1 s, the last at 1.5 s
		{1, 2, 1, 1600 * ms},      // the second page waits for the window
		{3, 1, 100, 100 * ms},     // three firsts at once
		{1, 3, 1000000, 200 * ms}, // no budget to speak of
	} {
		got := windowFloor(c.scans, c.pages, c.limit, 1500*ms, 100*ms)
		assert.Equal(t, c.want, got, "%d scans of %d pages, %d per window", c.scans, c.pages, c.limit)
	}
}

func TestBenchLines(t *testing.T) {
	out := `goos: linux
BenchmarkScanTimeEntries-2   28  36652033 ns/op  4.000 requests/op  54567 rows/s  15182683 B/op  196504 allocs/op
BenchmarkRequestsPerQuery/self-join-2   1  9000 ns/op  3.000 requests/op  2.000 min-requests  1.500 ratio
BenchmarkRequestsPerQuery/limit-0-2   1  9000 ns/op  0 requests/op  0 min-requests  1.000 ratio
BenchmarkRequestsPerQuery/suite-2   1  9000 ns/op  52.00 requests/op  50.00 min-requests  1.040 ratio
ok`
	lines := benchLines(strings.NewReader(out), "BenchmarkRequestsPerQuery")
	assert.Equal(t, map[string][]metric{
		"BenchmarkRequestsPerQuery/self-join": {{3, "requests/op"}, {2, "min-requests"}, {1.5, "ratio"}},
		"BenchmarkRequestsPerQuery/limit-0":   {{0, "requests/op"}, {0, "min-requests"}, {1, "ratio"}},
		"BenchmarkRequestsPerQuery/suite":     {{52, "requests/op"}, {50, "min-requests"}, {1.04, "ratio"}},
	}, lines)
	assert.Empty(t, benchLines(strings.NewReader(out), "BenchmarkNothing"))

	path := filepath.Join(t.TempDir(), "gobench.txt")
	require.NoError(t, os.WriteFile(path, []byte(out), 0o600))
	figs, err := requestFigures(path)
	require.NoError(t, err)
	require.Len(t, figs, 1)
	assert.Equal(t, "1.04", figs[0].value)
	assert.Equal(t, "no", figs[0].holds)
	assert.Contains(t, figs[0].detail, "above 1: self-join 1.50")
	assert.NotContains(t, figs[0].detail, "limit-0")

	require.NoError(t, os.WriteFile(path, []byte("BenchmarkScanTimeEntries-2 1 2 ns/op\n"), 0o600))
	figs, err = requestFigures(path)
	require.NoError(t, err)
	assert.Equal(t, "not present", figs[0].value)
	figs, err = requestFigures("")
	require.NoError(t, err)
	assert.Equal(t, "not measured", figs[0].value)
}

// TestSmallRun runs every figure at the small scale, its children
// included: each line of the report is there, with a verdict, and the
// Markdown file names the machine. (The figures themselves are not
// asserted: speed is measured, never tested.)
func TestSmallRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs sandboxes with latency for a few seconds")
	}
	md := filepath.Join(t.TempDir(), "perf.md")
	var out, errOut bytes.Buffer
	code := run([]string{"-scale", "small", "-markdown", md}, strings.NewReader(""), &out, &errOut)
	require.Equal(t, 0, code, errOut.String())
	report := out.String()
	for _, name := range []string{"CPU per row", "sequential net/http + encoding/json", "decoding the pages + two round trips",
		"time to first row", "the window's floor", "harsher than the issue's", "goroutines, each its own sql.DB", "peak RSS streaming", "requests per query"} {
		assert.Contains(t, report, name)
	}
	lines := strings.Split(strings.TrimSpace(report), "\n")
	require.Len(t, lines, 2+10)
	for _, line := range lines[2:] {
		cells := strings.Split(line, " | ")
		require.Len(t, cells, 5, line)
		assert.Contains(t, []string{"yes", "no", "n/a"}, cells[3], line)
	}
	assert.Contains(t, report, "4/4", "every concurrent scan completes")
	doc, err := os.ReadFile(md)
	require.NoError(t, err)
	assert.Contains(t, string(doc), "not comparable with the targets")
	assert.Contains(t, string(doc), "CPUs (")
	assert.Contains(t, string(doc), report)

	code = run([]string{"-only", "nothing"}, strings.NewReader(""), &out, &errOut)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut.String(), `-only "nothing"`)
}
