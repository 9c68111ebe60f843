package sandbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/saasapi/saasapi/sandbox"
)

const invalidToken = `{"error":"invalid_token","error_description":"The access token provided is expired, revoked, malformed or invalid for other reasons."}`

func start(t *testing.T, opts sandbox.Options) *sandbox.Server {
	t.Helper()
	s, err := sandbox.Start(opts)
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, s.Close()) })
	return s
}

type reqOpt func(*http.Request)

func header(k, v string) reqOpt { return func(r *http.Request) { r.Header.Set(k, v) } }

func noHeader(k string) reqOpt {
	return func(r *http.Request) {
		r.Header.Del(k)
		if k == "User-Agent" {
			// An empty value makes net/http send no User-Agent at all.
			r.Header["User-Agent"] = []string{""}
		}
	}
}

type result struct {
	status int
	header http.Header
	body   []byte
}

// do sends an authenticated request (unless opts change that) to rawURL,
// which is absolute or relative to s.URL().
func do(t *testing.T, s *sandbox.Server, method, rawURL string, opts ...reqOpt) result {
	t.Helper()
	if !strings.HasPrefix(rawURL, "http") {
		rawURL = s.URL() + rawURL
	}
	req, err := http.NewRequest(method, rawURL, nil)
	require.NoError(t, err)
	req.Header.Set("User-Agent", "saasapi-tests (dev@example.com)")
	req.Header.Set("Authorization", "Bearer "+s.Options().Token)
	req.Header.Set("Harvest-Account-Id", s.Options().AccountID)
	for _, o := range opts {
		o(req)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return result{resp.StatusCode, resp.Header, body}
}

func get(t *testing.T, s *sandbox.Server, rawURL string, opts ...reqOpt) result {
	t.Helper()
	return do(t, s, http.MethodGet, rawURL, opts...)
}

type links struct {
	First    *string `json:"first"`
	Next     *string `json:"next"`
	Previous *string `json:"previous"`
	Last     *string `json:"last"`
}

type envelope[T any] struct {
	Records      []T
	PerPage      int   `json:"per_page"`
	TotalPages   int   `json:"total_pages"`
	TotalEntries int   `json:"total_entries"`
	NextPage     *int  `json:"next_page"`
	PreviousPage *int  `json:"previous_page"`
	Page         *int  `json:"page"`
	Links        links `json:"links"`
}

// decodeList decodes a list response whose records are under key.
func decodeList[T any](t *testing.T, key string, res result) envelope[T] {
	t.Helper()
	require.Equal(t, http.StatusOK, res.status, "body: %s", res.body)
	var env envelope[T]
	require.NoError(t, json.Unmarshal(res.body, &env))
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(res.body, &m))
	require.Contains(t, m, key)
	require.NoError(t, json.Unmarshal(m[key], &env.Records))
	return env
}

// listAll follows links.next from path and returns every record and the
// number of pages fetched.
func listAll[T any](t *testing.T, s *sandbox.Server, key, path string) ([]T, int) {
	t.Helper()
	var all []T
	next, pages := s.URL()+path, 0
	for next != "" {
		env := decodeList[T](t, key, get(t, s, next))
		all = append(all, env.Records...)
		pages++
		require.Less(t, pages, 1000, "pagination does not end")
		next = ""
		if env.Links.Next != nil {
			next = *env.Links.Next
		}
	}
	return all, pages
}

// topKeys returns the keys of a JSON object in document order.
func topKeys(t *testing.T, raw []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	require.NoError(t, err)
	require.Equal(t, json.Delim('{'), tok)
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		require.NoError(t, err)
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		require.NoError(t, dec.Decode(&skip))
	}
	return keys
}

func ids[T any](recs []T, id func(T) int64) []int64 {
	out := make([]int64, len(recs))
	for i, r := range recs {
		out[i] = id(r)
	}
	return out
}

func reversed[T any](s []T) []T {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}

var (
	entryID   = func(e sandbox.TimeEntry) int64 { return e.ID }
	projectID = func(p sandbox.Project) int64 { return p.ID }
	clientID  = func(c sandbox.Client) int64 { return c.ID }
	userID    = func(u sandbox.User) int64 { return u.ID }
	taskID    = func(t sandbox.Task) int64 { return t.ID }
)

// API-order ids of the records that match keep.
func want[T any](recs []T, id func(T) int64, keep func(T) bool) []int64 {
	var out []int64
	for _, r := range reversed(recs) {
		if keep(r) {
			out = append(out, id(r))
		}
	}
	return out
}

func TestOptionsDefaultsURLAndDSN(t *testing.T) {
	s := start(t, sandbox.Options{})
	o := s.Options()
	assert.Equal(t, 500, o.Rows)
	assert.Equal(t, int64(1), o.Seed)
	assert.Equal(t, "sandbox-token", o.Token)
	assert.Equal(t, "123456", o.AccountID)
	assert.Equal(t, 2000, o.MaxPerPage)
	assert.Zero(t, o.Latency)

	u, err := url.Parse(s.URL())
	require.NoError(t, err)
	assert.Equal(t, "http", u.Scheme)
	assert.Equal(t, "127.0.0.1", u.Hostname())
	assert.NotEmpty(t, u.Port())
	assert.Equal(t, "/v2", u.Path)
	assert.Equal(t, "Profile=harvest;ProfileSettings='APIKey=sandbox-token;AccountId=123456;BaseURL="+s.URL()+"'", s.DSN())

	_, err = sandbox.Start(sandbox.Options{Rows: -1})
	assert.Error(t, err)
}

func TestListenRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.10:0", "example.com:0", "[::]:0", "nonsense"} {
		s, err := sandbox.Listen(addr, sandbox.Options{})
		if !assert.Error(t, err, addr) {
			_ = s.Close()
		}
	}
	s, err := sandbox.Listen("localhost:0", sandbox.Options{Rows: 10})
	require.NoError(t, err)
	defer s.Close()
	assert.True(t, strings.HasPrefix(s.URL(), "http://127.0.0.1:"), s.URL())
	assert.Equal(t, http.StatusOK, get(t, s, "/users/me").status)
	require.NoError(t, s.Close())
	require.NoError(t, s.Close(), "Close is idempotent")
}

