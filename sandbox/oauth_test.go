package sandbox_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/saasapi/saasapi/sandbox"
)

var providers = []string{sandbox.ProviderHarvest, sandbox.ProviderAircall, sandbox.ProviderAha}

func TestProviderURLsDSNsAndDefaults(t *testing.T) {
	cases := []struct {
		provider, base, authPath, tokenPath string
		maxPerPage                          int
		account                             string
	}{
		{"harvest", "/v2", "/oauth2/authorize", "/api/v2/oauth2/token", 2000, "123456"},
		{"aircall", "/v1", "/oauth/authorize", "/v1/oauth/token", 50, "sandbox-api-id"},
		{"aha", "/api/v1", "/oauth/authorize", "/oauth/token", 200, "123456"},
	}
	for _, c := range cases {
		t.Run(c.provider, func(t *testing.T) {
			s := start(t, sandbox.Options{Provider: c.provider, Rows: 30})
			o := s.Options()
			assert.Equal(t, c.provider, o.Provider)
			assert.Equal(t, "sandbox-client", o.ClientID)
			assert.Equal(t, "sandbox-secret", o.ClientSecret)
			assert.Equal(t, time.Hour, o.TokenLifetime)
			assert.Equal(t, "sandbox", o.Domain)
			assert.Equal(t, c.maxPerPage, o.MaxPerPage)
			assert.Equal(t, c.account, o.AccountID)

			u, err := url.Parse(s.URL())
			require.NoError(t, err)
			assert.Equal(t, "127.0.0.1", u.Hostname())
			assert.Equal(t, c.base, u.Path)
			host := strings.TrimSuffix(s.URL(), c.base)
			authURL, tokenURL := s.OAuthURLs()
			assert.Equal(t, host+c.authPath, authURL)
			assert.Equal(t, host+c.tokenPath, tokenURL)

			switch c.provider {
			case "harvest":
				assert.Equal(t, "Profile=harvest;ProfileSettings='APIKey=sandbox-token;AccountId=123456;BaseURL="+s.URL()+"'", s.DSN())
				assert.NotNil(t, s.Dataset())
				assert.Nil(t, s.AircallData())
				assert.Nil(t, s.AhaData())
			case "aircall":
				assert.Equal(t, "Profile=aircall;User=sandbox-api-id;Password=sandbox-token;ProfileSettings='BaseURL="+s.URL()+"'", s.DSN())
				assert.Nil(t, s.Dataset())
				assert.NotNil(t, s.AircallData())
				assert.Nil(t, s.AhaData())
			case "aha":
				assert.Equal(t, "Profile=aha;ProfileSettings='Domain=sandbox;APIKey=sandbox-token;BaseURL="+s.URL()+"'", s.DSN())
				assert.Nil(t, s.Dataset())
				assert.Nil(t, s.AircallData())
				assert.NotNil(t, s.AhaData())
			}
		})
	}
	s := start(t, sandbox.Options{Provider: "AHA", Domain: "acme", Token: "k"})
	assert.Equal(t, "aha", s.Options().Provider)
	assert.Equal(t, "Profile=aha;ProfileSettings='Domain=acme;APIKey=k;BaseURL="+s.URL()+"'", s.DSN())

	for _, bad := range []sandbox.Options{{Provider: "jira"}, {Domain: "a.b"}, {TokenLifetime: -time.Second}} {
		_, err := sandbox.Start(bad)
		assert.Error(t, err, "%+v", bad)
	}
}

// pkce returns a verifier and its S256 challenge.
func pkce(seed string) (verifier, challenge string) {
	verifier = strings.Repeat(seed, 50)[:64]
	sum := sha256.Sum256([]byte(verifier))
	return verifier, base64.RawURLEncoding.EncodeToString(sum[:])
}

// browser follows redirects like a browser and records the callback query
// that reached the redirect URI.
type browser struct {
	callback *httptest.Server
	got      chan url.Values
}

func newBrowser(t *testing.T) *browser {
	b := &browser{got: make(chan url.Values, 1)}
	b.callback = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b.got <- r.URL.Query()
		_, _ = io.WriteString(w, "signed in; you can close this window")
	}))
	t.Cleanup(b.callback.Close)
	return b
}

func (b *browser) redirectURI() string { return b.callback.URL + "/callback" }

