package sandbox

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options configures a sandbox [Server]. The zero value is valid: every zero
// field takes its default.
type Options struct {
	// Provider is the API the server emulates: "harvest" (the default),
	// "aircall" or "aha".
	Provider string
	// Rows sizes the data set; default 500. It is the number of Harvest
	// time entries, Aircall calls or Aha! features, and the other tables
	// grow with it. For Harvest: max(3, Rows/100) clients, max(5, Rows/40)
	// projects, 4 to 12 users and always 8 tasks (see [Dataset] for the
	// other tables); for Aircall see [AircallDataset]; for Aha! see
	// [AhaDataset].
	Rows int
	// Seed drives the deterministic data generator; default 1.
	Seed int64
	// Token is the static credential the server accepts; default
	// "sandbox-token". It is the Harvest personal access token (Bearer),
	// the Aircall API token (the password of Basic auth) and the Aha! API
	// key (Bearer).
	Token string
	// AccountID is the Harvest-Account-Id the server accepts (default
	// "123456") or, for Aircall, the API ID, the user name of Basic auth
	// (default "sandbox-api-id"). Aha! does not use it.
	AccountID string
	// Latency, when positive, delays every response by that long (or until
	// the request's context ends).
	Latency time.Duration
	// MaxPerPage is the largest accepted per_page: default 2000 for Harvest
	// (also its default page size), 50 for Aircall (default page size 20)
	// and 200 for Aha! (default page size 30), like the real APIs.
	MaxPerPage int

	// ClientID is the OAuth client id the authorization server knows;
	// default "sandbox-client".
	ClientID string
	// ClientSecret is that client's secret; default "sandbox-secret".
	ClientSecret string
	// TokenLifetime is how long the access tokens issued by the OAuth
	// server stay valid; default one hour. Aircall tokens are permanent
	// and ignore it.
	TokenLifetime time.Duration
	// RequirePKCE makes the authorization server demand a PKCE
	// code_challenge at authorization and its code_verifier at the token
	// exchange.
	RequirePKCE bool
	// Domain is the Aha! account subdomain, carried by [Server.DSN] and
	// returned as account_subdomain by the OAuth server; default "sandbox".
	Domain string

	// Faults are misbehaviours injected into listing requests (see
	// [Fault] and [ParseFaults]); none by default. A server with faults
	// also runs the other-host listener ([Server.OtherURL]).
	Faults []Fault
	// FaultSeed drives the faults' Probability; default Seed.
	FaultSeed int64
	// OtherHost starts the other-host listener ([Server.OtherURL]) even
	// without Faults.
	OtherHost bool
}

// The providers a [Server] can emulate, the values of [Options.Provider].
const (
	// ProviderHarvest emulates the Harvest API v2.
	ProviderHarvest = "harvest"
	// ProviderAircall emulates the Aircall Public API v1.
	ProviderAircall = "aircall"
	// ProviderAha emulates the Aha! REST API v1.
	ProviderAha = "aha"
)

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
	// DefaultMaxPerPage is the default (and real API's) page size limit of
	// Harvest.
	DefaultMaxPerPage = 2000
	// DefaultAircallAPIID is the default Aircall API ID (AccountID).
	DefaultAircallAPIID = "sandbox-api-id"
	// DefaultAircallMaxPerPage is Aircall's page size limit.
	DefaultAircallMaxPerPage = 50
	// DefaultAhaMaxPerPage is Aha!'s page size limit.
	DefaultAhaMaxPerPage = 200
	// DefaultClientID is the default OAuth client id.
	DefaultClientID = "sandbox-client"
	// DefaultClientSecret is the default OAuth client secret.
	DefaultClientSecret = "sandbox-secret"
	// DefaultTokenLifetime is the default lifetime of OAuth access tokens.
	DefaultTokenLifetime = time.Hour
	// DefaultDomain is the default Aha! account subdomain.
	DefaultDomain = "sandbox"
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
	if o.TokenLifetime < 0 {
		return o, fmt.Errorf("sandbox: TokenLifetime must not be negative, got %s", o.TokenLifetime)
	}
	o.Provider = strings.ToLower(strings.TrimSpace(o.Provider))
	switch o.Provider {
	case "":
		o.Provider = ProviderHarvest
	case ProviderHarvest, ProviderAircall, ProviderAha:
	default:
		return o, fmt.Errorf("sandbox: unknown Provider %q: use harvest, aircall or aha", o.Provider)
	}
	if o.Domain == "" {
		o.Domain = DefaultDomain
	}
	for _, c := range o.Domain {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return o, fmt.Errorf("sandbox: Domain must be a subdomain label (letters, digits, hyphens), got %q", o.Domain)
		}
	}
	if o.ClientID == "" {
		o.ClientID = DefaultClientID
	}
	if o.ClientSecret == "" {
		o.ClientSecret = DefaultClientSecret
	}
	if o.TokenLifetime == 0 {
		o.TokenLifetime = DefaultTokenLifetime
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
		if o.Provider == ProviderAircall {
			o.AccountID = DefaultAircallAPIID
		}
	}
	if o.FaultSeed == 0 {
		o.FaultSeed = o.Seed
	}
	o.Faults = slices.Clone(o.Faults)
	for i, f := range o.Faults {
		if err := f.Validate(); err != nil {
			return o, fmt.Errorf("sandbox: Faults[%d]: %w", i, err)
		}
		o.Faults[i] = f.withDefaults()
	}
	if o.MaxPerPage == 0 {
		switch o.Provider {
		case ProviderAircall:
			o.MaxPerPage = DefaultAircallMaxPerPage
		case ProviderAha:
			o.MaxPerPage = DefaultAhaMaxPerPage
		default:
			o.MaxPerPage = DefaultMaxPerPage
		}
	}
	return o, nil
}

