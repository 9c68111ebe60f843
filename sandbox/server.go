package sandbox

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options configures a sandbox [Server]. The zero value is valid: every zero
// field takes its default.
type Options struct {
	// Rows is the number of time entries; default 500. The other tables
	// grow with it: max(3, Rows/100) clients, max(5, Rows/40) projects,
	// 4 to 12 users and always 8 tasks.
	Rows int
	// Seed drives the deterministic data generator; default 1.
	Seed int64
	// Token is the bearer token the server accepts; default "sandbox-token".
	Token string
	// AccountID is the Harvest-Account-Id the server accepts; default
	// "123456".
	AccountID string
	// Latency, when positive, delays every response by that long (or until
	// the request's context ends).
	Latency time.Duration
	// MaxPerPage is the largest accepted per_page and the default page size;
	// default 2000, like the real API.
	MaxPerPage int
}

// Defaults of [Options].
const (
	// DefaultRows is the default number of time entries.
	DefaultRows = 500
	// DefaultSeed is the default generator seed.
	DefaultSeed = 1
	// DefaultToken is the default bearer token.
	DefaultToken = "sandbox-token"
	// DefaultAccountID is the default Harvest-Account-Id.
	DefaultAccountID = "123456"
	// DefaultMaxPerPage is the default (and real API's) page size limit.
	DefaultMaxPerPage = 2000
)

// withDefaults fills the zero fields of o and rejects negative values.
func (o Options) withDefaults() (Options, error) {
	if o.Rows < 0 {
		return o, fmt.Errorf("sandbox: Rows must not be negative, got %d", o.Rows)
	}
	if o.MaxPerPage < 0 {
		return o, fmt.Errorf("sandbox: MaxPerPage must not be negative, got %d", o.MaxPerPage)
	}
	if o.Latency < 0 {
		return o, fmt.Errorf("sandbox: Latency must not be negative, got %s", o.Latency)
	}
	if o.Rows == 0 {
		o.Rows = DefaultRows
	}
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	if o.Token == "" {
		o.Token = DefaultToken
	}
	if o.AccountID == "" {
		o.AccountID = DefaultAccountID
	}
	if o.MaxPerPage == 0 {
		o.MaxPerPage = DefaultMaxPerPage
	}
	return o, nil
}

// Request is one request the server answered, as recorded by [Server.Log].
type Request struct {
	// Method is the HTTP method.
	Method string
	// Path is the URL path, e.g. "/v2/time_entries".
	Path string
	// Query holds the query parameters (a copy).
	Query url.Values
	// Status is the HTTP status of the answer; 499 when the client went
	// away during the Latency delay.
	Status int
}

// maxLog bounds the request log of a long-running server; older entries
// are dropped first.
const maxLog = 100000

// Server is a running Harvest API v2 emulator. Its methods are safe for
// concurrent use.
type Server struct {
	opts   Options
	ds     *Dataset
	api    *api
	ln     net.Listener
	http   *http.Server
	url    string
	served chan struct{}

	closeOnce sync.Once
	closeErr  error

	requests atomic.Int64

	mu             sync.Mutex
	log            []Request
	failLeft       int
	failStatus     int
	failRetryAfter string
}

// Start starts a server on 127.0.0.1 with a free port.
func Start(opts Options) (*Server, error) {
	return Listen("127.0.0.1:0", opts)
}

// Listen starts a server on addr, such as "127.0.0.1:8080" or
// "localhost:0". Hosts other than loopback ones (127.0.0.0/8, ::1,
// localhost) are refused, so the sandbox is never reachable from the
// network.
func Listen(addr string, opts Options) (*Server, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("sandbox: bad listen address %q: %w", addr, err)
	}
	if !isLoopback(host) {
		return nil, fmt.Errorf("sandbox: refusing to listen on %q: only loopback hosts (127.0.0.1, ::1, localhost) are allowed", addr)
	}
	s, err := newServer(opts)
	if err != nil {
		return nil, err
	}
	if strings.EqualFold(host, "localhost") {
		addr = net.JoinHostPort("127.0.0.1", port)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	s.ln = ln
	s.url = "http://" + ln.Addr().String() + "/v2"
	s.http = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 30 * time.Second}
	s.served = make(chan struct{})
	go func() {
		defer close(s.served)
		_ = s.http.Serve(ln)
	}()
	return s, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func newServer(opts Options) (*Server, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	ds := generate(opts)
	a, err := newAPI(ds, opts)
	if err != nil {
		return nil, err
	}
	return &Server{opts: opts, ds: ds, api: a}, nil
}

