package sandbox_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
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

func startAircall(t *testing.T, rows int) *sandbox.Server {
	t.Helper()
	return start(t, sandbox.Options{Provider: "aircall", Rows: rows})
}

func basicAuth(id, token string) reqOpt {
	return header("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(id+":"+token)))
}

// acGet sends an Aircall request with the static Basic credentials.
func acGet(t *testing.T, s *sandbox.Server, path string, opts ...reqOpt) result {
	t.Helper()
	o := s.Options()
	return get(t, s, path, append([]reqOpt{basicAuth(o.AccountID, o.Token)}, opts...)...)
}

type acMeta struct {
	Count            int     `json:"count"`
	Total            int     `json:"total"`
	CurrentPage      int     `json:"current_page"`
	PerPage          int     `json:"per_page"`
	NextPageLink     *string `json:"next_page_link"`
	PreviousPageLink *string `json:"previous_page_link"`
}

type acPage[T any] struct {
	Records []T
	Meta    acMeta
}

func decodeAircall[T any](t *testing.T, key string, res result) acPage[T] {
	t.Helper()
	require.Equal(t, http.StatusOK, res.status, "body: %s", res.body)
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(res.body, &m))
	require.Contains(t, m, key)
	var p acPage[T]
	require.NoError(t, json.Unmarshal(m[key], &p.Records))
	require.NoError(t, json.Unmarshal(m["meta"], &p.Meta))
	require.NotNil(t, p.Records, "an array, never null")
	return p
}

// acAll follows next_page_link from path and returns every record and the
// number of pages.
func acAll[T any](t *testing.T, s *sandbox.Server, key, path string) ([]T, int) {
	t.Helper()
	var all []T
	next, pages := s.URL()+path, 0
	for next != "" {
		p := decodeAircall[T](t, key, acGet(t, s, next))
		assert.Equal(t, len(p.Records), p.Meta.Count)
		all = append(all, p.Records...)
		pages++
		require.Less(t, pages, 2000, "pagination does not end")
		next = ""
		if p.Meta.NextPageLink != nil {
			next = *p.Meta.NextPageLink
		}
	}
	return all, pages
}

var aircallRecordKeys = map[string][]string{
	"calls": {"id", "sid", "direct_link", "started_at", "answered_at", "ended_at", "duration", "status", "direction",
		"raw_digits", "asset", "recording", "recording_short_url", "voicemail", "voicemail_short_url", "archived",
		"missed_call_reason", "cost", "country_code_a2", "pricing_type", "number", "user", "contact", "assigned_to",
		"teams", "transferred_by", "transferred_to", "comments", "tags", "participants", "ivr_options_selected"},
	"users": {"id", "direct_link", "name", "email", "created_at", "available", "availability_status", "substatus",
		"numbers", "time_zone", "language", "wrap_up_time"},
	"teams":    {"id", "direct_link", "name", "created_at", "users"},
	"numbers":  {"id", "direct_link", "name", "digits", "created_at", "country", "time_zone", "open", "availability_status", "is_ivr", "live_recording_activated", "priority", "messages", "users"},
	"contacts": {"id", "direct_link", "first_name", "last_name", "company_name", "description", "information", "is_shared", "created_at", "updated_at", "phone_numbers", "emails"},
	"tags":     {"id", "direct_link", "name", "color", "description"},
	"webhooks": {"webhook_id", "direct_link", "created_at", "custom_name", "url", "active", "token", "events"},
}