var recordKeys = map[string][]string{
	"time_entries": {"id", "spent_date", "user", "client", "project", "task", "user_assignment", "task_assignment",
		"hours", "hours_without_timer", "rounded_hours", "notes", "created_at", "updated_at", "is_locked", "locked_reason",
		"is_closed", "approval_status", "is_billed", "timer_started_at", "started_time", "ended_time", "is_running",
		"invoice", "external_reference", "billable", "budgeted", "billable_rate", "cost_rate"},
	"projects": {"id", "name", "code", "is_active", "bill_by", "budget", "budget_by", "budget_is_monthly",
		"notify_when_over_budget", "over_budget_notification_percentage", "over_budget_notification_date",
		"show_budget_to_all", "created_at", "updated_at", "starts_on", "ends_on", "is_billable", "is_fixed_fee",
		"notes", "client", "cost_budget", "cost_budget_include_expenses", "hourly_rate", "fee"},
	"clients": {"id", "name", "is_active", "address", "statement_key", "created_at", "updated_at", "currency"},
	"users": {"id", "first_name", "last_name", "email", "telephone", "timezone", "has_access_to_all_future_projects",
		"is_contractor", "is_active", "created_at", "updated_at", "weekly_capacity", "default_hourly_rate", "cost_rate",
		"roles", "access_roles", "avatar_url"},
	"tasks": {"id", "name", "billable_by_default", "default_hourly_rate", "is_default", "is_active", "created_at", "updated_at"},
}

func TestEnvelopeShape(t *testing.T) {
	s := start(t, sandbox.Options{})
	for table, keys := range recordKeys {
		t.Run(table, func(t *testing.T) {
			res := get(t, s, "/"+table+"?per_page=2")
			require.Equal(t, http.StatusOK, res.status, "body: %s", res.body)
			assert.Equal(t, "application/json; charset=utf-8", res.header.Get("Content-Type"))
			assert.Equal(t, []string{table, "per_page", "total_pages", "total_entries", "next_page", "previous_page", "page", "links"},
				topKeys(t, res.body))

			var m map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(res.body, &m))
			assert.Equal(t, []string{"first", "next", "previous", "last"}, topKeys(t, m["links"]))
			var recs []json.RawMessage
			require.NoError(t, json.Unmarshal(m[table], &recs))
			require.Len(t, recs, 2)
			for _, r := range recs {
				assert.Equal(t, keys, topKeys(t, r))
			}

			env := decodeList[json.RawMessage](t, table, res)
			assert.Equal(t, 2, env.PerPage)
			require.NotNil(t, env.Page)
			assert.Equal(t, 1, *env.Page)
			require.NotNil(t, env.NextPage)
			assert.Equal(t, 2, *env.NextPage)
			assert.Nil(t, env.PreviousPage)
			assert.Nil(t, env.Links.Previous)
			require.NotNil(t, env.Links.First)
			require.NotNil(t, env.Links.Last)
			require.NotNil(t, env.Links.Next)
			assert.Equal(t, s.URL()+"/"+table+"?page=1&per_page=2&ref=first", *env.Links.First)
			assert.Equal(t, fmt.Sprintf("%s/%s?page=%d&per_page=2&ref=last", s.URL(), table, env.TotalPages), *env.Links.Last)
			assert.Equal(t, (env.TotalEntries+1)/2, env.TotalPages)
			assert.True(t, strings.HasPrefix(*env.Links.Next, s.URL()+"/"+table+"?"), *env.Links.Next)
		})
	}
}

