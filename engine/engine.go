package engine

import (
	"context"
	"database/sql/driver"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

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
}

// Result streams the rows of a query. Rows are produced on demand: a scan
// fetches the next page only when the rows before it are consumed, and
// stops as soon as LIMIT is satisfied.
type Result struct {
	Columns []Column
	next    func() ([]driver.Value, error)
	// Requests reports how many HTTP requests the query has sent so far.
	Requests func() int
}

// Next returns the next row, or io.EOF after the last.
func (r *Result) Next() ([]driver.Value, error) { return r.next() }

// Execute runs a planned query. ctx governs every request the query sends,
// including those made by later calls to Next.
func Execute(ctx context.Context, c *rest.Client, q *planner.Query, opt Options) (*Result, error) {
	switch q.Kind {
	case planner.KindShow:
		return showTables(c.Provider()), nil
	case planner.KindDescribe:
		return describe(q.Table), nil
	case planner.KindExplain:
		return explain(c, q.Explained)
	}
	req := request(q.Scan)
	pager, err := c.Pages(req)
	if err != nil {
		return nil, err
	}
	s := &scanner{ctx: ctx, pager: pager}
	res := &Result{Requests: pager.Requests}
	for _, o := range q.Output {
		nullable := true
		if col, ok := o.Expr.(*planner.Col); ok && q.Table.Columns[col.Index].Key {
			nullable = false
		}
		res.Columns = append(res.Columns, Column{Name: o.Name, Type: o.Expr.Type(), Nullable: nullable})
	}
	filtered := func() ([]driver.Value, error) {
		for {
			row, err := s.next()
			if err != nil {
				return nil, err
			}
			if q.Filter != nil {
				ok, err := Truth(q.Filter, row)
				if err != nil {
					return nil, err
				}
				if !ok {
					continue
				}
			}
			return row, nil
		}
	}
	project := func(row []driver.Value) ([]driver.Value, error) {
		out := make([]driver.Value, len(q.Output))
		for i, o := range q.Output {
			v, err := Eval(o.Expr, row)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	}
	var source func() ([]driver.Value, error) // projected rows, in order
	if len(q.OrderBy) > 0 {
		source, err = sorted(filtered, project, q.OrderBy)
		if err != nil {
			return nil, err
		}
	} else {
		source = func() ([]driver.Value, error) {
			row, err := filtered()
			if err != nil {
				return nil, err
			}
			return project(row)
		}
	}
	if q.Distinct {
		source = distinct(source)
	}
	limit := q.Limit
	if opt.MaxRows > 0 && (limit < 0 || limit > opt.MaxRows) {
		limit = opt.MaxRows
	}
	skip, emitted := q.Offset, int64(0)
	next := func() ([]driver.Value, error) {
		if limit >= 0 && emitted >= limit {
			return nil, io.EOF
		}
		for ; skip > 0; skip-- {
			if _, err := source(); err != nil {
				return nil, err
			}
		}
		row, err := source()
		if err != nil {
			return nil, err
		}
		emitted++
		return row, nil
	}
	// Read the first row now, so that a failing first request (bad
	// credentials, a missing table) is the query's error rather than a
	// surprise at the first Next.
	first, err := next()
	if err != nil && err != io.EOF {
		return nil, err
	}
	pending := true
	res.next = func() ([]driver.Value, error) {
		if pending {
			pending = false
			return first, err
		}
		return next()
	}
	return res, nil
}

// request turns a planned scan into a REST request.
func request(s *planner.Scan) *rest.Request {
	return &rest.Request{Table: s.Table, Path: s.Path, Keys: s.Keys, Query: s.Params, PageSize: s.PageSize}
}

// scanner yields the rows of a pager one by one, fetching a page only
// when the previous one is used up.
type scanner struct {
	ctx   context.Context
	pager *rest.Pager
	page  [][]driver.Value
	i     int
}

func (s *scanner) next() ([]driver.Value, error) {
	for s.i >= len(s.page) {
		p, err := s.pager.Next(s.ctx)
		if err != nil {
			return nil, err
		}
		s.page, s.i = p.Rows, 0
	}
	row := s.page[s.i]
	s.page[s.i] = nil // let the row go once delivered
	s.i++
	return row, nil
}

// sorted reads every row, sorts by the keys (NULLs first ascending, as in
// MySQL and SQLite; stable, so ties keep the API's order) and returns the
// projected rows in order.
func sorted(in func() ([]driver.Value, error), project func([]driver.Value) ([]driver.Value, error), keys []planner.Order) (func() ([]driver.Value, error), error) {
	type item struct{ keys, out []driver.Value }
	var items []item
	for {
		row, err := in()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		it := item{keys: make([]driver.Value, len(keys))}
		for i, k := range keys {
			if it.keys[i], err = Eval(k.Expr, row); err != nil {
				return nil, err
			}
		}
		if it.out, err = project(row); err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	slices.SortStableFunc(items, func(a, b item) int {
		for i, k := range keys {
			c := order(a.keys[i], b.keys[i])
			if k.Desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
	i := 0
	return func() ([]driver.Value, error) {
		if i >= len(items) {
			return nil, io.EOF
		}
		i++
		return items[i-1].out, nil
	}, nil
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

// distinct drops rows equal to one already returned.
func distinct(in func() ([]driver.Value, error)) func() ([]driver.Value, error) {
	seen := map[string]bool{}
	return func() ([]driver.Value, error) {
		for {
			row, err := in()
			if err != nil {
				return nil, err
			}
			k := rowKey(row)
			if !seen[k] {
				seen[k] = true
				return row, nil
			}
		}
	}
}

// rowKey encodes a row so that equal rows (by SQL equality of each value)
// get equal keys.
func rowKey(row []driver.Value) string {
	var b strings.Builder
	for _, v := range row {
		switch x := v.(type) {
		case nil:
			b.WriteString("N")
		case int64:
			fmt.Fprintf(&b, "i%d", x)
		case bool:
			i, _ := asInt(x)
			fmt.Fprintf(&b, "i%d", i)
		case float64:
			if x == math.Trunc(x) && math.Abs(x) < 1<<62 {
				fmt.Fprintf(&b, "i%d", int64(x))
			} else {
				fmt.Fprintf(&b, "f%v", x)
			}
		case string:
			fmt.Fprintf(&b, "s%d:%s", len(x), x)
		default:
			fmt.Fprintf(&b, "t%v", x)
		}
		b.WriteByte(0)
	}
	return b.String()
}
