// Package auth turns the AuthScheme of a connection string into an
// http.RoundTripper that adds credentials to every request.
//
// This release supports API keys (APIKEY), Basic credentials (BASIC), and
// OAuth access tokens passed in the connection string (AuthScheme=OAuth,
// InitiateOAuth=OFF, OAuthAccessToken). Credentials never appear in errors.
package auth
