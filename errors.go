package saasapi

import (
	"errors"

	"github.com/saasapi/saasapi/auth"
	"github.com/saasapi/saasapi/cache"
	"github.com/saasapi/saasapi/dsn"
	"github.com/saasapi/saasapi/engine"
	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/providers"
	"github.com/saasapi/saasapi/rest"
)

// Errors for errors.Is, gathered from the packages that raise them. The
// typed errors behind them (*dsn.Error, *planner.Error, *rest.APIError) carry
// the property, table, column or request at fault; use errors.As to reach
// them.
var (
	// Connection string.
	ErrDSNSyntax       = dsn.ErrSyntax
	ErrUnknownProperty = dsn.ErrUnknownProperty
	ErrInvalidValue    = dsn.ErrInvalidValue
	ErrUnknownProfile  = providers.ErrUnknownProfile
	ErrUnknownSetting  = errUnknownSetting
	ErrMissingSetting  = errMissingSetting
	ErrAuthConfig      = auth.ErrConfig

	// Queries.
	ErrSyntax        = planner.ErrSyntax
	ErrUnknownTable  = planner.ErrUnknownTable
	ErrUnknownColumn = planner.ErrUnknownColumn
	ErrReadOnly      = planner.ErrReadOnly
	ErrUnsupported   = planner.ErrUnsupported
	ErrArgument      = planner.ErrArgument
	// ErrOutOfRange is integer arithmetic (+ - * DIV, unary minus, ABS,
	// FLOOR, CEIL, SUM) whose result does not fit 64 bits: the query
	// fails, naming the expression, instead of returning a wrapped value.
	ErrOutOfRange = planner.ErrOutOfRange
	// ErrTooManyRequests is a query stopped by MaxRequests: refused before
	// sending anything when its plan is estimated past the budget, or
	// stopped when it reaches it; the *engine.TooManyRequestsError behind
	// it names the estimate and the condition that would make the query
	// cheaper.
	ErrTooManyRequests = engine.ErrTooManyRequests

	// API answers.
	ErrUnauthorized = rest.ErrUnauthorized
	ErrForbidden    = rest.ErrForbidden
	ErrNotFound     = rest.ErrNotFound
	ErrRateLimited  = rest.ErrRateLimited
	ErrServer       = rest.ErrServer
	ErrBadResponse  = rest.ErrBadResponse
	ErrRedirect     = rest.ErrRedirect
	ErrPagination   = rest.ErrPagination

	// Cache and replication (docs/cache.md). ErrOffline: a query, with
	// Offline=true, over a table that was never cached. ErrNotReplicable:
	// a table that cannot be copied whole (a report). ErrSyncLocked: a
	// sync started while another of the same account into the same place
	// runs.
	ErrOffline       = planner.ErrOffline
	ErrNotReplicable = cache.ErrNotReplicable
	ErrSyncLocked    = cache.ErrLocked

	// ErrInternal is a panic inside saasapi, recovered at the boundary
	// where the program called in: the query fails with this error
	// (its text redacted of secrets) and the stack goes to the log. It
	// is always a bug; please report it.
	ErrInternal = errInternal
)

var errInternal = errors.New("internal error")
