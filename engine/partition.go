package engine

import (
	"database/sql/driver"
	"fmt"
	"sync"

	"github.com/saasapi/saasapi/planner"
)

// partition is the listing of a partitioned scan, read once per query and
// hashed on the scan's partition columns.
type partition struct {
	rows  map[string][][]driver.Value
	modes []keyMode
}

// partitions holds the partitioned scans' listings of one query, by
// request and partition columns: scans that make the same request and
// hash it alike (the same subquery twice) read it once.
type partitions struct {
	mu sync.Mutex
	m  map[string]*partition
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
	req, ok, err := x.request(s, en)
	if err != nil {
		return nil, err
	}
	u, err := x.client.URL(req)
	if err != nil {
		return nil, err
	}
	id := u.String()
	for _, k := range s.Partition {
		id += fmt.Sprintf("#%d", k.Column)
	}
	x.parts.mu.Lock()
	p := x.parts.m[id]
	x.parts.mu.Unlock()
	if p == nil {
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
			x.parts.m = map[string]*partition{}
		}
		x.parts.m[id] = p
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
