package auth

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// ErrCredentialHost is a request that a transport of [New] refused to
// send, because it would carry the account's credentials to a scheme and
// host that are not the API's (or, for the Harvest account lookup, the
// account service's), or over plain http to a host that is not loopback.
var ErrCredentialHost = errors.New("credentials refused for this host")

// ErrRedirect is a redirect that the HTTP clients of this package (token
// endpoint, Harvest account lookup) did not follow, because it left the
// scheme and host of the request. The driver replaces this policy with
// rest.CheckRedirect ([WithCheckRedirect]), whose errors match
// saasapi.ErrRedirect.
var ErrRedirect = errors.New("redirect not followed")

// WithAPIBase names the API's base URL (the driver passes the one
// rest.ResolveBaseURL decided): the transports of [New] attach credentials
// only to requests on its scheme and host:port. Without it, New derives it
// from ProfileSettings BaseURL or the profile's base URL.
func WithAPIBase(u *url.URL) Option {
	return func(o *options) {
		if u != nil {
			cp := *u
			o.apiBase = &cp
		}
	}
}

// WithCheckRedirect sets the redirect policy (an http.Client's
// CheckRedirect) of the HTTP clients this package makes for the token
// endpoint and the Harvest account lookup. By default they follow a
// redirect only on the request's own scheme and host, at most 10 times.
func WithCheckRedirect(f func(req *http.Request, via []*http.Request) error) Option {
	return func(o *options) { o.checkRedirect = f }
}

// scope is where a transport may attach credentials: the listed origins,
// over https or to a loopback host.
type scope struct {
	origins []*url.URL
}

func (s scope) allows(u *url.URL) bool {
	if !strings.EqualFold(u.Scheme, "https") && !(strings.EqualFold(u.Scheme, "http") && loopback(u.Hostname())) {
		return false
	}
	for _, o := range s.origins {
		if sameOrigin(o, u) {
			return true
		}
	}
	return false
}

// refuse is the error of a request outside the scope.
func (s scope) refuse(r *http.Request) error {
	closeBody(r)
	var allowed []string
	for _, o := range s.origins {
		allowed = append(allowed, originOf(o))
	}
	if len(allowed) == 0 {
		return fmt.Errorf("%w: the API's base URL is unknown, so a request to %s would carry credentials anywhere; set ProfileSettings BaseURL",
			ErrCredentialHost, originOf(r.URL))
	}
	return fmt.Errorf("%w: a request to %s would carry the credentials meant for %s; not sent",
		ErrCredentialHost, originOf(r.URL), strings.Join(allowed, ", "))
}

func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) && portOf(a) == portOf(b)
}

func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}

func originOf(u *url.URL) string { return strings.ToLower(u.Scheme) + "://" + u.Host }

func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// sameOriginRedirects is the default redirect policy of this package's
// HTTP clients.
func sameOriginRedirects(req *http.Request, via []*http.Request) error {
	if len(via) == 0 {
		return nil
	}
	if !sameOrigin(req.URL, via[0].URL) {
		return fmt.Errorf("%w: %s redirects to %s; credentials go only to the endpoint's own scheme and host", ErrRedirect, originOf(via[0].URL), originOf(req.URL))
	}
	if len(via) > 10 {
		return fmt.Errorf("%w: %s redirected more than 10 times", ErrRedirect, originOf(via[0].URL))
	}
	return nil
}

// guarded returns a copy of hc (a new client over base when nil) with
// the redirect policy of o.
func (o options) guarded(hc *http.Client, base http.RoundTripper) *http.Client {
	cp := http.Client{Transport: base}
	if hc != nil {
		cp = *hc
	}
	check := o.checkRedirect
	if check == nil {
		check = sameOriginRedirects
	}
	user := cp.CheckRedirect
	cp.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if err := check(req, via); err != nil {
			return err
		}
		if user != nil {
			return user(req, via)
		}
		return nil
	}
	return &cp
}

// apiScope is the scope of the credentials of New: the API's base URL,
// given or derived, and the Harvest account service when the transport
// looks the account up. A base URL that cannot be derived leaves a scope
// that refuses every request.
func apiScope(o options, baseURL string, extra ...string) scope {
	var s scope
	if o.apiBase != nil {
		s.origins = append(s.origins, o.apiBase)
	} else if u, err := url.Parse(baseURL); err == nil && u.Host != "" {
		s.origins = append(s.origins, u)
	}
	for _, e := range extra {
		if u, err := url.Parse(e); err == nil && u.Host != "" {
			s.origins = append(s.origins, u)
		}
	}
	return s
}

// redactedFormat writes s for every fmt verb, so that %v, %+v, %#v, %s
// and %q all print the same text without secrets.
func redactedFormat(f fmt.State, verb rune, s string) {
	if verb == 'q' {
		s = strconv.Quote(s)
	}
	io.WriteString(f, s)
}
