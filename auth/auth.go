package auth

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/saasapi/saasapi/dsn"
	"github.com/saasapi/saasapi/schema"
)

// DefaultUserAgent is sent to token endpoints and the Harvest account
// lookup unless [WithUserAgent] replaces it (Harvest refuses requests
// without one).
const DefaultUserAgent = "saasapi (https://github.com/saasapi/saasapi)"

// Option configures [New] and [NewFlow] with what a connection string
// cannot carry.
type Option func(*options)

type options struct {
	out        io.Writer
	browser    func(url string) error
	httpClient *http.Client
	userAgent  string
	logger     *slog.Logger
	now        func() time.Time
	// apiBase and checkRedirect: see WithAPIBase, WithCheckRedirect.
	apiBase       *url.URL
	checkRedirect func(req *http.Request, via []*http.Request) error
}

func newOptions(opts []Option) options {
	o := options{out: os.Stderr, browser: OpenBrowser, userAgent: DefaultUserAgent, now: time.Now}
	for _, opt := range opts {
		opt(&o)
	}
	if o.out == nil {
		o.out = io.Discard
	}
	if o.logger == nil {
		o.logger = slog.New(slog.DiscardHandler)
	}
	if o.userAgent == "" {
		o.userAgent = DefaultUserAgent
	}
	return o
}

// WithOutput sets where the interactive OAuth flow prints the
// authorization URL and its progress; the default is os.Stderr. Nothing
// secret is ever written there.
func WithOutput(w io.Writer) Option { return func(o *options) { o.out = w } }

// WithBrowser replaces the function that opens the authorization URL in a
// browser during the interactive flow ([OpenBrowser] by default). Nil
// opens nothing: the user follows the printed URL. The flow goes on when
// the function fails.
func WithBrowser(open func(url string) error) Option {
	return func(o *options) {
		if open == nil {
			open = func(string) error { return nil }
		}
		o.browser = open
	}
}

// WithHTTPClient sends the requests to the OAuth token endpoint and the
// Harvest account lookup through hc. By default they go through the base
// transport given to [New] (plain http.DefaultTransport for [NewFlow]).
func WithHTTPClient(hc *http.Client) Option { return func(o *options) { o.httpClient = hc } }

// WithUserAgent sets the User-Agent of the requests to the token endpoint
// and the Harvest account lookup (default [DefaultUserAgent]).
func WithUserAgent(ua string) Option { return func(o *options) { o.userAgent = ua } }

// WithLogger logs the OAuth events (token obtained, refreshed, stored,
// rejected) to l, with the profile, client ID, store and expiry; never a
// token, secret or code. Nil discards, the default.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// Scheme resolves the AuthScheme to use: the DSN's, or, when absent, the
// one its credentials imply (OAuth properties, the provider's API key
// setting, then User/Password). It checks that the provider supports it,
// and says what is missing when the DSN holds no credentials.
func Scheme(cfg *dsn.Config, p *schema.Provider, settings map[string]string) (dsn.AuthScheme, error) {
	s := cfg.AuthScheme
	if s == "" {
		var from string
		switch {
		case cfg.OAuthAccessToken != "" || cfg.OAuthRefreshToken != "" || cfg.InitiateOAuth != "" ||
			cfg.OAuthClientId != "" || cfg.OAuthVerifier != "":
			s, from = dsn.AuthOAuth, "OAuth properties"
			if !supports(p, dsn.AuthOAuth) && supports(p, dsn.AuthOAuthClient) &&
				cfg.OAuthAccessToken == "" && cfg.InitiateOAuth == "" {
				s = dsn.AuthOAuthClient
			}
		case p.Auth.TokenSetting != "" && settings[p.Auth.TokenSetting] != "":
			s, from = dsn.AuthAPIKey, "ProfileSettings "+p.Auth.TokenSetting
		case cfg.User != "" || cfg.Password != "":
			s, from = dsn.AuthBasic, "User and Password"
		default:
			return "", fmt.Errorf("%w: no credentials in the connection string; %s", ErrConfig, howTo(p))
		}
		if !supports(p, s) {
			return "", fmt.Errorf("%w: the connection string holds %s, which means AuthScheme=%s, but %s is not supported by profile %s (supported: %s); %s",
				ErrConfig, from, s, s, p.Name, strings.Join(p.Auth.Schemes, ", "), howTo(p))
		}
		return s, nil
	}
	if s == dsn.AuthNone {
		return s, nil
	}
	if !supports(p, s) {
		return "", fmt.Errorf("%w: AuthScheme %s is not supported by profile %s (supported: %s); %s",
			ErrConfig, s, p.Name, strings.Join(p.Auth.Schemes, ", "), howTo(p))
	}
	return s, nil
}

