package engine

import (
	"context"
	"database/sql/driver"
	"fmt"
	"io"
	"math"
	"net/url"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/rest"
	"github.com/saasapi/saasapi/schema"
)

// Column describes one result column.
type Column struct {
	Name     string
	Type     schema.Type
	Nullable bool
}

// Options tune execution.
type Options struct {
	// MaxRows caps the rows a query returns; 0 means no cap.
	MaxRows int64
	// MaxRequests caps the requests a query sends; 0 means no cap. A
	// query whose plan is estimated past it fails before sending
	// anything, one that reaches it while running stops: both with a
	// *TooManyRequestsError (ErrTooManyRequests).
	MaxRequests int
	// Replicas reads the tables' copies for a query planned with the
	// cache (planner.PlanCached); nil without a cache.
	Replicas Replicas
}

// Result streams the rows of a query. Rows are produced on demand: a scan
// fetches its next page only when the rows before it are consumed, and
// stops as soon as a LIMIT is satisfied.
type Result struct {
	Columns []Column
	next    func() ([]driver.Value, error)
	x       *executor
}

// Next returns the next row, or io.EOF after the last.
func (r *Result) Next() ([]driver.Value, error) { return r.next() }

// Requests reports how many HTTP requests the query has sent so far.
func (r *Result) Requests() int { return int(r.x.requests.Load()) }

// Close stops the query: pages being fetched ahead are abandoned.
func (r *Result) Close() error {
	r.x.close()
	return nil
}

// executor runs one query: it holds the query's context, the responses
// kept for scans that are opened repeatedly, and the results of
// uncorrelated subqueries.
type executor struct {
	ctx      context.Context
	client   *rest.Client
	cache    map[string][][]driver.Value
	counts   map[string]int64
	subs     map[*planner.Subquery]*subResult
	parts    partitions
	share    shared
	replicas Replicas
	requests atomic.Int64
	// cancels stop the page prefetchers when the result is closed.
	mu      sync.Mutex
	cancels []context.CancelFunc
}

func (x *executor) addRequests(n int) { x.requests.Add(int64(n)) }

// close stops every prefetching goroutine.
func (x *executor) close() {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, c := range x.cancels {
		c()
	}
	x.cancels = nil
}

// iter yields rows; io.EOF ends them.
type iter func() ([]driver.Value, error)

var eof iter = func() ([]driver.Value, error) { return nil, io.EOF }

// Execute runs a planned query. ctx governs every request the query sends,
// including those made by later calls to Next. The first row is read
// before Execute returns, so that a failing request is the query's error.
func Execute(ctx context.Context, c *rest.Client, q *planner.Query, opt Options) (*Result, error) {
	ctx, err := budget(ctx, q, opt.MaxRequests)
	if err != nil {
		return nil, err
	}
	x := &executor{ctx: ctx, client: c, cache: map[string][][]driver.Value{}, counts: map[string]int64{}, subs: map[*planner.Subquery]*subResult{},
		replicas: opt.Replicas}
	res := &Result{x: x}
	for _, col := range q.Columns() {
		res.Columns = append(res.Columns, Column{Name: col.Name, Type: col.Type, Nullable: col.Nullable})
	}
	var it iter
	if q.Kind == planner.KindExplain {
		rows, err := explain(c, q.Explained)
		if err != nil {
			return nil, err
		}
		it = values(rows)
	} else {
		var err error
		if it, err = x.open(q.Root, nil); err != nil {
			return nil, err
		}
	}
	if opt.MaxRows > 0 {
		it = limit(it, opt.MaxRows, 0)
	}
	first, err := it()
	if err != nil && err != io.EOF {
		return nil, err
	}
	pending := true
	res.next = func() ([]driver.Value, error) {
		if pending {
			pending = false
			return first, err
		}
		return it()
	}
	return res, nil
}