// authorize visits the authorization URL with the given parameters and
// returns the callback query.
func (b *browser) authorize(t *testing.T, s *sandbox.Server, params url.Values) url.Values {
	t.Helper()
	authURL, _ := s.OAuthURLs()
	resp, err := http.Get(authURL + "?" + params.Encode())
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, "body: %s", body)
	select {
	case q := <-b.got:
		return q
	case <-time.After(5 * time.Second):
		t.Fatal("the callback was not reached")
		return nil
	}
}

func authParams(s *sandbox.Server, redirectURI, state, challenge string) url.Values {
	p := url.Values{
		"client_id":     {s.Options().ClientID},
		"redirect_uri":  {redirectURI},
		"response_type": {"code"},
		"state":         {state},
	}
	if challenge != "" {
		p.Set("code_challenge", challenge)
		p.Set("code_challenge_method", "S256")
	}
	return p
}

type tokenAnswer struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

// postToken sends a form to the token endpoint; basic sends the client
// credentials as HTTP Basic instead of form fields.
func postToken(t *testing.T, s *sandbox.Server, form url.Values, basic bool) tokenAnswer {
	t.Helper()
	_, tokenURL := s.OAuthURLs()
	form = cloneForm(form)
	if basic {
		form.Del("client_id")
		form.Del("client_secret")
	} else {
		if !form.Has("client_id") {
			form.Set("client_id", s.Options().ClientID)
		}
		if !form.Has("client_secret") {
			form.Set("client_secret", s.Options().ClientSecret)
		}
	}
	req, err := http.NewRequest(http.MethodPost, tokenURL, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", "saasapi-tests")
	if basic {
		req.SetBasicAuth(s.Options().ClientID, s.Options().ClientSecret)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var body map[string]any
	require.NoError(t, json.Unmarshal(raw, &body), "token endpoint answers JSON: %s", raw)
	return tokenAnswer{resp.StatusCode, resp.Header, body, string(raw)}
}

func cloneForm(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// apiProbe is an authenticated-by-token request to a cheap endpoint of the
// provider; it returns the status and body.
func apiProbe(t *testing.T, s *sandbox.Server, token string) (int, string) {
	t.Helper()
	var target string
	switch s.Options().Provider {
	case "harvest":
		target = s.URL() + "/users/me"
	case "aircall":
		target = s.URL() + "/ping"
	default:
		target = s.URL() + "/me"
	}
	req, err := http.NewRequest(http.MethodGet, target, nil)
	require.NoError(t, err)
	req.Header.Set("User-Agent", "saasapi-tests")
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Harvest-Account-Id", s.Options().AccountID)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// unauthorizedBody is each provider's 401 body.
var unauthorizedBody = map[string]string{
	"harvest": invalidToken,
	"aircall": `{"error":"Unauthorized","troubleshoot":"Check your API ID and API token (Basic auth), or your OAuth access token (Bearer)."}`,
	"aha":     `{"error":"Unauthorized","message":"The API key or access token is missing, invalid or expired."}`,
}

// codeFlow runs the authorization-code flow with PKCE and returns the
// token answer.
func codeFlow(t *testing.T, s *sandbox.Server, b *browser) tokenAnswer {
	t.Helper()
	verifier, challenge := pkce("v3rifier-")
	cb := b.authorize(t, s, authParams(s, b.redirectURI(), "st-1", challenge))
	require.NotEmpty(t, cb.Get("code"), "callback: %v", cb)
	tok := postToken(t, s, url.Values{"grant_type": {"authorization_code"}, "code": {cb.Get("code")},
		"redirect_uri": {b.redirectURI()}, "code_verifier": {verifier}}, false)
	require.Equal(t, http.StatusOK, tok.status, tok.raw)
	return tok
}

func TestOAuthAuthorizationCodeFlow(t *testing.T) {
	for _, p := range providers {
		t.Run(p, func(t *testing.T) {
			s := start(t, sandbox.Options{Provider: p, Rows: 30, Domain: "acme", TokenLifetime: 2 * time.Hour})
			b := newBrowser(t)
			verifier, challenge := pkce("abc")

			// The authorize endpoint redirects (302) to the redirect URI.
			authURL, _ := s.OAuthURLs()
			noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			params := authParams(s, b.redirectURI(), "xyz", challenge)
			params.Set("scope", "")
			resp, err := noFollow.Get(authURL + "?" + params.Encode())
			require.NoError(t, err)
			resp.Body.Close()
			require.Equal(t, http.StatusFound, resp.StatusCode)
			loc, err := url.Parse(resp.Header.Get("Location"))
			require.NoError(t, err)
			assert.Equal(t, b.redirectURI(), loc.Scheme+"://"+loc.Host+loc.Path)
			assert.Equal(t, "xyz", loc.Query().Get("state"))
			assert.NotEmpty(t, loc.Query().Get("code"))

			// The browser follows it; the callback gets the code.
			cb := b.authorize(t, s, authParams(s, b.redirectURI(), "state-2", challenge))
			assert.Equal(t, "state-2", cb.Get("state"))
			code := cb.Get("code")
			require.NotEmpty(t, code)
			switch p {
			case "harvest":
				assert.Equal(t, "harvest:123456", cb.Get("scope"))
				assert.False(t, cb.Has("account_subdomain"))
			case "aha":
				assert.Equal(t, "acme", cb.Get("account_subdomain"))
				assert.False(t, cb.Has("scope"))
			case "aircall":
				assert.Equal(t, []string{"code", "state"}, sortedKeys(anyMap(cb)))
			}

			tok := postToken(t, s, url.Values{"grant_type": {"authorization_code"}, "code": {code},
				"redirect_uri": {b.redirectURI()}, "code_verifier": {verifier}}, false)
			require.Equal(t, http.StatusOK, tok.status, tok.raw)
			assert.Equal(t, "no-store", tok.header.Get("Cache-Control"))
			assert.Equal(t, "bearer", tok.body["token_type"])
			access, _ := tok.body["access_token"].(string)
			require.NotEmpty(t, access)
			switch p {
			case "aircall":
				assert.NotContains(t, tok.body, "refresh_token")
				assert.NotContains(t, tok.body, "expires_in")
				assert.Equal(t, "public_api", tok.body["scope"])
			case "aha":
				assert.Equal(t, []string{"access_token", "account_subdomain", "expires_in", "refresh_token", "token_type"}, sortedKeys(tok.body))
				assert.Equal(t, "acme", tok.body["account_subdomain"])
				assert.EqualValues(t, 7200, tok.body["expires_in"])
			case "harvest":
				assert.Equal(t, []string{"access_token", "expires_in", "refresh_token", "token_type"}, sortedKeys(tok.body))
				assert.EqualValues(t, 7200, tok.body["expires_in"])
			}

			status, body := apiProbe(t, s, access)
			assert.Equal(t, http.StatusOK, status, body)
			status, body = apiProbe(t, s, "not-a-token")
			assert.Equal(t, http.StatusUnauthorized, status)
			assert.Equal(t, unauthorizedBody[p], body)
			if p != "aircall" {
				status, _ = apiProbe(t, s, s.Options().Token)
				assert.Equal(t, http.StatusOK, status, "the static token keeps working")
			}

			// Client credentials as HTTP Basic work too.
			cb = b.authorize(t, s, authParams(s, b.redirectURI(), "s3", ""))
			tok = postToken(t, s, url.Values{"grant_type": {"authorization_code"}, "code": {cb.Get("code")},
				"redirect_uri": {b.redirectURI()}}, true)
			assert.Equal(t, http.StatusOK, tok.status, tok.raw)
		})
	}
}

func anyMap(v url.Values) map[string]any {
	m := map[string]any{}
	for k, vs := range v {
		m[k] = vs
	}
	return m
}

func TestOAuthAuthorizeErrors(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 10})
	authURL, _ := s.OAuthURLs()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	good := authParams(s, "http://127.0.0.1:9/cb", "st", "")
	cases := []struct {
		name, key, value, wantErr string
	}{
		{"wrong client_id", "client_id", "other-client", "invalid_client"},
		{"no client_id", "client_id", "", "invalid_client"},
		{"implicit flow", "response_type", "token", "unsupported_response_type"},
		{"no response_type", "response_type", "", "unsupported_response_type"},
		{"ftp redirect", "redirect_uri", "ftp://127.0.0.1/cb", "invalid_request"},
		{"relative redirect", "redirect_uri", "/cb", "invalid_request"},
		{"no redirect", "redirect_uri", "", "invalid_request"},
	}
	for _, c := range cases {
		p := cloneForm(good)
		p.Set(c.key, c.value)
		resp, err := noFollow.Get(authURL + "?" + p.Encode())
		require.NoError(t, err)
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, c.name)
		assert.Empty(t, resp.Header.Get("Location"), c.name)
		var body map[string]string
		require.NoError(t, json.Unmarshal(raw, &body), c.name)
		assert.Equal(t, c.wantErr, body["error"], c.name)
		assert.NotEmpty(t, body["error_description"], c.name)
	}

	// With RequirePKCE a request without a challenge is sent back with an error.
	strict := start(t, sandbox.Options{Rows: 10, RequirePKCE: true})
	authURL, _ = strict.OAuthURLs()
	resp, err := noFollow.Get(authURL + "?" + authParams(strict, "https://app.example/cb", "s", "").Encode())
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, "app.example", loc.Host)
	assert.Equal(t, "invalid_request", loc.Query().Get("error"))
	assert.Equal(t, "s", loc.Query().Get("state"))
	assert.Empty(t, loc.Query().Get("code"))
}

