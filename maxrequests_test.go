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
	// 25 requests. A listing of 8 pages or more is read as 8 spent_date
	// ranges at once, each following its own links: the first page, then
	// a partial page more per range (65 requests here, measured below).
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

	// What the whole listing costs without a budget.
	dbFree, srvFree := start(t, sandbox.Options{Rows: 3000}, ";Pagesize=50")
	require.Len(t, queryInts(t, dbFree, "SELECT id FROM time_entries"), 3000)
	whole := srvFree.Requests()
	require.GreaterOrEqual(t, whole, int64(60), "60 pages at least")

	// Under (at) the budget the same query is whole; one request less
	// and it stops.
	db2, srv2 := start(t, sandbox.Options{Rows: 3000}, fmt.Sprintf(";Pagesize=50;MaxRequests=%d", whole))
	ids := queryInts(t, db2, "SELECT id FROM time_entries")
	assert.Len(t, ids, 3000)
	assert.EqualValues(t, whole, srv2.Requests())
	db3, srv3 := start(t, sandbox.Options{Rows: 3000}, fmt.Sprintf(";Pagesize=50;MaxRequests=%d", whole-1))
	_, err = collect(t, db3, "SELECT id FROM time_entries", nil)
	require.ErrorIs(t, err, saasapi.ErrTooManyRequests)
	assert.LessOrEqual(t, srv3.Requests(), whole-1)
}
