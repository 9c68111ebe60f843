package auth_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/saasapi/saasapi/auth"
	"github.com/saasapi/saasapi/providers/harvest"
	"github.com/saasapi/saasapi/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// oauthDSN is a Harvest OAuth connection string whose endpoints are the
// fake server's.
func oauthDSN(f *fakeAS, extra string) string {
	return oauthDSNTo(f, f.url("/api/v2/oauth2/token"), extra)
}

// oauthDSNTo is oauthDSN with another token endpoint.
func oauthDSNTo(f *fakeAS, tokenURL, extra string) string {
	return fmt.Sprintf("Profile=harvest;ProfileSettings='AccountId=1';AuthScheme=OAuth;OAuthClientId=%s;OAuthClientSecret=%s;"+
		"OAuthAuthorizationURL=%s;OAuthAccessTokenURL=%s;",
		f.clientID, f.clientSecret, f.url("/oauth2/authorize"), tokenURL) + extra
}

var harvestSettings = map[string]string{"AccountId": "1"}

func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// newClient returns an http.Client over auth.New for cfg.
func newClient(t *testing.T, cfg string, p *schema.Provider, settings map[string]string, opts ...auth.Option) *http.Client {
	t.Helper()
	opts = append([]auth.Option{auth.WithLogger(logger()), auth.WithOutput(&output{}), auth.WithBrowser(func(u string) error {
		t.Errorf("the browser was opened")
		return nil
	})}, opts...)
	parsed := parse(t, cfg)
	// The fake authorization server also serves the API.
	candidates := []string{parsed.OAuthAuthorizationURL, parsed.OAuthAccessTokenURL}
	if p.Auth.OAuth != nil {
		candidates = append(candidates, p.Auth.OAuth.AuthURL, p.Auth.OAuth.TokenURL)
	}
	for _, c := range candidates {
		if u, err := url.Parse(c); err == nil && u.Hostname() == "127.0.0.1" {
			opts = append([]auth.Option{auth.WithAPIBase(u)}, opts...)
			break
		}
	}
	rt, err := auth.New(parsed, p, settings, nil, opts...)
	require.NoError(t, leaks.err(err))
	return &http.Client{Transport: rt}
}

func get(ctx context.Context, hc *http.Client, u string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := hc.Do(req)
	leaks.err(err)
	if err == nil {
		resp.Body.Close()
	}
	return resp, err
}

func TestGetAndRefreshRunsTheFlowOnceThenUsesTheStore(t *testing.T) {
	f := newFakeAS(t)
	storePath := filepath.Join(t.TempDir(), "sub", "tokens.json")
	dsnText := oauthDSN(f, "InitiateOAuth=GETANDREFRESH;CallbackURL=http://127.0.0.1:0/callback;OAuthSettingsLocation="+storePath)
	b := newBrowser(t, true)
	out := &output{}
	hc := newClient(t, dsnText, harvest.Provider(), harvestSettings, auth.WithBrowser(b.open), auth.WithOutput(out))

	ids, err := scan(ctxFor(t), hc, f.srv.URL)
	require.NoError(t, leaks.err(err))
	assert.Len(t, ids, 25)
	assert.Equal(t, 1, f.count("authorization_code"))
	require.Len(t, b.opened, 1)
	assert.Contains(t, out.String(), b.opened[0], "the authorization URL is printed")
	assert.Contains(t, out.String(), "token stored in "+storePath)
	u, err := url.Parse(b.opened[0])
	require.NoError(t, err)
	assert.NotEmpty(t, u.Query().Get("state"))
	assert.Regexp(t, `^http://127\.0\.0\.1:[1-9][0-9]*/callback$`, u.Query().Get("redirect_uri"), "port 0 becomes the port listened on")

	st, err := os.Stat(storePath)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm(), "the token file is private")
	tok := storedToken(t, storePath)
	require.NotNil(t, tok)
	assert.Equal(t, f.lastToken, tok["access_token"])
	assert.NotEmpty(t, tok["refresh_token"])
	assert.NotEmpty(t, tok["expiry"])
	assert.Equal(t, []any{"read", "write"}, tok["scopes"])

	// Printing the transport, or a Flow holding a token, shows no secret.
	leaks.text("transport %v", fmt.Sprintf("%v %+v %#v %s", hc.Transport, hc.Transport, hc.Transport, hc.Transport))
	flow, err := auth.NewFlow(parse(t, dsnText), harvest.Provider(), harvestSettings)
	require.NoError(t, err)
	status, err := flow.Status(ctxFor(t))
	require.NoError(t, err)
	leaks.text("flow %v", fmt.Sprintf("%v %+v %#v %v %+v", flow, flow, flow, status, *status))

	// Another connection (or process) uses the stored token: no flow.
	hc2 := newClient(t, dsnText, harvest.Provider(), harvestSettings)
	_, err = scan(ctxFor(t), hc2, f.srv.URL)
	require.NoError(t, err)
	assert.Equal(t, 1, f.count("authorization_code"))
	assert.Equal(t, 0, f.count("refresh_token"))
}

