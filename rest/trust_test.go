package rest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/saasapi/saasapi/providers/aha"
	"github.com/saasapi/saasapi/providers/harvest"
	"github.com/saasapi/saasapi/rest"
	"github.com/saasapi/saasapi/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// authed adds a bearer token to every request, as the auth transports do.
type authed struct{ base http.RoundTripper }

func (a authed) RoundTrip(r *http.Request) (*http.Response, error) {
	r2 := r.Clone(r.Context())
	r2.Header.Set("Authorization", "Bearer secret-token-123")
	return a.base.RoundTrip(r2)
}

// recorder is another host: it records the Authorization header of every
// request it receives and answers a page of rows nobody asked for.
type recorder struct {
	srv   *httptest.Server
	mu    sync.Mutex
	auths []string
}

func newRecorder(t *testing.T) *recorder {
	r := &recorder{}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.auths = append(r.auths, req.Header.Get("Authorization"))
		r.mu.Unlock()
		fmt.Fprint(w, `{"tasks":[{"id":666,"name":"not yours"}],"links":{"next":null}}`)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *recorder) requests() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.auths...)
}

func clientOn(t *testing.T, p *schema.Provider, base string) *rest.Client {
	t.Helper()
	c, err := rest.New(rest.Config{Provider: p, Settings: map[string]string{"AccountId": "42", "APIKey": "secret-token-123", "BaseURL": base},
		HTTPClient: &http.Client{Transport: authed{http.DefaultTransport}}, MaxRetryWait: 20 * time.Millisecond})
	require.NoError(t, err)
	return c
}

func TestRedirectToAnotherHostIsNotFollowed(t *testing.T) {
	for _, status := range []int{301, 302, 303, 307, 308} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			other := newRecorder(t)
			api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, other.srv.URL+"/v2/tasks?page=1", status)
			}))
			defer api.Close()
			p := harvest.Provider()
			c := clientOn(t, p, api.URL+"/v2")
			rows, err := all(t, c, list(p, "tasks"))
			require.Error(t, err)
			assert.ErrorIs(t, err, rest.ErrRedirect)
			var re *rest.RedirectError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, status, re.Status)
			assert.Contains(t, err.Error(), strings.TrimPrefix(api.URL, "http://"), "names the API's host")
			assert.Contains(t, err.Error(), strings.TrimPrefix(other.srv.URL, "http://"), "names the other host")
			assert.NotContains(t, err.Error(), "secret-token-123")
			assert.Empty(t, rows)
			assert.Empty(t, other.requests(), "the other host received nothing, so no credential")
		})
	}
}

func TestRedirectOnTheSameHostIsFollowedTenTimes(t *testing.T) {
	var hops atomic.Int32
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("hop"))
		if r.Header.Get("Authorization") != "Bearer secret-token-123" {
			w.WriteHeader(401)
			return
		}
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		if n < limit {
			hops.Add(1)
			http.Redirect(w, r, fmt.Sprintf("/v2/tasks?hop=%d&limit=%d", n+1, limit), http.StatusFound)
			return
		}
		fmt.Fprint(w, `{"tasks":[{"id":1,"name":"a"}],"links":{"next":null}}`)
	}))
	defer api.Close()
	p := harvest.Provider()
	c := clientOn(t, p, api.URL+"/v2")
	r := list(p, "tasks")
	r.Query = map[string][]string{"limit": {"10"}}
	rows, err := all(t, c, r)
	require.NoError(t, err, "ten redirects on the same host are followed, with the credentials")
	assert.Len(t, rows, 1)
	assert.EqualValues(t, 10, hops.Load())

	r.Query = map[string][]string{"limit": {"11"}}
	_, err = all(t, c, r)
	require.ErrorIs(t, err, rest.ErrRedirect, "the eleventh is not")
	assert.Contains(t, err.Error(), "more than 10")
}

