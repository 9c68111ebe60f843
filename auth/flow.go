package auth

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/saasapi/saasapi/dsn"
	"github.com/saasapi/saasapi/schema"
)

// Flow runs the OAuth steps of one connection string by hand, as CData's
// OAuth procedures do: the whole interactive flow ([Flow.Login]), or, on a
// machine without a browser, [Flow.AuthURL] then [Flow.Exchange]. It also
// reports and removes the stored token. The `saasapi auth` commands are
// built on it.
//
// A Flow is safe for concurrent use. Its errors and its [Status] never
// contain a token, secret, code or verifier.
type Flow struct {
	c *client
}

// NewFlow checks the OAuth properties of cfg (AuthScheme must be, or be
// inferred as, OAUTH; OAuthClientId, and OAuthClientSecret unless the
// profile accepts PKCE) and resolves the token store. It does no I/O.
func NewFlow(cfg *dsn.Config, p *schema.Provider, settings map[string]string, opts ...Option) (*Flow, error) {
	s, err := Scheme(cfg, p, settings)
	if err != nil {
		return nil, err
	}
	if s != dsn.AuthOAuth {
		return nil, fmt.Errorf("%w: the OAuth authorization flow needs AuthScheme=OAuth; this connection string uses %s", ErrConfig, s)
	}
	o := newOptions(opts)
	base := http.DefaultTransport
	if o.httpClient != nil && o.httpClient.Transport != nil {
		base = o.httpClient.Transport
	}
	forFlow := cfg.Clone()
	if forFlow.InitiateOAuth == "" || forFlow.InitiateOAuth == dsn.InitiateOff {
		forFlow.InitiateOAuth = dsn.InitiateGetAndRefresh // the store is used whatever the mode
	}
	c, err := buildClient(forFlow, p, settings, s, base, o, true)
	if err != nil {
		return nil, err
	}
	return &Flow{c: c}, nil
}

// Store returns the token store in use: a file path, or a memory:// name.
func (f *Flow) Store() string {
	if f.c.store == nil {
		return ""
	}
	return f.c.store.location()
}

// AuthURL starts a two-step authorization: it saves a fresh state (and
// PKCE verifier, where the profile accepts PKCE) in the store and returns
// the authorization URL, to open in any browser. The browser is then
// redirected to CallbackURL with a code for [Flow.Exchange]; CallbackURL
// need not be served by saasapi.
func (f *Flow) AuthURL(ctx context.Context) (string, error) {
	if err := f.c.acquire(ctx); err != nil {
		return "", err
	}
	defer f.c.release()
	return f.c.authCodeURL(ctx)
}

// Exchange finishes the authorization [Flow.AuthURL] started: it trades
// the code for a token and stores it. code is the code parameter of the
// redirect, or the whole redirected URL (its state is then checked); an
// empty code means the connection string's OAuthVerifier. On any failure
// (wrong state, used or expired code) nothing is stored.
func (f *Flow) Exchange(ctx context.Context, code string) (*Status, error) {
	if code == "" {
		code = f.c.cfg.OAuthVerifier
	}
	if strings.TrimSpace(code) == "" {
		return nil, fmt.Errorf("%w: no authorization code: pass the code (or the URL the browser was redirected to), or set OAuthVerifier", ErrConfig)
	}
	if err := f.c.acquire(ctx); err != nil {
		return nil, err
	}
	defer f.c.release()
	t, err := f.c.exchange(ctx, code)
	if err != nil {
		return nil, err
	}
	f.c.tok, f.c.failed = t, nil
	return f.c.status()
}

// Login runs the interactive authorization-code flow: it listens on the
// loopback CallbackURL (default [DefaultCallbackURL]), prints the
// authorization URL to the [WithOutput] writer, opens it with the
// [WithBrowser] function, checks the redirect's state, exchanges the code
// (with PKCE where the profile accepts it) and stores the token. It waits
// until the redirect arrives or ctx ends.
func (f *Flow) Login(ctx context.Context) (*Status, error) {
	if err := f.c.acquire(ctx); err != nil {
		return nil, err
	}
	defer f.c.release()
	if f.c.storeErr != nil {
		return nil, f.c.storeErr
	}
	t, err := f.c.login(ctx)
	if err != nil {
		return nil, err
	}
	f.c.tok, f.c.failed = t, nil
	return f.c.status()
}

// Status reports what the store holds for this connection string.
func (f *Flow) Status(ctx context.Context) (*Status, error) {
	if err := f.c.acquire(ctx); err != nil {
		return nil, err
	}
	defer f.c.release()
	return f.c.status()
}

// Logout removes the stored token and any pending authorization of this
// connection string. It reports whether there was a token. It does not
// revoke the token at the provider.
func (f *Flow) Logout(ctx context.Context) (bool, error) {
	if err := f.c.acquire(ctx); err != nil {
		return false, err
	}
	defer f.c.release()
	if f.c.storeErr != nil {
		return false, f.c.storeErr
	}
	unlock, err := f.c.store.lock(ctx)
	if err != nil {
		return false, err
	}
	defer unlock()
	raw, err := f.c.store.load()
	if err != nil {
		return false, err
	}
	if raw == nil || !raw.matches(f.c) {
		return false, nil
	}
	had := raw.Token != nil
	f.c.tok = nil
	return had, f.c.store.remove()
}

