package engine

import (
	"database/sql/driver"
	"sync"

	"github.com/saasapi/saasapi/planner"
)

// partition is the listing of a partitioned scan, read once per query and
// hashed on the scan's partition columns.
type partition struct {
	rows  map[string][][]driver.Value
	modes []keyMode
}

// partitions holds the partitioned scans' listings of one query.
type partitions struct {
	mu sync.Mutex
	m  map[*planner.Scan]*partition
}

// partitioned opens a scan of a decorrelated subquery: the first opening
// reads the scan's listing (its request does not depend on the enclosing
// rows) and hashes the rows on the partition columns; each opening yields
// the rows whose columns equal the partition values for this opening,
// through the scan's filter, which checks them again.
func (x *executor) partitioned(s *planner.Scan, en *env) (iter, error) {
	vals := make([]driver.Value, len(s.Partition))
	for i, k := range s.Partition {
		v, err := eval(k.Value, nil, en)
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	x.parts.mu.Lock()
	p := x.parts.m[s]
	x.parts.mu.Unlock()
	if p == nil {
		req, ok, err := x.request(s, en)
		if err != nil {
			return nil, err
		}
		p = &partition{rows: map[string][][]driver.Value{}, modes: make([]keyMode, len(s.Partition))}
		cols := s.Columns()
		for i, k := range s.Partition {
			p.modes[i] = modeOf(cols[k.Column].Type, k.Value.Type())
		}
		if ok {
			rows, err := drain(x.pages(req))
			if err != nil {
				return nil, err
			}
			key := make([]driver.Value, len(s.Partition))
			for _, r := range rows {
				for i, k := range s.Partition {
					key[i] = r[k.Column]
				}
				if h, ok := joinKey(key, p.modes); ok {
					p.rows[h] = append(p.rows[h], r)
				}
			}
		}
		x.parts.mu.Lock()
		if x.parts.m == nil {
			x.parts.m = map[*planner.Scan]*partition{}
		}
		x.parts.m[s] = p
		x.parts.mu.Unlock()
	}
	h, ok := joinKey(vals, p.modes)
	if !ok {
		return eof, nil // NULL equals nothing
	}
	in := values(p.rows[h])
	if s.Filter == nil {
		return in, nil
	}
	return func() ([]driver.Value, error) {
		for {
			row, err := in()
			if err != nil {
				return nil, err
			}
			ok, err := truthOf(s.Filter, row, en)
			if err != nil {
				return nil, err
			}
			if ok {
				return row, nil
			}
		}
	}, nil
}
