package auth_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/saasapi/saasapi/auth"
	"github.com/saasapi/saasapi/dsn"
	"github.com/saasapi/saasapi/providers"
	"github.com/saasapi/saasapi/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The connection strings of the seed documents (/work/shared/seeds), verbatim.
const (
	seedAhaOAuth       = `Profile=C:\profiles\aha.apip;ProfileSettings='Domain=acmeinc';Authscheme=OAuth;InitiateOAuth=GETANDREFRESH;OAuthClientId=your_client_id;OAuthClientSecret=your_client_secret;CallbackUrl=your_callback_url;`
	seedAircallBasic   = `Profile=C:\profiles\AirCall.apip;User=my_api_id;Password=my_api_token;`
	seedAircallOAuth   = `Profile=C:\profiles\AirCall.apip;Authscheme=OAuth;InitiateOAuth=GETANDREFRESH;OAuthClientId=your_client_id;OAuthClientSecret=your_client_secret;CallbackUrl=your_callback_url;`
	seedHarvestToken   = `Profile=C:\profiles\Harvest.apip;ProfileSettings='APIKey=my_personal_key;AccountId=_your_account_id';`
	seedHarvestOAuth   = `Profile=C:\profiles\Harvest.apip;ProfileSettings='AccountId=_your_account_id';Authscheme=OAuth;InitiateOAuth=GETANDREFRESH;OAuthClientId=your_client_id;OAuthClientSecret=your_client_secret;CallbackUrl=your_callback_url;`
	seedClientSecret   = "your_client_secret"
	seedBasicPassword  = "my_api_token"
	seedPersonalAPIKey = "my_personal_key"
)

// resolve returns the profile and the settings by declared name.
func resolve(t *testing.T, cfg *dsn.Config) (*schema.Provider, map[string]string) {
	t.Helper()
	p, err := providers.Resolve(cfg.Profile)
	require.NoError(t, err)
	settings := map[string]string{}
	for _, kv := range cfg.ProfileSettings {
		s, ok := p.Setting(kv.Key)
		require.True(t, ok, kv.Key)
		settings[s.Name] = kv.Value
	}
	return p, settings
}

// rewrite sends every request to the fake server, keeping the path: the
// providers' real hosts (acmeinc.aha.io, api.aircall.io…) land there.
type rewrite struct{ to *url.URL }

func (rw rewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	if h := r.URL.Hostname(); h == "127.0.0.1" || h == "localhost" {
		return http.DefaultTransport.RoundTrip(r) // the callback listener
	}
	r2 := r.Clone(r.Context())
	r2.URL.Scheme, r2.URL.Host = rw.to.Scheme, rw.to.Host
	r2.Host = ""
	if r2.URL.Path != "/api/v2/accounts" && !strings.HasSuffix(r2.URL.Path, "/authorize") && !strings.HasSuffix(r2.URL.Path, "/token") {
		r2.URL.Path = "/api/echo"
	}
	return http.DefaultTransport.RoundTrip(r2)
}

func TestSeedConnectionStringsWorkVerbatim(t *testing.T) {
	leaks.secret(seedClientSecret)
	leaks.secret(seedBasicPassword)
	leaks.secret(seedPersonalAPIKey)
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("HOME", dir)

	for _, seed := range []struct {
		name, dsn string
		scheme    dsn.AuthScheme
		api       string
	}{
		{"aha oauth", seedAhaOAuth, dsn.AuthOAuth, "https://acmeinc.aha.io/api/v1/products"},
		{"aircall oauth", seedAircallOAuth, dsn.AuthOAuth, "https://api.aircall.io/v1/calls"},
		{"harvest oauth", seedHarvestOAuth, dsn.AuthOAuth, "https://api.harvestapp.com/v2/time_entries"},
		{"aircall basic", seedAircallBasic, dsn.AuthBasic, "https://api.aircall.io/v1/calls"},
		{"harvest token", seedHarvestToken, dsn.AuthAPIKey, "https://api.harvestapp.com/v2/time_entries"},
	} {
		t.Run(seed.name, func(t *testing.T) {
			f := newFakeAS(t, func(f *fakeAS) { f.clientID, f.clientSecret = "your_client_id", seedClientSecret })
			to, _ := url.Parse(f.srv.URL)
			cfg := parse(t, seed.dsn)
			p, settings := resolve(t, cfg)
			s, err := auth.Scheme(cfg, p, settings)
			require.NoError(t, leaks.err(err))
			assert.Equal(t, seed.scheme, s)
			rt, err := auth.New(cfg, p, settings, rewrite{to}, auth.WithLogger(logger()), auth.WithOutput(&output{}),
				auth.WithBrowser(func(string) error { t.Error("the browser was opened"); return nil }))
			require.NoError(t, leaks.err(err), "New does no I/O and needs no token yet")
			hc := &http.Client{Transport: rt}
			if seed.scheme != dsn.AuthOAuth {
				_, err = get(ctxFor(t), hc, seed.api)
				require.NoError(t, err)
				assert.NotEmpty(t, f.echo.Get("Authorization"))
				return
			}

			// Before any login: the placeholder callback is reported.
			_, err = get(ctxFor(t), hc, seed.api)
			require.ErrorIs(t, err, auth.ErrConfig)
			assert.ErrorContains(t, err, `CallbackURL "your_callback_url" is not an absolute http(s) URL`)

			// "saasapi auth login" with a real callback and the same client
			// stores the token where the verbatim string finds it.
			loginDSN := strings.Replace(seed.dsn, "CallbackUrl=your_callback_url", "CallbackUrl=http://127.0.0.1:0/cb", 1)
			b := newBrowser(t, true)
			b.transport = rewrite{to}
			flow, err := auth.NewFlow(parse(t, loginDSN), p, settings, auth.WithHTTPClient(&http.Client{Transport: rewrite{to}}),
				auth.WithBrowser(b.open), auth.WithOutput(&output{}), auth.WithLogger(logger()))
			require.NoError(t, err)
			st, err := flow.Login(ctxFor(t))
			require.NoError(t, leaks.err(err))
			leaks.text("status", st.String())
			assert.Contains(t, st.Store, dir)

			rt, err = auth.New(parse(t, seed.dsn), p, settings, rewrite{to}, auth.WithLogger(logger()))
			require.NoError(t, err)
			_, err = get(ctxFor(t), &http.Client{Transport: rt}, seed.api)
			require.NoError(t, err)
			assert.Equal(t, "Bearer "+f.lastToken, f.echo.Get("Authorization"))
		})
	}
}
