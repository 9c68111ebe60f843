package rest

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
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
	starts []time.Time // the times of the last n requests (sent, then answered), a ring
	gens   []uint64    // which request holds each place of starts
	gen    uint64
	until  time.Time // no request before this time
	waits  int64     // requests that waited, for progress reports
	waited time.Duration

	// listings counts the account's listings being read in the process,
	// so that one cuts itself into parts only as far as the budget has
	// room for (see streams).
	listings atomic.Int64
}

// streams is how many requests in flight at once keep the budget's window
// busy when each takes rtt, shared among the account's listings being
// read (at least one each): more would only wait for the window, and the
// partial pages of more parts would spend the budget. It is 0 (no bound)
// when there is no budget, or when the listing's pages fit in its share
// of one window: then they may all go at once.
func (t *throttle) streams(rtt time.Duration, pages int64) int {
	if t == nil || t.n <= 0 {
		return 0
	}
	listings := max(t.listings.Load(), 1)
	if pages <= int64(t.n)/listings {
		return 0
	}
	need := int64(t.n)*int64(rtt)/int64(t.period) + 2
	return int(max(need/listings, 1))
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

// ticket is a request's place in the window, to be moved to the time the
// request was written (done).
type ticket struct {
	idx int
	gen uint64
}

// wait blocks until a request may go, and counts it in the window; it
// fails when ctx ends first, or at once when ctx's deadline comes before
// the request could go. The request holds its place at the time it goes
// until done moves it to the time it was written on its connection (after
// any dial and handshake; the answer's time for a transport that does not
// say): the API counts it when it arrives, a network delay later, which the
// window's margin covers.
func (t *throttle) wait(ctx context.Context) (ticket, error) {
	if t == nil {
		return ticket{idx: -1}, nil
	}
	first := true
	for {
		t.mu.Lock()
		now := time.Now()
		at := t.until
		oldest := -1 // the place whose time is earliest, once all are taken
		if t.n > 0 && len(t.starts) == t.n {
			oldest = 0
			for i, st := range t.starts {
				if st.Before(t.starts[oldest]) {
					oldest = i
				}
			}
			if free := t.starts[oldest].Add(t.period); free.After(at) {
				at = free
			}
		}
		if !at.After(now) {
			tk := ticket{idx: -1}
			if t.n > 0 {
				t.gen++
				if oldest < 0 {
					tk.idx = len(t.starts)
					t.starts = append(t.starts, now)
					t.gens = append(t.gens, t.gen)
				} else {
					tk.idx = oldest
					t.starts[oldest], t.gens[oldest] = now, t.gen
				}
				tk.gen = t.gen
			}
			t.mu.Unlock()
			return tk, nil
		}
		d := at.Sub(now)
		if first {
			t.waits++
			first = false
		}
		t.waited += d
		t.mu.Unlock()
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
			return ticket{idx: -1}, context.DeadlineExceeded
		}
		if err := sleep(ctx, d); err != nil {
			return ticket{idx: -1}, err
		}
	}
}

// done moves a request's place in the window to now: when the request was
// written on its connection, or when its answer came (or it failed) for a
// transport that does not say.
func (t *throttle) done(tk ticket, now time.Time) {
	if t == nil || tk.idx < 0 {
		return
	}
	t.mu.Lock()
	if tk.idx < len(t.gens) && t.gens[tk.idx] == tk.gen && now.After(t.starts[tk.idx]) {
		t.starts[tk.idx] = now
	}
	t.mu.Unlock()
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
