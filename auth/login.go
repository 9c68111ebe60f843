package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"html"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// OpenBrowser opens url in the user's browser (xdg-open, open or
// rundll32, by platform), without waiting for it. It is the default of
// [WithBrowser]; the flow ignores its failure, since the URL is printed
// too.
func OpenBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}

// randomState returns 32 random bytes, base64url-encoded.
func randomState() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// parseCallback parses CallbackURL (DefaultCallbackURL when absent) as
// an absolute http(s) URL without user information or fragment.
func (c *client) parseCallback() (*url.URL, error) {
	raw := c.cfg.CallbackURL
	if raw == "" {
		raw = DefaultCallbackURL
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("%w: CallbackURL %q is not an absolute http(s) URL; set it to the redirect URL registered with the %s OAuth application, e.g. %s",
			ErrConfig, shownURL(raw), c.profile, DefaultCallbackURL)
	}
	if u.User != nil || u.Fragment != "" {
		return nil, fmt.Errorf("%w: CallbackURL %q must not hold user information or a fragment", ErrConfig, shownURL(raw))
	}
	return u, nil
}

// callbackURL is the redirect URL of a two-step authorization: any
// https URL, or plain http on a loopback host.
func (c *client) callbackURL() (*url.URL, error) {
	u, err := c.parseCallback()
	if err != nil {
		return nil, err
	}
	if u.Scheme == "http" && !isLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("%w: CallbackURL %q: plain http is only allowed for loopback hosts; use https", ErrConfig, shownURL(u.String()))
	}
	return u, nil
}

// loopbackCallback checks that saasapi can serve the callback itself:
// plain http on a loopback host.
func (c *client) loopbackCallback() (*url.URL, error) {
	u, err := c.parseCallback()
	if err != nil {
		return nil, err
	}
	if !isLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("%w: CallbackURL host %q is not a loopback address, and saasapi listens for the redirect on loopback only (localhost, 127.0.0.1, ::1); "+
			"register a loopback redirect URL such as %s, or finish the flow from another machine's browser with \"saasapi auth url\" and \"saasapi auth exchange --code …\"",
			ErrConfig, u.Hostname(), DefaultCallbackURL)
	}
	if u.Scheme != "http" {
		return nil, fmt.Errorf("%w: CallbackURL %q: the loopback listener serves plain http only; register http://%s%s instead, or use \"saasapi auth url\" and \"saasapi auth exchange\"",
			ErrConfig, shownURL(u.String()), u.Host, u.Path)
	}
	return u, nil
}

// listenLoopback listens on the callback's loopback address ("localhost"
// listens on 127.0.0.1 and, when it can, ::1). Port 0 takes a free port,
// written back into the returned URL.
func listenLoopback(u *url.URL) ([]net.Listener, *url.URL, error) {
	host, port := u.Hostname(), u.Port()
	if port == "" {
		port = "80"
	}
	var addrs []string
	switch {
	case strings.EqualFold(host, "localhost"):
		addrs = []string{"127.0.0.1", "::1"}
	case isLoopbackHost(host):
		addrs = []string{host}
	default:
		return nil, nil, fmt.Errorf("%w: refusing to listen on %q: not a loopback address", ErrConfig, host)
	}
	first, err := net.Listen("tcp", net.JoinHostPort(addrs[0], port))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: listen for the OAuth redirect on %s: %v; free the port or register another loopback CallbackURL",
			ErrConfig, net.JoinHostPort(addrs[0], port), err)
	}
	lns := []net.Listener{first}
	_, actual, _ := net.SplitHostPort(first.Addr().String())
	for _, a := range addrs[1:] {
		if ln, err := net.Listen("tcp", net.JoinHostPort(a, actual)); err == nil {
			lns = append(lns, ln)
		}
	}
	out := *u
	if port != actual || u.Port() == "" && actual != "80" {
		out.Host = net.JoinHostPort(host, actual)
	}
	return lns, &out, nil
}

// authOptions are the authorization request's extra parameters.
func authOptions(verifier string) []oauth2.AuthCodeOption {
	if verifier == "" {
		return nil
	}
	return []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(verifier)}
}

// callbackResult is what the callback handler hands to the flow.
type callbackResult struct {
	code  string
	err   error
	reply chan error // the outcome of the exchange, for the browser page
}

// callbackHandler serves the redirect of one authorization: it checks
// the remote address (loopback), the path and the state, and hands the
// code to the flow once.
type callbackHandler struct {
	path  string
	state string
	out   chan<- callbackResult
	once  sync.Once
	done  chan struct{} // closed when the flow ends
}

