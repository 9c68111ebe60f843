package rest_test

import (
	"context"
	"database/sql/driver"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
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

// listRows reads a listing and returns its rows by id, every column
// printed once the listing has ended.
func listRows(t *testing.T, c *rest.Client, r *rest.Request, workers int) map[int64][]any {
	t.Helper()
	pager, err := c.Pages(r)
	require.NoError(t, err)
	pager.Concurrent(workers)
	defer pager.Close()
	var rows [][]driver.Value
	for {
		page, err := pager.Next(context.Background())
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		rows = append(rows, page.Rows...)
	}
	out := map[int64][]any{}
	for _, row := range rows {
		vals := make([]any, len(row))
		for i, v := range row {
			vals[i] = v
		}
		out[row[0].(int64)] = vals
	}
	return out
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
		if i < 4 { // whole rows too: a part's body buffer is reused, no value may point into it
			assert.Equal(t, listRows(t, c, req, 1), listRows(t, c, req, 8), "listing %d: the same rows, every column", i)
		}
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

// TestSplitPartsCutThemselvesAgain: the sandbox's time entries are
// sparser in their last months (projects and users end), so the first
// page's density underestimates the parts below it; a part that holds
// more pages than its estimate cuts itself again, and the listing is still
// exactly the listing.
func TestSplitPartsCutThemselvesAgain(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 20000})
	require.NoError(t, err)
	defer srv.Close()
	p := harvest.Provider()
	tbl, _ := p.Table("time_entries")
	var logs strings.Builder
	// (slog's handler writes one record at a time; the listing's
	// goroutines are done once it has ended.)
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := rest.New(rest.Config{Provider: p, Settings: map[string]string{"APIKey": sandbox.DefaultToken, "AccountId": sandbox.DefaultAccountID, "BaseURL": srv.URL()},
		PageSize: 1000, HTTPClient: sandboxAuth(), Logger: log})
	require.NoError(t, err)
	req := &rest.Request{Table: tbl, Path: &tbl.Paths[0]}
	got, requests := listIDs(t, c, req, 8)
	splits := strings.Count(logs.String(), `msg="listing split"`)
	want := make([]int64, 0, len(srv.Dataset().TimeEntries))
	for _, e := range srv.Dataset().TimeEntries {
		want = append(want, e.ID)
	}
	slices.Sort(want)
	slices.Sort(got)
	assert.Equal(t, want, got, "the parts, cut again, are the listing")
	assert.Greater(t, splits, 1, "parts cut themselves again (%d cuts)", splits)
	assert.LessOrEqual(t, requests, 20*3/2, "20 pages, and about a partial page more per part (%d requests)", requests)
}

// TestSplitListingHoldsOnePageOfItsParts: parts send their requests at
// once, but a part reads its answer's body only when the listing's reader
// has taken the page before: a reader that stops after the first page
// leaves one page of the parts decoded, however many answers are waiting.
func TestSplitListingHoldsOnePageOfItsParts(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 3000})
	require.NoError(t, err)
	defer srv.Close()
	p := harvest.Provider()
	tbl, _ := p.Table("time_entries")
	c, err := rest.New(rest.Config{Provider: p, Settings: map[string]string{"APIKey": sandbox.DefaultToken, "AccountId": sandbox.DefaultAccountID, "BaseURL": srv.URL()},
		PageSize: 50, HTTPClient: sandboxAuth()})
	require.NoError(t, err)
	var progress rest.Progress
	ctx := rest.WithProgress(context.Background(), &progress)
	pager, err := c.Pages(&rest.Request{Table: tbl, Path: &tbl.Paths[0]})
	require.NoError(t, err)
	pager.Concurrent(8)
	defer pager.Close()
	first, err := pager.Next(ctx)
	require.NoError(t, err)
	require.Len(t, first.Rows, 50)
	require.Eventually(t, func() bool { return srv.Requests() >= 10 }, 5*time.Second, time.Millisecond,
		"the parts send their first requests at once")
	require.Never(t, func() bool { return progress.Snapshot().Pages > 2 }, 200*time.Millisecond, 5*time.Millisecond,
		"the first page and one page of the parts are decoded, no more")
	// Read on: every row comes, once.
	n := len(first.Rows)
	for {
		page, err := pager.Next(ctx)
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		n += len(page.Rows)
	}
	assert.Equal(t, 3000, n)
}

// firstPageServer answers a one-page listing of 100 time entries: the
// first answer is broken by first (nil: not), the next ones list ids from
// start.
func firstPageServer(t *testing.T, first func(w http.ResponseWriter, body string), start int) (*rest.Client, *atomic.Int64) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		from := 1
		if n > 1 {
			from = start
		}
		var rows []string
		for id := from; id < from+100; id++ {
			rows = append(rows, fmt.Sprintf(`{"id":%d,"spent_date":"2025-01-01"}`, id))
		}
		body := fmt.Sprintf(`{"time_entries":[%s],"per_page":100,"total_entries":100,"links":{"next":null}}`, strings.Join(rows, ","))
		if n == 1 && first != nil {
			first(w, body)
			return
		}
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	p := harvest.Provider()
	c, err := rest.New(rest.Config{Provider: p, Settings: map[string]string{"APIKey": "k", "AccountId": "1", "BaseURL": srv.URL + "/v2"}, PageSize: 100})
	require.NoError(t, err)
	return c, &calls
}

// truncated sends a body cut short with a clean end (chunked: no length
// to check), well formed past the first page's head.
func truncated(w http.ResponseWriter, body string) {
	w.(http.Flusher).Flush()
	io.WriteString(w, body[:len(body)-40])
}

func readFirstPage(t *testing.T, c *rest.Client) (head []int64, ids []int64, err error) {
	tbl, _ := harvest.Provider().Table("time_entries")
	pager, err := c.Pages(&rest.Request{Table: tbl, Path: &tbl.Paths[0]})
	require.NoError(t, err)
	pager.Concurrent(8)
	defer pager.Close()
	for {
		page, err := pager.Next(context.Background())
		if err == io.EOF {
			return head, ids, nil
		}
		if err != nil {
			return head, ids, err
		}
		for _, row := range page.Rows {
			ids = append(ids, row[0].(int64))
		}
		if head == nil {
			head = slices.Clone(ids)
		}
	}
}

// TestFirstPageHeadComesFirst: a listing read whole delivers the first
// rows of its first page before the rest of it is decoded; a body found
// malformed past them is asked for again and the listing is exact; an
// answer that does not repeat the rows delivered fails the listing.
func TestFirstPageHeadComesFirst(t *testing.T) {
	c, calls := firstPageServer(t, nil, 1)
	head, ids, err := readFirstPage(t, c)
	require.NoError(t, err)
	assert.Len(t, head, 64, "the head of the page comes on its own")
	assert.Len(t, ids, 100)
	assert.EqualValues(t, 1, calls.Load())

	c, calls = firstPageServer(t, truncated, 1)
	head, ids, err = readFirstPage(t, c)
	require.NoError(t, err)
	assert.Len(t, head, 64, "the head was well formed: it came before the body was found broken")
	want := make([]int64, 100)
	for i := range want {
		want[i] = int64(i + 1)
	}
	assert.Equal(t, want, ids, "every row once, in order")
	assert.EqualValues(t, 2, calls.Load(), "the page was asked for again")

	c, _ = firstPageServer(t, truncated, 1000)
	_, _, err = readFirstPage(t, c)
	require.ErrorIs(t, err, rest.ErrPagination, "the page came again with other rows")
	assert.Contains(t, err.Error(), "other rows than the first 64 delivered")
}