func TestOAuthTokenErrors(t *testing.T) {
	for _, p := range providers {
		t.Run(p, func(t *testing.T) {
			s := start(t, sandbox.Options{Provider: p, Rows: 10})
			b := newBrowser(t)
			verifier, challenge := pkce("right")
			newCode := func(challenge string) string {
				return b.authorize(t, s, authParams(s, b.redirectURI(), "st", challenge)).Get("code")
			}
			exchange := func(code string, extra ...string) tokenAnswer {
				f := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {b.redirectURI()}}
				for i := 0; i+1 < len(extra); i += 2 {
					f.Set(extra[i], extra[i+1])
				}
				return postToken(t, s, f, false)
			}
			wantErr := func(a tokenAnswer, status int, code string) {
				t.Helper()
				assert.Equal(t, status, a.status, a.raw)
				assert.Equal(t, code, a.body["error"], a.raw)
				assert.NotEmpty(t, a.body["error_description"], a.raw)
				assert.NotContains(t, a.body, "access_token")
			}

			// PKCE mismatch, and a missing verifier.
			wrongVerifier, _ := pkce("wrong")
			wantErr(exchange(newCode(challenge), "code_verifier", wrongVerifier), http.StatusBadRequest, "invalid_grant")
			wantErr(exchange(newCode(challenge)), http.StatusBadRequest, "invalid_grant")

			// A code is single-use, even after a failed attempt.
			code := newCode(challenge)
			ok := exchange(code, "code_verifier", verifier)
			require.Equal(t, http.StatusOK, ok.status, ok.raw)
			wantErr(exchange(code, "code_verifier", verifier), http.StatusBadRequest, "invalid_grant")
			wantErr(exchange("made-up-code"), http.StatusBadRequest, "invalid_grant")

			// redirect_uri must match.
			wantErr(exchange(newCode(""), "redirect_uri", "http://127.0.0.1:1/elsewhere"), http.StatusBadRequest, "invalid_grant")

			// Client authentication.
			wantErr(exchange(newCode(""), "client_secret", "wrong"), http.StatusUnauthorized, "invalid_client")
			wantErr(exchange(newCode(""), "client_id", "someone-else"), http.StatusUnauthorized, "invalid_client")

			// Grant types.
			wantErr(postToken(t, s, url.Values{"grant_type": {"client_credentials"}}, false), http.StatusBadRequest, "unsupported_grant_type")
			wantErr(postToken(t, s, url.Values{}, false), http.StatusBadRequest, "invalid_request")
			if p == "aircall" {
				wantErr(postToken(t, s, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"x"}}, false),
					http.StatusBadRequest, "unsupported_grant_type")
			} else {
				wantErr(postToken(t, s, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"x"}}, false),
					http.StatusBadRequest, "invalid_grant")
			}

			// Only POST.
			_, tokenURL := s.OAuthURLs()
			resp, err := http.Get(tokenURL)
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
		})
	}

	// Harvest documents the exchange without redirect_uri; the others need it.
	for _, p := range providers {
		s := start(t, sandbox.Options{Provider: p, Rows: 10})
		b := newBrowser(t)
		code := b.authorize(t, s, authParams(s, b.redirectURI(), "st", "")).Get("code")
		a := postToken(t, s, url.Values{"grant_type": {"authorization_code"}, "code": {code}}, false)
		if p == "harvest" {
			assert.Equal(t, http.StatusOK, a.status, a.raw)
		} else {
			assert.Equal(t, http.StatusBadRequest, a.status, p)
			assert.Equal(t, "invalid_grant", a.body["error"], p)
		}
	}

	// RequirePKCE: a verifier is needed at the exchange.
	s := start(t, sandbox.Options{Rows: 10, RequirePKCE: true})
	b := newBrowser(t)
	verifier, challenge := pkce("strict")
	code := b.authorize(t, s, authParams(s, b.redirectURI(), "st", challenge)).Get("code")
	a := postToken(t, s, url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {b.redirectURI()}, "code_verifier": {verifier}}, false)
	assert.Equal(t, http.StatusOK, a.status, a.raw)
}

