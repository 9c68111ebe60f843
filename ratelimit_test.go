package saasapi_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOneRateBudgetPerAccount: two sql.DB on one account share its
// budget (RateLimit makes it apply to the loopback sandbox); another
// account has its own.
func TestOneRateBudgetPerAccount(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 100})
	require.NoError(t, err)
	defer srv.Close()
	open := func(rate string) *sql.DB {
		db, err := sql.Open("saasapi", srv.DSN()+";RateLimit="+rate)
		require.NoError(t, err)
		t.Cleanup(func() { db.Close() })
		return db
	}
	a, b := open("3/1h"), open("3/1h")
	for range 3 {
		var id int64
		require.NoError(t, a.QueryRow("SELECT id FROM tasks LIMIT 1").Scan(&id))
	}
	require.EqualValues(t, 3, srv.Requests())
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var id int64
	err = b.QueryRowContext(ctx, "SELECT id FROM tasks LIMIT 1").Scan(&id)
	require.ErrorIs(t, err, saasapi.ErrRateLimited, "the other sql.DB finds the account's window spent, and fails before its deadline")
	assert.EqualValues(t, 3, srv.Requests(), "nothing more was sent")

	// Another account (another API key: the sandbox refuses it, but the
	// request is sent) is not held by this one's budget.
	other, err := sql.Open("saasapi", strings.Replace(srv.DSN(), sandbox.DefaultToken, "another-token", 1)+";RateLimit=3/1h")
	require.NoError(t, err)
	defer other.Close()
	err = other.QueryRow("SELECT id FROM tasks LIMIT 1").Scan(&id)
	require.ErrorIs(t, err, saasapi.ErrUnauthorized)
	assert.EqualValues(t, 4, srv.Requests(), "another account has a budget of its own")

	off := open("off")
	require.NoError(t, off.QueryRow("SELECT id FROM tasks LIMIT 1").Scan(&id))
}

// TestListingsShareTheBudgetByTheirLinks: a listing alone on a rate budget
// is read in parts at once, as many as keep the budget's window busy; a
// dozen listings on the same account keep it busy by themselves, so each
// is read by its links, and the parts' partial pages do not spend the
// budget.
func TestListingsShareTheBudgetByTheirLinks(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 2000, Latency: 20 * time.Millisecond})
	require.NoError(t, err)
	defer srv.Close()
	const dsnTail = ";Pagesize=200;RateLimit=100/1s" // 10 pages a listing
	alone, err := sql.Open("saasapi", srv.DSN()+dsnTail)
	require.NoError(t, err)
	defer alone.Close()
	require.Len(t, queryInts(t, alone, "SELECT id FROM time_entries"), 2000)
	assert.Greater(t, srv.Requests(), int64(10), "alone, the listing is cut into parts (a partial page more each)")

	srv.ResetRequests()
	const listings = 12
	errs := make(chan error, listings)
	for range listings {
		go func() {
			db, err := sql.Open("saasapi", srv.DSN()+dsnTail)
			if err != nil {
				errs <- err
				return
			}
			defer db.Close()
			rows, err := db.Query("SELECT id FROM time_entries")
			if err != nil {
				errs <- err
				return
			}
			n := 0
			for rows.Next() {
				n++
			}
			if err := rows.Err(); err != nil || n != 2000 {
				errs <- fmt.Errorf("%d rows, %v", n, err)
				return
			}
			errs <- nil
		}()
	}
	for range listings {
		require.NoError(t, <-errs)
	}
	// By their links: 10 requests each. (A listing whose first page came
	// back before the others had started may still be cut: at most one
	// request more a listing on average.)
	assert.LessOrEqual(t, srv.Requests(), int64(listings*(10+1)), "the listings were read by their links")
}
