package rest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Sentinels for errors.Is on an *APIError.
var (
	ErrUnauthorized = errors.New("unauthorized")     // 401
	ErrForbidden    = errors.New("forbidden")        // 403
	ErrNotFound     = errors.New("not found")        // 404
	ErrRateLimited  = errors.New("rate limited")     // 429
	ErrServer       = errors.New("server error")     // 5xx
	ErrBadResponse  = errors.New("invalid response") // malformed, oversized or unexpected body
	// ErrRedirect is a redirect that would leave the API's scheme and
	// host (or exceed 10 hops): it is not followed, so no credential
	// reaches another host.
	ErrRedirect = errors.New("redirect not followed")
	// ErrPagination is a listing the API did not page consistently: a
	// next link or page seen before (a cycle), more pages than its
	// counters allow, a run of empty pages, or an end before its
	// counters say the listing ends.
	ErrPagination = errors.New("inconsistent pagination")
)

// APIError is a non-2xx answer of a provider's API.
type APIError struct {
	Provider   string        // profile name ("harvest")
	Method     string        // HTTP method
	Path       string        // URL path and query, secrets removed
	Status     int           // HTTP status code
	Code       string        // the API's error code, when its body has one ("invalid_token")
	Message    string        // the API's message, when its body has one
	RetryAfter time.Duration // from Retry-After, when present
	Hint       string        // what to check, for authentication failures
}

// Error names the provider, request, status and the API's message.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s %s: %d %s", e.Provider, e.Method, e.Path, e.Status, http.StatusText(e.Status))
	if e.Code != "" && e.Code != e.Message {
		fmt.Fprintf(&b, ": %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	if e.Hint != "" && (e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden) {
		fmt.Fprintf(&b, " (%s)", e.Hint)
	}
	return b.String()
}

// Is matches the sentinel of the status class.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.Status == http.StatusUnauthorized
	case ErrForbidden:
		return e.Status == http.StatusForbidden
	case ErrNotFound:
		return e.Status == http.StatusNotFound
	case ErrRateLimited:
		return e.Status == http.StatusTooManyRequests
	case ErrServer:
		return e.Status >= 500
	}
	return false
}

// maxErrorBody bounds how much of an error body is read.
const maxErrorBody = 64 << 10

// newAPIError turns a non-2xx response into an *APIError, reading the
// API's message from the JSON paths the provider declares. The body is
// read through a size limit; an HTML or empty body leaves Message empty.
func (c *Client) newAPIError(resp *http.Response, method, path string) *APIError {
	e := &APIError{
		Provider:   c.provider.Name,
		Method:     method,
		Path:       path,
		Status:     resp.StatusCode,
		RetryAfter: retryAfter(resp.Header, time.Now()),
		Hint:       c.provider.Auth.Hint,
	}
	body, _ := readLimited(resp.Body, maxErrorBody)
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return e
	}
	var m map[string]any
	if json.Unmarshal(body, &m) != nil {
		return e
	}
	if code, ok := m["error"].(string); ok {
		e.Code = code
	}
	for _, p := range c.provider.ErrorMessage {
		if s, ok := lookup(m, p).(string); ok && s != "" {
			e.Message = c.redact(s)
			break
		}
	}
	return e
}

// lookup follows a dotted path through decoded JSON objects.
func lookup(v any, path string) any {
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// retryAfter reads Retry-After as seconds or an HTTP date.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
