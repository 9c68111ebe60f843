package rest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/saasapi/saasapi/schema"
)

// UserAgent is sent with every request unless Config.UserAgent overrides it.
// Harvest requires one naming the application and a contact.
const UserAgent = "saasapi (https://github.com/saasapi/saasapi)"

// DefaultMaxBody bounds the size of one response body.
const DefaultMaxBody = 64 << 20

// Config configures a Client.
type Config struct {
	// Provider is the API's profile.
	Provider *schema.Provider
	// Settings are the ProfileSettings values by their declared names.
	Settings map[string]string
	// HTTPClient sends the requests; its transport adds authentication.
	// Nil means http.DefaultClient.
	HTTPClient *http.Client
	// UserAgent overrides the default User-Agent.
	UserAgent string
	// Logger receives one line per request (method, URL without secrets,
	// status, duration). Nil discards.
	Logger *slog.Logger
	// PageSize is the page size to request; 0 means the provider's maximum.
	PageSize int
	// MaxBody bounds a response body in bytes; 0 means DefaultMaxBody.
	MaxBody int64
	// MaxRetries is how often a GET is retried after a 429, a 5xx or a
	// network error; 0 means 3, negative means never.
	MaxRetries int
	// MaxRetryWait caps the wait before one retry; 0 means 30s.
	MaxRetryWait time.Duration
	// RateLimit overrides the provider's documented budget; nil means the
	// provider's, which applies to its own hosts only: a loopback BaseURL
	// (the sandbox, a local replay) is not throttled.
	RateLimit *schema.RateLimit
	// NoRateLimit turns the budget off (the API's 429s are still
	// honoured).
	NoRateLimit bool
	// Account identifies the API account beyond the provider, base URL
	// and settings (a fingerprint of the credentials, never the
	// credentials): clients of the same account in the process share one
	// rate budget.
	Account string
}

// Client sends the requests of one provider account.
type Client struct {
	provider  *schema.Provider
	base      *url.URL
	headers   http.Header
	http      *http.Client
	ua        string
	log       *slog.Logger
	pageSize  int
	maxBody   int64
	retries   int
	retryWait time.Duration
	secrets   []string
	account   string    // the key of the account's budgets
	throttle  *throttle // nil: no budget
}

var placeholder = regexp.MustCompile(`\{([^{}]*)\}`)

// ErrConfig is wrapped by errors in a Client's configuration.
var ErrConfig = errors.New("invalid configuration")

// New checks cfg and returns a Client. The base URL is the provider's,
// templated from the settings, or the BaseURL setting, which must be https
// unless its host is a loopback address.
func New(cfg Config) (*Client, error) {
	p := cfg.Provider
	if p == nil {
		return nil, fmt.Errorf("rest: %w: no provider", ErrConfig)
	}
	c := &Client{
		provider:  p,
		http:      cfg.HTTPClient,
		ua:        cfg.UserAgent,
		log:       cfg.Logger,
		pageSize:  cfg.PageSize,
		maxBody:   cfg.MaxBody,
		retries:   cfg.MaxRetries,
		retryWait: cfg.MaxRetryWait,
		headers:   http.Header{},
	}
	c.http = withRedirectPolicy(c.http)
	if c.ua == "" {
		c.ua = UserAgent
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxBody
	}
	switch {
	case c.retries == 0:
		c.retries = 3
	case c.retries < 0:
		c.retries = 0
	}
	if c.retryWait <= 0 {
		c.retryWait = 30 * time.Second
	}
	if max := p.Paging.MaxPageSize; max > 0 && c.pageSize > max {
		return nil, fmt.Errorf("rest: %w: Pagesize %d is larger than %s allows (at most %d)", ErrConfig, c.pageSize, p.Name, max)
	}
	for k, v := range cfg.Settings {
		if s, ok := p.Setting(k); ok && s.Secret && v != "" {
			c.secrets = append(c.secrets, v)
		}
	}
	u, err := ResolveBaseURL(p, cfg.Settings)
	if err != nil {
		return nil, err
	}
	c.base = u
	c.account = accountKey(p, u, cfg.Settings, cfg.Account)
	switch {
	case cfg.NoRateLimit:
	case cfg.RateLimit != nil:
		c.throttle = budgetFor(c.account, *cfg.RateLimit)
	case !isLoopback(u.Hostname()):
		c.throttle = budgetFor(c.account, p.RateLimit)
	}
	for k, v := range p.Headers {
		hv, err := expand(v, cfg.Settings, p)
		if err != nil {
			return nil, err
		}
		c.headers.Set(k, hv)
	}
	return c, nil
}