func supports(p *schema.Provider, s dsn.AuthScheme) bool {
	return slices.ContainsFunc(p.Auth.Schemes, func(x string) bool { return strings.EqualFold(x, string(s)) })
}

// howTo lists the ways the profile accepts credentials.
func howTo(p *schema.Provider) string {
	var ways []string
	for _, s := range p.Auth.Schemes {
		switch dsn.AuthScheme(strings.ToUpper(s)) {
		case dsn.AuthAPIKey:
			if p.Auth.TokenSetting != "" {
				w := fmt.Sprintf("ProfileSettings='%s=…'", p.Auth.TokenSetting)
				if p.Auth.Hint != "" {
					w += " (" + p.Auth.Hint + ")"
				}
				ways = append(ways, w)
			}
		case dsn.AuthBasic:
			ways = append(ways, "User and Password (AuthScheme=BASIC)")
		case dsn.AuthOAuth:
			ways = append(ways, "AuthScheme=OAuth with InitiateOAuth=GETANDREFRESH, OAuthClientId, OAuthClientSecret and CallbackURL (or InitiateOAuth=OFF with OAuthAccessToken)")
		case dsn.AuthOAuthClient:
			ways = append(ways, "AuthScheme=OAUTH_CLIENT with OAuthClientId and OAuthClientSecret")
		}
	}
	if len(ways) == 0 {
		return "see docs/auth.md"
	}
	return "set " + strings.Join(ways, ", or ")
}

// New returns a transport that adds the credentials of the connection
// string to every request it sends through base (http.DefaultTransport
// when nil). It does no I/O: OAuth tokens are read from the store,
// refreshed or obtained at the first request, with that request's
// context.
//
//   - NONE sends requests unchanged.
//   - APIKEY sends the provider's token setting (ProfileSettings APIKey)
//     as a Bearer token.
//   - BASIC sends User and Password.
//   - OAUTH follows InitiateOAuth: OFF sends OAuthAccessToken as given;
//     GETANDREFRESH uses the stored token, refreshes it before it expires
//     and once after a 401, and runs the authorization-code flow when
//     there is none; REFRESH does the same but never starts a flow.
//   - OAUTH_CLIENT runs the client-credentials grant, for providers that
//     offer it.
//
// For Harvest OAuth without ProfileSettings AccountId, the transport also
// sends the Harvest-Account-Id header, found with [HarvestAccountID] at
// the first request (the token must reach exactly one Harvest account).
//
// The transport is safe for concurrent use; concurrent requests share one
// refresh or one authorization flow.
func New(cfg *dsn.Config, p *schema.Provider, settings map[string]string, base http.RoundTripper, opts ...Option) (http.RoundTripper, error) {
	if base == nil {
		base = http.DefaultTransport
	}
	s, err := Scheme(cfg, p, settings)
	if err != nil {
		return nil, err
	}
	o := newOptions(opts)
	var extra []string
	finds := FindsAccount(p, settings, s)
	if finds {
		extra = append(extra, harvestAccountsURL(cfg, p, settings))
	}
	baseURL := settings["BaseURL"]
	if baseURL == "" && o.apiBase == nil {
		baseURL, _ = expandURL(p.BaseURL, settings, p) // no base: a scope that refuses all
	}
	rt, err := newSchemeTransport(s, cfg, p, settings, base, o, apiScope(o, baseURL, extra...))
	if err != nil {
		return nil, err
	}
	if finds {
		return newAccountTransport(rt, extra[0], o), nil
	}
	return rt, nil
}

