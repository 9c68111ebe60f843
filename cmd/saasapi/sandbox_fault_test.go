package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSandboxServeInjectsFaults: --fault reaches the served API (the
// request log is not visible here, so the fault is seen through its
// effect: a transient 503 that the driver's retry absorbs, and a
// persistent one that fails the query with the server error).
func TestSandboxServeInjectsFaults(t *testing.T) {
	serve := func(t *testing.T, args ...string) (dsn string, errOut *safeBuffer) {
		ctx, cancel := context.WithCancel(context.Background())
		var out safeBuffer
		errOut = &safeBuffer{}
		done := make(chan int)
		go func() {
			done <- run(ctx, append([]string{"sandbox", "serve", "--rows", "30"}, args...), &out, errOut)
		}()
		t.Cleanup(func() {
			cancel()
			assert.Equal(t, 0, <-done)
		})
		require.Eventually(t, func() bool {
			dsn = strings.TrimSpace(out.String())
			return dsn != ""
		}, 5e9, 1e7)
		return dsn + ";Pagesize=10", errOut
	}

	dsn, errOut := serve(t, "--fault", "status:code=503,page=2,times=1", "--fault", "redirect-same:hops=2,page=3")
	assert.Contains(t, errOut.String(), "injecting status:code=503,page=2,times=1;redirect-same:hops=2,page=3; the other host is http://127.0.0.1:")
	q, stderr, code := runCLI(t, "query", "--dsn", dsn, "--format", "csv", "SELECT id FROM time_entries")
	require.Equal(t, 0, code, stderr)
	assert.Len(t, strings.Split(strings.TrimSpace(q), "\n"), 31, "every row, after the retry and the redirects")

	dsn, _ = serve(t, "--fault", "status:code=503,page=2")
	_, stderr, code = runCLI(t, "query", "--dsn", dsn, "--format", "csv", "SELECT id FROM time_entries")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "503")
}

func TestSandboxServeRejectsABadFault(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"sandbox", "serve", "--fault", "status:colour=red"}, &out, &errOut)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut.String(), `unknown parameter "colour" for status`)
	assert.Empty(t, out.String())
}