// Request is one request the server answered, as recorded by [Server.Log].
type Request struct {
	// Method is the HTTP method.
	Method string
	// Path is the URL path, e.g. "/v2/time_entries".
	Path string
	// Query holds the query parameters (a copy). The values of secret
	// parameters (access_token, code, code_verifier, client_secret,
	// refresh_token) read "REDACTED".
	Query url.Values
	// Form holds the fields of a form-encoded (or JSON) request body, read
	// by the OAuth token endpoint only, with the same redaction; nil for
	// other requests.
	Form url.Values
	// Status is the HTTP status of the answer; 499 when the client went
	// away during the Latency delay or a stall, 0 when an injected fault
	// reset the connection before any header.
	Status int
	// Fault is the kind of the injected fault that shaped the answer
	// (see [Options.Faults]); empty when none did.
	Fault FaultKind
}

// maxLog bounds the request log of a long-running server; older entries
// are dropped first.
const maxLog = 100000

// Server is a running API emulator (Harvest, Aircall or Aha!, see
// [Options.Provider]) with its OAuth authorization server. Its methods are
// safe for concurrent use.
type Server struct {
	opts    Options
	ds      *Dataset
	api     *api
	aircall *aircallAPI
	aha     *ahaAPI
	oauth   *oauthServer
	faults  *faultState
	other   *otherHost
	ln      net.Listener
	http    *http.Server
	host    string
	url     string
	served  chan struct{}

	closeOnce sync.Once
	closeErr  error

	requests atomic.Int64

	// data guards the data set and its encoded API against Mutate*.
	data sync.RWMutex

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
	s.host = "http://" + ln.Addr().String()
	s.url = s.host + s.basePath()
	s.http = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 30 * time.Second}
	if len(s.opts.Faults) > 0 || s.opts.OtherHost {
		if s.other, err = startOtherHost(ln.Addr().(*net.TCPAddr).IP, s); err != nil {
			ln.Close()
			return nil, err
		}
	}
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
	s := &Server{opts: opts, oauth: newOAuthServer(opts)}
	if len(opts.Faults) > 0 {
		s.faults = newFaultState(s)
	}
	switch opts.Provider {
	case ProviderAircall:
		s.aircall = newAircallAPI(generateAircall(opts), opts)
	case ProviderAha:
		if s.aha, err = newAhaAPI(generateAha(opts), opts); err != nil {
			return nil, err
		}
	default:
		s.ds = generate(opts)
		if s.api, err = newAPI(s.ds, opts); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// basePath is the path prefix of the provider's API.
func (s *Server) basePath() string {
	switch s.opts.Provider {
	case ProviderAircall:
		return "/v1"
	case ProviderAha:
		return "/api/v1"
	}
	return "/v2"
}

// URL returns the API base URL: "http://127.0.0.1:PORT/v2" for Harvest,
// "http://127.0.0.1:PORT/v1" for Aircall and "http://127.0.0.1:PORT/api/v1"
// for Aha!. It is the BaseURL setting of the driver's profile.
func (s *Server) URL() string { return s.url }

// DSN returns a connection string for the driver that points the
// provider's profile at this server with the static credentials:
//
//	harvest: Profile=harvest;ProfileSettings='APIKey=<Token>;AccountId=<AccountID>;BaseURL=<URL>'
//	aircall: Profile=aircall;User=<AccountID>;Password=<Token>;ProfileSettings='BaseURL=<URL>'
//	aha:     Profile=aha;ProfileSettings='Domain=<Domain>;APIKey=<Token>;BaseURL=<URL>'
func (s *Server) DSN() string {
	switch s.opts.Provider {
	case ProviderAircall:
		return fmt.Sprintf("Profile=aircall;User=%s;Password=%s;ProfileSettings='BaseURL=%s'",
			s.opts.AccountID, s.opts.Token, s.URL())
	case ProviderAha:
		return fmt.Sprintf("Profile=aha;ProfileSettings='Domain=%s;APIKey=%s;BaseURL=%s'",
			s.opts.Domain, s.opts.Token, s.URL())
	}
	return fmt.Sprintf("Profile=harvest;ProfileSettings='APIKey=%s;AccountId=%s;BaseURL=%s'",
		s.opts.Token, s.opts.AccountID, s.URL())
}

// OAuthURLs returns the absolute URLs of the authorization and token
// endpoints of the server's OAuth authorization server, on the sandbox
// host: /oauth2/authorize and /api/v2/oauth2/token for Harvest,
// /oauth/authorize and /v1/oauth/token for Aircall, /oauth/authorize and
// /oauth/token for Aha!.
func (s *Server) OAuthURLs() (authURL, tokenURL string) {
	auth, token := oauthPaths(s.opts.Provider)
	return s.host + auth, s.host + token
}

// ExpireTokens makes every access token the OAuth server issued so far
// expire now; later ones get the full lifetime. Refresh tokens keep
// working.
func (s *Server) ExpireTokens() { s.oauth.expireAll(time.Now()) }

// RevokeRefreshTokens invalidates every refresh token issued so far.
func (s *Server) RevokeRefreshTokens() { s.oauth.revokeRefresh() }

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
		if s.other != nil {
			err = errors.Join(err, s.other.close())
		}
		if err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.closeErr = err
		}
	})
	return s.closeErr
}