func TestOAuthJSONTokenRequest(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 10})
	b := newBrowser(t)
	code := b.authorize(t, s, authParams(s, b.redirectURI(), "st", "")).Get("code")
	body := fmt.Sprintf(`{"grant_type":"authorization_code","code":%q,"client_id":"sandbox-client","client_secret":"sandbox-secret"}`, code)
	_, tokenURL := s.OAuthURLs()
	resp, err := http.Post(tokenURL, "application/json", strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestOAuthRefreshRotates(t *testing.T) {
	for _, p := range []string{"harvest", "aha"} {
		t.Run(p, func(t *testing.T) {
			s := start(t, sandbox.Options{Provider: p, Rows: 10})
			tok := codeFlow(t, s, newBrowser(t))
			access1, refresh1 := tok.body["access_token"].(string), tok.body["refresh_token"].(string)
			require.NotEmpty(t, refresh1)

			r2 := postToken(t, s, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh1}}, false)
			require.Equal(t, http.StatusOK, r2.status, r2.raw)
			access2, refresh2 := r2.body["access_token"].(string), r2.body["refresh_token"].(string)
			assert.NotEqual(t, access1, access2)
			assert.NotEqual(t, refresh1, refresh2)
			assert.Contains(t, r2.body, "expires_in")
			if p == "aha" {
				assert.Equal(t, "sandbox", r2.body["account_subdomain"])
			}
			status, _ := apiProbe(t, s, access2)
			assert.Equal(t, http.StatusOK, status)

			// The old refresh token stopped working.
			old := postToken(t, s, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh1}}, false)
			assert.Equal(t, http.StatusBadRequest, old.status)
			assert.Equal(t, "invalid_grant", old.body["error"])

			// Basic client auth on refresh.
			r3 := postToken(t, s, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh2}}, true)
			require.Equal(t, http.StatusOK, r3.status, r3.raw)

			s.RevokeRefreshTokens()
			revoked := postToken(t, s, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {r3.body["refresh_token"].(string)}}, false)
			assert.Equal(t, http.StatusBadRequest, revoked.status)
			assert.Equal(t, "invalid_grant", revoked.body["error"])
			status, _ = apiProbe(t, s, r3.body["access_token"].(string))
			assert.Equal(t, http.StatusOK, status, "revoking refresh tokens leaves access tokens alone")
		})
	}
}

