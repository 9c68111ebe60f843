package rest

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Progress counts, for a live display, what the requests of the contexts
// that carry it (see [WithProgress]) have done so far: requests sent, pages
// and rows decoded, the pages their listings still have to read where the
// API announced a total, and the waits for the rate budget. Its methods are
// safe for concurrent use; a nil *Progress counts nothing.
type Progress struct {
	requests atomic.Int64
	pages    atomic.Int64
	rows     atomic.Int64
	waits    atomic.Int64
	waited   atomic.Int64 // nanoseconds

	mu   sync.Mutex
	left map[*Pager]int64 // pages each listing still has to read, where known
}

// ProgressSnapshot is what a [Progress] has counted at one moment.
type ProgressSnapshot struct {
	// Requests is the number of HTTP requests sent (retries included).
	Requests int64
	// Pages and Rows are the pages decoded and the rows they held.
	Pages, Rows int64
	// PagesLeft is the pages the listings being read still have to read,
	// by the totals their first pages announced; PagesKnown is false when
	// no listing being read announced one.
	PagesLeft  int64
	PagesKnown bool
	// RateLimitWaits is how many requests waited for the rate budget, and
	// RateLimitWaited how long in all.
	RateLimitWaits  int64
	RateLimitWaited time.Duration
}

type progressKey struct{}

// WithProgress returns a context whose requests count into p.
func WithProgress(ctx context.Context, p *Progress) context.Context {
	return context.WithValue(ctx, progressKey{}, p)
}

func progressOf(ctx context.Context) *Progress {
	p, _ := ctx.Value(progressKey{}).(*Progress)
	return p
}

// Snapshot returns the counts so far.
func (p *Progress) Snapshot() ProgressSnapshot {
	if p == nil {
		return ProgressSnapshot{}
	}
	s := ProgressSnapshot{Requests: p.requests.Load(), Pages: p.pages.Load(), Rows: p.rows.Load(),
		RateLimitWaits: p.waits.Load(), RateLimitWaited: time.Duration(p.waited.Load())}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, n := range p.left {
		s.PagesLeft += n
		s.PagesKnown = true
	}
	return s
}

// waitCounted waits for the rate budget (th.wait), counting a wait that
// took time, then counts the request about to be sent.
func waitCounted(ctx context.Context, th *throttle) (ticket, error) {
	p := progressOf(ctx)
	if p == nil {
		return th.wait(ctx)
	}
	begin := time.Now()
	tk, err := th.wait(ctx)
	if err != nil {
		return tk, err
	}
	if d := time.Since(begin); d >= time.Millisecond {
		p.waits.Add(1)
		p.waited.Add(int64(d))
	}
	p.requests.Add(1)
	return tk, nil
}

// page counts a decoded page of rows.
func (p *Progress) page(rows int) {
	if p != nil {
		p.pages.Add(1)
		p.rows.Add(int64(rows))
	}
}

// moreRows counts rows of a page counted before (the rest of a first page
// whose head came first).
func (p *Progress) moreRows(rows int) {
	if p != nil {
		p.rows.Add(int64(rows))
	}
}

// pagesLeft records what listing pg still has to read: its announced
// pages less those read, none once it is done or read in parts (the
// parts count their own).
func (p *Progress) pagesLeft(pg *Pager) {
	if p == nil || pg.expect < 0 && !pg.done && pg.partsOut == nil {
		return
	}
	n := int64(0)
	if !pg.done && pg.partsOut == nil {
		n = max(pg.expect-int64(pg.n-1), 0)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.left == nil {
		p.left = map[*Pager]int64{}
	}
	if n == 0 {
		delete(p.left, pg)
		return
	}
	p.left[pg] = n
}
