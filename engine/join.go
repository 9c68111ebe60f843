package engine

import (
	"database/sql/driver"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/rest"
	"github.com/saasapi/saasapi/schema"
)

// keyMode says how join key values are normalized so that values SQL
// calls equal hash alike.
type keyMode int

const (
	keyPlain   keyMode = iota // same types on both sides
	keyNumeric                // a number against text: read text as a number
	keyTime                   // a date or time against text: read text as a time
)

func isNumeric(t schema.Type) bool {
	return t == schema.TypeInteger || t == schema.TypeReal || t == schema.TypeBoolean
}

func isTime(t schema.Type) bool { return t == schema.TypeDate || t == schema.TypeTimestamp }

func modeOf(l, r schema.Type) keyMode {
	switch {
	case isNumeric(l) != isNumeric(r):
		return keyNumeric
	case isTime(l) != isTime(r):
		return keyTime
	}
	return keyPlain
}

// joinKey encodes key values; false when one is NULL (it matches nothing).
func joinKey(vals []driver.Value, modes []keyMode) (string, bool) {
	var b strings.Builder
	for i, v := range vals {
		if v == nil {
			return "", false
		}
		if s, ok := v.(string); ok {
			switch modes[i] {
			case keyNumeric:
				if f, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
					v = f
				}
			case keyTime:
				if t, err := schema.ParseTime(s); err == nil {
					v = t
				}
			}
		}
		writeKey(&b, v)
		b.WriteByte(0)
	}
	return b.String(), true
}

// join runs a hash join or a nested loop. For a LEFT JOIN a left row that
// matches nothing comes out once, with NULLs for the right columns.
func (x *executor) join(j *planner.Join, en *env) (iter, error) {
	left, err := x.open(j.Left, en)
	if err != nil {
		return nil, err
	}
	rightWidth := len(j.Right.Columns())
	// matches returns the right rows to try with a left row.
	var matches func(l []driver.Value) (iter, error)
	if j.Strategy == planner.NestedLoop {
		if scan, ok := j.Right.(*planner.Scan); ok && scan.Cached {
			if left, err = x.prefetchKeys(left, scan, en); err != nil {
				return nil, err
			}
		}
		matches = func(l []driver.Value) (iter, error) {
			return x.open(j.Right, &env{row: l, parent: en, x: x})
		}
	} else {
		in, err := x.open(j.Right, en)
		if err != nil {
			return nil, err
		}
		rows, err := drain(in)
		if err != nil {
			return nil, err
		}
		if len(j.LeftKeys) == 0 {
			matches = func([]driver.Value) (iter, error) { return values(rows), nil }
		} else {
			modes := make([]keyMode, len(j.LeftKeys))
			for i := range modes {
				modes[i] = modeOf(j.LeftKeys[i].Type(), j.RightKeys[i].Type())
			}
			table := map[string][][]driver.Value{}
			for _, r := range rows {
				vals := make([]driver.Value, len(j.RightKeys))
				for i, k := range j.RightKeys {
					if vals[i], err = eval(k, r, en); err != nil {
						return nil, err
					}
				}
				if key, ok := joinKey(vals, modes); ok {
					table[key] = append(table[key], r)
				}
			}
			matches = func(l []driver.Value) (iter, error) {
				vals := make([]driver.Value, len(j.LeftKeys))
				for i, k := range j.LeftKeys {
					v, err := eval(k, l, en)
					if err != nil {
						return nil, err
					}
					vals[i] = v
				}
				key, ok := joinKey(vals, modes)
				if !ok {
					return eof, nil
				}
				return values(table[key]), nil
			}
		}
	}
	var (
		cur     []driver.Value // the left row being joined
		cand    iter
		matched bool
	)
	return func() ([]driver.Value, error) {
		for {
			if cand == nil {
				l, err := left()
				if err != nil {
					return nil, err
				}
				if cand, err = matches(l); err != nil {
					return nil, err
				}
				cur, matched = l, false
			}
			r, err := cand()
			if err == io.EOF {
				cand = nil
				if j.Kind == planner.JoinLeft && !matched {
					return append(append(make([]driver.Value, 0, len(cur)+rightWidth), cur...), make([]driver.Value, rightWidth)...), nil
				}
				continue
			}
			if err != nil {
				return nil, err
			}
			row := append(append(make([]driver.Value, 0, len(cur)+len(r)), cur...), r...)
			if j.Cond != nil {
				ok, err := truthOf(j.Cond, row, en)
				if err != nil {
					return nil, err
				}
				if !ok {
					continue
				}
			}
			matched = true
			return row, nil
		}
	}, nil
}

// Fetching the inner side of a nested loop ahead of the loop.
const (
	prefetchRows    = 1000 // outer rows read ahead at most
	prefetchWorkers = 4    // requests in flight at once (the throttle still spaces them)
)

// prefetchKeys reads up to prefetchRows outer rows ahead and fetches the
// distinct inner requests they need concurrently into the query's cache,
// so the loop that follows finds them there instead of waiting for one
// round trip per key. It returns the outer rows, read-ahead first.
func (x *executor) prefetchKeys(left iter, scan *planner.Scan, en *env) (iter, error) {
	var buf [][]driver.Value
	done := false
	for len(buf) < prefetchRows {
		row, err := left()
		if err == io.EOF {
			done = true
			break
		}
		if err != nil {
			return nil, err
		}
		buf = append(buf, row)
	}
	var todo []*rest.Request
	seen := map[string]bool{}
	for _, row := range buf {
		req, ok, err := x.request(scan, &env{row: row, parent: en, x: x})
		if err != nil || !ok {
			continue // the loop reports errors itself, in order
		}
		u, err := x.client.URL(req)
		if err != nil || seen[u.String()] || x.cache[u.String()] != nil {
			continue
		}
		seen[u.String()] = true
		todo = append(todo, req)
	}
	if len(todo) > 1 {
		type result struct {
			key  string
			rows [][]driver.Value
		}
		jobs := make(chan *rest.Request)
		results := make(chan result)
		var wg sync.WaitGroup
		for range min(prefetchWorkers, len(todo)) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for req := range jobs {
					u, _ := x.client.URL(req)
					rows, err := protect(func() ([][]driver.Value, error) { return drain(x.pagesOf(req)) })
					if err != nil {
						continue // fetched again, and reported, by the loop
					}
					results <- result{key: u.String(), rows: rows}
				}
			}()
		}
		go func() {
			defer close(jobs)
			for _, r := range todo {
				select {
				case jobs <- r:
				case <-x.ctx.Done():
					return
				}
			}
		}()
		go func() {
			wg.Wait()
			close(results)
		}()
		for r := range results {
			x.cache[r.key] = r.rows
		}
	}
	i := 0
	return func() ([]driver.Value, error) {
		if i < len(buf) {
			i++
			return buf[i-1], nil
		}
		if done {
			return nil, io.EOF
		}
		return left()
	}, nil
}
