package sandbox

import (
	"bytes"
	"cmp"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	jsonType = "application/json; charset=utf-8"
	htmlType = "text/html; charset=utf-8"
)

// Bodies of the fixed errors, as the real API sends them.
const (
	invalidTokenBody = `{"error":"invalid_token","error_description":"The access token provided is expired, revoked, malformed or invalid for other reasons."}`
	notFoundBody     = `{"status":404,"error":"Not Found"}`
	noUserAgentBody  = `{"error":"bad_request","error_description":"User-Agent header is required"}`
	readOnlyBody     = `{"error":"method_not_allowed","error_description":"The sandbox is read-only: only GET requests are supported."}`
	rateLimitedBody  = `{"error":"rate_limited","error_description":"API rate limit exceeded. Retry after the number of seconds given in the Retry-After header."}`
)

// response is a complete answer, built before anything is written.
type response struct {
	status      int
	contentType string
	header      map[string]string
	body        []byte
	form        url.Values // request body fields to log (OAuth token endpoint)
}

func jsonResponse(status int, body []byte) response {
	return response{status: status, contentType: jsonType, body: body}
}

func fixed(status int, body string) response { return jsonResponse(status, []byte(body)) }

func unprocessable(msg string) response {
	b, _ := marshal(struct {
		Message string `json:"message"`
	}{msg})
	return jsonResponse(http.StatusUnprocessableEntity, b)
}

// marshal encodes v as JSON without HTML escaping (so "&" in links stays
// readable) and without a trailing newline.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// filterSpec is one supported query parameter: parse validates the value
// and returns the predicate over API-order indexes.
type filterSpec struct {
	param string
	parse func(v string) (func(i int) bool, error)
	// run is +1 when the records any value keeps are a prefix of the
	// table's API order, -1 when they are a suffix, so that a binary
	// search finds them; 0 otherwise.
	run int
}

// api holds the encoded tables.
type api struct {
	tables     map[string]*table
	me         []byte
	company    []byte
	maxPerPage int
	ds         *Dataset
	users      map[int64]User
	budget     *encodeBudget   // bytes of encoded records kept
	selections *selectionCache // the filtered listings last served
}

func newAPI(ds *Dataset, opts Options) (*api, error) {
	a := &api{tables: map[string]*table{}, maxPerPage: opts.MaxPerPage,
		budget: newEncodeBudget(defaultEncodeBudget), selections: newSelectionCache(32)}

	byCreated := func(ca, cb string, ia, ib int64) int {
		return cmp.Or(strings.Compare(cb, ca), cmp.Compare(ib, ia))
	}

	entries := sortedOrder(ds.TimeEntries, func(a, b *TimeEntry) int {
		return cmp.Or(strings.Compare(b.SpentDate, a.SpentDate), cmp.Compare(b.ID, a.ID))
	})
	t := newTable("time_entries", false, entries, func(e *TimeEntry) int64 { return e.ID }, a.budget)
	upd := updatedTimes(entries, func(e *TimeEntry) string { return e.UpdatedAt })
	t.filters = []filterSpec{
		intEq("user_id", func(i int) int64 { return entries.at(i).User.ID }),
		intEq("client_id", func(i int) int64 { return entries.at(i).Client.ID }),
		intEq("project_id", func(i int) int64 { return entries.at(i).Project.ID }),
		intEq("task_id", func(i int) int64 { return entries.at(i).Task.ID }),
		{param: "external_reference_id", parse: func(v string) (func(int) bool, error) {
			return func(i int) bool {
				r := entries.at(i).ExternalReference
				return r != nil && r.ID == v
			}, nil
		}},
		boolEq("is_billed", func(i int) bool { return entries.at(i).IsBilled }),
		boolEq("is_running", func(i int) bool { return entries.at(i).IsRunning }),
		since(upd),
		dateRange("from", +1, entries.len(), func(i int) string { return entries.at(i).SpentDate }),
		dateRange("to", -1, entries.len(), func(i int) string { return entries.at(i).SpentDate }),
		enumEq("approval_status", []string{"unsubmitted", "submitted", "approved"},
			func(i int) string { return entries.at(i).ApprovalStatus }),
	}
	a.tables[t.name] = t

	projects := sortedOrder(ds.Projects, func(a, b *Project) int { return byCreated(a.CreatedAt, b.CreatedAt, a.ID, b.ID) })
	t = newTable("projects", true, projects, func(p *Project) int64 { return p.ID }, a.budget)
	t.filters = []filterSpec{
		boolEq("is_active", func(i int) bool { return projects.at(i).IsActive }),
		intEq("client_id", func(i int) int64 { return projects.at(i).Client.ID }),
		since(updatedTimes(projects, func(p *Project) string { return p.UpdatedAt })),
	}
	a.tables[t.name] = t

	clients := sortedOrder(ds.Clients, func(a, b *Client) int { return byCreated(a.CreatedAt, b.CreatedAt, a.ID, b.ID) })
	t = newTable("clients", false, clients, func(c *Client) int64 { return c.ID }, a.budget)
	t.filters = []filterSpec{
		boolEq("is_active", func(i int) bool { return clients.at(i).IsActive }),
		since(updatedTimes(clients, func(c *Client) string { return c.UpdatedAt })),
	}
	a.tables[t.name] = t

	users := sortedOrder(ds.Users, func(a, b *User) int { return byCreated(a.CreatedAt, b.CreatedAt, a.ID, b.ID) })
	t = newTable("users", true, users, func(u *User) int64 { return u.ID }, a.budget)
	t.filters = []filterSpec{
		boolEq("is_active", func(i int) bool { return users.at(i).IsActive }),
		since(updatedTimes(users, func(u *User) string { return u.UpdatedAt })),
	}
	a.tables[t.name] = t
	var err error
	if a.me, err = marshal(ds.Users[0]); err != nil {
		return nil, err
	}

	tasks := sortedOrder(ds.Tasks, func(a, b *Task) int { return byCreated(a.CreatedAt, b.CreatedAt, a.ID, b.ID) })
	t = newTable("tasks", false, tasks, func(t *Task) int64 { return t.ID }, a.budget)
	t.filters = []filterSpec{
		boolEq("is_active", func(i int) bool { return tasks.at(i).IsActive }),
		since(updatedTimes(tasks, func(t *Task) string { return t.UpdatedAt })),
	}
	a.tables[t.name] = t
	if err := a.addExtra(ds); err != nil {
		return nil, err
	}
	return a, nil
}

