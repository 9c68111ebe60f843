package saasapi

import (
	"context"
	"crypto/sha256"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/saasapi/saasapi/auth"
	"github.com/saasapi/saasapi/dsn"
	"github.com/saasapi/saasapi/fixtures"
	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/providers"
	"github.com/saasapi/saasapi/rest"
	"github.com/saasapi/saasapi/schema"
)

// Option configures a Connector with what a connection string cannot
// carry.
type Option func(*options)

type options struct {
	httpClient *http.Client
	logger     *slog.Logger
	userAgent  string
	fixtures   *fixtureOption
	plan       planner.Options // tests only (export_test.go)
}

type fixtureOption struct {
	path string
	mode dsn.FixtureMode
}

// WithHTTPClient sends requests through hc (its Transport, proxy and TLS
// settings). Credentials are added on top of its Transport.
func WithHTTPClient(hc *http.Client) Option { return func(o *options) { o.httpClient = hc } }

// WithLogger logs every request (method, URL without secrets, status,
// duration) to l, instead of the Logfile property.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithUserAgent replaces the User-Agent header; APIs such as Harvest ask
// for the application's name and a contact.
func WithUserAgent(ua string) Option { return func(o *options) { o.userAgent = ua } }

// WithFixtures answers the API's requests from the cassette file at path,
// or records them into it, in place of the Fixtures and FixtureMode
// properties: mode is dsn.FixtureReplay (or ""), dsn.FixtureRecord or
// dsn.FixtureOnce. An empty path turns fixtures off. When replaying, no
// credentials are needed and no connection is opened; when recording,
// secrets are scrubbed before anything is written and closing the
// connector (sql.DB.Close) writes the cassette. See docs/fixtures.md.
func WithFixtures(path string, mode dsn.FixtureMode) Option {
	return func(o *options) { o.fixtures = &fixtureOption{path: path, mode: mode} }
}

// OpenConnector parses a connection string and returns a Connector with
// opts, for sql.OpenDB. It is Driver.OpenConnector with options.
func OpenConnector(name string, opts ...Option) (_ *Connector, err error) {
	defer (*Connector)(nil).catch(&err, "")
	cfg, err := parseDSN(name)
	if err != nil {
		return nil, err
	}
	return NewConnector(cfg, opts...)
}

// Connector holds a parsed connection string, the resolved provider and
// one REST client shared by every connection of the pool.
type Connector struct {
	cfg      *dsn.Config
	provider *schema.Provider
	client   *rest.Client
	closers  []io.Closer
	once     sync.Once
	plan     planner.Options
	// refused, when set, is the error of a setting of the wrong form that
	// did not stop the connection string from opening (see settings); every
	// connection and request fails with it.
	refused error
	// secrets are the connection's secrets, redacted from the errors of
	// recovered panics; logger receives their stacks.
	secrets []string
	logger  *slog.Logger
	// cache is the account's cache (AutoCache, Offline, CLEAR CACHE,
	// Sync), opened when first used.
	cache *connCache
}

var (
	_ driver.Connector = (*Connector)(nil)
	_ io.Closer        = (*Connector)(nil)
)

func parseDSN(name string) (*dsn.Config, error) {
	cfg, err := dsn.Parse(name)
	if err != nil {
		return nil, fmt.Errorf("saasapi: %w", err)
	}
	return cfg, nil
}

