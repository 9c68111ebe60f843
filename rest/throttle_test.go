package rest

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/saasapi/saasapi/providers/harvest"
	"github.com/saasapi/saasapi/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"
)

func TestThrottleSpacesRequestsWithinTheBudget(t *testing.T) {
	th := newThrottle(schema.RateLimit{Requests: 100, Period: 15 * time.Second})
	require.NotNil(t, th.lim)
	assert.Equal(t, 1, th.lim.Burst(), "no burst: a window never holds more than the budget")
	assert.InDelta(t, 99.0/15, float64(th.lim.Limit()), 1e-6)
	// 101 requests need at least the whole period: the 101st may only go
	// 15 s after the first.
	now := time.Now()
	var last *rate.Reservation
	for range 101 {
		last = th.lim.ReserveN(now, 1)
	}
	assert.GreaterOrEqual(t, last.DelayFrom(now), 15*time.Second-time.Millisecond)

	assert.Nil(t, newThrottle(schema.RateLimit{}).lim, "no budget, no spacing")
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
	err := th.wait(ctx)
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
	assert.NotNil(t, c.throttle.lim)
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
	assert.InDelta(t, 99.0/(15*60), float64(reports.lim.Limit()), 1e-6)
}
