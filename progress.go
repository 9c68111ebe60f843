package saasapi

import (
	"context"
	"time"

	"github.com/saasapi/saasapi/rest"
)

// Progress is what the queries run with a context of [WithProgress] have
// done so far, for a live display such as the CLI's.
type Progress struct {
	// Requests is the number of HTTP requests sent, retries included.
	Requests int64
	// Pages and Rows are the pages read from the API and the rows they
	// held (before the query's own filters).
	Pages, Rows int64
	// PagesLeft is the pages the listings being read still have to read,
	// by the totals the API announced on their first pages; PagesKnown is
	// false when none announced one (a cursor listing without totals).
	PagesLeft  int64
	PagesKnown bool
	// RateLimitWaits is how many requests waited for the account's rate
	// budget (the RateLimit property), and RateLimitWaited how long in all.
	RateLimitWaits  int64
	RateLimitWaited time.Duration
}

// WithProgress returns a context that counts the progress of the queries
// run with it (QueryContext, and the rows read from them), and a function
// that returns the counts so far. It is safe to call from another
// goroutine while the query runs:
//
//	ctx, progress := saasapi.WithProgress(ctx)
//	rows, err := db.QueryContext(ctx, "SELECT * FROM time_entries")
//	// elsewhere, every second: p := progress(); fmt.Println(p.Rows, p.Requests)
func WithProgress(ctx context.Context) (context.Context, func() Progress) {
	p := &rest.Progress{}
	return rest.WithProgress(ctx, p), func() Progress {
		s := p.Snapshot()
		return Progress{Requests: s.Requests, Pages: s.Pages, Rows: s.Rows, PagesLeft: s.PagesLeft, PagesKnown: s.PagesKnown,
			RateLimitWaits: s.RateLimitWaits, RateLimitWaited: s.RateLimitWaited}
	}
}
