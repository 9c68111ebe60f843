package dsn

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// AuthScheme is the value of the AuthScheme property, stored in canonical
// upper case ("" when absent).
type AuthScheme string

// The accepted AuthScheme values.
const (
	AuthBasic       AuthScheme = "BASIC"
	AuthNone        AuthScheme = "NONE"
	AuthNTLM        AuthScheme = "NTLM"
	AuthOAuth       AuthScheme = "OAUTH"
	AuthOAuthClient AuthScheme = "OAUTH_CLIENT"
	AuthAPIKey      AuthScheme = "APIKEY"
)

// InitiateOAuth is the value of the InitiateOAuth property, stored in
// canonical upper case ("" when absent, which means InitiateOff).
type InitiateOAuth string

// The accepted InitiateOAuth values.
const (
	InitiateOff           InitiateOAuth = "OFF"
	InitiateGetAndRefresh InitiateOAuth = "GETANDREFRESH"
	InitiateRefresh       InitiateOAuth = "REFRESH"
)

// Defaults applied by Parse to absent properties.
const (
	DefaultTimeout   = 60 * time.Second
	DefaultVerbosity = 1
	// DefaultCacheTolerance is how stale a cached table may be before a
	// query refreshes it.
	DefaultCacheTolerance = 600 * time.Second
)

// Redacted replaces secret values in the output of String.
const Redacted = "REDACTED"

// Limits of the integer properties.
const (
	maxTimeoutSeconds = 1<<31 - 1
	maxPagesize       = 1<<31 - 1
	minVerbosity      = 1
	maxVerbosity      = 5
)

// Config is a parsed connection string. See the package documentation for
// the meaning of each property.
//
// Config has no hidden state, so a Config built in code compares equal
// (reflect.DeepEqual, testify's Equal) to the one Parse returns for the same
// properties; for Configs returned by Parse, equality holds exactly when
// FormatDSN returns the same text. Parse applies defaults that the zero
// Config lacks: use NewConfig as a starting point. String and GoString
// redact secrets, so a Config can be printed or logged with the fmt package;
// but a Config stored in an unexported struct field is printed by fmt field
// by field, unredacted.
type Config struct {
	// Profile is a built-in profile name ("harvest") or a path
	// (C:\profiles\Harvest.apip, /x/p.yaml), as given.
	Profile string
	// ProfileSettings holds the parsed nested ProfileSettings string.
	ProfileSettings Settings
	// AuthScheme is "" when absent.
	AuthScheme AuthScheme
	// InitiateOAuth is "" when absent (treated as InitiateOff).
	InitiateOAuth InitiateOAuth

	// OAuthClientId is the client ID of the registered OAuth application.
	OAuthClientId string
	// OAuthClientSecret is the client secret of the OAuth application
	// (secret: redacted by String).
	OAuthClientSecret string
	// OAuthAccessToken is an access token obtained by other means
	// (secret).
	OAuthAccessToken string
	// OAuthRefreshToken is the token used to refresh the access token
	// (secret).
	OAuthRefreshToken string
	// OAuthSettingsLocation is the file where OAuth tokens are kept.
	OAuthSettingsLocation string
	// CallbackURL is the OAuth redirect URL. Parse does not validate it:
	// the CData examples use the placeholder "your_callback_url".
	CallbackURL string
	// Scope is the OAuth scopes to request.
	Scope string

	// OAuthAuthorizationURL, OAuthAccessTokenURL and OAuthRefreshTokenURL
	// override the profile's OAuth endpoints.
	OAuthAuthorizationURL string
	OAuthAccessTokenURL   string
	OAuthRefreshTokenURL  string
	// OAuthExpiresIn is the lifetime of OAuthAccessToken; 0 when unknown
	// (the property values -1 and absent).
	OAuthExpiresIn time.Duration
	// OAuthTokenTimestamp is when OAuthAccessToken was created (the
	// property is Unix milliseconds); zero when unknown.
	OAuthTokenTimestamp time.Time
	// OAuthVerifier is the authorization code of a two-step flow.
	OAuthVerifier string // secret

	// User is the Basic authentication user (AirCall: the API ID).
	User string
	// Password is the Basic authentication password (AirCall: the API
	// token; secret).
	Password string

	// Timeout is the per-request timeout: DefaultTimeout when absent,
	// 0 for no timeout. The property is written in whole seconds.
	Timeout time.Duration
	// MaxRows caps the rows of a query without aggregates; 0 means no
	// limit (the property values 0 and -1 both mean no limit).
	MaxRows int64
	// Pagesize is the page size to request; 0 means the provider default.
	Pagesize int
	// Logfile is the path of the HTTP request log ("" for none).
	Logfile string
	// Verbosity is the log detail, 1..5 (DefaultVerbosity when absent).
	Verbosity int

	// Fixtures is the cassette file of recorded exchanges ("" for none).
	Fixtures string
	// FixtureMode is what Fixtures does; "" means FixtureReplay.
	FixtureMode FixtureMode

	// RateLimit is the account's request budget; the zero value is auto.
	RateLimit RateLimit
	// MaxRequests caps the requests of one query; 0 means no cap.
	MaxRequests int

	// AutoCache keeps the tables queries read whole in a local cache
	// and answers from it while it is fresher than CacheTolerance.
	AutoCache bool
	// CacheLocation is the cache file (SQLite); "" means a file per
	// profile and account under the user's cache directory.
	CacheLocation string
	// CacheTolerance is how stale a cached table may be before a query
	// refreshes it: DefaultCacheTolerance when absent. The property is
	// written in whole seconds.
	CacheTolerance time.Duration
	// Offline answers from the cache only, sending no request.
	Offline bool
	// CacheConnection is a PostgreSQL URL (postgres://…) holding the
	// cache instead of the file; String redacts its password.
	CacheConnection string
}

