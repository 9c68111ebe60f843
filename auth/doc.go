// Package auth turns the AuthScheme of a connection string into an
// http.RoundTripper that adds credentials to every request, and runs the
// OAuth 2.0 flows behind it.
//
// # Schemes
//
// [Scheme] resolves AuthScheme (inferring it from the credentials when
// absent) and [New] builds the transport:
//
//   - NONE: requests are sent unchanged.
//   - APIKEY: the provider's token setting (ProfileSettings APIKey) is sent
//     as a Bearer token (Harvest personal access tokens, Aha! API keys).
//   - BASIC: User and Password (Aircall's API ID and API token).
//   - OAUTH: the authorization-code flow, following InitiateOAuth (below).
//   - OAUTH_CLIENT: the client-credentials grant, for profiles whose
//     schema.OAuth.ClientCredentials is set.
//
// NTLM, and any scheme the profile does not list, is an error naming the
// schemes the profile supports.
//
// # InitiateOAuth
//
//   - OFF (the default): OAuthAccessToken is sent as given and never
//     refreshed; with OAuthTokenTimestamp and OAuthExpiresIn its expiry is
//     known and an expired token is reported before it is sent.
//   - GETANDREFRESH: the token in the store is used; when there is none,
//     the connection string's OAuthAccessToken/OAuthRefreshToken, the
//     exchange of OAuthVerifier, or else the interactive flow obtains one.
//     The token is refreshed before it expires and once after a 401, after
//     which a GET is sent again.
//   - REFRESH: like GETANDREFRESH, but never interactive: a token is
//     refreshed from the store or OAuthRefreshToken, and without either
//     the error wraps [ErrLoginRequired].
//
// Tokens are obtained lazily, at the first request and with its context:
// [New] does no I/O. Concurrent requests share one refresh or one flow.
//
// # The interactive flow
//
// The flow listens on the loopback host and port of CallbackURL
// (default http://localhost:33333; it refuses other hosts, and callbacks
// from non-loopback addresses), prints the authorization URL and tries to
// open a browser ([WithOutput], [WithBrowser]), checks the random state of
// the redirect, uses PKCE (S256) where the profile accepts it, exchanges
// the code and stores the token. On machines without a browser, [Flow]
// splits it in two: [Flow.AuthURL] saves the state and verifier in the
// store and returns the URL; [Flow.Exchange] takes the code (or the
// redirected URL) and stores the token.
//
// # The token store
//
// OAuthSettingsLocation names a JSON file (default: one per profile and
// client ID under os.UserConfigDir()/saasapi/), or memory://name to keep
// tokens in the process. The file has mode 0600 and is replaced
// atomically; a lock file (flock where available) serializes refreshes
// across processes, and the store is read again under the lock so that a
// token another process refreshed is used rather than refreshed twice. It
// holds the access and refresh tokens, their expiry and type, the scopes
// and the extra response fields the profile names (schema.OAuth.Extra).
//
// # Secrets
//
// Tokens, client secrets, authorization codes, PKCE verifiers, passwords
// and API keys never appear in an error, a log line ([WithLogger]), a
// String method or a [Status]. Token endpoint failures are [*TokenError]s
// naming the endpoint (without its query), the OAuth error code and
// description, and what to do.
//
// # Harvest accounts
//
// Harvest needs the Harvest-Account-Id header. When a Harvest OAuth
// connection string has no ProfileSettings AccountId, the transport [New]
// returns looks the account up once with
// [HarvestAccountID] (GET https://id.getharvest.com/api/v2/accounts) and
// uses it if the token reaches exactly one Harvest account; otherwise the
// error lists the accounts.
package auth