func TestScanThatOutlivesItsTokenFinishesAndStoresTheRefreshedToken(t *testing.T) {
	f := newFakeAS(t, func(f *fakeAS) { f.items, f.pageSize, f.expireAfterPages = 95, 10, 3 })
	storePath := filepath.Join(t.TempDir(), "tokens.json")
	dsnText := oauthDSN(f, "InitiateOAuth=GETANDREFRESH;CallbackURL=http://localhost:0/cb;OAuthSettingsLocation="+storePath)
	b := newBrowser(t, true)
	hc := newClient(t, dsnText, harvest.Provider(), harvestSettings, auth.WithBrowser(b.open))

	ids, err := scan(ctxFor(t), hc, f.srv.URL)
	require.NoError(t, leaks.err(err))
	seen := map[int]int{}
	for _, id := range ids {
		seen[id]++
	}
	assert.Len(t, ids, 95, "every row once")
	assert.Len(t, seen, 95)
	assert.GreaterOrEqual(t, f.count("refresh_token"), 3, "the token expired mid-scan and was refreshed")
	assert.Equal(t, f.count("refresh_token"), f.unauth, "one refresh per 401, each followed by one retry")
	assert.Equal(t, f.lastToken, storedToken(t, storePath)["access_token"], "the refreshed token is in the store")
	st, err := os.Stat(storePath)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
}

func TestTokenIsRefreshedBeforeItExpires(t *testing.T) {
	f := newFakeAS(t)
	var now atomic.Pointer[time.Time]
	start := time.Now()
	now.Store(&start)
	clock := auth.WithClock(func() time.Time { return *now.Load() })
	storePath := filepath.Join(t.TempDir(), "t.json")
	hc := newClient(t, oauthDSN(f, "InitiateOAuth=REFRESH;OAuthRefreshToken="+seedRefresh(f)+";OAuthSettingsLocation="+storePath), harvest.Provider(), harvestSettings, clock)
	ctx := ctxFor(t)
	_, err := get(ctx, hc, f.url("/api/echo"))
	require.NoError(t, err)
	assert.Equal(t, 1, f.count("refresh_token"), "REFRESH with OAuthRefreshToken and an empty store refreshes")
	_, err = get(ctx, hc, f.url("/api/echo"))
	require.NoError(t, err)
	assert.Equal(t, 1, f.count("refresh_token"), "a fresh token is reused")

	later := start.Add(time.Hour - 10*time.Second) // inside the refresh margin
	now.Store(&later)
	_, err = get(ctx, hc, f.url("/api/echo"))
	require.NoError(t, err)
	assert.Equal(t, 2, f.count("refresh_token"), "refreshed before expiry")
	assert.Equal(t, 0, f.unauth, "without a 401")
}

// seedRefresh makes the fake server issue a refresh token and returns it.
func seedRefresh(f *fakeAS) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	rt := f.next("rt")
	f.refresh[rt] = true
	return rt
}

// seedStore writes a token record into a store file as the package
// would, by refreshing through a first transport.
func seedStore(t *testing.T, f *fakeAS, storePath string) {
	t.Helper()
	hc := newClient(t, oauthDSN(f, "InitiateOAuth=REFRESH;OAuthRefreshToken="+seedRefresh(f)+";OAuthSettingsLocation="+storePath), harvest.Provider(), harvestSettings)
	_, err := get(ctxFor(t), hc, f.url("/api/echo"))
	require.NoError(t, err)
	require.NotNil(t, storedToken(t, storePath))
}

