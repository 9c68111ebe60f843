package auth

import (
	"fmt"
	"io"
	"net/http"
)

// oauthTransport adds the OAuth access token of a client to each request.
// On a 401 it gets a new token once (refreshing it, or reading the one
// another process stored) and, for requests without a body (GET, HEAD),
// sends the request again.
type oauthTransport struct {
	c     *client
	base  http.RoundTripper
	scope scope
}

// RoundTrip sends a copy of r with the token; the caller's request is not
// modified.
func (t *oauthTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if !t.scope.allows(r.URL) {
		return nil, t.scope.refuse(r)
	}
	ctx := r.Context()
	tok, err := t.c.token(ctx, "")
	if err != nil {
		closeBody(r)
		return nil, err
	}
	resp, err := t.send(r, tok)
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		return resp, err
	}
	next, err := t.c.token(ctx, tok.AccessToken)
	if err != nil {
		drain(resp)
		return nil, err
	}
	if !replayable(r) {
		return resp, nil // the next request uses the new token
	}
	drain(resp)
	return t.send(r, next)
}

// String does not show the token.
func (t *oauthTransport) String() string { return "auth.oauthTransport{" + t.c.profile + "}" }

// Format does not show the token, whatever the verb.
func (t *oauthTransport) Format(f fmt.State, verb rune) { redactedFormat(f, verb, t.String()) }

func (t *oauthTransport) send(r *http.Request, tok *token) (*http.Response, error) {
	r2 := r.Clone(r.Context())
	r2.Header.Set("Authorization", tok.authorization())
	return t.base.RoundTrip(r2)
}

// replayable reports whether r can be sent twice: a GET or HEAD without a
// body.
func replayable(r *http.Request) bool {
	return (r.Method == "" || r.Method == http.MethodGet || r.Method == http.MethodHead) &&
		(r.Body == nil || r.Body == http.NoBody)
}

func closeBody(r *http.Request) {
	if r.Body != nil {
		r.Body.Close()
	}
}

// drain reads a little of the body, so the connection can be reused, and
// closes it.
func drain(resp *http.Response) {
	io.CopyN(io.Discard, resp.Body, 64<<10)
	resp.Body.Close()
}