// open starts the rows of a node; en holds the enclosing rows.
func (x *executor) open(n planner.Node, en *env) (iter, error) {
	if en == nil {
		en = &env{x: x}
	}
	switch n := n.(type) {
	case *planner.Scan:
		return x.scan(n, en)
	case *planner.ReplicaScan:
		return x.replicaScan(n, en)
	case *planner.Count:
		return x.count(n, en)
	case *planner.Values:
		return values(n.Rows), nil
	case *planner.Filter:
		in, err := x.open(n.Input, en)
		if err != nil {
			return nil, err
		}
		return func() ([]driver.Value, error) {
			for {
				row, err := in()
				if err != nil {
					return nil, err
				}
				ok, err := truthOf(n.Cond, row, en)
				if err != nil {
					return nil, err
				}
				if ok {
					return row, nil
				}
			}
		}, nil
	case *planner.Project:
		in, err := x.open(n.Input, en)
		if err != nil {
			return nil, err
		}
		return func() ([]driver.Value, error) {
			row, err := in()
			if err != nil {
				return nil, err
			}
			out := make([]driver.Value, len(n.Exprs))
			for i, e := range n.Exprs {
				if out[i], err = eval(e, row, en); err != nil {
					return nil, err
				}
			}
			return out, nil
		}, nil
	case *planner.Aggregate:
		return x.aggregate(n, en)
	case *planner.Distinct:
		in, err := x.open(n.Input, en)
		if err != nil {
			return nil, err
		}
		seen := map[string]bool{}
		return func() ([]driver.Value, error) {
			for {
				row, err := in()
				if err != nil {
					return nil, err
				}
				k := rowKey(row[:n.Width])
				if !seen[k] {
					seen[k] = true
					return row, nil
				}
			}
		}, nil
	case *planner.Sort:
		in, err := x.open(n.Input, en)
		if err != nil {
			return nil, err
		}
		rows, err := drain(in)
		if err != nil {
			return nil, err
		}
		if err := sortRows(rows, n.Keys, en); err != nil {
			return nil, err
		}
		return values(rows), nil
	case *planner.Limit:
		in, err := x.open(n.Input, en)
		if err != nil {
			return nil, err
		}
		return limit(in, n.Limit, n.Offset), nil
	case *planner.Join:
		return x.join(n, en)
	case *planner.Union:
		return x.union(n, en)
	}
	return nil, fmt.Errorf("%w: cannot run %T", ErrEval, n)
}

// values yields fixed rows.
func values(rows [][]driver.Value) iter {
	i := 0
	return func() ([]driver.Value, error) {
		if i >= len(rows) {
			return nil, io.EOF
		}
		i++
		return rows[i-1], nil
	}
}

