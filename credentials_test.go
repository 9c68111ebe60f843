package saasapi_test

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/saasapi/saasapi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// otherHost records every request it receives, with its credentials, and
// answers a page of rows that are not the account's.
type otherHost struct {
	srv  *httptest.Server
	mu   sync.Mutex
	seen []string
}

func newOtherHost(t *testing.T) *otherHost {
	o := &otherHost{}
	o.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		o.mu.Lock()
		o.seen = append(o.seen, fmt.Sprintf("%s %s auth=%q form=%v", r.Method, r.URL.Path, r.Header.Get("Authorization"), r.PostForm))
		o.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"tasks":[{"id":666}],"access_token":"x","token_type":"bearer","accounts":[{"id":1,"product":"harvest"}],"links":{"next":null}}`)
	}))
	t.Cleanup(o.srv.Close)
	return o
}

func (o *otherHost) requests() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.seen...)
}

// redirector answers every request with a redirect to the other host,
// except the paths in serve, which it answers itself.
func redirector(t *testing.T, to string, status int, serve map[string]string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if body, ok := serve[r.URL.Path]; ok {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, body)
			return
		}
		http.Redirect(w, r, to+r.URL.Path, status)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestCredentialsNeverFollowARedirectToAnotherHost: for every auth scheme
// and redirect status, the query fails with ErrRedirect and the other host
// sees no request at all.
func TestCredentialsNeverFollowARedirectToAnotherHost(t *testing.T) {
	schemes := map[string]func(api string) string{
		"harvest APIKEY": func(api string) string {
			return "Profile=harvest;ProfileSettings='APIKey=hunter2-pat;AccountId=42;BaseURL=" + api + "/v2'"
		},
		"aircall BASIC": func(api string) string {
			return "Profile=aircall;User=api-id;Password=hunter2-token;ProfileSettings='BaseURL=" + api + "/v1'"
		},
		"aha OAUTH token": func(api string) string {
			return "Profile=aha;AuthScheme=OAuth;InitiateOAuth=OFF;OAuthAccessToken=hunter2-access;ProfileSettings='Domain=acme;BaseURL=" + api + "/api/v1'"
		},
	}
	queries := map[string]string{"harvest APIKEY": "SELECT id FROM tasks", "aircall BASIC": "SELECT id FROM users", "aha OAUTH token": "SELECT id FROM products"}
	for name, dsnOf := range schemes {
		for _, status := range []int{301, 302, 303, 307, 308} {
			t.Run(fmt.Sprintf("%s %d", name, status), func(t *testing.T) {
				other := newOtherHost(t)
				api := redirector(t, other.srv.URL, status, nil)
				db, err := sql.Open("saasapi", dsnOf(api.URL))
				require.NoError(t, err)
				defer db.Close()
				rows, err := db.Query(queries[name])
				if err == nil {
					for rows.Next() {
						t.Error("a row from the other host")
					}
					err = rows.Err()
					rows.Close()
				}
				require.ErrorIs(t, err, saasapi.ErrRedirect)
				assert.Contains(t, err.Error(), strings.TrimPrefix(api.URL, "http://"))
				assert.Contains(t, err.Error(), strings.TrimPrefix(other.srv.URL, "http://"))
				assert.NotContains(t, err.Error(), "hunter2")
				assert.Empty(t, other.requests(), "nothing reached the other host")
			})
		}
	}
}

// TestTokenEndpointAndAccountLookupDoNotFollowRedirectsElsewhere: the
// refresh grant (client secret and refresh token in its body) and the
// Harvest account lookup (the access token) never reach another host.
func TestTokenEndpointAndAccountLookupDoNotFollowRedirectsElsewhere(t *testing.T) {
	t.Run("refresh grant 307", func(t *testing.T) {
		other := newOtherHost(t)
		as := redirector(t, other.srv.URL, http.StatusTemporaryRedirect, nil)
		dsn := "Profile=harvest;AuthScheme=OAuth;InitiateOAuth=REFRESH;OAuthClientId=cid;OAuthClientSecret=hunter2-secret;" +
			"OAuthRefreshToken=hunter2-refresh;OAuthAccessTokenURL=" + as.URL + "/api/v2/oauth2/token;OAuthSettingsLocation=memory://" + t.Name() +
			";ProfileSettings='AccountId=42;BaseURL=" + as.URL + "/v2'"
		db, err := sql.Open("saasapi", dsn)
		require.NoError(t, err)
		defer db.Close()
		_, err = db.Query("SELECT id FROM tasks")
		require.Error(t, err)
		assert.ErrorIs(t, err, saasapi.ErrRedirect)
		assert.NotContains(t, err.Error(), "hunter2")
		assert.Empty(t, other.requests())
	})
	t.Run("account lookup 302", func(t *testing.T) {
		other := newOtherHost(t)
		// The token endpoint answers; /api/v2/accounts (beside it)
		// redirects to the other host.
		as := redirector(t, other.srv.URL, http.StatusFound, nil)
		dsn := "Profile=harvest;AuthScheme=OAuth;InitiateOAuth=OFF;OAuthAccessToken=hunter2-access;" +
			"OAuthAccessTokenURL=" + as.URL + "/api/v2/oauth2/token;ProfileSettings='BaseURL=" + as.URL + "/v2'"
		db, err := sql.Open("saasapi", dsn)
		require.NoError(t, err)
		defer db.Close()
		_, err = db.Query("SELECT id FROM tasks")
		require.Error(t, err)
		assert.ErrorIs(t, err, saasapi.ErrRedirect)
		assert.NotContains(t, err.Error(), "hunter2")
		assert.Empty(t, other.requests())
	})
}

// TestSameHostRedirectIsFollowedWithCredentials: a redirect that keeps
// the API's host (a moved path) is followed and answers.
func TestSameHostRedirectIsFollowedWithCredentials(t *testing.T) {
	var api *httptest.Server
	api = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer hunter2-pat" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if r.URL.Path == "/v2/tasks" {
			http.Redirect(w, r, "/v3/tasks?"+r.URL.RawQuery, http.StatusMovedPermanently)
			return
		}
		fmt.Fprint(w, `{"tasks":[{"id":1,"name":"a"},{"id":2,"name":"b"}],"links":{"next":null}}`)
	}))
	defer api.Close()
	db, err := sql.Open("saasapi", "Profile=harvest;ProfileSettings='APIKey=hunter2-pat;AccountId=42;BaseURL="+api.URL+"/v2'")
	require.NoError(t, err)
	defer db.Close()
	assert.Equal(t, []int64{1, 2}, queryInts(t, db, "SELECT id FROM tasks"))
}

// TestPathKeysReachTheServerDecodedExactly runs keys with every character
// that URLs treat specially through a custom profile and the whole
// driver: the server sees each key, decoded, as exactly one path segment.
func TestPathKeysReachTheServerDecodedExactly(t *testing.T) {
	var mu sync.Mutex
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		slug, ok := strings.CutPrefix(r.URL.Path, "/things/")
		if !ok || strings.Count(r.URL.EscapedPath(), "/") != 2 {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		mu.Lock()
		paths = append(paths, slug)
		mu.Unlock()
		b, _ := json.Marshal(map[string]string{"slug": slug, "name": "thing " + slug})
		w.Write(b)
	}))
	defer srv.Close()
	profile := filepath.Join(t.TempDir(), "things.yaml")
	require.NoError(t, os.WriteFile(profile, []byte(`name: things
base_url: https://things.example
settings:
  - {name: BaseURL, doc: the server}
auth: {schemes: [NONE]}
paging: {style: none}
tables:
  - name: things
    doc: Things by slug.
    columns:
      - {name: slug, type: TEXT, key: true, doc: The slug.}
      - {name: name, type: TEXT, doc: The name.}
    paths:
      - {name: list, path: /things, records: $}
      - {name: by_slug, path: "/things/{slug}", keys: [slug], not_found_is_empty: true}
`), 0o600))
	db, err := sql.Open("saasapi", "Profile="+profile+";AuthScheme=NONE;ProfileSettings='BaseURL="+srv.URL+"'")
	require.NoError(t, err)
	defer db.Close()
	keys := []string{"a b", "a/b", "100%", "50%25", "what?", "#1", "..", ".", "ünïcødé", "a+b", "x;y=z"}
	for _, k := range keys {
		var name string
		require.NoError(t, db.QueryRow("SELECT name FROM things WHERE slug = ?", k).Scan(&name), k)
		assert.Equal(t, "thing "+k, name, "the row of key %q", k)
	}
	assert.Equal(t, keys, paths)
}
