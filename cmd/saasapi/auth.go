package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/auth"
	"github.com/saasapi/saasapi/dsn"
	"github.com/saasapi/saasapi/providers"
)

const authUsage = `Usage:
  saasapi auth login    [--dsn DSN] [--no-browser]
  saasapi auth url      [--dsn DSN]
  saasapi auth exchange [--dsn DSN] [--code CODE|REDIRECT_URL|-]
  saasapi auth status   [--dsn DSN]
  saasapi auth logout   [--dsn DSN]

login runs the OAuth authorization in a browser and stores the token.
On a machine without a browser, url prints the authorization URL (open it
anywhere) and exchange stores the token from the code the browser was
redirected with (--code, OAuthVerifier in the DSN, or standard input).
status shows the stored token (never the token itself); logout removes it.
The DSN needs AuthScheme=OAuth, OAuthClientId and OAuthClientSecret; see
docs/auth.md.
`

// authInput is where "auth exchange" reads the code when it is not
// given; authBrowser, when set, replaces auth.OpenBrowser. Tests replace
// both.
var (
	authInput   io.Reader = os.Stdin
	authBrowser func(url string) error
)

func cmdAuth(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: auth takes a subcommand: login, url, exchange, status or logout", errUsage)
	}
	sub := args[0]
	switch sub {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, authUsage)
		return nil
	case "login", "url", "exchange", "status", "logout":
	default:
		return fmt.Errorf("%w: unknown auth subcommand %q (login, url, exchange, status or logout)", errUsage, sub)
	}
	fs := newFlags("auth " + sub)
	dsnText := fs.String("dsn", "", "connection string (default $SAASAPI_DSN)")
	noBrowser := false
	code := ""
	switch sub {
	case "login":
		fs.BoolVar(&noBrowser, "no-browser", false, "print the authorization URL without opening a browser")
	case "exchange":
		fs.StringVar(&code, "code", "", "the authorization code, the URL the browser was redirected to, or - to read it from standard input")
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, authUsage)
			return nil
		}
		return fmt.Errorf("%w: auth %s: %v", errUsage, sub, err)
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("%w: auth %s takes no arguments (got %q)", errUsage, sub, fs.Arg(0))
	}

	opts := []auth.Option{auth.WithOutput(stderr), auth.WithCheckRedirect(saasapi.CheckRedirect)}
	switch {
	case noBrowser:
		opts = append(opts, auth.WithBrowser(nil))
	case authBrowser != nil:
		opts = append(opts, auth.WithBrowser(authBrowser))
	}
	cfg, flow, err := newAuthFlow(*dsnText, opts...)
	if err != nil {
		return err
	}

	switch sub {
	case "login":
		st, err := flow.Login(ctx)
		if err != nil {
			return err
		}
		fmt.Fprint(stdout, st)
		noteMode(stderr, cfg)
	case "url":
		u, err := flow.AuthURL(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, u)
		fmt.Fprintf(stderr, "saasapi: open the URL above in a browser and authorize; the browser is then sent to the callback URL with a code.\n"+
			"saasapi: finish with: saasapi auth exchange --dsn … --code CODE (the code, or the whole URL the browser was sent to)\n")
	case "exchange":
		if code == "-" || code == "" && cfg.OAuthVerifier == "" {
			if code, err = readCode(stderr); err != nil {
				return err
			}
		}
		st, err := flow.Exchange(ctx, code)
		if err != nil {
			return err
		}
		fmt.Fprint(stdout, st)
		noteMode(stderr, cfg)
	case "status":
		st, err := flow.Status(ctx)
		if err != nil {
			return err
		}
		fmt.Fprint(stdout, st)
	case "logout":
		had, err := flow.Logout(ctx)
		if err != nil {
			return err
		}
		if had {
			fmt.Fprintf(stdout, "removed the token stored in %s (it is not revoked at the provider)\n", flow.Store())
		} else {
			fmt.Fprintf(stdout, "no token stored in %s\n", flow.Store())
		}
	}
	return nil
}

// readCode reads the authorization code (or redirect URL) from authInput.
func readCode(stderr io.Writer) (string, error) {
	fmt.Fprint(stderr, "saasapi: paste the code (or the URL the browser was sent to), then press Enter: ")
	line, err := bufio.NewReader(authInput).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("auth exchange: reading the code: %w", err)
	}
	line = strings.TrimSpace(line)
	if line == "" {
		return "", fmt.Errorf("%w: auth exchange needs the code: pass --code, set OAuthVerifier in the DSN, or type it on standard input", errUsage)
	}
	return line, nil
}

// noteMode warns when the DSN will not read the token just stored.
func noteMode(stderr io.Writer, cfg *dsn.Config) {
	if cfg.InitiateOAuth == "" || cfg.InitiateOAuth == dsn.InitiateOff {
		fmt.Fprintln(stderr, "saasapi: note: this DSN has InitiateOAuth=OFF, which does not read the stored token; set InitiateOAuth=GETANDREFRESH (or REFRESH) to use it")
	}
}

// newAuthFlow parses the DSN (or $SAASAPI_DSN), resolves its profile and
// settings and returns the OAuth flow.
func newAuthFlow(text string, opts ...auth.Option) (*dsn.Config, *auth.Flow, error) {
	if text == "" {
		text = os.Getenv("SAASAPI_DSN")
	}
	if text == "" {
		return nil, nil, fmt.Errorf("%w: no connection string: pass --dsn or set SAASAPI_DSN", errUsage)
	}
	cfg, err := dsn.Parse(text)
	if err != nil {
		return nil, nil, err
	}
	p, err := providers.Resolve(cfg.Profile)
	if err != nil {
		return nil, nil, err
	}
	// ProfileSettings by the profile's declared names, patterns checked
	// (as the driver does when it connects).
	settings := map[string]string{}
	for _, kv := range cfg.ProfileSettings {
		s, ok := p.Setting(kv.Key)
		if !ok {
			if strings.EqualFold(kv.Key, "BaseURL") {
				settings["BaseURL"] = kv.Value
				continue
			}
			var names []string
			for _, s := range p.Settings {
				names = append(names, s.Name)
			}
			return nil, nil, fmt.Errorf("ProfileSettings: unknown key %q for profile %s; the keys are %s", kv.Key, p.Name, strings.Join(names, ", "))
		}
		if err := s.Pattern.Check(kv.Value); err != nil {
			shown := fmt.Sprintf("%q", kv.Value)
			if s.Secret {
				shown = dsn.Redacted
			}
			return nil, nil, fmt.Errorf("ProfileSettings: %s %s %v", s.Name, shown, err)
		}
		settings[s.Name] = kv.Value
	}
	flow, err := auth.NewFlow(cfg, p, settings, opts...)
	if err != nil {
		return nil, nil, err
	}
	return cfg, flow, nil
}
