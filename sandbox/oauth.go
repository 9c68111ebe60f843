package sandbox

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// codeLifetime is how long an authorization code can be exchanged, as at
// Aircall ("valid for 10 minutes") and in RFC 6749's advice.
const codeLifetime = 10 * time.Minute

// harvestAccountsPath is Harvest ID's account discovery endpoint
// (id.getharvest.com/api/v2/accounts), served next to the token endpoint.
const harvestAccountsPath = "/api/v2/accounts"

// oauthPaths returns the authorization and token paths of a provider.
func oauthPaths(provider string) (authPath, tokenPath string) {
	switch provider {
	case ProviderAircall:
		return "/oauth/authorize", "/v1/oauth/token"
	case ProviderAha:
		return "/oauth/authorize", "/oauth/token"
	}
	return "/oauth2/authorize", "/api/v2/oauth2/token"
}

// oauthServer is the OAuth 2.0 authorization server of a sandbox. It
// auto-approves every authorization request of the known client.
type oauthServer struct {
	opts                Options
	authPath, tokenPath string

	mu      sync.Mutex
	codes   map[string]*authCode
	access  map[string]time.Time // expiry; zero for a permanent token
	refresh map[string]bool
}

// authCode is an issued authorization code.
type authCode struct {
	clientID    string
	redirectURI string
	challenge   string
	method      string // "S256" or "plain" when challenge is set
	expires     time.Time
	used        bool
}

func newOAuthServer(opts Options) *oauthServer {
	o := &oauthServer{opts: opts, codes: map[string]*authCode{},
		access: map[string]time.Time{}, refresh: map[string]bool{}}
	o.authPath, o.tokenPath = oauthPaths(opts.Provider)
	return o
}

// route answers the request when its path is an OAuth endpoint.
func (o *oauthServer) route(r *http.Request) (response, bool) {
	switch r.URL.Path {
	case o.authPath:
		return o.authorize(r), true
	case o.tokenPath:
		return o.token(r), true
	}
	return response{}, false
}

// valid reports whether token is an issued, unexpired access token.
func (o *oauthServer) valid(token string, now time.Time) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	exp, ok := o.access[token]
	return ok && (exp.IsZero() || now.Before(exp))
}

// known reports whether token was issued, expired or not.
func (o *oauthServer) known(token string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	_, ok := o.access[token]
	return ok
}

func (o *oauthServer) expireAll(now time.Time) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for t := range o.access {
		o.access[t] = now
	}
}

func (o *oauthServer) revokeRefresh() {
	o.mu.Lock()
	defer o.mu.Unlock()
	clear(o.refresh)
}

// oauthError is the RFC 6749 error body.
func oauthError(status int, code, description string) response {
	b, _ := marshal(struct {
		Error            string `json:"error"`
		ErrorDescription string `json:"error_description"`
	}{code, description})
	resp := jsonResponse(status, b)
	resp.header = map[string]string{"Cache-Control": "no-store", "Pragma": "no-cache"}
	return resp
}

func randomToken(prefix string) string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// authorize answers GET <authorize path>: it validates the client and the
// redirect URI (errors are shown, not redirected), then redirects back with
// a code, or with an error for a bad PKCE request.
func (o *oauthServer) authorize(r *http.Request) response {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		resp := oauthError(http.StatusMethodNotAllowed, "invalid_request", "The authorization endpoint accepts GET only.")
		resp.header["Allow"] = "GET, HEAD"
		return resp
	}
	q := r.URL.Query()
	if q.Get("client_id") == "" || subtle.ConstantTimeCompare([]byte(q.Get("client_id")), []byte(o.opts.ClientID)) != 1 {
		return oauthError(http.StatusBadRequest, "invalid_client", "Unknown or missing client_id.")
	}
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if q.Get("redirect_uri") == "" || err != nil || redirect.Host == "" || redirect.Fragment != "" ||
		(redirect.Scheme != "http" && redirect.Scheme != "https") {
		return oauthError(http.StatusBadRequest, "invalid_request", "redirect_uri must be an absolute http or https URL without a fragment.")
	}
	if rt := q.Get("response_type"); rt != "code" {
		return oauthError(http.StatusBadRequest, "unsupported_response_type",
			fmt.Sprintf("response_type must be code, got %q.", rt))
	}
	back := redirect.Query()
	if state := q.Get("state"); state != "" {
		back.Set("state", state)
	}
	challenge, method := q.Get("code_challenge"), q.Get("code_challenge_method")
	fail := func(desc string) response {
		back.Set("error", "invalid_request")
		back.Set("error_description", desc)
		return redirectTo(redirect, back)
	}
	switch {
	case challenge == "" && o.opts.RequirePKCE:
		return fail("PKCE is required: send code_challenge and code_challenge_method=S256.")
	case challenge == "":
		method = ""
	case method == "":
		method = "plain" // RFC 7636 §4.3
	case method != "S256" && method != "plain":
		return fail("code_challenge_method must be S256 or plain.")
	}
	code := randomToken("code-")
	o.mu.Lock()
	now := time.Now()
	for c, ac := range o.codes { // forget stale codes
		if now.After(ac.expires.Add(codeLifetime)) {
			delete(o.codes, c)
		}
	}
	o.codes[code] = &authCode{clientID: o.opts.ClientID, redirectURI: q.Get("redirect_uri"),
		challenge: challenge, method: method, expires: now.Add(codeLifetime)}
	o.mu.Unlock()

	back.Set("code", code)
	switch o.opts.Provider {
	case ProviderHarvest:
		scope := q.Get("scope")
		if scope == "" {
			scope = "harvest:" + o.opts.AccountID
		}
		back.Set("scope", scope)
	case ProviderAha:
		back.Set("account_subdomain", o.opts.Domain)
	}
	return redirectTo(redirect, back)
}