func TestNestedShapesAndNulls(t *testing.T) {
	s := start(t, sandbox.Options{})
	ds := s.Dataset()

	var billed, unbilled, withRef, running, stopped *sandbox.TimeEntry
	for i := range ds.TimeEntries {
		e := &ds.TimeEntries[i]
		switch {
		case e.IsBilled && billed == nil:
			billed = e
		case !e.IsBilled && !e.IsRunning && unbilled == nil:
			unbilled = e
		}
		if e.ExternalReference != nil && withRef == nil {
			withRef = e
		}
		if e.IsRunning && running == nil {
			running = e
		}
		if !e.IsRunning && stopped == nil {
			stopped = e
		}
	}
	require.NotNil(t, billed)
	require.NotNil(t, unbilled)
	require.NotNil(t, withRef)
	require.NotNil(t, running)

	raw := func(id int64) map[string]any {
		res := get(t, s, fmt.Sprintf("/time_entries/%d", id))
		require.Equal(t, http.StatusOK, res.status)
		var m map[string]any
		dec := json.NewDecoder(bytes.NewReader(res.body))
		dec.UseNumber()
		require.NoError(t, dec.Decode(&m))
		return m
	}

	m := raw(billed.ID)
	inv, ok := m["invoice"].(map[string]any)
	require.True(t, ok, "invoice is an object: %v", m["invoice"])
	assert.Equal(t, []string{"id", "number"}, sortedKeys(inv))
	assert.IsType(t, "", inv["number"])
	assert.Equal(t, true, m["is_locked"])
	assert.Equal(t, "approved", m["approval_status"])
	for _, k := range []string{"user", "task"} {
		assert.Equal(t, []string{"id", "name"}, sortedKeys(m[k].(map[string]any)), k)
	}
	assert.Equal(t, []string{"currency", "id", "name"}, sortedKeys(m["client"].(map[string]any)))
	assert.Equal(t, []string{"code", "id", "name"}, sortedKeys(m["project"].(map[string]any)))
	assert.Equal(t, []string{"budget", "created_at", "hourly_rate", "id", "is_active", "is_project_manager", "updated_at", "use_default_rates"},
		sortedKeys(m["user_assignment"].(map[string]any)))
	assert.Equal(t, []string{"billable", "budget", "created_at", "hourly_rate", "id", "is_active", "updated_at"},
		sortedKeys(m["task_assignment"].(map[string]any)))
	assert.Nil(t, m["timer_started_at"])

	m = raw(unbilled.ID)
	assert.Contains(t, m, "invoice")
	assert.Nil(t, m["invoice"])

	m = raw(withRef.ID)
	ref := m["external_reference"].(map[string]any)
	assert.Equal(t, []string{"account_id", "group_id", "id", "permalink", "service", "service_icon_url"}, sortedKeys(ref))
	assert.IsType(t, "", ref["id"], "external_reference.id is a string")

	m = raw(running.ID)
	assert.Equal(t, true, m["is_running"])
	assert.NotNil(t, m["timer_started_at"])
	assert.Nil(t, m["ended_time"])

	// Quarter-hour decimals are JSON numbers with fractions.
	for _, e := range ds.TimeEntries {
		if !e.IsRunning && e.Hours != math.Trunc(e.Hours) {
			res := get(t, s, fmt.Sprintf("/time_entries/%d", e.ID))
			assert.Contains(t, string(res.body), `"hours":`+strconv.FormatFloat(e.Hours, 'f', -1, 64)+",")
			break
		}
	}

	// Users carry arrays, projects nested clients.
	res := get(t, s, fmt.Sprintf("/users/%d", ds.Users[0].ID))
	require.Equal(t, http.StatusOK, res.status)
	var u map[string]any
	require.NoError(t, json.Unmarshal(res.body, &u))
	assert.IsType(t, []any{}, u["roles"])
	assert.Equal(t, []any{"administrator"}, u["access_roles"])
	res = get(t, s, fmt.Sprintf("/projects/%d", ds.Projects[0].ID))
	var p map[string]any
	require.NoError(t, json.Unmarshal(res.body, &p))
	assert.Equal(t, []string{"currency", "id", "name"}, sortedKeys(p["client"].(map[string]any)))
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func TestDatasetConsistency(t *testing.T) {
	for _, rows := range []int{1, 37, 500, 2000} {
		t.Run(strconv.Itoa(rows), func(t *testing.T) {
			s := start(t, sandbox.Options{Rows: rows, Seed: 7})
			ds := s.Dataset()
			require.Len(t, ds.TimeEntries, rows)
			assert.Len(t, ds.Clients, max(3, rows/100))
			assert.Len(t, ds.Projects, max(5, rows/40))
			assert.GreaterOrEqual(t, len(ds.Users), 4)
			assert.LessOrEqual(t, len(ds.Users), 12)
			assert.Len(t, ds.Tasks, 8)
			assert.True(t, ds.Users[0].IsActive)
			assert.Equal(t, []string{"administrator"}, ds.Users[0].AccessRoles)

			clients := map[int64]sandbox.Client{}
			for _, c := range ds.Clients {
				clients[c.ID] = c
			}
			projects := map[int64]sandbox.Project{}
			for _, p := range ds.Projects {
				projects[p.ID] = p
				c, ok := clients[p.Client.ID]
				require.True(t, ok)
				assert.Equal(t, sandbox.ClientRef{ID: c.ID, Name: c.Name, Currency: c.Currency}, p.Client)
				assert.Equal(t, p.IsActive, p.EndsOn == nil || *p.EndsOn == "2025-12-31", "archived projects have ends_on")
				assert.Equal(t, p.BillBy == "Project", p.HourlyRate != nil)
			}
			users := map[int64]sandbox.User{}
			for _, u := range ds.Users {
				users[u.ID] = u
				assert.Contains(t, []int{126000, 144000}, u.WeeklyCapacity)
				assert.NotNil(t, u.Roles)
				assert.NotEmpty(t, u.AccessRoles)
			}
			tasks := map[int64]sandbox.Task{}
			for _, tk := range ds.Tasks {
				tasks[tk.ID] = tk
			}

			createdAscending := func(name string, created []string, idsAsc []int64) {
				for i := 1; i < len(created); i++ {
					assert.Less(t, created[i-1], created[i], "%s created_at strictly increasing", name)
					assert.Less(t, idsAsc[i-1], idsAsc[i], "%s ids increasing", name)
				}
			}
			createdAscending("projects", field(ds.Projects, func(p sandbox.Project) string { return p.CreatedAt }), ids(ds.Projects, projectID))
			createdAscending("clients", field(ds.Clients, func(c sandbox.Client) string { return c.CreatedAt }), ids(ds.Clients, clientID))
			createdAscending("users", field(ds.Users, func(u sandbox.User) string { return u.CreatedAt }), ids(ds.Users, userID))
			createdAscending("tasks", field(ds.Tasks, func(t sandbox.Task) string { return t.CreatedAt }), ids(ds.Tasks, taskID))
			for _, p := range ds.Projects {
				assert.GreaterOrEqual(t, p.UpdatedAt, p.CreatedAt)
			}
			for _, u := range ds.Users {
				assert.GreaterOrEqual(t, u.UpdatedAt, u.CreatedAt)
			}

			billed, running := 0, 0
			for i, e := range ds.TimeEntries {
				assert.Greater(t, e.ID, int64(1)<<53)
				if i > 0 {
					prev := ds.TimeEntries[i-1]
					assert.True(t, prev.SpentDate < e.SpentDate || prev.SpentDate == e.SpentDate && prev.ID < e.ID, "entries sorted")
				}
				assert.GreaterOrEqual(t, e.SpentDate, "2023-01-01")
				assert.LessOrEqual(t, e.SpentDate, "2025-06-30")
				assert.Greater(t, e.CreatedAt, e.SpentDate)
				assert.GreaterOrEqual(t, e.UpdatedAt, e.CreatedAt)

				p, ok := projects[e.Project.ID]
				require.True(t, ok)
				assert.Equal(t, p.Name, e.Project.Name)
				assert.Equal(t, p.Code, e.Project.Code)
				assert.Equal(t, p.Client, e.Client, "an entry's client is its project's client")
				u, ok := users[e.User.ID]
				require.True(t, ok)
				assert.Equal(t, u.FirstName+" "+u.LastName, e.User.Name)
				tk, ok := tasks[e.Task.ID]
				require.True(t, ok)
				assert.Equal(t, tk.Name, e.Task.Name)
				if p.EndsOn != nil && !p.IsActive {
					assert.LessOrEqual(t, e.SpentDate, *p.EndsOn, "no time after a project was archived")
				}

				assert.Equal(t, e.Billable, e.BillableRate != nil, "billable_rate null iff not billable")
				assert.Equal(t, e.IsBilled, e.Invoice != nil)
				assert.Equal(t, e.IsRunning, e.TimerStartedAt != nil)
				assert.Contains(t, []string{"unsubmitted", "submitted", "approved"}, e.ApprovalStatus)
				assert.Equal(t, e.ApprovalStatus == "approved", e.IsClosed)
				if e.IsBilled {
					billed++
					assert.True(t, e.Billable)
				}
				if e.IsRunning {
					running++
					assert.False(t, e.IsBilled)
					assert.Nil(t, e.EndedTime)
				} else {
					assert.GreaterOrEqual(t, e.Hours, 0.25)
					assert.LessOrEqual(t, e.Hours, 8.0)
					assert.Equal(t, e.Hours, math.Round(e.Hours*4)/4, "quarter hours")
				}
				assert.GreaterOrEqual(t, e.RoundedHours, e.Hours)
			}
			assert.LessOrEqual(t, running, 2)
			if rows >= 500 {
				share := float64(billed) / float64(rows)
				assert.InDelta(t, 0.4, share, 0.1, "billed share")
				assert.Equal(t, 2, running)
				active := 0
				for _, p := range ds.Projects {
					if p.IsActive {
						active++
					}
				}
				assert.InDelta(t, 0.75, float64(active)/float64(len(ds.Projects)), 0.1)
			}
		})
	}
}

func field[T any](recs []T, get func(T) string) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = get(r)
	}
	return out
}

