package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/saasapi/saasapi/dsn"
	"github.com/saasapi/saasapi/schema"
)

// DefaultCallbackURL is the redirect URL used when CallbackURL is absent,
// as in CData's drivers.
const DefaultCallbackURL = "http://localhost:33333"

// client holds what one connection string needs for OAuth: endpoints,
// client credentials, the token store and the current token. It is shared
// by every request of a transport; sem serializes the token work so that
// concurrent requests share one refresh or one authorization flow.
type client struct {
	profile  string
	clientID string
	scheme   dsn.AuthScheme
	mode     dsn.InitiateOAuth
	cfg      *dsn.Config // a clone; read only

	conf       oauth2.Config // Endpoint.TokenURL is the exchange endpoint
	authURL    string
	authErr    error // why there is no usable authorization endpoint
	tokenURL   string
	tokenErr   error // why there is no usable token endpoint
	refreshURL string
	pkce       bool
	extra      []string

	store    store
	storeErr error

	o       options
	hc      *http.Client
	secrets *scrubber

	sem      chan struct{}
	tok      *token    // guarded by sem
	rejected string    // access token the API refused; guarded by sem
	failed   error     // the last failure to get a token; guarded by sem
	failedAt time.Time // when it happened
}

// failureMemo is how long a failure to get a token is returned again
// without a new attempt: the REST client retries transport errors a few
// times within about two seconds, and a failed interactive flow or
// refresh must not run again for each retry.
const failureMemo = 5 * time.Second

// newClient checks the OAuth properties of cfg for scheme (OAUTH or
// OAUTH_CLIENT). forFlow relaxes the checks that only the transport
// needs (InitiateOAuth=OFF without OAuthAccessToken).
func newClient(cfg *dsn.Config, p *schema.Provider, settings map[string]string, scheme dsn.AuthScheme, base http.RoundTripper, o options) (*client, error) {
	return buildClient(cfg, p, settings, scheme, base, o, false)
}