// ResolveBaseURL returns the API's base URL: the provider's, templated
// from the settings, or the BaseURL setting. It must be an absolute
// https URL (http only for a loopback host) without credentials, query or
// fragment: only its scheme and host ever receive the account's
// credentials. Errors show the URL without its user information and
// query.
func ResolveBaseURL(p *schema.Provider, settings map[string]string) (*url.URL, error) {
	base := p.BaseURL
	if v := settings["BaseURL"]; v != "" {
		base = v
	}
	expanded, err := expand(base, settings, p)
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(strings.TrimRight(expanded, "/"))
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("rest: %w: ProfileSettings BaseURL %q is not an absolute http(s) URL", ErrConfig, showURL(expanded))
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("rest: %w: ProfileSettings BaseURL %q: plain http is only allowed for loopback hosts; use https", ErrConfig, showURL(expanded))
	}
	if u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return nil, fmt.Errorf("rest: %w: ProfileSettings BaseURL %q must not hold credentials, a query or a fragment", ErrConfig, showURL(expanded))
	}
	if strings.ContainsAny(u.Host, "@/\\") {
		return nil, fmt.Errorf("rest: %w: ProfileSettings BaseURL %q has an invalid host", ErrConfig, showURL(expanded))
	}
	return u, nil
}

// expand fills {Setting} placeholders; a missing setting is an error naming it.
func expand(tmpl string, settings map[string]string, p *schema.Provider) (string, error) {
	var missing []string
	out := placeholder.ReplaceAllStringFunc(tmpl, func(m string) string {
		name := m[1 : len(m)-1]
		v := settings[name]
		if v == "" {
			missing = append(missing, name)
		}
		return v
	})
	if len(missing) > 0 {
		doc := ""
		if s, ok := p.Setting(missing[0]); ok && s.Doc != "" {
			doc = " (" + s.Doc + ")"
		}
		return "", fmt.Errorf("rest: %w: ProfileSettings is missing %s%s; add it as ProfileSettings='%s=…'",
			ErrConfig, strings.Join(missing, ", "), doc, missing[0])
	}
	return out, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Format prints the client as its provider and API host, whatever the
// verb (%v, %+v, %#v, %s, %q): never its headers or secrets.
func (c *Client) Format(f fmt.State, verb rune) {
	s := "rest.Client{" + c.provider.Name + " " + origin(c.base) + "}"
	if verb == 'q' {
		s = strconv.Quote(s)
	}
	io.WriteString(f, s)
}

// String returns the provider and API host.
func (c *Client) String() string { return fmt.Sprint(c) }

// ShowURL returns u as text for EXPLAIN and errors: without user
// information, with credential-like query parameters and every secret
// setting replaced by REDACTED.
func (c *Client) ShowURL(u *url.URL) string { return c.redactURL(u) }

// Provider returns the client's provider.
func (c *Client) Provider() *schema.Provider { return c.provider }

// PageSize returns the page size requested by default.
func (c *Client) PageSize() int {
	if c.pageSize > 0 {
		return c.pageSize
	}
	return c.provider.Paging.MaxPageSize
}

// Request is one planned request: an access path with its keys bound and
// the query parameters of the pushed filters.
type Request struct {
	Table *schema.Table
	Path  *schema.AccessPath
	// Keys fill the path's placeholders, formatted.
	Keys map[string]string
	// Query holds the pushed filters' parameters.
	Query url.Values
	// PageSize overrides the client's page size for the first page; 0
	// means the client's.
	PageSize int
	// Fields are the attributes to ask for, where the path has a Fields
	// parameter (projection); empty means the API's default.
	Fields []string
}

// URL returns the absolute URL of the request's first page.
func (c *Client) URL(r *Request) (*url.URL, error) {
	var missing string
	path := placeholder.ReplaceAllStringFunc(r.Path.Path, func(m string) string {
		k := m[1 : len(m)-1]
		v, ok := r.Keys[k]
		if !ok {
			missing = k
		}
		return escapeSegment(v)
	})
	if missing != "" {
		return nil, fmt.Errorf("rest: table %s: path %s needs a value for %s", r.Table.Name, r.Path.Path, missing)
	}
	// The key values are escaped once, here: RawPath keeps that form and
	// Path its decoded twin, so URL.String sends the bytes as escaped.
	u := *c.base
	raw := strings.TrimRight(c.base.EscapedPath(), "/") + path
	decoded, err := url.PathUnescape(raw)
	if err != nil {
		return nil, fmt.Errorf("rest: table %s: path %s: %w", r.Table.Name, r.Path.Path, err)
	}
	u.Path, u.RawPath = decoded, raw
	q := url.Values{}
	for k, v := range r.Path.Query {
		q.Set(k, v)
	}
	for k, vs := range r.Query {
		q[k] = slices.Clone(vs)
	}
	if pg := c.paging(r.Path); pg.Style != schema.PagingNone && pg.PageSizeParam != "" {
		size := c.PageSize()
		if r.PageSize > 0 && (size == 0 || r.PageSize < size) {
			size = r.PageSize
		}
		if size > 0 && size != pg.DefaultPageSize {
			q.Set(pg.PageSizeParam, strconv.Itoa(size))
		}
	}
	if r.Path.Fields != "" && len(r.Fields) > 0 {
		q.Set(r.Path.Fields, strings.Join(r.Fields, ","))
	}
	if pg := c.paging(r.Path); pg.Style == schema.PagingPageNumber && pg.PageParam != "" && !q.Has(pg.PageParam) {
		q.Set(pg.PageParam, "1")
	}
	u.RawQuery = q.Encode()
	return &u, nil
}

// escapeSegment escapes a key for one path segment: every byte that is
// not unreserved is percent-encoded ("/" too, so a key never adds a
// segment), and the dot segments "." and ".." are encoded, so a key never
// climbs to another resource.
func escapeSegment(v string) string {
	switch v {
	case ".":
		return "%2E"
	case "..":
		return "%2E%2E"
	}
	return url.PathEscape(v)
}

// Paging returns the pagination of an access path: its own, the
// provider's, or none for a single-object path.
func (c *Client) Paging(a *schema.AccessPath) schema.Paging { return c.paging(a) }

func (c *Client) paging(a *schema.AccessPath) schema.Paging {
	if a.Single() {
		return schema.Paging{Style: schema.PagingNone}
	}
	if a.Paging != nil {
		return *a.Paging
	}
	return c.provider.Paging
}

// redactURL returns the URL as text with the values of secret settings and
// of credential-looking query parameters replaced.
func (c *Client) redactURL(u *url.URL) string {
	cp := *u
	if cp.User != nil {
		cp.User = url.User("REDACTED")
	}
	q := cp.Query()
	changed := false
	for k := range q {
		if credentialParam(k) {
			q.Set(k, "REDACTED")
			changed = true
		}
	}
	if changed {
		cp.RawQuery = q.Encode()
	}
	return c.redact(cp.String())
}

// credentialParam reports whether a query parameter's name looks like it
// carries a credential (api_key, access_token, client_secret, sig…).
func credentialParam(k string) bool {
	k = strings.ToLower(k)
	for _, w := range []string{"secret", "token", "password", "passwd", "key", "verifier", "auth", "signature", "sig"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// redact replaces every secret setting value in s.
func (c *Client) redact(s string) string {
	for _, v := range c.secrets {
		if len(v) >= 4 {
			s = strings.ReplaceAll(s, v, "REDACTED")
		}
	}
	return s
}

// Waited returns how long the requests of the client's account have
// waited, in all, to stay within the API's rate limits (the documented
// budget and the windows the API reported spent).
func (c *Client) Waited() time.Duration {
	_, d := c.throttle.stats()
	return d
}

// throttleFor returns the throttle of an access path: its own budget's,
// shared with the paths of the same budget, or the client's.
func (c *Client) throttleFor(a *schema.AccessPath) *throttle {
	if a.RateLimit == nil || c.throttle == nil {
		return c.throttle
	}
	return budgetFor(c.account, *a.RateLimit)
}

// accountKey identifies an API account in the process: the provider, the
// base URL and a hash of the settings and the caller's fingerprint, so
// that no credential is kept in clear.
func accountKey(p *schema.Provider, base *url.URL, settings map[string]string, extra string) string {
	h := sha256.New()
	keys := slices.Sorted(maps.Keys(settings))
	for _, k := range keys {
		fmt.Fprintf(h, "%s=%s\x00", k, settings[k])
	}
	io.WriteString(h, extra)
	return p.Name + "|" + origin(base) + base.EscapedPath() + "|" + hex.EncodeToString(h.Sum(nil)[:12])
}

// get sends a GET of u and hands the whole body to accept, which decodes
// it. Retried with jittered backoff, within MaxRetries attempts in all:
// a 429 or 5xx answer (waiting for Retry-After when the API gives one),
// a network error before the answer or in the middle of its body, and a
// body that accept rejects (truncated or malformed JSON, even after a
// clean EOF). accept sees each body whole, so a retry never delivers
// part of a page twice. Not retried: other statuses, a body over the size
// limit, a redirect off the API's host (ErrRedirect).
//
// With pages, a 2xx body is read only once a place among pages is free,
// into the place's buffer: the place is accept's when it succeeds (its
// page holds it until delivered), and given back when it fails. accept
// must not keep the body: the place's next page is read into it.
func (c *Client) get(ctx context.Context, u *url.URL, th *throttle, pages *pageSlots, accept func(body []byte, pl *place) error) error {
	if err := passGate(ctx); err != nil {
		return err
	}
	shown := c.redactURL(u)
	pathOnly := strings.TrimPrefix(shown, c.base.Scheme+"://"+c.base.Host)
	// again waits before the next attempt, or reports that none is left.
	again := func(attempt int, wait time.Duration) (bool, error) {
		if attempt >= c.retries {
			return false, nil
		}
		if wait <= 0 {
			wait = backoff(attempt, c.retryWait)
		}
		if wait > c.retryWait {
			return false, nil // the API asks for longer than we wait: say so
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			return false, nil
		}
		return true, sleep(ctx, wait)
	}
	limited := 0 // 429 answers
	for attempt := 0; ; attempt++ {
		tk, err := waitCounted(ctx, th)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return &APIError{Provider: c.provider.Name, Method: "GET", Path: pathOnly, Status: http.StatusTooManyRequests,
				Message: "the rate limit leaves no room for this request before the query's deadline"}
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return fmt.Errorf("%s: GET %s: %w", c.provider.Name, pathOnly, err)
		}
		for k, vs := range c.headers {
			req.Header[k] = vs
		}
		req.Header.Set("User-Agent", c.ua)
		req.Header.Set("Accept", "application/json")
		start := time.Now()
		var wrote atomic.Int64 // when the request was on the wire
		if th != nil {
			req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
				WroteRequest: func(httptrace.WroteRequestInfo) { wrote.Store(time.Now().UnixNano()) },
			}))
		}
		resp, err := c.http.Do(req)
		// The API counts the request when it arrives: once written (a
		// connection's dial and handshake are behind it), in the window's
		// margin of network delay; with no such time, when its answer came.
		at := time.Now()
		if w := wrote.Load(); w != 0 && err == nil {
			at = time.Unix(0, w)
		}
		th.done(tk, at)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if re, ok := redirectError(err); ok {
				return fmt.Errorf("%s: GET %s: %w", c.provider.Name, pathOnly, re)
			}
			c.log.LogAttrs(ctx, slog.LevelWarn, "request failed", slog.String("method", "GET"), slog.String("url", shown),
				slog.Int("attempt", attempt+1), slog.String("error", c.redact(err.Error())))
			if !transient(err) {
				// Refused before sending (credentials for another
				// host, a setting that is not valid, a token endpoint's
				// answer): the same request would fail the same way.
				return &TransportError{Msg: fmt.Sprintf("%s: GET %s: %s", c.provider.Name, pathOnly, c.redact(cause(err).Error())), Err: err}
			}
			if ok, werr := again(attempt, 0); werr != nil {
				return werr
			} else if ok {
				continue
			}
			return &TransportError{Msg: fmt.Sprintf("%s: GET %s: %s", c.provider.Name, pathOnly, c.redact(cause(err).Error())), Err: err}
		}
		th.observe(resp.Header, c.provider.RateLimit, time.Now())
		c.log.LogAttrs(ctx, slog.LevelInfo, "request", slog.String("method", "GET"), slog.String("url", shown),
			slog.Int("status", resp.StatusCode), slog.Duration("duration", time.Since(start)), slog.Int("attempt", attempt+1))
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			apiErr := c.newAPIError(resp, "GET", pathOnly)
			resp.Body.Close()
			if resp.StatusCode >= 300 && resp.StatusCode < 400 {
				// A redirect the client did not follow (no Location, or
				// a policy of the caller's HTTP client).
				return fmt.Errorf("%s: GET %s: %w", c.provider.Name, pathOnly,
					&RedirectError{From: origin(u), To: locationOrigin(u, resp.Header.Get("Location")), Status: resp.StatusCode})
			}
			if resp.StatusCode == http.StatusTooManyRequests {
				// The whole account waits, not only this request; a 429
				// does not spend the retries of failures, up to a bound.
				now := time.Now()
				th.hold(now.Add(max(apiErr.RetryAfter, backoff(limited, c.retryWait))), now)
				if limited++; limited <= maxRateLimited && attempt > 0 {
					attempt--
				}
			}
			retryable := resp.StatusCode == http.StatusTooManyRequests || (resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented)
			if !retryable {
				return apiErr
			}
			if ok, werr := again(attempt, apiErr.RetryAfter); werr != nil {
				return werr
			} else if ok {
				continue
			}
			return apiErr
		}
		pl, err := pages.take(ctx)
		if err != nil {
			resp.Body.Close()
			return err
		}
		body, err := readBody(resp.Body, resp.ContentLength, c.maxBody, pl)
		resp.Body.Close()
		if err != nil {
			pages.give(pl)
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if errors.Is(err, ErrBadResponse) {
				return fmt.Errorf("%s: GET %s: %w: the body exceeds the size limit of %d bytes", c.provider.Name, pathOnly, ErrBadResponse, c.maxBody)
			}
			c.log.LogAttrs(ctx, slog.LevelWarn, "body failed", slog.String("method", "GET"), slog.String("url", shown),
				slog.Int("attempt", attempt+1), slog.String("error", c.redact(err.Error())))
			if ok, werr := again(attempt, 0); werr != nil {
				return werr
			} else if ok {
				continue
			}
			return &TransportError{Msg: fmt.Sprintf("%s: GET %s: reading the body: %s", c.provider.Name, pathOnly, c.redact(err.Error())), Err: err}
		}
		if err := accept(body, pl); err != nil {
			pages.give(pl)
			if !errors.Is(err, ErrBadResponse) {
				return err
			}
			c.log.LogAttrs(ctx, slog.LevelWarn, "body rejected", slog.String("method", "GET"), slog.String("url", shown),
				slog.Int("attempt", attempt+1), slog.String("error", c.redact(err.Error())))
			if ok, werr := again(attempt, 0); werr != nil {
				return werr
			} else if ok {
				continue
			}
			return err
		}
		return nil
	}
}