// NewConnector checks cfg (profile, ProfileSettings, credentials) and
// returns a Connector for sql.OpenDB. cfg is copied.
//
// With Fixtures (or [WithFixtures]) in replay, credentials are neither
// needed nor checked, and settings that only feed headers (Harvest's
// AccountId) may be absent: requests are answered from the cassette.
func NewConnector(cfg *dsn.Config, opts ...Option) (_ *Connector, err error) {
	defer (*Connector)(nil).catch(&err, "")
	if cfg == nil {
		return nil, errors.New("saasapi: NewConnector: nil config")
	}
	cfg = cfg.Clone()
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if o.fixtures != nil {
		cfg.Fixtures, cfg.FixtureMode = o.fixtures.path, o.fixtures.mode
	}
	p, err := providers.Resolve(cfg.Profile)
	if err != nil {
		return nil, fmt.Errorf("saasapi: %w", err)
	}
	vals, deferred, err := settings(cfg.ProfileSettings, p)
	if err != nil {
		return nil, fmt.Errorf("saasapi: %w", err)
	}
	c := &Connector{cfg: cfg, provider: p, plan: o.plan, secrets: secretsOf(cfg, p, vals)}
	if deferred != nil {
		c.refused = fmt.Errorf("saasapi: %w", deferred)
	}
	hc := &http.Client{}
	if o.httpClient != nil {
		cp := *o.httpClient
		hc = &cp
	}
	if hc.Timeout == 0 {
		hc.Timeout = cfg.Timeout
	}
	logger := o.logger
	if logger == nil && cfg.Logfile != "" {
		f, err := os.OpenFile(cfg.Logfile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return nil, fmt.Errorf("saasapi: Logfile: %w", err)
		}
		c.closers = append(c.closers, f)
		level := slog.LevelInfo
		if cfg.Verbosity >= 2 {
			level = slog.LevelDebug
		}
		logger = slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: level}))
	}
	c.logger = logger
	// One limit on a response body, for the decoder and the recorder.
	const maxBody = rest.DefaultMaxBody
	rec, err := openFixtures(cfg, p, c.secrets, hc.Transport, maxBody)
	if err != nil {
		return nil, fmt.Errorf("saasapi: %w", err)
	}
	replay := rec != nil && rec.Mode() == fixtures.Replay
	if replay {
		// The cassette answers: no credentials, no auth transport, no
		// token exchange, no connection.
		replayStandIns(p, vals)
		hc.Transport = rec
	} else {
		scheme, err := auth.Scheme(cfg, p, vals)
		if err != nil {
			return nil, fmt.Errorf("saasapi: %w", err)
		}
		if auth.FindsAccount(p, vals, scheme) {
			// The auth transport finds the account at the first request
			// and sends the account header itself.
			for k, v := range p.Headers {
				if strings.Contains(v, "{AccountId}") {
					delete(p.Headers, k)
				}
			}
		}
		if err := requireSettings(p, vals, scheme); err != nil {
			return nil, fmt.Errorf("saasapi: %w", err)
		}
		base := hc.Transport
		if rec != nil {
			base = rec // records below the credentials, token endpoint included
		}
		// rest decides where credentials may go: the API's base URL,
		// and redirects only on the request's own host.
		apiBase, err := rest.ResolveBaseURL(p, vals)
		if err != nil {
			return nil, fmt.Errorf("saasapi: %w", err)
		}
		if hc.Transport, err = auth.New(cfg, p, vals, base, auth.WithUserAgent(o.userAgent), auth.WithLogger(logger),
			auth.WithAPIBase(apiBase), auth.WithCheckRedirect(rest.CheckRedirect)); err != nil {
			return nil, fmt.Errorf("saasapi: %w", err)
		}
	}
	if c.refused != nil {
		// A setting of the wrong form: every request, whoever sends it
		// (the driver, the SQLite bridges, the auth transports), fails
		// with the error before anything is sent.
		hc.Transport = refuse{c.refused}
	}
	rc := rest.Config{
		Provider:   p,
		Settings:   vals,
		HTTPClient: hc,
		UserAgent:  o.userAgent,
		Logger:     logger,
		PageSize:   cfg.Pagesize,
		MaxBody:    maxBody,
		// A 429's Retry-After is waited out while it fits in Timeout.
		MaxRetryWait: cfg.Timeout,
		NoRateLimit:  cfg.RateLimit.Off || replay,
		Account:      accountFingerprint(cfg),
	}
	if cfg.RateLimit.Requests > 0 {
		rc.RateLimit = &schema.RateLimit{Requests: cfg.RateLimit.Requests, Period: cfg.RateLimit.Period,
			RemainingHeader: p.RateLimit.RemainingHeader, ResetHeader: p.RateLimit.ResetHeader}
	}
	if replay {
		// Replay never waits: recorded retries follow at once, and a
		// request missing from the cassette fails at once.
		rc.MaxRetryWait = time.Millisecond
	}
	c.client, err = rest.New(rc)
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("saasapi: %w", err)
	}
	if rec != nil {
		c.closers = append(c.closers, rec) // Close writes a recorded cassette
	}
	c.cache = newConnCache(c, cfg, p, vals)
	c.closers = append(c.closers, c.cache)
	return c, nil
}

