package rest

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/saasapi/saasapi/schema"
)

// The limits of pagination integrity (docs/reliability.md).
const (
	// MaxEmptyRun is how many empty pages in a row a listing follows
	// (an empty page with a next link is followed: some APIs filter a
	// page after cutting it); one more is ErrPagination.
	MaxEmptyRun = 3
	// pageMargin is how many pages past the count the API announced on
	// the first page a listing reads (records added while it pages),
	// plus one per ten announced pages; one more is ErrPagination.
	pageMargin = 2
)

// Pager fetches the pages of one request in order. It holds one page in
// memory at a time (a few more with Concurrent).
//
// It keeps the listing honest: it never requests a URL it has requested
// before (a cycle), never reads more pages than the API's counters allow
// plus a margin, follows the next link past empty pages (a bounded run),
// reads a page-numbered listing until a short or empty page, and ends with
// ErrPagination, not a short result, when the listing stops while the
// counters of its first page say a page or more remains. Rows whose
// primary key the listing already delivered are dropped and counted.
type Pager struct {
	c     *Client
	req   *Request
	dec   *decoder
	next  *url.URL
	n     int // number of the next page (1-based)
	pages int // requests sent
	done  bool
	err   error // reported by the call after the page that caused it

	seen      map[string]bool // URLs requested
	perPage   int             // the page size asked for, 0 when unknown
	expect    int64           // pages the first page announced, -1 unknown
	empties   int             // empty pages in a row
	delivered int64           // rows delivered
	keys      keySet
	dups      int
	logged    bool
	started   bool  // the first page was read
	total     int64 // records the first page announced, -1 unknown
	records   int64 // records read

	// concurrent fetching of a page-numbered listing
	workers int
	ahead   []chan fetched // pages 2.. in flight, in order
	window  chan struct{}  // a token per page fetched ahead and not delivered
	stop    context.CancelFunc
	// concurrent parts of a next-link listing (see splitAhead)
	partsOut  chan fetched  // read in parts: their pages, as they come; nil once all came
	slots     *pageSlots    // the parts' pages in memory (see pageSlots)
	part      bool          // a part of another listing, which counts as the listing
	reading   *throttle     // the budget that counts the listing as being read, until Close
	budget    *throttle     // the listing's budget, for how many parts it may be read in
	edge      int64         // the window value at the first page's edge, once split
	planned   int64         // a part's pages by its listing's estimate
	share     int64         // a part's: how many parts it may cut itself into
	headBody  []byte        // the first page's body, its head delivered (see headRows)
	head      []string      // the keys of the head's rows
	edgeKeys  keySet        // keys of the first page's rows at its edge value
	tail      keySet        // a part's: keys of its page's last rows (see tailRows)
	partDups  atomic.Int64  // duplicates the parts dropped
	took      time.Duration // how long the last page took, request to rows
	lastHeld  *pageSlots    // the places of the page delivered last, given back at the next
	lastPlace *place        // and its place
	parts     int
	partPages atomic.Int64 // requests the parts sent
}

type fetched struct {
	page *Page
	err  error
}

var decoders sync.Map // *schema.Table → *decoder

func decoderFor(t *schema.Table) *decoder {
	if d, ok := decoders.Load(t); ok {
		return d.(*decoder)
	}
	d, _ := decoders.LoadOrStore(t, newDecoder(t))
	return d.(*decoder)
}

// Pages starts the paging of r; nothing is sent until Next. A request
// whose path key is empty addresses no record: its listing is empty and
// sends nothing.
func (c *Client) Pages(r *Request) (*Pager, error) {
	u, err := c.URL(r)
	if err != nil {
		return nil, err
	}
	p := &Pager{c: c, req: r, dec: decoderFor(r.Table), next: u, n: 1, expect: -1, seen: map[string]bool{}}
	p.keys = newKeySet(r.Table)
	for _, k := range r.Path.Keys {
		if v, ok := r.Keys[k]; ok && v == "" {
			p.done, p.logged = true, true
		}
	}
	pg := c.paging(r.Path)
	if pg.PageSizeParam != "" {
		p.perPage, _ = strconv.Atoi(u.Query().Get(pg.PageSizeParam))
	}
	if p.perPage == 0 {
		p.perPage = pg.DefaultPageSize
	}
	if pg.Style == schema.PagingPageNumber && pg.PageParam != "" {
		p.n, _ = strconv.Atoi(u.Query().Get(pg.PageParam))
		p.n = max(p.n, 1)
	}
	return p, nil
}

