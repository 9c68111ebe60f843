package rest

import (
	"context"
	"database/sql/driver"
	"io"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/saasapi/saasapi/schema"
)

// splitAhead reads the rest of a next-link listing whose path has a
// Window (a range filter, both bounds inclusive) as several parts at once,
// each a listing of its own that follows its own links, after its first
// page showed more pages to come; the parts' pages come as they arrive,
// not in the listing's order. APIs like Harvest ask clients to follow
// their links rather than build page URLs, so a listing of 20 pages would
// take 20 round trips in a row; cut into parts, it takes a few.
//
// The parts cover the whole range the query asked for (with a Descending
// window, the part below the first page's oldest value): their union is
// the listing, and rows of the first page that a part returns again are
// dropped by key. The range is cut where the first page's density of rows
// says each part holds two pages or more, and a last part takes what is
// left below. It reports false, and the listing goes on by its links, when the
// listing cannot be cut (no usable values, too narrow a range).
func (p *Pager) splitAhead(ctx context.Context, first *Page) bool {
	w := p.req.Path.Window
	if w == nil {
		return false
	}
	col := p.req.Table.Column(w.Column)
	per := int64(p.perPage)
	if col < 0 || per <= 0 || len(first.Rows) == 0 || !p.keys.ok {
		return false
	}
	lo, hi, ok := queryRange(w, p.req.Query)
	if !ok {
		return false
	}
	// The first page's range of the column.
	fmin, fmax := int64(1<<62), int64(-1<<62)
	for _, row := range first.Rows {
		v, ok := windowValue(w.Format, row[col])
		if !ok {
			return false // a NULL would be in no part
		}
		fmin, fmax = min(fmin, v), max(fmax, v)
	}
	if w.Descending {
		hi = min(hi, fmin) // inclusive: the first page may hold part of fmin
	} else {
		lo = max(lo, fmax)
	}
	if hi < lo {
		return false
	}
	remaining := max(p.total-int64(len(first.Rows)), per)
	// A part costs up to a partial page more than the listing read by its
	// links, so only listings of many pages are cut, into parts of two
	// pages or more; up to four parts a worker, so that the workers stay
	// busy to the end when the parts turn out uneven. (Parts of one page
	// would be faster at a high latency and cost a third more requests;
	// see docs/performance.md.)
	if p.expect < MinSplitPages {
		return false
	}
	parts := min((remaining+per-1)/per/2, hi-lo+1, int64(4*p.workers))
	if parts < 2 {
		return false
	}
	// Rows per unit of the range (a day, a second), from the first page.
	density := float64(len(first.Rows)) / float64(fmax-fmin+1)
	span := int64(float64(remaining)/density) + 1
	var bounds [][2]int64
	if w.Descending {
		top, bottom := hi, max(lo, hi-span+1)
		bounds = cut(bottom, top, parts-1)
		if bottom > lo {
			bounds = append(bounds, [2]int64{lo, bottom - 1})
		}
	} else {
		bottom, top := lo, min(hi, lo+span-1)
		bounds = cut(bottom, top, parts-1)
		if top < hi {
			bounds = append(bounds, [2]int64{top + 1, hi})
		}
	}
	var subs []*Pager
	for _, b := range bounds {
		r := *p.req
		r.Query = url.Values{}
		for k, v := range p.req.Query {
			r.Query[k] = v
		}
		r.Query.Set(w.From, formatWindow(w.Format, b[0]))
		r.Query.Set(w.To, formatWindow(w.Format, b[1]))
		sub, err := p.c.Pages(&r)
		if err != nil {
			return false
		}
		sub.keys.ok = false // the listing's own pager drops doubles
		subs = append(subs, sub)
	}
	ctx, p.stop = context.WithCancel(ctx)
	// The workers read the parts, and pages are delivered as they come:
	// memory stays at the pages in flight, whatever the listing's length.
	// (A query that needs the API's order reads with a LIMIT, which
	// never splits.)
	out := make(chan fetched, 2)
	p.partsOut, p.parts = out, len(subs)
	jobs := make(chan *Pager, len(subs))
	for _, sub := range subs {
		jobs <- sub
	}
	close(jobs)
	var wg sync.WaitGroup
	for range min(p.workers, len(subs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for sub := range jobs {
				if ctx.Err() != nil {
					sub.Close()
					continue
				}
				p.readPart(ctx, sub, out)
			}
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	p.c.log.Debug("listing split", "table", p.req.Table.Name, "parts", len(subs), "column", w.Column)
	return true
}

// readPart sends the pages of one part to out; an error ends the part
// (the listing fails with it).
func (p *Pager) readPart(ctx context.Context, sub *Pager, out chan<- fetched) {
	defer func() {
		if r := recover(); r != nil {
			send(ctx, out, fetched{err: &PanicError{Value: r, Stack: stack()}})
		}
	}()
	defer sub.Close()
	for {
		before := sub.Requests()
		page, err := sub.Next(ctx)
		p.partPages.Add(int64(sub.Requests() - before))
		if err == io.EOF {
			return
		}
		if err != nil {
			send(ctx, out, fetched{err: err})
			return
		}
		if !send(ctx, out, fetched{page: page}) {
			return
		}
	}
}

func send(ctx context.Context, out chan<- fetched, f fetched) bool {
	select {
	case out <- f:
		return true
	case <-ctx.Done():
		return false
	}
}

// nextPart delivers the next page of any part, as they come.
func (p *Pager) nextPart(ctx context.Context) (*Page, error) {
	var (
		r  fetched
		ok bool
	)
	select {
	case r, ok = <-p.partsOut:
	case <-ctx.Done():
		p.Close()
		return nil, ctx.Err()
	}
	if !ok {
		p.partsOut, p.done = nil, true
		p.Close()
		switch {
		case p.short():
			p.err = p.errorf("the listing, read in %d parts, ended with %d of the %d records the API announced; run the query again",
				p.parts, p.got(), p.total)
			return nil, p.err
		case p.total >= 0 && p.got() > p.total+p.total/10+int64(p.perPage):
			// More than records added while paging explain: the parts
			// overlap (an API that ignores the range filter).
			p.err = p.errorf("the listing, read in %d parts, returned %d records where the API announced %d; the parts overlap", p.parts, p.got(), p.total)
			return nil, p.err
		}
		p.finish(ctx)
		return nil, io.EOF
	}
	if r.err != nil {
		p.Close()
		p.err = r.err
		return nil, r.err
	}
	page := r.page
	p.records += int64(page.Records)
	p.dedupe(page)
	p.delivered += int64(len(page.Rows))
	return page, nil
}

// MinSplitPages is the fewest pages a listing must announce to be cut
// into parts: below it, the round trips saved do not pay for the
// requests added.
const MinSplitPages = 8

// cut divides [lo, hi] into n ranges of about equal width, highest first.
func cut(lo, hi, n int64) [][2]int64 {
	n = max(min(n, hi-lo+1), 1)
	width := (hi - lo + 1) / n
	var out [][2]int64
	top := hi
	for i := int64(0); i < n; i++ {
		bottom := top - width + 1
		if i == n-1 {
			bottom = lo
		}
		out = append(out, [2]int64{bottom, top})
		top = bottom - 1
	}
	return out
}

// queryRange is the range the request asks for in the window's units:
// its own bounds, or the window's start and a bound past today.
func queryRange(w *schema.Window, q url.Values) (lo, hi int64, ok bool) {
	lo = windowUnitOf(w.Format, time.Unix(w.Start, 0).UTC())
	hi = windowUnitOf(w.Format, time.Now().UTC().AddDate(0, 0, 2))
	if v := q.Get(w.From); v != "" {
		x, ok := parseWindow(w.Format, v)
		if !ok {
			return 0, 0, false
		}
		lo = max(lo, x)
	}
	if v := q.Get(w.To); v != "" {
		x, ok := parseWindow(w.Format, v)
		if !ok {
			return 0, 0, false
		}
		hi = x
	}
	return lo, hi, true
}

// The window's units: days for dates, seconds for times.

func windowUnitOf(f schema.Format, t time.Time) int64 {
	if f == schema.FormatDate {
		return t.Unix() / 86400
	}
	return t.Unix()
}

func windowValue(f schema.Format, v driver.Value) (int64, bool) {
	t, ok := v.(time.Time)
	if !ok {
		return 0, false
	}
	return windowUnitOf(f, t.UTC()), true
}

func parseWindow(f schema.Format, s string) (int64, bool) {
	switch f {
	case schema.FormatDate:
		t, err := time.Parse(time.DateOnly, s)
		return t.Unix() / 86400, err == nil
	case schema.FormatUnix:
		n, err := strconv.ParseInt(s, 10, 64)
		return n, err == nil
	case schema.FormatDateTime:
		t, err := time.Parse(time.RFC3339, s)
		return t.Unix(), err == nil
	}
	return 0, false
}

func formatWindow(f schema.Format, v int64) string {
	switch f {
	case schema.FormatDate:
		return time.Unix(v*86400, 0).UTC().Format(time.DateOnly)
	case schema.FormatDateTime:
		return time.Unix(v, 0).UTC().Format(time.RFC3339)
	}
	return strconv.FormatInt(v, 10)
}
