package saasapi_test

import (
	"errors"
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
// there, having sent exactly the budget.
func TestMaxRequestsStopsARunningQuery(t *testing.T) {
	// 3,000 time entries in pages of 50: 60 requests, where the plan
	// expects 25.
	db, srv := start(t, sandbox.Options{Rows: 3000}, ";Pagesize=50;MaxRequests=30")
	_, err := collect(t, db, "SELECT id FROM time_entries", nil)
	require.ErrorIs(t, err, saasapi.ErrTooManyRequests)
	var tm *engine.TooManyRequestsError
	require.True(t, errors.As(err, &tm))
	assert.Equal(t, 30, tm.Sent)
	assert.Contains(t, err.Error(), "stopped after 30 requests")
	assert.EqualValues(t, 30, srv.Requests(), "no request past the budget")

	// Under the budget the same query is whole.
	db2, srv2 := start(t, sandbox.Options{Rows: 3000}, ";Pagesize=50;MaxRequests=60")
	ids := queryInts(t, db2, "SELECT id FROM time_entries")
	assert.Len(t, ids, 3000)
	assert.EqualValues(t, 60, srv2.Requests())
}
