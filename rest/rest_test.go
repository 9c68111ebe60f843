package rest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/saasapi/saasapi/providers/harvest"
	"github.com/saasapi/saasapi/rest"
	"github.com/saasapi/saasapi/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serve answers every request with the handler and returns a client on it.
func serve(t *testing.T, h http.HandlerFunc, settings ...string) (*rest.Client, *schema.Provider) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	p := harvest.Provider()
	vals := map[string]string{"AccountId": "42", "APIKey": "key-abcdef", "BaseURL": srv.URL + "/v2"}
	for i := 0; i+1 < len(settings); i += 2 {
		vals[settings[i]] = settings[i+1]
	}
	c, err := rest.New(rest.Config{Provider: p, Settings: vals, MaxRetryWait: 50 * time.Millisecond})
	require.NoError(t, err)
	return c, p
}

func list(p *schema.Provider, table string) *rest.Request {
	t, _ := p.Table(table)
	return &rest.Request{Table: t, Path: &t.Paths[0]}
}

func all(t *testing.T, c *rest.Client, r *rest.Request) ([][]any, error) {
	t.Helper()
	pager, err := c.Pages(r)
	require.NoError(t, err)
	var rows [][]any
	for {
		page, err := pager.Next(context.Background())
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		for _, r := range page.Rows {
			row := make([]any, len(r))
			for i, v := range r {
				row[i] = v
			}
			rows = append(rows, row)
		}
	}
}

func TestDecodeFlattensNestedObjectsAndKeepsIDsExact(t *testing.T) {
	c, p := serve(t, func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "42", r.Header.Get("Harvest-Account-Id"))
		assert.Contains(t, r.Header.Get("User-Agent"), "saasapi")
		fmt.Fprint(w, `{"projects":[{"id":9007199254740993,"name":"A \"q\"","client":{"id":7,"name":"C","currency":"EUR","extra":{"deep":[1,2]}},
			"is_active":true,"hourly_rate":100.0,"budget":null,"starts_on":"2024-02-29","created_at":"2024-01-02T03:04:05Z","unknown":[{"x":1}]},
			{"id":2,"client":null,"hourly_rate":12,"name":"B"}],
			"per_page":2000,"total_entries":2,"links":{"next":null}}`)
	})
	rows, err := all(t, c, list(p, "projects"))
	require.NoError(t, err)
	require.Len(t, rows, 2)
	tbl, _ := p.Table("projects")
	get := func(row []any, col string) any { return row[tbl.Column(col)] }
	assert.Equal(t, int64(9007199254740993), get(rows[0], "id"))
	assert.Equal(t, `A "q"`, get(rows[0], "name"))
	assert.Equal(t, int64(7), get(rows[0], "client_id"))
	assert.Equal(t, "EUR", get(rows[0], "client_currency"))
	assert.Equal(t, true, get(rows[0], "is_active"))
	assert.Equal(t, 100.0, get(rows[0], "hourly_rate"))
	assert.Nil(t, get(rows[0], "budget"))
	assert.Equal(t, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), get(rows[0], "starts_on"))
	assert.Equal(t, time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), get(rows[0], "created_at"))
	assert.Nil(t, get(rows[1], "client_id"), "a null object leaves its columns NULL")
	assert.Equal(t, 12.0, get(rows[1], "hourly_rate"), "an integral number in a REAL column is a float64")
}

