package saasapitest_test

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/dsn"
	"github.com/saasapi/saasapi/saasapitest"
	"github.com/saasapi/saasapi/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var recordExample = flag.Bool("record-example", false, "record testdata/report.yaml again from the sandbox")

// exampleRows sizes the sandbox the example cassette is recorded from.
const exampleRows = 200

// fakeT stands for a test's *testing.T where there is none (in an
// Example, or to watch Open fail). Only the methods Open and the example
// use are implemented.
type fakeT struct {
	testing.TB
	failed   bool
	log      []string
	cleanups []func()
}

type fatal struct{}

func (t *fakeT) Helper()          {}
func (t *fakeT) Name() string     { return "TestReport" }
func (t *fakeT) Cleanup(f func()) { t.cleanups = append(t.cleanups, f) }
func (t *fakeT) Errorf(format string, args ...any) {
	t.failed = true
	t.log = append(t.log, fmt.Sprintf(format, args...))
}
func (t *fakeT) Fatal(args ...any) {
	t.failed = true
	t.log = append(t.log, fmt.Sprint(args...))
	panic(fatal{})
}
func (t *fakeT) Fatalf(format string, args ...any) { t.Fatal(fmt.Sprintf(format, args...)) }

// run runs test with t as go test would: a Fatal stops it, cleanups run
// last, in reverse order.
func (t *fakeT) run(test func(testing.TB)) {
	defer func() {
		for i := len(t.cleanups) - 1; i >= 0; i-- {
			t.cleanups[i]()
		}
	}()
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(fatal); !ok {
				panic(r)
			}
		}
	}()
	test(t)
}

// runTest runs test and prints its failures, for the example.
func runTest(test func(testing.TB)) {
	t := &fakeT{}
	t.run(test)
	for _, l := range t.log {
		fmt.Println("FAIL:", l)
	}
}

// TestExampleCassetteIsCurrent records the example's query from the
// sandbox and expects the committed cassette byte for byte. Run with
// -record-example to rewrite it.
func TestExampleCassetteIsCurrent(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: exampleRows})
	require.NoError(t, err)
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "report.yaml")
	if *recordExample {
		path = exampleCassette
	}
	c, err := saasapi.OpenConnector(srv.DSN(), saasapi.WithFixtures(path, dsn.FixtureRecord))
	require.NoError(t, err)
	db := sql.OpenDB(c)
	_, names, err := HoursByProject(context.Background(), db, "2025-04-01", "2025-06-30")
	require.NoError(t, err)
	require.NotEmpty(t, names)
	require.NoError(t, db.Close())
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	want, err := os.ReadFile(exampleCassette)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "run go test -run TestExampleCassetteIsCurrent -record-example")
	assert.NotContains(t, string(got), sandbox.DefaultToken)
}

func TestOpenRecordsWithTheEnvironmentThenReplays(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 50})
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "testdata", "users.yaml")
	const q = "SELECT id, first_name, last_name FROM users ORDER BY id"
	var want string
	t.Run("record", func(t *testing.T) {
		t.Setenv(saasapitest.RecordEnv, "1")
		db := saasapitest.Open(t, srv.DSN(), path)
		want = rowsText(t, db, q)
	})
	require.NoError(t, srv.Close())
	_, err = os.Stat(path)
	require.NoError(t, err, "the cassette is written when the test ends")

	t.Run("replay", func(t *testing.T) {
		t.Setenv(saasapitest.RecordEnv, "")
		db := saasapitest.Open(t, "Profile=harvest", path)
		assert.Equal(t, want, rowsText(t, db, q))
		_, err := db.Query("SELECT id FROM tasks")
		assert.ErrorContains(t, err, "GET /v2/tasks was not recorded in "+path)
	})
}

func TestOpenFailsTheTest(t *testing.T) {
	cases := []struct {
		env, dsn, cassette, says string
	}{
		{"sometimes", "Profile=harvest", exampleCassette, `SAASAPI_RECORD="sometimes"`},
		{"", "", exampleCassette, "empty connection string"},
		{"", "Profile=harvest", "testdata/none.yaml", "cassette testdata/none.yaml: no cassette"},
		{"", "Profile=aircall", exampleCassette, "recorded for profile harvest, not aircall"},
		{"1", "Profile=harvest", filepath.Join(t.TempDir(), "x.yaml"), "no credentials"},
	}
	for _, tc := range cases {
		t.Run(tc.says, func(t *testing.T) {
			t.Setenv(saasapitest.RecordEnv, tc.env)
			ft := &fakeT{}
			ft.run(func(tb testing.TB) { saasapitest.Open(tb, tc.dsn, tc.cassette) })
			assert.True(t, ft.failed)
			assert.Contains(t, strings.Join(ft.log, "\n"), tc.says)
		})
	}
}

func TestMode(t *testing.T) {
	for env, want := range map[string]dsn.FixtureMode{"": dsn.FixtureReplay, "0": dsn.FixtureReplay, "1": dsn.FixtureRecord,
		"TRUE": dsn.FixtureRecord, "once": dsn.FixtureOnce} {
		t.Setenv(saasapitest.RecordEnv, env)
		m, err := saasapitest.Mode()
		require.NoError(t, err)
		assert.Equal(t, want, m, env)
	}
}

func rowsText(t *testing.T, db *sql.DB, q string) string {
	t.Helper()
	rows, err := db.Query(q)
	require.NoError(t, err)
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id int64
		var first, last string
		require.NoError(t, rows.Scan(&id, &first, &last))
		fmt.Fprintln(&b, id, first, last)
	}
	require.NoError(t, rows.Err())
	return b.String()
}