func TestUnfilteredListingsEqualDataset(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 300, Seed: 3})
	ds := s.Dataset()

	entries := decodeList[sandbox.TimeEntry](t, "time_entries", get(t, s, "/time_entries"))
	assert.Equal(t, reversed(ds.TimeEntries), entries.Records)
	assert.Equal(t, 300, entries.TotalEntries)
	assert.Equal(t, 1, entries.TotalPages)
	assert.Nil(t, entries.Links.Next)
	assert.Equal(t, 2000, entries.PerPage)

	projects := decodeList[sandbox.Project](t, "projects", get(t, s, "/projects"))
	assert.Equal(t, reversed(ds.Projects), projects.Records)
	clients := decodeList[sandbox.Client](t, "clients", get(t, s, "/clients"))
	assert.Equal(t, reversed(ds.Clients), clients.Records)
	users := decodeList[sandbox.User](t, "users", get(t, s, "/users"))
	assert.Equal(t, reversed(ds.Users), users.Records)
	tasks := decodeList[sandbox.Task](t, "tasks", get(t, s, "/tasks"))
	assert.Equal(t, reversed(ds.Tasks), tasks.Records)

	// Dataset returns a copy.
	ds.TimeEntries[0].Notes = "changed"
	*ds.Users[0].DefaultHourlyRate = -1
	again := s.Dataset()
	assert.NotEqual(t, "changed", again.TimeEntries[0].Notes)
	assert.NotEqual(t, -1.0, *again.Users[0].DefaultHourlyRate)
}

func TestFollowNextLinks(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 450})
	ds := s.Dataset()
	s.ResetRequests()

	var (
		got   []int64
		next  = s.URL() + "/time_entries?per_page=100"
		pages int
		total = -1
	)
	for next != "" {
		env := decodeList[sandbox.TimeEntry](t, "time_entries", get(t, s, next))
		pages++
		require.Less(t, pages, 10)
		require.NotNil(t, env.Page)
		assert.Equal(t, pages, *env.Page)
		assert.Equal(t, 5, env.TotalPages)
		assert.Equal(t, 100, env.PerPage)
		total = env.TotalEntries
		got = append(got, ids(env.Records, entryID)...)
		next = ""
		if env.Links.Next != nil {
			require.NotNil(t, env.NextPage)
			assert.Equal(t, pages+1, *env.NextPage)
			next = *env.Links.Next
		} else {
			assert.Nil(t, env.NextPage)
			assert.Len(t, env.Records, 50)
		}
	}
	assert.Equal(t, 5, pages)
	assert.Equal(t, 450, total)
	assert.Equal(t, ids(reversed(ds.TimeEntries), entryID), got, "every entry once, in API order")

	assert.EqualValues(t, 5, s.Requests())
	log := s.Log()
	require.Len(t, log, 5)
	for i, r := range log {
		assert.Equal(t, "/v2/time_entries", r.Path)
		assert.Equal(t, "100", r.Query.Get("per_page"))
		assert.Equal(t, http.StatusOK, r.Status)
		if i > 0 {
			assert.Equal(t, strconv.Itoa(i+1), r.Query.Get("page"))
		}
	}
}

func TestNextLinksKeepFilters(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 450})
	ds := s.Dataset()
	p := ds.TimeEntries[0].Project.ID
	wantIDs := want(ds.TimeEntries, entryID, func(e sandbox.TimeEntry) bool { return e.Project.ID == p && e.SpentDate >= "2023-06-01" })
	require.Greater(t, len(wantIDs), 3)

	s.ResetRequests()
	got, pages := listAll[sandbox.TimeEntry](t, s, "time_entries", fmt.Sprintf("/time_entries?project_id=%d&from=2023-06-01&per_page=3", p))
	assert.Equal(t, wantIDs, ids(got, entryID))
	assert.Equal(t, (len(wantIDs)+2)/3, pages)
	for _, r := range s.Log() {
		assert.Equal(t, strconv.FormatInt(p, 10), r.Query.Get("project_id"))
		assert.Equal(t, "2023-06-01", r.Query.Get("from"))
	}
}

