package engine

import (
	"database/sql/driver"
	"sync"

	"github.com/saasapi/saasapi/rest"
)

// shared holds the rows of requests that several scans of a query make
// (planner.Scan.Shared), from the first scan that runs until the last has
// read them.
type shared struct {
	mu sync.Mutex
	m  map[string]*sharedRows
}

type sharedRows struct {
	rows [][]driver.Value
	left int // scans still to read them
}

// sharedRowsOf returns the rows of a request that n scans of the query
// make: the first call reads them and keeps them for the n-1 others; the
// last call releases them.
func (x *executor) sharedRowsOf(req *rest.Request, n int) ([][]driver.Value, error) {
	u, err := x.client.URL(req)
	if err != nil {
		return nil, err
	}
	key := u.String()
	x.share.mu.Lock()
	r := x.share.m[key]
	if r != nil {
		r.left--
		if r.left <= 0 {
			delete(x.share.m, key)
		}
		x.share.mu.Unlock()
		return r.rows, nil
	}
	x.share.mu.Unlock()
	rows, err := drain(x.pages(req))
	if err != nil {
		return nil, err
	}
	x.share.mu.Lock()
	if x.share.m == nil {
		x.share.m = map[string]*sharedRows{}
	}
	x.share.m[key] = &sharedRows{rows: rows, left: n - 1}
	x.share.mu.Unlock()
	return rows, nil
}