// Concurrent lets a page-numbered listing fetch up to n pages at once once
// its first page reports the page count; pages are still delivered in
// order. A next-link listing with a range filter is cut into parts read at
// once (see splitAhead). Call it before the first Next, only when every
// page is wanted, and Close the pager when done with it: the account's
// rate budget counts it as being read until then.
func (p *Pager) Concurrent(n int) { p.workers = n }

// Requests returns how many requests the pager has sent.
func (p *Pager) Requests() int { return p.pages + int(p.partPages.Load()) }

// Duplicates returns how many rows were dropped because the listing had
// delivered their primary key already.
func (p *Pager) Duplicates() int { return p.dups + int(p.partDups.Load()) }

// Close stops the pages fetched ahead, if any.
func (p *Pager) Close() {
	if p.stop != nil {
		p.stop()
	}
	if p.reading != nil {
		p.reading.listings.Add(-1)
		p.reading = nil
	}
}

// Next fetches and decodes the next page. It returns io.EOF after the
// last page.
func (p *Pager) Next(ctx context.Context) (*Page, error) {
	if p.err != nil {
		p.Close()
		return nil, p.err
	}
	if p.done {
		p.Close()
		p.finish(ctx)
		return nil, io.EOF
	}
	var (
		page *Page
		err  error
		n    = p.n
	)
	if p.partsOut != nil {
		return p.nextPart(ctx)
	}
	if p.headBody != nil {
		return p.finishHead(ctx)
	}
	if len(p.ahead) > 0 {
		var r fetched
		select {
		case r = <-p.ahead[0]:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		p.ahead = p.ahead[1:]
		<-p.window // the page is out: another may be fetched
		page, err = r.page, r.err
	} else {
		if !p.started && !p.part && p.workers > 1 {
			// The listing is read whole from now on, until Close (see
			// throttle.streams; Concurrent's callers close their pagers).
			p.reading = p.c.throttleFor(p.req.Path)
			p.budget = p.reading
			if p.reading != nil {
				p.reading.listings.Add(1)
			}
		}
		p.pages++
		p.seen[p.next.String()] = true
		start := time.Now()
		head := 0
		if n == 1 && !p.started && p.workers > 1 && !p.part {
			head = headRows
		}
		page, err = p.fetchHead(ctx, p.next, n, head)
		p.took = time.Since(start)
		if err == nil && page.partial {
			return p.deliverHead(page), nil
		}
	}
	if err != nil {
		p.Close()
		return nil, err
	}
	p.read(ctx, page, page, n)
	return page, nil
}

// read counts page n and decides what comes next; out is what of it the
// caller gets (the page, or the rest of a first page whose head came
// before).
func (p *Pager) read(ctx context.Context, page, out *Page, n int) {
	p.n++
	if !p.started {
		p.started = true
		p.expect, p.total = p.announced(page), page.Total
	}
	p.records += int64(page.Records)
	p.dedupe(out)
	p.delivered += int64(len(out.Rows))
	p.advance(ctx, page, n)
	if p.err == nil && p.expect >= 0 && int64(p.pages) > p.expect+pageMargin+p.expect/10 {
		p.err = p.errorf("read %d pages where the API announced %d; stopped so that a listing that does not end cannot run forever", p.pages, p.expect)
	}
	progressOf(ctx).pagesLeft(p)
}

// headRows is how many rows of a listing's first page are delivered
// before the rest of the page is decoded, when the listing is read whole
// (Concurrent): a page of 2,000 records takes longer to decode than to
// cross a fast network, and a query's first row should come one request's
// latency after it starts. The body is read whole first (a network
// failure is retried before any row); the rest is decoded at the next
// call.
const headRows = 64

// deliverHead delivers the first rows of the listing's first page.
func (p *Pager) deliverHead(head *Page) *Page {
	p.head = p.head[:0]
	for _, row := range head.Rows {
		p.head = append(p.head, keyText(row, p.keys.cols))
	}
	p.dedupe(head) // its keys are remembered; the page is not started
	p.delivered += int64(len(head.Rows))
	return &Page{Rows: head.Rows, Total: -1, TotalPages: -1}
}

// finishHead decodes the rest of the first page whose head was delivered,
// and goes on as Next does after a page. A body malformed past its head is
// asked for again (the retries of get), and its head must be the one
// delivered, or the listing fails with ErrPagination.
func (p *Pager) finishHead(ctx context.Context) (*Page, error) {
	body, u := p.headBody, p.next
	p.headBody = nil
	c := p.c
	page, err := p.dec.decodeBytes(body, p.req.Path.Records, p.req.Path.Object, c.paging(p.req.Path))
	if err == nil {
		p.fillKeys(page)
	} else {
		if !errors.Is(err, ErrBadResponse) {
			p.Close()
			return nil, fmt.Errorf("%s: table %s: page 1 (%s): %w", c.provider.Name, p.req.Table.Name, c.redactURL(u), err)
		}
		c.log.LogAttrs(ctx, slog.LevelWarn, "body rejected", slog.String("method", "GET"), slog.String("url", c.redactURL(u)),
			slog.String("error", c.redact(err.Error())))
		p.pages++
		if page, err = p.fetch(ctx, u, 1); err != nil {
			p.Close()
			return nil, err
		}
	}
	if len(page.Rows) < len(p.head) {
		p.err = p.errorf("page 1 came again with %d rows where its first %d were delivered; run the query again", len(page.Rows), len(p.head))
		p.Close()
		return nil, p.err
	}
	for i, key := range p.head {
		if keyText(page.Rows[i], p.keys.cols) != key {
			p.err = p.errorf("page 1 came again with other rows than the first %d delivered; run the query again", len(p.head))
			p.Close()
			return nil, p.err
		}
	}
	rest := *page
	rest.Rows = page.Rows[len(p.head):]
	progressOf(ctx).moreRows(len(rest.Rows))
	p.read(ctx, page, &rest, 1)
	return &rest, nil
}

// got is how many records the listing has delivered, for comparing with
// the total the API announced: distinct rows, or for a table of array
// elements (whose rows are not records) the records read.
func (p *Pager) got() int64 {
	if p.req.Table.Explode != "" || !p.keys.ok {
		return p.records
	}
	return p.delivered
}

// short reports whether the records delivered fall short of the total
// the first page announced.
func (p *Pager) short() bool { return p.total >= 0 && p.got() < p.total }

// announced is the page count the first page reports: its own, or its
// total row count over the page size; -1 when it reports neither.
func (p *Pager) announced(first *Page) int64 {
	if p.c.paging(p.req.Path).Style == schema.PagingNone {
		return -1
	}
	// The page size is the one asked for, or the first page's when the
	// API sends fewer records on a page that is not its last.
	per := int64(p.perPage)
	if r := int64(first.Records); r > 0 && first.Next != "" && (per == 0 || r < per) {
		per = r
	}
	switch {
	case first.TotalPages >= 0:
		return first.TotalPages
	case first.Total >= 0 && per > 0:
		return max((first.Total+per-1)/per, 1)
	}
	return -1
}

// advance decides, after page n, what comes next: the next link, the next
// page number, or the end.
func (p *Pager) advance(ctx context.Context, page *Page, n int) {
	pg := p.c.paging(p.req.Path)
	p.done = true
	empty := page.Records == 0 && len(page.Rows) == 0
	switch pg.Style {
	case schema.PagingPageNumber:
		if len(p.ahead) > 0 {
			p.done = false
			break
		}
		// A full page is followed by another unless the records read
		// reach the total the first page announced: a page count that
		// is too small does not cut the listing short. While records
		// are missing, an empty page is followed too (a bounded run).
		full := p.perPage > 0 && page.Records >= p.perPage && (p.total < 0 || p.short())
		more := page.TotalPages >= 0 && int64(n) < page.TotalPages || empty && p.short()
		if empty && !more || !empty && !full && !more {
			break // the API shows the end: an empty or short page
		}
		if pg.PageParam == "" {
			break
		}
		next := *p.next
		q := next.Query()
		q.Set(pg.PageParam, strconv.Itoa(n+1))
		next.RawQuery = q.Encode()
		p.next, p.done = &next, false
		if n == 1 && p.workers > 1 && page.TotalPages > 2 {
			p.fetchAhead(ctx, page.TotalPages)
		}
	case schema.PagingNextLink:
		if page.Next == "" {
			break
		}
		if n == 1 && p.workers > 1 && p.splitAhead(ctx, page) {
			p.done = false
			break
		}
		next, err := p.followable(page.Next)
		switch {
		case err != nil:
			p.err = err
		case p.seen[next.String()]:
			p.err = p.errorf("page %d links back to a page already read (%s); the listing cycles", n, p.c.redactURL(next))
		default:
			p.next, p.done = next, false
		}
	}
	if empty && !p.done {
		p.empties++
		if p.empties > MaxEmptyRun {
			p.err = p.errorf("%d empty pages in a row, each with a link to another; stopped", p.empties)
		}
	} else if !empty {
		p.empties = 0
	}
	switch {
	case !p.done || p.err != nil:
	case p.expect >= 0 && int64(p.pages) < p.expect:
		p.err = p.errorf("the listing ended after %d of the %d pages the API announced (%d rows); the API's answer is incomplete, run the query again",
			p.pages, p.expect, p.delivered)
	case p.short():
		p.err = p.errorf("the listing ended with %d of the %d records the API announced (records changed while it was read, or the API skipped some); run the query again",
			p.got(), p.total)
	}
}

// fetchAhead requests pages 2..total of a page-numbered listing, several
// at once, for Next to deliver in order.
func (p *Pager) fetchAhead(ctx context.Context, total int64) {
	ctx, p.stop = context.WithCancel(ctx)
	pg := p.c.paging(p.req.Path)
	jobs := make(chan int)
	var urls []*url.URL
	for k := int64(2); k <= total; k++ {
		u := *p.next
		q := u.Query()
		q.Set(pg.PageParam, strconv.FormatInt(k, 10))
		u.RawQuery = q.Encode()
		urls = append(urls, &u)
		p.ahead = append(p.ahead, make(chan fetched, 1))
		p.seen[u.String()] = true
	}
	p.pages += len(urls)
	slots := p.ahead
	// At most twice the workers' pages are fetched and not yet delivered:
	// memory stays a few pages, however long the listing.
	p.window = make(chan struct{}, 2*p.workers)
	for range min(p.workers, len(urls)) {
		go func() {
			for k := range jobs {
				slots[k] <- p.fetchSafely(ctx, urls[k], k+2)
			}
		}()
	}
	go func() {
		defer close(jobs)
		for k := range urls {
			select {
			case p.window <- struct{}{}:
			case <-ctx.Done():
			}
			select {
			case jobs <- k:
			case <-ctx.Done():
				for ; k < len(urls); k++ {
					slots[k] <- fetched{err: ctx.Err()}
				}
				return
			}
		}
	}()
	last := *urls[len(urls)-1]
	q := last.Query()
	q.Set(pg.PageParam, strconv.FormatInt(total+1, 10))
	last.RawQuery = q.Encode()
	p.next = &last
	p.n = 2
}

// PanicError is a panic recovered in a goroutine of a Pager (a page
// fetched ahead), where no recover of the program's could reach it. It is
// returned by Next, in the order of its page; the driver turns it into
// saasapi.ErrInternal.
type PanicError struct {
	// Value is what was passed to panic.
	Value any
	// Stack is the stack of the goroutine that panicked.
	Stack []byte
}

// Error describes the panic.
func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

func stack() []byte { return debug.Stack() }

// fetchSafely is fetch for a goroutine of the pager's own.
func (p *Pager) fetchSafely(ctx context.Context, u *url.URL, n int) (f fetched) {
	defer func() {
		if r := recover(); r != nil {
			f = fetched{err: &PanicError{Value: r, Stack: stack()}}
		}
	}()
	pg, err := p.fetch(ctx, u, n)
	return fetched{pg, err}
}

// finish logs the listing's summary once.
func (p *Pager) finish(ctx context.Context) {
	if p.logged {
		return
	}
	p.logged = true
	level := slog.LevelDebug
	if p.Duplicates() > 0 {
		level = slog.LevelWarn
	}
	p.c.log.LogAttrs(ctx, level, "listing", slog.String("table", p.req.Table.Name), slog.Int("pages", p.pages),
		slog.Int64("rows", p.delivered), slog.Int("duplicates_dropped", p.Duplicates()))
}

// errorf is an ErrPagination naming the provider and table.
func (p *Pager) errorf(format string, args ...any) error {
	return fmt.Errorf("%s: table %s: %w: %s", p.c.provider.Name, p.req.Table.Name, ErrPagination, fmt.Sprintf(format, args...))
}

// dedupe drops the rows whose primary key the listing delivered before
// (in its first page or a recent one, see keySet).
func (p *Pager) dedupe(page *Page) {
	if p.part {
		p.dedupeTail(page)
		return
	}
	if !p.keys.ok {
		return
	}
	if p.started && p.records > int64(page.Records) {
		p.keys.nextPage()
	}
	p.dups += page.drop(func(row []driver.Value) bool { return !p.keys.add(row) })
}

// drop removes the rows for which gone reports true, and returns how many
// it removed.
func (page *Page) drop(gone func(row []driver.Value) bool) int {
	kept := page.Rows[:0]
	for _, row := range page.Rows {
		if !gone(row) {
			kept = append(kept, row)
		}
	}
	n := len(page.Rows) - len(kept)
	clear(page.Rows[len(kept):])
	page.Rows = kept
	return n
}

// dedupeTail drops the rows of a part's page whose keys were among the
// last tailRows rows of its page before, and remembers this page's.
func (p *Pager) dedupeTail(page *Page) {
	if len(p.keys.cols) == 0 {
		return
	}
	if p.tail.ok {
		n := page.drop(func(row []driver.Value) bool { return !p.tail.add(row) })
		p.dups += n
		page.Records -= n // rows are records in a listing read in parts
	}
	p.tail = newKeySet(p.req.Table)
	for _, row := range page.Rows[max(len(page.Rows)-tailRows, 0):] {
		p.tail.add(row)
	}
}

// fetch sends one request of the listing and decodes its page (number n,
// for errors).
func (p *Pager) fetch(ctx context.Context, u *url.URL, n int) (*Page, error) {
	return p.fetchHead(ctx, u, n, 0)
}

// fetchHead is fetch that decodes only the first head records of the
// page (0: all): a page cut short is partial, and its body is kept for
// the rest (see headRows).
func (p *Pager) fetchHead(ctx context.Context, u *url.URL, n, head int) (*Page, error) {
	c := p.c
	pg := c.paging(p.req.Path)
	var page *Page
	var held *place
	err := c.get(ctx, u, c.throttleFor(p.req.Path), p.slots, func(body []byte, pl *place) error {
		var err error
		page, err = p.dec.decodeHead(body, p.req.Path.Records, p.req.Path.Object, pg, head)
		if err != nil {
			return fmt.Errorf("%s: table %s: page %d (%s): %w", c.provider.Name, p.req.Table.Name, n, c.redactURL(u), err)
		}
		if page.partial {
			p.headBody = body // a listing's own first page: no place, no reuse
		}
		held = pl
		return nil
	})
	if err != nil {
		var apiErr *APIError
		if errors.As(err, &apiErr) && ((p.req.Path.NotFoundIsEmpty && apiErr.Status == 404) || slices.Contains(p.req.Path.EmptyStatuses, apiErr.Status)) {
			return &Page{Total: 0, TotalPages: -1}, nil
		}
		return nil, err
	}
	page.held, page.place = p.slots, held
	c.log.LogAttrs(ctx, slog.LevelDebug, "page", slog.String("table", p.req.Table.Name), slog.Int("page", n),
		slog.Int("rows", len(page.Rows)), slog.Int64("total", page.Total), slog.Bool("next", page.Next != ""))
	p.fillKeys(page)
	progressOf(ctx).page(len(page.Rows))
	return page, nil
}

// fillKeys sets, in rows that lack them, the key columns whose values
// the request put in the path (a child endpoint's records often omit
// their parent's id), and the input columns whose values it sent as
// query parameters (a report's from_date).
func (p *Pager) fillKeys(page *Page) {
	for _, f := range p.req.Path.Filters {
		col := p.req.Table.Column(f.Column)
		if col < 0 || !p.req.Table.Columns[col].Input || !p.req.Query.Has(f.Param) {
			continue
		}
		v, err := convert(json.Token(p.req.Query.Get(f.Param)), p.req.Table.Columns[col].Type)
		if err != nil {
			continue
		}
		for _, row := range page.Rows {
			row[col] = v
		}
	}
	for _, k := range p.req.Path.Keys {
		col := p.req.Table.Column(k)
		raw, ok := p.req.Keys[k]
		if col < 0 || !ok {
			continue
		}
		v, err := convert(json.Token(raw), schema.TypeText)
		if p.req.Table.Columns[col].Type == schema.TypeInteger {
			v, err = convert(json.Number(raw), schema.TypeInteger)
		}
		if err != nil {
			continue
		}
		for _, row := range page.Rows {
			if row[col] == nil {
				row[col] = v
			}
		}
	}
}

// followable checks a next-page link: it must stay on the API's scheme
// and host, so that no response can send our credentials elsewhere.
func (p *Pager) followable(link string) (*url.URL, error) {
	base := p.c.base
	u, err := base.Parse(link)
	if err != nil {
		return nil, p.errorf("the next page link is not a URL")
	}
	if !SameOrigin(u, base) {
		return nil, fmt.Errorf("%s: table %s: %w: the next page link leaves %s for %s; not followed",
			p.c.provider.Name, p.req.Table.Name, ErrRedirect, origin(base), origin(u))
	}
	return u, nil
}

// keySet remembers the primary keys a listing delivered in its last
// keepPages pages. Data that shifts while a listing pages repeats rows
// between neighbouring pages, so this finds them with memory of a few
// pages, whatever the listing's length. (A listing read in parts repeats
// the rows of its first page's edge value, which it drops by their own
// keys, and each part drops the rows its next page repeats: see tailRows.)
type keySet struct {
	ok   bool
	cols []int
	ints map[int64]int32  // key → page it came in
	strs map[string]int32 // same, for other keys
	page int32
}

// keepPages is how many recent pages' keys a listing remembers (between
// keepPages and twice as many: they are forgotten keepPages at a time).
const keepPages = 8

// tailRows is how many of its last rows a part of a listing read in parts
// remembers from one page to the next: records added while it pages
// push that many rows, at most, from the end of a page to the head of the
// next. (A part's pages are interleaved with the other parts', so the
// listing's own keySet would not see them side by side.)
const tailRows = 256

func newKeySet(t *schema.Table) keySet {
	var k keySet
	for i, c := range t.Columns {
		if c.Key && !c.Input {
			k.cols = append(k.cols, i)
		}
	}
	k.ok = len(k.cols) > 0
	return k
}

// nextPage starts the keys of another page, forgetting those too old.
func (k *keySet) nextPage() {
	k.page++
	if k.page%keepPages != 0 {
		return
	}
	old := k.page - keepPages
	for key, pg := range k.ints {
		if pg < old {
			delete(k.ints, key)
		}
	}
	for key, pg := range k.strs {
		if pg < old {
			delete(k.strs, key)
		}
	}
}

// seen reports whether a key came in a page still remembered.
func (k *keySet) seen(pg int32, ok bool) bool {
	return ok && pg >= k.page-keepPages
}

// add records the key of row and reports whether it is new. A row whose
// key is NULL is always new.
func (k *keySet) add(row []driver.Value) bool {
	if len(k.cols) == 1 {
		switch v := row[k.cols[0]].(type) {
		case nil:
			return true
		case int64:
			if k.ints == nil {
				k.ints = map[int64]int32{}
			}
			if pg, ok := k.ints[v]; k.seen(pg, ok) {
				return false
			}
			k.ints[v] = k.page
			return true
		case string: // a single text key is its own map key
			return k.addText(v)
		}
	}
	for _, c := range k.cols {
		if row[c] == nil {
			return true
		}
	}
	return k.addText(keyText(row, k.cols))
}

// keyText is the values of row's columns cols (every column when cols is
// empty) as one text, each with its type, an instant by its nanoseconds:
// two rows have the same text when those values are the same.
func keyText(row []driver.Value, cols []int) string {
	var b strings.Builder
	text := func(v driver.Value) {
		if t, ok := v.(time.Time); ok {
			v = t.UnixNano()
		}
		fmt.Fprintf(&b, "%T:%v\x00", v, v)
	}
	if len(cols) == 0 {
		for _, v := range row {
			text(v)
		}
	}
	for _, c := range cols {
		text(row[c])
	}
	return b.String()
}

// addText records a text key and reports whether it is new.
func (k *keySet) addText(key string) bool {
	if k.strs == nil {
		k.strs = map[string]int32{}
	}
	pg, ok := k.strs[key]
	if k.seen(pg, ok) {
		return false
	}
	k.strs[key] = k.page
	return true
}
