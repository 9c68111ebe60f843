package dsn

import "slices"

// Property describes one connection-string property, for documentation and
// command-line help. See [Properties].
type Property struct {
	// Name is the canonical spelling, as written by FormatDSN and String.
	Name string
	// Doc is a one-sentence description.
	Doc string
	// Default is the value used when the property is absent, as it would
	// be written in a connection string ("" when there is none or it
	// depends on the profile).
	Default string
	// Secret reports whether String redacts the value.
	Secret bool
	// Allowed lists the accepted values of an enumerated property (nil
	// for free-form and integer properties).
	Allowed []string
}

// propID indexes the properties table; the order is the canonical order
// used by FormatDSN and String.
type propID int

const (
	pProfile propID = iota
	pProfileSettings
	pAuthScheme
	pInitiateOAuth
	pOAuthClientID
	pOAuthClientSecret
	pOAuthAccessToken
	pOAuthRefreshToken
	pOAuthSettingsLocation
	pCallbackURL
	pOAuthAuthorizationURL
	pOAuthAccessTokenURL
	pOAuthRefreshTokenURL
	pOAuthExpiresIn
	pOAuthTokenTimestamp
	pOAuthVerifier
	pScope
	pUser
	pPassword
	pTimeout
	pMaxRows
	pPagesize
	pLogfile
	pVerbosity
	pFixtures
	pFixtureMode
	pRateLimit
	pMaxRequests
	pAutoCache
	pCacheLocation
	pCacheTolerance
	pOffline
	pCacheConnection
	numProps
)

type propInfo struct {
	name    string
	doc     string
	def     string
	secret  bool
	allowed []string
}

var authSchemes = []string{
	string(AuthBasic), string(AuthNone), string(AuthNTLM),
	string(AuthOAuth), string(AuthOAuthClient), string(AuthAPIKey),
}

var fixtureModes = []string{string(FixtureReplay), string(FixtureRecord), string(FixtureOnce)}

var initiateValues = []string{
	string(InitiateOff), string(InitiateGetAndRefresh), string(InitiateRefresh),
}