func buildClient(cfg *dsn.Config, p *schema.Provider, settings map[string]string, scheme dsn.AuthScheme, base http.RoundTripper, o options, forFlow bool) (*client, error) {
	cfg = cfg.Clone()
	c := &client{
		profile:  p.Name,
		clientID: cfg.OAuthClientId,
		scheme:   scheme,
		mode:     cfg.InitiateOAuth,
		cfg:      cfg,
		o:        o,
		secrets:  &scrubber{},
		sem:      make(chan struct{}, 1),
	}
	if c.mode == "" {
		c.mode = dsn.InitiateOff
	}
	c.secrets.add(cfg.OAuthClientSecret, cfg.OAuthAccessToken, cfg.OAuthRefreshToken, cfg.OAuthVerifier, cfg.Password)
	for k, v := range settings {
		if s, ok := p.Setting(k); ok && s.Secret {
			c.secrets.add(v)
		}
	}
	oa := p.Auth.OAuth
	if oa == nil {
		oa = &schema.OAuth{}
	}
	c.pkce = oa.PKCE
	c.extra = oa.Extra

	var err error
	if c.authURL, c.authErr, err = resolveEndpoint(p, settings, "OAuthAuthorizationURL", cfg.OAuthAuthorizationURL, oa.AuthURL); err != nil {
		return nil, err
	}
	if c.tokenURL, c.tokenErr, err = resolveEndpoint(p, settings, "OAuthAccessTokenURL", cfg.OAuthAccessTokenURL, oa.TokenURL); err != nil {
		return nil, err
	}
	refreshTmpl := oa.RefreshURL
	if cfg.OAuthAccessTokenURL != "" {
		refreshTmpl = "" // the overridden token endpoint also refreshes
	}
	c.refreshURL = c.tokenURL
	if cfg.OAuthRefreshTokenURL != "" || refreshTmpl != "" {
		u, missing, err := resolveEndpoint(p, settings, "OAuthRefreshTokenURL", cfg.OAuthRefreshTokenURL, refreshTmpl)
		if err != nil {
			return nil, err
		}
		if missing == nil {
			c.refreshURL = u
		}
	}

	style := oauth2.AuthStyleInParams
	if strings.EqualFold(oa.ClientAuth, "header") {
		style = oauth2.AuthStyleInHeader
	}
	c.conf = oauth2.Config{
		ClientID:     cfg.OAuthClientId,
		ClientSecret: cfg.OAuthClientSecret,
		Endpoint:     oauth2.Endpoint{AuthURL: c.authURL, TokenURL: c.tokenURL, AuthStyle: style},
		Scopes:       scopes(cfg.Scope, oa.Scopes),
	}

	hc := o.guarded(o.httpClient, base)
	hc.Transport = &userAgent{ua: o.userAgent, base: hc.Transport}
	c.hc = hc

	switch {
	case scheme == dsn.AuthOAuthClient:
		if !oa.ClientCredentials {
			return nil, fmt.Errorf("%w: profile %s does not offer the client-credentials grant (AuthScheme=OAUTH_CLIENT); %s",
				ErrConfig, p.Name, howTo(p))
		}
		if cfg.OAuthClientId == "" || cfg.OAuthClientSecret == "" {
			return nil, fmt.Errorf("%w: AuthScheme=OAUTH_CLIENT needs OAuthClientId and OAuthClientSecret", ErrConfig)
		}
		if c.tokenErr != nil {
			return nil, c.tokenErr
		}
		return c, nil
	case c.mode == dsn.InitiateOff && !forFlow:
		if cfg.OAuthAccessToken == "" {
			return nil, fmt.Errorf("%w: AuthScheme=OAuth with InitiateOAuth=OFF (the default) needs OAuthAccessToken; "+
				"or set InitiateOAuth=GETANDREFRESH with OAuthClientId, OAuthClientSecret and CallbackURL to let saasapi obtain and refresh the token (docs/auth.md)", ErrConfig)
		}
		return c, nil
	}
	if cfg.OAuthClientId == "" {
		return nil, fmt.Errorf("%w: AuthScheme=OAuth with InitiateOAuth=%s needs OAuthClientId, the client ID of the OAuth application registered with %s",
			ErrConfig, c.mode, p.Name)
	}
	if cfg.OAuthClientSecret == "" && !c.pkce {
		return nil, fmt.Errorf("%w: AuthScheme=OAuth with InitiateOAuth=%s needs OAuthClientSecret, the client secret of the OAuth application registered with %s",
			ErrConfig, c.mode, p.Name)
	}
	c.store, c.storeErr = openStore(cfg.OAuthSettingsLocation, p, settings, cfg.OAuthClientId)
	return c, nil
}

