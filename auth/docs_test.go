package auth_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDocsCoverAuth holds docs/auth.md to the surface: every
// authentication property, the seed connection strings verbatim, the
// commands, the store and the sentinels.
func TestDocsCoverAuth(t *testing.T) {
	b, err := os.ReadFile("../docs/auth.md")
	require.NoError(t, err)
	doc := string(b)
	for _, s := range []string{
		"### AuthScheme", "### InitiateOAuth", "### OAuthClientId, OAuthClientSecret", "### OAuthAccessToken, OAuthRefreshToken",
		"### OAuthExpiresIn, OAuthTokenTimestamp", "### CallbackURL", "### Scope",
		"### OAuthAuthorizationURL, OAuthAccessTokenURL, OAuthRefreshTokenURL", "### OAuthVerifier",
		"### OAuthSettingsLocation", "### User, Password", "APIKey, AccountId, Domain",
		"NONE", "BASIC", "APIKEY", "OAUTH_CLIENT", "NTLM", "GETANDREFRESH", "REFRESH",
		seedAhaOAuth, seedAircallBasic, seedAircallOAuth, seedHarvestToken, seedHarvestOAuth,
		"saasapi auth login", "saasapi auth url", "saasapi auth exchange", "saasapi auth status", "saasapi auth logout",
		"0600", "memory://", "os.UserConfigDir", "flock",
		"ErrConfig", "ErrLoginRequired", "ErrTokenEndpoint", "ErrCallback", "ErrTokenRejected", "ErrStore", "ErrAccount",
		"## What is never logged",
	} {
		assert.Contains(t, doc, s)
	}
}