// updatedTimes returns the parsed update times of recs, in API order,
// parsed on first use.
func updatedTimes[T any](recs ordered[T], get func(*T) string) func() []time.Time {
	return sync.OnceValue(func() []time.Time {
		return mapOrdered(recs, func(r *T) time.Time { return mustDatetime(get(r)) })
	})
}

// Filter constructors.

func intEq(param string, get func(i int) int64) filterSpec {
	return filterSpec{param: param, parse: func(v string) (func(int) bool, error) {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s must be an integer, got %q", param, v)
		}
		return func(i int) bool { return get(i) == n }, nil
	}}
}

func boolEq(param string, get func(i int) bool) filterSpec {
	return filterSpec{param: param, parse: func(v string) (func(int) bool, error) {
		var want bool
		switch v {
		case "true":
			want = true
		case "false":
		default:
			return nil, fmt.Errorf("%s must be true or false, got %q", param, v)
		}
		return func(i int) bool { return get(i) == want }, nil
	}}
}

func enumEq(param string, allowed []string, get func(i int) string) filterSpec {
	return filterSpec{param: param, parse: func(v string) (func(int) bool, error) {
		if !slices.Contains(allowed, v) {
			return nil, fmt.Errorf("%s must be one of %s, got %q", param, strings.Join(allowed, ", "), v)
		}
		return func(i int) bool { return get(i) == v }, nil
	}}
}

// since is updated_since: records updated at or after the instant.
func since(times func() []time.Time) filterSpec {
	return filterSpec{param: "updated_since", parse: func(v string) (func(int) bool, error) {
		t, ok := parseDatetime(v)
		if !ok {
			return nil, fmt.Errorf("updated_since must be an ISO 8601 datetime such as 2024-03-01T10:00:00Z, got %q", v)
		}
		updated := times()
		return func(i int) bool { return !updated[i].Before(t) }, nil
	}}
}

// dateBound is from (dir > 0, date >= bound) or to (dir < 0, date <= bound);
// both inclusive.
func dateBound(param string, dir int, get func(i int) string) filterSpec {
	return filterSpec{param: param, parse: func(v string) (func(int) bool, error) {
		d, ok := parseDate(v)
		if !ok {
			return nil, fmt.Errorf("%s must be a date such as 2024-03-01 or 20240301, got %q", param, v)
		}
		return func(i int) bool { return strings.Compare(get(i), d)*dir >= 0 }, nil
	}}
}