// transient reports whether a request that got no answer may get one
// when sent again: a network failure (refused, reset, timed out, closed
// early), not an error of a transport that refused to send it.
func transient(err error) bool {
	err = cause(err)
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, syscall.ECONNABORTED)
}

// cause unwraps the *url.Error of http.Client, whose text repeats the
// whole URL (query included).
func cause(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// locationOrigin is the scheme://host a Location header points to.
func locationOrigin(base *url.URL, loc string) string {
	if loc == "" {
		return "(no Location)"
	}
	u, err := base.Parse(loc)
	if err != nil {
		return "(an unparsable Location)"
	}
	return origin(u)
}

// maxRateLimited is how many 429 answers one request waits out (each
// within MaxRetryWait and the query's deadline) before it fails.
const maxRateLimited = 8

// backoff is a jittered exponential wait: about 250ms·2^attempt, capped.
func backoff(attempt int, ceiling time.Duration) time.Duration {
	d := 250 * time.Millisecond << min(attempt, 8)
	d = d/2 + rand.N(d/2+1)
	return min(d, ceiling)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// readLimited reads at most limit bytes and reports an error beyond.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return b, err
	}
	if int64(len(b)) > limit {
		return b[:limit], fmt.Errorf("%w: body larger than %d bytes", ErrBadResponse, limit)
	}
	return b, nil
}

