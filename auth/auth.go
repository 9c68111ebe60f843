package auth

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/saasapi/saasapi/dsn"
	"github.com/saasapi/saasapi/schema"
)

// ErrConfig is wrapped by every error about credentials in the
// connection string.
var ErrConfig = errors.New("authentication configuration")

// Scheme resolves the AuthScheme to use: the DSN's, or, when absent, the
// one its credentials imply. It checks that the provider supports it.
func Scheme(cfg *dsn.Config, p *schema.Provider, settings map[string]string) (dsn.AuthScheme, error) {
	s := cfg.AuthScheme
	if s == "" {
		switch {
		case cfg.OAuthAccessToken != "" || cfg.InitiateOAuth != "" || cfg.OAuthClientId != "":
			s = dsn.AuthOAuth
		case p.Auth.TokenSetting != "" && settings[p.Auth.TokenSetting] != "":
			s = dsn.AuthAPIKey
		case cfg.User != "" || cfg.Password != "":
			s = dsn.AuthBasic
		default:
			return "", fmt.Errorf("%w: no credentials in the connection string; %s", ErrConfig, howTo(p))
		}
	}
	if s == dsn.AuthNone {
		return s, nil
	}
	if !slices.ContainsFunc(p.Auth.Schemes, func(x string) bool { return strings.EqualFold(x, string(s)) }) {
		return "", fmt.Errorf("%w: AuthScheme %s is not supported by profile %s (supported: %s)",
			ErrConfig, s, p.Name, strings.Join(p.Auth.Schemes, ", "))
	}
	return s, nil
}

func howTo(p *schema.Provider) string {
	if p.Auth.TokenSetting != "" {
		return fmt.Sprintf("set ProfileSettings='%s=…' (%s), or AuthScheme=OAuth with OAuthAccessToken", p.Auth.TokenSetting, p.Auth.Hint)
	}
	return "set User and Password, or AuthScheme=OAuth with OAuthAccessToken"
}

// New returns a transport that adds the credentials of the connection
// string to every request it sends through base.
//
// Supported here: APIKEY (the provider's token setting sent as a Bearer
// token), BASIC (User and Password), OAUTH with InitiateOAuth=OFF (or
// absent) and OAuthAccessToken, and NONE. Interactive and refreshing OAuth
// flows are not available yet and say so.
func New(cfg *dsn.Config, p *schema.Provider, settings map[string]string, base http.RoundTripper) (http.RoundTripper, error) {
	if base == nil {
		base = http.DefaultTransport
	}
	s, err := Scheme(cfg, p, settings)
	if err != nil {
		return nil, err
	}
	switch s {
	case dsn.AuthNone:
		return base, nil
	case dsn.AuthAPIKey:
		name := p.Auth.TokenSetting
		if name == "" {
			return nil, fmt.Errorf("%w: profile %s has no API key setting; use another AuthScheme", ErrConfig, p.Name)
		}
		tok := settings[name]
		if tok == "" {
			return nil, fmt.Errorf("%w: ProfileSettings is missing %s; %s", ErrConfig, name, p.Auth.Hint)
		}
		return &bearer{token: tok, base: base}, nil
	case dsn.AuthBasic:
		if cfg.User == "" || cfg.Password == "" {
			return nil, fmt.Errorf("%w: AuthScheme=BASIC needs both User and Password", ErrConfig)
		}
		return &basic{user: cfg.User, password: cfg.Password, base: base}, nil
	case dsn.AuthOAuth:
		if cfg.InitiateOAuth != "" && cfg.InitiateOAuth != dsn.InitiateOff {
			return nil, fmt.Errorf("%w: InitiateOAuth=%s is not available yet; obtain a token yourself and pass it as OAuthAccessToken with InitiateOAuth=OFF", ErrConfig, cfg.InitiateOAuth)
		}
		if cfg.OAuthAccessToken == "" {
			return nil, fmt.Errorf("%w: AuthScheme=OAuth with InitiateOAuth=OFF needs OAuthAccessToken", ErrConfig)
		}
		return &bearer{token: cfg.OAuthAccessToken, base: base}, nil
	}
	return nil, fmt.Errorf("%w: AuthScheme %s is not available yet", ErrConfig, s)
}

// bearer adds Authorization: Bearer.
type bearer struct {
	token string
	base  http.RoundTripper
}

// RoundTrip sends r with the token, on a copy: the caller's request is
// not modified.
func (b *bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r2 := r.Clone(r.Context())
	r2.Header.Set("Authorization", "Bearer "+b.token)
	return b.base.RoundTrip(r2)
}

// basic adds HTTP Basic credentials.
type basic struct {
	user, password string
	base           http.RoundTripper
}

// RoundTrip sends a copy of r with Basic credentials.
func (b *basic) RoundTrip(r *http.Request) (*http.Response, error) {
	r2 := r.Clone(r.Context())
	r2.SetBasicAuth(b.user, b.password)
	return b.base.RoundTrip(r2)
}