func TestInitiateOAuthModes(t *testing.T) {
	t.Run("OFF sends the token as given and never refreshes", func(t *testing.T) {
		f := newFakeAS(t)
		f.mu.Lock()
		tok := f.issue()["access_token"].(string)
		f.mu.Unlock()
		hc := newClient(t, oauthDSN(f, "InitiateOAuth=OFF;OAuthAccessToken="+tok), harvest.Provider(), harvestSettings)
		_, err := scan(ctxFor(t), hc, f.srv.URL)
		require.NoError(t, err)

		f.expireAll()
		_, err = get(ctxFor(t), hc, f.url("/api/items"))
		require.ErrorIs(t, err, auth.ErrTokenRejected)
		assert.ErrorContains(t, err, "InitiateOAuth=OFF never refreshes")
		n := f.unauth
		_, err = get(ctxFor(t), hc, f.url("/api/items"))
		require.ErrorIs(t, err, auth.ErrTokenRejected)
		assert.Equal(t, n, f.unauth, "a rejected token is not sent again")
		assert.Zero(t, f.count("refresh_token"))
	})
	t.Run("OFF with a known expiry fails before sending", func(t *testing.T) {
		f := newFakeAS(t)
		ts := time.Now().Add(-2 * time.Hour).UnixMilli()
		hc := newClient(t, oauthDSN(f, fmt.Sprintf("OAuthAccessToken=%sold;OAuthExpiresIn=3600;OAuthTokenTimestamp=%d", secretMark, ts)), harvest.Provider(), harvestSettings)
		_, err := get(ctxFor(t), hc, f.url("/api/echo"))
		require.ErrorIs(t, err, auth.ErrLoginRequired)
		assert.ErrorContains(t, err, "expired at")
		assert.Zero(t, f.hits("/api/echo"), "nothing was sent")

		ts = time.Now().UnixMilli()
		hc = newClient(t, oauthDSN(f, fmt.Sprintf("OAuthAccessToken=%snew;OAuthExpiresIn=3600;OAuthTokenTimestamp=%d", secretMark, ts)), harvest.Provider(), harvestSettings)
		_, err = get(ctxFor(t), hc, f.url("/api/echo"))
		require.NoError(t, err)
		assert.Equal(t, "Bearer "+secretMark+"new", f.echo.Get("Authorization"))
	})
	t.Run("REFRESH without any refresh token is an error, never a flow", func(t *testing.T) {
		f := newFakeAS(t)
		storePath := filepath.Join(t.TempDir(), "t.json")
		hc := newClient(t, oauthDSN(f, "InitiateOAuth=REFRESH;OAuthSettingsLocation="+storePath), harvest.Provider(), harvestSettings)
		_, err := get(ctxFor(t), hc, f.url("/api/echo"))
		require.ErrorIs(t, err, auth.ErrLoginRequired)
		assert.ErrorContains(t, err, "InitiateOAuth=REFRESH needs OAuthRefreshToken")
		assert.ErrorContains(t, err, "saasapi auth login")
		assert.NoFileExists(t, storePath)
	})
	t.Run("REFRESH uses the stored token and refreshes it after a 401", func(t *testing.T) {
		f := newFakeAS(t)
		storePath := filepath.Join(t.TempDir(), "t.json")
		seedStore(t, f, storePath)
		hc := newClient(t, oauthDSN(f, "InitiateOAuth=REFRESH;OAuthSettingsLocation="+storePath), harvest.Provider(), harvestSettings)
		_, err := get(ctxFor(t), hc, f.url("/api/items"))
		require.NoError(t, err)
		assert.Equal(t, 1, f.count("refresh_token"), "only the seeding refresh")
		f.expireAll()
		resp, err := get(ctxFor(t), hc, f.url("/api/items"))
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, resp.StatusCode, "refreshed once after the 401, then sent again")
		assert.Equal(t, 2, f.count("refresh_token"))
		assert.Equal(t, f.lastToken, storedToken(t, storePath)["access_token"])
	})
	t.Run("GETANDREFRESH prefers the connection string's token to a flow", func(t *testing.T) {
		f := newFakeAS(t)
		f.mu.Lock()
		issued := f.issue()
		f.mu.Unlock()
		hc := newClient(t, oauthDSN(f, fmt.Sprintf("InitiateOAuth=GETANDREFRESH;OAuthAccessToken=%s;OAuthRefreshToken=%s;OAuthSettingsLocation=%s",
			issued["access_token"], issued["refresh_token"], filepath.Join(t.TempDir(), "t.json"))), harvest.Provider(), harvestSettings)
		_, err := get(ctxFor(t), hc, f.url("/api/items"))
		require.NoError(t, err)
		f.expireAll()
		_, err = get(ctxFor(t), hc, f.url("/api/items"))
		require.NoError(t, err)
		assert.Equal(t, 1, f.count("refresh_token"))
		assert.Zero(t, f.count("authorization_code"))
	})
	t.Run("a POST is not sent twice after a 401", func(t *testing.T) {
		f := newFakeAS(t)
		storePath := filepath.Join(t.TempDir(), "t.json")
		seedStore(t, f, storePath)
		hc := newClient(t, oauthDSN(f, "InitiateOAuth=REFRESH;OAuthSettingsLocation="+storePath), harvest.Provider(), harvestSettings)
		f.expireAll()
		resp, err := hc.Post(f.url("/api/items"), "text/plain", nil)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "the 401 is returned")
		assert.Equal(t, 2, f.count("refresh_token"), "but the token was refreshed for the next request")
		assert.Equal(t, 1, f.hits("/api/items"))
	})
}

func TestExpiredRefreshTokenIsAClearErrorAndNothingIsStored(t *testing.T) {
	f := newFakeAS(t)
	storePath := filepath.Join(t.TempDir(), "t.json")
	seedStore(t, f, storePath)
	before, err := os.ReadFile(storePath)
	require.NoError(t, err)
	f.expireAll()
	f.revokeRefresh()

	for _, mode := range []string{"REFRESH", "GETANDREFRESH"} {
		hc := newClient(t, oauthDSN(f, "InitiateOAuth="+mode+";OAuthSettingsLocation="+storePath), harvest.Provider(), harvestSettings)
		_, err = get(ctxFor(t), hc, f.url("/api/items"))
		require.Error(t, err)
		assert.ErrorIs(t, err, auth.ErrTokenEndpoint)
		assert.ErrorIs(t, err, auth.ErrLoginRequired)
		var te *auth.TokenError
		require.True(t, errors.As(err, &te))
		assert.Equal(t, f.url("/api/v2/oauth2/token"), te.Endpoint)
		assert.Equal(t, "invalid_grant", te.Code)
		assert.Equal(t, http.StatusBadRequest, te.Status)
		assert.Equal(t, "refresh_token", te.Grant)
		assert.ErrorContains(t, err, "saasapi auth login")
		assert.ErrorContains(t, err, "The refresh token REDACTED is invalid", "the server's description, without the token it echoed")
		after, err := os.ReadFile(storePath)
		require.NoError(t, err)
		assert.Equal(t, before, after, "nothing stored")

		// The REST client retries transport errors: the failure is
		// returned again at once, without another refresh.
		n := f.refused("refresh_token")
		_, err = get(ctxFor(t), hc, f.url("/api/items"))
		require.ErrorIs(t, err, auth.ErrLoginRequired)
		assert.Equal(t, n, f.refused("refresh_token"))
	}
}