// harvestPages serves n pages of `per` tasks each through links.next, with
// a hook to rewrite each page.
func harvestPages(t *testing.T, n, per int, rewrite func(page int, host string, body map[string]any)) (*httptest.Server, *atomic.Int32) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		page = max(page, 1)
		var tasks []string
		for i := range per {
			id := (page-1)*per + i + 1
			tasks = append(tasks, fmt.Sprintf(`{"id":%d,"name":"t%d"}`, id, id))
		}
		body := map[string]any{"tasks": tasks, "next": "", "total_entries": n * per, "total_pages": n}
		if page < n {
			body["next"] = fmt.Sprintf("http://%s/v2/tasks?page=%d", r.Host, page+1)
		}
		if rewrite != nil {
			rewrite(page, r.Host, body)
		}
		next := "null"
		if s, _ := body["next"].(string); s != "" {
			next = strconv.Quote(s)
		}
		fmt.Fprintf(w, `{"tasks":[%s],"per_page":%d,"total_entries":%d,"total_pages":%d,"links":{"next":%s}}`,
			strings.Join(body["tasks"].([]string), ","), per, body["total_entries"], body["total_pages"], next)
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

func pagedClient(t *testing.T, srv *httptest.Server, per int) (*rest.Client, *rest.Request) {
	p := harvest.Provider()
	c, err := rest.New(rest.Config{Provider: p, Settings: map[string]string{"AccountId": "42", "APIKey": "k", "BaseURL": srv.URL + "/v2"},
		PageSize: per, MaxRetryWait: 20 * time.Millisecond})
	require.NoError(t, err)
	return c, list(p, "tasks")
}

func TestNextLinkCycleIsAnError(t *testing.T) {
	srv, calls := harvestPages(t, 5, 3, func(page int, host string, body map[string]any) {
		if page == 3 {
			body["next"] = fmt.Sprintf("http://%s/v2/tasks?page=2", host) // back to page 2
		}
	})
	c, r := pagedClient(t, srv, 3)
	r.Query = nil
	rows, err := all(t, c, r)
	require.ErrorIs(t, err, rest.ErrPagination)
	assert.Contains(t, err.Error(), "tasks")
	assert.Contains(t, err.Error(), "cycles")
	assert.Len(t, rows, 9, "the pages read before the cycle")
	assert.EqualValues(t, 3, calls.Load(), "page 2 is not requested again")
}

func TestEmptyPagesWithANextLinkAreFollowed(t *testing.T) {
	srv, _ := harvestPages(t, 6, 3, func(page int, host string, body map[string]any) {
		body["total_entries"] = 12 // the API's count agrees with its pages
		if page == 2 || page == 3 {
			body["tasks"] = []string{}
		}
	})
	c, r := pagedClient(t, srv, 3)
	rows, err := all(t, c, r)
	require.NoError(t, err)
	assert.Len(t, rows, 12, "pages 4 to 6 after two empty ones")

	srv, calls := harvestPages(t, 20, 3, func(page int, host string, body map[string]any) {
		if page > 1 {
			body["tasks"] = []string{}
		}
	})
	c, r = pagedClient(t, srv, 3)
	_, err = all(t, c, r)
	require.ErrorIs(t, err, rest.ErrPagination, "a run of empty pages ends in an error")
	assert.Contains(t, err.Error(), "empty pages in a row")
	assert.EqualValues(t, 1+rest.MaxEmptyRun+1, calls.Load())
}

func TestListingThatEndsBeforeItsCountersIsAnError(t *testing.T) {
	srv, _ := harvestPages(t, 10, 3, func(page int, host string, body map[string]any) {
		if page == 4 {
			body["next"] = "" // the link is missing while 6 pages remain
		}
	})
	c, r := pagedClient(t, srv, 3)
	rows, err := all(t, c, r)
	require.ErrorIs(t, err, rest.ErrPagination)
	assert.Contains(t, err.Error(), "ended after 4 of the 10 pages")
	assert.Len(t, rows, 12)
}

