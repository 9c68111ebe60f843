package sandbox

import (
	"bytes"
	"cmp"
	"crypto/subtle"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Fixed Aircall error bodies ({"error","troubleshoot"}, §2.5).
const (
	aircallUnauthorizedBody = `{"error":"Unauthorized","troubleshoot":"Check your API ID and API token (Basic auth), or your OAuth access token (Bearer)."}`
	aircallNotFoundBody     = `{"error":"Not found","troubleshoot":"Check the ID of the resource"}`
	aircallReadOnlyBody     = `{"error":"Method not allowed","troubleshoot":"The sandbox is read-only: only GET requests are supported."}`
	aircallRateLimitedBody  = `{"error":"Too many requests","troubleshoot":"Wait until the time given by the X-AircallApi-Reset header (UNIX timestamp)."}`
)

// aircallRateLimit is the X-AircallApi-Limit the sandbox announces.
const aircallRateLimit = 60

func aircallError(status int, msg, troubleshoot string) response {
	b, _ := marshal(struct {
		Error        string `json:"error"`
		Troubleshoot string `json:"troubleshoot"`
	}{msg, troubleshoot})
	return jsonResponse(status, b)
}

// aircallInjected builds an Aircall-style FailNext failure (below 500).
func aircallInjected(status int) response {
	var resp response
	switch status {
	case http.StatusTooManyRequests:
		resp = fixed(status, aircallRateLimitedBody)
		resp.header = aircallRateHeaders(0)
	case http.StatusUnauthorized:
		resp = fixed(status, aircallUnauthorizedBody)
	case http.StatusNotFound:
		resp = fixed(status, aircallNotFoundBody)
	default:
		resp = aircallError(status, http.StatusText(status), "Injected failure (sandbox FailNext)")
	}
	return resp
}

// aircallRateHeaders are the X-AircallApi-* headers of every answer: a
// static budget, and a reset at the next minute boundary.
func aircallRateHeaders(remaining int) map[string]string {
	reset := time.Now().Truncate(time.Minute).Add(time.Minute).Unix()
	return map[string]string{
		"X-AircallApi-Limit":     strconv.Itoa(aircallRateLimit),
		"X-AircallApi-Remaining": strconv.Itoa(remaining),
		"X-AircallApi-Reset":     strconv.FormatInt(reset, 10),
	}
}

// aircallAuthorized accepts Basic <API ID:API token> or Bearer <OAuth
// access token issued by the sandbox>.
func (s *Server) aircallAuthorized(r *http.Request) bool {
	scheme, cred, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	switch strings.ToLower(scheme) {
	case "basic":
		id, tok, ok := r.BasicAuth()
		return ok && subtle.ConstantTimeCompare([]byte(id), []byte(s.opts.AccountID)) == 1 &&
			subtle.ConstantTimeCompare([]byte(tok), []byte(s.opts.Token)) == 1
	case "bearer":
		return s.oauth.valid(strings.TrimSpace(cred), time.Now())
	}
	return false
}

// answerAircall checks auth, path and method, then answers the endpoint;
// every answer carries the rate-limit headers: those of Options.RateLimit
// when it is set (see rateLimited), a static budget otherwise.
func (s *Server) answerAircall(r *http.Request) response {
	resp := s.routeAircall(r)
	if s.limits != nil {
		return resp
	}
	h := aircallRateHeaders(aircallRateLimit - 1)
	for k, v := range resp.header {
		h[k] = v
	}
	resp.header = h
	return resp
}

func (s *Server) routeAircall(r *http.Request) response {
	if !s.aircallAuthorized(r) {
		return fixed(http.StatusUnauthorized, aircallUnauthorizedBody)
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/v1/")
	if !ok {
		return fixed(http.StatusNotFound, aircallNotFoundBody)
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		resp := fixed(http.StatusMethodNotAllowed, aircallReadOnlyBody)
		resp.header = map[string]string{"Allow": "GET, HEAD"}
		return resp
	}
	return s.aircall.route(r, strings.Split(rest, "/"))
}

// aircallMaxRecords is the documented hard cap of a listing (§2.3): pages
// beyond the 10,000th record of a query cannot be read.
const aircallMaxRecords = 10000

// aircallDefaultPerPage is the default page size (§2.3).
const aircallDefaultPerPage = 20

// callFlags are the fetch_* flags of the call endpoints.
type callFlags struct{ contact, shortURLs, timeline bool }

// acTable is one Aircall list endpoint. Records are in creation order.
type acTable struct {
	key     string  // envelope key of lists
	one     string  // envelope key of get-by-id
	created []int64 // creation time in UNIX seconds, ascending
	dated   bool    // from/to apply
	pos     map[int64]int
	encode  func(i int, f callFlags) []byte
}

// aircallAPI serves an AircallDataset.
type aircallAPI struct {
	ds         *AircallDataset
	seed       int64
	maxPerPage int
	tables     map[string]*acTable
	webhookPos map[string]int
	company    []byte
}

func newAircallAPI(ds *AircallDataset, opts Options) *aircallAPI {
	a := &aircallAPI{ds: ds, seed: opts.Seed, maxPerPage: opts.MaxPerPage,
		tables: map[string]*acTable{}, webhookPos: map[string]int{}}

	a.tables["calls"] = &acTable{key: "calls", one: "call", dated: true,
		created: mapSlice(ds.Calls, func(c AircallCall) int64 { return c.StartedAt }),
		pos:     positions(ds.Calls, func(c AircallCall) int64 { return c.ID }),
		encode:  a.encodeCall}
	a.tables["users"] = preEncoded("users", "user", true, ds.Users,
		func(u AircallUser) int64 { return u.ID }, func(u AircallUser) int64 { return isoUnix(u.CreatedAt) })
	a.tables["teams"] = preEncoded("teams", "team", false, ds.Teams,
		func(t AircallTeam) int64 { return t.ID }, func(t AircallTeam) int64 { return isoUnix(t.CreatedAt) })
	a.tables["numbers"] = preEncoded("numbers", "number", true, ds.Numbers,
		func(n AircallNumber) int64 { return n.ID }, func(n AircallNumber) int64 { return isoUnix(n.CreatedAt) })
	a.tables["contacts"] = preEncoded("contacts", "contact", true, ds.Contacts,
		func(c AircallContact) int64 { return c.ID }, func(c AircallContact) int64 { return c.CreatedAt })
	a.tables["tags"] = preEncoded("tags", "tag", false, ds.Tags,
		func(t AircallTag) int64 { return t.ID }, func(t AircallTag) int64 { return t.ID })
	a.tables["webhooks"] = preEncoded("webhooks", "webhook", false, ds.Webhooks,
		func(AircallWebhook) int64 { return 0 }, func(w AircallWebhook) int64 { return isoUnix(w.CreatedAt) })
	a.tables["webhooks"].pos = nil
	for i, w := range ds.Webhooks {
		a.webhookPos[w.WebhookID] = i
	}
	type availability struct {
		ID           int64  `json:"id"`
		Availability string `json:"availability"`
	}
	avail := mapSlice(ds.Users, func(u AircallUser) availability { return availability{u.ID, ds.Availabilities[u.ID]} })
	a.tables["users/availabilities"] = preEncoded("users", "", true, avail,
		func(v availability) int64 { return v.ID }, nil)
	a.tables["users/availabilities"].created = a.tables["users"].created
	a.company, _ = marshal(map[string]AircallCompany{"company": ds.Company})
	return a
}

func mapSlice[T, U any](in []T, f func(T) U) []U {
	out := make([]U, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

func positions[T any](in []T, id func(T) int64) map[int64]int {
	out := make(map[int64]int, len(in))
	for i, v := range in {
		out[id(v)] = i
	}
	return out
}

// isoUnix converts an ISO 8601 datetime of the dataset to UNIX seconds.
func isoUnix(s string) int64 {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.Unix()
}

// preEncoded builds a table whose records are encoded once.
func preEncoded[T any](key, one string, dated bool, recs []T, id func(T) int64, created func(T) int64) *acTable {
	raw := make([][]byte, len(recs))
	for i, r := range recs {
		raw[i], _ = marshal(r)
	}
	t := &acTable{key: key, one: one, dated: dated, pos: positions(recs, id),
		encode: func(i int, _ callFlags) []byte { return raw[i] }}
	if created != nil {
		t.created = mapSlice(recs, created)
	}
	return t
}

// encodeCall encodes a call, leaving out what the fetch_* flags did not ask
// for.
func (a *aircallAPI) encodeCall(i int, f callFlags) []byte {
	c := a.ds.Calls[i]
	if !f.contact {
		c.Contact = nil
	}
	if !f.shortURLs {
		c.RecordingShortURL, c.VoicemailShortURL = nil, nil
	}
	if !f.timeline {
		c.IVROptionsSelected = nil
	}
	b, _ := marshal(c)
	return b
}

func aircallBadRequest(troubleshoot string) response {
	return aircallError(http.StatusBadRequest, "Invalid request", troubleshoot)
}

func flagOn(q url.Values, name string) bool {
	v := strings.ToLower(lastValue(q, name))
	return v == "true" || v == "1"
}

// route answers GET /v1/<parts...>.
func (a *aircallAPI) route(r *http.Request, parts []string) response {
	q := r.URL.Query()
	flags := callFlags{contact: flagOn(q, "fetch_contact"), shortURLs: flagOn(q, "fetch_short_urls"),
		timeline: flagOn(q, "fetch_call_timeline")}
	notFound := fixed(http.StatusNotFound, aircallNotFoundBody)
	for _, p := range parts {
		if p == "" {
			return notFound
		}
	}
	switch {
	case len(parts) == 1 && parts[0] == "ping":
		return fixed(http.StatusOK, `{"ping":"pong"}`)
	case len(parts) == 1 && parts[0] == "company":
		return jsonResponse(http.StatusOK, a.company)
	case len(parts) == 2 && parts[0] == "calls" && parts[1] == "search":
		pred, resp, ok := a.callSearch(q)
		if !ok {
			return resp
		}
		return a.list(r, q, a.tables["calls"], pred, flags)
	case len(parts) == 2 && parts[0] == "contacts" && parts[1] == "search":
		return a.list(r, q, a.tables["contacts"], a.contactSearch(q), flags)
	case len(parts) == 2 && parts[0] == "users" && parts[1] == "availabilities":
		return a.list(r, q, a.tables["users/availabilities"], nil, flags)
	case len(parts) == 3 && parts[0] == "users" && parts[2] == "availability":
		i, ok := a.lookup(a.tables["users"], parts[1])
		if !ok {
			return notFound
		}
		b, _ := marshal(map[string]string{"availability": a.ds.Availabilities[a.ds.Users[i].ID]})
		return jsonResponse(http.StatusOK, b)
	case len(parts) == 3 && parts[0] == "calls":
		i, ok := a.lookup(a.tables["calls"], parts[1])
		if !ok {
			return notFound
		}
		return a.callInsight(&a.ds.Calls[i], parts[2])
	case len(parts) == 2 && parts[0] == "webhooks":
		i, ok := a.webhookPos[parts[1]]
		if !ok {
			return notFound
		}
		return a.single(a.tables["webhooks"], i, flags)
	}
	t := a.tables[parts[0]]
	if t == nil || len(parts) > 2 {
		return notFound
	}
	if len(parts) == 1 {
		return a.list(r, q, t, nil, flags)
	}
	i, ok := a.lookup(t, parts[1])
	if !ok {
		return notFound
	}
	return a.single(t, i, flags)
}

func (a *aircallAPI) lookup(t *acTable, rawID string) (int, bool) {
	id, err := strconv.ParseInt(rawID, 10, 64)
	if err != nil {
		return 0, false
	}
	i, ok := t.pos[id]
	return i, ok
}

// single answers a get-by-id: {"<singular>":{...}}.
func (a *aircallAPI) single(t *acTable, i int, f callFlags) response {
	var buf bytes.Buffer
	buf.WriteString(`{"` + t.one + `":`)
	buf.Write(t.encode(i, f))
	buf.WriteByte('}')
	return jsonResponse(http.StatusOK, buf.Bytes())
}

// callSearch parses the filters of /v1/calls/search.
func (a *aircallAPI) callSearch(q url.Values) (func(int) bool, response, bool) {
	var preds []func(*AircallCall) bool
	if v := lastValue(q, "direction"); v != "" {
		if v != "inbound" && v != "outbound" {
			return nil, aircallBadRequest("direction must be inbound or outbound"), false
		}
		preds = append(preds, func(c *AircallCall) bool { return c.Direction == v })
	}
	if v := lastValue(q, "user_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, aircallBadRequest("user_id must be an integer"), false
		}
		preds = append(preds, func(c *AircallCall) bool { return c.User != nil && c.User.ID == id })
	}
	if v := lastValue(q, "phone_number"); v != "" {
		want := digitsOnly(v)
		if want == "" {
			return nil, aircallBadRequest("phone_number must contain digits"), false
		}
		preds = append(preds, func(c *AircallCall) bool { return digitsOnly(c.RawDigits) == want })
	}
	if v := lastValue(q, "tags"); v != "" {
		var ids []int64
		for _, s := range strings.Split(v, ",") {
			id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
			if err != nil {
				return nil, aircallBadRequest("tags must be a comma-separated list of tag ids"), false
			}
			ids = append(ids, id)
		}
		preds = append(preds, func(c *AircallCall) bool {
			for _, t := range c.Tags {
				if slices.Contains(ids, t.ID) {
					return true
				}
			}
			return false
		})
	}
	if len(preds) == 0 {
		return nil, response{}, true
	}
	calls := a.ds.Calls
	return func(i int) bool {
		for _, p := range preds {
			if !p(&calls[i]) {
				return false
			}
		}
		return true
	}, response{}, true
}

// contactSearch parses the filters of /v1/contacts/search: phone_number
// (digits compared) and email (case-insensitive), each matching any of the
// contact's values.
func (a *aircallAPI) contactSearch(q url.Values) func(int) bool {
	phone, email := digitsOnly(lastValue(q, "phone_number")), strings.ToLower(lastValue(q, "email"))
	if phone == "" && email == "" {
		return nil
	}
	contacts := a.ds.Contacts
	return func(i int) bool {
		c := &contacts[i]
		if phone != "" && !slices.ContainsFunc(c.PhoneNumbers, func(d AircallContactDetail) bool { return digitsOnly(d.Value) == phone }) {
			return false
		}
		if email != "" && !slices.ContainsFunc(c.Emails, func(d AircallContactDetail) bool { return strings.ToLower(d.Value) == email }) {
			return false
		}
		return true
	}
}

func digitsOnly(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// aircallMeta is the pagination object of list responses.
type aircallMeta struct {
	Count            int     `json:"count"`
	Total            int     `json:"total"`
	CurrentPage      int     `json:"current_page"`
	PerPage          int     `json:"per_page"`
	NextPageLink     *string `json:"next_page_link"`
	PreviousPageLink *string `json:"previous_page_link"`
}

// list answers a list endpoint. from/to (UNIX seconds, both inclusive:
// created >= from and created <= to, as the reference maps them) narrow
// the creation-ordered records by binary search, so a request costs
// O(log n + page) when no other filter applies. meta.total is the true
// number of matches, but only the first 10,000 of them (in the requested
// order) can be paged through: a page past that is empty, and the page
// that reaches it has next_page_link null.
func (a *aircallAPI) list(r *http.Request, q url.Values, t *acTable, pred func(int) bool, f callFlags) response {
	perPage := min(aircallDefaultPerPage, a.maxPerPage)
	if v := lastValue(q, "per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return aircallBadRequest(fmt.Sprintf("per_page must be an integer between 1 and %d", a.maxPerPage))
		}
		perPage = min(n, a.maxPerPage) // larger values are clamped to the maximum
	}
	page := 1
	if v := lastValue(q, "page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return aircallBadRequest("page must be a positive integer")
		}
		page = n
	}
	desc := false
	switch strings.ToLower(lastValue(q, "order")) {
	case "", "asc":
	case "desc":
		desc = true
	default:
		return aircallBadRequest("order must be asc or desc")
	}
	var byUpdated bool
	if t.key == "contacts" {
		switch lastValue(q, "order_by") {
		case "", "created_at":
		case "updated_at":
			byUpdated = true
		default:
			return aircallBadRequest("order_by must be created_at or updated_at")
		}
	}
	lo, hi := 0, len(t.created)
	if t.dated {
		for _, bound := range []string{"from", "to"} {
			v := lastValue(q, bound)
			if v == "" {
				continue
			}
			ts, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return aircallBadRequest(bound + " must be a UNIX timestamp in seconds")
			}
			if bound == "from" {
				lo = max(lo, sort.Search(len(t.created), func(i int) bool { return t.created[i] >= ts }))
			} else {
				hi = min(hi, sort.Search(len(t.created), func(i int) bool { return t.created[i] > ts }))
			}
		}
		hi = max(hi, lo)
	}
	var matches []int // nil: every index of [lo, hi)
	if pred != nil || byUpdated {
		matches = make([]int, 0, hi-lo)
		for i := lo; i < hi; i++ {
			if pred == nil || pred(i) {
				matches = append(matches, i)
			}
		}
		if byUpdated {
			contacts := a.ds.Contacts
			slices.SortStableFunc(matches, func(x, y int) int {
				return cmp.Compare(contacts[x].UpdatedAt, contacts[y].UpdatedAt)
			})
		}
	}
	total := hi - lo
	if matches != nil {
		total = len(matches)
	}
	at := func(k int) int { // k-th record in the requested order
		if desc {
			k = total - 1 - k
		}
		if matches != nil {
			return matches[k]
		}
		return lo + k
	}
	reachable := min(total, aircallMaxRecords)
	start := min((page-1)*perPage, reachable)
	if page-1 > reachable/perPage {
		start = reachable
	}
	end := min(start+perPage, reachable)

	meta := aircallMeta{Count: end - start, Total: total, CurrentPage: page, PerPage: perPage}
	link := func(p int) *string {
		v := cloneValues(q)
		v.Set("page", strconv.Itoa(p))
		v.Set("per_page", strconv.Itoa(perPage))
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		u := scheme + "://" + cmp.Or(r.Host, "127.0.0.1") + r.URL.Path + "?" + v.Encode()
		return &u
	}
	if end < reachable {
		meta.NextPageLink = link(page + 1)
	}
	if page > 1 {
		meta.PreviousPageLink = link(page - 1)
	}

	var buf bytes.Buffer
	buf.WriteString(`{"` + t.key + `":[`)
	for k := start; k < end; k++ {
		if k > start {
			buf.WriteByte(',')
		}
		buf.Write(t.encode(at(k), f))
	}
	buf.WriteString(`],"meta":`)
	mb, _ := marshal(meta)
	buf.Write(mb)
	buf.WriteByte('}')
	return jsonResponse(http.StatusOK, buf.Bytes())
}

// callInsight answers the conversation-intelligence objects of an answered
// call (/transcription, /sentiments, /topics, /summary), generated from
// the call id; unanswered calls have none (404).
func (a *aircallAPI) callInsight(c *AircallCall, kind string) response {
	if kind != "transcription" && kind != "sentiments" && kind != "topics" && kind != "summary" {
		return fixed(http.StatusNotFound, aircallNotFoundBody)
	}
	if c.AnsweredAt == nil || c.User == nil {
		return aircallError(http.StatusNotFound, "Not found", "No "+kind+" is available for this call: it was not answered")
	}
	g := &generator{r: rand.New(rand.NewPCG(uint64(a.seed), uint64(c.ID)))}
	id := c.ID*10 + int64(len(kind))
	created := fmtISOMillis(time.Unix(c.StartedAt, 0))
	var body any
	switch kind {
	case "transcription":
		type utterance struct {
			StartTime       float64 `json:"start_time"`
			EndTime         float64 `json:"end_time"`
			Text            string  `json:"text"`
			ParticipantType string  `json:"participant_type"`
			UserID          *int64  `json:"user_id"`
			PhoneNumber     *string `json:"phone_number"`
		}
		lines := []string{"Hello, thanks for calling, how can I help?", "Hi, I have a question about my account.",
			"Sure, let me look that up for you.", "Thank you, that solves it.", "Anything else I can do for you?"}
		var us []utterance
		tm := 0.0
		for k, line := range lines[:2+g.pick(4)] {
			d := 1.5 + float64(g.pick(40))/10
			u := utterance{StartTime: tm, EndTime: tm + d, Text: line, ParticipantType: "internal", UserID: &c.User.ID}
			if k%2 == 1 {
				u.ParticipantType, u.UserID, u.PhoneNumber = "external", nil, &c.RawDigits
			}
			us = append(us, u)
			tm += d + 0.5
		}
		body = map[string]any{"transcription": map[string]any{"id": id, "call_id": c.ID, "call_created_at": created,
			"type": "call", "content": map[string]any{"language": "en", "utterances": us}}}
	case "sentiments":
		values := []string{"POSITIVE", "NEUTRAL", "NEGATIVE"}
		body = map[string]any{"sentiment": map[string]any{"id": id, "call_id": c.ID, "participants": []map[string]any{
			{"phone_number": c.RawDigits, "value": values[g.pick(3)], "type": "external"}}}}
	case "topics":
		all := []string{"pricing", "onboarding", "billing", "bug report", "demo", "renewal", "integration"}
		perm := g.r.Perm(len(all))[:1+g.pick(3)]
		topics := mapSlice(perm, func(k int) string { return all[k] })
		body = map[string]any{"topic": map[string]any{"id": id, "call_id": c.ID, "content": topics}}
	default:
		body = map[string]any{"summary": map[string]any{"id": id, "call_id": c.ID,
			"content": fmt.Sprintf("%s talked with %s about %s.", c.User.Name, c.RawDigits,
				[]string{"an invoice", "a product demo", "an account issue", "a renewal"}[g.pick(4)])}}
	}
	b, _ := marshal(body)
	return jsonResponse(http.StatusOK, b)
}
