package rest

import (
	"context"
	"database/sql/driver"
	"io"
	"math"
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
// says each part holds about 1.6 pages (partsFor), into no more parts
// than the account's rate budget can keep busy (throttle.streams), and a
// last part takes what is left beyond. It reports false, and the listing
// goes on by its links, when the listing cannot be cut (no usable values,
// too narrow a range, a budget already busy with other listings).
func (p *Pager) splitAhead(ctx context.Context, first *Page) bool {
	w := p.req.Path.Window
	if w == nil {
		return false
	}
	col := p.req.Table.Column(w.Column)
	per := int64(p.perPage)
	if col < 0 || per <= 0 || len(first.Rows) == 0 || len(p.keys.cols) == 0 || p.req.Table.Explode != "" {
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
	edge := fmin // inclusive: the first page may hold part of its last value
	if w.Descending {
		hi = min(hi, fmin)
	} else {
		lo, edge = max(lo, fmax), fmax
	}
	if hi < lo {
		return false
	}
	remaining := max(p.total-int64(len(first.Rows)), per)
	var parts int64
	streams := p.budget.streams(p.took, p.expect)
	switch {
	case !p.part && p.expect >= MinSplitPages:
		parts = partsFor(remaining, per, 8)
		if streams > 0 {
			parts = min(parts, int64(streams))
		}
	case p.part && p.expect > p.planned && streams == 0:
		// A part that holds more pages than its estimate cuts itself
		// again by its own density, into parts of about a page: they are
		// read in the round trip its second page would have taken. Under
		// a budget too, when its own pages fit in the window: the parts'
		// partial pages cost less than the window idling while the
		// longest part ends alone.
		parts = partsFor(remaining, per, 4)
	}
	most := int64(MaxParts)
	if p.part {
		most = p.share
	}
	if left, ok := requestsLeft(ctx); ok {
		// A caller's budget of requests (MaxRequests): each range costs
		// at most a partial page more than its pages, and the range
		// beyond the estimate one request, so the parts may take what is
		// left beyond the listing's pages, and a listing whose pages fit
		// is never stopped by its parts. Only the listing itself is cut:
		// a part does not know the pages of the others.
		most = min(most, left-(p.expect-1)-1)
		if p.part {
			most = 0
		}
	}
	parts = min(parts, hi-lo+1, most)
	if parts < 2 {
		return false
	}
	// Rows per unit of the range (a day, a second), from the first page.
	density := float64(len(first.Rows)) / float64(fmax-fmin+1)
	span := int64(float64(remaining)/density) + 1
	var bounds [][2]int64
	if w.Descending {
		top, bottom := hi, max(lo, hi-span+1)
		bounds = cut(bottom, top, parts)
		if bottom > lo {
			bounds = append(bounds, [2]int64{lo, bottom - 1})
		}
	} else {
		bottom, top := lo, min(hi, lo+span-1)
		bounds = cut(bottom, top, parts)
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
		sub.keys.ok = false // a part drops only what its own pages repeat (dedupeTail)
		sub.part, sub.workers, sub.budget = true, p.workers, p.budget
		// A part may cut itself again into its share of as many parts
		// again as the listing has (fixed shares, so that the requests a
		// listing costs do not depend on which part comes first).
		if !p.part {
			sub.share = (2*MaxParts - parts) / parts
		}
		// The pages the part should take by the first page's density: one
		// that takes more cuts itself again.
		sub.planned = max(2, int64(math.Ceil(float64(b[1]-b[0]+1)*density/float64(per))))
		subs = append(subs, sub)
	}
	// Each part drops the rows its own pages repeat (dedupeTail); the
	// listing's own keys, of pages that now come interleaved from every
	// part, are no use past this point.
	p.keys, p.records = keySet{}, p.delivered // got() counts records from now on
	// The rows of the first page at its edge value come again in the part
	// that holds that value: remember their keys to drop them there.
	p.edge, p.edgeKeys = edge, newKeySet(p.req.Table)
	for _, row := range first.Rows {
		if v, _ := windowValue(w.Format, row[col]); v == edge {
			p.edgeKeys.add(row)
		}
	}
	ctx, p.stop = context.WithCancel(ctx)
	// Every part is read at once (the budget spaces their requests), and
	// pages are delivered as they come; memory stays at a few pages
	// (partPages), whatever the listing's length and however many
	// requests are in flight. (A query that needs the API's order reads
	// with a LIMIT, which never splits.)
	if p.slots == nil { // a part cut again shares its listing's
		p.slots = newPageSlots(partPages)
	}
	for _, sub := range subs {
		sub.slots = p.slots
	}
	out := make(chan fetched, 1)
	p.partsOut, p.parts = out, len(subs)
	var wg sync.WaitGroup
	for _, sub := range subs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.readPart(ctx, sub, out)
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
	defer func() { p.partDups.Add(int64(sub.Duplicates())) }()
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
	// The page delivered before is done with: its place is free.
	p.lastHeld.give(p.lastPlace)
	p.lastHeld, p.lastPlace = nil, nil
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
	if !p.part { // a part's pages keep their place up to the listing's reader
		p.lastHeld, p.lastPlace, page.held, page.place = page.held, page.place, nil, nil
	}
	p.dropEdge(page)
	p.records += int64(page.Records)
	p.dedupe(page)
	p.delivered += int64(len(page.Rows))
	return page, nil
}

// dropEdge drops from a part's page the rows the listing's first page
// delivered already: those at the first page's edge value, by key.
func (p *Pager) dropEdge(page *Page) {
	w := p.req.Path.Window
	col := p.req.Table.Column(w.Column)
	page.Records -= page.drop(func(row []driver.Value) bool { // rows are records in a listing that splits
		v, ok := windowValue(w.Format, row[col])
		return ok && v == p.edge && !p.edgeKeys.add(row)
	})
}

// MinSplitPages is the fewest pages a listing must announce to be cut
// into parts: below it, the round trips saved do not pay for the
// requests added.
const MinSplitPages = 8

// MaxParts is the most parts a listing is cut into, all read at once; its
// parts cut themselves again into as many more at most.
const MaxParts = 32

// partPages is how many pages of a listing read in parts may be held in
// memory at once: read and decoded, or waiting for the reader.
const partPages = 1

// partsFor is how many parts of fifths/5 pages each the remaining rows of
// a listing are cut into, by the first page's density. A listing's parts
// are of 1.6 pages (fifths = 8), so that most take two requests and a
// density that rises past the first page's gives a few a third (those cut
// themselves again, into parts of 0.8 page: fifths = 4); a part costs up
// to a partial page more than the listing read by its links, so parts of
// a page would cost a third more requests for the round trip they save.
func partsFor(remaining, per, fifths int64) int64 {
	return (remaining*5 + per*fifths - 1) / (per * fifths)
}

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