func TestTwoProcessesRefreshingAtOnceRefreshOnce(t *testing.T) {
	f := newFakeAS(t, func(f *fakeAS) { f.tokenDelay = 150 * time.Millisecond })
	storePath := filepath.Join(t.TempDir(), "t.json")
	seedStore(t, f, storePath)
	f.expireAll()
	dsnText := oauthDSN(f, "InitiateOAuth=GETANDREFRESH;OAuthSettingsLocation="+storePath)
	// Two transports with their own file handles behave like two
	// processes: flock excludes them from each other.
	clients := []*http.Client{
		newClient(t, dsnText, harvest.Provider(), harvestSettings),
		newClient(t, dsnText, harvest.Provider(), harvestSettings),
	}
	var wg sync.WaitGroup
	errs := make([]error, len(clients))
	for i, hc := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = get(ctxFor(t), hc, f.url("/api/items"))
		}()
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, 2, f.count("refresh_token"), "the seeding refresh and one more: the second process used the first one's token")
	assert.Zero(t, f.refused("refresh_token"), "the rotated refresh token was never replayed")
	assert.Equal(t, f.lastToken, storedToken(t, storePath)["access_token"])
}

func TestHeadlessAuthURLAndExchange(t *testing.T) {
	f := newFakeAS(t, func(f *fakeAS) { f.requirePKCE = true })
	p := pkceProvider(f)
	storePath := filepath.Join(t.TempDir(), "t.json")
	pkceDSN := func(store string) string {
		return fmt.Sprintf("Profile=testapi;AuthScheme=OAuth;InitiateOAuth=GETANDREFRESH;OAuthClientId=%s;OAuthClientSecret=%s;CallbackURL=https://app.example.com/oauth/cb;OAuthSettingsLocation=%s",
			f.clientID, f.clientSecret, store)
	}
	dsnText := pkceDSN(storePath)
	flow, err := auth.NewFlow(parse(t, dsnText), p, nil, auth.WithLogger(logger()))
	require.NoError(t, err)
	ctx := ctxFor(t)

	authURL, err := flow.AuthURL(ctx)
	require.NoError(t, err)
	u, err := url.Parse(authURL)
	require.NoError(t, err)
	assert.Equal(t, "S256", u.Query().Get("code_challenge_method"))
	assert.Equal(t, "https://app.example.com/oauth/cb", u.Query().Get("redirect_uri"))
	pend := stored(t, storePath)["pending"].(map[string]any)
	assert.Equal(t, u.Query().Get("state"), pend["state"])
	leaks.secret(pend["code_verifier"].(string))
	st, err := flow.Status(ctx)
	require.NoError(t, err)
	leaks.text("status", st.String())
	assert.False(t, st.HasToken)
	assert.False(t, st.Pending.IsZero())

	cb, err := newBrowser(t, false).visit(authURL)
	require.NoError(t, err)
	assert.Equal(t, "app.example.com", cb.Host)

	// A redirect URL with another state is refused, and nothing stored.
	forged := *cb
	q := forged.Query()
	q.Set("state", "forged")
	forged.RawQuery = q.Encode()
	_, err = flow.Exchange(ctx, forged.String())
	leaks.err(err)
	require.ErrorIs(t, err, auth.ErrCallback)
	assert.ErrorContains(t, err, "state")
	assert.Nil(t, storedToken(t, storePath))

	// The pasted redirect URL finishes the flow.
	st, err = flow.Exchange(ctx, cb.String())
	require.NoError(t, leaks.err(err))
	leaks.text("status", st.String())
	assert.True(t, st.HasToken)
	assert.True(t, st.HasRefreshToken)
	assert.True(t, st.Pending.IsZero(), "the pending authorization is cleared")
	assert.Equal(t, f.lastToken, storedToken(t, storePath)["access_token"])
	assert.Equal(t, "acme", storedToken(t, storePath)["extra"].(map[string]any)["account_subdomain"], "the profile's extra fields are kept")
	assert.Equal(t, map[string]string{"account_subdomain": "acme"}, st.Extra)

	// The same code again, in another store: the server refuses it and
	// nothing is stored.
	other := filepath.Join(t.TempDir(), "other.json")
	flow2, err := auth.NewFlow(parse(t, pkceDSN(other)), p, nil)
	require.NoError(t, err)
	_, err = flow2.AuthURL(ctx)
	require.NoError(t, err)
	_, err = flow2.Exchange(ctx, cb.Query().Get("code"))
	leaks.err(err)
	require.ErrorIs(t, err, auth.ErrTokenEndpoint)
	var te *auth.TokenError
	require.True(t, errors.As(err, &te))
	assert.Equal(t, "invalid_grant", te.Code)
	assert.Equal(t, "authorization_code", te.Grant)
	assert.ErrorContains(t, err, "already used")
	assert.Nil(t, storedToken(t, other), "nothing stored")

	// The connection now works from the store, without a flow.
	hc := newClient(t, dsnText, p, nil)
	_, err = get(ctx, hc, f.url("/api/items"))
	require.NoError(t, err)

	// Logout removes it.
	had, err := flow.Logout(ctx)
	require.NoError(t, err)
	assert.True(t, had)
	assert.NoFileExists(t, storePath)
}

// pkceProvider is a profile whose authorization server takes PKCE and
// returns an extra field, on the fake server.
func pkceProvider(f *fakeAS) *schema.Provider {
	f.extra = map[string]any{"account_subdomain": "acme"}
	return &schema.Provider{
		Name: "testapi", BaseURL: f.url("/api"),
		Auth: schema.Auth{
			Schemes: []string{"OAUTH"},
			OAuth: &schema.OAuth{
				AuthURL:  f.url("/oauth/authorize"),
				TokenURL: f.url("/oauth/token"),
				PKCE:     true,
				Extra:    []string{"account_subdomain"},
			},
		},
	}
}