// Options returns the options the server runs with, defaults filled in.
func (s *Server) Options() Options { return s.opts }

// Dataset returns a deep copy of the Harvest records the server serves, or
// nil when it emulates another provider.
func (s *Server) Dataset() *Dataset {
	s.data.RLock()
	defer s.data.RUnlock()
	if s.ds == nil {
		return nil
	}
	return s.ds.clone()
}

// AircallData returns a deep copy of the Aircall records the server
// serves, or nil when it emulates another provider.
func (s *Server) AircallData() *AircallDataset {
	s.data.RLock()
	defer s.data.RUnlock()
	if s.aircall == nil {
		return nil
	}
	return s.aircall.ds.clone()
}

// AhaData returns a deep copy of the Aha! records the server serves, or nil
// when it emulates another provider.
func (s *Server) AhaData() *AhaDataset {
	s.data.RLock()
	defer s.data.RUnlock()
	if s.aha == nil {
		return nil
	}
	return s.aha.ds.clone()
}

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
		if r.Form != nil {
			r.Form = cloneValues(r.Form)
		}
		out[i] = r
	}
	return out
}

// FailNext makes the next n requests (OAuth endpoints included) fail with
// status, before any other check. A non-empty retryAfter is sent as the
// Retry-After header. A 429 answers the provider's rate-limit body
// (Harvest {"error":"rate_limited",...}, Aircall {"error","troubleshoot"}
// with X-AircallApi-Remaining: 0, Aha! {"error","message"}), a 5xx status
// an HTML error page (Content-Type text/html) like a failing proxy, and
// other statuses the provider's JSON error body. A new call replaces any
// pending failures; n <= 0 cancels them.
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

func (s *Server) record(r *http.Request, status int, form url.Values) {
	s.recordFault(r, status, form, "")
}

// recordFault logs a request whose answer an injected fault shaped.
func (s *Server) recordFault(r *http.Request, status int, form url.Values, fault FaultKind) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests.Add(1)
	if len(s.log) >= maxLog {
		s.log = append(s.log[:0], s.log[len(s.log)-maxLog+1:]...)
	}
	entry := Request{
		Method: r.Method,
		Path:   r.URL.Path,
		Query:  redact(r.URL.Query()),
		Status: status,
		Fault:  fault,
	}
	if form != nil {
		entry.Form = redact(form)
	}
	s.log = append(s.log, entry)
}

// secretParams are the parameters whose values never reach the log.
var secretParams = []string{"access_token", "code", "code_verifier", "client_secret", "refresh_token"}

// redact returns a copy of v with the values of secret parameters replaced
// by "REDACTED".
func redact(v url.Values) url.Values {
	out := cloneValues(v)
	for _, k := range secretParams {
		for i := range out[k] {
			out[k][i] = "REDACTED"
		}
	}
	return out
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
			s.record(r, 499, nil)
			return
		}
	}
	if s.faults != nil && s.faults.serve(w, r) {
		return
	}
	s.data.RLock()
	resp := s.answer(r)
	s.data.RUnlock()
	s.write(w, r, resp, "")
}

// write records the request and sends a complete answer.
func (s *Server) write(w http.ResponseWriter, r *http.Request, resp response, fault FaultKind) {
	s.recordFault(r, resp.status, resp.form, fault)
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
