package engine

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/rest"
)

// ErrTooManyRequests is a query that would send, or has sent, as many
// requests as Options.MaxRequests (the DSN's MaxRequests) allows; the
// error is a *TooManyRequestsError.
var ErrTooManyRequests = errors.New("too many requests")

// TooManyRequestsError is a query stopped by its request budget: before
// sending anything when its plan is estimated past it, or when it
// reaches it while running.
type TooManyRequestsError struct {
	// Max is the budget (MaxRequests).
	Max int
	// Estimate is the planner's estimate of the query's requests.
	Estimate float64
	// Sent is how many requests the query had sent when it stopped (0
	// when it was refused before sending).
	Sent int
	// Hint names the costliest part of the plan and the conditions that
	// would make it cheaper.
	Hint string
}

// Error says what happened and what would make the query cheaper.
func (e *TooManyRequestsError) Error() string {
	if e.Sent == 0 {
		return fmt.Sprintf("%v: the plan is estimated at %g requests, more than MaxRequests=%d allows; nothing was sent; %s (EXPLAIN shows the plan)",
			ErrTooManyRequests, e.Estimate, e.Max, e.Hint)
	}
	return fmt.Sprintf("%v: the query stopped after %d requests, the MaxRequests=%d budget (its plan was estimated at %g); %s (EXPLAIN shows the plan)",
		ErrTooManyRequests, e.Sent, e.Max, e.Estimate, e.Hint)
}

// Is matches ErrTooManyRequests.
func (e *TooManyRequestsError) Is(target error) bool { return target == ErrTooManyRequests }

// budget checks a query's plan against opt.MaxRequests and, when there is
// a budget, returns a context whose requests stop at it.
func budget(ctx context.Context, q *planner.Query, max int) (context.Context, error) {
	if max <= 0 || q.Kind != planner.KindSelect {
		return ctx, nil
	}
	est := planner.EstimateRequests(q.Root)
	if est > float64(max) {
		return nil, &TooManyRequestsError{Max: max, Estimate: est, Hint: planner.Cheaper(q.Root)}
	}
	var sent atomic.Int64
	return rest.WithGate(ctx, rest.Gate{
		Pass: func() error {
			if n := sent.Add(1); n > int64(max) {
				sent.Add(-1)
				return &TooManyRequestsError{Max: max, Estimate: est, Sent: max, Hint: planner.Cheaper(q.Root)}
			}
			return nil
		},
		Left: func() int64 { return int64(max) - sent.Load() },
	}), nil
}
