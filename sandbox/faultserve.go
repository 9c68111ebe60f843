package sandbox

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// hopParam carries the progress of an injected same-host redirect chain:
// "k/n" (hop k of n) or "k/loop". It is removed before the request is
// answered, so it never reaches a link or the log.
const hopParam = "sbx_hop"

// faultState is the fault injection of one Server.
type faultState struct {
	s      *Server
	faults []Fault

	mu       sync.Mutex
	attempts map[string]int            // listing key + page → attempts seen
	cursors  map[string]map[string]int // listing key → cursor → page
	lists    map[string]*fullListing   // listing key → every record
	revoked  bool                      // a FaultRevoke fired
}

func newFaultState(s *Server) *faultState {
	return &faultState{s: s, faults: s.opts.Faults, attempts: map[string]int{},
		cursors: map[string]map[string]int{}, lists: map[string]*fullListing{}}
}

// candidate reports whether r may be a listing request: a GET or HEAD under
// the API's base path, not an OAuth endpoint nor the account lookup.
func (fs *faultState) candidate(r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	authPath, tokenPath := oauthPaths(fs.s.opts.Provider)
	switch r.URL.Path {
	case authPath, tokenPath, harvestAccountsPath:
		return false
	}
	return strings.HasPrefix(r.URL.Path, fs.s.basePath()+"/")
}

// hop is the state of a same-host redirect chain read from hopParam.
type hop struct {
	k, n int
	loop bool
	ok   bool
}

// takeHop removes hopParam from r and returns what it said.
func takeHop(r *http.Request) hop {
	q := r.URL.Query()
	v, present := q[hopParam]
	if !present {
		return hop{}
	}
	q.Del(hopParam)
	r.URL.RawQuery = q.Encode()
	var h hop
	if len(v) > 0 {
		ks, ns, _ := strings.Cut(v[len(v)-1], "/")
		h.k, _ = strconv.Atoi(ks)
		h.loop = ns == "loop"
		h.n, _ = strconv.Atoi(ns)
	}
	h.ok = true
	return h
}

// pagingParams are the query parameters that move within a listing.
var pagingParams = []string{"page", "per_page", "cursor", "ref"}

// listingKey identifies the listing of r: its path and its other
// parameters.
func listingKey(r *http.Request) string {
	q := r.URL.Query()
	for _, k := range pagingParams {
		q.Del(k)
	}
	return r.URL.Path + "?" + q.Encode()
}

// pageOf returns the page r asks for: its page parameter, or for a cursor
// the order in which the listing's cursors were first seen (the first page
// has none).
func (fs *faultState) pageOf(r *http.Request, key string) int {
	q := r.URL.Query()
	if c := lastValue(q, "cursor"); c != "" && lastValue(q, "page") == "" {
		fs.mu.Lock()
		defer fs.mu.Unlock()
		m := fs.cursors[key]
		if m == nil {
			m = map[string]int{}
			fs.cursors[key] = m
		}
		if _, ok := m[c]; !ok {
			m[c] = len(m) + 2
		}
		return m[c]
	}
	if n, err := strconv.Atoi(lastValue(q, "page")); err == nil && n > 0 {
		return n
	}
	return 1
}

// nextAttempt counts one more attempt at a page and returns its number.
func (fs *faultState) nextAttempt(key string, page int) int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	k := key + "#" + strconv.Itoa(page)
	fs.attempts[k]++
	return fs.attempts[k]
}

// chance is the deterministic draw in [0, 1) of one attempt for fault i.
func (fs *faultState) chance(i int, key string, page, attempt int) float64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d|%d|%s|%d|%d", fs.s.opts.FaultSeed, i, key, page, attempt)
	return float64(h.Sum64()>>11) / (1 << 53)
}

// pick returns the per-request fault that disturbs this attempt, if any:
// the first one configured that selects it.
func (fs *faultState) pick(key string, page, attempt int) (Fault, bool) {
	for i, f := range fs.faults {
		if !f.Kind.perRequest() {
			continue
		}
		switch {
		case f.Page != 0 && !f.From && page != f.Page:
			continue
		case f.From && page < f.Page:
			continue
		case f.Times > 0 && attempt > f.Times:
			continue
		case f.Probability > 0 && fs.chance(i, key, page, attempt) >= f.Probability:
			continue
		}
		return f, true
	}
	return Fault{}, false
}

