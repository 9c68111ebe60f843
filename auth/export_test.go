package auth

import (
	"net/http"
	"time"
)

// WithClock replaces time.Now, for tests of expiry.
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// NewCallbackHandler returns the handler of the interactive flow's
// redirect for state and path, and a function that reports what it handed
// to the flow.
func NewCallbackHandler(path, state string) (http.Handler, func() (code string, err error, handed bool)) {
	out := make(chan callbackResult, 1)
	h := &callbackHandler{path: path, state: state, out: out, done: make(chan struct{})}
	close(h.done)
	return h, func() (string, error, bool) {
		select {
		case r := <-out:
			return r.code, r.err, true
		default:
			return "", nil, false
		}
	}
}