func TestAircallEnvelopesAndShapes(t *testing.T) {
	s := startAircall(t, 300)
	for table, keys := range aircallRecordKeys {
		t.Run(table, func(t *testing.T) {
			res := acGet(t, s, "/"+table+"?per_page=2")
			require.Equal(t, http.StatusOK, res.status, "body: %s", res.body)
			assert.Equal(t, "application/json; charset=utf-8", res.header.Get("Content-Type"))
			assert.Equal(t, []string{table, "meta"}, topKeys(t, res.body))
			var m map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(res.body, &m))
			assert.Equal(t, []string{"count", "total", "current_page", "per_page", "next_page_link", "previous_page_link"}, topKeys(t, m["meta"]))
			var recs []json.RawMessage
			require.NoError(t, json.Unmarshal(m[table], &recs))
			require.NotEmpty(t, recs)
			for _, r := range recs {
				assert.Equal(t, keys, topKeys(t, r))
			}
			p := decodeAircall[json.RawMessage](t, table, res)
			assert.Equal(t, 2, p.Meta.PerPage)
			assert.Equal(t, 1, p.Meta.CurrentPage)
			assert.Equal(t, len(recs), p.Meta.Count)
			assert.Nil(t, p.Meta.PreviousPageLink)
			if p.Meta.Total > 2 {
				require.NotNil(t, p.Meta.NextPageLink)
				assert.Equal(t, s.URL()+"/"+table+"?page=2&per_page=2", *p.Meta.NextPageLink)
			}
		})
	}

	// Nested objects.
	res := acGet(t, s, "/calls?per_page=50&fetch_contact=true")
	var body struct {
		Calls []map[string]json.RawMessage `json:"calls"`
	}
	require.NoError(t, json.Unmarshal(res.body, &body))
	var sawUser, sawContact, sawTeam, sawTag bool
	for _, c := range body.Calls {
		assert.Equal(t, []string{"id", "direct_link", "name", "digits", "created_at", "country", "time_zone", "open",
			"availability_status", "is_ivr", "live_recording_activated", "priority", "messages"}, topKeys(t, c["number"]))
		if string(c["user"]) != "null" {
			sawUser = true
			assert.Equal(t, []string{"id", "direct_link", "name", "email", "created_at", "available", "availability_status",
				"time_zone", "language", "wrap_up_time"}, topKeys(t, c["user"]))
		}
		if string(c["contact"]) != "null" {
			sawContact = true
			assert.Equal(t, aircallRecordKeys["contacts"], topKeys(t, c["contact"]))
		}
		var teams, tags []json.RawMessage
		require.NoError(t, json.Unmarshal(c["teams"], &teams))
		require.NoError(t, json.Unmarshal(c["tags"], &tags))
		for _, tm := range teams {
			sawTeam = true
			assert.Equal(t, aircallRecordKeys["teams"], topKeys(t, tm))
		}
		for _, tg := range tags {
			sawTag = true
			assert.Equal(t, []string{"id", "name", "created_at", "tagged_by"}, topKeys(t, tg))
		}
	}
	assert.True(t, sawUser && sawContact && sawTeam && sawTag)

	// Timestamps: unix numbers on calls and contacts, ISO strings on users.
	var call map[string]any
	require.NoError(t, json.Unmarshal(body.Calls[0]["started_at"], new(int64)))
	require.NoError(t, json.Unmarshal(acGet(t, s, "/calls?per_page=1").body, &call))
	var u struct {
		Users []struct {
			CreatedAt string `json:"created_at"`
		} `json:"users"`
	}
	require.NoError(t, json.Unmarshal(acGet(t, s, "/users").body, &u))
	assert.Regexp(t, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$`, u.Users[0].CreatedAt)

	// Company, ping.
	res = acGet(t, s, "/company")
	require.Equal(t, http.StatusOK, res.status)
	ds := s.AircallData()
	assert.JSONEq(t, fmt.Sprintf(`{"company":{"name":"Sandbox Telecom","users_count":%d,"numbers_count":%d}}`,
		len(ds.Users), len(ds.Numbers)), string(res.body))
	assert.JSONEq(t, `{"ping":"pong"}`, string(acGet(t, s, "/ping").body))
}

func TestAircallDatasetConsistency(t *testing.T) {
	s := startAircall(t, 2000)
	ds := s.AircallData()
	require.Len(t, ds.Calls, 2000)
	assert.Len(t, ds.Users, 20)
	assert.Len(t, ds.Teams, 5)
	assert.Len(t, ds.Numbers, 8)
	assert.Len(t, ds.Contacts, 200)
	assert.Len(t, ds.Tags, 8)
	assert.Len(t, ds.Webhooks, 3)

	users := map[int64]sandbox.AircallUser{}
	for _, u := range ds.Users {
		users[u.ID] = u
		assert.Contains(t, ds.Availabilities, u.ID)
	}
	numbers := map[int64]bool{}
	for _, n := range ds.Numbers {
		numbers[n.ID] = true
		assert.NotEmpty(t, n.Users)
	}
	teams := map[int64]bool{}
	for _, tm := range ds.Teams {
		teams[tm.ID] = true
	}
	contacts := map[int64]sandbox.AircallContact{}
	for _, c := range ds.Contacts {
		contacts[c.ID] = c
		assert.GreaterOrEqual(t, c.UpdatedAt, c.CreatedAt)
	}
	tags := map[int64]string{}
	for _, tg := range ds.Tags {
		tags[tg.ID] = tg.Name
	}
	var answered, inbound, withContact int
	for i, c := range ds.Calls {
		if i > 0 {
			prev := ds.Calls[i-1]
			assert.True(t, prev.StartedAt < c.StartedAt || prev.StartedAt == c.StartedAt && prev.ID < c.ID, "sorted")
			assert.Less(t, prev.ID, c.ID)
		}
		assert.Equal(t, c.EndedAt-c.StartedAt, c.Duration)
		assert.Contains(t, []string{"inbound", "outbound"}, c.Direction)
		assert.Equal(t, "done", c.Status)
		require.NotNil(t, c.Number)
		assert.True(t, numbers[c.Number.ID])
		if c.User != nil {
			u, ok := users[c.User.ID]
			require.True(t, ok)
			assert.Equal(t, u.Name, c.User.Name)
		}
		if c.AnsweredAt != nil {
			answered++
			assert.NotNil(t, c.User)
			assert.Nil(t, c.MissedCallReason)
		} else if c.Direction == "inbound" {
			assert.NotNil(t, c.MissedCallReason)
		}
		if c.Direction == "inbound" {
			inbound++
			require.Len(t, c.Teams, 1)
			assert.True(t, teams[c.Teams[0].ID])
		} else {
			assert.Empty(t, c.Teams)
		}
		if c.Contact != nil {
			withContact++
			ct, ok := contacts[c.Contact.ID]
			require.True(t, ok)
			assert.Equal(t, ct, *c.Contact)
			assert.Equal(t, ct.PhoneNumbers[0].Value, c.RawDigits)
		}
		for _, tg := range c.Tags {
			assert.Equal(t, tags[tg.ID], tg.Name)
			assert.NotNil(t, tg.TaggedBy)
		}
		assert.Equal(t, c.Recording != nil, c.RecordingShortURL != nil)
		assert.NotNil(t, c.Comments)
		assert.NotNil(t, c.Participants)
		assert.NotNil(t, c.IVROptionsSelected)
	}
	assert.InDelta(t, 0.72, float64(answered)/2000, 0.05)
	assert.InDelta(t, 0.6, float64(inbound)/2000, 0.05)
	assert.InDelta(t, 0.6, float64(withContact)/2000, 0.05)
}

func callIDs(calls []sandbox.AircallCall) []int64 {
	return ids(calls, func(c sandbox.AircallCall) int64 { return c.ID })
}

func TestAircallPagingAndFetchFlags(t *testing.T) {
	s := startAircall(t, 330)
	ds := s.AircallData()

	// Every call once, in creation order; with every fetch flag the records
	// equal the dataset.
	s.ResetRequests()
	got, pages := acAll[sandbox.AircallCall](t, s, "calls", "/calls?per_page=50&fetch_contact=true&fetch_short_urls=true&fetch_call_timeline=true")
	assert.Equal(t, 7, pages)
	assert.EqualValues(t, 7, s.Requests())
	assert.Equal(t, ds.Calls, got)
	for i, r := range s.Log() {
		assert.Equal(t, "/v1/calls", r.Path)
		assert.Equal(t, "true", r.Query.Get("fetch_contact"), "links keep the query")
		if i > 0 {
			assert.Equal(t, strconv.Itoa(i+1), r.Query.Get("page"))
		}
	}

	// The default page size is 20; without flags the fetched parts are null.
	p := decodeAircall[sandbox.AircallCall](t, "calls", acGet(t, s, "/calls"))
	assert.Equal(t, 20, p.Meta.PerPage)
	require.Len(t, p.Records, 20)
	assert.Equal(t, 330, p.Meta.Total)
	for i, c := range p.Records {
		want := ds.Calls[i]
		want.Contact, want.RecordingShortURL, want.VoicemailShortURL, want.IVROptionsSelected = nil, nil, nil, nil
		assert.Equal(t, want, c)
	}

	// order=desc reverses.
	desc, _ := acAll[sandbox.AircallCall](t, s, "calls", "/calls?per_page=50&order=desc")
	assert.Equal(t, reversed(callIDs(ds.Calls)), callIDs(desc))

	// The other tables.
	contacts, pages := acAll[sandbox.AircallContact](t, s, "contacts", "/contacts?per_page=7")
	assert.Equal(t, ds.Contacts, contacts)
	assert.Equal(t, (len(ds.Contacts)+6)/7, pages)
	users, _ := acAll[sandbox.AircallUser](t, s, "users", "/users?per_page=2")
	assert.Equal(t, ds.Users, users)
	teams, _ := acAll[sandbox.AircallTeam](t, s, "teams", "/teams?per_page=1")
	assert.Equal(t, ds.Teams, teams)
	numbers, _ := acAll[sandbox.AircallNumber](t, s, "numbers", "/numbers?per_page=2")
	assert.Equal(t, ds.Numbers, numbers)
	tags, _ := acAll[sandbox.AircallTag](t, s, "tags", "/tags?per_page=3")
	assert.Equal(t, ds.Tags, tags)
	hooks, _ := acAll[sandbox.AircallWebhook](t, s, "webhooks", "/webhooks?order=desc")
	assert.Equal(t, reversed(ds.Webhooks), hooks)
	type avail struct {
		ID           int64  `json:"id"`
		Availability string `json:"availability"`
	}
	av, _ := acAll[avail](t, s, "users", "/users/availabilities?per_page=3")
	require.Len(t, av, len(ds.Users))
	for i, a := range av {
		assert.Equal(t, ds.Users[i].ID, a.ID)
		assert.Equal(t, ds.Availabilities[a.ID], a.Availability)
	}

	// Pages past the end are empty; previous links go back.
	p = decodeAircall[sandbox.AircallCall](t, "calls", acGet(t, s, "/calls?page=99&per_page=10"))
	assert.Empty(t, p.Records)
	assert.Nil(t, p.Meta.NextPageLink)
	require.NotNil(t, p.Meta.PreviousPageLink)
	assert.Equal(t, s.URL()+"/calls?page=98&per_page=10", *p.Meta.PreviousPageLink)

	// per_page over the maximum is clamped; bad values are rejected.
	p = decodeAircall[sandbox.AircallCall](t, "calls", acGet(t, s, "/calls?per_page=500"))
	assert.Equal(t, 50, p.Meta.PerPage)
	assert.Len(t, p.Records, 50)
	for _, q := range []string{"per_page=0", "per_page=x", "page=0", "page=-1", "order=sideways", "from=yesterday", "to=1.5"} {
		res := acGet(t, s, "/calls?"+q)
		assert.Equal(t, http.StatusBadRequest, res.status, q)
		var body map[string]string
		require.NoError(t, json.Unmarshal(res.body, &body), q)
		assert.Equal(t, []string{"error", "troubleshoot"}, sortedKeys(anyMapS(body)), q)
	}
}

func anyMapS(m map[string]string) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func TestAircallFilters(t *testing.T) {
	s := startAircall(t, 1500)
	ds := s.AircallData()
	calls := ds.Calls
	mid := calls[700].StartedAt
	late := calls[1100].StartedAt
	keep := func(f func(c sandbox.AircallCall) bool) []int64 {
		var out []int64
		for _, c := range calls {
			if f(c) {
				out = append(out, c.ID)
			}
		}
		return out
	}
	var user int64
	for _, c := range calls {
		if c.User != nil {
			user = c.User.ID
			break
		}
	}
	phone := calls[10].RawDigits
	cases := []struct {
		path string
		keep func(c sandbox.AircallCall) bool
	}{
		{fmt.Sprintf("/calls?from=%d", mid), func(c sandbox.AircallCall) bool { return c.StartedAt >= mid }},
		{fmt.Sprintf("/calls?to=%d", mid), func(c sandbox.AircallCall) bool { return c.StartedAt <= mid }},
		{fmt.Sprintf("/calls?from=%d&to=%d", mid, late), func(c sandbox.AircallCall) bool { return c.StartedAt >= mid && c.StartedAt <= late }},
		{fmt.Sprintf("/calls?from=%d&to=%d", mid, mid), func(c sandbox.AircallCall) bool { return c.StartedAt == mid }},
		{"/calls?user_id=1&direction=inbound", func(sandbox.AircallCall) bool { return true }}, // ignored by /calls
		{"/calls/search?direction=inbound", func(c sandbox.AircallCall) bool { return c.Direction == "inbound" }},
		{"/calls/search?direction=outbound", func(c sandbox.AircallCall) bool { return c.Direction == "outbound" }},
		{fmt.Sprintf("/calls/search?user_id=%d", user), func(c sandbox.AircallCall) bool { return c.User != nil && c.User.ID == user }},
		{"/calls/search?phone_number=" + url.QueryEscape(phone), func(c sandbox.AircallCall) bool { return c.RawDigits == phone }},
		{"/calls/search?phone_number=" + strings.NewReplacer(" ", "", "-", "").Replace(phone), func(c sandbox.AircallCall) bool { return c.RawDigits == phone }},
		{fmt.Sprintf("/calls/search?tags=%d", ds.Tags[2].ID), func(c sandbox.AircallCall) bool {
			return slices.ContainsFunc(c.Tags, func(tg sandbox.AircallCallTag) bool { return tg.ID == ds.Tags[2].ID })
		}},
		{fmt.Sprintf("/calls/search?direction=inbound&user_id=%d&from=%d", user, mid), func(c sandbox.AircallCall) bool {
			return c.Direction == "inbound" && c.User != nil && c.User.ID == user && c.StartedAt >= mid
		}},
		{"/calls/search", func(sandbox.AircallCall) bool { return true }},
	}
	for _, c := range cases {
		want := keep(c.keep)
		require.NotEmpty(t, want, c.path)
		sep := "?"
		if strings.Contains(c.path, "?") {
			sep = "&"
		}
		got, _ := acAll[sandbox.AircallCall](t, s, "calls", c.path+sep+"per_page=50")
		assert.Equal(t, want, callIDs(got), c.path)
		p := decodeAircall[sandbox.AircallCall](t, "calls", acGet(t, s, c.path+sep+"order=desc&per_page=5"))
		assert.Equal(t, len(want), p.Meta.Total, c.path)
		assert.Equal(t, reversed(want)[:min(5, len(want))], callIDs(p.Records), c.path)
	}
	assert.Equal(t, http.StatusBadRequest, acGet(t, s, "/calls/search?direction=sideways").status)
	assert.Equal(t, http.StatusBadRequest, acGet(t, s, "/calls/search?user_id=me").status)

	// Users, numbers and contacts filter on creation time; teams and tags ignore from/to.
	uMid := ds.Users[len(ds.Users)/2]
	users, _ := acAll[sandbox.AircallUser](t, s, "users", "/users?from="+strconv.FormatInt(isoUnixT(t, uMid.CreatedAt), 10))
	assert.Equal(t, ds.Users[len(ds.Users)/2:], users)
	cMid := ds.Contacts[40]
	contacts, _ := acAll[sandbox.AircallContact](t, s, "contacts", fmt.Sprintf("/contacts?per_page=50&to=%d", cMid.CreatedAt))
	assert.Equal(t, ds.Contacts[:41], contacts)
	teams, _ := acAll[sandbox.AircallTeam](t, s, "teams", "/teams?from=4102444800")
	assert.Len(t, teams, len(ds.Teams))

	// Contacts ordered by updated_at, and searched.
	byUpdated, _ := acAll[sandbox.AircallContact](t, s, "contacts", "/contacts?per_page=50&order_by=updated_at")
	require.Len(t, byUpdated, len(ds.Contacts))
	assert.True(t, slices.IsSortedFunc(byUpdated, func(a, b sandbox.AircallContact) int { return int(a.UpdatedAt - b.UpdatedAt) }))
	target := ds.Contacts[17]
	found, _ := acAll[sandbox.AircallContact](t, s, "contacts", "/contacts/search?phone_number="+url.QueryEscape(target.PhoneNumbers[0].Value))
	require.NotEmpty(t, found)
	assert.Contains(t, found, target)
	for _, c := range found {
		assert.True(t, slices.ContainsFunc(c.PhoneNumbers, func(d sandbox.AircallContactDetail) bool { return d.Value == target.PhoneNumbers[0].Value }))
	}
	var withEmail sandbox.AircallContact
	for _, c := range ds.Contacts {
		if len(c.Emails) > 0 {
			withEmail = c
			break
		}
	}
	found, _ = acAll[sandbox.AircallContact](t, s, "contacts", "/contacts/search?email="+url.QueryEscape(strings.ToUpper(withEmail.Emails[0].Value)))
	assert.Contains(t, found, withEmail)
}

func isoUnixT(t *testing.T, s string) int64 {
	tm, err := timeParse(s)
	require.NoError(t, err)
	return tm.Unix()
}

func TestAircallGetByIDAndErrors(t *testing.T) {
	s := startAircall(t, 200)
	ds := s.AircallData()
	single := func(path, key string, into any) {
		t.Helper()
		res := acGet(t, s, path)
		require.Equal(t, http.StatusOK, res.status, "%s: %s", path, res.body)
		assert.Equal(t, []string{key}, topKeys(t, res.body), path)
		var m map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(res.body, &m))
		require.NoError(t, json.Unmarshal(m[key], into))
	}
	var call sandbox.AircallCall
	c := ds.Calls[42]
	single(fmt.Sprintf("/calls/%d?fetch_contact=true&fetch_short_urls=true&fetch_call_timeline=true", c.ID), "call", &call)
	assert.Equal(t, c, call)
	var u sandbox.AircallUser
	single(fmt.Sprintf("/users/%d", ds.Users[3].ID), "user", &u)
	assert.Equal(t, ds.Users[3], u)
	var tm sandbox.AircallTeam
	single(fmt.Sprintf("/teams/%d", ds.Teams[1].ID), "team", &tm)
	assert.Equal(t, ds.Teams[1], tm)
	var n sandbox.AircallNumber
	single(fmt.Sprintf("/numbers/%d", ds.Numbers[2].ID), "number", &n)
	assert.Equal(t, ds.Numbers[2], n)
	var ct sandbox.AircallContact
	single(fmt.Sprintf("/contacts/%d", ds.Contacts[5].ID), "contact", &ct)
	assert.Equal(t, ds.Contacts[5], ct)
	var tg sandbox.AircallTag
	single(fmt.Sprintf("/tags/%d", ds.Tags[4].ID), "tag", &tg)
	assert.Equal(t, ds.Tags[4], tg)
	var wh sandbox.AircallWebhook
	single("/webhooks/"+ds.Webhooks[1].WebhookID, "webhook", &wh)
	assert.Equal(t, ds.Webhooks[1], wh)
	var av string
	single(fmt.Sprintf("/users/%d/availability", ds.Users[0].ID), "availability", &av)
	assert.Equal(t, ds.Availabilities[ds.Users[0].ID], av)

	// Conversation intelligence of answered calls.
	var answered, missed sandbox.AircallCall
	for _, c := range ds.Calls {
		if c.AnsweredAt != nil && answered.ID == 0 {
			answered = c
		}
		if c.AnsweredAt == nil && missed.ID == 0 {
			missed = c
		}
	}
	for kind, key := range map[string]string{"transcription": "transcription", "sentiments": "sentiment", "topics": "topic", "summary": "summary"} {
		var obj map[string]any
		single(fmt.Sprintf("/calls/%d/%s", answered.ID, kind), key, &obj)
		assert.EqualValues(t, answered.ID, obj["call_id"], kind)
		res := acGet(t, s, fmt.Sprintf("/calls/%d/%s", missed.ID, kind))
		assert.Equal(t, http.StatusNotFound, res.status, kind)
	}

	notFound := `{"error":"Not found","troubleshoot":"Check the ID of the resource"}`
	for _, p := range []string{"/calls/1", "/calls/abc", "/users/0", "/teams/9", "/numbers/1", "/contacts/1", "/tags/999",
		"/webhooks/nope", "/nope", "/calls/", "/calls/1/extra", fmt.Sprintf("/calls/%d/recording", c.ID), "/company/1"} {
		res := acGet(t, s, p)
		assert.Equal(t, http.StatusNotFound, res.status, p)
		assert.Equal(t, notFound, string(res.body), p)
	}
	res := acGet(t, s, strings.TrimSuffix(s.URL(), "/v1")+"/v2/calls")
	assert.Equal(t, http.StatusNotFound, res.status)

	res = do(t, s, http.MethodPost, "/calls", basicAuth("sandbox-api-id", "sandbox-token"))
	assert.Equal(t, http.StatusMethodNotAllowed, res.status)
	assert.Equal(t, "GET, HEAD", res.header.Get("Allow"))
}

func TestAircallAuthAndRateHeaders(t *testing.T) {
	s := start(t, sandbox.Options{Provider: "aircall", Rows: 20, AccountID: "api-1", Token: "tok"})
	unauthorized := `{"error":"Unauthorized","troubleshoot":"Check your API ID and API token (Basic auth), or your OAuth access token (Bearer)."}`
	cases := map[string][]reqOpt{
		"no auth":      {noHeader("Authorization")},
		"wrong token":  {basicAuth("api-1", "nope")},
		"wrong id":     {basicAuth("api-2", "tok")},
		"bearer token": {header("Authorization", "Bearer tok")},
		"malformed":    {header("Authorization", "Basic !!!")},
	}
	for name, opts := range cases {
		res := get(t, s, "/calls", opts...)
		assert.Equal(t, http.StatusUnauthorized, res.status, name)
		assert.Equal(t, unauthorized, string(res.body), name)
		assert.Equal(t, "60", res.header.Get("X-AircallApi-Limit"), name)
	}
	res := get(t, s, "/calls", basicAuth("api-1", "tok"), noHeader("User-Agent"))
	require.Equal(t, http.StatusOK, res.status, "no User-Agent needed")
	for _, h := range []string{"X-AircallApi-Limit", "X-AircallApi-Remaining", "X-AircallApi-Reset"} {
		v, err := strconv.ParseInt(res.header.Get(h), 10, 64)
		require.NoError(t, err, h)
		assert.Positive(t, v, h)
	}
	assert.Equal(t, "59", res.header.Get("X-AircallApi-Remaining"))
	reset, _ := strconv.ParseInt(res.header.Get("X-AircallApi-Reset"), 10, 64)
	assert.InDelta(t, float64(reset), float64(nowUnix()), 61)
	assert.Equal(t, "60", get(t, s, "/nope", basicAuth("api-1", "tok")).header.Get("X-AircallApi-Limit"))

	// Injected failures speak Aircall.
	s.FailNext(1, http.StatusTooManyRequests, "")
	res = get(t, s, "/calls", basicAuth("api-1", "tok"))
	assert.Equal(t, http.StatusTooManyRequests, res.status)
	assert.Equal(t, "0", res.header.Get("X-AircallApi-Remaining"))
	var body map[string]string
	require.NoError(t, json.Unmarshal(res.body, &body))
	assert.Contains(t, body, "troubleshoot")
	s.FailNext(1, http.StatusNotFound, "")
	assert.JSONEq(t, `{"error":"Not found","troubleshoot":"Check the ID of the resource"}`, string(get(t, s, "/calls", basicAuth("api-1", "tok")).body))
}

func TestAircallDeterminism(t *testing.T) {
	a := start(t, sandbox.Options{Provider: "aircall", Rows: 400, Seed: 5})
	b := start(t, sandbox.Options{Provider: "aircall", Rows: 400, Seed: 5})
	c := start(t, sandbox.Options{Provider: "aircall", Rows: 400, Seed: 6})
	assert.Equal(t, a.AircallData(), b.AircallData())
	assert.NotEqual(t, a.AircallData(), c.AircallData())
	serve := func(s *sandbox.Server, target string) []byte {
		req := httptest.NewRequest(http.MethodGet, "http://sandbox.test"+target, nil)
		req.SetBasicAuth("sandbox-api-id", "sandbox-token")
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		return rec.Body.Bytes()
	}
	for _, target := range []string{"/v1/calls?per_page=50&page=3&fetch_contact=true", "/v1/users", "/v1/contacts?order=desc", "/v1/numbers", "/v1/teams", "/v1/webhooks"} {
		assert.Equal(t, serve(a, target), serve(b, target), target)
		assert.NotEqual(t, serve(a, target), serve(c, target), target)
	}

	// Dataset returns a copy.
	ds := a.AircallData()
	ds.Calls[0].Teams = nil
	ds.Users[0].Numbers[0].Name = "changed"
	again := a.AircallData()
	assert.NotEqual(t, "changed", again.Users[0].Numbers[0].Name)
}

// window is a [from, to] range of start times (both inclusive).
type window struct{ from, to int64 }

func TestAircall25000CallsCapAndWindows(t *testing.T) {
	s := startAircall(t, 25000)
	ds := s.AircallData()
	require.Len(t, ds.Calls, 25000)

	// Past 10,000 records the listing stops, while total says 25,000.
	p := decodeAircall[sandbox.AircallCall](t, "calls", acGet(t, s, "/calls?per_page=50&page=200"))
	assert.Len(t, p.Records, 50)
	assert.Equal(t, 25000, p.Meta.Total)
	assert.Nil(t, p.Meta.NextPageLink, "record 10,000 is the last reachable one")
	assert.Equal(t, ds.Calls[9999].ID, p.Records[49].ID)
	p = decodeAircall[sandbox.AircallCall](t, "calls", acGet(t, s, "/calls?per_page=50&page=201"))
	assert.Empty(t, p.Records)
	assert.Equal(t, 0, p.Meta.Count)
	assert.Equal(t, 25000, p.Meta.Total)
	assert.Nil(t, p.Meta.NextPageLink)
	p = decodeAircall[sandbox.AircallCall](t, "calls", acGet(t, s, "/calls?per_page=30&page=334"))
	assert.Len(t, p.Records, 10, "the page straddling the cap is cut at record 10,000")
	assert.Nil(t, p.Meta.NextPageLink)
	p = decodeAircall[sandbox.AircallCall](t, "calls", acGet(t, s, "/calls?per_page=50&page=200&order=desc"))
	assert.Equal(t, ds.Calls[25000-10000].ID, p.Records[49].ID, "the cap applies in the requested order")

	// Following next_page_link alone reads 10,000 calls.
	s.ResetRequests()
	capped, pages := callIDPages(t, s, "/calls?per_page=50")
	assert.Len(t, capped, 10000)
	assert.Equal(t, 200, pages)

	// Windows by from/to, split until each holds at most 10,000 calls,
	// cover every call exactly once.
	pending := []window{{ds.Calls[0].StartedAt, ds.Calls[len(ds.Calls)-1].StartedAt}}
	var got []int64
	windows := 0
	for len(pending) > 0 {
		w := pending[0]
		pending = pending[1:]
		path := fmt.Sprintf("/calls?per_page=50&from=%d&to=%d", w.from, w.to)
		_, meta := callIDPage(t, s, s.URL()+path+"&page=1000")
		if meta.Total > 10000 {
			mid := w.from + (w.to-w.from)/2
			pending = append([]window{{w.from, mid}, {mid + 1, w.to}}, pending...)
			continue
		}
		windows++
		recs, _ := callIDPages(t, s, path)
		require.Len(t, recs, meta.Total)
		got = append(got, recs...)
	}
	assert.Greater(t, windows, 2)
	assert.Equal(t, callIDs(ds.Calls), got)
}

func timeParse(s string) (time.Time, error) { return time.Parse(time.RFC3339Nano, s) }

func nowUnix() int64 { return time.Now().Unix() }

// callIDPage reads one page of calls, decoding only ids and meta.
func callIDPage(t *testing.T, s *sandbox.Server, rawURL string) ([]int64, acMeta) {
	t.Helper()
	res := acGet(t, s, rawURL)
	require.Equal(t, http.StatusOK, res.status, "body: %s", res.body)
	var body struct {
		Calls []struct {
			ID int64 `json:"id"`
		} `json:"calls"`
		Meta acMeta `json:"meta"`
	}
	require.NoError(t, json.Unmarshal(res.body, &body))
	require.Equal(t, len(body.Calls), body.Meta.Count)
	return ids(body.Calls, func(c struct {
		ID int64 `json:"id"`
	}) int64 {
		return c.ID
	}), body.Meta
}

// callIDPages follows next_page_link and returns the call ids and the
// number of pages.
func callIDPages(t *testing.T, s *sandbox.Server, path string) ([]int64, int) {
	t.Helper()
	var all []int64
	next, pages := s.URL()+path, 0
	for next != "" {
		page, meta := callIDPage(t, s, next)
		all = append(all, page...)
		pages++
		require.Less(t, pages, 1000)
		next = ""
		if meta.NextPageLink != nil {
			next = *meta.NextPageLink
		}
	}
	return all, pages
}
