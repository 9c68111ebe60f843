package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/saasapi/saasapi/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Secrets of these tests carry secretMark; every output of the auth
// commands is checked for it.
const secretMark = "SECRET-"

// authServer is a minimal OAuth authorization server: it auto-approves
// authorizations and exchanges each code once.
type authServer struct {
	srv   *httptest.Server
	mu    sync.Mutex
	seq   int
	codes map[string]string // code → redirect_uri
}

const (
	testClientID     = "cli-client"
	testClientSecret = secretMark + "cli-secret"
)

func newAuthServer(t *testing.T) *authServer {
	a := &authServer{codes: map[string]string{}}
	a.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		defer a.mu.Unlock()
		switch r.URL.Path {
		case "/oauth2/authorize":
			q := r.URL.Query()
			a.seq++
			code := fmt.Sprintf("%scode-%d", secretMark, a.seq)
			a.codes[code] = q.Get("redirect_uri")
			back, _ := url.Parse(q.Get("redirect_uri"))
			bq := back.Query()
			bq.Set("code", code)
			bq.Set("state", q.Get("state"))
			back.RawQuery = bq.Encode()
			http.Redirect(w, r, back.String(), http.StatusFound)
		case "/api/v2/oauth2/token":
			r.ParseForm()
			code := r.PostForm.Get("code")
			w.Header().Set("Content-Type", "application/json")
			if r.PostForm.Get("client_secret") != testClientSecret || a.codes[code] == "" || a.codes[code] != r.PostForm.Get("redirect_uri") {
				w.WriteHeader(http.StatusBadRequest)
				fmt.Fprintf(w, `{"error":"invalid_grant","error_description":"bad code %s"}`, code)
				return
			}
			delete(a.codes, code)
			a.seq++
			json.NewEncoder(w).Encode(map[string]any{
				"access_token": fmt.Sprintf("%sat-%d", secretMark, a.seq), "refresh_token": fmt.Sprintf("%srt-%d", secretMark, a.seq),
				"token_type": "bearer", "expires_in": 3600, "scope": "harvest:123",
			})
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(a.srv.Close)
	return a
}

func (a *authServer) dsn(store, callback string) string {
	return fmt.Sprintf("Profile=harvest;ProfileSettings='AccountId=123';AuthScheme=OAuth;InitiateOAuth=GETANDREFRESH;"+
		"OAuthClientId=%s;OAuthClientSecret=%s;OAuthAuthorizationURL=%s/oauth2/authorize;OAuthAccessTokenURL=%s/api/v2/oauth2/token;"+
		"CallbackURL=%s;OAuthSettingsLocation=%s", testClientID, testClientSecret, a.srv.URL, a.srv.URL, callback, store)
}

// visit plays the browser: it follows url to the authorization server and
// returns the callback URL it is redirected to, which it visits too when
// follow is set.
func visit(u string, follow bool) (*url.URL, error) {
	var callback *url.URL
	hc := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		callback = req.URL
		if !follow {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	resp, err := hc.Get(u)
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if callback == nil {
		return nil, fmt.Errorf("no redirect")
	}
	return callback, nil
}

// outputs collects every output of the auth commands, for the leak check.
var outputs struct {
	mu    sync.Mutex
	texts []string
}

func runAuth(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	stdout, stderr, code = runCLI(t, append([]string{"auth"}, args...)...)
	outputs.mu.Lock()
	outputs.texts = append(outputs.texts, stdout, stderr)
	outputs.mu.Unlock()
	return stdout, stderr, code
}

func useBrowser(t *testing.T, open func(string) error) {
	old := authBrowser
	authBrowser = open
	t.Cleanup(func() { authBrowser = old })
}

func TestAuthLoginStatusLogout(t *testing.T) {
	a := newAuthServer(t)
	store := filepath.Join(t.TempDir(), "tokens.json")
	dsn := a.dsn(store, "http://127.0.0.1:0/callback")
	var opened []string
	useBrowser(t, func(u string) error {
		opened = append(opened, u)
		go visit(u, true)
		return nil
	})

	out, errOut, code := runAuth(t, "login", "--dsn", dsn)
	require.Equal(t, 0, code, errOut)
	require.Len(t, opened, 1)
	assert.Contains(t, errOut, opened[0], "the authorization URL is printed")
	assert.Contains(t, errOut, "token stored in "+store)
	assert.Regexp(t, `profile:\s+harvest`, out)
	assert.Regexp(t, `refresh token:\s+yes`, out)
	st, err := os.Stat(store)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())

	out, errOut, code = runAuth(t, "status", "--dsn", dsn)
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `client id:\s+cli-client`, out)
	assert.Regexp(t, `store:\s+`+regexpQuote(store), out)
	assert.Regexp(t, `scopes:\s+harvest:123`, out)
	assert.Regexp(t, `expires:\s+\d{4}-\d\d-\d\dT.* \(in (59m|1h0m)`, out)
	assert.Regexp(t, `token:\s+stored \(bearer\)`, out)

	t.Setenv("SAASAPI_DSN", dsn)
	out, _, code = runAuth(t, "logout")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "removed the token stored in "+store)
	out, _, code = runAuth(t, "status")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "none stored")
}