// revoke fires the FaultRevoke faults whose page this request reaches and
// reports whether the static credentials are revoked.
func (fs *faultState) revoke(page int) bool {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for _, f := range fs.faults {
		if f.Kind == FaultRevoke && page >= f.Page && !fs.revoked {
			fs.revoked = true
			fs.s.oauth.expireAll(time.Now())
		}
	}
	return fs.revoked
}

// staticCredential reports whether r carries the server's static
// credential: the API key (Bearer or access_token) or Basic auth.
func (fs *faultState) staticCredential(r *http.Request) bool {
	if _, _, ok := r.BasicAuth(); ok {
		return true
	}
	return bearerToken(r) == fs.s.opts.Token
}

// serve answers r when it is a listing request and reports whether it did;
// otherwise the server answers it as usual.
func (fs *faultState) serve(w http.ResponseWriter, r *http.Request) bool {
	if !fs.candidate(r) {
		return false
	}
	h := takeHop(r)
	key := listingKey(r)
	page := fs.pageOf(r, key)
	attempt := 0
	if !h.ok {
		attempt = fs.nextAttempt(key, page)
	}
	if fs.revoke(page) && fs.staticCredential(r) {
		fs.s.write(w, r, fs.s.injected(http.StatusUnauthorized, ""), FaultRevoke)
		return true
	}
	resp := fs.s.answer(r)
	env, ok := parseEnvelope(fs.s.opts.Provider, resp)
	if !ok {
		fs.s.write(w, r, resp, "")
		return true
	}
	var shaped FaultKind
	if k := fs.structural(); k != "" {
		if v, ok := fs.virtualPage(r, key, page, env); ok {
			resp, shaped = v, k
		}
	}
	if h.ok {
		if h.loop || h.k < h.n {
			kind := FaultRedirectSame
			if h.loop {
				kind = FaultRedirectLoop
			}
			fs.redirect(w, r, sameHost(r), h.k+1, h, kind)
			return true
		}
		fs.s.write(w, r, resp, shaped)
		return true
	}
	f, ok := fs.pick(key, page, attempt)
	if !ok {
		fs.s.write(w, r, resp, shaped)
		return true
	}
	fs.apply(w, r, f, resp, env.key)
	return true
}

// structural returns the kind of the first structural fault configured.
func (fs *faultState) structural() FaultKind {
	for _, f := range fs.faults {
		if f.Kind.structural() {
			return f.Kind
		}
	}
	return ""
}

// apply answers r with the per-request fault f; resp is the answer the page
// would have had.
func (fs *faultState) apply(w http.ResponseWriter, r *http.Request, f Fault, resp response, key string) {
	s := fs.s
	switch f.Kind {
	case FaultStatus:
		fr := s.injected(f.Code, retryAfterValue(f.RetryAfter, time.Now()))
		s.write(w, r, fr, f.Kind)
	case FaultReset:
		s.recordFault(r, 0, nil, f.Kind)
		hijack(w, nil, true)
	case FaultResetBody:
		s.recordFault(r, resp.status, nil, f.Kind)
		hijack(w, rawHead(resp, true, len(resp.body)/2), true)
	case FaultTruncate:
		s.recordFault(r, resp.status, nil, f.Kind)
		hijack(w, rawHead(resp, false, len(resp.body)/2), false)
	case FaultStall:
		if err := sleep(r.Context(), f.Delay); err != nil {
			s.recordFault(r, 499, nil, f.Kind)
			return
		}
		s.write(w, r, resp, f.Kind)
	case FaultStallBody:
		s.recordFault(r, resp.status, nil, f.Kind)
		setHeaders(w.Header(), resp)
		w.WriteHeader(resp.status)
		half := len(resp.body) / 2
		_, _ = w.Write(resp.body[:half])
		_ = http.NewResponseController(w).Flush()
		if sleep(r.Context(), f.Delay) == nil {
			_, _ = w.Write(resp.body[half:])
		}
	case FaultRedirect:
		loc := fs.otherOrigin() + r.URL.RequestURI()
		s.write(w, r, redirectResponse(f.Code, loc), f.Kind)
	case FaultRedirectSame:
		fs.redirect(w, r, sameHost(r), 1, hop{n: f.Hops}, f.Kind)
	case FaultRedirectLoop:
		fs.redirect(w, r, sameHost(r), 1, hop{loop: true}, f.Kind)
	case FaultGzipBomb:
		body := gzipBomb(key, f.Size)
		s.write(w, r, response{status: http.StatusOK, contentType: jsonType, body: body,
			header: map[string]string{"Content-Encoding": "gzip"}}, f.Kind)
	}
}

