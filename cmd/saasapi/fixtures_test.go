package main

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/saasapi/saasapi/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// connCounter is a loopback listener that counts the connections it
// accepts: a replay must open none.
func connCounter(t *testing.T) (baseURL string, accepted *atomic.Int64) {
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

// TestRecordThenReplaySameOutput records a multi-page query through the
// CLI, stops the sandbox, and replays it with no credentials: the same
// output byte for byte, from the DSN properties and from --replay.
func TestRecordThenReplaySameOutput(t *testing.T) {
	cassette := filepath.Join(t.TempDir(), "entries.yaml")
	const q = "SELECT id, spent_date, hours, project_name, notes FROM time_entries WHERE hours > 1 ORDER BY spent_date, id"
	for _, format := range []string{"table", "csv", "json"} {
		t.Run(format, func(t *testing.T) {
			srv, err := sandbox.Start(sandbox.Options{Rows: 230})
			require.NoError(t, err)
			recorded, errOut, code := runCLI(t, "query", "--dsn", srv.DSN()+";Pagesize=100", "--record", cassette, "--format", format, q)
			require.Equal(t, 0, code, errOut)
			require.EqualValues(t, 3, srv.Requests(), "three pages")
			require.NoError(t, srv.Close())

			base, accepted := connCounter(t)
			dsn := "Profile=harvest;Pagesize=100;Fixtures=" + cassette + ";ProfileSettings='BaseURL=" + base + "'"
			replayed, errOut, code := runCLI(t, "query", "--dsn", dsn, "--format", format, q)
			require.Equal(t, 0, code, errOut)
			assert.Equal(t, recorded, replayed)

			replayed, errOut, code = runCLI(t, "query", "--dsn", "Profile=harvest;Pagesize=100", "--replay", cassette, "--format", format, q)
			require.Equal(t, 0, code, errOut)
			assert.Equal(t, recorded, replayed)
			assert.Zero(t, accepted.Load())
		})
	}
	data, err := os.ReadFile(cassette)
	require.NoError(t, err)
	assert.NotContains(t, string(data), sandbox.DefaultToken)
	assert.Contains(t, string(data), "profile: harvest")
}

func TestTablesAndDescribeRecordAndReplay(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"tables"}, {"describe", "time_entries"}} {
		cassette := filepath.Join(dir, args[0]+".yaml")
		rec := append([]string{args[0], "--sandbox", "--record", cassette}, args[1:]...)
		want, errOut, code := runCLI(t, rec...)
		require.Equal(t, 0, code, errOut)
		rep := append([]string{args[0], "--dsn", "Profile=harvest", "--replay", cassette}, args[1:]...)
		got, errOut, code := runCLI(t, rep...)
		require.Equal(t, 0, code, errOut)
		assert.Equal(t, want, got)
		_, err := os.Stat(cassette)
		assert.NoError(t, err, "the cassette is written even with no exchange")
	}
}

// TestReplayMissFails: a query that was not recorded exits 1 with the
// request and how to record it, and opens no connection.
func TestReplayMissFails(t *testing.T) {
	cassette := filepath.Join(t.TempDir(), "c.yaml")
	_, errOut, code := runCLI(t, "query", "--sandbox", "--record", cassette, "SELECT id FROM users")
	require.Equal(t, 0, code, errOut)

	base, accepted := connCounter(t)
	_, errOut, code = runCLI(t, "query", "--dsn", "Profile=harvest;ProfileSettings='BaseURL="+base+"'", "--replay", cassette,
		"SELECT id FROM projects WHERE client_id = 42")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "GET /v2/projects?client_id=42 was not recorded in "+cassette)
	assert.Contains(t, errOut, "set FixtureMode=record (or SAASAPI_RECORD=1 with saasapitest) with credentials to record it")
	assert.Zero(t, accepted.Load())
}

func TestFixtureFlagErrors(t *testing.T) {
	t.Setenv("SAASAPI_DSN", "")
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt.yaml")
	require.NoError(t, os.WriteFile(corrupt, []byte("version: [\n"), 0o644))
	other := filepath.Join(dir, "aircall.yaml")
	require.NoError(t, os.WriteFile(other, []byte("version: 1\nprofile: aircall\ninteractions: []\n"), 0o644))
	missing := filepath.Join(dir, "missing.yaml")
	cases := []struct {
		args []string
		code int
		says string
	}{
		{[]string{"query", "--dsn", "Profile=harvest", "--record", "a.yaml", "--replay", "b.yaml", "SELECT 1"}, 2, "--record or --replay, not both"},
		{[]string{"query", "--sandbox", "--replay", "b.yaml", "SELECT id FROM users"}, 2, "drop --sandbox"},
		{[]string{"tables", "--replay", "b.yaml"}, 2, "--replay needs the profile"},
		{[]string{"query", "--dsn", "Profile=harvest", "--replay", corrupt, "SELECT id FROM users"}, 1, "cassette " + corrupt + ": corrupt cassette"},
		{[]string{"query", "--dsn", "Profile=harvest", "--replay", other, "SELECT id FROM users"}, 1, "cassette " + other + ": cassette recorded for another profile: it was recorded for profile aircall, not harvest"},
		{[]string{"describe", "--dsn", "Profile=harvest", "--replay", missing, "users"}, 1, "cassette " + missing + ": no cassette"},
		{[]string{"query", "--dsn", "Profile=harvest;FixtureMode=record", "SELECT id FROM users"}, 1, "FixtureMode=RECORD needs Fixtures=<cassette file>"},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			_, errOut, code := runCLI(t, tc.args...)
			assert.Equal(t, tc.code, code)
			assert.Contains(t, errOut, tc.says)
		})
	}
}