// drain reads every row.
func drain(in iter) ([][]driver.Value, error) {
	var rows [][]driver.Value
	for {
		row, err := in()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
}

// limit skips offset rows and passes at most n (n < 0: all). It stops
// pulling from in once n rows passed, so no further page is fetched.
func limit(in iter, n, offset int64) iter {
	skip, done := offset, int64(0)
	return func() ([]driver.Value, error) {
		if n >= 0 && done >= n {
			return nil, io.EOF
		}
		for ; skip > 0; skip-- {
			if _, err := in(); err != nil {
				return nil, err
			}
		}
		row, err := in()
		if err != nil {
			return nil, err
		}
		done++
		return row, nil
	}
}

// request builds the REST request of a scan, with the values of its keys
// and parameters for this execution. It reports false when a key has no
// usable value: no row can match then.
func (x *executor) request(s *planner.Scan, en *env) (*rest.Request, bool, error) {
	r := &rest.Request{Table: s.Table, Path: s.Path, Keys: map[string]string{}, Query: url.Values{}, PageSize: s.PageSize}
	if s.Path.Fields != "" {
		r.Fields = s.Fields()
	}
	for _, k := range s.Keys {
		v, err := eval(k.Value, nil, en)
		if err != nil {
			return nil, false, err
		}
		f, ok := planner.FormatValue(v, k.Format, k.Op)
		if !ok {
			return nil, false, nil
		}
		r.Keys[k.Name] = f
	}
	for _, p := range s.Params {
		v, err := eval(p.Value, nil, en)
		if err != nil {
			return nil, false, err
		}
		if v == nil && p.Op == schema.OpEQ {
			return nil, false, nil // an equality with NULL matches nothing
		}
		f, ok := planner.FormatValue(v, p.Format, p.Op)
		if !ok && p.Exact {
			return nil, false, nil
		}
		if ok && !r.Query.Has(p.Name) {
			r.Query.Set(p.Name, f)
		}
		// A value that cannot be sent is not: the API returns more rows
		// and the filter (or the join condition) checks them.
	}
	return r, true, nil
}

// scan fetches a table page by page and applies its residual filter.
func (x *executor) scan(s *planner.Scan, en *env) (iter, error) {
	if len(s.Partition) > 0 && !s.Empty {
		return x.partitioned(s, en) // applies s.Filter itself
	}
	it, err := x.scanRows(s, en)
	if err != nil {
		return nil, err
	}
	return filtered(s.Filter, it, en), nil
}

// filtered passes the rows for which cond is TRUE (all when it is nil).
func filtered(cond planner.Expr, in iter, en *env) iter {
	if cond == nil {
		return in
	}
	return func() ([]driver.Value, error) {
		for {
			row, err := in()
			if err != nil {
				return nil, err
			}
			ok, err := truthOf(cond, row, en)
			if err != nil {
				return nil, err
			}
			if ok {
				return row, nil
			}
		}
	}
}

// scanRows fetches the rows of a scan's requests, before its residual
// filter.
func (x *executor) scanRows(s *planner.Scan, en *env) (iter, error) {
	if s.Empty {
		return eof, nil
	}
	req, ok, err := x.request(s, en)
	if err != nil {
		return nil, err
	}
	if !ok {
		return eof, nil
	}
	if s.Shared > 1 && !s.Cached {
		rows, err := x.sharedRowsOf(req, s.Shared)
		if err != nil {
			return nil, err
		}
		return values(rows), nil
	}
	if s.Cached {
		u, err := x.client.URL(req)
		if err != nil {
			return nil, err
		}
		key := u.String()
		rows, hit := x.cache[key]
		if !hit {
			if rows, err = drain(x.pages(req)); err != nil {
				return nil, err
			}
			x.cache[key] = rows
		}
		return values(rows), nil
	}
	if s.Need < 0 && !s.Path.Single() && (s.Path.Window == nil || x.client.Paging(s.Path).Cap == 0) {
		return x.streamed(req), nil
	}
	return x.pages(req), nil
}

// pageWorkers is how many pages of a page-numbered listing are requested
// at once (the rate budget still spaces them); a listing cut into ranges
// reads its parts at once, as many as its budget can keep busy
// (rest.Pager.Concurrent).
const pageWorkers = 8

// streamed yields the rows of a listing read whole while goroutines fetch
// the next pages, so decoding and the caller's work overlap the network.
// It is used only when every row is wanted (no LIMIT to stop at), so it
// never sends a request the query did not need.
func (x *executor) streamed(req *rest.Request) iter {
	const workers = pageWorkers
	type result struct {
		page *rest.Page
		err  error
	}
	ch := make(chan result)
	ctx, cancel := context.WithCancel(x.ctx)
	x.mu.Lock()
	x.cancels = append(x.cancels, cancel)
	x.mu.Unlock()
	go func() {
		defer close(ch)
		defer func() {
			if r := recover(); r != nil {
				select {
				case ch <- result{err: &Panic{Value: r, Stack: debug.Stack()}}:
				case <-ctx.Done():
				}
			}
		}()
		pager, err := x.client.Pages(req)
		if err == nil {
			pager.Concurrent(workers)
			defer pager.Close()
		}
		for err == nil {
			var p *rest.Page
			before := pager.Requests()
			p, err = pager.Next(ctx)
			x.addRequests(pager.Requests() - before)
			if err == nil {
				select {
				case ch <- result{page: p}:
					continue
				case <-ctx.Done():
					return
				}
			}
		}
		if err != io.EOF {
			select {
			case ch <- result{err: err}:
			case <-ctx.Done():
			}
		}
	}()
	var (
		page [][]driver.Value
		i    int
	)
	return func() ([]driver.Value, error) {
		for i >= len(page) {
			r, ok := <-ch
			if !ok {
				if err := x.ctx.Err(); err != nil {
					return nil, err // the fetcher stopped because the query was cancelled
				}
				return nil, io.EOF
			}
			if r.err != nil {
				if x.ctx.Err() != nil {
					return nil, x.ctx.Err()
				}
				return nil, rethrow(r.err)
			}
			page, i = r.page.Rows, 0
		}
		row := page[i]
		page[i] = nil
		i++
		return row, nil
	}
}

// pages yields the rows of a request, fetching each page when the rows
// before it are used up. A listing larger than the API's cap is split
// into time windows (see windowed).
func (x *executor) pages(req *rest.Request) iter {
	if w := req.Path.Window; w != nil && x.client.Paging(req.Path).Cap > 0 {
		return x.windowed(req, w, x.client.Paging(req.Path).Cap)
	}
	return x.pagesOf(req)
}

// windowed reads a capped listing (Aircall reaches at most 10,000 records
// per listing): when a window's first page reports more records than the
// cap, the window is bisected and each half read in turn, so every record
// comes exactly once. Bounds are inclusive whole seconds.
func (x *executor) windowed(req *rest.Request, w *schema.Window, limit int) iter {
	// The first request is the query's own: only a listing over the cap
	// is split, so small listings send the same requests whenever they run
	// (and replay from recorded fixtures).
	lo, hi := w.Start, today().Add(48*time.Hour).Unix()
	if v, err := strconv.ParseInt(req.Query.Get(w.From), 10, 64); err == nil {
		lo = max(lo, v)
	}
	if v, err := strconv.ParseInt(req.Query.Get(w.To), 10, 64); err == nil {
		hi = v
	}
	type span struct {
		lo, hi int64
		whole  bool // the request as the query made it
	}
	todo := []span{{lo, hi, true}}
	var cur iter
	return func() ([]driver.Value, error) {
		for {
			if cur != nil {
				row, err := cur()
				if err != io.EOF {
					return row, err
				}
				cur = nil
			}
			if len(todo) == 0 {
				return nil, io.EOF
			}
			sp := todo[0]
			todo = todo[1:]
			if sp.lo > sp.hi {
				continue
			}
			r := *req
			if !sp.whole {
				r.Query = url.Values{}
				for k, v := range req.Query {
					r.Query[k] = v
				}
				r.Query.Set(w.From, strconv.FormatInt(sp.lo, 10))
				r.Query.Set(w.To, strconv.FormatInt(sp.hi, 10))
			}
			pager, err := x.client.Pages(&r)
			if err != nil {
				return nil, err
			}
			first, err := pager.Next(x.ctx)
			x.addRequests(1)
			if err != nil {
				return nil, err
			}
			if first.Total > int64(limit) {
				if sp.lo == sp.hi {
					return nil, fmt.Errorf("%w: table %s: more than %d records in the one-second window %d; the API cannot list them all",
						ErrEval, req.Table.Name, limit, sp.lo)
				}
				mid := sp.lo + (sp.hi-sp.lo)/2
				todo = append([]span{{sp.lo, mid, false}, {mid + 1, sp.hi, false}}, todo...)
				continue
			}
			cur = x.continuePages(pager, first)
		}
	}
}

// today is midnight UTC of the current day: the upper bound of split
// listings, stable through the day.
func today() time.Time { return time.Now().UTC().Truncate(24 * time.Hour) }

// continuePages yields the rows of a page already fetched, then of the
// pager's next pages.
func (x *executor) continuePages(pager *rest.Pager, first *rest.Page) iter {
	page, i := first.Rows, 0
	return func() ([]driver.Value, error) {
		for i >= len(page) {
			before := pager.Requests()
			p, err := pager.Next(x.ctx)
			x.addRequests(pager.Requests() - before)
			if err != nil {
				return nil, err
			}
			page, i = p.Rows, 0
		}
		row := page[i]
		page[i] = nil
		i++
		return row, nil
	}
}

// pagesOf yields the rows of a request page by page.
func (x *executor) pagesOf(req *rest.Request) iter {
	var (
		pager *rest.Pager
		page  [][]driver.Value
		i     int
	)
	return func() ([]driver.Value, error) {
		for i >= len(page) {
			if pager == nil {
				var err error
				if pager, err = x.client.Pages(req); err != nil {
					return nil, err
				}
			}
			before := pager.Requests()
			p, err := pager.Next(x.ctx)
			x.addRequests(pager.Requests() - before)
			if err != nil {
				return nil, err
			}
			page, i = p.Rows, 0
		}
		row := page[i]
		page[i] = nil
		i++
		return row, nil
	}
}

// count reads the total of the first page of a one-row request; when the
// API reports none, it counts the rows.
func (x *executor) count(c *planner.Count, en *env) (iter, error) {
	if c.Scan.Empty {
		return values([][]driver.Value{{int64(0)}}), nil
	}
	req, ok, err := x.request(c.Scan, en)
	if err != nil {
		return nil, err
	}
	if !ok {
		return values([][]driver.Value{{int64(0)}}), nil
	}
	req.PageSize = 1
	u, err := x.client.URL(req)
	if err != nil {
		return nil, err
	}
	if n, ok := x.counts[u.String()]; ok {
		return values([][]driver.Value{{n}}), nil
	}
	pager, err := x.client.Pages(req)
	if err != nil {
		return nil, err
	}
	p, err := pager.Next(x.ctx)
	x.addRequests(1)
	if err != nil {
		return nil, err
	}
	if p.Total >= 0 {
		x.counts[u.String()] = p.Total
		return values([][]driver.Value{{p.Total}}), nil
	}
	req.PageSize = 0
	n, err := drain(x.pages(req))
	if err != nil {
		return nil, err
	}
	return values([][]driver.Value{{int64(len(n))}}), nil
}

// union runs the inputs one after the other; without ALL, it drops rows
// seen before.
func (x *executor) union(u *planner.Union, en *env) (iter, error) {
	i := 0
	var cur iter
	seen := map[string]bool{}
	return func() ([]driver.Value, error) {
		for {
			if cur == nil {
				if i >= len(u.Inputs) {
					return nil, io.EOF
				}
				var err error
				if cur, err = x.open(u.Inputs[i], en); err != nil {
					return nil, err
				}
				i++
			}
			row, err := cur()
			if err == io.EOF {
				cur = nil
				continue
			}
			if err != nil {
				return nil, err
			}
			if !u.All {
				k := rowKey(row)
				if seen[k] {
					continue
				}
				seen[k] = true
			}
			return row, nil
		}
	}, nil
}

// sortRows sorts by the keys: NULLs first ascending (as MySQL and SQLite
// do), stable, so ties keep their order.
func sortRows(rows [][]driver.Value, keys []planner.Order, en *env) error {
	type item struct {
		keys []driver.Value
		row  []driver.Value
	}
	items := make([]item, len(rows))
	for i, row := range rows {
		items[i] = item{keys: make([]driver.Value, len(keys)), row: row}
		for k, o := range keys {
			v, err := eval(o.Expr, row, en)
			if err != nil {
				return err
			}
			items[i].keys[k] = v
		}
	}
	slices.SortStableFunc(items, func(a, b item) int {
		for k, o := range keys {
			c := order(a.keys[k], b.keys[k])
			if o.Desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
	for i := range items {
		rows[i] = items[i].row
	}
	return nil
}

// order is a total order for sorting: NULL first, then by Compare; values
// that cannot be compared order by type.
func order(a, b driver.Value) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	if c, ok := Compare(a, b); ok {
		return c
	}
	return strings.Compare(fmt.Sprintf("%T", a), fmt.Sprintf("%T", b))
}

// rowKey encodes values so that equal rows (by SQL equality of each
// value) get equal keys; NULLs are equal to each other here, as DISTINCT
// and GROUP BY want.
func rowKey(row []driver.Value) string {
	var b strings.Builder
	for _, v := range row {
		writeKey(&b, v)
		b.WriteByte(0)
	}
	return b.String()
}

func writeKey(b *strings.Builder, v driver.Value) {
	switch x := v.(type) {
	case nil:
		b.WriteString("N")
	case int64:
		fmt.Fprintf(b, "i%d", x)
	case bool:
		i, _ := asInt(x)
		fmt.Fprintf(b, "i%d", i)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<62 {
			fmt.Fprintf(b, "i%d", int64(x))
		} else {
			fmt.Fprintf(b, "f%v", x)
		}
	case string:
		fmt.Fprintf(b, "s%d:%s", len(x), x)
	default:
		fmt.Fprintf(b, "t%v", x)
	}
}