func TestJSONColumnsAreCompactJSONText(t *testing.T) {
	c, p := serve(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"users":[{"id":1,"roles":["Dev", "Ops"],"access_roles":null}],"links":{"next":null}}`)
	})
	rows, err := all(t, c, list(p, "users"))
	require.NoError(t, err)
	tbl, _ := p.Table("users")
	assert.Equal(t, `["Dev","Ops"]`, rows[0][tbl.Column("roles")], "white space from the API is dropped")
	assert.Nil(t, rows[0][tbl.Column("access_roles")])
}

func TestFollowsNextLinksOnTheSameHostOnly(t *testing.T) {
	var calls atomic.Int32
	c, p := serve(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		switch r.URL.Query().Get("page") {
		case "":
			fmt.Fprintf(w, `{"tasks":[{"id":1}],"links":{"next":"http://%s/v2/tasks?page=2"}}`, r.Host)
		case "2":
			fmt.Fprint(w, `{"tasks":[{"id":2}],"links":{"next":"https://evil.example/v2/tasks?page=3"}}`)
		}
	})
	rows, err := all(t, c, list(p, "tasks"))
	require.Error(t, err)
	assert.ErrorIs(t, err, rest.ErrRedirect, "a next link off the API's host is a redirect not followed")
	assert.Contains(t, err.Error(), "evil.example")
	assert.Len(t, rows, 2)
	assert.EqualValues(t, 2, calls.Load(), "the foreign link is never requested")
}

func TestAPIErrors(t *testing.T) {
	cases := []struct {
		status int
		body   string
		target error
		says   []string
	}{
		{401, `{"error":"invalid_token","error_description":"The access token provided is expired"}`, rest.ErrUnauthorized,
			[]string{"401 Unauthorized", "invalid_token", "The access token provided is expired", "APIKey"}},
		{403, `{"message":"You do not have access"}`, rest.ErrForbidden, []string{"403", "You do not have access"}},
		{404, `{"status":404,"error":"Not Found"}`, rest.ErrNotFound, []string{"404", "Not Found"}},
		{422, `{"message":"per_page must be between 1 and 2000"}`, nil, []string{"422", "per_page"}},
		{500, `<html><body>Oops</body></html>`, rest.ErrServer, []string{"500 Internal Server Error"}},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			c, p := serve(t, func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tc.status)
				fmt.Fprint(w, tc.body)
			})
			_, err := all(t, c, list(p, "clients"))
			var apiErr *rest.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tc.status, apiErr.Status)
			assert.Equal(t, "/v2/clients", apiErr.Path)
			if tc.target != nil {
				assert.ErrorIs(t, err, tc.target)
			}
			for _, s := range tc.says {
				assert.Contains(t, err.Error(), s)
			}
			assert.NotContains(t, err.Error(), "key-abcdef")
		})
	}
}

func TestRetryAfterIsHonouredAndCapped(t *testing.T) {
	var calls atomic.Int32
	c, p := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(429)
			return
		}
		fmt.Fprint(w, `{"clients":[{"id":1}],"links":{"next":null}}`)
	})
	rows, err := all(t, c, list(p, "clients"))
	require.NoError(t, err)
	assert.Len(t, rows, 1)
	assert.EqualValues(t, 2, calls.Load())

	c2, p2 := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(429)
	})
	start := time.Now()
	_, err = all(t, c2, list(p2, "clients"))
	assert.ErrorIs(t, err, rest.ErrRateLimited)
	assert.Contains(t, err.Error(), "retry after 1h0m0s")
	assert.Less(t, time.Since(start), 10*time.Second, "an hour-long Retry-After is reported, not slept")
}

func TestMalformedPagesNameTheTable(t *testing.T) {
	for name, body := range map[string]string{
		"truncated":     `{"tasks":[{"id":1},`,
		"wrong type":    `{"tasks":[{"id":"abc"}]}`,
		"not an object": `[1,2,3]`,
		"object for id": `{"tasks":[{"id":{"x":1}}]}`,
		"trailing":      `{"tasks":[]} {}`,
	} {
		t.Run(name, func(t *testing.T) {
			c, p := serve(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, body) })
			_, err := all(t, c, list(p, "tasks"))
			require.Error(t, err)
			assert.ErrorIs(t, err, rest.ErrBadResponse)
			assert.Contains(t, err.Error(), "table tasks")
			assert.Contains(t, err.Error(), "page 1")
		})
	}
}

func TestBodySizeLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"tasks":[`+strings.Repeat(`{"id":1},`, 1000)+`{"id":1}]}`)
	}))
	defer srv.Close()
	p := harvest.Provider()
	c, err := rest.New(rest.Config{Provider: p, Settings: map[string]string{"AccountId": "1", "BaseURL": srv.URL}, MaxBody: 100})
	require.NoError(t, err)
	_, err = all(t, c, list(p, "tasks"))
	assert.ErrorIs(t, err, rest.ErrBadResponse)
	assert.Contains(t, err.Error(), "size limit")
}

func TestBaseURLRules(t *testing.T) {
	p := harvest.Provider()
	for base, ok := range map[string]bool{
		"https://proxy.example/v2":       true,
		"http://127.0.0.1:8080/v2":       true,
		"http://localhost/v2":            true,
		"http://[::1]:9/v2":              true,
		"http://example.com/v2":          false,
		"ftp://example.com":              false,
		"https://user:pw@example.com/v2": false,
		"https://example.com/v2?x=1":     false,
		"not a url":                      false,
	} {
		_, err := rest.New(rest.Config{Provider: p, Settings: map[string]string{"AccountId": "1", "BaseURL": base}})
		if ok {
			assert.NoError(t, err, base)
		} else {
			assert.ErrorIs(t, err, rest.ErrConfig, base)
		}
	}
	_, err := rest.New(rest.Config{Provider: p, Settings: map[string]string{}})
	assert.ErrorIs(t, err, rest.ErrConfig)
	assert.ErrorContains(t, err, "AccountId")
}

func TestCancelStopsRetries(t *testing.T) {
	c, p := serve(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	pager, err := c.Pages(list(p, "tasks"))
	require.NoError(t, err)
	_, err = pager.Next(ctx)
	assert.True(t, errors.Is(err, context.Canceled), "got %v", err)
}
