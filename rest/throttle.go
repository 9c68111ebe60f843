package rest

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/saasapi/saasapi/schema"
	"golang.org/x/time/rate"
)

// throttle keeps a client within its provider's request budget: requests
// are spaced evenly so that no window of the documented period holds more
// than the documented number, and when the API reports that its window is
// spent (a remaining count of 0 and a reset time), requests wait for the
// reset. The goal is to run at the limit without receiving a 429. A nil
// throttle lets every request through.
type throttle struct {
	lim   *rate.Limiter
	mu    sync.Mutex
	until time.Time // no request before this time (the API's reset)
	// waited is the time requests spent waiting here, in nanoseconds.
	waited atomic.Int64
}

// newThrottle returns the throttle of a budget, or nil when it has none.
func newThrottle(r schema.RateLimit) *throttle {
	if r.Requests <= 0 || r.Period <= 0 {
		return &throttle{}
	}
	// One request every Period/(Requests-1), burst 1: any window of
	// Period then holds at most Requests requests.
	n := max(r.Requests-1, 1)
	return &throttle{lim: rate.NewLimiter(rate.Every(r.Period/time.Duration(n)), 1)}
}

// wait blocks until a request may go, or fails when ctx ends first (or
// its deadline is nearer than the wait).
func (t *throttle) wait(ctx context.Context) error {
	if t == nil {
		return nil
	}
	start := time.Now()
	defer func() { t.waited.Add(int64(time.Since(start))) }()
	t.mu.Lock()
	until := t.until
	t.mu.Unlock()
	if d := time.Until(until); d > 0 {
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
			return context.DeadlineExceeded
		}
		if err := sleep(ctx, d); err != nil {
			return err
		}
	}
	if t.lim == nil {
		return nil
	}
	return t.lim.Wait(ctx)
}

// observe reads the API's report of its budget: a window with nothing
// left holds requests until its reset (capped at an hour).
func (t *throttle) observe(h http.Header, r schema.RateLimit, now time.Time) {
	if t == nil || r.RemainingHeader == "" || r.ResetHeader == "" {
		return
	}
	left, err := strconv.Atoi(h.Get(r.RemainingHeader))
	if err != nil || left > 0 {
		return
	}
	reset, err := strconv.ParseInt(h.Get(r.ResetHeader), 10, 64)
	if err != nil {
		return
	}
	at := time.Unix(reset, 0)
	if at.Before(now) || at.After(now.Add(time.Hour)) {
		return
	}
	t.mu.Lock()
	if at.After(t.until) {
		t.until = at
	}
	t.mu.Unlock()
}