// scopes splits the Scope property (spaces or commas), or returns the
// profile's default scopes.
func scopes(prop string, def []string) []string {
	f := strings.FieldsFunc(prop, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	if len(f) > 0 {
		return f
	}
	return slices.Clone(def)
}

// resolveEndpoint returns the OAuth endpoint an override property or the
// profile's template gives. An endpoint that cannot be built for lack of
// a setting or a template is returned as missing, to be reported only
// when the endpoint is needed; a bad override, or a setting that would
// change the template's host, is an error at once.
func resolveEndpoint(p *schema.Provider, settings map[string]string, prop, override, tmpl string) (u string, missing, err error) {
	if override != "" {
		u, err := checkEndpoint(prop, override)
		return u, nil, err
	}
	if tmpl == "" {
		return "", fmt.Errorf("%w: profile %s declares no OAuth endpoint for %s; set %s", ErrConfig, p.Name, prop, prop), nil
	}
	expanded, err := expandURL(tmpl, settings, p)
	var ms *missingSetting
	if errors.As(err, &ms) {
		return "", err, nil
	}
	if err != nil {
		return "", nil, err
	}
	u, err = checkEndpoint("the profile's endpoint for "+prop, expanded)
	return u, nil, err
}

// checkEndpoint validates an endpoint URL: absolute, https, or http with a
// loopback host, without user information or fragment.
func checkEndpoint(what, raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", fmt.Errorf("%w: %s %q is not an absolute http(s) URL", ErrConfig, what, shownURL(raw))
	}
	if u.Scheme == "http" && !isLoopbackHost(u.Hostname()) {
		return "", fmt.Errorf("%w: %s %q: plain http is only allowed for loopback hosts; use https", ErrConfig, what, shownURL(raw))
	}
	if u.User != nil || u.Fragment != "" {
		return "", fmt.Errorf("%w: %s %q must not hold user information or a fragment", ErrConfig, what, shownURL(raw))
	}
	return u.String(), nil
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

var placeholder = regexp.MustCompile(`\{([^{}]*)\}`)

// missingSetting reports a setting an endpoint template needs.
type missingSetting struct{ err error }

func (m *missingSetting) Error() string { return m.err.Error() }
func (m *missingSetting) Unwrap() error { return m.err }

// expandURL fills the {Setting} placeholders of an endpoint template.
// Values are checked against the setting's declared pattern; a value in
// the host must be a single DNS label, so that no setting can send the
// request to another host. A missing setting is a *missingSetting.
func expandURL(tmpl string, settings map[string]string, p *schema.Provider) (string, error) {
	hostEnd := len(tmpl)
	if i := strings.Index(tmpl, "://"); i >= 0 {
		if j := strings.IndexAny(tmpl[i+3:], "/?#"); j >= 0 {
			hostEnd = i + 3 + j
		}
	}
	var b strings.Builder
	last := 0
	for _, m := range placeholder.FindAllStringSubmatchIndex(tmpl, -1) {
		b.WriteString(tmpl[last:m[0]])
		last = m[1]
		name := tmpl[m[2]:m[3]]
		v := lookupSetting(settings, name)
		decl, declared := p.Setting(name)
		if v == "" {
			doc := ""
			if declared && decl.Doc != "" {
				doc = " (" + strings.TrimSuffix(decl.Doc, ".") + ")"
			}
			return "", &missingSetting{fmt.Errorf("%w: ProfileSettings is missing %s%s, needed for the OAuth endpoints of %s; add it as ProfileSettings='%s=…'",
				ErrConfig, name, doc, p.Name, name)}
		}
		shown := strconv.Quote(v)
		if declared && decl.Secret {
			shown = dsn.Redacted
		}
		if declared {
			if err := decl.Pattern.Check(v); err != nil {
				return "", fmt.Errorf("%w: ProfileSettings %s %s %v", ErrConfig, name, shown, err)
			}
		}
		if m[0] < hostEnd {
			if err := schema.PatternDNSLabel.Check(v); err != nil {
				return "", fmt.Errorf("%w: ProfileSettings %s %s %v (it is part of the host name of the OAuth endpoints)", ErrConfig, name, shown, err)
			}
			b.WriteString(v)
			continue
		}
		b.WriteString(url.PathEscape(v))
	}
	b.WriteString(tmpl[last:])
	return b.String(), nil
}

func lookupSetting(settings map[string]string, name string) string {
	if v, ok := settings[name]; ok {
		return v
	}
	for k, v := range settings {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// userAgent sets the User-Agent of token-endpoint requests.
type userAgent struct {
	ua   string
	base http.RoundTripper
}

func (u *userAgent) RoundTrip(r *http.Request) (*http.Response, error) {
	base := u.base
	if base == nil {
		base = http.DefaultTransport
	}
	if r.Header.Get("User-Agent") != "" {
		return base.RoundTrip(r)
	}
	r2 := r.Clone(r.Context())
	r2.Header.Set("User-Agent", u.ua)
	return base.RoundTrip(r2)
}

// token is an OAuth token as kept in memory and in the store. Its String
// and GoString methods never show the secrets.
type token struct {
	AccessToken  string            `json:"access_token"`
	TokenType    string            `json:"token_type,omitempty"`
	RefreshToken string            `json:"refresh_token,omitempty"`
	Expiry       time.Time         `json:"expiry,omitzero"`
	Obtained     time.Time         `json:"obtained,omitzero"`
	Scopes       []string          `json:"scopes,omitempty"`
	Extra        map[string]string `json:"extra,omitempty"`
}

// String hides the secrets.
func (t token) String() string {
	return fmt.Sprintf("auth.token{type: %s, expiry: %s, refresh token: %t, access token: REDACTED}",
		t.TokenType, t.Expiry.Format(time.RFC3339), t.RefreshToken != "")
}

// GoString hides the secrets.
func (t token) GoString() string { return t.String() }

// authorization returns the Authorization header value.
func (t *token) authorization() string {
	typ := t.TokenType
	if typ == "" || strings.EqualFold(typ, "bearer") {
		typ = "Bearer"
	}
	return typ + " " + t.AccessToken
}

// fromOAuth2 converts a token endpoint answer, keeping the profile's extra
// fields and the granted scopes.
func (c *client) fromOAuth2(ot *oauth2.Token) *token {
	t := &token{
		AccessToken:  ot.AccessToken,
		TokenType:    ot.TokenType,
		RefreshToken: ot.RefreshToken,
		Expiry:       ot.Expiry.UTC().Round(0),
		Obtained:     c.o.now().UTC().Round(0),
	}
	if s, ok := ot.Extra("scope").(string); ok && strings.TrimSpace(s) != "" {
		t.Scopes = strings.Fields(s)
	} else {
		t.Scopes = slices.Clone(c.conf.Scopes)
	}
	for _, k := range c.extra {
		v := ot.Extra(k)
		if v == nil {
			continue
		}
		if t.Extra == nil {
			t.Extra = map[string]string{}
		}
		switch v := v.(type) {
		case string:
			t.Extra[k] = v
		case float64:
			t.Extra[k] = strconv.FormatFloat(v, 'f', -1, 64)
		default:
			b, _ := json.Marshal(v)
			t.Extra[k] = string(b)
		}
	}
	c.secrets.add(t.AccessToken, t.RefreshToken)
	return t
}

// dsnToken is the token of OAuthAccessToken, with the expiry
// OAuthTokenTimestamp + OAuthExpiresIn when both are known.
func (c *client) dsnToken() *token {
	t := &token{AccessToken: c.cfg.OAuthAccessToken, RefreshToken: c.cfg.OAuthRefreshToken, Scopes: slices.Clone(c.conf.Scopes)}
	if !c.cfg.OAuthTokenTimestamp.IsZero() {
		t.Obtained = c.cfg.OAuthTokenTimestamp
		if c.cfg.OAuthExpiresIn > 0 {
			t.Expiry = c.cfg.OAuthTokenTimestamp.Add(c.cfg.OAuthExpiresIn)
		}
	}
	return t
}

// refreshable reports whether a new token can be had without the user.
func (c *client) refreshable(t *token) bool {
	if c.scheme == dsn.AuthOAuthClient {
		return true
	}
	return c.mode != dsn.InitiateOff && (t.RefreshToken != "" || c.cfg.OAuthRefreshToken != "")
}

// usable reports whether t may be sent: not refused by the API, and not
// about to expire if it can be refreshed (or not expired if it cannot).
func (c *client) usable(t *token) bool {
	if t == nil || t.AccessToken == "" || t.AccessToken == c.rejected {
		return false
	}
	if t.Expiry.IsZero() {
		return true
	}
	now := c.o.now()
	if !c.refreshable(t) {
		return now.Before(t.Expiry)
	}
	margin := 30 * time.Second
	if !t.Obtained.IsZero() {
		if life := t.Expiry.Sub(t.Obtained); life > 0 && life/4 < margin {
			margin = life / 4
		}
	}
	return now.Add(margin).Before(t.Expiry)
}

// acquire takes the token lock, honouring ctx.
func (c *client) acquire(ctx context.Context) error {
	select {
	case c.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *client) release() { <-c.sem }

// token returns the token to send. rejected, when not empty, is an access
// token the API just refused: another one is returned, or an error.
func (c *client) token(ctx context.Context, rejected string) (*token, error) {
	if err := c.acquire(ctx); err != nil {
		return nil, err
	}
	defer c.release()
	if rejected != "" && c.tok != nil && c.tok.AccessToken == rejected {
		c.rejected = rejected
		c.o.logger.LogAttrs(ctx, slog.LevelWarn, "oauth access token rejected by the API", c.attrs()...)
	}
	if c.usable(c.tok) {
		return c.tok, nil
	}
	if c.failed != nil && c.o.now().Sub(c.failedAt) < failureMemo {
		return nil, c.failed
	}
	var t *token
	var err error
	switch {
	case c.scheme == dsn.AuthOAuthClient:
		t, err = c.clientCredentials(ctx)
	case c.mode == dsn.InitiateOff:
		t, err = c.offToken()
	default:
		t, err = c.renew(ctx)
	}
	if err != nil {
		if ctx.Err() == nil {
			c.failed, c.failedAt = err, c.o.now()
		}
		return nil, err
	}
	c.tok, c.failed = t, nil
	return t, nil
}

func (c *client) attrs(more ...slog.Attr) []slog.Attr {
	a := []slog.Attr{slog.String("profile", c.profile), slog.String("client_id", c.clientID)}
	if c.store != nil {
		a = append(a, slog.String("store", c.store.location()))
	}
	return append(a, more...)
}

// offToken is OAuthAccessToken, as given (InitiateOAuth=OFF).
func (c *client) offToken() (*token, error) {
	t := c.dsnToken()
	if t.AccessToken == c.rejected {
		return nil, c.rejectedError(t)
	}
	if !t.Expiry.IsZero() && !c.o.now().Before(t.Expiry) {
		return nil, fmt.Errorf("%w: OAuthAccessToken expired at %s (OAuthTokenTimestamp + OAuthExpiresIn) and InitiateOAuth=OFF does not refresh it; "+
			"pass a new OAuthAccessToken, or set InitiateOAuth=REFRESH with OAuthRefreshToken, or InitiateOAuth=GETANDREFRESH",
			ErrLoginRequired, t.Expiry.Format(time.RFC3339))
	}
	return t, nil
}

// rejectedError explains a 401 to a token that cannot be refreshed.
func (c *client) rejectedError(t *token) error {
	why := "it has no refresh token"
	switch {
	case c.mode == dsn.InitiateOff:
		why = "InitiateOAuth=OFF never refreshes OAuthAccessToken"
	case strings.EqualFold(c.profile, "aircall"):
		why = "Aircall OAuth tokens are permanent and have no refresh token"
	case t.Expiry.IsZero():
		why = "it is a permanent token without a refresh token"
	}
	check := "check that the token was not revoked and that it was issued for this account"
	switch strings.ToLower(c.profile) {
	case "aircall":
		check = "check that the app is still installed in the Aircall account (Dashboard → Integrations) and that its token was not revoked"
	case "harvest":
		check = "check that the token was not revoked and that ProfileSettings AccountId is an account the token reaches"
	case "aha":
		check = "check that the token was not revoked and that ProfileSettings Domain is the token's Aha! account"
	}
	next := "run \"saasapi auth login --dsn …\" for a new token"
	if c.mode == dsn.InitiateOff {
		next = "pass a current OAuthAccessToken, or use InitiateOAuth=GETANDREFRESH"
	}
	return fmt.Errorf("%w: %s answered 401 Unauthorized to the OAuth access token, which cannot be refreshed (%s): %s; %s",
		ErrTokenRejected, c.profile, why, check, next)
}

// oauthCtx makes the oauth2 package send its requests through c.hc.
func (c *client) oauthCtx(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, c.hc)
}

// clientCredentials runs the client-credentials grant.
func (c *client) clientCredentials(ctx context.Context) (*token, error) {
	cc := clientcredentials.Config{
		ClientID:     c.conf.ClientID,
		ClientSecret: c.conf.ClientSecret,
		TokenURL:     c.tokenURL,
		Scopes:       c.conf.Scopes,
		AuthStyle:    c.conf.Endpoint.AuthStyle,
	}
	ot, err := cc.Token(c.oauthCtx(ctx))
	if err != nil {
		return nil, c.tokenError(ctx, err, "client_credentials", c.tokenURL)
	}
	t := c.fromOAuth2(ot)
	c.o.logger.LogAttrs(ctx, slog.LevelInfo, "oauth token obtained (client credentials)", c.attrs(expiryAttr(t))...)
	return t, nil
}

func expiryAttr(t *token) slog.Attr {
	if t.Expiry.IsZero() {
		return slog.String("expiry", "none")
	}
	return slog.Time("expiry", t.Expiry)
}

// renew finds or gets a token for InitiateOAuth=GETANDREFRESH or REFRESH:
// the stored one, the connection string's, a refreshed one, the exchange
// of OAuthVerifier, or (GETANDREFRESH only) the interactive flow.
func (c *client) renew(ctx context.Context) (*token, error) {
	if c.storeErr != nil {
		return nil, c.storeErr
	}
	rec, err := c.load()
	if err != nil {
		return nil, err
	}
	cur := rec.Token
	if c.usable(cur) {
		return cur, nil
	}
	if cur == nil && c.cfg.OAuthAccessToken != "" {
		cur = c.dsnToken()
		if c.usable(cur) {
			return cur, nil
		}
	}
	if cur != nil && c.refreshable(cur) || cur == nil && c.cfg.OAuthRefreshToken != "" {
		return c.refresh(ctx, cur)
	}
	if cur != nil && cur.AccessToken == c.rejected {
		return nil, c.rejectedError(cur)
	}
	if c.mode == dsn.InitiateRefresh {
		return nil, fmt.Errorf("%w: InitiateOAuth=REFRESH needs OAuthRefreshToken or a refreshable token stored in %s, and there is none; "+
			"run \"saasapi auth login --dsn …\" (or auth url and auth exchange) to store one", ErrLoginRequired, c.store.location())
	}
	if v := c.cfg.OAuthVerifier; v != "" && codeHash(v) != rec.UsedCode {
		return c.exchange(ctx, v)
	}
	return c.login(ctx)
}

// load reads the store's record for this connection string; a record of
// another profile, client or endpoint reads as empty.
func (c *client) load() (*record, error) {
	rec, err := c.store.load()
	if err != nil {
		return nil, err
	}
	c.learn(rec)
	if rec == nil || !rec.matches(c) {
		return &record{}, nil
	}
	return rec, nil
}

// learn registers the secrets of a stored record with the scrubber.
func (c *client) learn(rec *record) {
	if rec == nil {
		return
	}
	if t := rec.Token; t != nil {
		c.secrets.add(t.AccessToken, t.RefreshToken)
	}
	if p := rec.Pending; p != nil {
		c.secrets.add(p.Verifier)
	}
}

// save writes t (or, with t nil, only the record's other fields) under
// the store lock, keeping what update does not change.
func (c *client) save(ctx context.Context, update func(*record)) error {
	unlock, err := c.store.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	rec, err := c.load()
	if err != nil {
		return err
	}
	update(rec)
	rec.identify(c)
	return c.store.save(rec)
}

// refresh gets a new access token with a refresh token, under the store
// lock. After taking the lock it reads the store again: a token another
// process refreshed meanwhile is used instead of refreshing again (the
// provider may rotate refresh tokens, so the old one may be spent).
func (c *client) refresh(ctx context.Context, cur *token) (*token, error) {
	if c.tokenErr != nil {
		return nil, c.tokenErr
	}
	unlock, err := c.store.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	rec, err := c.load()
	if err != nil {
		return nil, err
	}
	if st := rec.Token; st != nil && (cur == nil || st.AccessToken != cur.AccessToken) && c.usable(st) {
		c.o.logger.LogAttrs(ctx, slog.LevelInfo, "oauth token refreshed by another process", c.attrs(expiryAttr(st))...)
		return st, nil
	}
	var candidates []string
	for _, t := range []*token{rec.Token, cur} {
		if t != nil && t.RefreshToken != "" && !slices.Contains(candidates, t.RefreshToken) {
			candidates = append(candidates, t.RefreshToken)
		}
	}
	if rt := c.cfg.OAuthRefreshToken; rt != "" && !slices.Contains(candidates, rt) {
		candidates = append(candidates, rt)
	}
	conf := c.conf
	conf.Endpoint.TokenURL = c.refreshURL
	var lastErr error
	for _, rt := range candidates {
		ot, err := conf.TokenSource(c.oauthCtx(ctx), &oauth2.Token{RefreshToken: rt, Expiry: time.Unix(1, 0)}).Token()
		if err != nil {
			lastErr = c.tokenError(ctx, err, "refresh_token", c.refreshURL)
			var re *oauth2.RetrieveError
			if errors.As(err, &re) && re.ErrorCode == "invalid_grant" {
				continue // try the next refresh token, if any
			}
			return nil, lastErr
		}
		t := c.fromOAuth2(ot)
		if t.RefreshToken == "" {
			t.RefreshToken = rt
		}
		if len(t.Extra) == 0 && rec.Token != nil {
			t.Extra = rec.Token.Extra
		}
		rec.Token = t
		rec.identify(c)
		if err := c.store.save(rec); err != nil {
			c.o.logger.LogAttrs(ctx, slog.LevelWarn, "oauth token refreshed but not stored", c.attrs(slog.String("error", c.secrets.scrub(err.Error())))...)
		} else {
			c.o.logger.LogAttrs(ctx, slog.LevelInfo, "oauth token refreshed and stored", c.attrs(expiryAttr(t))...)
		}
		return t, nil
	}
	return nil, lastErr
}

// tokenError turns a failed token request into a *TokenError naming the
// endpoint, the OAuth error and what to do.
func (c *client) tokenError(ctx context.Context, err error, grant, endpoint string) error {
	if ctx.Err() != nil && !errors.As(err, new(*oauth2.RetrieveError)) {
		return fmt.Errorf("OAuth %s grant at %s: %w", grant, shownURL(endpoint), ctx.Err())
	}
	te := &TokenError{Endpoint: shownURL(endpoint), Grant: grant}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		te.Code = re.ErrorCode
		te.Description = c.secrets.scrub(re.ErrorDescription)
		if re.Response != nil {
			te.Status = re.Response.StatusCode
		}
	} else {
		te.cause = err
		var ue *url.Error
		if errors.As(err, &ue) {
			te.Description = c.secrets.scrub(ue.Op + " " + shownURL(ue.URL) + ": " + ue.Err.Error())
		} else {
			te.Description = c.secrets.scrub(err.Error())
		}
	}
	switch {
	case te.Code == "invalid_grant" && grant == "refresh_token":
		te.login = true
		te.Hint = "the refresh token has expired or was revoked; run \"saasapi auth login --dsn …\" to authorize again (nothing was stored)"
	case te.Code == "invalid_grant" && grant == "authorization_code":
		te.Hint = "the authorization code is invalid, expired or was already used (or the PKCE verifier or redirect URL does not match); start again with \"saasapi auth login\" or \"saasapi auth url\" (nothing was stored)"
	case te.Code == "invalid_client" || te.Code == "unauthorized_client" || te.Status == http.StatusUnauthorized:
		te.Hint = "check OAuthClientId and OAuthClientSecret, and that the application is registered with " + c.profile
	case te.Code == "invalid_scope":
		te.Hint = "check the Scope property"
	case te.Code == "invalid_request" || te.Code == "unsupported_grant_type":
		te.Hint = "check the OAuth properties of the connection string and the token endpoint (OAuthAccessTokenURL, OAuthRefreshTokenURL)"
	case te.Status >= 500:
		te.Hint = "the authorization server failed; try again later"
	case te.Status == 0 && te.Code == "":
		te.Hint = "check the network and the token endpoint URL"
	default:
		te.Hint = "check the OAuth properties of the connection string (docs/auth.md)"
	}
	c.o.logger.LogAttrs(ctx, slog.LevelWarn, "oauth token request failed", c.attrs(
		slog.String("grant", grant), slog.String("endpoint", te.Endpoint), slog.Int("status", te.Status), slog.String("code", te.Code))...)
	return te
}

// codeHash identifies a used authorization code without storing it.
func codeHash(code string) string {
	sum := sha256.Sum256([]byte(code))
	return hex.EncodeToString(sum[:8])
}
