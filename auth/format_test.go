package auth

import (
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/saasapi/saasapi/dsn"
	"github.com/saasapi/saasapi/providers/harvest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCredentialTypesPrintNoSecret prints every type of the package that
// holds a credential with every verb and looks for the secrets.
func TestCredentialTypesPrintNoSecret(t *testing.T) {
	const secret = "hunter2-"
	tok := &token{AccessToken: secret + "access", RefreshToken: secret + "refresh", TokenType: "bearer", Expiry: time.Now()}
	cfg, err := dsn.Parse("Profile=harvest;AuthScheme=OAuth;OAuthClientId=cid;OAuthClientSecret=" + secret + "client;OAuthAccessToken=" + secret + "at;InitiateOAuth=OFF")
	require.NoError(t, err)
	o := newOptions(nil)
	c, err := newClient(cfg, harvest.Provider(), map[string]string{"AccountId": "1"}, dsn.AuthOAuth, nil, o)
	require.NoError(t, err)
	c.tok = tok
	api, _ := url.Parse("https://api.harvestapp.com/v2")
	sc := scope{origins: []*url.URL{api}}
	m := memoryStore("memory://format")
	m.data = []byte(`{"token":{"access_token":"` + secret + `x"}}`)
	values := map[string]any{
		"token":            tok,
		"token value":      *tok,
		"pending":          pending{State: secret + "state", Verifier: secret + "verifier"},
		"record":           record{Token: tok, Pending: &pending{Verifier: secret + "v"}},
		"client":           c,
		"flow":             &Flow{c: c},
		"bearer":           &bearer{token: secret + "pat", scope: sc},
		"basic":            &basic{user: "u", password: secret + "pw", scope: sc},
		"oauthTransport":   &oauthTransport{c: c, scope: sc},
		"accountTransport": newAccountTransport(&bearer{token: secret + "pat"}, "https://id.getharvest.com/api/v2/accounts", o),
		"memStore":         m,
		"callbackResult":   callbackResult{code: secret + "code"},
		"scrubber":         &scrubber{vals: []string{secret + "s"}},
	}
	for name, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, secret, "%s %s: %s", name, verb, out)
		}
	}
}
