//go:build sqlite_vtable && cgo

package sqlite_test

import (
	"bytes"
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
	"github.com/saasapi/saasapi/sqlite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// secret is the sandbox's API key here: never in an error or a log line.
const secret = "tok-s3cr3t-4242"

// panicky panics from the request numbered from on (1 is the first), as
// a bug below the virtual tables would, in whichever goroutine sends it.
type panicky struct {
	base http.RoundTripper
	from atomic.Int64
	n    atomic.Int64
}

func (p *panicky) RoundTrip(r *http.Request) (*http.Response, error) {
	if p.n.Add(1) >= p.from.Load() {
		explode(r)
	}
	return p.base.RoundTrip(r)
}

func explode(r *http.Request) {
	panic(fmt.Sprintf("injected panic holding %s at %s", secret, r.URL.Path))
}

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

// TestPanicInVirtualTableIsErrInternal: a panic in a virtual table's
// xFilter (the first page is read there) or xNext (a later page, fetched
// ahead in a goroutine) reaches the program as an error matching
// saasapi.ErrInternal, naming the statement with the secret redacted, and
// the connection stays usable. Before, the panic unwound through SQLite's
// C frames and ended the process.
func TestPanicInVirtualTableIsErrInternal(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 250, Token: secret})
	require.NoError(t, err)
	defer srv.Close()
	tr := &panicky{base: http.DefaultTransport}
	log := &syncBuffer{}
	base, err := saasapi.OpenConnector(srv.DSN()+";Pagesize=100",
		saasapi.WithHTTPClient(&http.Client{Transport: tr}),
		saasapi.WithLogger(slog.New(slog.NewTextHandler(log, nil))))
	require.NoError(t, err)
	db := sql.OpenDB(sqlite.NewConnector(base))
	defer db.Close()
	db.SetMaxOpenConns(1)

	for _, c := range []struct {
		name  string
		from  int64 // the request that panics
		query string
		rows  int // rows read before the error
	}{
		{"xFilter", 1, "SELECT id FROM time_entries WHERE notes <> '" + secret + "'", 0},
		{"xNext", 2, "SELECT id, notes FROM time_entries WHERE notes <> '" + secret + "'", 100},
		{"prepared xNext", 2, "SELECT id FROM time_entries WHERE hours >= ? AND notes <> '" + secret + "'", 100},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr.n.Store(0)
			tr.from.Store(c.from)
			var args []any
			if strings.Contains(c.query, "?") {
				args = []any{0}
			}
			n := 0
			rows, err := db.Query(c.query, args...)
			if err == nil {
				for rows.Next() {
					n++
				}
				err = rows.Err()
				rows.Close()
			}
			require.Error(t, err)
			assert.True(t, errors.Is(err, saasapi.ErrInternal), "errors.Is(%v, ErrInternal)", err)
			assert.Equal(t, c.rows, n)
			msg := err.Error()
			assert.Contains(t, msg, "injected panic holding REDACTED")
			assert.Contains(t, msg, "sqlite_test.explode (panic_test.go:")
			assert.Contains(t, msg, strings.ReplaceAll(c.query, secret, "REDACTED"))
			assert.NotContains(t, msg, secret)
			assert.Contains(t, log.String(), "level=ERROR")
			assert.Contains(t, log.String(), "sqlite_test.explode(")
			assert.NotContains(t, log.String(), secret)

			tr.from.Store(1 << 40)
			var count int
			require.NoError(t, db.QueryRow("SELECT count(*) FROM time_entries").Scan(&count), "the connection still works")
			assert.Equal(t, 250, count)
		})
	}
}