func TestExchangeOfOAuthVerifierAtConnect(t *testing.T) {
	f := newFakeAS(t)
	storePath := filepath.Join(t.TempDir(), "t.json")
	base := oauthDSN(f, "CallbackURL=https://app.example.com/cb;OAuthSettingsLocation="+storePath)
	flow, err := auth.NewFlow(parse(t, base), harvest.Provider(), harvestSettings)
	require.NoError(t, err)
	authURL, err := flow.AuthURL(ctxFor(t))
	require.NoError(t, err)
	cb, err := newBrowser(t, false).visit(authURL)
	require.NoError(t, err)

	// CData's two-step way: the code as OAuthVerifier, exchanged at the
	// first request.
	hc := newClient(t, base+";InitiateOAuth=GETANDREFRESH;OAuthVerifier="+cb.Query().Get("code"), harvest.Provider(), harvestSettings)
	_, err = get(ctxFor(t), hc, f.url("/api/items"))
	require.NoError(t, err)
	assert.Equal(t, 1, f.count("authorization_code"))
	_, err = get(ctxFor(t), hc, f.url("/api/items"))
	require.NoError(t, err)
	assert.Equal(t, 1, f.count("authorization_code"), "exchanged once")
}

func TestWrongStateOnTheCallbackIsRefused(t *testing.T) {
	f := newFakeAS(t)
	storePath := filepath.Join(t.TempDir(), "t.json")
	b := newBrowser(t, true)
	b.tamper = func(u *url.URL) {
		q := u.Query()
		q.Set("state", "attacker-state")
		u.RawQuery = q.Encode()
	}
	out := &output{}
	flow, err := auth.NewFlow(parse(t, oauthDSN(f, "CallbackURL=http://127.0.0.1:0/cb;OAuthSettingsLocation="+storePath)), harvest.Provider(), harvestSettings,
		auth.WithBrowser(b.open), auth.WithOutput(out), auth.WithLogger(logger()))
	require.NoError(t, err)
	_, err = flow.Login(ctxFor(t))
	leaks.err(err)
	require.ErrorIs(t, err, auth.ErrCallback)
	assert.ErrorContains(t, err, "state")
	assert.ErrorContains(t, err, "nothing was stored")
	assert.NoFileExists(t, storePath)
	assert.Zero(t, f.count("authorization_code"), "the code was not exchanged")
}

func TestAuthorizationServerErrorOnTheCallback(t *testing.T) {
	f := newFakeAS(t, func(f *fakeAS) { f.requirePKCE = true }) // harvest sends no PKCE: the server refuses
	storePath := filepath.Join(t.TempDir(), "t.json")
	b := newBrowser(t, true)
	flow, err := auth.NewFlow(parse(t, oauthDSN(f, "CallbackURL=http://localhost:0/cb;OAuthSettingsLocation="+storePath)), harvest.Provider(), harvestSettings,
		auth.WithBrowser(b.open), auth.WithOutput(&output{}))
	require.NoError(t, err)
	_, err = flow.Login(ctxFor(t))
	leaks.err(err)
	require.ErrorIs(t, err, auth.ErrCallback)
	assert.ErrorContains(t, err, "error=invalid_request")
	assert.ErrorContains(t, err, "PKCE required")
	assert.NoFileExists(t, storePath)
}

func TestCallbackFromNonLoopbackAddressIsRefused(t *testing.T) {
	h, result := auth.NewCallbackHandler("/cb", "good-state")
	rec := newRecorder()
	req := newRequest("GET", "/cb?code="+secretMark+"code&state=good-state", "192.0.2.7:40000")
	h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusForbidden, rec.Code)
	code, err, handed := result()
	leaks.err(err)
	require.True(t, handed, "the flow ends")
	assert.Empty(t, code, "the code is not used")
	require.ErrorIs(t, err, auth.ErrCallback)
	assert.ErrorContains(t, err, "192.0.2.7")
	assert.ErrorContains(t, err, "not a loopback address")

	// From loopback, with the right state, the code goes to the flow.
	h, result = auth.NewCallbackHandler("/cb", "good-state")
	h.ServeHTTP(newRecorder(), newRequest("GET", "/cb?code="+secretMark+"code&state=good-state", "127.0.0.1:40000"))
	code, err, handed = result()
	require.True(t, handed)
	require.NoError(t, err)
	assert.Equal(t, secretMark+"code", code)

	// Other paths are not the callback; a missing code keeps waiting.
	h, result = auth.NewCallbackHandler("/cb", "good-state")
	rec = newRecorder()
	h.ServeHTTP(rec, newRequest("GET", "/favicon.ico", "[::1]:40000"))
	assert.Equal(t, http.StatusNotFound, rec.Code)
	h.ServeHTTP(newRecorder(), newRequest("GET", "/cb", "[::1]:40000"))
	_, _, handed = result()
	assert.False(t, handed)
}