// redirect answers hop k of a same-host chain.
func (fs *faultState) redirect(w http.ResponseWriter, r *http.Request, origin string, k int, h hop, kind FaultKind) {
	code := http.StatusFound
	for _, f := range fs.faults {
		if f.Kind == kind {
			code = f.Code
			break
		}
	}
	q := r.URL.Query()
	n := strconv.Itoa(h.n)
	if h.loop {
		n = "loop"
	}
	q.Set(hopParam, strconv.Itoa(k)+"/"+n)
	loc := origin + r.URL.Path + "?" + q.Encode()
	fs.s.write(w, r, redirectResponse(code, loc), kind)
}

func redirectResponse(code int, loc string) response {
	return response{status: code, contentType: htmlType,
		header: map[string]string{"Location": loc},
		body:   []byte("<html><body>Moved: <a href=\"" + htmlEscape(loc) + "\">here</a></body></html>\n")}
}

// sameHost is the origin r was sent to.
func sameHost(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + cmp.Or(r.Host, "127.0.0.1")
}

// otherOrigin is the other host's origin; without a listener (a server
// mounted through Handler), a loopback port nothing listens on.
func (fs *faultState) otherOrigin() string {
	if fs.s.other != nil {
		return fs.s.other.origin
	}
	return "http://127.0.0.1:1"
}

// setHeaders sets the headers of a complete answer.
func setHeaders(h http.Header, resp response) {
	h.Set("Content-Type", resp.contentType)
	for k, v := range resp.header {
		h.Set(k, v)
	}
	h.Set("Content-Length", strconv.Itoa(len(resp.body)))
}

// rawHead is the HTTP/1.1 text of resp's status line and headers followed
// by the first n bytes of its body; with full the Content-Length of the
// whole body, without it none and "Connection: close".
func rawHead(resp response, full bool, n int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", resp.status, http.StatusText(resp.status))
	h := http.Header{}
	setHeaders(h, resp)
	if !full {
		h.Del("Content-Length")
		h.Set("Connection", "close")
	}
	_ = h.Write(&b)
	b.WriteString("\r\n")
	b.Write(resp.body[:n])
	return b.Bytes()
}

// resetGrace is how long a reset in the middle of a body waits after the
// bytes it sends.
const resetGrace = 20 * time.Millisecond

// hijack takes the connection over, writes raw and closes it: with reset a
// TCP reset (linger 0), else a clean close.
func hijack(w http.ResponseWriter, raw []byte, reset bool) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	if len(raw) > 0 {
		_, _ = buf.Write(raw)
		_ = buf.Flush()
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		if reset {
			if len(raw) > 0 {
				// Let the client take in what was sent before the reset
				// discards anything still queued.
				time.Sleep(resetGrace)
			}
			_ = tc.SetLinger(0)
		} else {
			_ = tc.CloseWrite()
		}
	}
}

// envelope is a parsed list answer.
type envelope struct {
	key    string // the records' key
	rows   []json.RawMessage
	fields map[string]json.RawMessage
}