func (h *callbackHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	if !loopbackRemote(r.RemoteAddr) {
		h.finish(w, http.StatusForbidden, callbackResult{err: fmt.Errorf("%w: a callback came from %s, which is not a loopback address; it was refused and nothing was stored",
			ErrCallback, remoteHost(r.RemoteAddr))})
		return
	}
	if r.URL.Path != h.path {
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	state := q.Get("state")
	if code := q.Get("error"); code != "" {
		if !h.stateOK(state) {
			h.finish(w, http.StatusBadRequest, callbackResult{err: stateError()})
			return
		}
		h.finish(w, http.StatusBadRequest, callbackResult{err: serverError(code, q.Get("error_description"))})
		return
	}
	if q.Get("code") == "" {
		writePage(w, http.StatusBadRequest, "This is the saasapi OAuth callback; it expects code and state parameters.")
		return
	}
	if !h.stateOK(state) {
		h.finish(w, http.StatusBadRequest, callbackResult{err: stateError()})
		return
	}
	reply := make(chan error, 1)
	if !h.hand(callbackResult{code: q.Get("code"), reply: reply}) {
		writePage(w, http.StatusConflict, "This authorization was already handled; you can close this window.")
		return
	}
	select {
	case err := <-reply:
		if err != nil {
			writePage(w, http.StatusBadGateway, "saasapi could not finish the authorization; see the terminal for the reason.")
			return
		}
		writePage(w, http.StatusOK, "saasapi is authorized; you can close this window.")
	case <-h.done:
		writePage(w, http.StatusServiceUnavailable, "The saasapi authorization flow ended; see the terminal.")
	}
}

func (h *callbackHandler) stateOK(state string) bool {
	return state != "" && subtle.ConstantTimeCompare([]byte(state), []byte(h.state)) == 1
}

// hand delivers res to the flow, once.
func (h *callbackHandler) hand(res callbackResult) bool {
	handed := false
	h.once.Do(func() {
		h.out <- res
		handed = true
	})
	return handed
}

// finish ends the flow with an error and answers the browser.
func (h *callbackHandler) finish(w http.ResponseWriter, status int, res callbackResult) {
	h.hand(res)
	msg := "saasapi refused this authorization; see the terminal for the reason."
	writePage(w, status, msg)
}

func stateError() error {
	return fmt.Errorf("%w: the state parameter of the redirect does not match the one this flow sent (a stale or forged redirect); it was refused and nothing was stored; start again", ErrCallback)
}

// serverError reports an error the authorization server sent through the
// redirect.
func serverError(code, desc string) error {
	msg := "the authorization server answered error=" + clip(code, 60)
	if desc != "" {
		msg += fmt.Sprintf(" (%q)", clip(desc, 200))
	}
	if code == "access_denied" {
		msg += "; the authorization was declined"
	}
	return fmt.Errorf("%w: %s; nothing was stored", ErrCallback, msg)
}

func writePage(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!DOCTYPE html>\n<html><head><title>saasapi</title></head><body><p>%s</p></body></html>\n", html.EscapeString(msg))
}

func loopbackRemote(addr string) bool {
	ip := net.ParseIP(remoteHost(addr))
	return ip != nil && ip.IsLoopback()
}

func remoteHost(addr string) string {
	if h, _, err := net.SplitHostPort(addr); err == nil {
		return h
	}
	return addr
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// login runs the interactive authorization-code flow: it listens on the
// loopback CallbackURL, prints the authorization URL and tries to open
// it in a browser, checks the redirect's state, exchanges the code (with
// PKCE where the profile accepts it) and stores the token.
func (c *client) login(ctx context.Context) (*token, error) {
	if c.authErr != nil {
		return nil, c.authErr
	}
	if c.tokenErr != nil {
		return nil, c.tokenErr
	}
	cb, err := c.loopbackCallback()
	if err != nil {
		return nil, err
	}
	lns, redirect, err := listenLoopback(cb)
	if err != nil {
		return nil, err
	}
	state := randomState()
	verifier := ""
	if c.pkce {
		verifier = oauth2.GenerateVerifier()
		c.secrets.add(verifier)
	}
	conf := c.conf
	conf.RedirectURL = redirect.String()
	authURL := conf.AuthCodeURL(state, authOptions(verifier)...)

	results := make(chan callbackResult, 1)
	path := redirect.Path
	if path == "" {
		path = "/"
	}
	h := &callbackHandler{path: path, state: state, out: results, done: make(chan struct{})}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	for _, ln := range lns {
		go srv.Serve(ln)
	}
	defer func() {
		close(h.done)
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
		for _, ln := range lns {
			ln.Close()
		}
	}()

	fmt.Fprintf(c.o.out, "saasapi: authorize access to %s in a browser:\n\n    %s\n\n", c.profile, authURL)
	if err := c.o.browser(authURL); err != nil {
		fmt.Fprintf(c.o.out, "saasapi: could not open a browser; open the URL above yourself\n")
	}
	fmt.Fprintf(c.o.out, "saasapi: waiting for the redirect to %s\n", redirect)
	c.o.logger.LogAttrs(ctx, slog.LevelInfo, "oauth authorization started", c.attrs(slog.String("redirect_uri", redirect.String()))...)

	var res callbackResult
	select {
	case res = <-results:
	case <-ctx.Done():
		return nil, fmt.Errorf("waiting for the OAuth redirect to %s: %w (the interactive flow must finish within the request's timeout; or run \"saasapi auth login\" first)",
			redirect, ctx.Err())
	}
	if res.err != nil {
		return nil, res.err
	}
	c.secrets.add(res.code)
	t, err := c.exchangeCode(ctx, conf, res.code, verifier)
	res.reply <- err
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(c.o.out, "saasapi: authorized; token stored in %s\n", c.store.location())
	return t, nil
}

// exchangeCode trades an authorization code for a token and stores it
// (clearing the pending authorization); on failure nothing is stored.
func (c *client) exchangeCode(ctx context.Context, conf oauth2.Config, code, verifier string) (*token, error) {
	var opts []oauth2.AuthCodeOption
	if verifier != "" {
		opts = append(opts, oauth2.VerifierOption(verifier))
	}
	ot, err := conf.Exchange(c.oauthCtx(ctx), code, opts...)
	if err != nil {
		return nil, c.tokenError(ctx, err, "authorization_code", c.tokenURL)
	}
	t := c.fromOAuth2(ot)
	if err := c.save(ctx, func(r *record) {
		r.Token = t
		r.Pending = nil
		r.UsedCode = codeHash(code)
	}); err != nil {
		return nil, err
	}
	c.rejected = ""
	c.o.logger.LogAttrs(ctx, slog.LevelInfo, "oauth token obtained and stored", c.attrs(expiryAttr(t))...)
	return t, nil
}

// authCodeURL starts a two-step authorization: it saves a fresh state and
// PKCE verifier in the store and returns the URL to open.
func (c *client) authCodeURL(ctx context.Context) (string, error) {
	if c.authErr != nil {
		return "", c.authErr
	}
	if c.storeErr != nil {
		return "", c.storeErr
	}
	cb, err := c.callbackURL()
	if err != nil {
		return "", err
	}
	p := &pending{State: randomState(), RedirectURL: cb.String(), Created: c.o.now().UTC().Round(0)}
	if c.pkce {
		p.Verifier = oauth2.GenerateVerifier()
		c.secrets.add(p.Verifier)
	}
	if err := c.save(ctx, func(r *record) { r.Pending = p }); err != nil {
		return "", err
	}
	conf := c.conf
	conf.RedirectURL = p.RedirectURL
	c.o.logger.LogAttrs(ctx, slog.LevelInfo, "oauth authorization started (two-step)", c.attrs(slog.String("redirect_uri", p.RedirectURL))...)
	return conf.AuthCodeURL(p.State, authOptions(p.Verifier)...), nil
}

// exchange finishes a two-step authorization. input is the code, or the
// whole URL the browser was redirected to (then its state is checked).
func (c *client) exchange(ctx context.Context, input string) (*token, error) {
	if c.tokenErr != nil {
		return nil, c.tokenErr
	}
	if c.storeErr != nil {
		return nil, c.storeErr
	}
	input = strings.TrimSpace(input)
	code, state := input, ""
	if strings.Contains(input, "?") || strings.Contains(input, "code=") {
		raw := input
		if i := strings.IndexByte(raw, '?'); i >= 0 {
			raw = raw[i+1:]
		}
		q, err := url.ParseQuery(raw)
		if err != nil {
			return nil, fmt.Errorf("%w: the redirect URL given as the code cannot be parsed; pass the code parameter alone", ErrConfig)
		}
		if e := q.Get("error"); e != "" {
			return nil, serverError(e, q.Get("error_description"))
		}
		code, state = q.Get("code"), q.Get("state")
		c.secrets.add(code)
		if code == "" {
			return nil, fmt.Errorf("%w: the redirect URL has no code parameter", ErrConfig)
		}
	}
	c.secrets.add(code)
	rec, err := c.load()
	if err != nil {
		return nil, err
	}
	p := rec.Pending
	if p != nil && c.o.now().Sub(p.Created) > pendingLifetime {
		return nil, fmt.Errorf("%w: the authorization started at %s (saasapi auth url) has expired; run \"saasapi auth url\" again",
			ErrLoginRequired, p.Created.Format(time.RFC3339))
	}
	if state != "" && (p == nil || subtle.ConstantTimeCompare([]byte(state), []byte(p.State)) != 1) {
		return nil, stateError()
	}
	if p == nil && c.pkce {
		return nil, fmt.Errorf("%w: no authorization is pending in %s (the PKCE verifier is kept there); run \"saasapi auth url\" first, then exchange the code it leads to",
			ErrLoginRequired, c.store.location())
	}
	conf := c.conf
	verifier := ""
	if p != nil {
		conf.RedirectURL = p.RedirectURL
		verifier = p.Verifier
	} else {
		cb, err := c.callbackURL()
		if err != nil {
			return nil, err
		}
		conf.RedirectURL = cb.String()
	}
	return c.exchangeCode(ctx, conf, code, verifier)
}
