package main

import (
	"encoding/csv"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/sandbox"
)

func TestProgressText(t *testing.T) {
	assert.Equal(t, "saasapi: 0 rows read, 0 requests, 0.0 s", progressText(saasapi.Progress{}, 0))
	assert.Equal(t, "saasapi: 12,345 rows read, 1 request, 3 pages left, 2 rate-limit waits (1.5 s), 3.2 s",
		progressText(saasapi.Progress{Rows: 12345, Requests: 1, PagesKnown: true, PagesLeft: 3, RateLimitWaits: 2,
			RateLimitWaited: 1500 * time.Millisecond}, 3200*time.Millisecond))
	assert.Equal(t, "saasapi: 1,000,000 rows read, 500 requests, 1 rate-limit wait (0.2 s), 61.0 s",
		progressText(saasapi.Progress{Rows: 1e6, Requests: 500, RateLimitWaits: 1, RateLimitWaited: 200 * time.Millisecond}, 61*time.Second))
	assert.Equal(t, "-1,000", grouped(-1000))
	assert.Equal(t, "999", grouped(999))
}

// fastProgress shows progress at once and often, and takes stderr for a
// terminal when isTerm says so, for the test.
func fastProgress(t *testing.T, isTerm func(io.Writer) bool) {
	delay, every, term := progressDelay, progressEvery, terminal
	t.Cleanup(func() { progressDelay, progressEvery, terminal = delay, every, term })
	progressDelay, progressEvery, terminal = 0, 5*time.Millisecond, isTerm
}

// slowSandbox is a sandbox whose listing of projects, in pages of 10,
// takes five round trips of 40 ms.
func slowSandbox(t *testing.T) *sandbox.Server {
	srv, err := sandbox.Start(sandbox.Options{Rows: 2000, Latency: 40 * time.Millisecond})
	require.NoError(t, err)
	t.Cleanup(func() { srv.Close() })
	return srv
}

// TestProgressOnATerminal: with stderr a terminal, a running query draws
// its progress line there, redraws it in place and removes it at the end;
// stdout holds the rows and nothing else.
func TestProgressOnATerminal(t *testing.T) {
	srv := slowSandbox(t)
	var out, errOut safeBuffer
	fastProgress(t, func(w io.Writer) bool { return w == &errOut })
	code := run(t.Context(), []string{"query", "--dsn", srv.DSN() + ";Pagesize=10", "--format", "csv", "SELECT id FROM projects"}, &out, &errOut)
	require.Equal(t, 0, code, errOut.String())

	records, err := csv.NewReader(strings.NewReader(out.String())).ReadAll()
	require.NoError(t, err, "stdout is clean CSV")
	assert.Len(t, records, 1+len(srv.Dataset().Projects))

	e := errOut.String()
	assert.Contains(t, e, "\r\033[Ksaasapi: ")
	assert.Regexp(t, `requests?, \d+ pages left`, e, "the projects listing announces its pages")
	assert.True(t, strings.HasSuffix(e, "\r\033[K"), "the line is removed at the end: %q", e)
	assert.NotContains(t, e, "\n", "the line is redrawn in place")
}

// TestNoProgressOffATerminal: with stderr a file or a pipe, nothing is
// drawn, however long the query runs.
func TestNoProgressOffATerminal(t *testing.T) {
	srv := slowSandbox(t)
	var out, errOut safeBuffer
	fastProgress(t, isTerminal)
	code := run(t.Context(), []string{"query", "--dsn", srv.DSN() + ";Pagesize=10", "--format", "csv", "SELECT id FROM projects"}, &out, &errOut)
	require.Equal(t, 0, code, errOut.String())
	assert.Empty(t, errOut.String())
	assert.NotEmpty(t, out.String())
}

// TestProgressLineClearedBeforeAnError: a failing query's error starts on
// a line of its own.
func TestProgressLineClearedBeforeAnError(t *testing.T) {
	srv := slowSandbox(t)
	var out, errOut safeBuffer
	fastProgress(t, func(w io.Writer) bool { return w == &errOut })
	srv.FailNext(100, 404, "")
	code := run(t.Context(), []string{"query", "--dsn", srv.DSN(), "SELECT id FROM projects"}, &out, &errOut)
	require.Equal(t, 1, code)
	e := errOut.String()
	i := strings.LastIndex(e, "saasapi: ")
	require.GreaterOrEqual(t, i, 0)
	assert.True(t, i == 0 || strings.HasSuffix(e[:i], "\r\033[K"), "the error follows a cleared line: %q", e)
}