// RateLimit is the value of the RateLimit property. The zero value is
// auto: the provider's documented budget, none for a loopback BaseURL.
type RateLimit struct {
	// Off turns the budget off.
	Off bool
	// Requests in any window of Period; 0 with Off false means auto.
	Requests int
	// Period is the length of the window.
	Period time.Duration
}

// IsAuto reports whether r is auto.
func (r RateLimit) IsAuto() bool { return !r.Off && r.Requests == 0 }

// String returns r as written in a connection string: auto, off or
// N/DURATION.
func (r RateLimit) String() string {
	switch {
	case r.Off:
		return "off"
	case r.Requests == 0:
		return "auto"
	}
	return strconv.Itoa(r.Requests) + "/" + formatPeriod(r.Period)
}

// formatPeriod writes a duration without Go's trailing zero units
// ("15s", "1m", "1h30m").
func formatPeriod(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// ParseRateLimit reads a RateLimit value: auto, off, or N/DURATION
// (a whole number of requests per a Go duration such as 15s, 1m, 1h30m;
// a bare unit s, m or h means one of it).
func ParseRateLimit(v string) (RateLimit, bool) {
	v = strings.TrimSpace(v)
	switch strings.ToLower(v) {
	case "", "auto":
		return RateLimit{}, true
	case "off", "none", "0":
		return RateLimit{Off: true}, true
	}
	n, per, ok := strings.Cut(v, "/")
	if !ok {
		return RateLimit{}, false
	}
	reqs, err := strconv.Atoi(strings.TrimSpace(n))
	if err != nil || reqs < 1 {
		return RateLimit{}, false
	}
	per = strings.TrimSpace(strings.ToLower(per))
	switch per {
	case "s", "m", "h":
		per = "1" + per
	}
	d, err := time.ParseDuration(per)
	if err != nil || d <= 0 || d > 24*time.Hour {
		return RateLimit{}, false
	}
	return RateLimit{Requests: reqs, Period: d}, true
}

// FixtureMode says whether a cassette is replayed or recorded.
type FixtureMode string

// The fixture modes.
const (
	FixtureReplay FixtureMode = "REPLAY" // answer from the cassette, never the network
	FixtureRecord FixtureMode = "RECORD" // call the API and rewrite the cassette
	FixtureOnce   FixtureMode = "ONCE"   // replay when the cassette exists, record otherwise
)

// NewConfig returns a Config with the defaults Parse applies to an empty
// connection string.
func NewConfig() *Config {
	return &Config{Timeout: DefaultTimeout, Verbosity: DefaultVerbosity, CacheTolerance: DefaultCacheTolerance}
}

// Parse parses a CData-style connection string such as
//
//	Profile=C:\profiles\Harvest.apip;ProfileSettings='APIKey=...;AccountId=123';
//
// Property names are case-insensitive; absent properties get their
// defaults (Timeout 60s, Verbosity 1, CacheTolerance 600s). Every error is an *[Error] wrapping
// one of ErrSyntax, ErrUnknownProperty, ErrInvalidValue or ErrDuplicate,
// and never contains a secret value.
func Parse(dsn string) (*Config, error) {
	c := NewConfig()
	var seen [numProps]bool
	err := scan(dsn, "", canonicalName, isSecretProperty, func(seg *segment) error {
		id, ok := lookup(seg.key)
		if !ok {
			return unknownProperty(seg)
		}
		if seen[id] {
			name := properties[id].name
			return &Error{Property: name, Offset: seg.keyOff, Err: ErrDuplicate,
				Msg: "property " + quoteName(name) + " given twice"}
		}
		seen[id] = true
		return c.set(id, seg)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// canonicalName returns the canonical spelling of a known property, or key.
func canonicalName(key string) string {
	if id, ok := lookup(key); ok {
		return properties[id].name
	}
	return key
}

// isSecretProperty reports whether text following an unquoted value of key
// must not be echoed. ProfileSettings counts: its values are mostly secret.
func isSecretProperty(key string) bool {
	id, ok := lookup(key)
	return ok && (properties[id].secret || id == pProfileSettings || id == pCacheConnection)
}

func unknownProperty(seg *segment) error {
	e := &Error{Property: seg.key, Offset: seg.keyOff, Err: ErrUnknownProperty}
	switch {
	case seg.afterSecret != "":
		e.Property = ""
		e.Msg = "unknown property in the text after the value of " + seg.afterSecret +
			` (name not shown, it may be part of the secret; quote values that contain ";")`
	case isWellKnownSetting(seg.key):
		e.Msg = "unknown property " + quoteName(seg.key) +
			" (provider settings go inside ProfileSettings, e.g. ProfileSettings='" + seg.key + "=...')"
	default:
		if s := suggest(seg.key); s != "" {
			e.Msg = "unknown property " + quoteName(seg.key) + " (did you mean " + strconv.Quote(s) + "?)"
		} else {
			e.Msg = "unknown property " + quoteName(seg.key) + " (see docs/dsn.md for the list of properties)"
		}
	}
	return e
}

// isWellKnownSetting reports whether key is a ProfileSettings key of a
// built-in provider, often written at the top level by mistake.
func isWellKnownSetting(key string) bool {
	if asciiEqualFold(key, "APIKey") {
		return true
	}
	return !IsSecretSetting(key)
}

func invalid(id propID, seg *segment, want string) error {
	return &Error{Property: properties[id].name, Offset: seg.valOff, Err: ErrInvalidValue,
		Msg: "invalid value " + quoteName(seg.val) + " (" + want + ")"}
}

// set stores the value of one property.
func (c *Config) set(id propID, seg *segment) error {
	v := seg.val
	switch id {
	case pProfile:
		c.Profile = v
	case pProfileSettings:
		s, err := parseSettings(v, "ProfileSettings.")
		if err != nil {
			return remapNested(err, seg)
		}
		c.ProfileSettings = s
	case pAuthScheme:
		a, ok := parseEnum(v, properties[id].allowed)
		if !ok {
			return invalid(id, seg, "allowed: "+strings.Join(properties[id].allowed, ", "))
		}
		c.AuthScheme = AuthScheme(a)
	case pInitiateOAuth:
		a, ok := parseEnum(v, properties[id].allowed)
		if !ok {
			return invalid(id, seg, "allowed: "+strings.Join(properties[id].allowed, ", "))
		}
		c.InitiateOAuth = InitiateOAuth(a)
	case pOAuthClientID:
		c.OAuthClientId = v
	case pOAuthClientSecret:
		c.OAuthClientSecret = v
	case pOAuthAccessToken:
		c.OAuthAccessToken = v
	case pOAuthRefreshToken:
		c.OAuthRefreshToken = v
	case pOAuthSettingsLocation:
		c.OAuthSettingsLocation = v
	case pCallbackURL:
		c.CallbackURL = v
	case pScope:
		c.Scope = v
	case pOAuthAuthorizationURL:
		c.OAuthAuthorizationURL = v
	case pOAuthAccessTokenURL:
		c.OAuthAccessTokenURL = v
	case pOAuthRefreshTokenURL:
		c.OAuthRefreshTokenURL = v
	case pOAuthExpiresIn:
		n, ok := parseInt(v, -1, maxTimeoutSeconds, -1)
		if !ok {
			return invalid(id, seg, "want the token lifetime in whole seconds, or -1 for unknown")
		}
		c.OAuthExpiresIn = time.Duration(max(n, 0)) * time.Second
	case pOAuthTokenTimestamp:
		n, ok := parseInt(v, 0, 1<<62, 0)
		if !ok {
			return invalid(id, seg, "want Unix epoch milliseconds")
		}
		if n > 0 {
			c.OAuthTokenTimestamp = time.UnixMilli(n).UTC()
		}
	case pOAuthVerifier:
		c.OAuthVerifier = v
	case pFixtures:
		c.Fixtures = v
	case pFixtureMode:
		a, ok := parseEnum(v, properties[id].allowed)
		if !ok {
			return invalid(id, seg, "allowed: replay, record, once")
		}
		c.FixtureMode = FixtureMode(a)
	case pRateLimit:
		r, ok := ParseRateLimit(v)
		if !ok {
			return invalid(id, seg, "want auto, off, or N/DURATION such as 100/15s or 60/1m")
		}
		c.RateLimit = r
	case pMaxRequests:
		n, ok := parseInt(v, 0, 1<<31-1, 0)
		if !ok {
			return invalid(id, seg, "want a whole number of requests, 0 for no cap")
		}
		c.MaxRequests = int(n)
	case pUser:
		c.User = v
	case pPassword:
		c.Password = v
	case pTimeout:
		n, ok := parseInt(v, 0, maxTimeoutSeconds, int64(DefaultTimeout/time.Second))
		if !ok {
			return invalid(id, seg, "want whole seconds from 0 to "+strconv.Itoa(maxTimeoutSeconds)+"; 0 disables the timeout")
		}
		c.Timeout = time.Duration(n) * time.Second
	case pMaxRows:
		n, ok := parseInt(v, -1, 1<<63-1, 0)
		if !ok {
			return invalid(id, seg, "want -1 or an integer from 0 to 9223372036854775807; -1 and 0 mean no limit")
		}
		c.MaxRows = max(n, 0)
	case pPagesize:
		n, ok := parseInt(v, 1, maxPagesize, 0)
		if !ok {
			return invalid(id, seg, "want an integer from 1 to "+strconv.Itoa(maxPagesize))
		}
		c.Pagesize = int(n)
	case pLogfile:
		c.Logfile = v
	case pVerbosity:
		n, ok := parseInt(v, minVerbosity, maxVerbosity, DefaultVerbosity)
		if !ok {
			return invalid(id, seg, "want an integer from 1 to 5")
		}
		c.Verbosity = int(n)
	case pAutoCache, pOffline:
		b, ok := parseBool(v)
		if !ok {
			return invalid(id, seg, "want true or false")
		}
		if id == pAutoCache {
			c.AutoCache = b
		} else {
			c.Offline = b
		}
	case pCacheLocation:
		c.CacheLocation = v
	case pCacheTolerance:
		n, ok := parseInt(v, 0, maxTimeoutSeconds, int64(DefaultCacheTolerance/time.Second))
		if !ok {
			return invalid(id, seg, "want whole seconds from 0 to "+strconv.Itoa(maxTimeoutSeconds)+"; 0 refreshes at every query")
		}
		c.CacheTolerance = time.Duration(n) * time.Second
	case pCacheConnection:
		if err := checkCacheConnection(v); err != nil {
			// The value may hold a password: it is not echoed.
			return &Error{Property: properties[id].name, Offset: seg.valOff, Err: ErrInvalidValue, Msg: err.Error()}
		}
		c.CacheConnection = strings.TrimSpace(v)
	}
	return nil
}

// parseBool reads true/false (also yes/no, on/off, 1/0), ASCII
// case-insensitive; an empty value means false.
func parseBool(v string) (bool, bool) {
	switch asciiLower(strings.TrimSpace(v)) {
	case "true", "yes", "on", "1":
		return true, true
	case "false", "no", "off", "0", "":
		return false, true
	}
	return false, false
}

// checkCacheConnection accepts a PostgreSQL URL (postgres:// or
// postgresql://, with a host or a socket directory in host=) or nothing.
// The message never holds the value, which may carry a password.
func checkCacheConnection(v string) error {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return errors.New("invalid value (want a PostgreSQL URL such as postgres://user@host:5432/dbname; the value is not shown, it may hold a password)")
	}
	if u.Host == "" && u.Query().Get("host") == "" {
		return errors.New("invalid value (the PostgreSQL URL names no host: postgres://user@host:5432/dbname, or ?host=/socket/dir)")
	}
	return nil
}

// parseEnum matches v (trimmed, ASCII case-insensitive) against allowed and
// returns the canonical spelling; an empty value means "absent".
func parseEnum(v string, allowed []string) (string, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", true
	}
	for _, a := range allowed {
		if asciiEqualFold(v, a) {
			return a, true
		}
	}
	return "", false
}

// parseInt parses a decimal integer in [lo, hi]; an empty value yields def.
func parseInt(v string, lo, hi, def int64) (int64, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return def, true
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < lo || n > hi {
		return 0, false
	}
	return n, true
}

// FormatDSN returns the canonical, unredacted connection string for c:
// every property whose value differs from its default, in the fixed order
// of [Properties], with values quoted with ' only when needed.
// Parse(c.FormatDSN()) returns a Config equal to c when c came from Parse.
func (c *Config) FormatDSN() string { return c.format(false) }

// String returns the connection string like FormatDSN, but with every
// non-empty secret replaced by [Redacted]: OAuthClientSecret,
// OAuthAccessToken, OAuthRefreshToken, Password, and each ProfileSettings
// value whose key is secret according to [IsSecretSetting].
func (c Config) String() string { return c.format(true) }

// GoString returns String, so that %#v does not leak secrets.
func (c Config) GoString() string { return c.String() }

// Clone returns a deep copy of c (nil for nil).
func (c *Config) Clone() *Config {
	if c == nil {
		return nil
	}
	d := *c
	d.ProfileSettings = c.ProfileSettings.Clone()
	return &d
}

func (c *Config) format(redact bool) string {
	var b strings.Builder
	add := func(id propID, v string) {
		if b.Len() > 0 {
			b.WriteByte(';')
		}
		b.WriteString(properties[id].name)
		b.WriteByte('=')
		b.WriteString(quoteValue(v))
	}
	str := func(id propID, v string) {
		if v == "" {
			return
		}
		if redact && properties[id].secret {
			v = Redacted
		}
		if redact && urlProperty[id] {
			v = RedactURL(v)
		}
		add(id, v)
	}
	str(pProfile, c.Profile)
	if len(c.ProfileSettings) > 0 {
		add(pProfileSettings, c.ProfileSettings.format(redact))
	}
	str(pAuthScheme, string(c.AuthScheme))
	str(pInitiateOAuth, string(c.InitiateOAuth))
	str(pOAuthClientID, c.OAuthClientId)
	str(pOAuthClientSecret, c.OAuthClientSecret)
	str(pOAuthAccessToken, c.OAuthAccessToken)
	str(pOAuthRefreshToken, c.OAuthRefreshToken)
	str(pOAuthSettingsLocation, c.OAuthSettingsLocation)
	str(pCallbackURL, c.CallbackURL)
	str(pOAuthAuthorizationURL, c.OAuthAuthorizationURL)
	str(pOAuthAccessTokenURL, c.OAuthAccessTokenURL)
	str(pOAuthRefreshTokenURL, c.OAuthRefreshTokenURL)
	if c.OAuthExpiresIn > 0 {
		add(pOAuthExpiresIn, strconv.FormatInt(int64(c.OAuthExpiresIn/time.Second), 10))
	}
	if !c.OAuthTokenTimestamp.IsZero() {
		add(pOAuthTokenTimestamp, strconv.FormatInt(c.OAuthTokenTimestamp.UnixMilli(), 10))
	}
	str(pOAuthVerifier, c.OAuthVerifier)
	str(pScope, c.Scope)
	str(pUser, c.User)
	str(pPassword, c.Password)
	if c.Timeout != DefaultTimeout {
		secs := int64(0)
		if c.Timeout > 0 { // round a sub-second remainder up, never to 0
			secs = int64(c.Timeout / time.Second)
			if c.Timeout%time.Second != 0 {
				secs++
			}
		}
		add(pTimeout, strconv.FormatInt(secs, 10))
	}
	if c.MaxRows > 0 {
		add(pMaxRows, strconv.FormatInt(c.MaxRows, 10))
	}
	if c.Pagesize > 0 {
		add(pPagesize, strconv.Itoa(c.Pagesize))
	}
	str(pLogfile, c.Logfile)
	if c.Verbosity != DefaultVerbosity && c.Verbosity != 0 {
		add(pVerbosity, strconv.Itoa(c.Verbosity))
	}
	str(pFixtures, c.Fixtures)
	str(pFixtureMode, string(c.FixtureMode))
	if !c.RateLimit.IsAuto() {
		add(pRateLimit, c.RateLimit.String())
	}
	if c.MaxRequests > 0 {
		add(pMaxRequests, strconv.Itoa(c.MaxRequests))
	}
	if c.AutoCache {
		add(pAutoCache, "true")
	}
	str(pCacheLocation, c.CacheLocation)
	if c.CacheTolerance != DefaultCacheTolerance {
		add(pCacheTolerance, strconv.FormatInt(int64((c.CacheTolerance+time.Second-1)/time.Second), 10))
	}
	if c.Offline {
		add(pOffline, "true")
	}
	str(pCacheConnection, c.CacheConnection)
	return b.String()
}

// quoteValue returns v as written in a connection string: unchanged, or
// quoted with ' (inner ' doubled) when it is empty, contains ';', '=' or a
// quote, or begins or ends with white space.
func quoteValue(v string) string {
	if !needsQuote(v) {
		return v
	}
	return "'" + strings.ReplaceAll(v, "'", "''") + "'"
}

func needsQuote(v string) bool {
	if v == "" || strings.ContainsAny(v, `;='"`) {
		return true
	}
	first, _ := utf8.DecodeRuneInString(v)
	last, _ := utf8.DecodeLastRuneInString(v)
	return unicode.IsSpace(first) || unicode.IsSpace(last)
}

// urlProperty marks the properties whose value is a URL: String redacts
// the credentials a URL can carry.
var urlProperty = map[propID]bool{pCallbackURL: true, pOAuthAuthorizationURL: true, pOAuthAccessTokenURL: true, pOAuthRefreshTokenURL: true,
	pCacheConnection: true}

// RedactURL replaces the user info of a URL and the values of query
// parameters that look like credentials with REDACTED, as String does for
// URL properties; a value with nothing to hide is returned as written.
func RedactURL(v string) string {
	u, err := url.Parse(v)
	if err != nil || u.Host == "" {
		if strings.Contains(v, "@") {
			return Redacted
		}
		return v
	}
	changed := false
	if u.User != nil && u.User.String() != Redacted {
		u.User = url.User(Redacted)
		changed = true
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k, vs := range q {
			if credentialName(k) && !(len(vs) == 1 && vs[0] == Redacted) {
				q.Set(k, Redacted)
				changed = true
			}
		}
		if changed {
			u.RawQuery = q.Encode()
		}
	}
	if !changed {
		return v // nothing to hide: keep the text as written
	}
	return u.String()
}

// credentialName reports whether a query parameter's name suggests a
// credential.
func credentialName(k string) bool {
	k = strings.ToLower(k)
	for _, w := range []string{"secret", "token", "password", "passwd", "key", "code", "verifier", "auth", "signature", "sig"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}