// accountFingerprint identifies the API account of cfg's credentials
// beyond ProfileSettings (Basic user, OAuth client and token store), as a
// hash: connectors of the same account share its rate budget.
func accountFingerprint(cfg *dsn.Config) string {
	h := sha256.New()
	for _, v := range []string{cfg.Profile, string(cfg.AuthScheme), cfg.User, cfg.Password, cfg.OAuthClientId,
		cfg.OAuthAccessToken, cfg.OAuthRefreshToken, cfg.OAuthSettingsLocation, cfg.OAuthAccessTokenURL} {
		io.WriteString(h, v)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// openFixtures opens the cassette of cfg.Fixtures, if any. The recorder
// sends through base when recording, holds no response larger than
// maxBody (the decoder's limit), and scrubs secrets, those of the
// connection string.
func openFixtures(cfg *dsn.Config, p *schema.Provider, secrets []string, base http.RoundTripper, maxBody int64) (*fixtures.Recorder, error) {
	if cfg.Fixtures == "" {
		if cfg.FixtureMode != "" {
			return nil, fmt.Errorf("%w: FixtureMode=%s needs Fixtures=<cassette file>", dsn.ErrInvalidValue, cfg.FixtureMode)
		}
		return nil, nil
	}
	mode, err := fixtures.ParseMode(string(cfg.FixtureMode))
	if err != nil {
		return nil, fmt.Errorf("%w: FixtureMode %q (allowed: replay, record, once)", dsn.ErrInvalidValue, cfg.FixtureMode)
	}
	return fixtures.Open(cfg.Fixtures, fixtures.Options{Mode: mode, Profile: p.Name, Secrets: secrets, Transport: base, MaxBody: maxBody})
}

// secretsOf returns the secrets of a connection: the secret properties and
// the secret settings, given or defaulted. The list is never nil.
func secretsOf(cfg *dsn.Config, p *schema.Provider, vals map[string]string) []string {
	secrets := []string{}
	for _, v := range []string{cfg.OAuthClientSecret, cfg.OAuthAccessToken, cfg.OAuthRefreshToken, cfg.Password, cfg.OAuthVerifier} {
		if v != "" {
			secrets = append(secrets, v)
		}
	}
	for _, kv := range cfg.ProfileSettings {
		if s, ok := p.Setting(kv.Key); (dsn.IsSecretSetting(kv.Key) || ok && s.Secret) && kv.Value != "" {
			secrets = append(secrets, kv.Value)
		}
	}
	for k, v := range vals {
		if s, ok := p.Setting(k); ok && s.Secret && v != "" {
			secrets = append(secrets, v)
		}
	}
	return secrets
}

// replayStandIn fills settings that a replay does not need.
const replayStandIn = "replay"

// replayStandIns gives the settings named in the provider's headers and
// base URL a stand-in value when absent: the cassette stores neither
// headers nor hosts, so their values do not matter in replay.
func replayStandIns(p *schema.Provider, vals map[string]string) {
	fill := func(tmpl string) {
		for _, name := range placeholders(tmpl) {
			if vals[name] == "" {
				vals[name] = replayStandIn
			}
		}
	}
	for _, v := range p.Headers {
		fill(v)
	}
	if vals[baseURLSetting] == "" {
		fill(p.BaseURL)
	}
}

// Connect returns a connection. Connections are cheap: they share the
// connector's HTTP client. A ProfileSettings value of the wrong form that
// the connection string could still be opened with (a non-numeric Harvest
// AccountId) is reported here, before any request.
func (c *Connector) Connect(context.Context) (_ driver.Conn, err error) {
	defer c.catch(&err, "")
	if c.refused != nil {
		return nil, c.refused
	}
	return &conn{c: c}, nil
}

// refuse is the transport of a connector whose settings are refused: it
// sends nothing and returns the error.
type refuse struct{ err error }

func (r refuse) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		req.Body.Close()
	}
	return nil, r.err
}

// Driver returns the saasapi driver.
func (c *Connector) Driver() driver.Driver { return &Driver{} }

// Provider returns the provider the connector's Profile resolved to.
func (c *Connector) Provider() *schema.Provider { return c.provider }

// Close releases the log file and, when recording fixtures, writes the
// cassette. sql.DB.Close calls it.
func (c *Connector) Close() (err error) {
	defer c.catch(&err, "")
	c.once.Do(func() {
		for _, cl := range c.closers {
			err = errors.Join(err, cl.Close())
		}
	})
	return err
}
