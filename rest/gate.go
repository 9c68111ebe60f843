package rest

import "context"

// A gate decides, before each request is sent, whether it may be: a
// caller's own budget of requests (the engine's MaxRequests). Retries of a
// request pass the gate once.
type gateKey struct{}

// WithGate returns a context whose requests each pass gate first: a
// request whose gate returns an error is not sent, and the error is the
// request's.
func WithGate(ctx context.Context, gate func() error) context.Context {
	return context.WithValue(ctx, gateKey{}, gate)
}

// passGate runs the context's gate, if any.
func passGate(ctx context.Context) error {
	if g, ok := ctx.Value(gateKey{}).(func() error); ok && g != nil {
		return g()
	}
	return nil
}