// readBody reads a body of at most limit bytes, into a slice of exactly
// its Content-Length when the server sent one: a page of 2,000 records is
// megabytes of JSON, and a slice that grows as it reads would make as
// much garbage again. With a place, into its buffer when it is large
// enough, which then keeps the slice for the next. (Bodies are not pooled
// process-wide: a pool of megabyte buffers is memory the garbage collector
// counts as live, and sizes the heap by; a listing's place is one.)
func readBody(r io.Reader, size, limit int64, pl *place) ([]byte, error) {
	if size <= 0 || size > limit {
		return readLimited(r, limit)
	}
	var b []byte
	switch {
	case pl != nil && int64(cap(pl.buf)) >= size:
		b = pl.buf[:size]
	case pl != nil:
		b = make([]byte, size)
		pl.buf = b
	default:
		b = make([]byte, size)
	}
	if _, err := io.ReadFull(r, b); err != nil {
		if err == io.ErrUnexpectedEOF {
			err = fmt.Errorf("%w: the body ended before its Content-Length", io.ErrUnexpectedEOF)
		}
		return nil, err
	}
	// net/http stops a body at its Content-Length; another transport (a
	// replay) might not: read on, to the limit.
	rest, err := readLimited(r, limit-size)
	if err != nil {
		return nil, err
	}
	return append(b, rest...), nil
}

// TransportError is a request that got no HTTP answer (a network failure,
// a refused connection, a fixture with no recorded match). Its message has
// secrets removed; Unwrap reaches the cause for errors.Is and errors.As.
type TransportError struct {
	Msg string
	Err error
}

// Error returns the redacted message.
func (e *TransportError) Error() string { return e.Msg }

// Unwrap returns the cause.
func (e *TransportError) Unwrap() error { return e.Err }
