// Package dsn parses and formats saasapi connection strings, which follow
// the format of CData's API Data Provider:
//
//	Profile=C:\profiles\Harvest.apip;ProfileSettings='APIKey=my_personal_key;AccountId=_your_account_id';
//
// The full reference, with one section per property, is docs/dsn.md.
//
// # Grammar
//
//   - A connection string is a list of Key=Value pairs separated by ';'.
//     A trailing ';' is allowed and empty segments (";;") are ignored.
//   - Keys are case-insensitive (ASCII). White space around keys and values
//     is ignored. A key must not be empty; a segment without '=' is a
//     syntax error. An empty value (Key=) means "use the default".
//   - A value may be quoted with single or double quotes. Inside, the quote
//     character is written twice to stand for itself, and ';' and '=' are
//     ordinary characters (see the example below). After the closing quote
//     only white space may follow before the ';' or the end.
//   - Unquoted values are taken literally up to the next ';': there is no
//     escape processing, so C:\profiles\aha.apip needs no quoting. An
//     unquoted value may contain '=' but not ';'.
//   - Each property may be given once.
//   - ProfileSettings is itself a connection string in the same grammar
//     (usually quoted): ProfileSettings='APIKey=abc;AccountId=123'. Its keys
//     are free-form, case-insensitive and kept in order; the provider
//     validates them.
//
// For example
//
//	User='it''s';Password="p;a=ss";ProfileSettings="APIKey='a;b';AccountId=1"
//
// sets User to it's, Password to p;a=ss and ProfileSettings to the two
// settings APIKey (a;b) and AccountId (1).
//
// # Properties
//
// In canonical order (the order of [Properties], FormatDSN and String):
//
//	Profile                built-in name (harvest, aircall, aha) or path of a profile
//	ProfileSettings        nested connection string of provider settings
//	AuthScheme             BASIC, NONE, NTLM, OAUTH, OAUTH_CLIENT or APIKEY
//	InitiateOAuth          OFF (default), GETANDREFRESH or REFRESH
//	OAuthClientId          OAuth client ID
//	OAuthClientSecret      OAuth client secret (secret)
//	OAuthAccessToken       OAuth access token (secret)
//	OAuthRefreshToken      OAuth refresh token (secret)
//	OAuthSettingsLocation  where OAuth tokens are stored
//	CallbackURL            OAuth redirect URL (not validated by Parse)
//	Scope                  OAuth scopes
//	User                   Basic authentication user
//	Password               Basic authentication password (secret)
//	Timeout                request timeout in seconds, default 60, 0 = none
//	MaxRows                row cap for queries without aggregates; 0 or -1 = none
//	Pagesize               page size to request; default the provider maximum
//	Logfile                path of the HTTP request log
//	Verbosity              log detail 1..5, default 1
//
// Enumerated values are case-insensitive and stored in upper case. String
// properties are accepted as given.
//
// # Redaction
//
// [Config.FormatDSN] writes the canonical connection string, secrets
// included. [Config.String] (also used by fmt's %v and %#v) writes the same
// text with every non-empty secret replaced by REDACTED: the values of
// OAuthClientSecret, OAuthAccessToken, OAuthRefreshToken and Password, and
// every ProfileSettings value whose key is not one of the known public keys
// AccountId, Domain, BaseURL, Subdomain, Region and Url (fail closed; see
// [IsSecretSetting]). Error messages never contain a secret value either:
// text that follows an unquoted secret value (it may be the rest of a
// secret containing ';') is not echoed.
package dsn
