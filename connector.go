package saasapi

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"sync"

	"github.com/saasapi/saasapi/auth"
	"github.com/saasapi/saasapi/dsn"
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

// Connector holds a parsed connection string, the resolved provider and
// one REST client shared by every connection of the pool.
type Connector struct {
	cfg      *dsn.Config
	provider *schema.Provider
	client   *rest.Client
	closers  []io.Closer
	once     sync.Once
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
func NewConnector(cfg *dsn.Config, opts ...Option) (*Connector, error) {
	if cfg == nil {
		return nil, errors.New("saasapi: NewConnector: nil config")
	}
	cfg = cfg.Clone()
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	p, err := providers.Resolve(cfg.Profile)
	if err != nil {
		return nil, fmt.Errorf("saasapi: %w", err)
	}
	vals, err := settings(cfg.ProfileSettings, p)
	if err != nil {
		return nil, fmt.Errorf("saasapi: %w", err)
	}
	scheme, err := auth.Scheme(cfg, p, vals)
	if err != nil {
		return nil, fmt.Errorf("saasapi: %w", err)
	}
	if err := requireSettings(p, vals, scheme); err != nil {
		return nil, fmt.Errorf("saasapi: %w", err)
	}
	c := &Connector{cfg: cfg, provider: p}
	hc := &http.Client{}
	if o.httpClient != nil {
		cp := *o.httpClient
		hc = &cp
	}
	if hc.Timeout == 0 {
		hc.Timeout = cfg.Timeout
	}
	if hc.Transport, err = auth.New(cfg, p, vals, hc.Transport); err != nil {
		return nil, fmt.Errorf("saasapi: %w", err)
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
	c.client, err = rest.New(rest.Config{
		Provider:   p,
		Settings:   vals,
		HTTPClient: hc,
		UserAgent:  o.userAgent,
		Logger:     logger,
		PageSize:   cfg.Pagesize,
	})
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("saasapi: %w", err)
	}
	return c, nil
}

// Connect returns a connection. Connections are cheap: they share the
// connector's HTTP client.
func (c *Connector) Connect(context.Context) (driver.Conn, error) {
	return &conn{c: c}, nil
}

// Driver returns the saasapi driver.
func (c *Connector) Driver() driver.Driver { return &Driver{} }

// Provider returns the provider the connector's Profile resolved to.
func (c *Connector) Provider() *schema.Provider { return c.provider }

// Close releases the log file. sql.DB.Close calls it.
func (c *Connector) Close() error {
	var err error
	c.once.Do(func() {
		for _, cl := range c.closers {
			err = errors.Join(err, cl.Close())
		}
	})
	return err
}
