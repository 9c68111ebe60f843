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
	// Estimate is the planner's estimate of the query's requests; -1 for
	// a statement another engine planned (the SQLite bridge).
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
	if e.Estimate < 0 {
		return fmt.Sprintf("%v: the statement stopped after %d requests, the MaxRequests=%d budget; %s",
			ErrTooManyRequests, e.Sent, e.Max, e.Hint)
	}
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
	return gate(ctx, max, est, planner.Cheaper(q.Root)), nil
}

// gate returns a context whose requests stop at max.
func gate(ctx context.Context, max int, est float64, hint string) context.Context {
	var sent atomic.Int64
	return rest.WithGate(ctx, rest.Gate{
		Pass: func() error {
			if n := sent.Add(1); n > int64(max) {
				sent.Add(-1)
				return &TooManyRequestsError{Max: max, Estimate: est, Sent: max, Hint: hint}
			}
			return nil
		},
		Left: func() int64 { return int64(max) - sent.Load() },
	})
}

// StatementBudget returns a context whose requests stop at max (0: ctx
// itself), for a statement planned by another engine (the SQLite bridge):
// there is no estimate to refuse it by, only the cap while it runs, whose
// error is a *TooManyRequestsError.
func StatementBudget(ctx context.Context, max int) context.Context {
	if max <= 0 {
		return ctx
	}
	return gate(ctx, max, -1, "a condition the API applies would make it cheaper (the tables' docs name them; EXPLAIN QUERY PLAN shows which were sent)")
}
