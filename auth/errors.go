package auth

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// Sentinel errors, for errors.Is. Every error of the package wraps at
// least one of them, and none contains a secret (token, client secret,
// authorization code, PKCE verifier, password or API key).
var (
	// ErrConfig reports credentials or OAuth properties of the connection
	// string that are missing, contradictory or invalid.
	ErrConfig = errors.New("authentication configuration")
	// ErrLoginRequired reports that no usable OAuth token exists and the
	// connection string's InitiateOAuth mode may not get one: run
	// "saasapi auth login" (or auth url and auth exchange).
	ErrLoginRequired = errors.New("OAuth login required")
	// ErrTokenEndpoint is wrapped by [*TokenError]: the OAuth token
	// endpoint refused a grant or could not be reached.
	ErrTokenEndpoint = errors.New("OAuth token endpoint")
	// ErrCallback reports an OAuth redirect that was refused: a wrong
	// state, an error from the authorization server, or a callback from a
	// non-loopback address. Nothing is stored.
	ErrCallback = errors.New("OAuth callback refused")
	// ErrTokenRejected reports that the API answered 401 Unauthorized to an
	// access token that cannot be refreshed (a permanent token, or
	// InitiateOAuth=OFF).
	ErrTokenRejected = errors.New("access token rejected")
	// ErrStore reports a token store (OAuthSettingsLocation) that cannot
	// be read, written or locked.
	ErrStore = errors.New("OAuth token store")
	// ErrAccount reports that the Harvest account to use could not be
	// chosen: the token reaches none, or several (listed in the message).
	ErrAccount = errors.New("Harvest account")
)

// TokenError describes a failed request to an OAuth token endpoint. Its
// fields and message never contain a secret: the endpoint is shown without
// its query, and known secrets are removed from the server's description.
type TokenError struct {
	// Endpoint is the token endpoint, without query or user information.
	Endpoint string
	// Grant is the grant type sent: "authorization_code", "refresh_token"
	// or "client_credentials".
	Grant string
	// Status is the HTTP status of the answer; 0 when there was none.
	Status int
	// Code is the OAuth error code ("invalid_grant"), when the server
	// sent one.
	Code string
	// Description is the server's error_description, or the transport
	// error, with secrets removed.
	Description string
	// Hint says what to do.
	Hint string

	cause error // transport error, for errors.Is(err, context.DeadlineExceeded)
	login bool  // the grant cannot succeed again without a new login
}

// Error reads like
//
//	OAuth token endpoint https://id.getharvest.com/api/v2/oauth2/token refused the refresh_token grant (HTTP 400 Bad Request, invalid_grant: "…"); <hint>
func (e *TokenError) Error() string {
	var b strings.Builder
	b.WriteString("OAuth token endpoint ")
	b.WriteString(e.Endpoint)
	if e.Status != 0 || e.Code != "" {
		fmt.Fprintf(&b, " refused the %s grant (", e.Grant)
		if e.Status != 0 {
			fmt.Fprintf(&b, "HTTP %d %s", e.Status, http.StatusText(e.Status))
		}
		if e.Code != "" {
			if e.Status != 0 {
				b.WriteString(", ")
			}
			b.WriteString(e.Code)
		}
		if e.Description != "" {
			fmt.Fprintf(&b, ": %q", e.Description)
		}
		b.WriteString(")")
	} else {
		fmt.Fprintf(&b, " failed for the %s grant", e.Grant)
		if e.Description != "" {
			b.WriteString(": ")
			b.WriteString(e.Description)
		}
	}
	if e.Hint != "" {
		b.WriteString("; ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// Unwrap returns ErrTokenEndpoint, ErrLoginRequired when only a new
// authorization can help (an expired or revoked refresh token), and the
// transport error, if any.
func (e *TokenError) Unwrap() []error {
	errs := []error{ErrTokenEndpoint}
	if e.login {
		errs = append(errs, ErrLoginRequired)
	}
	if e.cause != nil {
		errs = append(errs, e.cause)
	}
	return errs
}

// shownURL returns u without user information, query and fragment, for
// messages.
func shownURL(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "(invalid URL)"
	}
	p.User = nil
	p.RawQuery = ""
	p.ForceQuery = false
	p.Fragment = ""
	p.RawFragment = ""
	return p.String()
}

// scrubber removes known secret values from text that comes from outside
// (servers, transport errors). It is safe for concurrent use.
type scrubber struct {
	mu   sync.Mutex
	vals []string
}

// Format prints no secret, whatever the verb.
func (s *scrubber) Format(f fmt.State, verb rune) { redactedFormat(f, verb, "auth.scrubber{REDACTED}") }

// add registers secret values; empty and very short values are ignored
// (they cannot be told apart from ordinary text).
func (s *scrubber) add(vals ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range vals {
		if len(v) >= 4 && !slices.Contains(s.vals, v) {
			s.vals = append(s.vals, v)
		}
	}
}

// scrub replaces every registered secret in text by REDACTED, and the
// values of credential-looking query or form parameters as well.
func (s *scrubber) scrub(text string) string {
	s.mu.Lock()
	for _, v := range s.vals {
		text = strings.ReplaceAll(text, v, "REDACTED")
	}
	s.mu.Unlock()
	for _, k := range []string{"access_token=", "refresh_token=", "code=", "code_verifier=", "client_secret=", "password="} {
		for i := 0; ; {
			j := strings.Index(text[i:], k)
			if j < 0 {
				break
			}
			start := i + j + len(k)
			end := start
			for end < len(text) && !strings.ContainsRune("&; \t\r\n\"'", rune(text[end])) {
				end++
			}
			text = text[:start] + "REDACTED" + text[end:]
			i = start + len("REDACTED")
		}
	}
	return text
}
