package rest

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/saasapi/saasapi/schema"
)

// throttle keeps the requests of one API account within its budget: at
// most Requests in any window of Period (a sliding window, so a burst
// may use the whole budget at once, as the APIs allow), and none before
// the time the API asked for (a spent window's reset, a 429's
// Retry-After). The goal is to run at the limit without a 429. One
// throttle serves every client of the account in the process (see
// budgetFor). A nil throttle lets every request through.
type throttle struct {
	n      int
	period time.Duration

	mu     sync.Mutex
	starts []time.Time // the send times of the last n requests, a ring
	head   int         // the oldest of starts, once full
	until  time.Time   // no request before this time
	waits  int64       // requests that waited, for progress reports
	waited time.Duration
}

// windowMargin lengthens the window a little, so that requests sent at
// the edge of it do not reach the API inside its own window when the
// network delays one more than another.
const windowMargin = 50

// newThrottle returns the throttle of a budget; one with no budget only
// honours the API's own reports.
func newThrottle(r schema.RateLimit) *throttle {
	t := &throttle{}
	if r.Requests > 0 && r.Period > 0 {
		t.n, t.period = r.Requests, r.Period+r.Period/windowMargin
	}
	return t
}

// wait blocks until a request may go, and counts it in the window; it
// fails when ctx ends first, or at once when ctx's deadline comes before
// the request could go.
func (t *throttle) wait(ctx context.Context) error {
	if t == nil {
		return nil
	}
	first := true
	for {
		t.mu.Lock()
		now := time.Now()
		at := t.until
		if t.n > 0 && len(t.starts) == t.n {
			if free := t.starts[t.head].Add(t.period); free.After(at) {
				at = free
			}
		}
		if !at.After(now) {
			if t.n > 0 {
				if len(t.starts) < t.n {
					t.starts = append(t.starts, now)
				} else {
					t.starts[t.head] = now
					t.head = (t.head + 1) % t.n
				}
			}
			t.mu.Unlock()
			return nil
		}
		d := at.Sub(now)
		if first {
			t.waits++
			first = false
		}
		t.waited += d
		t.mu.Unlock()
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
			return context.DeadlineExceeded
		}
		if err := sleep(ctx, d); err != nil {
			return err
		}
	}
}

// hold stops every request of the budget until at (capped at an hour).
func (t *throttle) hold(at, now time.Time) {
	if t == nil || !at.After(now) || at.After(now.Add(time.Hour)) {
		return
	}
	t.mu.Lock()
	if at.After(t.until) {
		t.until = at
	}
	t.mu.Unlock()
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
	t.hold(time.Unix(reset, 0), now)
}

// Waits reports how many requests had to wait for the budget, and how
// long they waited in all.
func (t *throttle) stats() (int64, time.Duration) {
	if t == nil {
		return 0, 0
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.waits, t.waited
}

// budgets are the throttles of the process, one per API account and
// budget, shared by every client (connector, sql.DB, SQLite bridge) that
// reaches the same account.
var budgets struct {
	sync.Mutex
	m map[string]*throttle
}

// budgetFor returns the process's throttle of an account's budget.
func budgetFor(account string, r schema.RateLimit) *throttle {
	key := account + "|" + strconv.Itoa(r.Requests) + "/" + r.Period.String()
	budgets.Lock()
	defer budgets.Unlock()
	if budgets.m == nil {
		budgets.m = map[string]*throttle{}
	}
	t, ok := budgets.m[key]
	if !ok {
		t = newThrottle(r)
		budgets.m[key] = t
	}
	return t
}
