package auth_test

import (
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/saasapi/saasapi/auth"
	"github.com/saasapi/saasapi/dsn"
	"github.com/saasapi/saasapi/providers/harvest"
	"github.com/saasapi/saasapi/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// aircallLike and ahaLike stand for the Aircall and Aha! profiles'
// authentication (reference §2.2 and §3.2).
func aircallLike() *schema.Provider {
	return &schema.Provider{
		Name: "aircall", BaseURL: "https://api.aircall.io/v1",
		Auth: schema.Auth{
			Schemes: []string{"BASIC", "OAUTH"},
			Hint:    "check User (API ID) and Password (API token)",
			OAuth: &schema.OAuth{
				AuthURL:    "https://dashboard.aircall.io/oauth/authorize",
				TokenURL:   "https://api.aircall.io/v1/oauth/token",
				ClientAuth: "params",
				Scopes:     []string{"public_api"},
			},
		},
	}
}

func ahaLike() *schema.Provider {
	return &schema.Provider{
		Name: "aha", BaseURL: "https://{Domain}.aha.io/api/v1",
		Settings: []schema.Setting{
			{Name: "Domain", Pattern: schema.PatternDNSLabel},
			{Name: "APIKey", Secret: true},
		},
		Auth: schema.Auth{
			Schemes:      []string{"APIKEY", "OAUTH"},
			TokenSetting: "APIKey",
			Hint:         "check APIKey and Domain",
			OAuth: &schema.OAuth{
				AuthURL:    "https://{Domain}.aha.io/oauth/authorize",
				TokenURL:   "https://{Domain}.aha.io/oauth/token",
				ClientAuth: "params",
				Extra:      []string{"account_subdomain"},
			},
		},
	}
}

func TestSchemeInference(t *testing.T) {
	h := harvest.Provider()
	cases := []struct {
		name     string
		p        *schema.Provider
		dsn      string
		settings map[string]string
		want     dsn.AuthScheme
		says     []string
	}{
		{name: "api key", p: h, dsn: "Profile=harvest", settings: map[string]string{"APIKey": secretMark + "k"}, want: dsn.AuthAPIKey},
		{name: "access token", p: h, dsn: "Profile=harvest;OAuthAccessToken=" + secretMark + "t", want: dsn.AuthOAuth},
		{name: "refresh token", p: h, dsn: "Profile=harvest;OAuthRefreshToken=" + secretMark + "r", want: dsn.AuthOAuth},
		{name: "initiate", p: h, dsn: "Profile=harvest;InitiateOAuth=GETANDREFRESH;OAuthClientId=c", want: dsn.AuthOAuth},
		{name: "explicit oauth", p: h, dsn: "Profile=harvest;AuthScheme=OAuth;InitiateOAuth=OFF;OAuthAccessToken=" + secretMark + "t", want: dsn.AuthOAuth},
		{name: "none", p: h, dsn: "Profile=harvest;AuthScheme=None", want: dsn.AuthNone},
		{name: "aircall basic", p: aircallLike(), dsn: "Profile=aircall;User=id;Password=" + secretMark + "p", want: dsn.AuthBasic},
		{name: "aha api key", p: ahaLike(), dsn: "Profile=aha", settings: map[string]string{"Domain": "acme", "APIKey": secretMark + "k"}, want: dsn.AuthAPIKey},
		{name: "nothing harvest", p: h, dsn: "Profile=harvest", settings: map[string]string{"AccountId": "1"},
			says: []string{"no credentials", "ProfileSettings='APIKey=…'", "InitiateOAuth=GETANDREFRESH, OAuthClientId, OAuthClientSecret and CallbackURL"}},
		{name: "nothing aircall", p: aircallLike(), dsn: "Profile=aircall",
			says: []string{"no credentials", "User and Password", "AuthScheme=OAuth"}},
		{name: "basic on harvest", p: h, dsn: "Profile=harvest;User=u;Password=" + secretMark + "p",
			says: []string{"holds User and Password", "BASIC is not supported by profile harvest (supported: APIKEY, OAUTH)"}},
		{name: "ntlm", p: h, dsn: "Profile=harvest;AuthScheme=NTLM", says: []string{"NTLM is not supported", "supported: APIKEY, OAUTH"}},
		{name: "oauth client", p: h, dsn: "Profile=harvest;AuthScheme=OAUTH_CLIENT", says: []string{"OAUTH_CLIENT is not supported", "supported: APIKEY, OAUTH"}},
		{name: "api key on aircall", p: aircallLike(), dsn: "Profile=aircall;AuthScheme=APIKEY", says: []string{"APIKEY is not supported by profile aircall (supported: BASIC, OAUTH)"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := auth.Scheme(parse(t, tc.dsn), tc.p, tc.settings)
			leaks.err(err)
			if tc.says != nil {
				require.ErrorIs(t, err, auth.ErrConfig)
				for _, s := range tc.says {
					assert.ErrorContains(t, err, s)
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestSchemesAddCredentialsToACopy(t *testing.T) {
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.Header.Clone() }))
	defer srv.Close()

	send := func(t *testing.T, rt http.RoundTripper) *http.Request {
		t.Helper()
		got = nil
		req, err := http.NewRequest("GET", srv.URL, nil)
		require.NoError(t, err)
		resp, err := rt.RoundTrip(req)
		require.NoError(t, err)
		resp.Body.Close()
		return req
	}
	cases := []struct {
		name     string
		p        *schema.Provider
		dsn      string
		settings map[string]string
		want     string
	}{
		{name: "APIKEY harvest", p: harvest.Provider(), dsn: "Profile=harvest", settings: map[string]string{"APIKey": secretMark + "pat", "AccountId": "1"}, want: "Bearer " + secretMark + "pat"},
		{name: "APIKEY aha", p: ahaLike(), dsn: "Profile=aha", settings: map[string]string{"APIKey": secretMark + "key", "Domain": "acme"}, want: "Bearer " + secretMark + "key"},
		{name: "BASIC aircall", p: aircallLike(), dsn: "Profile=aircall;User=api-id;Password=" + secretMark + "tok", want: "Basic " + base64.StdEncoding.EncodeToString([]byte("api-id:"+secretMark+"tok"))},
		{name: "OAUTH OFF", p: harvest.Provider(), dsn: "Profile=harvest;AuthScheme=OAuth;OAuthAccessToken=" + secretMark + "at", settings: map[string]string{"AccountId": "1"}, want: "Bearer " + secretMark + "at"},
		{name: "NONE", p: harvest.Provider(), dsn: "Profile=harvest;AuthScheme=NONE", settings: map[string]string{"AccountId": "1"}, want: ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			api, _ := url.Parse(srv.URL)
			rt, err := auth.New(parse(t, tc.dsn), tc.p, tc.settings, nil, auth.WithLogger(logger()), auth.WithAPIBase(api))
			require.NoError(t, leaks.err(err))
			req := send(t, rt)
			assert.Equal(t, tc.want, got.Get("Authorization"))
			assert.Empty(t, req.Header.Get("Authorization"), "the caller's request is not modified")
			if s, ok := rt.(interface{ String() string }); ok {
				leaks.text("transport String", s.String())
			}
		})
	}
}

func TestNewRejectsIncompleteCredentials(t *testing.T) {
	h := harvest.Provider()
	clientCreds := &schema.Provider{Name: "cc", Auth: schema.Auth{Schemes: []string{"OAUTH_CLIENT", "NTLM"}, OAuth: &schema.OAuth{TokenURL: "https://example.com/token"}}}
	cases := []struct {
		name     string
		p        *schema.Provider
		dsn      string
		settings map[string]string
		target   error
		says     []string
		not      string // must not appear in the error
	}{
		{name: "off without token", p: h, dsn: "Profile=harvest;AuthScheme=OAuth", target: auth.ErrConfig,
			says: []string{"InitiateOAuth=OFF (the default) needs OAuthAccessToken", "InitiateOAuth=GETANDREFRESH"}},
		{name: "getandrefresh without client", p: h, dsn: "Profile=harvest;AuthScheme=OAuth;InitiateOAuth=GETANDREFRESH", target: auth.ErrConfig,
			says: []string{"needs OAuthClientId"}},
		{name: "getandrefresh without secret", p: h, dsn: "Profile=harvest;InitiateOAuth=GETANDREFRESH;OAuthClientId=c", target: auth.ErrConfig,
			says: []string{"needs OAuthClientSecret"}},
		{name: "api key missing", p: h, dsn: "Profile=harvest;AuthScheme=APIKEY", settings: map[string]string{}, target: auth.ErrConfig,
			says: []string{"missing APIKey"}},
		{name: "basic without password", p: aircallLike(), dsn: "Profile=aircall;User=u", target: auth.ErrConfig,
			says: []string{"Password is missing"}},
		{name: "basic without user", p: aircallLike(), dsn: "Profile=aircall;AuthScheme=Basic;Password=" + secretMark + "p", target: auth.ErrConfig,
			says: []string{"User is missing"}},
		{name: "oauth client without grant", p: &schema.Provider{Name: "x", Auth: schema.Auth{Schemes: []string{"OAUTH_CLIENT"}, OAuth: &schema.OAuth{TokenURL: "https://e.com/t"}}},
			dsn: "Profile=x;AuthScheme=OAUTH_CLIENT;OAuthClientId=c;OAuthClientSecret=" + secretMark + "s", target: auth.ErrConfig,
			says: []string{"does not offer the client-credentials grant"}},
		{name: "oauth client without secret", p: func() *schema.Provider {
			p := *clientCreds
			o := *p.Auth.OAuth
			o.ClientCredentials = true
			p.Auth.OAuth = &o
			return &p
		}(),
			dsn: "Profile=cc;AuthScheme=OAUTH_CLIENT;OAuthClientId=c", target: auth.ErrConfig, says: []string{"needs OAuthClientId and OAuthClientSecret"}},
		{name: "ntlm listed", p: clientCreds, dsn: "Profile=cc;AuthScheme=NTLM", target: auth.ErrConfig,
			says: []string{"NTLM is not implemented", "also supports: OAUTH_CLIENT"}},
		{name: "http endpoint", p: h, dsn: "Profile=harvest;AuthScheme=OAuth;OAuthAccessToken=" + secretMark + "t;OAuthAccessTokenURL=http://example.com/token?client_secret=in-url-secret",
			target: auth.ErrConfig, says: []string{"OAuthAccessTokenURL", "plain http is only allowed for loopback hosts"}, not: "in-url-secret"},
		{name: "relative endpoint", p: h, dsn: "Profile=harvest;InitiateOAuth=REFRESH;OAuthClientId=c;OAuthClientSecret=" + secretMark + "s;OAuthAuthorizationURL=/authorize",
			target: auth.ErrConfig, says: []string{"OAuthAuthorizationURL", "not an absolute http(s) URL"}},
		{name: "endpoint with credentials", p: h, dsn: "Profile=harvest;InitiateOAuth=REFRESH;OAuthClientId=c;OAuthClientSecret=" + secretMark + "s;OAuthRefreshTokenURL=https://u:in-url-password@example.com/t",
			target: auth.ErrConfig, says: []string{"OAuthRefreshTokenURL", "must not hold user information"}, not: "in-url-password"},
		{name: "domain with a slash", p: ahaLike(), dsn: "Profile=aha;InitiateOAuth=GETANDREFRESH;OAuthClientId=c;OAuthClientSecret=" + secretMark + "s",
			settings: map[string]string{"Domain": "evil.com/x"}, target: auth.ErrConfig, says: []string{"Domain", "single DNS label"}},
		{name: "domain with a dot", p: ahaLike(), dsn: "Profile=aha;InitiateOAuth=GETANDREFRESH;OAuthClientId=c;OAuthClientSecret=" + secretMark + "s",
			settings: map[string]string{"Domain": "evil.com"}, target: auth.ErrConfig, says: []string{"Domain", "single DNS label"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := auth.New(parse(t, tc.dsn), tc.p, tc.settings, nil)
			leaks.err(err)
			require.ErrorIs(t, err, tc.target)
			for _, s := range tc.says {
				assert.ErrorContains(t, err, s)
			}
			if tc.not != "" {
				assert.NotContains(t, err.Error(), tc.not)
			}
		})
	}
}

func TestNoSecretsInErrorsEvenWhenEchoed(t *testing.T) {
	// A server that echoes the refresh token in its error description:
	// the error must not carry it.
	f := newFakeAS(t)
	cfg := parse(t, oauthDSN(f, "InitiateOAuth=REFRESH;OAuthRefreshToken="+secretMark+"unknown-rt;OAuthSettingsLocation=memory://echo-"+t.Name()))
	api, _ := url.Parse(f.url("/"))
	rt, err := auth.New(cfg, harvest.Provider(), map[string]string{"AccountId": "1"}, nil, auth.WithLogger(logger()), auth.WithAPIBase(api))
	require.NoError(t, err)
	_, err = (&http.Client{Transport: rt}).Get(f.url("/api/echo"))
	leaks.err(err)
	var te *auth.TokenError
	require.True(t, errors.As(err, &te), "%v", err)
	assert.Contains(t, te.Description, "REDACTED")
	assert.False(t, strings.Contains(err.Error(), secretMark))
}
