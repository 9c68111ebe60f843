package rest

import "context"

// A Gate decides, before each request is sent, whether it may be: a
// caller's own budget of requests (the engine's MaxRequests). Retries of a
// request pass the gate once.
type Gate struct {
	// Pass is called before each request: a request whose Pass returns
	// an error is not sent, and the error is the request's.
	Pass func() error
	// Left reports how many more requests Pass lets through; nil when it
	// does not know. A listing is cut into parts (which cost a partial
	// page each) only as far as what is left allows beyond its pages.
	Left func() int64
}

type gateKey struct{}

// WithGate returns a context whose requests each pass gate first.
func WithGate(ctx context.Context, gate Gate) context.Context {
	return context.WithValue(ctx, gateKey{}, gate)
}

// passGate runs the context's gate, if any.
func passGate(ctx context.Context) error {
	if g, ok := ctx.Value(gateKey{}).(Gate); ok && g.Pass != nil {
		return g.Pass()
	}
	return nil
}

// requestsLeft is how many more requests the context's gate lets through,
// and whether it says.
func requestsLeft(ctx context.Context) (int64, bool) {
	if g, ok := ctx.Value(gateKey{}).(Gate); ok && g.Left != nil {
		return g.Left(), true
	}
	return 0, false
}