func TestCallbackFromNonLoopbackAddressEndToEnd(t *testing.T) {
	// Connect to the loopback listener from a non-loopback local address,
	// where the system allows it.
	ip := nonLoopbackIP()
	if ip == nil {
		t.Skip("no non-loopback local address to connect from")
	}
	f := newFakeAS(t)
	storePath := filepath.Join(t.TempDir(), "t.json")
	var visitErr error
	done := make(chan struct{})
	openFrom := func(u string) error {
		go func() {
			defer close(done)
			cb, err := newBrowser(t, false).visit(u)
			if err != nil {
				visitErr = err
				return
			}
			hc := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DialContext: dialFrom(ip)}}
			resp, err := hc.Get(cb.String())
			if err != nil {
				visitErr = err
				return
			}
			resp.Body.Close()
		}()
		return nil
	}
	flow, err := auth.NewFlow(parse(t, oauthDSN(f, "CallbackURL=http://127.0.0.1:0/cb;OAuthSettingsLocation="+storePath)), harvest.Provider(), harvestSettings,
		auth.WithBrowser(openFrom), auth.WithOutput(&output{}))
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err = flow.Login(ctx)
	leaks.err(err)
	<-done
	if visitErr != nil {
		t.Skipf("cannot connect to loopback from %s here: %v", ip, visitErr)
	}
	require.ErrorIs(t, err, auth.ErrCallback)
	assert.ErrorContains(t, err, "not a loopback address")
	assert.NoFileExists(t, storePath)
	assert.Zero(t, f.count("authorization_code"))
}

func TestLoginRefusesNonLoopbackCallbackHosts(t *testing.T) {
	f := newFakeAS(t)
	for _, cb := range []string{"http://example.com:8080/cb", "https://localhost:8443/cb", "your_callback_url", "http://0.0.0.0:0/cb"} {
		t.Run(cb, func(t *testing.T) {
			flow, err := auth.NewFlow(parse(t, oauthDSN(f, "CallbackURL="+cb+";OAuthSettingsLocation=memory://"+t.Name())), harvest.Provider(), harvestSettings,
				auth.WithBrowser(func(string) error { t.Error("browser opened"); return nil }), auth.WithOutput(&output{}))
			require.NoError(t, err)
			_, err = flow.Login(ctxFor(t))
			leaks.err(err)
			require.ErrorIs(t, err, auth.ErrConfig)
			assert.ErrorContains(t, err, "CallbackURL")
		})
	}
}

func TestPKCEIsUsedWhereTheProfileAcceptsIt(t *testing.T) {
	f := newFakeAS(t, func(f *fakeAS) { f.requirePKCE = true })
	p := pkceProvider(f)
	b := newBrowser(t, true)
	hc := newClient(t, fmt.Sprintf("Profile=testapi;InitiateOAuth=GETANDREFRESH;OAuthClientId=%s;CallbackURL=http://127.0.0.1:0/;OAuthSettingsLocation=memory://pkce",
		f.clientID), p, nil, auth.WithBrowser(b.open))
	_, err := get(ctxFor(t), hc, f.url("/api/items"))
	require.NoError(t, err, "a public client (no secret) with PKCE")
	require.Len(t, b.opened, 1)
	u, _ := url.Parse(b.opened[0])
	assert.Equal(t, "S256", u.Query().Get("code_challenge_method"))
	assert.NotEmpty(t, u.Query().Get("code_challenge"))
	assert.Equal(t, 1, f.count("authorization_code"))
}

func TestClientCredentials(t *testing.T) {
	f := newFakeAS(t, func(f *fakeAS) { f.headerAuth = true })
	p := &schema.Provider{Name: "machine", Auth: schema.Auth{Schemes: []string{"OAUTH_CLIENT"}, OAuth: &schema.OAuth{
		TokenURL: f.url("/oauth/token"), ClientAuth: "header", ClientCredentials: true,
	}}}
	hc := newClient(t, fmt.Sprintf("Profile=machine;AuthScheme=OAUTH_CLIENT;OAuthClientId=%s;OAuthClientSecret=%s", f.clientID, f.clientSecret), p, nil)
	ids, err := scan(ctxFor(t), hc, f.srv.URL)
	require.NoError(t, err)
	assert.Len(t, ids, 25)
	assert.Equal(t, 1, f.count("client_credentials"), "the token is reused")
	f.expireAll()
	_, err = get(ctxFor(t), hc, f.url("/api/items"))
	require.NoError(t, err)
	assert.Equal(t, 2, f.count("client_credentials"), "a 401 fetches a new token once")

	// Inferred from the client ID when the profile only has OAUTH_CLIENT.
	hc = newClient(t, fmt.Sprintf("Profile=machine;OAuthClientId=%s;OAuthClientSecret=%s", f.clientID, f.clientSecret+"x"), p, nil)
	_, err = get(ctxFor(t), hc, f.url("/api/items"))
	require.ErrorIs(t, err, auth.ErrTokenEndpoint)
	assert.ErrorContains(t, err, "invalid_client")
	assert.ErrorContains(t, err, "check OAuthClientId and OAuthClientSecret")
}

func TestRefreshEndpointOverride(t *testing.T) {
	f := newFakeAS(t)
	storePath := filepath.Join(t.TempDir(), "t.json")
	hc := newClient(t, oauthDSN(f, "InitiateOAuth=REFRESH;OAuthRefreshToken="+seedRefresh(f)+";OAuthRefreshTokenURL="+f.url("/refresh/token")+";OAuthSettingsLocation="+storePath),
		harvest.Provider(), harvestSettings)
	_, err := get(ctxFor(t), hc, f.url("/api/echo"))
	require.NoError(t, err)
	assert.Equal(t, 1, f.hits("/refresh/token"))
	assert.Zero(t, f.hits("/api/v2/oauth2/token"))
}