func redirectTo(u *url.URL, q url.Values) response {
	target := *u
	target.RawQuery = q.Encode()
	loc := target.String()
	return response{status: http.StatusFound, contentType: htmlType,
		header: map[string]string{"Location": loc, "Cache-Control": "no-store"},
		body:   []byte("<html><body>You are being <a href=\"" + htmlEscape(loc) + "\">redirected</a>.</body></html>\n")}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// readTokenForm reads the fields of a token request: a form-encoded or JSON
// body, with query parameters filling absent fields.
func readTokenForm(r *http.Request) (url.Values, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	form := url.Values{}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/json" {
		var m map[string]any
		if len(body) > 0 {
			if err := json.Unmarshal(body, &m); err != nil {
				return nil, err
			}
		}
		for k, v := range m {
			switch v := v.(type) {
			case string:
				form.Set(k, v)
			case float64:
				form.Set(k, strconv.FormatFloat(v, 'f', -1, 64))
			case bool:
				form.Set(k, strconv.FormatBool(v))
			}
		}
	} else if form, err = url.ParseQuery(string(body)); err != nil {
		return nil, err
	}
	for k, vs := range r.URL.Query() {
		if _, ok := form[k]; !ok {
			form[k] = vs
		}
	}
	return form, nil
}

// tokenResponse is the token endpoint's answer; empty fields are left out
// as the provider does.
type tokenResponse struct {
	AccessToken      string `json:"access_token"`
	TokenType        string `json:"token_type"`
	ExpiresIn        *int64 `json:"expires_in,omitempty"`
	RefreshToken     string `json:"refresh_token,omitempty"`
	Scope            string `json:"scope,omitempty"`
	CreatedAt        int64  `json:"created_at,omitempty"`
	AccountSubdomain string `json:"account_subdomain,omitempty"`
}

// token answers POST <token path>.
func (o *oauthServer) token(r *http.Request) response {
	if r.Method != http.MethodPost {
		resp := oauthError(http.StatusMethodNotAllowed, "invalid_request", "The token endpoint accepts POST only.")
		resp.header["Allow"] = "POST"
		return resp
	}
	form, err := readTokenForm(r)
	if err != nil {
		return oauthError(http.StatusBadRequest, "invalid_request", "The request body is not a valid form or JSON object.")
	}
	withForm := func(resp response) response { resp.form = form; return resp }

	id, secret, basic := r.BasicAuth()
	if basic {
		id, _ = url.QueryUnescape(id) // RFC 6749 §2.3.1
		secret, _ = url.QueryUnescape(secret)
	} else {
		id, secret = form.Get("client_id"), form.Get("client_secret")
	}
	if id == "" || subtle.ConstantTimeCompare([]byte(id), []byte(o.opts.ClientID)) != 1 ||
		subtle.ConstantTimeCompare([]byte(secret), []byte(o.opts.ClientSecret)) != 1 {
		resp := oauthError(http.StatusUnauthorized, "invalid_client", "Client authentication failed: unknown client or wrong client secret.")
		if basic {
			resp.header["WWW-Authenticate"] = `Basic realm="OAuth"`
		}
		return withForm(resp)
	}

	now := time.Now()
	switch gt := form.Get("grant_type"); gt {
	case "authorization_code":
		if resp, ok := o.checkCode(form, now); !ok {
			return withForm(resp)
		}
	case "refresh_token":
		if o.opts.Provider == ProviderAircall {
			return withForm(oauthError(http.StatusBadRequest, "unsupported_grant_type",
				"Aircall access tokens are permanent: the refresh_token grant is not supported."))
		}
		rt := form.Get("refresh_token")
		o.mu.Lock()
		ok := rt != "" && o.refresh[rt]
		delete(o.refresh, rt) // a refresh token is single-use: it rotates
		o.mu.Unlock()
		if !ok {
			return withForm(oauthError(http.StatusBadRequest, "invalid_grant",
				"The provided refresh token is invalid, expired, revoked or was already used."))
		}
	case "":
		return withForm(oauthError(http.StatusBadRequest, "invalid_request", "grant_type is required."))
	default:
		return withForm(oauthError(http.StatusBadRequest, "unsupported_grant_type",
			fmt.Sprintf("grant_type %q is not supported.", gt)))
	}
	return withForm(o.issue(now))
}

