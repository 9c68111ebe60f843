package rest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/saasapi/saasapi/providers/harvest"
	"github.com/saasapi/saasapi/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestThrottleAllowsTheWholeWindowThenWaits(t *testing.T) {
	th := newThrottle(schema.RateLimit{Requests: 100, Period: 15 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	for i := range 100 {
		_, err := th.wait(ctx)
		require.NoError(t, err, "request %d of the window goes at once", i+1)
	}
	_, err := th.wait(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded, "the 101st waits for the window: past the deadline, it fails at once")
	waits, _ := th.stats()
	assert.EqualValues(t, 1, waits)

	none := newThrottle(schema.RateLimit{})
	for range 1000 {
		_, err := none.wait(ctx)
		require.NoError(t, err, "no budget, no wait")
	}
}

func TestThrottleWindowSlides(t *testing.T) {
	th := newThrottle(schema.RateLimit{Requests: 3, Period: 60 * time.Millisecond})
	ctx := context.Background()
	var sent []time.Time
	for range 7 {
		tk, err := th.wait(ctx)
		require.NoError(t, err)
		// The time the request took its place (not when this goroutine
		// ran again, which a loaded machine delays).
		th.mu.Lock()
		sent = append(sent, th.starts[tk.idx])
		th.mu.Unlock()
	}
	// No window of the period (plus its margin) holds more than 3.
	for i := 3; i < len(sent); i++ {
		assert.GreaterOrEqual(t, sent[i].Sub(sent[i-3]), 60*time.Millisecond, "requests %d and %d", i-3, i)
	}
}

// TestThrottleSpacesFromTheAnswers: a request's place in the window moves
// to the time done gives (when it was written on its connection, or when
// its answer came), so a request that went late never shares an API
// window with the request that takes its place.
func TestThrottleSpacesFromTheAnswers(t *testing.T) {
	th := newThrottle(schema.RateLimit{Requests: 1, Period: 50 * time.Millisecond})
	ctx := context.Background()
	start := time.Now()
	a, err := th.wait(ctx)
	require.NoError(t, err)
	answered := start.Add(80 * time.Millisecond) // a's answer came late
	th.done(a, answered)
	_, err = th.wait(ctx)
	require.NoError(t, err)
	assert.False(t, time.Now().Before(answered.Add(50*time.Millisecond)), "the next request waits a window after a's answer, not after its start")
	th.done(ticket{idx: 0, gen: 999}, time.Now().Add(time.Hour)) // a stale ticket moves nothing
	assert.True(t, th.starts[0].Before(time.Now().Add(time.Minute)))
}

func TestThrottleWaitsForTheReportedReset(t *testing.T) {
	r := schema.RateLimit{Requests: 60, Period: time.Minute, RemainingHeader: "X-Left", ResetHeader: "X-Reset"}
	th := newThrottle(r)
	now := time.Now()
	h := http.Header{}
	h.Set("X-Left", "3")
	h.Set("X-Reset", strconv.FormatInt(now.Add(time.Minute).Unix(), 10))
	th.observe(h, r, now)
	assert.True(t, th.until.IsZero(), "requests are left: no wait")

	h.Set("X-Left", "0")
	th.observe(h, r, now)
	assert.Equal(t, now.Add(time.Minute).Unix(), th.until.Unix(), "spent: wait for the reset")

	h.Set("X-Reset", strconv.FormatInt(now.Add(48*time.Hour).Unix(), 10))
	th2 := newThrottle(r)
	th2.observe(h, r, now)
	assert.True(t, th2.until.IsZero(), "an absurd reset is ignored")

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := th.wait(ctx)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "a wait past the deadline fails at once: %v", err)
}

func TestLoopbackIsNotThrottledUnlessAsked(t *testing.T) {
	p := harvest.Provider()
	c, err := New(Config{Provider: p, Settings: map[string]string{"AccountId": "1", "BaseURL": "http://127.0.0.1:1/v2"}})
	require.NoError(t, err)
	assert.Nil(t, c.throttle, "the sandbox and local replays run unthrottled")
	c, err = New(Config{Provider: p, Settings: map[string]string{"AccountId": "1"}})
	require.NoError(t, err)
	require.NotNil(t, c.throttle, "the real API is")
	assert.Equal(t, 100, c.throttle.n)
	c2, err := New(Config{Provider: p, Settings: map[string]string{"AccountId": "1", "APIKey": "other"}})
	require.NoError(t, err)
	assert.NotSame(t, c.throttle, c2.throttle, "another account has its own budget")
	c3, err := New(Config{Provider: p, Settings: map[string]string{"AccountId": "1"}})
	require.NoError(t, err)
	assert.Same(t, c.throttle, c3.throttle, "clients of one account share its budget")
	c4, err := New(Config{Provider: p, Settings: map[string]string{"AccountId": "1"}, NoRateLimit: true})
	require.NoError(t, err)
	assert.Nil(t, c4.throttle)
	c, err = New(Config{Provider: p, Settings: map[string]string{"AccountId": "1", "BaseURL": "http://127.0.0.1:1/v2"},
		RateLimit: &schema.RateLimit{Requests: 10, Period: time.Second}})
	require.NoError(t, err)
	require.NotNil(t, c.throttle)
}