func TestPermanentTokenRejected(t *testing.T) {
	// Aircall's tokens are permanent: a 401 cannot be cured by a refresh.
	f := newFakeAS(t, func(f *fakeAS) { f.lifetime, f.noRefresh = 0, true })
	p := aircallLike()
	p.Auth.OAuth.AuthURL, p.Auth.OAuth.TokenURL = f.url("/oauth/authorize"), f.url("/v1/oauth/token")
	b := newBrowser(t, true)
	storePath := filepath.Join(t.TempDir(), "t.json")
	hc := newClient(t, fmt.Sprintf("Profile=aircall;AuthScheme=OAuth;InitiateOAuth=GETANDREFRESH;OAuthClientId=%s;OAuthClientSecret=%s;CallbackURL=http://127.0.0.1:0/cb;OAuthSettingsLocation=%s",
		f.clientID, f.clientSecret, storePath), p, nil, auth.WithBrowser(b.open))
	_, err := get(ctxFor(t), hc, f.url("/api/items"))
	require.NoError(t, err)
	tok := storedToken(t, storePath)
	assert.Nil(t, tok["expiry"], "no expiry")
	assert.Nil(t, tok["refresh_token"])

	f.expireAll()
	_, err = get(ctxFor(t), hc, f.url("/api/items"))
	require.ErrorIs(t, err, auth.ErrTokenRejected)
	assert.ErrorContains(t, err, "Aircall OAuth tokens are permanent")
	assert.ErrorContains(t, err, "still installed")
	assert.Len(t, b.opened, 1, "no new flow in the middle of a query")
}

func TestHarvestAccountLookup(t *testing.T) {
	one := []auth.Account{{ID: 42, Name: "Acme", Product: "harvest"}, {ID: 7, Name: "Acme Forecast", Product: "forecast"}}
	f := newFakeAS(t, func(f *fakeAS) { f.accounts = one })
	storePath := filepath.Join(t.TempDir(), "t.json")
	dsnText := fmt.Sprintf("Profile=harvest;AuthScheme=OAuth;InitiateOAuth=REFRESH;OAuthClientId=%s;OAuthClientSecret=%s;OAuthAccessTokenURL=%s;OAuthRefreshToken=%s;OAuthSettingsLocation=%s",
		f.clientID, f.clientSecret, f.url("/api/v2/oauth2/token"), seedRefresh(f), storePath)
	hc := newClient(t, dsnText, harvest.Provider(), nil)
	_, err := get(ctxFor(t), hc, f.url("/api/echo"))
	require.NoError(t, err)
	assert.Equal(t, "42", f.echo.Get("Harvest-Account-Id"), "the only Harvest account")
	assert.Equal(t, 1, f.hits("/api/v2/accounts"))
	_, err = get(ctxFor(t), hc, f.url("/api/echo"))
	require.NoError(t, err)
	assert.Equal(t, 1, f.hits("/api/v2/accounts"), "looked up once")

	f.accounts = append(one, auth.Account{ID: 43, Name: "Beta", Product: "harvest"})
	hc = newClient(t, dsnText, harvest.Provider(), nil)
	_, err = get(ctxFor(t), hc, f.url("/api/echo"))
	require.ErrorIs(t, err, auth.ErrAccount)
	assert.ErrorContains(t, err, "2 Harvest accounts: 42 (Acme), 43 (Beta)")
	assert.ErrorContains(t, err, "AccountId")

	// The exported lookup, through any authenticated client.
	id, err := auth.HarvestAccountID(ctxFor(t), hc, f.url("/api/v2/accounts"))
	leaks.err(err)
	require.ErrorIs(t, err, auth.ErrAccount)
	assert.Empty(t, id)
	f.accounts = nil
	_, err = auth.HarvestAccountID(ctxFor(t), hc, f.url("/api/v2/accounts"))
	leaks.err(err)
	assert.ErrorContains(t, err, "no Harvest account")
}

func TestMemoryStoreIsSharedInTheProcess(t *testing.T) {
	f := newFakeAS(t)
	loc := "memory://" + t.Name()
	dsnText := oauthDSN(f, "InitiateOAuth=GETANDREFRESH;CallbackURL=http://127.0.0.1:0/cb;OAuthSettingsLocation="+loc)
	b := newBrowser(t, true)
	_, err := get(ctxFor(t), newClient(t, dsnText, harvest.Provider(), harvestSettings, auth.WithBrowser(b.open)), f.url("/api/items"))
	require.NoError(t, err)
	_, err = get(ctxFor(t), newClient(t, dsnText, harvest.Provider(), harvestSettings), f.url("/api/items"))
	require.NoError(t, err)
	assert.Equal(t, 1, f.count("authorization_code"))
	flow, err := auth.NewFlow(parse(t, dsnText), harvest.Provider(), harvestSettings)
	require.NoError(t, err)
	st, err := flow.Status(ctxFor(t))
	require.NoError(t, err)
	leaks.text("status", st.String())
	assert.Equal(t, loc, st.Store)
	assert.True(t, st.HasToken)
}

func TestDefaultStoreLocation(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("HOME", dir)
	p := ahaLike()
	flow, err := auth.NewFlow(parse(t, `Profile=C:\profiles\aha.apip;ProfileSettings='Domain=acmeinc';Authscheme=OAuth;InitiateOAuth=GETANDREFRESH;OAuthClientId=your_client_id;OAuthClientSecret=your_client_secret;CallbackUrl=your_callback_url;`),
		p, map[string]string{"Domain": "acmeinc"})
	require.NoError(t, err)
	cfgDir, err := os.UserConfigDir()
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(cfgDir, "saasapi", "aha-acmeinc-your_client_id.json"), flow.Store())
	st, err := flow.Status(ctxFor(t))
	require.NoError(t, err)
	leaks.text("status", st.String())
	assert.Equal(t, "https://acmeinc.aha.io/oauth/token", st.TokenEndpoint)
	assert.False(t, st.HasToken)
	assert.Contains(t, st.String(), "none stored")
}