func TestListingWithFewerRecordsThanAnnouncedIsAnError(t *testing.T) {
	srv, _ := harvestPages(t, 3, 3, func(page int, host string, body map[string]any) {
		if page == 2 { // a record was deleted while paging: one is skipped
			body["tasks"] = body["tasks"].([]string)[1:]
		}
	})
	c, r := pagedClient(t, srv, 3)
	rows, err := all(t, c, r)
	require.ErrorIs(t, err, rest.ErrPagination)
	assert.Contains(t, err.Error(), "8 of the 9 records")
	assert.Len(t, rows, 8)
}

func TestListingLongerThanItsCountersStops(t *testing.T) {
	srv, calls := harvestPages(t, 1000, 1, func(page int, host string, body map[string]any) {
		if page == 1 {
			body["total_entries"], body["total_pages"] = 3, 3
		}
	})
	c, r := pagedClient(t, srv, 1)
	_, err := all(t, c, r)
	require.ErrorIs(t, err, rest.ErrPagination)
	assert.Contains(t, err.Error(), "announced 3")
	assert.Less(t, calls.Load(), int32(10), "stops within the margin")
}

func TestDuplicateKeysAcrossPagesAreDropped(t *testing.T) {
	srv, _ := harvestPages(t, 3, 3, func(page int, host string, body map[string]any) {
		if page == 2 { // a record was added while paging: the last row of page 1 comes again
			body["tasks"] = append([]string{`{"id":3,"name":"t3"}`}, body["tasks"].([]string)...)
		}
	})
	c, r := pagedClient(t, srv, 3)
	pager, err := c.Pages(r)
	require.NoError(t, err)
	var ids []int64
	for {
		page, err := pager.Next(context.Background())
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		for _, row := range page.Rows {
			ids = append(ids, row[0].(int64))
		}
	}
	assert.Equal(t, []int64{1, 2, 3, 4, 5, 6, 7, 8, 9}, ids, "each key once")
	assert.Equal(t, 1, pager.Duplicates())
}

// ahaPages serves a page-numbered listing of total features, per page,
// announcing pages pages.
func ahaPages(t *testing.T, total, per, pages int) (*rest.Client, *rest.Request, *atomic.Int32) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		var feats []string
		for id := (page-1)*per + 1; id <= min(page*per, total); id++ {
			feats = append(feats, fmt.Sprintf(`{"id":"%d","name":"f"}`, id))
		}
		fmt.Fprintf(w, `{"features":[%s],"pagination":{"total_records":%d,"total_pages":%d,"current_page":%d}}`,
			strings.Join(feats, ","), total, pages, page)
	}))
	t.Cleanup(srv.Close)
	p := aha.Provider()
	c, err := rest.New(rest.Config{Provider: p, Settings: map[string]string{"Domain": "x", "APIKey": "k", "BaseURL": srv.URL + "/api/v1"}, PageSize: per})
	require.NoError(t, err)
	tbl, _ := p.Table("features")
	for i := range tbl.Paths {
		if len(tbl.Paths[i].Keys) == 0 {
			return c, &rest.Request{Table: tbl, Path: &tbl.Paths[i]}, &calls
		}
	}
	t.Fatal("features has no listing")
	return nil, nil, nil
}

func TestPageNumbersReadUntilAShortPage(t *testing.T) {
	for _, workers := range []int{1, 4} {
		t.Run(fmt.Sprint("workers=", workers), func(t *testing.T) {
			c, r, _ := ahaPages(t, 777, 100, 6) // total_pages two too small
			pager, err := c.Pages(r)
			require.NoError(t, err)
			pager.Concurrent(workers)
			seen := map[string]bool{}
			for {
				page, err := pager.Next(context.Background())
				if err == io.EOF {
					break
				}
				require.NoError(t, err)
				for _, row := range page.Rows {
					seen[row[0].(string)] = true
				}
			}
			assert.Len(t, seen, 777, "every record, though total_pages said 6")
		})
	}
	c, r, calls := ahaPages(t, 300, 100, 3)
	rows, err := all(t, c, r)
	require.NoError(t, err)
	assert.Len(t, rows, 300)
	assert.EqualValues(t, 3, calls.Load(), "a full last page that reaches the announced total ends the listing")
}