func TestExpireTokensThenRefresh(t *testing.T) {
	for _, p := range providers {
		t.Run(p, func(t *testing.T) {
			s := start(t, sandbox.Options{Provider: p, Rows: 10})
			tok := codeFlow(t, s, newBrowser(t))
			access := tok.body["access_token"].(string)
			status, _ := apiProbe(t, s, access)
			require.Equal(t, http.StatusOK, status)

			s.ExpireTokens()
			status, body := apiProbe(t, s, access)
			assert.Equal(t, http.StatusUnauthorized, status)
			assert.Equal(t, unauthorizedBody[p], body)
			if p != "aircall" {
				status, _ = apiProbe(t, s, s.Options().Token)
				assert.Equal(t, http.StatusOK, status, "the static credential does not expire")
			}
			if p == "aircall" {
				return // permanent tokens, no refresh: a new authorization is needed
			}
			r := postToken(t, s, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.body["refresh_token"].(string)}}, false)
			require.Equal(t, http.StatusOK, r.status, r.raw)
			status, _ = apiProbe(t, s, r.body["access_token"].(string))
			assert.Equal(t, http.StatusOK, status)
		})
	}

	// Tokens also expire on their own after TokenLifetime.
	s := start(t, sandbox.Options{Rows: 10, TokenLifetime: 300 * time.Millisecond})
	tok := codeFlow(t, s, newBrowser(t))
	assert.EqualValues(t, 0, tok.body["expires_in"], "whole seconds")
	status, _ := apiProbe(t, s, tok.body["access_token"].(string))
	require.Equal(t, http.StatusOK, status)
	time.Sleep(350 * time.Millisecond)
	status, _ = apiProbe(t, s, tok.body["access_token"].(string))
	assert.Equal(t, http.StatusUnauthorized, status)
}

