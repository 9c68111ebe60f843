package saasapi_test

import (
	"database/sql"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/dsn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingTransport answers every request itself, with body, and records
// the URL of each: nothing reaches a network.
type countingTransport struct {
	body string
	mu   sync.Mutex
	urls []string
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.urls = append(c.urls, r.URL.String())
	c.mu.Unlock()
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(c.body)), Request: r}, nil
}

func (c *countingTransport) sent() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.urls...)
}

// queryErr runs q to its end and returns the first error.
func queryErr(db *sql.DB, q string) error {
	rows, err := db.Query(q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
	}
	return rows.Err()
}

// TestAccountIdNotDigitsRefusedBeforeAnyRequest: a Harvest AccountId that
// is not digits (the seeds' placeholder "_your_account_id") still opens,
// and the first query, Ping or SQLite-bridge scan fails with an error
// naming AccountId and the fix, having sent no request at all (neither to
// the API nor to the token endpoint). (The SQLite bridge:
// TestAccountIdNotDigitsRefusedByTheBridge.)
func TestAccountIdNotDigitsRefusedBeforeAnyRequest(t *testing.T) {
	dir := t.TempDir()
	for name, connStr := range map[string]string{
		"seed token": seedDSNs[3],
		"seed oauth": seedDSNs[4],
		"oauth with a refresh token": "Profile=harvest;ProfileSettings='AccountId=12-34';AuthScheme=OAuth;InitiateOAuth=REFRESH;OAuthClientId=c;OAuthClientSecret=s;" +
			"OAuthRefreshToken=r;OAuthAccessTokenURL=https://id.example/api/v2/oauth2/token;OAuthSettingsLocation=" + filepath.Join(dir, "tok.json"),
		"api key and BaseURL": "Profile=harvest;ProfileSettings='APIKey=k;AccountId=1 2;BaseURL=https://proxy.example/v2'",
	} {
		t.Run(name, func(t *testing.T) {
			ct := &countingTransport{body: `{"clients":[],"links":{}}`}
			c, err := saasapi.OpenConnector(connStr, saasapi.WithHTTPClient(&http.Client{Transport: ct}))
			require.NoError(t, err, "the connection string opens")
			db := sql.OpenDB(c)
			defer db.Close()

			for _, err := range []error{queryErr(db, "SELECT id FROM clients"), db.Ping()} {
				require.Error(t, err)
				assert.ErrorIs(t, err, dsn.ErrInvalidValue)
				assert.ErrorContains(t, err, "ProfileSettings: AccountId")
				assert.ErrorContains(t, err, "digits")
				assert.ErrorContains(t, err, "ProfileSettings='AccountId=…'")
				assert.NotContains(t, err.Error(), "your_client_secret")
			}

			assert.Empty(t, ct.sent(), "no request was sent")
		})
	}
}

// TestAccountIdDigitsIsSent: the check lets a numeric AccountId through,
// as the Harvest-Account-Id header.
func TestAccountIdDigitsIsSent(t *testing.T) {
	var got string
	ct := &countingTransport{body: `{"clients":[{"id":7,"name":"a"}],"links":{}}`}
	c, err := saasapi.OpenConnector("Profile=harvest;ProfileSettings='APIKey=k;AccountId=0123456789;BaseURL=https://proxy.example/v2'",
		saasapi.WithHTTPClient(&http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			got = r.Header.Get("Harvest-Account-Id")
			return ct.RoundTrip(r)
		})}))
	require.NoError(t, err)
	db := sql.OpenDB(c)
	defer db.Close()
	assert.Equal(t, []int64{7}, queryInts(t, db, "SELECT id FROM clients"))
	assert.Equal(t, "0123456789", got)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// hostSettingProfile is a custom profile whose base URL's host is
// templated from a setting that declares no pattern, and that sends a
// digits-only setting in a header.
const hostSettingProfile = `name: tenantapi
base_url: https://{Tenant}.api.example/v1
settings:
  - {name: Tenant, doc: Your tenant's name.}
  - {name: Code, pattern: digits, doc: The customer code.}
headers: {X-Code: "{Code}"}
auth: {schemes: [NONE]}
paging: {style: none}
tables:
  - name: things
    columns: [{name: id, type: INTEGER}]
    paths: [{name: list, path: /things, records: things}]
`

