package engine

import (
	"context"
	"database/sql/driver"
	"io"

	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/rest"
)

// Session runs scans for a host query engine (the SQLite bridge): one
// session per statement, so that scans opened again with the same
// arguments (IN lists, joins) are answered from the responses already
// fetched.
type Session struct {
	x *executor
}

// NewSession starts a session whose requests run under ctx.
func NewSession(ctx context.Context, c *rest.Client) *Session {
	return &Session{x: &executor{ctx: ctx, client: c, cache: map[string][][]driver.Value{}, counts: map[string]int64{},
		subs: map[*planner.Subquery]*subResult{}}}
}

// Close stops the pages being fetched ahead for the session's scans.
func (s *Session) Close() { s.x.close() }

// SetContext replaces the context of later requests (a host engine that
// reuses a session across statements passes each statement's context).
func (s *Session) SetContext(ctx context.Context) { s.x.ctx = ctx }

// Requests reports how many HTTP requests the session has sent.
func (s *Session) Requests() int { return int(s.x.requests.Load()) }

// Rows iterates the rows of a scan.
type Rows struct {
	next iter
}

// Next returns the next row (one value per column of the table), or
// io.EOF after the last.
func (r *Rows) Next() ([]driver.Value, error) { return r.next() }

// Scan opens a scan planned by planner.PlanScan with the values of its
// used constraints. When cache is set, the rows of each distinct request
// are kept for the session and not fetched again.
func (s *Session) Scan(scan *planner.Scan, args []driver.Value, cache bool) (*Rows, error) {
	if scan == nil {
		return &Rows{next: eof}, io.ErrUnexpectedEOF
	}
	cp := *scan
	cp.Cached = cache
	it, err := s.x.scan(&cp, &env{row: args, x: s.x})
	if err != nil {
		return nil, err
	}
	return &Rows{next: it}, nil
}
