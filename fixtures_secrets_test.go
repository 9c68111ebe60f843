package saasapi_test

import (
	"bytes"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/fixtures"
	"github.com/saasapi/saasapi/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sandboxTokens matches the access and refresh tokens the sandbox's OAuth
// server issues.
var sandboxTokens = regexp.MustCompile(`\b(at|rt|code)-[0-9a-f]{16,}`)

// recordOnce opens dsn recording into a new cassette, runs queries, closes
// and returns the cassette's text.
func recordOnce(t *testing.T, dsn string, queries ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cassette.yaml")
	db, err := sql.Open("saasapi", dsn+";Fixtures="+path+";FixtureMode=record")
	require.NoError(t, err)
	for _, q := range queries {
		queryText(t, db, q)
	}
	require.NoError(t, db.Close())
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

// assertNoSecrets searches the cassette for each secret and its common
// encodings.
func assertNoSecrets(t *testing.T, cassette string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		require.NotEmpty(t, s)
		for _, form := range []string{s, url.QueryEscape(s), base64.StdEncoding.EncodeToString([]byte(s))} {
			assert.NotContains(t, cassette, form)
		}
	}
	assert.NotRegexp(t, sandboxTokens, cassette)
	assert.NotContains(t, cassette, "Authorization")
	assert.NotContains(t, cassette, "Cookie")
}

func TestFixturesScrubAPIKey(t *testing.T) {
	const key = "harvest-personal-token-4f1c2a"
	srv, err := sandbox.Start(sandbox.Options{Rows: 40, Token: key})
	require.NoError(t, err)
	defer srv.Close()
	c := recordOnce(t, srv.DSN(), "SELECT id, notes FROM time_entries", "SELECT id FROM users WHERE id = 1")
	assertNoSecrets(t, c, key)
	assert.Contains(t, c, "path: /v2/time_entries")
	assert.NotContains(t, c, srv.URL(), "hosts are not stored")
}

func TestFixturesScrubBasicCredentials(t *testing.T) {
	const (
		user     = "aircall-api-id-8842"
		password = "aircall-api-token-77f0e1"
	)
	srv, err := sandbox.Start(sandbox.Options{Provider: "aircall", Rows: 30, AccountID: user, Token: password})
	require.NoError(t, err)
	defer srv.Close()
	c := recordOnce(t, srv.DSN(), "SELECT id, direction FROM calls")
	assertNoSecrets(t, c, password, user+":"+password)
	assert.Contains(t, c, "profile: aircall")

	// The cassette replays with the profile alone.
	path := filepath.Join(t.TempDir(), "aircall.yaml")
	require.NoError(t, os.WriteFile(path, []byte(c), 0o644))
	db, err := sql.Open("saasapi", "Profile=aircall;Fixtures="+path)
	require.NoError(t, err)
	defer db.Close()
	assert.NotEmpty(t, queryText(t, db, "SELECT id, direction FROM calls"))
}

// sandboxRefreshToken runs the authorization-code grant against the
// sandbox by hand and returns a refresh token.
func sandboxRefreshToken(t *testing.T, srv *sandbox.Server) string {
	t.Helper()
	authURL, tokenURL := srv.OAuthURLs()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	const redirect = "http://127.0.0.1:1/callback"
	resp, err := noRedirect.Get(authURL + "?" + url.Values{"client_id": {sandbox.DefaultClientID}, "redirect_uri": {redirect}, "response_type": {"code"}}.Encode())
	require.NoError(t, err)
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	code := loc.Query().Get("code")
	require.NotEmpty(t, code, resp.Header.Get("Location"))
	resp, err = http.PostForm(tokenURL, url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirect},
		"client_id": {sandbox.DefaultClientID}, "client_secret": {sandbox.DefaultClientSecret}})
	require.NoError(t, err)
	defer resp.Body.Close()
	var tok struct {
		RefreshToken string `json:"refresh_token"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tok))
	require.NotEmpty(t, tok.RefreshToken)
	return tok.RefreshToken
}

// TestFixturesScrubOAuthRefresh records through InitiateOAuth=REFRESH: the
// token endpoint's exchange is recorded through the same recorder, and
// neither the client secret, the old refresh token nor the new tokens
// reach the file.
func TestFixturesScrubOAuthRefresh(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 40})
	require.NoError(t, err)
	defer srv.Close()
	refresh := sandboxRefreshToken(t, srv)
	_, tokenURL := srv.OAuthURLs()
	store := filepath.Join(t.TempDir(), "tokens.json")
	dsn := fmt.Sprintf("Profile=harvest;AuthScheme=OAuth;InitiateOAuth=REFRESH;OAuthClientId=%s;OAuthClientSecret=%s;OAuthRefreshToken=%s;"+
		"OAuthAccessTokenURL=%s;OAuthSettingsLocation=%s;ProfileSettings='AccountId=%s;BaseURL=%s'",
		sandbox.DefaultClientID, sandbox.DefaultClientSecret, refresh, tokenURL, store, sandbox.DefaultAccountID, srv.URL())
	c := recordOnce(t, dsn, "SELECT id, name FROM projects")

	stored, err := os.ReadFile(store)
	require.NoError(t, err, "the refresh happened and its tokens were stored")
	var rec struct {
		Token struct {
			AccessToken  string `json:"access_token"`
			RefreshToken string `json:"refresh_token"`
		} `json:"token"`
	}
	require.NoError(t, json.Unmarshal(stored, &rec))
	require.NotEmpty(t, rec.Token.AccessToken)
	assertNoSecrets(t, c, sandbox.DefaultClientSecret, refresh, rec.Token.AccessToken, rec.Token.RefreshToken)
	assert.Contains(t, c, "path: /api/v2/oauth2/token", "the token exchange went through the recorder")
	assert.Contains(t, c, "refresh_token=REDACTED")
	assert.Contains(t, c, `"access_token": "REDACTED"`)

	// Replay: the profile alone, no token exchange.
	path := filepath.Join(t.TempDir(), "oauth.yaml")
	require.NoError(t, os.WriteFile(path, []byte(c), 0o644))
	db, err := sql.Open("saasapi", "Profile=harvest;Fixtures="+path)
	require.NoError(t, err)
	defer db.Close()
	assert.NotEmpty(t, queryText(t, db, "SELECT id, name FROM projects"))
}

// TestFixturesScrubDSNSecrets: every secret of the connection string is
// replaced wherever it appears, even in data the API echoes.
func TestFixturesScrubDSNSecrets(t *testing.T) {
	const key = "echoed-api-key-0042"
	srv, err := sandbox.Start(sandbox.Options{Rows: 10, Token: key})
	require.NoError(t, err)
	defer srv.Close()
	echo := &echoTransport{secret: key}
	path := filepath.Join(t.TempDir(), "c.yaml")
	conn, err := saasapi.OpenConnector(srv.DSN()+";Fixtures="+path+";FixtureMode=record", saasapi.WithHTTPClient(&http.Client{Transport: echo}))
	require.NoError(t, err)
	db := sql.OpenDB(conn)
	queryText(t, db, "SELECT id, name FROM clients")
	require.NoError(t, db.Close())
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assertNoSecrets(t, string(b), key)
	assert.Contains(t, string(b), "REDACTED", "the echoed key was replaced")
}

// echoTransport is a base transport whose responses carry the API key in
// a client's name, as a careless API might.
type echoTransport struct{ secret string }

func (e *echoTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil || resp.StatusCode != 200 {
		return resp, err
	}
	defer resp.Body.Close()
	var page map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		return nil, err
	}
	if cs, ok := page["clients"].([]any); ok && len(cs) > 0 {
		cs[0].(map[string]any)["name"] = "key is " + e.secret
	}
	b, _ := json.Marshal(page)
	resp.Body = readCloser(b)
	resp.ContentLength = int64(len(b))
	resp.Header.Del("Content-Length")
	return resp, nil
}

func readCloser(b []byte) io.ReadCloser { return io.NopCloser(bytes.NewReader(b)) }

func TestFixturesBadCassetteNamesTheFile(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "aircall.yaml")
	require.NoError(t, os.WriteFile(other, []byte("version: 1\nprofile: aircall\ninteractions: []\n"), 0o644))
	corrupt := filepath.Join(dir, "corrupt.yaml")
	require.NoError(t, os.WriteFile(corrupt, []byte("version: 1\nprofile: harvest\ninteractions: {oops\n"), 0o644))
	for path, want := range map[string]error{other: fixtures.ErrProfileMismatch, corrupt: fixtures.ErrCorrupt, filepath.Join(dir, "none.yaml"): fixtures.ErrNoCassette} {
		_, err := sql.Open("saasapi", "Profile=harvest;Fixtures="+path)
		require.Error(t, err, path)
		assert.ErrorIs(t, err, want)
		var ce *fixtures.CassetteError
		require.True(t, errors.As(err, &ce), "%T", err)
		assert.Equal(t, path, ce.Path)
		assert.ErrorContains(t, err, path)
	}
}

// TestFixturesAhaReplaysWithoutDomain: the Domain setting only forms the
// host, which the cassette does not store.
func TestFixturesAhaReplaysWithoutDomain(t *testing.T) {
	const key = "aha-api-key-5d0c9b7e"
	srv, err := sandbox.Start(sandbox.Options{Provider: "aha", Rows: 20, Token: key})
	require.NoError(t, err)
	defer srv.Close()
	const q = "SELECT id, name FROM products"
	live, err := sql.Open("saasapi", srv.DSN())
	require.NoError(t, err)
	want := queryText(t, live, q)
	require.NoError(t, live.Close())
	c := recordOnce(t, srv.DSN(), q)
	assertNoSecrets(t, c, key)

	path := filepath.Join(t.TempDir(), "aha.yaml")
	require.NoError(t, os.WriteFile(path, []byte(c), 0o644))
	db, err := sql.Open("saasapi", "Profile=aha;Fixtures="+path)
	require.NoError(t, err)
	defer db.Close()
	assert.Equal(t, want, queryText(t, db, q))
}