func TestCursorPagination(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 450})
	ds := s.Dataset()

	first := decodeList[sandbox.Project](t, "projects", get(t, s, "/projects?per_page=3"))
	require.NotNil(t, first.Links.Next)
	next, err := url.Parse(*first.Links.Next)
	require.NoError(t, err)
	assert.NotEmpty(t, next.Query().Get("cursor"))
	assert.Equal(t, "next_cursor", next.Query().Get("ref"))
	assert.Equal(t, "3", next.Query().Get("per_page"))
	assert.Empty(t, next.Query().Get("page"))

	second := decodeList[sandbox.Project](t, "projects", get(t, s, *first.Links.Next))
	assert.Nil(t, second.Page, "cursor pages have no page number")
	assert.Nil(t, second.NextPage)
	assert.Nil(t, second.PreviousPage)
	assert.Equal(t, len(ds.Projects), second.TotalEntries)

	got, pages := listAll[sandbox.Project](t, s, "projects", "/projects?per_page=3")
	assert.Equal(t, ids(reversed(ds.Projects), projectID), ids(got, projectID))
	assert.Equal(t, (len(ds.Projects)+2)/3, pages)

	active := want(ds.Projects, projectID, func(p sandbox.Project) bool { return p.IsActive })
	got, _ = listAll[sandbox.Project](t, s, "projects", "/projects?is_active=true&per_page=2")
	assert.Equal(t, active, ids(got, projectID))

	gotUsers, _ := listAll[sandbox.User](t, s, "users", "/users?per_page=2")
	assert.Equal(t, ids(reversed(ds.Users), userID), ids(gotUsers, userID))

	res := get(t, s, "/projects?cursor=not-a-cursor")
	assert.Equal(t, http.StatusUnprocessableEntity, res.status)
}

func TestPageBeyondLast(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 50})
	env := decodeList[sandbox.TimeEntry](t, "time_entries", get(t, s, "/time_entries?per_page=20&page=9"))
	assert.Empty(t, env.Records)
	assert.NotNil(t, env.Records, "an empty array, not null")
	assert.Equal(t, 50, env.TotalEntries)
	assert.Equal(t, 3, env.TotalPages)
	assert.Nil(t, env.NextPage)
	assert.Nil(t, env.Links.Next)

	env = decodeList[sandbox.TimeEntry](t, "time_entries", get(t, s, "/time_entries?project_id=1"))
	assert.Empty(t, env.Records)
	assert.Equal(t, 0, env.TotalEntries)
	assert.Nil(t, env.Links.Next)
	res := get(t, s, "/time_entries?project_id=1")
	assert.Contains(t, string(res.body), `"time_entries":[]`)
}

func TestFilters(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 600, Seed: 11})
	ds := s.Dataset()
	e0 := ds.TimeEntries[len(ds.TimeEntries)/2]
	var ref string
	for _, e := range ds.TimeEntries {
		if e.ExternalReference != nil {
			ref = e.ExternalReference.ID
			break
		}
	}
	require.NotEmpty(t, ref)
	since := "2025-01-15T00:00:00Z"

	type tc struct {
		query string
		keep  func(sandbox.TimeEntry) bool
	}
	cases := []tc{
		{fmt.Sprintf("user_id=%d", e0.User.ID), func(e sandbox.TimeEntry) bool { return e.User.ID == e0.User.ID }},
		{fmt.Sprintf("client_id=%d", e0.Client.ID), func(e sandbox.TimeEntry) bool { return e.Client.ID == e0.Client.ID }},
		{fmt.Sprintf("project_id=%d", e0.Project.ID), func(e sandbox.TimeEntry) bool { return e.Project.ID == e0.Project.ID }},
		{fmt.Sprintf("task_id=%d", e0.Task.ID), func(e sandbox.TimeEntry) bool { return e.Task.ID == e0.Task.ID }},
		{"external_reference_id=" + ref, func(e sandbox.TimeEntry) bool {
			return e.ExternalReference != nil && e.ExternalReference.ID == ref
		}},
		{"is_billed=true", func(e sandbox.TimeEntry) bool { return e.IsBilled }},
		{"is_billed=false", func(e sandbox.TimeEntry) bool { return !e.IsBilled }},
		{"is_running=true", func(e sandbox.TimeEntry) bool { return e.IsRunning }},
		{"is_running=false", func(e sandbox.TimeEntry) bool { return !e.IsRunning }},
		{"updated_since=" + since, func(e sandbox.TimeEntry) bool { return e.UpdatedAt >= since }},
		{"from=2024-01-01", func(e sandbox.TimeEntry) bool { return e.SpentDate >= "2024-01-01" }},
		{"to=2023-03-31", func(e sandbox.TimeEntry) bool { return e.SpentDate <= "2023-03-31" }},
		{"from=20240301&to=20240331", func(e sandbox.TimeEntry) bool {
			return e.SpentDate >= "2024-03-01" && e.SpentDate <= "2024-03-31"
		}},
		{fmt.Sprintf("from=%s&to=%s", e0.SpentDate, e0.SpentDate), func(e sandbox.TimeEntry) bool { return e.SpentDate == e0.SpentDate }},
		{"approval_status=submitted", func(e sandbox.TimeEntry) bool { return e.ApprovalStatus == "submitted" }},
		{fmt.Sprintf("project_id=%d&from=2024-01-01&is_billed=false", e0.Project.ID), func(e sandbox.TimeEntry) bool {
			return e.Project.ID == e0.Project.ID && e.SpentDate >= "2024-01-01" && !e.IsBilled
		}},
		{"unknown_param=1&sort=id", func(sandbox.TimeEntry) bool { return true }},
	}
	for _, c := range cases {
		t.Run("time_entries?"+c.query, func(t *testing.T) {
			wantIDs := want(ds.TimeEntries, entryID, c.keep)
			require.NotEmpty(t, wantIDs, "the case should match something")
			env := decodeList[sandbox.TimeEntry](t, "time_entries", get(t, s, "/time_entries?"+c.query))
			assert.Equal(t, wantIDs, ids(env.Records, entryID))
			assert.Equal(t, len(wantIDs), env.TotalEntries)
		})
	}

	c0 := ds.Projects[0].Client.ID
	projectCases := map[string]func(sandbox.Project) bool{
		"is_active=true":                     func(p sandbox.Project) bool { return p.IsActive },
		"is_active=false":                    func(p sandbox.Project) bool { return !p.IsActive },
		fmt.Sprintf("client_id=%d", c0):      func(p sandbox.Project) bool { return p.Client.ID == c0 },
		"updated_since=2023-01-01T00:00:00Z": func(p sandbox.Project) bool { return p.UpdatedAt >= "2023-01-01T00:00:00Z" },
	}
	for q, keep := range projectCases {
		t.Run("projects?"+q, func(t *testing.T) {
			wantIDs := want(ds.Projects, projectID, keep)
			require.NotEmpty(t, wantIDs)
			env := decodeList[sandbox.Project](t, "projects", get(t, s, "/projects?"+q))
			assert.Equal(t, wantIDs, ids(env.Records, projectID))
		})
	}

	checkActive := func(t *testing.T, table string, gotIDs func(result) []int64, all []int64, active []bool, updated []string) {
		for _, v := range []bool{true, false} {
			w := []int64{}
			for i := len(all) - 1; i >= 0; i-- {
				if active[i] == v {
					w = append(w, all[i])
				}
			}
			assert.Equal(t, w, gotIDs(get(t, s, fmt.Sprintf("/%s?is_active=%t", table, v))), "%s is_active=%t", table, v)
		}
		mid := slices.Sorted(slices.Values(updated))[len(updated)/2]
		w := []int64{}
		for i := len(all) - 1; i >= 0; i-- {
			if updated[i] >= mid {
				w = append(w, all[i])
			}
		}
		require.NotEmpty(t, w)
		assert.Equal(t, w, gotIDs(get(t, s, "/"+table+"?updated_since="+url.QueryEscape(mid))), "%s updated_since", table)
	}
	checkActive(t, "clients", func(r result) []int64 { return ids(decodeList[sandbox.Client](t, "clients", r).Records, clientID) },
		ids(ds.Clients, clientID), bools(ds.Clients, func(c sandbox.Client) bool { return c.IsActive }),
		field(ds.Clients, func(c sandbox.Client) string { return c.UpdatedAt }))
	checkActive(t, "users", func(r result) []int64 { return ids(decodeList[sandbox.User](t, "users", r).Records, userID) },
		ids(ds.Users, userID), bools(ds.Users, func(u sandbox.User) bool { return u.IsActive }),
		field(ds.Users, func(u sandbox.User) string { return u.UpdatedAt }))
	checkActive(t, "tasks", func(r result) []int64 { return ids(decodeList[sandbox.Task](t, "tasks", r).Records, taskID) },
		ids(ds.Tasks, taskID), bools(ds.Tasks, func(t sandbox.Task) bool { return t.IsActive }),
		field(ds.Tasks, func(t sandbox.Task) string { return t.UpdatedAt }))

	// updated_since takes other ISO 8601 forms; an offset moves the instant.
	a := decodeList[sandbox.TimeEntry](t, "time_entries", get(t, s, "/time_entries?updated_since="+url.QueryEscape("2025-01-15T02:00:00+02:00")))
	assert.Equal(t, want(ds.TimeEntries, entryID, func(e sandbox.TimeEntry) bool { return e.UpdatedAt >= since }), ids(a.Records, entryID))
}

