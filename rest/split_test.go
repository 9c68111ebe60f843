package rest_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/saasapi/saasapi/providers/harvest"
	"github.com/saasapi/saasapi/rest"
	"github.com/saasapi/saasapi/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sandboxAuth sends the sandbox's token, as the auth transport would.
func sandboxAuth() *http.Client {
	return &http.Client{Transport: bearerOf{sandbox.DefaultToken}}
}

type bearerOf struct{ token string }

func (b bearerOf) RoundTrip(r *http.Request) (*http.Response, error) {
	r2 := r.Clone(r.Context())
	r2.Header.Set("Authorization", "Bearer "+b.token)
	return http.DefaultTransport.RoundTrip(r2)
}

// listIDs reads a listing with the given concurrency and returns its ids
// (in the order they came) and the requests it sent.
func listIDs(t *testing.T, c *rest.Client, r *rest.Request, workers int) ([]int64, int) {
	t.Helper()
	pager, err := c.Pages(r)
	require.NoError(t, err)
	pager.Concurrent(workers)
	defer pager.Close()
	var ids []int64
	for {
		page, err := pager.Next(context.Background())
		if err == io.EOF {
			return ids, pager.Requests()
		}
		require.NoError(t, err)
		for _, row := range page.Rows {
			ids = append(ids, row[0].(int64))
		}
	}
}

// TestSplitListingsAreTheListing: a next-link listing read as parts of its
// date range at once returns exactly the rows of the listing read by its
// links, over random ranges and page sizes (so part boundaries fall on
// every kind of day: inside the first page, between parts, at the query's
// own bounds).
func TestSplitListingsAreTheListing(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 3000})
	require.NoError(t, err)
	defer srv.Close()
	p := harvest.Provider()
	tbl, _ := p.Table("time_entries")
	r := rand.New(rand.NewPCG(7, 11))
	first, last := time.Date(2022, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC)
	days := int(last.Sub(first).Hours() / 24)
	split := 0
	for i := range 40 {
		per := 20 + r.IntN(180)
		c, err := rest.New(rest.Config{Provider: p, Settings: map[string]string{"APIKey": sandbox.DefaultToken, "AccountId": sandbox.DefaultAccountID, "BaseURL": srv.URL()}, PageSize: per, HTTPClient: sandboxAuth()})
		require.NoError(t, err)
		q := url.Values{}
		if i%4 != 0 { // every fourth listing is the whole table
			a := r.IntN(days)
			b := a + r.IntN(days-a)
			q.Set("from", first.AddDate(0, 0, a).Format(time.DateOnly))
			q.Set("to", first.AddDate(0, 0, b).Format(time.DateOnly))
		}
		req := &rest.Request{Table: tbl, Path: &tbl.Paths[0], Query: q}
		want, sequential := listIDs(t, c, req, 1)
		got, requests := listIDs(t, c, req, 8)
		assert.Len(t, got, len(want), "listing %d (%v, per_page %d): no row twice", i, q, per)
		slices.Sort(want)
		slices.Sort(got)
		assert.Equal(t, want, got, "listing %d (%v, per_page %d): the parts are the listing", i, q, per)
		if requests != sequential {
			split++
		}
		t.Logf("listing %d: %d rows, %d requests by links, %d in parts", i, len(want), sequential, requests)
	}
	assert.Greater(t, split, 20, "most listings of several pages were cut into parts")
}

// TestSplitListingFailsLoudlyOnAPartsError: a part that fails fails the
// listing.
func TestSplitListingFailsLoudlyOnAPartsError(t *testing.T) {
	faults, err := sandbox.ParseFaults("status:code=500,page=2")
	require.NoError(t, err)
	srv, err := sandbox.Start(sandbox.Options{Rows: 2000, Faults: faults})
	require.NoError(t, err)
	defer srv.Close()
	p := harvest.Provider()
	tbl, _ := p.Table("time_entries")
	c, err := rest.New(rest.Config{Provider: p, Settings: map[string]string{"APIKey": sandbox.DefaultToken, "AccountId": sandbox.DefaultAccountID, "BaseURL": srv.URL()},
		PageSize: 100, MaxRetries: -1, HTTPClient: sandboxAuth()})
	require.NoError(t, err)
	pager, err := c.Pages(&rest.Request{Table: tbl, Path: &tbl.Paths[0]})
	require.NoError(t, err)
	pager.Concurrent(8)
	defer pager.Close()
	for {
		_, err = pager.Next(context.Background())
		if err != nil {
			break
		}
	}
	require.ErrorIs(t, err, rest.ErrServer, fmt.Sprint(err))
}

// TestSplitListingOfAnAPIThatIgnoresTheRange: when the parts overlap (the
// API ignores from and to), the listing is exact or fails, never repeats
// rows.
func TestSplitListingOfAnAPIThatIgnoresTheRange(t *testing.T) {
	const pages, per = 40, 5
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		page = max(page, 1)
		var rows []string
		for i := range per {
			id := (page-1)*per + i + 1
			day := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -id/3) // newest first
			rows = append(rows, fmt.Sprintf(`{"id":%d,"spent_date":%q}`, id, day.Format(time.DateOnly)))
		}
		next := "null"
		if page < pages {
			q := r.URL.Query()
			q.Set("page", strconv.Itoa(page+1))
			next = strconv.Quote("http://" + r.Host + r.URL.Path + "?" + q.Encode())
		}
		fmt.Fprintf(w, `{"time_entries":[%s],"per_page":%d,"total_entries":%d,"links":{"next":%s}}`, strings.Join(rows, ","), per, pages*per, next)
	}))
	defer srv.Close()
	p := harvest.Provider()
	tbl, _ := p.Table("time_entries")
	c, err := rest.New(rest.Config{Provider: p, Settings: map[string]string{"APIKey": "k", "AccountId": "1", "BaseURL": srv.URL + "/v2"}, PageSize: per})
	require.NoError(t, err)
	pager, err := c.Pages(&rest.Request{Table: tbl, Path: &tbl.Paths[0]})
	require.NoError(t, err)
	pager.Concurrent(8)
	defer pager.Close()
	seen := map[int64]int{}
	for {
		page, err := pager.Next(context.Background())
		if err == io.EOF {
			assert.Len(t, seen, pages*per, "exact rows")
			for id, n := range seen {
				assert.Equal(t, 1, n, "id %d once", id)
			}
			return
		}
		if err != nil {
			require.ErrorIs(t, err, rest.ErrPagination)
			assert.Contains(t, err.Error(), "overlap")
			return
		}
		for _, row := range page.Rows {
			seen[row[0].(int64)]++
		}
	}
}
