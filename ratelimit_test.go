package saasapi_test

import (
	"context"
	"database/sql"
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
