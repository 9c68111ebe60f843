package saasapi_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/engine"
	"github.com/saasapi/saasapi/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMaxRequestsRefusesAnExpensivePlan: a plan estimated past
// MaxRequests fails before anything is sent, naming the estimate and the
// conditions that would make it cheaper.
func TestMaxRequestsRefusesAnExpensivePlan(t *testing.T) {
	db, srv := start(t, sandbox.Options{Rows: 300}, ";MaxRequests=10")
	_, err := collect(t, db, "SELECT * FROM time_entries", nil)
	require.ErrorIs(t, err, saasapi.ErrTooManyRequests)
	var tm *engine.TooManyRequestsError
	require.True(t, errors.As(err, &tm))
	assert.Equal(t, 10, tm.Max)
	assert.EqualValues(t, 25, tm.Estimate, "50,000 time entries in pages of 2,000")
	assert.Zero(t, tm.Sent)
	assert.Contains(t, err.Error(), "estimated at 25 requests")
	assert.Contains(t, err.Error(), "MaxRequests=10")
	assert.Contains(t, err.Error(), "the scan of time_entries")
	assert.Contains(t, err.Error(), "project_id = …")
	assert.Contains(t, err.Error(), "spent_date >= …")
	assert.Zero(t, srv.Requests(), "nothing was sent")

	// EXPLAIN sends nothing and is never refused; a cheap query runs.
	_, err = collect(t, db, "EXPLAIN SELECT * FROM time_entries", nil)
	require.NoError(t, err)
	ids := queryInts(t, db, "SELECT id FROM time_entries WHERE project_id = ?", srv.Dataset().Projects[0].ID)
	assert.NotEmpty(t, ids)
	assert.EqualValues(t, 1, srv.Requests())

	// A correlated subquery asked once per invoice (its table exists only
	// below an invoice) is the costliest part.
	_, err = collect(t, db, "SELECT i.id, (SELECT COUNT(*) FROM invoice_messages m WHERE m.invoice_id = i.id) FROM invoices i", nil)
	require.ErrorIs(t, err, saasapi.ErrTooManyRequests)
	assert.Contains(t, err.Error(), "invoice_messages m, asked once per row")
	assert.Zero(t, srv.Requests()-1, "nothing more was sent")
}

// TestMaxRequestsStopsARunningQuery: a query that reaches MaxRequests
// while running (its listing is longer than the plan expected) stops
// there, having sent no request past the budget.
func TestMaxRequestsStopsARunningQuery(t *testing.T) {
	// 3,000 time entries in pages of 50: 60 pages, where the plan expects
	// 25 requests.
	db, srv := start(t, sandbox.Options{Rows: 3000}, ";Pagesize=50;MaxRequests=30")
	_, err := collect(t, db, "SELECT id FROM time_entries", nil)
	require.ErrorIs(t, err, saasapi.ErrTooManyRequests)
	var tm *engine.TooManyRequestsError
	require.True(t, errors.As(err, &tm))
	assert.Equal(t, 30, tm.Sent)
	assert.Contains(t, err.Error(), "stopped after 30 requests")
	// The ranges are read at once: a request the budget let through may
	// be cancelled by the stop before the API sees it, never one more.
	// (The message above says the budget was spent while running, not
	// refused up front.)
	assert.LessOrEqual(t, srv.Requests(), int64(30), "no request past the budget")
	assert.GreaterOrEqual(t, srv.Requests(), int64(1), "the first page was read before the listing was cut")

	// Without a budget, the listing is read in date ranges at once, each
	// ending on a partial page: more requests than its 60 pages.
	dbFree, srvFree := start(t, sandbox.Options{Rows: 3000}, ";Pagesize=50")
	require.Len(t, queryInts(t, dbFree, "SELECT id FROM time_entries"), 3000)
	require.Greater(t, srvFree.Requests(), int64(60), "cut into ranges, a partial page more each")

	// A budget that the listing's pages fit in is enough: the listing is
	// cut only into as many ranges as the requests left beyond its pages
	// allow, and read by its links when none are left.
	for _, budget := range []int{60, 64, 70} {
		db2, srv2 := start(t, sandbox.Options{Rows: 3000}, fmt.Sprintf(";Pagesize=50;MaxRequests=%d", budget))
		ids := queryInts(t, db2, "SELECT id FROM time_entries")
		assert.Len(t, ids, 3000, "MaxRequests=%d", budget)
		assert.LessOrEqual(t, srv2.Requests(), int64(budget), "MaxRequests=%d", budget)
	}
	// One request less than its pages, and it stops.
	db3, srv3 := start(t, sandbox.Options{Rows: 3000}, ";Pagesize=50;MaxRequests=59")
	_, err = collect(t, db3, "SELECT id FROM time_entries", nil)
	require.ErrorIs(t, err, saasapi.ErrTooManyRequests)
	assert.LessOrEqual(t, srv3.Requests(), int64(59))
}
