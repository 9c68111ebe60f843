package saasapi_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// panicSecret is the sandbox's API key in these tests: it must never
// appear in an error or a log line.
const panicSecret = "tok-s3cr3t-4242"

// panicky is an http.RoundTripper that panics, from the request numbered
// from on (1 is the first), with a message that quotes the API key; it
// stands for a bug anywhere below the driver (decoding, pagination, an
// auth transport). It is the program's transport, so the panic happens
// inside saasapi's call, in whichever goroutine sends the request.
type panicky struct {
	base http.RoundTripper
	from int64
	n    atomic.Int64
}

func (p *panicky) RoundTrip(r *http.Request) (*http.Response, error) {
	if p.n.Add(1) >= p.from {
		explode(r)
	}
	return p.base.RoundTrip(r)
}

// explode is where the injected panic happens: the error names it.
func explode(r *http.Request) {
	panic(fmt.Sprintf("injected panic holding %s at %s", panicSecret, r.URL.Path))
}

// syncBuffer is a bytes.Buffer safe for the log handler's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// panickyDB opens a database on a sandbox of rows time entries whose
// transport panics from request number from on; log receives the
// connector's log lines.
func panickyDB(t *testing.T, rows int, from int64, extra string) (*sql.DB, *panicky, *syncBuffer) {
	t.Helper()
	srv, err := sandbox.Start(sandbox.Options{Rows: rows, Token: panicSecret})
	require.NoError(t, err)
	t.Cleanup(func() { srv.Close() })
	tr := &panicky{base: http.DefaultTransport, from: from}
	log := &syncBuffer{}
	c, err := saasapi.OpenConnector(srv.DSN()+extra,
		saasapi.WithHTTPClient(&http.Client{Transport: tr}),
		saasapi.WithLogger(slog.New(slog.NewTextHandler(log, nil))))
	require.NoError(t, err)
	db := sql.OpenDB(c)
	t.Cleanup(func() { db.Close() })
	return db, tr, log
}

// assertInternal checks an error of a recovered panic: ErrInternal, the
// injected value and its place, the query with the secret redacted, and
// the stack in the log at error level without the secret.
func assertInternal(t *testing.T, err error, log *syncBuffer, query string) {
	t.Helper()
	require.Error(t, err)
	assert.True(t, errors.Is(err, saasapi.ErrInternal), "errors.Is(%v, ErrInternal)", err)
	msg := err.Error()
	assert.Contains(t, msg, "internal error")
	assert.Contains(t, msg, "injected panic holding REDACTED")
	assert.Contains(t, msg, "saasapi_test.explode (panic_test.go:", "the error names where the panic happened")
	assert.Contains(t, msg, strings.ReplaceAll(query, panicSecret, "REDACTED"), "the error quotes the query, redacted")
	assert.NotContains(t, msg, panicSecret)
	logged := log.String()
	assert.Contains(t, logged, "level=ERROR")
	assert.Contains(t, logged, "saasapi_test.explode(", "the stack of the panic is logged")
	assert.NotContains(t, logged, panicSecret)
}

// TestPanicInQueryIsErrInternal: a panic while db.Query runs (the first
// request is sent before Query returns) is an error, and the database
// stays usable.
func TestPanicInQueryIsErrInternal(t *testing.T) {
	db, tr, log := panickyDB(t, 20, 1, "")
	query := "SELECT id FROM time_entries WHERE notes = '" + panicSecret + "' LIMIT 5"
	rows, err := db.Query(query)
	if err == nil {
		for rows.Next() {
		}
		err = rows.Err()
		rows.Close()
		t.Fatalf("the panic came from rows, not from Query: %v", err)
	}
	assertInternal(t, err, log, query)

	tr.from = 1 << 40 // no more panics
	assert.Len(t, queryInts(t, db, "SELECT id FROM time_entries"), 20, "the next query runs")
}

// TestPanicInRowsNextIsErrInternal: a panic while rows are read, in the
// goroutine that fetches the next pages ahead, reaches rows.Err as an
// error after the rows already delivered, with the stack of its origin.
func TestPanicInRowsNextIsErrInternal(t *testing.T) {
	for _, c := range []struct {
		name, query string
		rows        int
	}{
		// Harvest reports its totals: the remaining pages are fetched
		// by concurrent workers.
		{"page workers", "SELECT id FROM time_entries", 250},
		// A nested loop fetches its inner requests concurrently.
		{"sequential pages", "SELECT id FROM time_entries WHERE hours > 0 LIMIT 200", 250},
	} {
		t.Run(c.name, func(t *testing.T) {
			db, _, log := panickyDB(t, c.rows, 2, ";Pagesize=100")
			rows, err := db.Query(c.query)
			require.NoError(t, err, "the first page is fine")
			n := 0
			for rows.Next() {
				n++
			}
			assertInternal(t, rows.Err(), log, c.query)
			assert.Equal(t, 100, n, "the first page's rows, then the error")
			require.NoError(t, rows.Close())
		})
	}
}

// TestPanicInJoinPrefetchIsErrInternal: a panic in the workers that fetch
// a nested loop's requests ahead does not end the process.
func TestPanicInJoinPrefetchIsErrInternal(t *testing.T) {
	db, _, log := panickyDB(t, 40, 2, "")
	query := "SELECT t.id, p.name FROM time_entries t JOIN projects p ON p.id = t.project_id"
	rows, err := db.Query(query)
	if err == nil {
		for rows.Next() {
		}
		err = rows.Err()
		rows.Close()
	}
	assertInternal(t, err, log, query)
}

// TestPanicInPingIsErrInternal: Ping sends a request too.
func TestPanicInPingIsErrInternal(t *testing.T) {
	db, _, log := panickyDB(t, 5, 1, "")
	err := db.PingContext(context.Background())
	require.Error(t, err)
	assert.ErrorIs(t, err, saasapi.ErrInternal)
	assert.NotContains(t, err.Error(), panicSecret)
	assert.Contains(t, log.String(), "saasapi_test.explode(")
}