// parseEnvelope reads a 200 answer as a list page of the provider: Harvest
// {records, links, total_entries…}, Aircall {records, meta}, Aha!
// {records, pagination}.
func parseEnvelope(provider string, resp response) (*envelope, bool) {
	if resp.status != http.StatusOK || len(resp.body) == 0 || resp.body[0] != '{' {
		return nil, false
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(resp.body, &m) != nil {
		return nil, false
	}
	var marker string
	switch provider {
	case ProviderAircall:
		marker = "meta"
	case ProviderAha:
		marker = "pagination"
	default:
		marker = "links"
	}
	if _, ok := m[marker]; !ok {
		return nil, false
	}
	env := &envelope{fields: m}
	for k, v := range m {
		if len(v) > 0 && v[0] == '[' {
			if env.key != "" {
				return nil, false
			}
			env.key = k
			if json.Unmarshal(v, &env.rows) != nil {
				return nil, false
			}
		}
	}
	return env, env.key != ""
}

// fullListing is every record of one listing, in the API's order.
type fullListing struct {
	key  string
	rows []json.RawMessage
}

// full returns every record of the listing of r, read from the API page
// by page at the largest page size (cached per listing).
func (fs *faultState) full(r *http.Request, key string) (*fullListing, bool) {
	fs.mu.Lock()
	l := fs.lists[key]
	fs.mu.Unlock()
	if l != nil {
		return l, true
	}
	l = &fullListing{}
	per := fs.s.opts.MaxPerPage
	for p := 1; p <= 100000; p++ {
		r2 := r.Clone(r.Context())
		q := r2.URL.Query()
		for _, k := range pagingParams {
			q.Del(k)
		}
		q.Set("page", strconv.Itoa(p))
		q.Set("per_page", strconv.Itoa(per))
		r2.URL.RawQuery = q.Encode()
		env, ok := parseEnvelope(fs.s.opts.Provider, fs.s.route(r2))
		if !ok {
			return nil, false
		}
		l.key = env.key
		l.rows = append(l.rows, env.rows...)
		if len(env.rows) < per {
			break
		}
	}
	fs.mu.Lock()
	fs.lists[key] = l
	fs.mu.Unlock()
	return l, true
}

// vpage is one page of a reshaped listing: records [lo, hi) and the page
// its next link names (0: none), on the other host when offhost.
type vpage struct {
	lo, hi  int
	next    int
	offhost bool
}

// layout lays the n records of a listing out in pages of per records as
// the structural faults say; forever > 0 is the page from which every page
// is empty with a next link.
func (fs *faultState) layout(n, per int) (pages []vpage, totalPages, forever int) {
	shift := map[int]int{} // page → records to move its start by
	for _, f := range fs.faults {
		switch f.Kind {
		case FaultDuplicate:
			shift[f.Page] -= f.Count
		case FaultSkip:
			shift[f.Page] += f.Count
		}
	}
	lo := 0
	for p := 1; ; p++ {
		lo = min(max(lo+shift[p], 0), n)
		if lo >= n && p > 1 {
			break
		}
		pages = append(pages, vpage{lo: lo, hi: min(lo+per, n)})
		lo += per
	}
	totalPages = (n + per - 1) / per
	for _, f := range fs.faults {
		switch f.Kind {
		case FaultEmpty:
			at := min(f.Page, len(pages)) - 1
			empty := make([]vpage, f.Count)
			for i := range empty {
				empty[i] = vpage{lo: pages[at].lo, hi: pages[at].lo}
			}
			pages = append(pages[:at], append(empty, pages[at:]...)...)
		case FaultEmptyForever:
			if f.Page <= len(pages) {
				pages = pages[:f.Page-1]
			}
			forever = f.Page
		case FaultTotalPages:
			totalPages = max(totalPages-f.Count, 1)
		}
	}
	for i := range pages {
		if i+1 < len(pages) || (forever > 0 && i+1 == forever-1) {
			pages[i].next = i + 2
		}
	}
	for _, f := range fs.faults {
		i := min(f.Page, len(pages)) - 1
		if i < 0 {
			continue
		}
		switch f.Kind {
		case FaultNoNext:
			if f.Page <= len(pages) {
				pages[i].next = 0
			}
		case FaultCycle:
			pages[i].next = min(f.To, i+1)
		case FaultOffhostNext:
			if pages[i].next == 0 {
				pages[i].next = i + 2
			}
			pages[i].offhost = true
		}
	}
	return pages, totalPages, forever
}

// defaultPerPage is the page size the provider uses when none is asked
// for.
func (fs *faultState) defaultPerPage() int {
	switch fs.s.opts.Provider {
	case ProviderAircall:
		return min(aircallDefaultPerPage, fs.s.opts.MaxPerPage)
	case ProviderAha:
		return min(ahaDefaultPerPage, fs.s.opts.MaxPerPage)
	}
	return fs.s.opts.MaxPerPage
}

// virtualPage answers page v of the listing of r reshaped by the
// structural faults.
func (fs *faultState) virtualPage(r *http.Request, key string, v int, env *envelope) (response, bool) {
	l, ok := fs.full(r, key)
	if !ok {
		return response{}, false
	}
	per := fs.defaultPerPage()
	if n, err := strconv.Atoi(lastValue(r.URL.Query(), "per_page")); err == nil && n > 0 {
		per = min(n, fs.s.opts.MaxPerPage)
	}
	pages, totalPages, forever := fs.layout(len(l.rows), per)
	var pg vpage
	switch {
	case v <= len(pages):
		pg = pages[v-1]
	case forever > 0 && v >= forever:
		pg = vpage{lo: len(l.rows), hi: len(l.rows), next: v + 1}
	default:
		pg = vpage{lo: len(l.rows), hi: len(l.rows)}
	}
	rows := l.rows[pg.lo:pg.hi]
	link := func(p int, other bool) *string {
		if p <= 0 {
			return nil
		}
		q := r.URL.Query()
		for _, k := range pagingParams {
			q.Del(k)
		}
		q.Set("page", strconv.Itoa(p))
		q.Set("per_page", strconv.Itoa(per))
		origin := sameHost(r)
		if other {
			origin = fs.otherOrigin()
		}
		u := origin + r.URL.Path + "?" + q.Encode()
		return &u
	}
	total := len(l.rows)
	var tail any
	switch fs.s.opts.Provider {
	case ProviderAircall:
		meta := aircallMeta{Count: len(rows), Total: total, CurrentPage: v, PerPage: per,
			NextPageLink: link(pg.next, pg.offhost), PreviousPageLink: link(v-1, false)}
		tail = struct {
			Meta aircallMeta `json:"meta"`
		}{meta}
	case ProviderAha:
		tail = struct {
			Pagination ahaPagination `json:"pagination"`
		}{ahaPagination{TotalRecords: total, TotalPages: totalPages, CurrentPage: v}}
	default:
		var t envelopeTail
		t.PerPage, t.TotalPages, t.TotalEntries, t.Page = per, totalPages, total, ptr(v)
		if pg.next > 0 {
			t.NextPage = ptr(pg.next)
		}
		if v > 1 {
			t.PreviousPage = ptr(v - 1)
		}
		t.Links.First = link(1, false)
		t.Links.Last = link(max(totalPages, 1), false)
		t.Links.Next = link(pg.next, pg.offhost)
		t.Links.Previous = link(v-1, false)
		tail = t
	}
	return listBody(env.key, rows, tail), true
}

// listBody encodes {"key":[rows...], tail's fields...}.
func listBody(key string, rows []json.RawMessage, tail any) response {
	var buf bytes.Buffer
	buf.WriteString(`{"` + key + `":[`)
	for i, row := range rows {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(row)
	}
	buf.WriteString("]")
	tb, _ := marshal(tail)
	if len(tb) > 2 {
		buf.WriteByte(',')
		buf.Write(tb[1:])
	} else {
		buf.WriteByte('}')
	}
	return jsonResponse(http.StatusOK, buf.Bytes())
}

var (
	bombOnce  sync.Once
	bombBlock []byte // a gzip member of bombBlockSize spaces
)

const bombBlockSize = 1 << 20

// gzipBomb is a gzip stream (several members) of a list page that opens
// with {"key":[ and goes on in whitespace to size bytes.
func gzipBomb(key string, size int64) []byte {
	bombOnce.Do(func() {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		_, _ = zw.Write(bytes.Repeat([]byte{' '}, bombBlockSize))
		_ = zw.Close()
		bombBlock = b.Bytes()
	})
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	_, _ = zw.Write([]byte(`{"` + key + `":[`))
	_ = zw.Close()
	for n := int64(0); n < size; n += bombBlockSize {
		b.Write(bombBlock)
	}
	return b.Bytes()
}

// OtherRequest is one request the other-host listener received.
type OtherRequest struct {
	// Method and Path of the request.
	Method, Path string
	// Query holds the query parameters, the values of credential-looking
	// ones replaced by "REDACTED".
	Query url.Values
	// Authorization is the Authorization header as received, "" when
	// there was none: any value is a credential that left the API's host.
	Authorization string
	// CredentialParams names the credential-looking query parameters
	// (access_token, api_key, token, password…) that carried a value.
	CredentialParams []string
}

// AuthScheme returns the scheme word of the Authorization header ("Bearer",
// "Basic"), never the credential.
func (o OtherRequest) AuthScheme() string {
	scheme, _, _ := strings.Cut(o.Authorization, " ")
	return scheme
}

// credentialParams are the query parameters that carry credentials.
var credentialParams = []string{"access_token", "api_key", "apikey", "key", "token", "password",
	"client_secret", "refresh_token", "code", "code_verifier", "auth", "authorization", "secret"}

// otherHost is a second loopback listener standing for another host: it
// records what it receives and answers a page of bogus records.
type otherHost struct {
	provider string
	origin   string
	ln       net.Listener
	http     *http.Server
	served   chan struct{}

	mu   sync.Mutex
	reqs []OtherRequest
}

func startOtherHost(ip net.IP, s *Server) (*otherHost, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort(ip.String(), "0"))
	if err != nil {
		return nil, fmt.Errorf("sandbox: other-host listener: %w", err)
	}
	o := &otherHost{provider: s.opts.Provider, origin: "http://" + ln.Addr().String(), ln: ln, served: make(chan struct{})}
	o.http = &http.Server{Handler: http.HandlerFunc(o.serve), ReadHeaderTimeout: 30 * time.Second}
	go func() {
		defer close(o.served)
		_ = o.http.Serve(ln)
	}()
	return o, nil
}