func TestOAuthLogHasNoSecrets(t *testing.T) {
	for _, p := range providers {
		t.Run(p, func(t *testing.T) {
			s := start(t, sandbox.Options{Provider: p, Rows: 10, ClientSecret: "top-secret-client"})
			b := newBrowser(t)
			verifier, challenge := pkce("log")
			cb := b.authorize(t, s, authParams(s, b.redirectURI(), "st", challenge))
			code := cb.Get("code")
			tok := postToken(t, s, url.Values{"grant_type": {"authorization_code"}, "code": {code},
				"redirect_uri": {b.redirectURI()}, "code_verifier": {verifier}}, false)
			require.Equal(t, http.StatusOK, tok.status, tok.raw)
			secrets := []string{code, verifier, "top-secret-client", tok.body["access_token"].(string)}
			if rt, ok := tok.body["refresh_token"].(string); ok {
				secrets = append(secrets, rt)
				r := postToken(t, s, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}}, false)
				require.Equal(t, http.StatusOK, r.status)
				secrets = append(secrets, r.body["access_token"].(string), r.body["refresh_token"].(string))
			}
			// An API call with the token in the query string.
			get(t, s, s.URL()+"/me?access_token="+url.QueryEscape(tok.body["access_token"].(string)))

			log := s.Log()
			require.NotEmpty(t, log)
			dump := fmt.Sprintf("%+v", log)
			for _, secret := range secrets {
				assert.NotContains(t, dump, secret)
			}
			authURL, tokenURL := s.OAuthURLs()
			authPath, tokenPath := mustPath(t, authURL), mustPath(t, tokenURL)
			var sawToken, sawAuth bool
			for _, r := range log {
				switch r.Path {
				case tokenPath:
					sawToken = true
					assert.Equal(t, http.MethodPost, r.Method)
					assert.Equal(t, "REDACTED", r.Form.Get("client_secret"))
					assert.Equal(t, "sandbox-client", r.Form.Get("client_id"))
					if r.Form.Get("grant_type") == "authorization_code" {
						assert.Equal(t, "REDACTED", r.Form.Get("code"))
						assert.Equal(t, "REDACTED", r.Form.Get("code_verifier"))
					}
				case authPath:
					sawAuth = true
					assert.Equal(t, challenge, r.Query.Get("code_challenge"), "a challenge is not a secret")
					assert.Nil(t, r.Form)
				}
			}
			assert.True(t, sawToken)
			assert.True(t, sawAuth)
			assert.Equal(t, "REDACTED", log[len(log)-1].Query.Get("access_token"))
		})
	}
}

func mustPath(t *testing.T, raw string) string {
	u, err := url.Parse(raw)
	require.NoError(t, err)
	return u.Path
}

func TestHarvestAccountDiscovery(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 10})
	tok := codeFlow(t, s, newBrowser(t))
	host := strings.TrimSuffix(s.URL(), "/v2")
	res := get(t, s, host+"/api/v2/accounts", header("Authorization", "Bearer "+tok.body["access_token"].(string)), noHeader("Harvest-Account-Id"))
	require.Equal(t, http.StatusOK, res.status, "body: %s", res.body)
	var body struct {
		User struct {
			ID int64 `json:"id"`
		} `json:"user"`
		Accounts []struct {
			ID      int64  `json:"id"`
			Product string `json:"product"`
		} `json:"accounts"`
	}
	require.NoError(t, json.Unmarshal(res.body, &body))
	assert.Equal(t, s.Dataset().Users[0].ID, body.User.ID)
	require.Len(t, body.Accounts, 1)
	assert.EqualValues(t, 123456, body.Accounts[0].ID)
	assert.Equal(t, "harvest", body.Accounts[0].Product)

	res = get(t, s, host+"/api/v2/accounts", header("Authorization", "Bearer nope"))
	assert.Equal(t, http.StatusUnauthorized, res.status)
}