// FindsAccount reports whether the transport of New looks the account up
// itself (Harvest OAuth without ProfileSettings AccountId): the caller
// must then not require AccountId, nor send an empty Harvest-Account-Id.
func FindsAccount(p *schema.Provider, settings map[string]string, scheme dsn.AuthScheme) bool {
	return strings.EqualFold(p.Name, "harvest") && settings["AccountId"] == "" && scheme == dsn.AuthOAuth
}

func newSchemeTransport(s dsn.AuthScheme, cfg *dsn.Config, p *schema.Provider, settings map[string]string, base http.RoundTripper, o options, sc scope) (http.RoundTripper, error) {
	switch s {
	case dsn.AuthNone:
		return base, nil
	case dsn.AuthAPIKey:
		name := p.Auth.TokenSetting
		if name == "" {
			return nil, fmt.Errorf("%w: profile %s has no API key setting; %s", ErrConfig, p.Name, howTo(p))
		}
		tok := settings[name]
		if tok == "" {
			hint := p.Auth.Hint
			if hint == "" {
				hint = "add it as ProfileSettings='" + name + "=…'"
			}
			return nil, fmt.Errorf("%w: AuthScheme=APIKEY but ProfileSettings is missing %s; %s", ErrConfig, name, hint)
		}
		return &bearer{token: tok, base: base, scope: sc}, nil
	case dsn.AuthBasic:
		switch {
		case cfg.User == "" && cfg.Password == "":
			return nil, fmt.Errorf("%w: AuthScheme=BASIC needs User and Password, both missing", ErrConfig)
		case cfg.User == "":
			return nil, fmt.Errorf("%w: AuthScheme=BASIC needs User and Password; User is missing", ErrConfig)
		case cfg.Password == "":
			return nil, fmt.Errorf("%w: AuthScheme=BASIC needs User and Password; Password is missing", ErrConfig)
		}
		return &basic{user: cfg.User, password: cfg.Password, base: base, scope: sc}, nil
	case dsn.AuthOAuth, dsn.AuthOAuthClient:
		c, err := newClient(cfg, p, settings, s, base, o)
		if err != nil {
			return nil, err
		}
		return &oauthTransport{c: c, base: base, scope: sc}, nil
	}
	var others []string
	for _, x := range p.Auth.Schemes {
		if !strings.EqualFold(x, string(s)) {
			others = append(others, x)
		}
	}
	return nil, fmt.Errorf("%w: AuthScheme %s is not implemented by saasapi; profile %s also supports: %s",
		ErrConfig, s, p.Name, strings.Join(others, ", "))
}

// bearer adds Authorization: Bearer, to requests in its scope only.
type bearer struct {
	token string
	base  http.RoundTripper
	scope scope
}

// RoundTrip sends r with the token, on a copy: the caller's request is
// not modified. A request outside the scope is not sent.
func (b *bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	if !b.scope.allows(r.URL) {
		return nil, b.scope.refuse(r)
	}
	r2 := r.Clone(r.Context())
	r2.Header.Set("Authorization", "Bearer "+b.token)
	return b.base.RoundTrip(r2)
}

// String does not show the token.
func (b *bearer) String() string { return "auth.bearer{REDACTED}" }

// Format does not show the token, whatever the verb.
func (b *bearer) Format(f fmt.State, verb rune) { redactedFormat(f, verb, b.String()) }

// basic adds HTTP Basic credentials, to requests in its scope only.
type basic struct {
	user, password string
	base           http.RoundTripper
	scope          scope
}

// RoundTrip sends a copy of r with Basic credentials. A request outside
// the scope is not sent.
func (b *basic) RoundTrip(r *http.Request) (*http.Response, error) {
	if !b.scope.allows(r.URL) {
		return nil, b.scope.refuse(r)
	}
	r2 := r.Clone(r.Context())
	r2.SetBasicAuth(b.user, b.password)
	return b.base.RoundTrip(r2)
}

// String does not show the password.
func (b *basic) String() string { return "auth.basic{REDACTED}" }

// Format does not show the password, whatever the verb.
func (b *basic) Format(f fmt.State, verb rune) { redactedFormat(f, verb, b.String()) }