// flaky fails the first attempt at each page in the given way, then
// answers.
func TestBodyFailuresAreRetriedWithoutDuplicates(t *testing.T) {
	modes := map[string]func(w http.ResponseWriter, body string){
		"reset mid-body": func(w http.ResponseWriter, body string) {
			conn, buf, _ := w.(http.Hijacker).Hijack()
			fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body), body[:len(body)/2])
			buf.Flush()
			if tc, ok := conn.(*net.TCPConn); ok {
				tc.SetLinger(0)
			}
			conn.Close()
		},
		"truncated with a clean EOF": func(w http.ResponseWriter, body string) {
			w.Header().Set("Content-Type", "application/json")
			w.(http.Flusher).Flush() // chunked: no length to check
			io.WriteString(w, body[:len(body)-5])
		},
		"reset before the headers": func(w http.ResponseWriter, body string) {
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
		},
	}
	for name, fail := range modes {
		t.Run(name, func(t *testing.T) {
			var mu sync.Mutex
			tried := map[string]bool{}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				page, _ := strconv.Atoi(r.URL.Query().Get("page"))
				page = max(page, 1)
				next := "null"
				if page < 3 {
					next = fmt.Sprintf(`"http://%s/v2/tasks?page=%d"`, r.Host, page+1)
				}
				body := fmt.Sprintf(`{"tasks":[{"id":%d,"name":"a"},{"id":%d,"name":"b"}],"total_entries":6,"links":{"next":%s}}`, 2*page-1, 2*page, next)
				mu.Lock()
				first := !tried[r.URL.String()]
				tried[r.URL.String()] = true
				mu.Unlock()
				if first {
					fail(w, body)
					return
				}
				io.WriteString(w, body)
			}))
			defer srv.Close()
			c, r := pagedClient(t, srv, 2)
			rows, err := all(t, c, r)
			require.NoError(t, err)
			var ids []int64
			for _, row := range rows {
				ids = append(ids, row[0].(int64))
			}
			assert.Equal(t, []int64{1, 2, 3, 4, 5, 6}, ids, "every row once")
		})
	}
}

func TestPathKeysAreEscapedOnce(t *testing.T) {
	p := aha.Provider()
	var got []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.URL.Path)
		mu.Unlock()
		fmt.Fprint(w, `{"feature":{"id":"1","name":"f"}}`)
	}))
	defer srv.Close()
	c, err := rest.New(rest.Config{Provider: p, Settings: map[string]string{"Domain": "x", "APIKey": "k", "BaseURL": srv.URL + "/api/v1"}})
	require.NoError(t, err)
	tbl, _ := p.Table("features")
	var byID *schema.AccessPath
	for i := range tbl.Paths {
		if tbl.Paths[i].Single() {
			byID = &tbl.Paths[i]
		}
	}
	require.NotNil(t, byID)
	keys := []string{"a b", "a/b", "100%", "what?", "#1", "..", ".", "ünï", "a%2Fb"}
	for _, k := range keys {
		r := &rest.Request{Table: tbl, Path: byID, Keys: map[string]string{byID.Keys[0]: k}}
		_, err := all(t, c, r)
		require.NoError(t, err, k)
	}
	want := make([]string, len(keys))
	for i, k := range keys {
		want[i] = "/api/v1/features/" + k
	}
	assert.Equal(t, want, got, "the server decodes exactly the key, in one segment")
}

