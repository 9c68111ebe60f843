package sandbox

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestLimiterSlidingWindow walks a budget of 2 per 10 s through a made-up
// clock: a slot frees exactly when the request that took it is 10 s old,
// refused requests take no slot, and accounts do not share a window.
func TestLimiterSlidingWindow(t *testing.T) {
	l := newLimiter(RateLimit{Requests: 2, Period: 10 * time.Second})
	t0 := time.Unix(1_000_000, 0)
	at := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }

	v := l.admit("a", at(0))
	assert.True(t, v.ok)
	assert.Equal(t, 1, v.remaining)
	v = l.admit("a", at(1))
	assert.True(t, v.ok)
	assert.Equal(t, 0, v.remaining)
	assert.Equal(t, at(10), v.reset)

	v = l.admit("a", at(2))
	assert.False(t, v.ok)
	assert.Equal(t, 8*time.Second, v.retryAfter)
	assert.True(t, l.admit("b", at(2)).ok, "another account has its own window")

	assert.False(t, l.admit("a", at(9.999)).ok)
	v = l.admit("a", at(10))
	assert.True(t, v.ok, "the request of t=0 has left the window")
	assert.Equal(t, 0, v.remaining)
	assert.Equal(t, at(11), v.reset)
	v = l.admit("a", at(10.5))
	assert.False(t, v.ok)
	assert.Equal(t, 500*time.Millisecond, v.retryAfter)
	v = l.admit("a", at(30))
	assert.True(t, v.ok)
	assert.Equal(t, 1, v.remaining, "only this request is in the window")

	assert.Nil(t, newLimiter(RateLimit{}))
}