func regexpQuote(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`\.+*?()|[]{}^$`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func TestAuthLoginNoBrowser(t *testing.T) {
	a := newAuthServer(t)
	store := filepath.Join(t.TempDir(), "tokens.json")
	useBrowser(t, func(string) error { t.Error("--no-browser opened a browser"); return nil })
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	var out, errOut strings.Builder
	code := run(ctx, []string{"auth", "login", "--no-browser", "--dsn", a.dsn(store, "http://127.0.0.1:0/cb")}, &out, &errOut)
	outputs.mu.Lock()
	outputs.texts = append(outputs.texts, out.String(), errOut.String())
	outputs.mu.Unlock()
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut.String(), a.srv.URL+"/oauth2/authorize?", "the URL is printed for the user to open")
	assert.Contains(t, errOut.String(), "waiting for the OAuth redirect")
	assert.NoFileExists(t, store)
}

func TestAuthURLAndExchange(t *testing.T) {
	a := newAuthServer(t)
	store := filepath.Join(t.TempDir(), "tokens.json")
	dsn := a.dsn(store, "https://app.example.com/oauth/callback")

	out, errOut, code := runAuth(t, "url", "--dsn", dsn)
	require.Equal(t, 0, code, errOut)
	authURL := strings.TrimSpace(out)
	assert.True(t, strings.HasPrefix(authURL, a.srv.URL+"/oauth2/authorize?"), out)
	assert.Contains(t, errOut, "saasapi auth exchange")
	out, _, code = runAuth(t, "status", "--dsn", dsn)
	require.Equal(t, 0, code)
	assert.Regexp(t, `pending:\s+an authorization started`, out)

	cb, err := visit(authURL, false)
	require.NoError(t, err)
	assert.Equal(t, "app.example.com", cb.Host)

	// A forged state is refused and nothing is stored.
	forged := *cb
	q := forged.Query()
	q.Set("state", "forged")
	forged.RawQuery = q.Encode()
	_, errOut, code = runAuth(t, "exchange", "--dsn", dsn, "--code", forged.String())
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "state")
	out, _, _ = runAuth(t, "status", "--dsn", dsn)
	assert.Contains(t, out, "none stored")

	// The code read from standard input.
	old := authInput
	authInput = strings.NewReader(cb.String() + "\n")
	defer func() { authInput = old }()
	out, errOut, code = runAuth(t, "exchange", "--dsn", dsn, "--code", "-")
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `token:\s+stored`, out)

	// The same code again: the server refuses it.
	_, errOut, code = runAuth(t, "exchange", "--dsn", dsn, "--code", cb.Query().Get("code"))
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "invalid_grant")
	assert.Contains(t, errOut, "saasapi auth url")
}

func TestAuthExchangeWithOAuthVerifier(t *testing.T) {
	a := newAuthServer(t)
	store := filepath.Join(t.TempDir(), "tokens.json")
	dsn := a.dsn(store, "https://app.example.com/cb")
	out, _, code := runAuth(t, "url", "--dsn", dsn)
	require.Equal(t, 0, code)
	cb, err := visit(strings.TrimSpace(out), false)
	require.NoError(t, err)
	out, errOut, code := runAuth(t, "exchange", "--dsn", dsn+";OAuthVerifier="+cb.Query().Get("code"))
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `refresh token:\s+yes`, out)
}