func bools[T any](recs []T, get func(T) bool) []bool {
	out := make([]bool, len(recs))
	for i, r := range recs {
		out[i] = get(r)
	}
	return out
}

func TestValidationErrors(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 20})
	cases := map[string]string{
		"/time_entries?per_page=2001":            "per_page must be between 1 and 2000",
		"/time_entries?per_page=0":               "per_page must be between 1 and 2000",
		"/projects?per_page=x":                   "per_page must be between 1 and 2000",
		"/time_entries?from=abc":                 "from",
		"/time_entries?to=2024-13-01":            "to",
		"/time_entries?project_id=x":             "project_id",
		"/time_entries?user_id=1.5":              "user_id",
		"/time_entries?is_billed=yes":            "is_billed",
		"/time_entries?updated_since=yesterday":  "updated_since",
		"/time_entries?approval_status=rejected": "approval_status",
		"/projects?is_active=maybe":              "is_active",
		"/projects?client_id=abc":                "client_id",
		"/clients?is_active=maybe":               "is_active",
		"/users?is_active=1":                     "is_active",
		"/tasks?updated_since=abc":               "updated_since",
		"/tasks?page=0":                          "page",
	}
	for path, param := range cases {
		res := get(t, s, path)
		assert.Equal(t, http.StatusUnprocessableEntity, res.status, path)
		assert.Equal(t, "application/json; charset=utf-8", res.header.Get("Content-Type"))
		var body map[string]string
		require.NoError(t, json.Unmarshal(res.body, &body), path)
		assert.Equal(t, []string{"message"}, slices.Collect(mapKeys(body)), path)
		assert.Contains(t, body["message"], param, path)
	}
	res := get(t, s, "/time_entries?per_page=2001")
	assert.JSONEq(t, `{"message":"per_page must be between 1 and 2000"}`, string(res.body))

	small := start(t, sandbox.Options{Rows: 20, MaxPerPage: 100})
	res = get(t, small, "/time_entries?per_page=101")
	assert.JSONEq(t, `{"message":"per_page must be between 1 and 100"}`, string(res.body))
	env := decodeList[sandbox.TimeEntry](t, "time_entries", get(t, small, "/time_entries"))
	assert.Equal(t, 100, env.PerPage)
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func TestAuth(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 20, Token: "tok", AccountID: "42"})
	cases := map[string][]reqOpt{
		"no token":        {noHeader("Authorization")},
		"wrong token":     {header("Authorization", "Bearer nope")},
		"not bearer":      {header("Authorization", "Basic dG9rOg==")},
		"no account":      {noHeader("Harvest-Account-Id")},
		"wrong account":   {header("Harvest-Account-Id", "43")},
		"nothing at all":  {noHeader("Authorization"), noHeader("Harvest-Account-Id")},
		"account in path": {noHeader("Harvest-Account-Id"), header("X-Account", "42")},
	}
	for name, opts := range cases {
		res := get(t, s, "/time_entries", opts...)
		assert.Equal(t, http.StatusUnauthorized, res.status, name)
		assert.Equal(t, invalidToken, string(res.body), name)
		assert.Equal(t, "application/json; charset=utf-8", res.header.Get("Content-Type"), name)
	}

	// Query-string auth.
	res := get(t, s, "/users/me?access_token=tok&account_id=42", noHeader("Authorization"), noHeader("Harvest-Account-Id"))
	assert.Equal(t, http.StatusOK, res.status)
	res = get(t, s, "/users/me?access_token=bad&account_id=42", noHeader("Authorization"), noHeader("Harvest-Account-Id"))
	assert.Equal(t, http.StatusUnauthorized, res.status)
	res = get(t, s, "/users/me?account_id=42", noHeader("Harvest-Account-Id"))
	assert.Equal(t, http.StatusOK, res.status, "header token with query account")

	// User-Agent is checked first, even before auth.
	for _, opts := range [][]reqOpt{{noHeader("User-Agent")}, {noHeader("User-Agent"), noHeader("Authorization")}} {
		res = get(t, s, "/time_entries", opts...)
		assert.Equal(t, http.StatusBadRequest, res.status)
		assert.JSONEq(t, `{"error":"bad_request","error_description":"User-Agent header is required"}`, string(res.body))
	}

	// Auth failures come before unknown paths.
	res = get(t, s, "/nope", noHeader("Authorization"))
	assert.Equal(t, http.StatusUnauthorized, res.status)
}

