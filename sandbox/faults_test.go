package sandbox_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/saasapi/saasapi/sandbox"
)

func TestParseFaults(t *testing.T) {
	got, err := sandbox.ParseFaults(`status:code=503,page=2,times=1; stall:delay=300ms,from=3,p=0.5;` +
		`status:code=429,retry-after="Wed, 21 Oct 2015 07:28:00 GMT";redirect:code=307;` +
		`redirect-same:hops=4;gzip-bomb:size=70MiB;cycle:page=4,to=2;empty:count=2;revoke`)
	require.NoError(t, err)
	want := []sandbox.Fault{
		{Kind: sandbox.FaultStatus, Code: 503, Page: 2, Times: 1},
		{Kind: sandbox.FaultStall, Delay: 300 * time.Millisecond, Page: 3, From: true, Probability: 0.5},
		{Kind: sandbox.FaultStatus, Code: 429, RetryAfter: "Wed, 21 Oct 2015 07:28:00 GMT"},
		{Kind: sandbox.FaultRedirect, Code: 307},
		{Kind: sandbox.FaultRedirectSame, Hops: 4},
		{Kind: sandbox.FaultGzipBomb, Size: 70 << 20},
		{Kind: sandbox.FaultCycle, Page: 4, To: 2},
		{Kind: sandbox.FaultEmpty, Count: 2},
		{Kind: sandbox.FaultRevoke},
	}
	assert.Equal(t, want, got)
	again, err := sandbox.ParseFaults(sandbox.FaultSpec(got))
	require.NoError(t, err, sandbox.FaultSpec(got))
	assert.Equal(t, got, again, "String writes what ParseFaults reads")
	assert.Equal(t, `status:code=429,retry-after="Wed, 21 Oct 2015 07:28:00 GMT"`, got[2].String())

	none, err := sandbox.ParseFaults("  ")
	require.NoError(t, err)
	assert.Empty(t, none)

	for spec, says := range map[string]string{
		"explode":                     `unknown fault kind "explode"`,
		"status:colour=red":           `unknown parameter "colour" for status: use code, retry-after, page, from, times, p`,
		"cycle:times=2":               `unknown parameter "times" for cycle`,
		"status:code=abc":             `parameter code: "abc" is not an integer`,
		"status:code=700":             "Code must be an HTTP status from 200 to 599",
		"redirect:code=200":           "must be a redirect status",
		"status:p=2":                  "Probability must be between 0 and 1",
		"stall:delay=soon":            `parameter delay: "soon" is not a duration`,
		"status:page=2,from=3":        "given twice",
		"status:page":                 "write key=value",
		`status:retry-after="open`:    "unterminated quoted value",
		"status:retry-after=date+abc": "RetryAfter",
		"cycle:page=2,to=3":           "must be a page at or before Page",
		"gzip-bomb:size=lots":         "is not a size",
		"status:page=-1":              "Page must not be negative",
	} {
		_, err := sandbox.ParseFaults(spec)
		require.Error(t, err, spec)
		assert.Contains(t, err.Error(), says, spec)
		assert.Contains(t, err.Error(), "sandbox: fault", "the error names the fault")
	}

	_, err = sandbox.Start(sandbox.Options{Faults: []sandbox.Fault{{Kind: "nope"}}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Faults[0]")
}

func FuzzParseFaults(f *testing.F) {
	for _, s := range []string{"status:code=503,page=2,times=1", `status:retry-after="a,b"`, "empty:count=3;skip:page=2",
		"stall:delay=1s,from=2,p=0.25", "gzip-bomb:size=1KiB", "redirect-same:hops=10", ";;", `x:"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		fs, err := sandbox.ParseFaults(spec)
		if err != nil {
			return
		}
		again, err := sandbox.ParseFaults(sandbox.FaultSpec(fs))
		if err != nil {
			t.Fatalf("%q → %q: %v", spec, sandbox.FaultSpec(fs), err)
		}
		if len(fs) == 0 {
			fs = nil
		}
		if len(again) == 0 {
			again = nil
		}
		if !assert.ObjectsAreEqual(fs, again) {
			t.Fatalf("%q → %q → %+v, want %+v", spec, sandbox.FaultSpec(fs), again, fs)
		}
	})
}

// faulty starts a server with the faults of spec.
func faulty(t *testing.T, opts sandbox.Options, spec string) *sandbox.Server {
	t.Helper()
	fs, err := sandbox.ParseFaults(spec)
	require.NoError(t, err)
	opts.Faults = fs
	return start(t, opts)
}

const faultRows = 45 // with per_page=10: five pages, the last of 5

// page fetches page n of time entries, 10 per page.
func page(t *testing.T, s *sandbox.Server, n int, opts ...reqOpt) result {
	t.Helper()
	return get(t, s, "/time_entries?per_page=10&page="+strconv.Itoa(n), opts...)
}

func timeEntryIDs(t *testing.T, s *sandbox.Server) []int64 {
	t.Helper()
	var ids []int64
	for _, e := range s.Dataset().TimeEntries {
		ids = append(ids, e.ID)
	}
	return ids
}

type idRec struct {
	ID int64 `json:"id"`
}

func recIDs(recs []idRec) []int64 {
	out := make([]int64, len(recs))
	for i, r := range recs {
		out[i] = r.ID
	}
	return out
}

func TestNoFaultsNoOtherHost(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 10})
	assert.Empty(t, s.OtherURL())
	assert.Nil(t, s.OtherRequests())
	o := start(t, sandbox.Options{Rows: 10, OtherHost: true})
	assert.NotEmpty(t, o.OtherURL())
	assert.NotEqual(t, o.URL(), o.OtherURL())
}

func TestFaultStatusTransientAndPersistent(t *testing.T) {
	s := faulty(t, sandbox.Options{Rows: faultRows}, "status:code=503,page=2,times=1;status:code=502,page=4")
	assert.Equal(t, http.StatusOK, page(t, s, 1).status)
	r := page(t, s, 2)
	assert.Equal(t, http.StatusServiceUnavailable, r.status)
	assert.Contains(t, r.header.Get("Content-Type"), "text/html")
	assert.Contains(t, string(r.body), "<h1>503 Service Unavailable</h1>")
	assert.Equal(t, http.StatusOK, page(t, s, 2).status, "the second attempt succeeds")
	for range 3 {
		r = page(t, s, 4)
		assert.Equal(t, http.StatusBadGateway, r.status, "persistent")
		assert.Contains(t, string(r.body), "<html>")
	}
	// Get-by-id is not a listing: never disturbed.
	id := s.Dataset().TimeEntries[0].ID
	assert.Equal(t, http.StatusOK, get(t, s, "/time_entries/"+strconv.FormatInt(id, 10)).status)
	log := s.Log()
	require.Len(t, log, 7)
	assert.Equal(t, sandbox.FaultStatus, log[1].Fault)
	assert.Equal(t, sandbox.FaultKind(""), log[2].Fault)
	assert.Equal(t, 503, log[1].Status)
}

func TestFaultRetryAfterValues(t *testing.T) {
	s := faulty(t, sandbox.Options{Rows: faultRows}, `status:code=429,page=1,times=1,retry-after=date+2s;`+
		`status:code=429,page=2,retry-after=1.5;status:code=429,page=3,retry-after=-7;status:code=429,page=4,retry-after=date-1h`)
	r := page(t, s, 1)
	assert.Equal(t, http.StatusTooManyRequests, r.status)
	at, err := http.ParseTime(r.header.Get("Retry-After"))
	require.NoError(t, err, r.header.Get("Retry-After"))
	assert.WithinDuration(t, time.Now().Add(2*time.Second), at, 1500*time.Millisecond)
	assert.JSONEq(t, `{"error":"rate_limited","error_description":"API rate limit exceeded. Retry after the number of seconds given in the Retry-After header."}`, string(r.body))
	assert.Equal(t, "1.5", page(t, s, 2).header.Get("Retry-After"))
	assert.Equal(t, "-7", page(t, s, 3).header.Get("Retry-After"))
	past, err := http.ParseTime(page(t, s, 4).header.Get("Retry-After"))
	require.NoError(t, err)
	assert.True(t, past.Before(time.Now()))
}

func TestFaultReset(t *testing.T) {
	s := faulty(t, sandbox.Options{Rows: faultRows}, "reset:page=2,times=1")
	req := authed(t, s, s.URL()+"/time_entries?per_page=10&page=2")
	_, err := noReuse().Do(req)
	require.Error(t, err, "the connection is reset before any header")
	assert.Equal(t, http.StatusOK, page(t, s, 2).status, "the next attempt is answered")
	assert.Equal(t, 0, s.Log()[0].Status)
	assert.Equal(t, sandbox.FaultReset, s.Log()[0].Fault)
}

func TestFaultResetBody(t *testing.T) {
	s := faulty(t, sandbox.Options{Rows: faultRows}, "reset-body:page=2")
	resp, err := noReuse().Do(authed(t, s, s.URL()+"/time_entries?per_page=10&page=2"))
	require.NoError(t, err, "the headers arrive")
	defer resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Positive(t, resp.ContentLength, "the full length is announced")
	body, err := io.ReadAll(resp.Body)
	require.Error(t, err, "the body fails in the middle")
	assert.Less(t, int64(len(body)), resp.ContentLength)
}

func TestFaultTruncateEndsCleanly(t *testing.T) {
	s := faulty(t, sandbox.Options{Rows: faultRows}, "truncate:page=3")
	full := get(t, start(t, sandbox.Options{Rows: faultRows}), "/time_entries?per_page=10&page=3").body
	resp, err := noReuse().Do(authed(t, s, s.URL()+"/time_entries?per_page=10&page=3"))
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, int64(-1), resp.ContentLength, "no Content-Length")
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err, "a clean EOF")
	assert.Equal(t, full[:len(full)/2], body, "the first half of the page")
	assert.False(t, json.Valid(body))
}

func TestFaultStalls(t *testing.T) {
	s := faulty(t, sandbox.Options{Rows: faultRows}, "stall:page=2,delay=300ms;stall:page=3,delay=20s;stall-body:page=4,delay=300ms")
	began := time.Now()
	assert.Equal(t, http.StatusOK, page(t, s, 2).status)
	assert.GreaterOrEqual(t, time.Since(began), 300*time.Millisecond)

	c := &http.Client{Timeout: 200 * time.Millisecond, Transport: &http.Transport{}}
	_, err := c.Do(authed(t, s, s.URL()+"/time_entries?per_page=10&page=3"))
	var ne interface{ Timeout() bool }
	require.True(t, errors.As(err, &ne) && ne.Timeout(), "a stall longer than the client's timeout: %v", err)
	require.Eventually(t, func() bool {
		log := s.Log()
		return len(log) == 2 && log[1].Status == 499
	}, 5*time.Second, 10*time.Millisecond, "the stalled request ends when the client leaves")

	resp, err := noReuse().Do(authed(t, s, s.URL()+"/time_entries?per_page=10&page=4"))
	require.NoError(t, err, "the headers come at once")
	headers := time.Now()
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(headers), 250*time.Millisecond, "the body waits in the middle")
	assert.True(t, json.Valid(body))
}

func TestFaultRedirectToOtherHostRecordsCredentials(t *testing.T) {
	s := faulty(t, sandbox.Options{Rows: faultRows}, "redirect:code=307,page=2")
	other, err := url.Parse(s.OtherURL())
	require.NoError(t, err)
	base, _ := url.Parse(s.URL())
	assert.Equal(t, base.Hostname(), other.Hostname(), "loopback too")
	assert.NotEqual(t, base.Host, other.Host, "but another host:port")

	req := authed(t, s, s.URL()+"/time_entries?per_page=10&page=2")
	resp, err := noFollow().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusTemporaryRedirect, resp.StatusCode)
	loc := resp.Header.Get("Location")
	assert.Equal(t, s.OtherURL()+"/time_entries?per_page=10&page=2", loc, "the same request on the other host")

	// A client that follows with its credentials gives them away, and
	// gets bogus rows.
	leak, err := http.NewRequest(http.MethodGet, loc+"&access_token=xyz", nil)
	require.NoError(t, err)
	leak.Header.Set("Authorization", "Bearer "+s.Options().Token)
	resp, err = http.DefaultClient.Do(leak)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var env struct {
		TimeEntries []idRec `json:"time_entries"`
		Links       struct {
			Next *string `json:"next"`
		} `json:"links"`
	}
	require.NoError(t, json.Unmarshal(body, &env), "%s", body)
	assert.Equal(t, []int64{990000000001, 990000000002, 990000000003}, recIDs(env.TimeEntries))
	assert.Nil(t, env.Links.Next)
	got := s.OtherRequests()
	require.Len(t, got, 1)
	assert.Equal(t, "Bearer "+s.Options().Token, got[0].Authorization)
	assert.Equal(t, "Bearer", got[0].AuthScheme())
	assert.Equal(t, []string{"access_token"}, got[0].CredentialParams)
	assert.Equal(t, "REDACTED", got[0].Query.Get("access_token"))
	assert.Equal(t, "/v2/time_entries", got[0].Path)
}

func TestFaultRedirectSameHost(t *testing.T) {
	s := faulty(t, sandbox.Options{Rows: faultRows}, "redirect-same:hops=3,code=301,page=2")
	next := s.URL() + "/time_entries?per_page=10&page=2"
	for hop := 1; hop <= 3; hop++ {
		resp, err := noFollow().Do(authed(t, s, next))
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusMovedPermanently, resp.StatusCode, "hop %d", hop)
		next = resp.Header.Get("Location")
		assert.True(t, strings.HasPrefix(next, s.URL()+"/time_entries?"), next)
	}
	r := get(t, s, next)
	assert.Equal(t, http.StatusOK, r.status)
	want := decodeList[idRec](t, "time_entries", page(t, start(t, sandbox.Options{Rows: faultRows}), 2))
	got := decodeList[idRec](t, "time_entries", r)
	assert.Equal(t, recIDs(want.Records), recIDs(got.Records), "the page at the end of the chain")
	require.NotNil(t, got.Links.Next)
	assert.NotContains(t, string(r.body), "sbx_hop", "the hop marker stays out of the links")

	loop := faulty(t, sandbox.Options{Rows: faultRows}, "redirect-loop")
	_, err := http.DefaultClient.Do(authed(t, loop, loop.URL()+"/time_entries"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "stopped after 10 redirects")
	assert.Empty(t, loop.OtherRequests())
}

func TestFaultGzipBomb(t *testing.T) {
	s := faulty(t, sandbox.Options{Rows: faultRows}, "gzip-bomb:page=2")
	c := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	resp, err := c.Do(authed(t, s, s.URL()+"/time_entries?per_page=10&page=2"))
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, "gzip", resp.Header.Get("Content-Encoding"))
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Less(t, len(raw), 1<<20, "a small body")
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	require.NoError(t, err)
	head := make([]byte, 18)
	_, err = io.ReadFull(zr, head)
	require.NoError(t, err)
	assert.Equal(t, `{"time_entries":[ `, string(head))
	n, err := io.Copy(io.Discard, zr)
	require.NoError(t, err)
	assert.Greater(t, n+18, int64(64<<20), "inflates past the driver's 64 MiB limit")
}

func TestFaultRevokeAPIKey(t *testing.T) {
	for _, p := range []string{"harvest", "aircall", "aha"} {
		t.Run(p, func(t *testing.T) {
			s := faulty(t, sandbox.Options{Provider: p, Rows: 60}, "revoke:page=2")
			list := listPath(p)
			assert.Equal(t, http.StatusOK, providerGet(t, s, list+"?per_page=10&page=1").StatusCode)
			resp := providerGet(t, s, list+"?per_page=10&page=2")
			assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
			assert.Equal(t, http.StatusUnauthorized, providerGet(t, s, list+"?per_page=10&page=1").StatusCode, "revoked for good")
		})
	}
}

func TestFaultRevokeOAuthRefreshGoesOn(t *testing.T) {
	for _, p := range []string{"harvest", "aha"} {
		t.Run(p, func(t *testing.T) {
			s := faulty(t, sandbox.Options{Provider: p, Rows: 60}, "revoke:page=3")
			access, refresh := faultCodeFlow(t, s)
			list := s.URL() + listPath(p) + "?per_page=10&page="
			call := func(n int, tok string) int {
				req, err := http.NewRequest(http.MethodGet, list+strconv.Itoa(n), nil)
				require.NoError(t, err)
				req.Header.Set("User-Agent", "saasapi-tests")
				req.Header.Set("Harvest-Account-Id", s.Options().AccountID)
				req.Header.Set("Authorization", "Bearer "+tok)
				resp, err := http.DefaultClient.Do(req)
				require.NoError(t, err)
				resp.Body.Close()
				return resp.StatusCode
			}
			assert.Equal(t, 200, call(2, access))
			assert.Equal(t, 401, call(3, access), "the access token expired at page 3")
			a := postToken(t, s, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}}, false)
			require.Equal(t, 200, a.status, a.raw)
			fresh := a.body["access_token"].(string)
			assert.Equal(t, 200, call(3, fresh), "the refreshed token goes on")
			assert.Equal(t, 200, call(4, fresh))
			assert.Equal(t, 401, call(4, s.Options().Token), "the API key is revoked too")
		})
	}
}

// faultCodeFlow runs the authorization-code grant by hand.
func faultCodeFlow(t *testing.T, s *sandbox.Server) (access, refresh string) {
	t.Helper()
	const redirect = "http://127.0.0.1:1/callback"
	authURL, _ := s.OAuthURLs()
	resp, err := noFollow().Get(authURL + "?" + url.Values{"client_id": {s.Options().ClientID}, "redirect_uri": {redirect}, "response_type": {"code"}}.Encode())
	require.NoError(t, err)
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	a := postToken(t, s, url.Values{"grant_type": {"authorization_code"}, "code": {loc.Query().Get("code")}, "redirect_uri": {redirect}}, false)
	require.Equal(t, 200, a.status, a.raw)
	refresh, _ = a.body["refresh_token"].(string)
	return a.body["access_token"].(string), refresh
}

func listPath(provider string) string {
	switch provider {
	case "aircall":
		return "/calls"
	case "aha":
		return "/features"
	}
	return "/time_entries"
}

// providerGet sends a GET with the provider's static credentials.
func providerGet(t *testing.T, s *sandbox.Server, path string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL()+path, nil)
	require.NoError(t, err)
	req.Header.Set("User-Agent", "saasapi-tests")
	switch s.Options().Provider {
	case "aircall":
		req.SetBasicAuth(s.Options().AccountID, s.Options().Token)
	default:
		req.Header.Set("Authorization", "Bearer "+s.Options().Token)
		req.Header.Set("Harvest-Account-Id", s.Options().AccountID)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// walk follows a provider's next links (or page numbers up to the end of
// the data for Aha!) from the first page and returns every record id and
// the pages read; max bounds the walk.
func walk(t *testing.T, s *sandbox.Server, max int) (ids []string, pages []map[string]json.RawMessage) {
	t.Helper()
	p := s.Options().Provider
	key := strings.TrimPrefix(listPath(p), "/")
	next := s.URL() + listPath(p) + "?per_page=10&page=1"
	for n := 1; next != "" && n <= max; n++ {
		resp := providerGet(t, s, strings.TrimPrefix(next, s.URL()))
		require.Equal(t, http.StatusOK, resp.StatusCode)
		var m map[string]json.RawMessage
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
		pages = append(pages, m)
		var recs []struct {
			ID json.Number `json:"id"`
		}
		require.NoError(t, json.Unmarshal(m[key], &recs))
		for _, r := range recs {
			ids = append(ids, r.ID.String())
		}
		next = nextOf(t, p, m)
		if p == "aha" {
			next = ""
			if len(recs) > 0 {
				next = s.URL() + listPath(p) + "?per_page=10&page=" + strconv.Itoa(n+1)
			}
		}
	}
	return ids, pages
}

func nextOf(t *testing.T, provider string, m map[string]json.RawMessage) string {
	var next struct {
		Links struct {
			Next *string `json:"next"`
		} `json:"links"`
		Meta struct {
			Next *string `json:"next_page_link"`
		} `json:"meta"`
	}
	raw, _ := json.Marshal(m)
	require.NoError(t, json.Unmarshal(raw, &next))
	switch {
	case provider == "aircall" && next.Meta.Next != nil:
		return *next.Meta.Next
	case next.Links.Next != nil:
		return *next.Links.Next
	}
	return ""
}

// truth is every record id of the provider's listing, in no given order.
func truth(t *testing.T, s *sandbox.Server) []string {
	t.Helper()
	var out []string
	switch s.Options().Provider {
	case "aircall":
		for _, c := range s.AircallData().Calls {
			out = append(out, strconv.FormatInt(c.ID, 10))
		}
	case "aha":
		for _, f := range s.AhaData().Features {
			out = append(out, f.ID)
		}
	default:
		for _, e := range s.Dataset().TimeEntries {
			out = append(out, strconv.FormatInt(e.ID, 10))
		}
	}
	return out
}

func TestFaultListingShapes(t *testing.T) {
	for _, p := range []string{"harvest", "aircall", "aha"} {
		t.Run(p, func(t *testing.T) {
			opts := sandbox.Options{Provider: p, Rows: faultRows}
			all := truth(t, start(t, opts))
			require.Len(t, all, faultRows)

			// No fault configured that shapes pages: the same listing.
			plain, pages := walk(t, faulty(t, opts, "status:page=99"), 50)
			assert.ElementsMatch(t, all, plain)
			assert.Len(t, pages, 5+map[bool]int{true: 1}[p == "aha"])

			// Empty pages with next links, then the data goes on.
			got, pages := walk(t, faulty(t, opts, "empty:page=2,count=2"), 50)
			if p != "aha" { // Aha! has no next link: an empty page ends a walk
				assert.ElementsMatch(t, all, got, "complete after the empty pages")
				assert.Len(t, pages, 7)
				assert.JSONEq(t, "[]", string(pages[1][strings.TrimPrefix(listPath(p), "/")]))
			}

			// Duplicates: every record, three of them twice.
			got, _ = walk(t, faulty(t, opts, "duplicate:page=2,count=3"), 50)
			assert.Len(t, got, faultRows+3)
			assert.ElementsMatch(t, all, dedupe(got))

			// Missing records: three never listed, the counters still say 45.
			s := faulty(t, opts, "skip:page=3,count=3")
			got, pages = walk(t, s, 50)
			assert.Len(t, got, faultRows-3)
			assert.Subset(t, all, got)
			assert.Equal(t, faultRows, total(t, p, pages[0]))
		})
	}
}

func dedupe(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// total reads a page's count of records.
func total(t *testing.T, provider string, m map[string]json.RawMessage) int {
	var c struct {
		TotalEntries int `json:"total_entries"`
		Meta         struct {
			Total int `json:"total"`
		} `json:"meta"`
		Pagination struct {
			TotalRecords int `json:"total_records"`
			TotalPages   int `json:"total_pages"`
		} `json:"pagination"`
	}
	raw, _ := json.Marshal(m)
	require.NoError(t, json.Unmarshal(raw, &c))
	switch provider {
	case "aircall":
		return c.Meta.Total
	case "aha":
		return c.Pagination.TotalRecords
	}
	return c.TotalEntries
}

func TestFaultNextLinks(t *testing.T) {
	for _, p := range []string{"harvest", "aircall"} {
		t.Run(p, func(t *testing.T) {
			opts := sandbox.Options{Provider: p, Rows: faultRows}
			s := faulty(t, opts, "cycle:page=3,to=1")
			_, pages := walk(t, s, 8)
			require.Len(t, pages, 8, "the walk never ends")
			next, _ := url.Parse(nextOf(t, p, pages[2]))
			assert.Equal(t, "1", next.Query().Get("page"), "page 3 links back to page 1")

			s = faulty(t, opts, "offhost-next:page=2")
			_, pages = walk(t, s, 1)
			assert.True(t, strings.HasPrefix(nextOf(t, p, pages[0]), s.URL()), "page 1 stays")
			resp := providerGet(t, s, listPath(p)+"?per_page=10&page=2")
			var m map[string]json.RawMessage
			require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
			assert.True(t, strings.HasPrefix(nextOf(t, p, m), s.OtherURL()+listPath(p)+"?"), nextOf(t, p, m))

			s = faulty(t, opts, "no-next:page=2")
			got, pages := walk(t, s, 50)
			assert.Len(t, pages, 2, "the walk stops at page 2")
			assert.Len(t, got, 20)
			assert.Equal(t, faultRows, total(t, p, pages[1]), "though the counters say more")

			s = faulty(t, opts, "empty-forever:page=3")
			got, pages = walk(t, s, 40)
			assert.Len(t, pages, 40, "empty pages with next links without end")
			assert.Len(t, got, 20)
		})
	}
}

func TestFaultTotalPagesTooSmall(t *testing.T) {
	s := faulty(t, sandbox.Options{Provider: "aha", Rows: 77}, "total-pages:count=2")
	got, pages := walk(t, s, 50)
	assert.Len(t, got, 77, "the records are all there")
	var pg struct {
		Pagination struct {
			TotalPages int `json:"total_pages"`
		} `json:"pagination"`
	}
	raw, _ := json.Marshal(pages[0])
	require.NoError(t, json.Unmarshal(raw, &pg))
	assert.Equal(t, 6, pg.Pagination.TotalPages, "8 pages, reported as 6")
}

func TestFaultProbabilityIsSeeded(t *testing.T) {
	pattern := func(seed int64) string {
		s := faulty(t, sandbox.Options{Rows: 200, FaultSeed: seed}, "status:code=500,p=0.5,times=1")
		var b strings.Builder
		for n := 1; n <= 20; n++ {
			b.WriteString(map[bool]string{true: "x", false: "."}[page(t, s, n).status == 500])
			assert.Equal(t, http.StatusOK, page(t, s, n).status, "times=1: the second attempt is answered")
		}
		return b.String()
	}
	a := pattern(7)
	assert.Equal(t, a, pattern(7), "the same seed faults the same attempts")
	assert.NotEqual(t, a, pattern(8))
	assert.Contains(t, a, "x")
	assert.Contains(t, a, ".")
}

func TestFaultsLeaveOAuthAndAccountsAlone(t *testing.T) {
	s := faulty(t, sandbox.Options{Rows: 10}, "status:code=500")
	access, _ := faultCodeFlow(t, s)
	_, tokenURL := s.OAuthURLs()
	req, err := http.NewRequest(http.MethodGet, strings.TrimSuffix(tokenURL, "/oauth2/token")+"/accounts", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+access)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, http.StatusInternalServerError, page(t, s, 1).status)
}

func authed(t *testing.T, s *sandbox.Server, rawURL string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	require.NoError(t, err)
	req.Header.Set("User-Agent", "saasapi-tests")
	req.Header.Set("Authorization", "Bearer "+s.Options().Token)
	req.Header.Set("Harvest-Account-Id", s.Options().AccountID)
	return req
}

// noReuse is a client with a fresh connection per request, so the
// transport does not retry a reset on a reused connection by itself.
func noReuse() *http.Client {
	return &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
}

func noFollow() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// TestFaultPagesOfACursorListing: a listing paged by cursors numbers its
// pages in the order the cursors come, so page=2 is the first cursor.
func TestFaultPagesOfACursorListing(t *testing.T) {
	s := faulty(t, sandbox.Options{Rows: 400}, "status:code=500,page=2,times=1")
	first := decodeList[idRec](t, "projects", get(t, s, "/projects?per_page=3"))
	require.NotNil(t, first.Links.Next)
	require.Contains(t, *first.Links.Next, "cursor=")
	assert.Equal(t, http.StatusInternalServerError, get(t, s, *first.Links.Next).status, "the second page")
	second := decodeList[idRec](t, "projects", get(t, s, *first.Links.Next))
	require.NotNil(t, second.Links.Next)
	assert.Equal(t, http.StatusOK, get(t, s, *second.Links.Next).status, "the third page")
}
