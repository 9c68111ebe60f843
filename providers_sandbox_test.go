package saasapi_test

import (
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/saasapi/saasapi/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAircallCapIsSplitByWindows: Aircall lists at most 10,000 records per
// query; a table of 25,000 calls still comes back whole, each call once.
func TestAircallCapIsSplitByWindows(t *testing.T) {
	if testing.Short() {
		t.Skip("25,000 calls")
	}
	srv, err := sandbox.Start(sandbox.Options{Provider: "aircall", Rows: 25000})
	require.NoError(t, err)
	defer srv.Close()
	db, err := sql.Open("saasapi", srv.DSN())
	require.NoError(t, err)
	defer db.Close()

	var n int
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM calls").Scan(&n))
	assert.Equal(t, 25000, n)
	assert.EqualValues(t, 1, srv.Requests(), "the count is the first page's total")

	ids := queryInts(t, db, "SELECT id FROM calls")
	assert.Len(t, ids, 25000)
	slices.Sort(ids)
	assert.Len(t, slices.Compact(ids), 25000, "every call exactly once")
	for _, r := range srv.Log() {
		page, _ := strconv.Atoi(r.Query.Get("page"))
		per, _ := strconv.Atoi(r.Query.Get("per_page"))
		assert.LessOrEqual(t, page*per, 10000, "no listing goes past the cap: %v", r.Query)
		if per != 1 { // the COUNT(*) asked for one record
			assert.Equal(t, 50, per, "the largest page Aircall gives")
		}
	}
}

// TestAhaFieldsCarryTheColumnsUsed: Aha!'s lists return abbreviated
// records unless fields= names the attributes; the query's columns are
// what is asked for, and WHERE product_id = ? uses the nested endpoint.
func TestAhaFieldsCarryTheColumnsUsed(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Provider: "aha", Rows: 200})
	require.NoError(t, err)
	defer srv.Close()
	db, err := sql.Open("saasapi", srv.DSN())
	require.NoError(t, err)
	defer db.Close()
	product := srv.AhaData().Products[0]

	rows, err := db.Query("SELECT name, workflow_status_name, assigned_to_user_email FROM features WHERE product_id = ? AND progress >= 0", product.ID)
	require.NoError(t, err)
	n := 0
	for rows.Next() {
		var name string
		var status, email sql.NullString
		require.NoError(t, rows.Scan(&name, &status, &email))
		assert.NotEmpty(t, name)
		assert.True(t, status.Valid, "workflow_status was asked for, so it is filled")
		n++
	}
	require.NoError(t, rows.Err())
	rows.Close()
	want := 0
	for _, f := range srv.AhaData().Features {
		if f.ProductID == product.ID {
			want++
		}
	}
	assert.Equal(t, want, n)

	log := srv.Log()
	require.NotEmpty(t, log)
	assert.Equal(t, "/api/v1/products/"+product.ID+"/features", log[0].Path, "the nested endpoint")
	fields := strings.Split(log[0].Query.Get("fields"), ",")
	slices.Sort(fields)
	assert.Equal(t, []string{"assigned_to_user", "id", "name", "product_id", "progress", "workflow_status"}, fields,
		"exactly the attributes of the columns used, with the key")
}

// TestNumberedPagesComeInOrder: a page-numbered listing (Aha!) is fetched
// several pages at a time once the first reports the count; the rows come
// in the API's order, each once, one request per page.
func TestNumberedPagesComeInOrder(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Provider: "aha", Rows: 300, Latency: 5 * time.Millisecond})
	require.NoError(t, err)
	defer srv.Close()
	db, err := sql.Open("saasapi", srv.DSN()+";Pagesize=20")
	require.NoError(t, err)
	defer db.Close()
	rows, err := db.Query("SELECT id FROM features")
	require.NoError(t, err)
	var got []string
	for rows.Next() {
		var id string
		require.NoError(t, rows.Scan(&id))
		got = append(got, id)
	}
	require.NoError(t, rows.Err())
	rows.Close()
	assert.Len(t, got, 300)
	assert.EqualValues(t, 15, srv.Requests(), "one request per page of 20")
	// The same listing page by page, in order.
	srv.ResetRequests()
	var want []string
	for page := 1; page <= 15; page++ {
		r, err := db.Query("SELECT id FROM features LIMIT 20 OFFSET ?", (page-1)*20)
		require.NoError(t, err)
		for r.Next() {
			var id string
			require.NoError(t, r.Scan(&id))
			want = append(want, id)
		}
		r.Close()
	}
	assert.Equal(t, want, got, "in the API's order")
}