func TestGetByIDAndErrors(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 40})
	ds := s.Dataset()

	check := func(path string, wantRec any, into any) {
		t.Helper()
		res := get(t, s, path)
		require.Equal(t, http.StatusOK, res.status, path)
		assert.Equal(t, "application/json; charset=utf-8", res.header.Get("Content-Type"))
		assert.Equal(t, byte('{'), res.body[0])
		require.NoError(t, json.Unmarshal(res.body, into))
		assert.Equal(t, wantRec, reflectElem(into), path)
	}
	e := ds.TimeEntries[7]
	check(fmt.Sprintf("/time_entries/%d", e.ID), e, &sandbox.TimeEntry{})
	check(fmt.Sprintf("/projects/%d", ds.Projects[2].ID), ds.Projects[2], &sandbox.Project{})
	check(fmt.Sprintf("/clients/%d", ds.Clients[1].ID), ds.Clients[1], &sandbox.Client{})
	check(fmt.Sprintf("/users/%d", ds.Users[3].ID), ds.Users[3], &sandbox.User{})
	check(fmt.Sprintf("/tasks/%d", ds.Tasks[5].ID), ds.Tasks[5], &sandbox.Task{})
	check("/users/me", ds.Users[0], &sandbox.User{})

	notFound := []string{
		"/time_entries/1", "/projects/99999999", "/clients/abc", "/users/0", "/tasks/-1",
		"/nope", "/v2", "/", "/time_entries/1/extra", "/projects/", "/company/1",
	}
	for _, p := range notFound {
		rawURL := s.URL() + p
		if p == "/v2" || p == "/" {
			rawURL = strings.TrimSuffix(s.URL(), "/v2") + p
		}
		res := get(t, s, rawURL)
		assert.Equal(t, http.StatusNotFound, res.status, p)
		assert.Equal(t, `{"status":404,"error":"Not Found"}`, string(res.body), p)
		assert.Equal(t, "application/json; charset=utf-8", res.header.Get("Content-Type"), p)
	}

	for _, m := range []string{http.MethodPost, http.MethodPatch, http.MethodDelete, http.MethodPut} {
		res := do(t, s, m, "/time_entries")
		assert.Equal(t, http.StatusMethodNotAllowed, res.status, m)
		assert.Equal(t, "GET, HEAD", res.header.Get("Allow"))
		var body map[string]string
		require.NoError(t, json.Unmarshal(res.body, &body))
		assert.Equal(t, "method_not_allowed", body["error"])
	}
	res := do(t, s, http.MethodHead, "/time_entries")
	assert.Equal(t, http.StatusOK, res.status)
	assert.Empty(t, res.body)
}

func reflectElem(p any) any {
	switch v := p.(type) {
	case *sandbox.TimeEntry:
		return *v
	case *sandbox.Project:
		return *v
	case *sandbox.Client:
		return *v
	case *sandbox.User:
		return *v
	case *sandbox.Task:
		return *v
	}
	return nil
}

func TestDeterminism(t *testing.T) {
	a := start(t, sandbox.Options{Rows: 250, Seed: 42})
	b := start(t, sandbox.Options{Rows: 250, Seed: 42})
	c := start(t, sandbox.Options{Rows: 250, Seed: 43})
	assert.Equal(t, a.Dataset(), b.Dataset())
	assert.NotEqual(t, a.Dataset(), c.Dataset())

	// Through the handler with the same Host the bodies are byte-identical,
	// links included.
	serve := func(s *sandbox.Server, target string) []byte {
		req := httptest.NewRequest(http.MethodGet, "http://sandbox.test"+target, nil)
		req.Header.Set("User-Agent", "tests")
		req.Header.Set("Authorization", "Bearer sandbox-token")
		req.Header.Set("Harvest-Account-Id", "123456")
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		return rec.Body.Bytes()
	}
	for _, table := range []string{"time_entries", "projects", "clients", "users", "tasks"} {
		for _, q := range []string{"", "?per_page=7&page=2", "?updated_since=2024-01-01T00:00:00Z"} {
			target := "/v2/" + table + q
			assert.Equal(t, serve(a, target), serve(b, target), target)
		}
		assert.NotEqual(t, serve(a, "/v2/"+table), serve(c, "/v2/"+table), table)
	}
	// Over real HTTP the bodies differ only in the port of the links.
	ra := get(t, a, "/time_entries?per_page=50&page=3")
	rb := get(t, b, "/time_entries?per_page=50&page=3")
	assert.Equal(t, string(ra.body), strings.ReplaceAll(string(rb.body), b.URL(), a.URL()))
}