func TestEmptyPathKeySendsNothing(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) }))
	defer srv.Close()
	p := aha.Provider()
	c, err := rest.New(rest.Config{Provider: p, Settings: map[string]string{"Domain": "x", "APIKey": "k", "BaseURL": srv.URL}})
	require.NoError(t, err)
	tbl, _ := p.Table("features")
	for i := range tbl.Paths {
		if tbl.Paths[i].Single() {
			rows, err := all(t, c, &rest.Request{Table: tbl, Path: &tbl.Paths[i], Keys: map[string]string{tbl.Paths[i].Keys[0]: ""}})
			require.NoError(t, err)
			assert.Empty(t, rows)
		}
	}
	assert.Zero(t, calls.Load(), "an empty key addresses no record: /features/ would be the listing")
}

func TestBaseURLErrorsHideCredentials(t *testing.T) {
	for _, base := range []string{
		"https://user:hunter2-pass@proxy.example/v2",
		"https://proxy.example/v2?api_key=hunter2-pass",
		"http://user:hunter2-pass@example.com/v2",
		"ftp://user:hunter2-pass@example.com/",
	} {
		_, err := rest.New(rest.Config{Provider: harvest.Provider(), Settings: map[string]string{"AccountId": "1", "APIKey": "k", "BaseURL": base}})
		require.ErrorIs(t, err, rest.ErrConfig, base)
		assert.NotContains(t, err.Error(), "hunter2", base)
		assert.Contains(t, err.Error(), "BaseURL")
	}
}

func TestClientFormatsHideSecrets(t *testing.T) {
	c, err := rest.New(rest.Config{Provider: harvest.Provider(), Settings: map[string]string{"AccountId": "1", "APIKey": "hunter2-key", "BaseURL": "https://api.example/v2"}})
	require.NoError(t, err)
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		out := fmt.Sprintf(f, c)
		assert.NotContains(t, out, "hunter2", f)
		assert.Contains(t, out, "harvest", f)
	}
	var _ = errors.New
}

// refusing is a transport that refuses every request before sending it,
// as the auth transports do for a host outside their scope.
type refusing struct{ calls *atomic.Int32 }

func (r refusing) RoundTrip(*http.Request) (*http.Response, error) {
	r.calls.Add(1)
	return nil, errors.New("credentials refused for this host")
}

func TestRefusedRequestsAreNotRetried(t *testing.T) {
	var calls atomic.Int32
	p := harvest.Provider()
	c, err := rest.New(rest.Config{Provider: p, Settings: map[string]string{"AccountId": "1", "APIKey": "k", "BaseURL": "https://api.example/v2"},
		HTTPClient: &http.Client{Transport: refusing{&calls}}, MaxRetryWait: time.Second})
	require.NoError(t, err)
	_, err = all(t, c, list(p, "tasks"))
	var te *rest.TransportError
	require.ErrorAs(t, err, &te)
	assert.Contains(t, err.Error(), "credentials refused")
	assert.EqualValues(t, 1, calls.Load(), "the same request would be refused again")
}

// TestDuplicatesAreFoundAcrossRecentPagesOnly: a row repeated on a
// neighbouring page is dropped however long the listing; memory holds the
// keys of the first page and of the recent ones only.
func TestDuplicatesAreFoundAcrossRecentPagesOnly(t *testing.T) {
	srv, _ := harvestPages(t, 200, 5, func(page int, host string, body map[string]any) {
		body["total_entries"] = 200 * 5
		if page > 1 && page%10 == 0 { // the last row of the page before comes again
			dup := fmt.Sprintf(`{"id":%d,"name":"t"}`, (page-1)*5)
			body["tasks"] = append([]string{dup}, body["tasks"].([]string)...)
		}
	})
	c, r := pagedClient(t, srv, 5)
	pager, err := c.Pages(r)
	require.NoError(t, err)
	n := 0
	for {
		page, err := pager.Next(context.Background())
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		n += len(page.Rows)
	}
	assert.Equal(t, 1000, n)
	assert.Equal(t, 20, pager.Duplicates(), "pages 10, 20, … 200 each repeat a row")
}
