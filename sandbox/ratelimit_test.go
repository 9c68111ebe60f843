package sandbox_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/saasapi/saasapi/sandbox"
)

// hour is a window no test outlives, so that what it refuses does not
// depend on the machine's speed.
const hour = time.Hour

func TestRateLimitHarvest(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 20, RateLimit: sandbox.RateLimit{Requests: 3, Period: hour}})
	for range 3 {
		res := get(t, s, "/time_entries?per_page=5")
		require.Equal(t, http.StatusOK, res.status, "body: %s", res.body)
		assert.Empty(t, res.header.Get("X-Ratelimit-Remaining"), "Harvest sends no rate-limit headers")
	}
	for range 2 {
		res := get(t, s, "/users/me")
		require.Equal(t, http.StatusTooManyRequests, res.status)
		assert.JSONEq(t, `{"error":"rate_limited","error_description":"API rate limit exceeded. Retry after the number of seconds given in the Retry-After header."}`, string(res.body))
		wait, err := strconv.Atoi(res.header.Get("Retry-After"))
		require.NoError(t, err, "Retry-After is whole seconds")
		assert.InDelta(t, hour.Seconds(), wait, 60)
	}
	assert.EqualValues(t, 2, s.RateLimited())
	assert.EqualValues(t, 5, s.Requests())
	assert.Equal(t, http.StatusTooManyRequests, s.Log()[4].Status)

	// The budget is the account's: another account id has its own (and is
	// refused for its credentials, not the budget).
	res := get(t, s, "/users/me", header("Harvest-Account-Id", "999"))
	assert.Equal(t, http.StatusUnauthorized, res.status)

	// The OAuth endpoints and the account lookup are not limited.
	_, tokenURL := s.OAuthURLs()
	resp, err := http.PostForm(tokenURL, map[string][]string{"grant_type": {"refresh_token"}, "refresh_token": {"x"}})
	require.NoError(t, err)
	resp.Body.Close()
	assert.NotEqual(t, http.StatusTooManyRequests, resp.StatusCode)

	s.ResetRequests()
	assert.Zero(t, s.RateLimited())
}

func TestRateLimitAircallHeaders(t *testing.T) {
	s := start(t, sandbox.Options{Provider: "aircall", Rows: 20, RateLimit: sandbox.RateLimit{Requests: 3, Period: hour}})
	begin := time.Now()
	var reset int64
	for k := range 3 {
		res := acGet(t, s, "/calls")
		require.Equal(t, http.StatusOK, res.status)
		assert.Equal(t, "3", res.header.Get("X-AircallApi-Limit"))
		assert.Equal(t, strconv.Itoa(2-k), res.header.Get("X-AircallApi-Remaining"))
		r, err := strconv.ParseInt(res.header.Get("X-AircallApi-Reset"), 10, 64)
		require.NoError(t, err)
		if k == 0 {
			reset = r
		}
		assert.Equal(t, reset, r, "the window frees when its first request leaves it")
	}
	assert.InDelta(t, begin.Add(hour).Unix(), reset, 60)
	res := acGet(t, s, "/users")
	require.Equal(t, http.StatusTooManyRequests, res.status)
	assert.Equal(t, "0", res.header.Get("X-AircallApi-Remaining"))
	assert.Equal(t, strconv.FormatInt(reset, 10), res.header.Get("X-AircallApi-Reset"))
	assert.NotEmpty(t, res.header.Get("Retry-After"))
	assert.Contains(t, string(res.body), "Too many requests")
	assert.EqualValues(t, 1, s.RateLimited())
}

func TestRateLimitAhaHeaders(t *testing.T) {
	s := start(t, sandbox.Options{Provider: "aha", Rows: 20, RateLimit: sandbox.RateLimit{Requests: 2, Period: hour}})
	for k := range 2 {
		res := get(t, s, "/products")
		require.Equal(t, http.StatusOK, res.status, "body: %s", res.body)
		assert.Equal(t, "2", res.header.Get("X-Ratelimit-Limit"))
		assert.Equal(t, strconv.Itoa(1-k), res.header.Get("X-Ratelimit-Remaining"))
		assert.NotEmpty(t, res.header.Get("X-Ratelimit-Reset"))
	}
	res := get(t, s, "/products")
	require.Equal(t, http.StatusTooManyRequests, res.status)
	assert.Contains(t, string(res.body), "Rate limit exceeded")
	assert.NotEmpty(t, res.header.Get("Retry-After"))
	assert.Equal(t, "0", res.header.Get("X-Ratelimit-Remaining"))
}

// TestRateLimitOffKeepsStaticAircallHeaders: without a budget Aircall
// still announces its documented one, and nothing is refused.
func TestRateLimitOffKeepsStaticAircallHeaders(t *testing.T) {
	s := startAircall(t, 20)
	for range 70 {
		res := acGet(t, s, "/tags")
		require.Equal(t, http.StatusOK, res.status)
		assert.Equal(t, "60", res.header.Get("X-AircallApi-Limit"))
	}
	assert.Zero(t, s.RateLimited())
}

func TestFailNextCountsAsRateLimited(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 10})
	s.FailNext(2, http.StatusTooManyRequests, "1")
	for range 3 {
		get(t, s, "/tasks")
	}
	assert.EqualValues(t, 2, s.RateLimited())
}

func TestParseRateLimit(t *testing.T) {
	for in, want := range map[string]sandbox.RateLimit{
		"100/15s":    {Requests: 100, Period: 15 * time.Second},
		" 100/1.5s ": {Requests: 100, Period: 1500 * time.Millisecond},
		"60/m":       {Requests: 60, Period: time.Minute},
		"5/250ms":    {Requests: 5, Period: 250 * time.Millisecond},
		"off":        {},
		"":           {},
	} {
		got, err := sandbox.ParseRateLimit(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"100", "0/15s", "-1/15s", "x/15s", "100/", "100/0s", "100/-1s", "100/fortnight"} {
		_, err := sandbox.ParseRateLimit(in)
		assert.ErrorContains(t, err, "rate limit", in)
	}
	assert.Equal(t, "100/1.5s", sandbox.RateLimit{Requests: 100, Period: 1500 * time.Millisecond}.String())
	assert.Equal(t, "off", sandbox.RateLimit{}.String())
}

func FuzzParseRateLimit(f *testing.F) {
	for _, s := range []string{"100/15s", "60/m", "off", "1/1ns", "9999999999999999999/1s", "/", "1/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		r, err := sandbox.ParseRateLimit(in)
		if err != nil {
			return
		}
		if r.Requests == 0 {
			return
		}
		require.Positive(t, r.Period)
		back, err := sandbox.ParseRateLimit(r.String())
		require.NoError(t, err)
		assert.Equal(t, r, back)
	})
}

func TestRateLimitOptionValidated(t *testing.T) {
	_, err := sandbox.Start(sandbox.Options{RateLimit: sandbox.RateLimit{Requests: 5}})
	assert.ErrorContains(t, err, "RateLimit")
	_, err = sandbox.Start(sandbox.Options{RateLimit: sandbox.RateLimit{Requests: -1, Period: time.Second}})
	assert.ErrorContains(t, err, "RateLimit")
}