// dateRange is dateBound over a table of n records whose dates never
// increase in API order (newest first): from keeps a prefix and to a
// suffix, found by binary search. Were the dates out of order, it is a
// plain dateBound.
func dateRange(param string, dir, n int, get func(i int) string) filterSpec {
	f := dateBound(param, dir, get)
	for i := 1; i < n; i++ {
		if get(i-1) < get(i) {
			return f
		}
	}
	f.run = dir
	return f
}

// parseDate accepts YYYY-MM-DD and YYYYMMDD and returns YYYY-MM-DD.
func parseDate(v string) (string, bool) {
	for _, layout := range []string{dateLayout, "20060102"} {
		if t, err := time.Parse(layout, v); err == nil {
			return fmtDate(t), true
		}
	}
	return "", false
}

// parseDatetime accepts ISO 8601 datetimes with or without a zone (UTC
// assumed) and plain dates (midnight UTC). A "+" of an offset that arrived
// unencoded (as a space) is restored.
func parseDatetime(v string) (time.Time, bool) {
	v = strings.ReplaceAll(strings.TrimSpace(v), " ", "+")
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02T15:04", dateLayout} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// lastValue returns the last non-empty value of a parameter, as Rails does
// when a parameter is repeated; empty values count as absent.
func lastValue(q url.Values, name string) string {
	vs := q[name]
	for i := len(vs) - 1; i >= 0; i-- {
		if vs[i] != "" {
			return vs[i]
		}
	}
	return ""
}

// answer routes a request: injected failures, the OAuth endpoints, then
// the provider's API.
func (s *Server) answer(r *http.Request) response {
	if status, retryAfter, ok := s.takeFailure(); ok {
		return s.injected(status, retryAfter)
	}
	return s.route(r)
}

// route answers a request from the OAuth endpoints or the provider's API.
func (s *Server) route(r *http.Request) response {
	if resp, ok := s.oauth.route(r); ok {
		return resp
	}
	switch s.opts.Provider {
	case ProviderAircall:
		return s.answerAircall(r)
	case ProviderAha:
		return s.answerAha(r)
	}
	return s.answerHarvest(r)
}

// answerHarvest checks the User-Agent, auth, path and method, then answers
// the endpoint.
func (s *Server) answerHarvest(r *http.Request) response {
	if r.URL.Path == harvestAccountsPath {
		return s.harvestAccounts(r)
	}
	if r.Header.Get("User-Agent") == "" {
		return fixed(http.StatusBadRequest, noUserAgentBody)
	}
	q := r.URL.Query()
	if !s.authorized(r, q) {
		return fixed(http.StatusUnauthorized, invalidTokenBody)
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/v2/")
	if !ok {
		return fixed(http.StatusNotFound, notFoundBody)
	}
	h := s.api.resolve(strings.Split(rest, "/"))
	if h == nil {
		return fixed(http.StatusNotFound, notFoundBody)
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		resp := fixed(http.StatusMethodNotAllowed, readOnlyBody)
		resp.header = map[string]string{"Allow": "GET, HEAD"}
		return resp
	}
	return h(r, q)
}

// authorized checks the bearer token (or access_token) and the account id
// (Harvest-Account-Id or account_id).
func (s *Server) authorized(r *http.Request, q url.Values) bool {
	token := q.Get("access_token")
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, _ := strings.Cut(h, " ")
		token = ""
		if strings.EqualFold(scheme, "Bearer") {
			token = strings.TrimSpace(tok)
		}
	}
	account := r.Header.Get("Harvest-Account-Id")
	if account == "" {
		account = q.Get("account_id")
	}
	return token != "" && account != "" && s.validToken(token) &&
		subtle.ConstantTimeCompare([]byte(account), []byte(s.opts.AccountID)) == 1
}

// validToken reports whether token is the static Options.Token or an
// unexpired access token issued by the OAuth server.
func (s *Server) validToken(token string) bool {
	return token != "" && (subtle.ConstantTimeCompare([]byte(token), []byte(s.opts.Token)) == 1 || s.oauth.valid(token, time.Now()))
}

// injected builds the answer of a FailNext failure in the provider's style.
func (s *Server) injected(status int, retryAfter string) response {
	if status < 200 || status > 599 {
		status = http.StatusInternalServerError
	}
	var resp response
	switch {
	case status >= 500:
		resp = injectedHarvest(status)
	case s.opts.Provider == ProviderAircall:
		resp = aircallInjected(status)
	case s.opts.Provider == ProviderAha:
		resp = ahaInjected(status)
	default:
		resp = injectedHarvest(status)
	}
	if retryAfter != "" {
		if resp.header == nil {
			resp.header = map[string]string{}
		}
		resp.header["Retry-After"] = retryAfter
	}
	return resp
}

// injectedHarvest builds a Harvest-style failure (and the HTML page of a
// 5xx for every provider).
func injectedHarvest(status int) response {
	switch {
	case status == http.StatusTooManyRequests:
		return fixed(status, rateLimitedBody)
	case status >= 500:
		text := http.StatusText(status)
		return response{status: status, contentType: htmlType, body: []byte(fmt.Sprintf(
			"<!DOCTYPE html>\n<html>\n<head><title>%d %s</title></head>\n<body>\n<h1>%d %s</h1>\n"+
				"<p>We're sorry, but something went wrong. Please try again later.</p>\n</body>\n</html>\n",
			status, text, status, text))}
	case status == http.StatusUnauthorized:
		return fixed(status, invalidTokenBody)
	case status == http.StatusNotFound:
		return fixed(status, notFoundBody)
	case status == http.StatusUnprocessableEntity:
		return unprocessable("Injected failure (sandbox FailNext)")
	}
	b, _ := marshal(map[string]string{"error": errorCode(status), "error_description": "Injected failure (sandbox FailNext)"})
	return jsonResponse(status, b)
}

// errorCode is the snake_case status text ("bad_request").
func errorCode(status int) string {
	code := strings.ToLower(strings.ReplaceAll(http.StatusText(status), " ", "_"))
	if code == "" {
		code = "error"
	}
	return code
}

// envelopeTail is everything of a list response after the records.
type envelopeTail struct {
	PerPage      int       `json:"per_page"`
	TotalPages   int       `json:"total_pages"`
	TotalEntries int       `json:"total_entries"`
	NextPage     *int      `json:"next_page"`
	PreviousPage *int      `json:"previous_page"`
	Page         *int      `json:"page"`
	Links        pageLinks `json:"links"`
}

type pageLinks struct {
	First    *string `json:"first"`
	Next     *string `json:"next"`
	Previous *string `json:"previous"`
	Last     *string `json:"last"`
}

type cursorBody struct {
	After struct {
		ID int64 `json:"id"`
	} `json:"after"`
}

func encodeCursor(id int64) string {
	var c cursorBody
	c.After.ID = id
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (int64, bool) {
	for _, enc := range []*base64.Encoding{base64.RawURLEncoding, base64.URLEncoding, base64.StdEncoding, base64.RawStdEncoding} {
		b, err := enc.DecodeString(s)
		if err != nil {
			continue
		}
		var c cursorBody
		if err := json.Unmarshal(b, &c); err != nil || c.After.ID == 0 {
			return 0, false
		}
		return c.After.ID, true
	}
	return 0, false
}

// list answers a list of t with filters and pagination; when nested, only
// the records of parent. Links repeat the request's path.
func (a *api) list(t *table, r *http.Request, q url.Values, parent int64, nested bool) response {
	perPage := a.maxPerPage
	if v := lastValue(q, "per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > a.maxPerPage {
			return unprocessable(fmt.Sprintf("per_page must be between 1 and %d", a.maxPerPage))
		}
		perPage = n
	}
	matches := selection{hi: len(t.ids)}
	if nested {
		matches = selection{idx: t.childrenOf(parent), explicit: true}
	}
	var preds []func(int) bool
	values := make([]string, len(t.filters))
	for k, f := range t.filters {
		v := lastValue(q, f.param)
		if v == "" {
			continue
		}
		p, err := f.parse(v)
		if err != nil {
			return unprocessable(err.Error())
		}
		values[k] = v
		switch {
		case f.run > 0 && !matches.explicit:
			matches.hi = matches.lo + sort.Search(matches.hi-matches.lo, func(k int) bool { return !p(matches.lo + k) })
		case f.run < 0 && !matches.explicit:
			matches.lo += sort.Search(matches.hi-matches.lo, func(k int) bool { return p(matches.lo + k) })
		default:
			preds = append(preds, p)
		}
	}
	if len(preds) > 0 {
		key := selectionKey(t, parent, values)
		cached, ok := selection{}, false
		if a.selections != nil && !nested {
			cached, ok = a.selections.get(key)
		}
		if ok {
			matches = cached
		} else {
			kept := selection{explicit: true, idx: []int32{}}
		next:
			for k := range matches.len() {
				i := matches.at(k)
				for _, p := range preds {
					if !p(i) {
						continue next
					}
				}
				kept.idx = append(kept.idx, int32(i))
			}
			matches = kept
			if a.selections != nil && !nested {
				a.selections.put(key, matches)
			}
		}
	}
	total := matches.len()
	totalPages := (total + perPage - 1) / perPage
	lastPage := max(totalPages, 1)

	var tail envelopeTail
	tail.PerPage, tail.TotalPages, tail.TotalEntries = perPage, totalPages, total
	cursor := ""
	if t.cursor {
		cursor = lastValue(q, "cursor")
	}
	start, page := 0, 0
	if cursor != "" {
		afterID, ok := decodeCursor(cursor)
		pos, found := t.pos[afterID]
		if nested {
			// Nested lists (teammates) may hold an id under several
			// parents: find it among this parent's records.
			pos, found = -1, false
			for k := range matches.len() {
				if i := matches.at(k); t.ids[i] == afterID {
					pos, found = i, true
					break
				}
			}
		}
		if !ok || !found {
			return unprocessable(fmt.Sprintf("cursor is invalid: %q", cursor))
		}
		start = matches.after(pos)
	} else {
		page = 1
		if v := lastValue(q, "page"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return unprocessable(fmt.Sprintf("page must be a positive integer, got %q", v))
			}
			page = n
		}
		start = total
		if page-1 < (total+perPage-1)/perPage {
			start = (page - 1) * perPage
		}
	}
	end := min(start+perPage, total)
	hasNext := end < total

	base := cloneValues(q)
	for _, k := range []string{"page", "per_page", "cursor", "ref"} {
		delete(base, k)
	}
	link := func(kv ...string) *string {
		v := cloneValues(base)
		v.Set("per_page", strconv.Itoa(perPage))
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		host := r.Host
		if host == "" {
			host = "127.0.0.1"
		}
		u := scheme + "://" + host + r.URL.Path + "?" + v.Encode()
		return &u
	}
	tail.Links.First = link("page", "1", "ref", "first")
	tail.Links.Last = link("page", strconv.Itoa(lastPage), "ref", "last")
	if hasNext {
		if t.cursor {
			tail.Links.Next = link("cursor", encodeCursor(t.ids[matches.at(end-1)]), "ref", "next_cursor")
		} else {
			tail.Links.Next = link("page", strconv.Itoa(page+1), "ref", "next")
		}
	}
	if cursor == "" {
		tail.Page = ptr(page)
		if page < totalPages {
			tail.NextPage = ptr(page + 1)
		}
		if page > 1 {
			tail.PreviousPage = ptr(page - 1)
			tail.Links.Previous = link("page", strconv.Itoa(page-1), "ref", "previous")
		}
	} else if !hasNext {
		// Cursor pages carry page numbers only on the last page.
		tail.Page = ptr(lastPage)
		if lastPage > 1 {
			tail.PreviousPage = ptr(lastPage - 1)
		}
	}

	recs := make([][]byte, 0, max(end-start, 0))
	size := 0
	for k := start; k < end; k++ {
		b, err := t.encoded(matches.at(k))
		if err != nil {
			return fixed(http.StatusInternalServerError, `{"error":"internal_error"}`)
		}
		recs = append(recs, b)
		size += len(b) + 1
	}
	var buf bytes.Buffer
	buf.Grow(size + len(t.key) + 1024)
	buf.WriteString(`{"` + t.key + `":[`)
	for k, b := range recs {
		if k > 0 {
			buf.WriteByte(',')
		}
		buf.Write(b)
	}
	buf.WriteString("],")
	tb, err := marshal(tail)
	if err != nil {
		return fixed(http.StatusInternalServerError, `{"error":"internal_error"}`)
	}
	buf.Write(tb[1:])
	return jsonResponse(http.StatusOK, buf.Bytes())
}