func TestPathsWithTheirOwnBudget(t *testing.T) {
	p := harvest.Provider()
	c, err := New(Config{Provider: p, Settings: map[string]string{"AccountId": "1"}})
	require.NoError(t, err)
	te, _ := p.Table("time_entries")
	r1, _ := p.Table("time_report_clients")
	r2, _ := p.Table("time_report_team")
	general := c.throttleFor(&te.Paths[0])
	reports := c.throttleFor(&r1.Paths[0])
	assert.Same(t, c.throttle, general)
	assert.NotSame(t, general, reports, "the Reports API has its own budget")
	assert.Same(t, reports, c.throttleFor(&r2.Paths[0]), "shared by every report")
	assert.Equal(t, 100, reports.n)
	assert.GreaterOrEqual(t, reports.period, 15*time.Minute)
}

// TestStreamsShareTheBudget: a listing is cut into as many parts as keep
// its account's window busy, shared among the account's listings being
// read; with no budget, the rate does not bound them.
func TestStreamsShareTheBudget(t *testing.T) {
	th := newThrottle(schema.RateLimit{Requests: 100, Period: 1500 * time.Millisecond})
	th.listings.Store(1)
	// 100 requests in 1.53 s, 100 ms each: 6.5 in flight keep it busy.
	assert.Equal(t, 8, th.streams(100*time.Millisecond, 400))
	assert.Equal(t, 67, th.streams(time.Second, 400))
	assert.Zero(t, th.streams(100*time.Millisecond, 100), "a listing that fits in the window may go at once")
	th.listings.Store(4)
	assert.Equal(t, 2, th.streams(100*time.Millisecond, 400))
	assert.Equal(t, 2, th.streams(100*time.Millisecond, 26), "a fourth of the window each")
	assert.Zero(t, th.streams(100*time.Millisecond, 25))
	th.listings.Store(32)
	assert.Equal(t, 1, th.streams(100*time.Millisecond, 10), "32 listings keep the window busy by their links")

	assert.Zero(t, newThrottle(schema.RateLimit{}).streams(time.Second, 400), "no budget: no bound")
	var none *throttle
	assert.Zero(t, none.streams(time.Second, 400))
}

// TestListingsAreCountedWhileReadWhole: a listing read whole (Concurrent)
// counts as being read on its budget from its first page until Close, or
// until it ends; one read page by page (a LIMIT, a count) never counts, so
// a pager left unclosed cannot hold the count up.
func TestListingsAreCountedWhileReadWhole(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page := r.URL.Query().Get("page")
		next := `"http://` + r.Host + `/v2/time_entries?page=2"`
		if page == "2" {
			next = "null"
		}
		fmt.Fprintf(w, `{"time_entries":[{"id":1%s,"spent_date":"2025-01-01"}],"total_entries":2,"links":{"next":%s}}`, page, next)
	}))
	defer srv.Close()
	p := harvest.Provider()
	tbl, _ := p.Table("time_entries")
	c, err := New(Config{Provider: p, Settings: map[string]string{"APIKey": "k", "AccountId": "1", "BaseURL": srv.URL + "/v2"},
		RateLimit: &schema.RateLimit{Requests: 100, Period: time.Second}})
	require.NoError(t, err)
	th := c.throttleFor(&tbl.Paths[0])
	require.NotNil(t, th)
	ctx := context.Background()

	whole, err := c.Pages(&Request{Table: tbl, Path: &tbl.Paths[0]})
	require.NoError(t, err)
	whole.Concurrent(8)
	_, err = whole.Next(ctx)
	require.NoError(t, err)
	assert.EqualValues(t, 1, th.listings.Load(), "read whole: counted")
	whole.Close()
	assert.EqualValues(t, 0, th.listings.Load(), "closed: no longer")
	whole.Close()
	assert.EqualValues(t, 0, th.listings.Load(), "closing twice counts once")

	ended, err := c.Pages(&Request{Table: tbl, Path: &tbl.Paths[0]})
	require.NoError(t, err)
	ended.Concurrent(8)
	for err == nil {
		_, err = ended.Next(ctx)
	}
	require.ErrorIs(t, err, io.EOF)
	assert.EqualValues(t, 0, th.listings.Load(), "ended: no longer, without Close")

	paged, err := c.Pages(&Request{Table: tbl, Path: &tbl.Paths[0]})
	require.NoError(t, err)
	_, err = paged.Next(ctx)
	require.NoError(t, err)
	assert.EqualValues(t, 0, th.listings.Load(), "page by page, never closed: not counted")
}
