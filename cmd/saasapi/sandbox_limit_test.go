package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSandboxServeRateLimitAndLatency: --rate-limit reaches the served
// API: a budget of 3 requests an hour serves one scan of three pages, and
// refuses the next scan's first request with a 429 whose Retry-After (an
// hour) the driver will not wait out.
func TestSandboxServeRateLimitAndLatency(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut safeBuffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"sandbox", "serve", "--rows", "30", "--latency", "1ms", "--rate-limit", "3/1h"}, &out, &errOut)
	}()
	t.Cleanup(func() {
		cancel()
		assert.Equal(t, 0, <-done)
	})
	var dsn string
	require.Eventually(t, func() bool {
		dsn = strings.TrimSpace(out.String())
		return dsn != ""
	}, 5e9, 1e7)
	assert.Contains(t, errOut.String(), "latency 1ms, rate limit 3/1h0m0s per account")
	dsn += ";Pagesize=10;Timeout=5"

	q, stderr, code := runCLI(t, "query", "--dsn", dsn, "--format", "csv", "SELECT id FROM time_entries")
	require.Equal(t, 0, code, stderr)
	assert.Len(t, strings.Split(strings.TrimSpace(q), "\n"), 31)

	_, stderr, code = runCLI(t, "query", "--dsn", dsn, "--format", "csv", "SELECT id FROM time_entries")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "429")
}

func TestSandboxServeRejectsBadLimits(t *testing.T) {
	for _, args := range [][]string{{"--rate-limit", "100"}, {"--rate-limit", "0/15s"}, {"--latency", "-1s"}, {"--latency", "soon"}} {
		var out, errOut bytes.Buffer
		code := run(context.Background(), append([]string{"sandbox", "serve"}, args...), &out, &errOut)
		assert.Equal(t, 2, code, args)
		assert.Contains(t, errOut.String(), strings.TrimPrefix(args[0], "--"), args)
		assert.Empty(t, out.String())
	}
}