func TestRequestCounterAndLog(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 30})
	assert.Zero(t, s.Requests())
	assert.Empty(t, s.Log())

	get(t, s, "/time_entries?project_id=14308069&per_page=5")
	get(t, s, "/users/me")
	get(t, s, "/time_entries", noHeader("Authorization"))
	get(t, s, "/nope")
	assert.EqualValues(t, 4, s.Requests())
	log := s.Log()
	require.Len(t, log, 4)
	assert.Equal(t, sandbox.Request{Method: "GET", Path: "/v2/time_entries",
		Query: url.Values{"project_id": {"14308069"}, "per_page": {"5"}}, Status: 200}, log[0])
	assert.Equal(t, "/v2/users/me", log[1].Path)
	assert.Equal(t, http.StatusUnauthorized, log[2].Status)
	assert.Equal(t, http.StatusNotFound, log[3].Status)

	log[0].Query.Set("per_page", "999")
	assert.Equal(t, "5", s.Log()[0].Query.Get("per_page"), "Log returns copies")

	s.ResetRequests()
	assert.Zero(t, s.Requests())
	assert.Empty(t, s.Log())

	// Concurrent requests are all counted.
	done := make(chan struct{})
	for range 20 {
		go func() {
			defer func() { done <- struct{}{} }()
			req, _ := http.NewRequest(http.MethodGet, s.URL()+"/tasks", nil)
			req.Header.Set("User-Agent", "tests")
			resp, err := http.DefaultClient.Do(req)
			if err == nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
	}
	for range 20 {
		<-done
	}
	assert.EqualValues(t, 20, s.Requests())
	assert.Len(t, s.Log(), 20)
}

func TestFailNext(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 30})

	s.FailNext(2, http.StatusTooManyRequests, "3")
	for range 2 {
		res := get(t, s, "/time_entries")
		assert.Equal(t, http.StatusTooManyRequests, res.status)
		assert.Equal(t, "3", res.header.Get("Retry-After"))
		var body map[string]string
		require.NoError(t, json.Unmarshal(res.body, &body))
		assert.Equal(t, "rate_limited", body["error"])
	}
	res := get(t, s, "/time_entries")
	assert.Equal(t, http.StatusOK, res.status)
	assert.Empty(t, res.header.Get("Retry-After"))

	s.FailNext(1, http.StatusServiceUnavailable, "")
	res = get(t, s, "/time_entries")
	assert.Equal(t, http.StatusServiceUnavailable, res.status)
	assert.Empty(t, res.header.Get("Retry-After"))
	assert.True(t, strings.HasPrefix(res.header.Get("Content-Type"), "text/html"))
	assert.Contains(t, string(res.body), "<html>")
	assert.False(t, json.Valid(res.body))

	// Injected failures come before the other checks, and are counted.
	s.ResetRequests()
	s.FailNext(1, http.StatusInternalServerError, "1")
	res = get(t, s, "/time_entries", noHeader("User-Agent"))
	assert.Equal(t, http.StatusInternalServerError, res.status)
	assert.Equal(t, "1", res.header.Get("Retry-After"))
	assert.EqualValues(t, 1, s.Requests())
	assert.Equal(t, http.StatusInternalServerError, s.Log()[0].Status)

	// n <= 0 cancels pending failures.
	s.FailNext(5, http.StatusBadGateway, "")
	s.FailNext(0, 0, "")
	assert.Equal(t, http.StatusOK, get(t, s, "/tasks").status)

	s.FailNext(1, http.StatusForbidden, "")
	res = get(t, s, "/tasks")
	assert.Equal(t, http.StatusForbidden, res.status)
	assert.True(t, json.Valid(res.body))
}

func TestBigIDsSurviveUseNumber(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 60})
	ds := s.Dataset()
	res := get(t, s, "/time_entries")
	require.Equal(t, http.StatusOK, res.status)

	dec := json.NewDecoder(bytes.NewReader(res.body))
	dec.UseNumber()
	var body struct {
		TimeEntries []map[string]any `json:"time_entries"`
	}
	require.NoError(t, dec.Decode(&body))
	require.Len(t, body.TimeEntries, 60)

	wantIDs := ids(reversed(ds.TimeEntries), entryID)
	lossy := 0
	for i, rec := range body.TimeEntries {
		n, ok := rec["id"].(json.Number)
		require.True(t, ok)
		id, err := n.Int64()
		require.NoError(t, err)
		assert.Equal(t, wantIDs[i], id)
		assert.Greater(t, id, int64(1)<<53)
		f, err := n.Float64()
		require.NoError(t, err)
		if int64(f) != id {
			lossy++
		}
	}
	assert.Greater(t, lossy, 0, "some ids must not survive a float64 round trip")

	// Decoding into float64 (the default) gets some of them wrong.
	var generic struct {
		TimeEntries []map[string]any `json:"time_entries"`
	}
	require.NoError(t, json.Unmarshal(res.body, &generic))
	wrong := 0
	for i, rec := range generic.TimeEntries {
		if int64(rec["id"].(float64)) != wantIDs[i] {
			wrong++
		}
	}
	assert.Greater(t, wrong, 0)
}

func TestLatency(t *testing.T) {
	const latency = 500 * time.Millisecond
	s := start(t, sandbox.Options{Rows: 10, Latency: latency})
	begin := time.Now()
	assert.Equal(t, http.StatusOK, get(t, s, "/tasks").status)
	assert.GreaterOrEqual(t, time.Since(begin), latency)

	// A client that gives up ends the wait early; the server logs 499.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL()+"/tasks", nil)
	require.NoError(t, err)
	req.Header.Set("User-Agent", "tests")
	req.Header.Set("Authorization", "Bearer sandbox-token")
	req.Header.Set("Harvest-Account-Id", "123456")
	begin = time.Now()
	_, err = http.DefaultClient.Do(req)
	require.Error(t, err)
	require.Eventually(t, func() bool { return s.Requests() == 2 }, 5*time.Second, 5*time.Millisecond)
	if time.Since(begin) < latency/2 {
		assert.Equal(t, 499, s.Log()[1].Status)
	}
}

func TestCloseStopsServing(t *testing.T) {
	s, err := sandbox.Start(sandbox.Options{Rows: 10})
	require.NoError(t, err)
	u := s.URL()
	require.NoError(t, s.Close())
	client := &http.Client{Timeout: time.Second}
	_, err = client.Get(u + "/tasks")
	assert.Error(t, err)
}
