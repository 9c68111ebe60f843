package planner

import "errors"

// Sentinels for errors.Is on an *Error.
var (
	ErrSyntax        = errors.New("syntax error")
	ErrUnknownTable  = errors.New("unknown table")
	ErrUnknownColumn = errors.New("unknown column")
	ErrReadOnly      = errors.New("read-only")
	ErrUnsupported   = errors.New("not supported")
	ErrArgument      = errors.New("bad argument")
	ErrType          = errors.New("type error")
	ErrAmbiguous     = errors.New("ambiguous column")
	ErrMissingKey    = errors.New("missing required key")
	// ErrOutOfRange is integer arithmetic (+ - * DIV, unary -, ABS,
	// FLOOR, CEIL, SUM) whose result does not fit a 64-bit integer: it
	// is an error, never a wrapped value.
	ErrOutOfRange = errors.New("integer out of range")
)

// Error is a query that cannot be planned. It names the table, column or
// construct at fault and, where it can, the fix.
type Error struct {
	Err    error  // one of the sentinels
	Table  string // table at fault, if any
	Column string // column at fault, if any
	Msg    string // the full message
}

// Error returns the message.
func (e *Error) Error() string { return e.Msg }

// Unwrap returns the sentinel.
func (e *Error) Unwrap() error { return e.Err }

func newError(kind error, msg string) *Error { return &Error{Err: kind, Msg: msg} }