// TestURLSettingsCannotMoveTheHost: a value templated into the API's host
// (Aha!'s Domain, a custom profile's {Tenant}) that would end the host
// early is refused when the connection string is opened, naming the
// setting; accepted values always leave the host under the profile's own
// domain.
func TestURLSettingsCannotMoveTheHost(t *testing.T) {
	profile := filepath.Join(t.TempDir(), "tenant.yaml")
	require.NoError(t, os.WriteFile(profile, []byte(hostSettingProfile), 0o600))
	hostile := []string{"evil.com/x", "a@b", "evil.com?", "evil.com#", "evil.com:443", `evil.com\x`, "evil.com%2F", "a b", "evil.com/"}
	for _, v := range hostile {
		for _, connStr := range []string{
			"Profile=aha;ProfileSettings='APIKey=k;Domain=" + v + "'",
			"Profile=" + profile + ";ProfileSettings='Tenant=" + v + ";Code=1';AuthScheme=NONE",
		} {
			_, err := saasapi.OpenConnector(connStr, saasapi.WithHTTPClient(&http.Client{Transport: &countingTransport{}}))
			require.Error(t, err, connStr)
			assert.ErrorIs(t, err, dsn.ErrInvalidValue, connStr)
			if strings.Contains(connStr, "aha") {
				assert.ErrorContains(t, err, "ProfileSettings: Domain")
			} else {
				assert.ErrorContains(t, err, "ProfileSettings: Tenant")
				assert.ErrorContains(t, err, "host")
			}
		}
	}

	for _, v := range []string{"acme", "acme-eu", "acme.eu"} {
		ct := &countingTransport{body: `{"things":[{"id":1}]}`}
		c, err := saasapi.OpenConnector("Profile="+profile+";ProfileSettings='Tenant="+v+";Code=42';AuthScheme=NONE", saasapi.WithHTTPClient(&http.Client{Transport: ct}))
		require.NoError(t, err, v)
		db := sql.OpenDB(c)
		assert.Equal(t, []int64{1}, queryInts(t, db, "SELECT id FROM things"))
		db.Close()
		require.Len(t, ct.sent(), 1)
		assert.True(t, strings.HasPrefix(ct.sent()[0], "https://"+v+".api.example/v1/things"), ct.sent()[0])
	}
}

// TestDeclaredPatternOfACustomProfile: a custom profile's header setting
// with pattern digits is checked like Harvest's AccountId (opens, refused
// before any request); an unknown pattern is a profile error.
func TestDeclaredPatternOfACustomProfile(t *testing.T) {
	dir := t.TempDir()
	profile := filepath.Join(dir, "tenant.yaml")
	require.NoError(t, os.WriteFile(profile, []byte(hostSettingProfile), 0o600))
	ct := &countingTransport{body: `{"things":[{"id":1}]}`}
	c, err := saasapi.OpenConnector("Profile="+profile+";ProfileSettings='Tenant=acme;Code=4x2';AuthScheme=NONE", saasapi.WithHTTPClient(&http.Client{Transport: ct}))
	require.NoError(t, err)
	db := sql.OpenDB(c)
	defer db.Close()
	err = queryErr(db, "SELECT id FROM things")
	assert.ErrorIs(t, err, dsn.ErrInvalidValue)
	assert.ErrorContains(t, err, `ProfileSettings: Code "4x2" must be a number (digits only); write ProfileSettings='Code=…' (The customer code)`)
	assert.Empty(t, ct.sent())

	typo := filepath.Join(dir, "typo.yaml")
	require.NoError(t, os.WriteFile(typo, []byte(strings.Replace(hostSettingProfile, "pattern: digits", "pattern: digit", 1)), 0o600))
	_, err = saasapi.OpenConnector("Profile=" + typo + ";ProfileSettings='Tenant=acme;Code=42';AuthScheme=NONE")
	require.Error(t, err)
	assert.ErrorContains(t, err, `setting Code: pattern "digit" is not one of "digits", "dnslabel"`)
	assert.False(t, errors.Is(err, dsn.ErrInvalidValue))
}
