package engine_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/saasapi/saasapi/engine"
	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/rest"
	"github.com/saasapi/saasapi/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cappedAPI serves items created at unix seconds 1000, 1001, … with
// Aircall's rules: from/to inclusive, pages of per_page, and no record
// past the cap in one listing (the total still counts them all).
func cappedAPI(t *testing.T, n, limit int) (*httptest.Server, *int) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		q := r.URL.Query()
		from, _ := strconv.Atoi(q.Get("from"))
		to, err := strconv.Atoi(q.Get("to"))
		if err != nil {
			to = 1 << 40
		}
		page, _ := strconv.Atoi(q.Get("page"))
		page = max(page, 1)
		per, _ := strconv.Atoi(q.Get("per_page"))
		if per == 0 {
			per = 5
		}
		var match []map[string]any
		for i := 0; i < n; i++ {
			created := 1000 + i/3 // three items per second
			if created >= from && created <= to {
				match = append(match, map[string]any{"id": i + 1, "created": created})
			}
		}
		start, end := (page-1)*per, page*per
		var items []map[string]any
		for i := start; i < end && i < len(match) && i < limit; i++ {
			items = append(items, match[i])
		}
		var next any
		if end < len(match) && end < limit {
			u := *r.URL
			q.Set("page", strconv.Itoa(page+1))
			u.RawQuery = q.Encode()
			next = "http://" + r.Host + u.String()
		}
		json.NewEncoder(w).Encode(map[string]any{"items": items, "meta": map[string]any{"total": len(match), "next_page_link": next}})
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

func TestWindowsSplitACappedListing(t *testing.T) {
	srv, calls := cappedAPI(t, 100, 10)
	p := &schema.Provider{Name: "capped", BaseURL: srv.URL, Auth: schema.Auth{Schemes: []string{"NONE"}},
		Paging: schema.Paging{Style: schema.PagingNextLink, PageSizeParam: "per_page", MaxPageSize: 5, NextPath: "meta.next_page_link", TotalPath: "meta.total", Cap: 10},
		Tables: []*schema.Table{{Name: "items",
			Columns: []schema.Column{{Name: "id", Type: schema.TypeInteger, Key: true}, {Name: "created", Type: schema.TypeTimestamp}},
			Paths: []schema.AccessPath{{Name: "list", Path: "/items", Records: "items",
				Filters: []schema.Filter{{Column: "created", Param: "from", Ops: []schema.Op{schema.OpGE}, Format: schema.FormatUnix}},
				Window:  &schema.Window{Column: "created", From: "from", To: "to", Format: schema.FormatUnix, Start: 900}}},
		}}}
	require.NoError(t, p.Validate())
	c, err := rest.New(rest.Config{Provider: p})
	require.NoError(t, err)
	q, err := planner.Plan(p, "SELECT id FROM items", nil)
	require.NoError(t, err)
	res, err := engine.Execute(context.Background(), c, q, engine.Options{})
	require.NoError(t, err)
	seen := map[int64]int{}
	for {
		row, err := res.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		seen[row[0].(int64)]++
	}
	assert.Len(t, seen, 100, "every item")
	for id, n := range seen {
		assert.Equal(t, 1, n, "item %d once", id)
	}
	assert.Greater(t, *calls, 20, "windows of at most 10 items, in pages of 5")

	// A lower bound from the query starts the windows there.
	q, err = planner.Plan(p, "SELECT COUNT(*) FROM items WHERE created >= '1970-01-01 00:17:10'", nil)
	require.NoError(t, err)
	res, err = engine.Execute(context.Background(), c, q, engine.Options{})
	require.NoError(t, err)
	row, err := res.Next()
	require.NoError(t, err)
	assert.EqualValues(t, 10, row[0], "three items per second from 1030 to 1033")
}
