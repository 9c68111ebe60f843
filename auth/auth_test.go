package auth_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/saasapi/saasapi/auth"
	"github.com/saasapi/saasapi/dsn"
	"github.com/saasapi/saasapi/providers/harvest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func parse(t *testing.T, s string) *dsn.Config {
	t.Helper()
	c, err := dsn.Parse(s)
	require.NoError(t, err)
	return c
}

func TestSchemeInference(t *testing.T) {
	p := harvest.Provider()
	cases := []struct {
		dsn      string
		settings map[string]string
		want     dsn.AuthScheme
		says     string
	}{
		{dsn: "Profile=harvest", settings: map[string]string{"APIKey": "k"}, want: dsn.AuthAPIKey},
		{dsn: "Profile=harvest;OAuthAccessToken=t", want: dsn.AuthOAuth},
		{dsn: "Profile=harvest;AuthScheme=OAuth;InitiateOAuth=OFF;OAuthAccessToken=t", want: dsn.AuthOAuth},
		{dsn: "Profile=harvest;AuthScheme=None", want: dsn.AuthNone},
		{dsn: "Profile=harvest", says: "no credentials"},
		{dsn: "Profile=harvest;User=u;Password=p", says: "BASIC is not supported by profile harvest (supported: APIKEY, OAUTH)"},
		{dsn: "Profile=harvest;AuthScheme=NTLM", says: "NTLM is not supported"},
		{dsn: "Profile=harvest;AuthScheme=OAUTH_CLIENT", says: "OAUTH_CLIENT is not supported"},
	}
	for _, tc := range cases {
		t.Run(tc.dsn, func(t *testing.T) {
			got, err := auth.Scheme(parse(t, tc.dsn), p, tc.settings)
			if tc.says != "" {
				assert.ErrorIs(t, err, auth.ErrConfig)
				assert.ErrorContains(t, err, tc.says)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestTransportsAddCredentialsToACopy(t *testing.T) {
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.Header.Clone() }))
	defer srv.Close()
	p := harvest.Provider()

	send := func(rt http.RoundTripper) *http.Request {
		req, err := http.NewRequest("GET", srv.URL, nil)
		require.NoError(t, err)
		resp, err := rt.RoundTrip(req)
		require.NoError(t, err)
		resp.Body.Close()
		return req
	}

	rt, err := auth.New(parse(t, "Profile=harvest"), p, map[string]string{"APIKey": "pat-123"}, nil)
	require.NoError(t, err)
	req := send(rt)
	assert.Equal(t, "Bearer pat-123", got.Get("Authorization"))
	assert.Empty(t, req.Header.Get("Authorization"), "the caller's request is not modified")

	rt, err = auth.New(parse(t, "Profile=harvest;AuthScheme=OAuth;OAuthAccessToken=oauth-tok"), p, nil, nil)
	require.NoError(t, err)
	send(rt)
	assert.Equal(t, "Bearer oauth-tok", got.Get("Authorization"))

	_, err = auth.New(parse(t, "Profile=harvest;AuthScheme=OAuth;InitiateOAuth=GETANDREFRESH;OAuthClientId=c"), p, nil, nil)
	assert.ErrorIs(t, err, auth.ErrConfig)
	assert.ErrorContains(t, err, "InitiateOAuth=GETANDREFRESH")

	_, err = auth.New(parse(t, "Profile=harvest;AuthScheme=OAuth"), p, nil, nil)
	assert.ErrorContains(t, err, "OAuthAccessToken")

	_, err = auth.New(parse(t, "Profile=harvest;AuthScheme=APIKEY"), p, map[string]string{}, nil)
	assert.ErrorContains(t, err, "APIKey")
}
