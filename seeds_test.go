package saasapi_test

import (
	"database/sql"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seedDSNs are the example connection strings of the seed documents
// (CData's and Progress DataDirect's pages for Aha!, Aircall and Harvest),
// verbatim.
var seedDSNs = []string{
	`Profile=C:\profiles\aha.apip;ProfileSettings='Domain=acmeinc';Authscheme=OAuth;InitiateOAuth=GETANDREFRESH;OAuthClientId=your_client_id;OAuthClientSecret=your_client_secret;CallbackUrl=your_callback_url;`,
	`Profile=C:\profiles\AirCall.apip;User=my_api_id;Password=my_api_token;`,
	`Profile=C:\profiles\AirCall.apip;Authscheme=OAuth;InitiateOAuth=GETANDREFRESH;OAuthClientId=your_client_id;OAuthClientSecret=your_client_secret;CallbackUrl=your_callback_url;`,
	`Profile=C:\profiles\Harvest.apip;ProfileSettings='APIKey=my_personal_key;AccountId=_your_account_id';`,
	`Profile=C:\profiles\Harvest.apip;ProfileSettings='AccountId=_your_account_id';Authscheme=OAuth;InitiateOAuth=GETANDREFRESH;OAuthClientId=your_client_id;OAuthClientSecret=your_client_secret;CallbackUrl=your_callback_url;`,
}

// TestSeedConnectionStringsOpen: every example connection string of the
// seeds opens a database verbatim, placeholders and all, and resolves its
// built-in profile; what placeholders cannot do (reach a real account) is
// found at the first query, with an error naming what to fix.
func TestSeedConnectionStringsOpen(t *testing.T) {
	for _, s := range seedDSNs {
		t.Run(s, func(t *testing.T) {
			db, err := sql.Open("saasapi", s)
			require.NoError(t, err)
			assert.NoError(t, db.Close())
		})
	}
}