// URL returns the API base URL, "http://127.0.0.1:PORT/v2": the BaseURL
// setting of the driver's harvest profile.
func (s *Server) URL() string { return s.url }

// DSN returns a connection string for the driver that points its harvest
// profile at this server.
func (s *Server) DSN() string {
	return fmt.Sprintf("Profile=harvest;ProfileSettings='APIKey=%s;AccountId=%s;BaseURL=%s'",
		s.opts.Token, s.opts.AccountID, s.URL())
}

// Handler returns the server's HTTP handler. It can also be mounted
// elsewhere (for example in an httptest server); links in list responses
// are built from each request's Host.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

// Close stops the server, closing its listener and open connections. It is
// safe to call more than once.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		if s.http == nil {
			return
		}
		err := s.http.Close()
		<-s.served
		if err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.closeErr = err
		}
	})
	return s.closeErr
}

// Options returns the options the server runs with, defaults filled in.
func (s *Server) Options() Options { return s.opts }

// Dataset returns a deep copy of the records the server serves.
func (s *Server) Dataset() *Dataset { return s.ds.clone() }

// Requests returns the number of requests answered since the start or the
// last [Server.ResetRequests], including failed and injected ones.
func (s *Server) Requests() int64 { return s.requests.Load() }

// ResetRequests sets the request counter to zero and clears the log.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests.Store(0)
	s.log = nil
}

// Log returns a copy of the requests answered since the start or the last
// [Server.ResetRequests], oldest first (at most the last 100000).
func (s *Server) Log() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.log))
	for i, r := range s.log {
		r.Query = cloneValues(r.Query)
		out[i] = r
	}
	return out
}

// FailNext makes the next n requests fail with status, before any other
// check. A non-empty retryAfter is sent as the Retry-After header. A 429
// answers {"error":"rate_limited",...}, a 5xx status an HTML error page
// (Content-Type text/html) like a failing proxy, and other statuses a JSON
// error body. A new call replaces any pending failures; n <= 0 cancels them.
func (s *Server) FailNext(n int, status int, retryAfter string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failLeft, s.failStatus, s.failRetryAfter = max(n, 0), status, retryAfter
}

// takeFailure consumes one pending injected failure, if any.
func (s *Server) takeFailure() (status int, retryAfter string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failLeft <= 0 {
		return 0, "", false
	}
	s.failLeft--
	return s.failStatus, s.failRetryAfter, true
}

func (s *Server) record(r *http.Request, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests.Add(1)
	if len(s.log) >= maxLog {
		s.log = append(s.log[:0], s.log[len(s.log)-maxLog+1:]...)
	}
	s.log = append(s.log, Request{
		Method: r.Method,
		Path:   r.URL.Path,
		Query:  cloneValues(r.URL.Query()),
		Status: status,
	})
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// serveHTTP computes the whole answer first and records the request before
// writing it, so a client that has the response also sees it in the log.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if d := s.opts.Latency; d > 0 {
		if err := sleep(r.Context(), d); err != nil {
			s.record(r, 499)
			return
		}
	}
	resp := s.answer(r)
	s.record(r, resp.status)
	h := w.Header()
	h.Set("Content-Type", resp.contentType)
	for k, v := range resp.header {
		h.Set(k, v)
	}
	h.Set("Content-Length", fmt.Sprint(len(resp.body)))
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.body)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
