package rest

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// MaxRedirects is how many redirects on the API's own scheme and host one
// request follows.
const MaxRedirects = 10

// RedirectError is a redirect that was not followed: it left the scheme
// and host of the request it answered (where credentials would have
// followed it), or it was one too many. It matches [ErrRedirect].
type RedirectError struct {
	From   string // scheme://host of the request that was redirected
	To     string // scheme://host of the Location, without path or query
	Status int    // the redirect's HTTP status, 0 when unknown
	Hops   int    // redirects followed before this one
}

// Error names both hosts, never a path, query or credential.
func (e *RedirectError) Error() string {
	status := ""
	if e.Status != 0 {
		status = fmt.Sprintf(" (%d %s)", e.Status, http.StatusText(e.Status))
	}
	if e.Hops >= MaxRedirects && e.From == e.To {
		return fmt.Sprintf("redirect not followed: %s redirected more than %d times%s", e.From, MaxRedirects, status)
	}
	return fmt.Sprintf("redirect not followed: %s redirects to %s%s; saasapi sends credentials only to the API's own scheme and host, so it follows no redirect that leaves them (check BaseURL and any proxy or portal in between)",
		e.From, e.To, status)
}

// Is matches ErrRedirect.
func (e *RedirectError) Is(target error) bool { return target == ErrRedirect }

// CheckRedirect is the redirect policy of every HTTP client saasapi uses
// (an http.Client's CheckRedirect): a redirect is followed only when it
// keeps the scheme and host:port of the original request, at most
// MaxRedirects times; otherwise it returns a *RedirectError. Since the auth
// transports add credentials to every request they send, following a
// redirect elsewhere would hand them to another host.
func CheckRedirect(req *http.Request, via []*http.Request) error {
	if len(via) == 0 {
		return nil
	}
	first := via[0].URL
	status := 0
	if req.Response != nil {
		status = req.Response.StatusCode
	}
	if !SameOrigin(req.URL, first) {
		return &RedirectError{From: origin(first), To: origin(req.URL), Status: status, Hops: len(via) - 1}
	}
	if len(via) > MaxRedirects {
		return &RedirectError{From: origin(first), To: origin(req.URL), Status: status, Hops: len(via) - 1}
	}
	return nil
}

// SameOrigin reports whether two URLs have the same scheme and host:port
// (a default port written out or not is the same port).
func SameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) && port(a) == port(b)
}

func port(u *url.URL) string {
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

// origin is scheme://host of u, nothing else.
func origin(u *url.URL) string {
	return strings.ToLower(u.Scheme) + "://" + u.Host
}

// withRedirectPolicy returns a copy of hc (http.DefaultClient's settings
// when nil) whose CheckRedirect applies CheckRedirect before the one hc
// had.
func withRedirectPolicy(hc *http.Client) *http.Client {
	cp := http.Client{}
	if hc != nil {
		cp = *hc
	}
	user := cp.CheckRedirect
	cp.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if err := CheckRedirect(req, via); err != nil {
			return err
		}
		if user != nil {
			return user(req, via)
		}
		return nil
	}
	return &cp
}

// redirectError finds a *RedirectError in err (http.Client wraps it in a
// *url.Error, whose text holds the whole URL).
func redirectError(err error) (*RedirectError, bool) {
	var re *RedirectError
	return re, errors.As(err, &re)
}

// showURL is a URL as text fit for an error: without user information,
// with its query and fragment replaced, or a placeholder when it does
// not parse.
func showURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(an unparsable URL)"
	}
	if u.User != nil {
		u.User = url.User("REDACTED")
	}
	if u.RawQuery != "" || u.ForceQuery {
		u.RawQuery, u.ForceQuery = "REDACTED", false
	}
	if u.Fragment != "" {
		u.Fragment, u.RawFragment = "REDACTED", ""
	}
	return u.String()
}