func (o *otherHost) close() error {
	err := o.http.Close()
	<-o.served
	if err == http.ErrServerClosed {
		err = nil
	}
	return err
}

// bogusIDs are the ids of the other host's records, far from any the
// sandbox generates.
const bogusID = 990000000001

func (o *otherHost) serve(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	rec := OtherRequest{Method: r.Method, Path: r.URL.Path, Authorization: r.Header.Get("Authorization")}
	for k, vs := range q {
		for _, c := range credentialParams {
			if strings.EqualFold(k, c) && strings.Join(vs, "") != "" {
				rec.CredentialParams = append(rec.CredentialParams, k)
				for i := range vs {
					vs[i] = "REDACTED"
				}
			}
		}
	}
	rec.Query = q
	o.mu.Lock()
	o.reqs = append(o.reqs, rec)
	o.mu.Unlock()

	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	key := parts[len(parts)-1]
	if key == "" || strings.Trim(key, "0123456789") == "" {
		key = "records"
	}
	rows := make([]json.RawMessage, 3)
	for i := range rows {
		id := strconv.FormatInt(bogusID+int64(i), 10)
		if o.provider == ProviderAha {
			id = strconv.Quote(id)
		}
		rows[i] = json.RawMessage(`{"id":` + id + `,"name":"bogus record from another host"}`)
	}
	var tail any
	switch o.provider {
	case ProviderAircall:
		tail = struct {
			Meta aircallMeta `json:"meta"`
		}{aircallMeta{Count: 3, Total: 3, CurrentPage: 1, PerPage: 3}}
	case ProviderAha:
		tail = struct {
			Pagination ahaPagination `json:"pagination"`
		}{ahaPagination{TotalRecords: 3, TotalPages: 1, CurrentPage: 1}}
	default:
		var t envelopeTail
		t.PerPage, t.TotalPages, t.TotalEntries, t.Page = 3, 1, 3, ptr(1)
		tail = t
	}
	resp := listBody(key, rows, tail)
	setHeaders(w.Header(), resp)
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.body)
}

// OtherURL returns the base URL of the other-host listener, such as
// "http://127.0.0.1:PORT/v2": the same API path on another port, which is
// another host for a client (host:port differ). It runs when the server
// has Faults or OtherHost; otherwise OtherURL returns "". Redirect and
// next-link faults that leave the host point there; it answers every
// request with a page of bogus records (ids from 990000000001) and
// records what it received ([Server.OtherRequests]).
func (s *Server) OtherURL() string {
	if s.other == nil {
		return ""
	}
	return s.other.origin + s.basePath()
}

// OtherRequests returns a copy of the requests the other-host listener
// received, oldest first. A test asserts that no Authorization header and
// no credential parameter ever arrived there.
func (s *Server) OtherRequests() []OtherRequest {
	if s.other == nil {
		return nil
	}
	s.other.mu.Lock()
	defer s.other.mu.Unlock()
	out := make([]OtherRequest, len(s.other.reqs))
	for i, r := range s.other.reqs {
		r.Query = cloneValues(r.Query)
		r.CredentialParams = append([]string(nil), r.CredentialParams...)
		out[i] = r
	}
	return out
}