func TestAuthCLIErrors(t *testing.T) {
	t.Setenv("SAASAPI_DSN", "")
	a := newAuthServer(t)
	cases := []struct {
		name string
		args []string
		code int
		says string
	}{
		{name: "no subcommand", args: nil, code: 2, says: "auth takes a subcommand"},
		{name: "unknown subcommand", args: []string{"bogus"}, code: 2, says: `unknown auth subcommand "bogus"`},
		{name: "no dsn", args: []string{"status"}, code: 2, says: "no connection string"},
		{name: "extra argument", args: []string{"status", "--dsn", "Profile=harvest", "extra"}, code: 2, says: "takes no arguments"},
		{name: "unknown flag", args: []string{"status", "--nope"}, code: 2, says: "flag provided but not defined"},
		{name: "api key dsn", args: []string{"status", "--dsn", "Profile=harvest;ProfileSettings='APIKey=" + secretMark + "k;AccountId=1'"}, code: 1, says: "needs AuthScheme=OAuth"},
		{name: "unknown profile", args: []string{"status", "--dsn", "Profile=nope;AuthScheme=OAuth"}, code: 1, says: "unknown profile"},
		{name: "no client secret", args: []string{"login", "--dsn", "Profile=harvest;AuthScheme=OAuth;InitiateOAuth=GETANDREFRESH;OAuthClientId=c"}, code: 1, says: "OAuthClientSecret"},
		{name: "remote callback", args: []string{"login", "--dsn", a.dsn(filepath.Join(t.TempDir(), "t.json"), "http://example.com/cb")}, code: 1, says: "not a loopback address"},
		{name: "placeholder callback", args: []string{"login", "--dsn", a.dsn(filepath.Join(t.TempDir(), "t.json"), "your_callback_url")}, code: 1, says: "CallbackURL"},
		{name: "no code", args: []string{"exchange", "--dsn", a.dsn(filepath.Join(t.TempDir(), "t.json"), "https://app.example.com/cb")}, code: 2, says: "needs the code"},
	}
	old := authInput
	authInput = strings.NewReader("")
	defer func() { authInput = old }()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := runAuth(t, tc.args...)
			assert.Equal(t, tc.code, code, errOut)
			assert.Contains(t, errOut, tc.says)
		})
	}
	out, _, code := runAuth(t, "help")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "saasapi auth exchange")
}

func TestAuthLoginThenQueryTheSandbox(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Provider: sandbox.ProviderAha, Rows: 100})
	require.NoError(t, err)
	defer srv.Close()
	authURL, tokenURL := srv.OAuthURLs()
	store := filepath.Join(t.TempDir(), "tokens.json")
	dsn := fmt.Sprintf("Profile=aha;ProfileSettings='Domain=%s;BaseURL=%s';AuthScheme=OAuth;InitiateOAuth=GETANDREFRESH;OAuthClientId=%s;OAuthClientSecret=%s;"+
		"OAuthAuthorizationURL=%s;OAuthAccessTokenURL=%s;CallbackURL=http://localhost:0/cb;OAuthSettingsLocation=%s",
		sandbox.DefaultDomain, srv.URL(), sandbox.DefaultClientID, sandbox.DefaultClientSecret, authURL, tokenURL, store)
	useBrowser(t, func(u string) error { go visit(u, true); return nil })
	out, errOut, code := runAuth(t, "login", "--dsn", dsn)
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `account_subdomain:\s+`+sandbox.DefaultDomain, out)
	assert.NotContains(t, out+errOut, sandbox.DefaultClientSecret)

	useBrowser(t, func(string) error { t.Error("the query started a new authorization"); return nil })
	out, errOut, code = runCLI(t, "query", "--dsn", dsn, "--format", "csv", "SELECT COUNT(*) AS n FROM products")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, fmt.Sprintf("n\n%d\n", len(srv.AhaData().Products)), out)
}

// TestAuthOutputsHoldNoSecret runs last in this file's order and checks
// everything the other auth tests printed; it also runs the commands once
// itself, so it checks something when run alone.
func TestAuthOutputsHoldNoSecret(t *testing.T) {
	TestAuthURLAndExchange(t)
	outputs.mu.Lock()
	defer outputs.mu.Unlock()
	require.NotEmpty(t, outputs.texts)
	for _, s := range outputs.texts {
		assert.NotContains(t, s, secretMark, "an auth command printed a secret")
	}
}
