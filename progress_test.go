package saasapi_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/sandbox"
)

// TestProgressCountsAScan: a query run with WithProgress counts every
// request the sandbox answered, every page and row it read, and no pages
// left once it has ended.
func TestProgressCountsAScan(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 730})
	require.NoError(t, err)
	defer srv.Close()
	db, err := sql.Open("saasapi", srv.DSN()+";Pagesize=100")
	require.NoError(t, err)
	defer db.Close()

	ctx, progress := saasapi.WithProgress(context.Background())
	assert.Equal(t, saasapi.Progress{}, progress(), "nothing before the query")
	n := 0
	rows, err := db.QueryContext(ctx, "SELECT id FROM time_entries")
	require.NoError(t, err)
	for rows.Next() {
		n++
	}
	require.NoError(t, rows.Err())
	require.NoError(t, rows.Close())
	require.Equal(t, 730, n)

	p := progress()
	assert.Equal(t, srv.Requests(), p.Requests)
	assert.Equal(t, p.Requests, p.Pages, "every request answered a page")
	assert.GreaterOrEqual(t, p.Rows, int64(730))
	assert.Zero(t, p.PagesLeft)
	assert.Zero(t, p.RateLimitWaits)

	// Another context counts nothing of it.
	_, other := saasapi.WithProgress(context.Background())
	assert.Equal(t, saasapi.Progress{}, other())
}

// TestProgressPagesLeftAndWaits: in the middle of a listing whose first
// page announced its pages, the pages left are known; a rate budget
// smaller than the listing makes requests wait, and the waits are counted.
func TestProgressPagesLeftAndWaits(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 2000})
	require.NoError(t, err)
	defer srv.Close()
	db, err := sql.Open("saasapi", srv.DSN()+";Pagesize=10;RateLimit=2/400ms")
	require.NoError(t, err)
	defer db.Close()

	ctx, progress := saasapi.WithProgress(context.Background())
	rows, err := db.QueryContext(ctx, "SELECT id FROM projects")
	require.NoError(t, err)
	require.True(t, rows.Next())
	p := progress()
	assert.True(t, p.PagesKnown, "the first page announced the listing's pages")
	assert.Positive(t, p.PagesLeft)
	assert.LessOrEqual(t, p.PagesLeft, int64(4), "50 projects in pages of 10, one read")
	for rows.Next() {
	}
	require.NoError(t, rows.Err())
	require.NoError(t, rows.Close())
	p = progress()
	assert.Zero(t, p.PagesLeft)
	assert.EqualValues(t, 5, p.Requests)
	assert.Positive(t, p.RateLimitWaits, "5 requests on a budget of 2 per window wait")
	assert.Positive(t, p.RateLimitWaited)
}