// properties is indexed by propID.
var properties = [numProps]propInfo{
	pProfile: {name: "Profile",
		doc: `The API profile: a built-in name (harvest, aircall, aha), a CData-style path such as C:\profiles\Harvest.apip whose base name selects a built-in, or the path of a .yaml/.json profile.`},
	pProfileSettings: {name: "ProfileSettings",
		doc: `Provider-specific settings, written as a nested connection string (e.g. 'APIKey=...;AccountId=...').`},
	pAuthScheme: {name: "AuthScheme", allowed: authSchemes,
		doc: `The scheme used for authentication; when absent the profile chooses.`},
	pInitiateOAuth: {name: "InitiateOAuth", def: "OFF", allowed: initiateValues,
		doc: `How the OAuth access token is obtained or refreshed when connecting.`},
	pOAuthClientID: {name: "OAuthClientId",
		doc: `The client ID assigned when the OAuth application was registered.`},
	pOAuthClientSecret: {name: "OAuthClientSecret", secret: true,
		doc: `The client secret assigned when the OAuth application was registered.`},
	pOAuthAccessToken: {name: "OAuthAccessToken", secret: true,
		doc: `An OAuth access token obtained by other means.`},
	pOAuthRefreshToken: {name: "OAuthRefreshToken", secret: true,
		doc: `An OAuth refresh token used to obtain new access tokens.`},
	pOAuthSettingsLocation: {name: "OAuthSettingsLocation",
		doc: `The file where OAuth tokens are stored between connections.`},
	pCallbackURL: {name: "CallbackURL",
		doc: `The OAuth redirect URL registered with the application.`},
	pOAuthAuthorizationURL: {name: "OAuthAuthorizationURL",
		doc: `Overrides the profile's OAuth authorization endpoint (plain http only for loopback hosts).`},
	pOAuthAccessTokenURL: {name: "OAuthAccessTokenURL",
		doc: `Overrides the profile's OAuth token endpoint used to exchange the authorization code (plain http only for loopback hosts).`},
	pOAuthRefreshTokenURL: {name: "OAuthRefreshTokenURL",
		doc: `Overrides the profile's OAuth endpoint used to refresh tokens; defaults to OAuthAccessTokenURL.`},
	pOAuthExpiresIn: {name: "OAuthExpiresIn",
		doc: `The lifetime in seconds of OAuthAccessToken; with OAuthTokenTimestamp it tells when to refresh. -1 or absent means unknown.`},
	pOAuthTokenTimestamp: {name: "OAuthTokenTimestamp",
		doc: `The Unix epoch time in milliseconds when OAuthAccessToken was created.`},
	pOAuthVerifier: {name: "OAuthVerifier", secret: true,
		doc: `The authorization code from the OAuth redirect, to finish the flow on a machine without a browser.`},
	pScope: {name: "Scope",
		doc: `The OAuth scopes to request.`},
	pUser: {name: "User",
		doc: `The user name (or API ID) for Basic authentication.`},
	pPassword: {name: "Password", secret: true,
		doc: `The password (or API token) for Basic authentication.`},
	pTimeout: {name: "Timeout", def: "60",
		doc: `The timeout of each HTTP request in seconds; 0 disables it.`},
	pMaxRows: {name: "MaxRows", def: "0",
		doc: `The maximum number of rows a query without aggregates returns; 0 or -1 means no limit.`},
	pPagesize: {name: "Pagesize",
		doc: `The page size to request from the API; when absent the provider maximum is used.`},
	pLogfile: {name: "Logfile",
		doc: `The path of a log file recording every HTTP request.`},
	pVerbosity: {name: "Verbosity", def: "1",
		doc: `The detail of the log file, from 1 (requests and errors) to 5.`},
	pFixtures: {name: "Fixtures",
		doc: `A cassette file of recorded API exchanges: queries are answered from it (or recorded into it, per FixtureMode).`},
	pFixtureMode: {name: "FixtureMode", def: "replay", allowed: fixtureModes,
		doc: `What Fixtures does: replay (never the network), record (call the API and rewrite the file) or once (replay when the file exists, record otherwise).`},
	pRateLimit: {name: "RateLimit", def: "auto",
		doc: `The request budget of the API account, shared by every connection of the process that reaches it: auto (the provider's documented budget; none for a loopback BaseURL), off, or N/DURATION such as 100/15s or 60/1m.`},
	pMaxRequests: {name: "MaxRequests", def: "0",
		doc: `The most requests one query may send; a query estimated past it fails before sending anything, and one that reaches it while running stops; 0 means no cap.`},
	pAutoCache: {name: "AutoCache", def: "false", allowed: boolValues,
		doc: `Keeps every table a query reads whole in a local cache, and answers later queries from it while it is fresher than CacheTolerance.`},
	pCacheLocation: {name: "CacheLocation",
		doc: `The cache file (SQLite); by default a file per profile and account under the user's cache directory, mode 0600.`},
	pCacheTolerance: {name: "CacheTolerance", def: "600",
		doc: `How stale, in seconds, a cached table may be before a query refreshes it (incrementally where the API allows).`},
	pOffline: {name: "Offline", def: "false", allowed: boolValues,
		doc: `Answers from the cache only and sends no request; a table that was never cached is an error naming it.`},
	pCacheConnection: {name: "CacheConnection",
		doc: `A PostgreSQL database (postgres://user@host/db) holding the cache instead of the file; its password is redacted.`},
}

// boolValues are the spellings of the boolean properties.
var boolValues = []string{"true", "false"}

// lookup returns the ID of the property named key (ASCII case-insensitive).
// A linear scan over 31 names is as fast as a map and does not allocate.
func lookup(key string) (propID, bool) {
	for i := range properties {
		if asciiEqualFold(key, properties[i].name) {
			return propID(i), true
		}
	}
	return 0, false
}

// Properties returns the connection-string properties known to the parser,
// in canonical order. The result is a fresh copy the caller may modify.
func Properties() []Property {
	out := make([]Property, 0, numProps)
	for _, p := range properties {
		out = append(out, Property{
			Name:    p.name,
			Doc:     p.doc,
			Default: p.def,
			Secret:  p.secret,
			Allowed: slices.Clone(p.allowed),
		})
	}
	return out
}

// publicSettings are the ProfileSettings keys whose values are not secret.
var publicSettings = []string{"AccountId", "Domain", "BaseURL", "Subdomain", "Region", "Url"}

// IsSecretSetting reports whether String redacts the value of the
// ProfileSettings key. Redaction fails closed: every key is secret except
// the known public ones AccountId, Domain, BaseURL, Subdomain, Region and
// Url (compared ASCII case-insensitively).
func IsSecretSetting(key string) bool {
	for _, k := range publicSettings {
		if asciiEqualFold(key, k) {
			return false
		}
	}
	return true
}

// asciiLower lower-cases the ASCII letters of s and leaves other bytes
// alone, so that names are matched case-insensitively without Unicode
// look-alikes (such as the Kelvin sign for K) matching.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; 'A' <= c && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// asciiEqualFold reports whether a and b are equal under ASCII case folding.
func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