func TestStoreOfAnotherEndpointIsIgnored(t *testing.T) {
	f := newFakeAS(t)
	storePath := filepath.Join(t.TempDir(), "t.json")
	seedStore(t, f, storePath)
	g := newFakeAS(t)
	g.clientID, g.clientSecret = f.clientID, f.clientSecret
	hc := newClient(t, oauthDSN(g, "InitiateOAuth=REFRESH;OAuthSettingsLocation="+storePath), harvest.Provider(), harvestSettings)
	_, err := get(ctxFor(t), hc, g.url("/api/items"))
	require.ErrorIs(t, err, auth.ErrLoginRequired, "a token of another token endpoint is never sent")
	flow, err := auth.NewFlow(parse(t, oauthDSN(g, "OAuthSettingsLocation="+storePath)), harvest.Provider(), harvestSettings)
	require.NoError(t, err)
	st, err := flow.Status(ctxFor(t))
	require.NoError(t, err)
	leaks.text("status", st.String())
	assert.False(t, st.HasToken)
	assert.Contains(t, st.Other, "ignored")
}

func TestCorruptStoreIsAClearError(t *testing.T) {
	f := newFakeAS(t)
	storePath := filepath.Join(t.TempDir(), "t.json")
	require.NoError(t, os.WriteFile(storePath, []byte("{not json "+secretMark+"x"), 0o600))
	hc := newClient(t, oauthDSN(f, "InitiateOAuth=REFRESH;OAuthSettingsLocation="+storePath), harvest.Provider(), harvestSettings)
	_, err := get(ctxFor(t), hc, f.url("/api/items"))
	require.ErrorIs(t, err, auth.ErrStore)
	assert.ErrorContains(t, err, "is not a saasapi token store")
}

func TestTokenEndpointUnreachable(t *testing.T) {
	f := newFakeAS(t)
	dead := newFakeAS(t)
	dead.srv.Close()
	hc := newClient(t, oauthDSNTo(f, dead.url("/token?client_secret=in-url-secret"), "InitiateOAuth=REFRESH;OAuthRefreshToken="+secretMark+"rt;OAuthSettingsLocation=memory://"+t.Name()),
		harvest.Provider(), harvestSettings)
	_, err := get(ctxFor(t), hc, f.url("/api/items"))
	require.ErrorIs(t, err, auth.ErrTokenEndpoint)
	assert.ErrorContains(t, err, dead.url("/token"))
	assert.ErrorContains(t, err, "check the network")
	assert.NotContains(t, err.Error(), "in-url-secret")
}

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

func newRequest(method, target, remote string) *http.Request {
	r := httptest.NewRequest(method, target, nil)
	r.RemoteAddr = remote
	return r
}

// nonLoopbackIP returns a local IPv4 address that is not loopback, or nil.
func nonLoopbackIP() net.IP {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
			return n.IP
		}
	}
	return nil
}

// dialFrom dials from the local address ip.
func dialFrom(ip net.IP) func(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: ip}, Timeout: 2 * time.Second}
	return d.DialContext
}

// TestRefreshHelperProcess is run as a child process by
// TestTwoRealProcessesRefreshOnce; alone it does nothing.
func TestRefreshHelperProcess(t *testing.T) {
	text := os.Getenv("AUTH_HELPER_DSN")
	if text == "" {
		t.Skip("helper process only")
	}
	api, err := url.Parse(os.Getenv("AUTH_HELPER_URL"))
	require.NoError(t, err)
	rt, err := auth.New(parse(t, text), harvest.Provider(), harvestSettings, nil, auth.WithAPIBase(api))
	require.NoError(t, err)
	resp, err := get(ctxFor(t), &http.Client{Transport: rt}, os.Getenv("AUTH_HELPER_URL"))
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestTwoRealProcessesRefreshOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	f := newFakeAS(t, func(f *fakeAS) { f.tokenDelay = 300 * time.Millisecond })
	storePath := filepath.Join(t.TempDir(), "t.json")
	seedStore(t, f, storePath)
	f.expireAll()
	var wg sync.WaitGroup
	outs := make([][]byte, 2)
	errs := make([]error, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "-test.run=^TestRefreshHelperProcess$", "-test.count=1")
			cmd.Env = append(os.Environ(),
				"AUTH_HELPER_DSN="+oauthDSN(f, "InitiateOAuth=GETANDREFRESH;OAuthSettingsLocation="+storePath),
				"AUTH_HELPER_URL="+f.url("/api/items"))
			outs[i], errs[i] = cmd.CombinedOutput()
		}()
	}
	wg.Wait()
	for i := range 2 {
		leaks.text("helper process output", string(outs[i]))
		require.NoError(t, errs[i], "helper %d failed", i)
	}
	assert.Equal(t, 2, f.count("refresh_token"), "the seeding refresh and one more: one process waited and used the other's token")
	assert.Zero(t, f.refused("refresh_token"))
	assert.Equal(t, f.lastToken, storedToken(t, storePath)["access_token"])
}