// checkCode validates and consumes the authorization code of an exchange.
func (o *oauthServer) checkCode(form url.Values, now time.Time) (response, bool) {
	invalid := func(desc string) (response, bool) {
		return oauthError(http.StatusBadRequest, "invalid_grant", desc), false
	}
	code := form.Get("code")
	o.mu.Lock()
	ac := o.codes[code]
	var used bool
	if ac != nil {
		used = ac.used
		ac.used = true // single use, even when the exchange fails below
	}
	o.mu.Unlock()
	switch {
	case code == "" || ac == nil:
		return invalid("The provided authorization grant is invalid, expired, revoked, or was issued to another client.")
	case used:
		return invalid("The authorization code was already used.")
	case !now.Before(ac.expires):
		return invalid("The authorization code has expired.")
	case ac.clientID != form.Get("client_id") && form.Get("client_id") != "":
		return invalid("The authorization code was issued to another client.")
	}
	// redirect_uri must repeat the authorization request's. Harvest
	// documents the exchange without it, so there it may be left out.
	if ru, ok := form["redirect_uri"]; ok || o.opts.Provider != ProviderHarvest {
		if !ok || len(ru) != 1 || ru[0] != ac.redirectURI {
			return invalid("redirect_uri does not match the one of the authorization request.")
		}
	}
	verifier := form.Get("code_verifier")
	switch {
	case ac.challenge == "" && o.opts.RequirePKCE:
		return invalid("PKCE is required.")
	case ac.challenge == "":
	case verifier == "":
		return invalid("code_verifier is required: the authorization request had a code_challenge.")
	case ac.method == "S256":
		sum := sha256.Sum256([]byte(verifier))
		if base64.RawURLEncoding.EncodeToString(sum[:]) != ac.challenge {
			return invalid("PKCE verification failed: code_verifier does not match code_challenge.")
		}
	case verifier != ac.challenge:
		return invalid("PKCE verification failed: code_verifier does not match code_challenge.")
	}
	return response{}, true
}

// issue creates a new access token (and refresh token) and answers them.
func (o *oauthServer) issue(now time.Time) response {
	tr := tokenResponse{AccessToken: randomToken("at-"), TokenType: "bearer"}
	var exp time.Time
	if o.opts.Provider == ProviderAircall {
		tr.Scope, tr.CreatedAt = "public_api", now.Unix()
	} else {
		exp = now.Add(o.opts.TokenLifetime)
		tr.ExpiresIn = ptr(int64(o.opts.TokenLifetime / time.Second))
		tr.RefreshToken = randomToken("rt-")
	}
	if o.opts.Provider == ProviderAha {
		tr.AccountSubdomain = o.opts.Domain
	}
	o.mu.Lock()
	o.access[tr.AccessToken] = exp
	if tr.RefreshToken != "" {
		o.refresh[tr.RefreshToken] = true
	}
	o.mu.Unlock()
	b, _ := marshal(tr)
	resp := jsonResponse(http.StatusOK, b)
	resp.header = map[string]string{"Cache-Control": "no-store", "Pragma": "no-cache"}
	return resp
}

// bearerToken returns the token of an "Authorization: Bearer" header, or of
// the access_token query parameter when there is no Authorization header.
func bearerToken(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if h == "" {
		return r.URL.Query().Get("access_token")
	}
	scheme, tok, _ := strings.Cut(h, " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(tok)
}

// harvestAccounts answers GET /api/v2/accounts, Harvest ID's account
// discovery: the user of the token and the one Harvest account it reaches.
func (s *Server) harvestAccounts(r *http.Request) response {
	if !s.validToken(bearerToken(r)) {
		return fixed(http.StatusUnauthorized, invalidTokenBody)
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		resp := fixed(http.StatusMethodNotAllowed, readOnlyBody)
		resp.header = map[string]string{"Allow": "GET, HEAD"}
		return resp
	}
	u := s.ds.Users[0]
	var id any = s.opts.AccountID
	if n, err := strconv.ParseInt(s.opts.AccountID, 10, 64); err == nil {
		id = n
	}
	type account struct {
		ID      any    `json:"id"`
		Name    string `json:"name"`
		Product string `json:"product"`
	}
	b, _ := marshal(struct {
		User struct {
			ID        int64  `json:"id"`
			FirstName string `json:"first_name"`
			LastName  string `json:"last_name"`
			Email     string `json:"email"`
		} `json:"user"`
		Accounts []account `json:"accounts"`
	}{
		User: struct {
			ID        int64  `json:"id"`
			FirstName string `json:"first_name"`
			LastName  string `json:"last_name"`
			Email     string `json:"email"`
		}{u.ID, u.FirstName, u.LastName, u.Email},
		Accounts: []account{{ID: id, Name: "Sandbox Co", Product: "harvest"}},
	})
	return jsonResponse(http.StatusOK, b)
}