// Status describes the token stored for a connection string. It never
// holds the token itself.
type Status struct {
	// Profile is the provider's profile name.
	Profile string
	// ClientID is the OAuth client ID.
	ClientID string
	// Store is the token store: a file path or a memory:// name.
	Store string
	// TokenEndpoint is the token endpoint the token came from.
	TokenEndpoint string
	// HasToken reports whether a token is stored.
	HasToken bool
	// TokenType is the token type ("bearer").
	TokenType string
	// Scopes are the scopes granted (or requested, when the server did not
	// say).
	Scopes []string
	// Expiry is when the access token expires; zero when the provider gave
	// no lifetime (a permanent token).
	Expiry time.Time
	// Obtained is when the token was obtained or last refreshed.
	Obtained time.Time
	// HasRefreshToken reports whether a refresh token is stored.
	HasRefreshToken bool
	// Extra holds the token response fields the profile keeps
	// (schema.OAuth.Extra, e.g. Aha!'s account_subdomain).
	Extra map[string]string
	// Pending is when an authorization started by AuthURL, not yet
	// exchanged, began; zero when there is none.
	Pending time.Time
	// Other describes a record of another profile, client ID or token
	// endpoint found in the store ("" when none), which is ignored and
	// will be replaced.
	Other string
}

// String formats the status for people, one "name: value" line each;
// expiry times are also given relative to now.
func (s *Status) String() string {
	var b strings.Builder
	line := func(k, v string) { fmt.Fprintf(&b, "%-15s %s\n", k+":", v) }
	line("profile", s.Profile)
	line("client id", s.ClientID)
	line("store", s.Store)
	line("token endpoint", s.TokenEndpoint)
	if !s.HasToken {
		line("token", "none stored; run \"saasapi auth login\" (or auth url and auth exchange)")
	} else {
		typ := s.TokenType
		if typ == "" {
			typ = "bearer"
		}
		v := "stored (" + typ + ")"
		if !s.Obtained.IsZero() {
			v += ", obtained " + s.Obtained.UTC().Format(time.RFC3339)
		}
		line("token", v)
		scopes := "(none given)"
		if len(s.Scopes) > 0 {
			scopes = strings.Join(s.Scopes, " ")
		}
		line("scopes", scopes)
		now := time.Now()
		switch {
		case s.Expiry.IsZero():
			line("expires", "never (no lifetime given)")
		case s.Expiry.After(now):
			line("expires", fmt.Sprintf("%s (in %s)", s.Expiry.UTC().Format(time.RFC3339), s.Expiry.Sub(now).Round(time.Second)))
		default:
			line("expires", fmt.Sprintf("%s (expired %s ago)", s.Expiry.UTC().Format(time.RFC3339), now.Sub(s.Expiry).Round(time.Second)))
		}
		rt := "no"
		if s.HasRefreshToken {
			rt = "yes"
		}
		line("refresh token", rt)
		for _, k := range slices.Sorted(maps.Keys(s.Extra)) {
			line(k, s.Extra[k])
		}
	}
	if !s.Pending.IsZero() {
		line("pending", "an authorization started at "+s.Pending.UTC().Format(time.RFC3339)+" waits for \"saasapi auth exchange\"")
	}
	if s.Other != "" {
		line("note", s.Other)
	}
	return b.String()
}

// status builds the Status of c's store.
func (c *client) status() (*Status, error) {
	s := &Status{Profile: c.profile, ClientID: c.clientID, TokenEndpoint: shownURL(c.tokenURL)}
	if c.tokenErr != nil {
		s.TokenEndpoint = "(unknown: " + c.tokenErr.Error() + ")"
	}
	if c.storeErr != nil {
		return nil, c.storeErr
	}
	s.Store = c.store.location()
	raw, err := c.store.load()
	if err != nil {
		return nil, err
	}
	c.learn(raw)
	if raw == nil {
		return s, nil
	}
	if !raw.matches(c) {
		s.Other = fmt.Sprintf("the store holds a token of profile %s, client ID %s, endpoint %s; it is ignored and will be replaced",
			raw.Profile, raw.ClientID, raw.TokenURL)
		return s, nil
	}
	if p := raw.Pending; p != nil {
		s.Pending = p.Created
	}
	if t := raw.Token; t != nil {
		s.HasToken = true
		s.TokenType = t.TokenType
		s.Scopes = slices.Clone(t.Scopes)
		s.Expiry = t.Expiry
		s.Obtained = t.Obtained
		s.HasRefreshToken = t.RefreshToken != ""
		s.Extra = maps.Clone(t.Extra)
	}
	return s, nil
}
