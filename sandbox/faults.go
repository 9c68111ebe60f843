package sandbox

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FaultKind names one kind of injected fault; see [Fault].
type FaultKind string

// The kinds of [Fault]. The first group disturbs single requests (chosen by
// page, attempt and probability); the second makes the listing itself
// inconsistent, the way an API whose data changes while it is paged, or a
// buggy one, answers.
const (
	// FaultStatus answers Code instead of the page: a 5xx with an HTML
	// page like a failing proxy, a 429 with the provider's rate-limit body
	// and RetryAfter, or any other status with the provider's error body.
	FaultStatus FaultKind = "status"
	// FaultReset closes the connection with a TCP reset before any byte of
	// the answer.
	FaultReset FaultKind = "reset"
	// FaultResetBody sends the headers (with the full Content-Length) and
	// the first half of the body, then resets the connection.
	FaultResetBody FaultKind = "reset-body"
	// FaultTruncate sends the headers without Content-Length and with
	// "Connection: close", the first half of the body, then closes the
	// connection cleanly: the client sees a clean EOF inside the JSON.
	FaultTruncate FaultKind = "truncate"
	// FaultStall waits Delay (or until the client goes away) before the
	// answer.
	FaultStall FaultKind = "stall"
	// FaultStallBody sends the headers and the first half of the body,
	// waits Delay, then sends the rest.
	FaultStallBody FaultKind = "stall-body"
	// FaultRedirect answers a Code redirect (default 302) to the same
	// request on the other host (see [Server.OtherURL]).
	FaultRedirect FaultKind = "redirect"
	// FaultRedirectSame answers Hops redirects (default 1) on the same
	// host, the last of which leads to the page.
	FaultRedirectSame FaultKind = "redirect-same"
	// FaultRedirectLoop answers same-host redirects that never end.
	FaultRedirectLoop FaultKind = "redirect-loop"
	// FaultGzipBomb answers a small body with "Content-Encoding: gzip"
	// that inflates to Size bytes (default 80 MiB) of a JSON page that
	// never ends.
	FaultGzipBomb FaultKind = "gzip-bomb"
	// FaultRevoke revokes the credentials when the listing reaches Page
	// (default 2): from then on the static credential (API key, Basic
	// password) is refused with the provider's 401, and every OAuth access
	// token issued so far expires (refresh tokens keep working, so a
	// client that refreshes goes on).
	FaultRevoke FaultKind = "revoke"

	// FaultCycle makes the next link of Page (default 2) point back to
	// page To (default 1).
	FaultCycle FaultKind = "cycle"
	// FaultOffhostNext puts the next link of Page (default 2) on the
	// other host.
	FaultOffhostNext FaultKind = "offhost-next"
	// FaultEmpty inserts Count (default 1) empty pages, each with a next
	// link, at Page (default 2); the data continues after them, so the
	// listing is complete for a client that follows.
	FaultEmpty FaultKind = "empty"
	// FaultEmptyForever makes Page (default 2) and every later page empty
	// with a next link, without end; the counters keep saying how many
	// records there are.
	FaultEmptyForever FaultKind = "empty-forever"
	// FaultNoNext leaves the next link out of Page (default 2) although
	// more pages remain and the counters say so.
	FaultNoNext FaultKind = "no-next"
	// FaultDuplicate starts Page (default 2) and the later pages Count
	// (default 1) records early, as if records were added at the front
	// while the listing was paged: records repeat across pages, none is
	// missing.
	FaultDuplicate FaultKind = "duplicate"
	// FaultSkip starts Page (default 2) and the later pages Count
	// (default 1) records late, as if records were removed at the front:
	// records are missing, while the counters still count them.
	FaultSkip FaultKind = "skip"
	// FaultTotalPages reports a total_pages Count (default 1) too small on
	// every page (at least 1); the records and next links are unchanged.
	FaultTotalPages FaultKind = "total-pages"
)

// faultKinds lists every kind, in documentation order.
var faultKinds = []FaultKind{
	FaultStatus, FaultReset, FaultResetBody, FaultTruncate, FaultStall, FaultStallBody,
	FaultRedirect, FaultRedirectSame, FaultRedirectLoop, FaultGzipBomb, FaultRevoke,
	FaultCycle, FaultOffhostNext, FaultEmpty, FaultEmptyForever, FaultNoNext,
	FaultDuplicate, FaultSkip, FaultTotalPages,
}

// FaultKinds returns every fault kind, in documentation order.
func FaultKinds() []FaultKind { return slices.Clone(faultKinds) }

// perRequest reports whether the kind disturbs single requests (selected by
// Page, From, Times and Probability) rather than the listing's shape.
func (k FaultKind) perRequest() bool {
	switch k {
	case FaultStatus, FaultReset, FaultResetBody, FaultTruncate, FaultStall, FaultStallBody,
		FaultRedirect, FaultRedirectSame, FaultRedirectLoop, FaultGzipBomb:
		return true
	}
	return false
}

// structural reports whether the kind reshapes the listing's pages.
func (k FaultKind) structural() bool { return !k.perRequest() && k != FaultRevoke }

// Fault is one injected misbehaviour of the API. Faults apply to listing
// requests only (GET of a list endpoint answered 200, HEAD alike): never to
// get-by-id, the OAuth endpoints or the Harvest account lookup. A listing
// is one endpoint with one set of filters; its pages are numbered from 1
// (the page parameter, or the order in which cursors were first seen), and
// every request of a page is one attempt at it, counted per listing and
// page, so the choice is deterministic even when pages are fetched
// concurrently.
//
// The zero value of a field means its default. ParseFaults reads the same
// faults from text, and String writes them back.
type Fault struct {
	// Kind is what goes wrong.
	Kind FaultKind
	// Page is the listing page the fault concerns (1 is the first). For a
	// per-request kind, 0 means every page; for the others 0 means 2.
	Page int
	// From extends a per-request fault from Page to every later page.
	From bool
	// Times is, for a per-request kind, how many attempts at each selected
	// page are disturbed: the first Times ones, after which the page is
	// answered (a transient fault). 0 means every attempt (persistent).
	Times int
	// Probability, between 0 and 1, disturbs each selected attempt only
	// with that chance, drawn deterministically from [Options.FaultSeed],
	// the listing, the page and the attempt. 0 means always.
	Probability float64
	// Code is the status of FaultStatus (default 500) or of a redirect
	// (301, 302, 303, 307 or 308; default 302).
	Code int
	// RetryAfter is the Retry-After header of FaultStatus: sent as given,
	// except "date+DURATION" and "date-DURATION", an HTTP date that far
	// from the moment of the answer (e.g. "date+2s", "date-1h").
	RetryAfter string
	// Delay is how long FaultStall and FaultStallBody wait; default 1s.
	Delay time.Duration
	// Count is the number of empty pages (FaultEmpty), records
	// (FaultDuplicate, FaultSkip) or pages (FaultTotalPages); default 1.
	Count int
	// To is the page FaultCycle's next link points to; default 1.
	To int
	// Hops is the number of FaultRedirectSame redirects; default 1.
	Hops int
	// Size is the inflated size of FaultGzipBomb in bytes; default 80 MiB.
	Size int64
}

// Defaults of [Fault].
const (
	// DefaultFaultDelay is the default Delay of the stall faults.
	DefaultFaultDelay = time.Second
	// DefaultGzipBombSize is the default inflated size of a gzip bomb,
	// above the driver's 64 MiB body limit.
	DefaultGzipBombSize = 80 << 20
)

// withDefaults fills the zero fields that have defaults.
func (f Fault) withDefaults() Fault {
	if f.Page == 0 && !f.Kind.perRequest() {
		f.Page = 2
	}
	switch f.Kind {
	case FaultStatus:
		if f.Code == 0 {
			f.Code = http.StatusInternalServerError
		}
	case FaultRedirect, FaultRedirectSame, FaultRedirectLoop:
		if f.Code == 0 {
			f.Code = http.StatusFound
		}
	case FaultStall, FaultStallBody:
		if f.Delay == 0 {
			f.Delay = DefaultFaultDelay
		}
	case FaultGzipBomb:
		if f.Size == 0 {
			f.Size = DefaultGzipBombSize
		}
	}
	switch f.Kind {
	case FaultEmpty, FaultDuplicate, FaultSkip, FaultTotalPages:
		if f.Count == 0 {
			f.Count = 1
		}
	case FaultCycle:
		if f.To == 0 {
			f.To = 1
		}
	case FaultRedirectSame:
		if f.Hops == 0 {
			f.Hops = 1
		}
	}
	return f
}

// Validate reports a fault whose kind is unknown or whose fields are out of
// range or do not belong to its kind.
func (f Fault) Validate() error {
	if !slices.Contains(faultKinds, f.Kind) {
		return fmt.Errorf("unknown fault kind %q: use one of %s", f.Kind, kindList())
	}
	bad := func(field, want string) error {
		return fmt.Errorf("fault %s: %s %s", f.Kind, field, want)
	}
	for _, p := range faultParams {
		if p.set(f) && !p.allowed(f.Kind) {
			return bad(p.field, "does not apply to this kind")
		}
	}
	switch {
	case f.Page < 0:
		return bad("Page", "must not be negative")
	case f.From && f.Page == 0:
		return bad("From", "needs a Page to start from")
	case f.Times < 0:
		return bad("Times", "must not be negative")
	case f.Probability < 0 || f.Probability > 1 || math.IsNaN(f.Probability):
		return bad("Probability", "must be between 0 and 1")
	case f.Delay < 0:
		return bad("Delay", "must not be negative")
	case f.Count < 0:
		return bad("Count", "must not be negative")
	case f.To < 0:
		return bad("To", "must not be negative")
	case f.Hops < 0 || f.Hops > 1000:
		return bad("Hops", "must be between 1 and 1000")
	case f.Size < 0 || f.Size > 1<<40:
		return bad("Size", "must be between 1 byte and 1 TiB")
	case strings.ContainsAny(f.RetryAfter, "\r\n\x00"):
		return bad("RetryAfter", "must be one header line")
	}
	switch f.Kind {
	case FaultStatus:
		if f.Code != 0 && (f.Code < 200 || f.Code > 599) {
			return bad("Code", "must be an HTTP status from 200 to 599")
		}
		if strings.HasPrefix(f.RetryAfter, "date") {
			if _, err := relativeDate(f.RetryAfter); err != nil {
				return bad("RetryAfter", err.Error())
			}
		}
	case FaultRedirect, FaultRedirectSame, FaultRedirectLoop:
		switch f.Code {
		case 0, 301, 302, 303, 307, 308:
		default:
			return bad("Code", "must be a redirect status: 301, 302, 303, 307 or 308")
		}
	case FaultCycle:
		if f.To > 0 && f.Page > 0 && f.To > f.Page {
			return bad("To", "must be a page at or before Page, so that the link goes back")
		}
	}
	return nil
}

// relativeDate reads "date+DURATION" or "date-DURATION".
func relativeDate(v string) (time.Duration, error) {
	rest, ok := strings.CutPrefix(v, "date")
	if !ok || rest == "" || (rest[0] != '+' && rest[0] != '-') {
		return 0, fmt.Errorf("%q: a relative date is date+DURATION or date-DURATION, such as date+2s", v)
	}
	d, err := time.ParseDuration(rest[1:])
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q: %q is not a duration such as 2s or 1h", v, rest[1:])
	}
	if rest[0] == '-' {
		d = -d
	}
	return d, nil
}

// retryAfterValue is the header value of f.RetryAfter at now.
func retryAfterValue(v string, now time.Time) string {
	if d, err := relativeDate(v); err == nil {
		return now.Add(d).UTC().Format(http.TimeFormat)
	}
	return v
}

func kindList() string {
	names := make([]string, len(faultKinds))
	for i, k := range faultKinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// faultParam is one key of the textual form of a Fault.
type faultParam struct {
	key, field string
	kinds      func(FaultKind) bool
	set        func(Fault) bool
	get        func(Fault) string
	parse      func(f *Fault, v string) error
}

func (p faultParam) allowed(k FaultKind) bool { return p.kinds(k) }

func only(kinds ...FaultKind) func(FaultKind) bool {
	return func(k FaultKind) bool { return slices.Contains(kinds, k) }
}

func parseInt(f *int, v string) error {
	n, err := strconv.Atoi(v)
	if err != nil {
		return fmt.Errorf("%q is not an integer", v)
	}
	*f = n
	return nil
}

// faultParams are the keys of the textual form, in the order String writes
// them.
var faultParams = []faultParam{
	{key: "code", field: "Code", kinds: only(FaultStatus, FaultRedirect, FaultRedirectSame, FaultRedirectLoop),
		set: func(f Fault) bool { return f.Code != 0 }, get: func(f Fault) string { return strconv.Itoa(f.Code) },
		parse: func(f *Fault, v string) error { return parseInt(&f.Code, v) }},
	{key: "retry-after", field: "RetryAfter", kinds: only(FaultStatus),
		set: func(f Fault) bool { return f.RetryAfter != "" }, get: func(f Fault) string { return f.RetryAfter },
		parse: func(f *Fault, v string) error { f.RetryAfter = v; return nil }},
	{key: "delay", field: "Delay", kinds: only(FaultStall, FaultStallBody),
		set: func(f Fault) bool { return f.Delay != 0 }, get: func(f Fault) string { return f.Delay.String() },
		parse: func(f *Fault, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil {
				return fmt.Errorf("%q is not a duration such as 300ms or 2s", v)
			}
			f.Delay = d
			return nil
		}},
	{key: "count", field: "Count", kinds: only(FaultEmpty, FaultDuplicate, FaultSkip, FaultTotalPages),
		set: func(f Fault) bool { return f.Count != 0 }, get: func(f Fault) string { return strconv.Itoa(f.Count) },
		parse: func(f *Fault, v string) error { return parseInt(&f.Count, v) }},
	{key: "to", field: "To", kinds: only(FaultCycle),
		set: func(f Fault) bool { return f.To != 0 }, get: func(f Fault) string { return strconv.Itoa(f.To) },
		parse: func(f *Fault, v string) error { return parseInt(&f.To, v) }},
	{key: "hops", field: "Hops", kinds: only(FaultRedirectSame),
		set: func(f Fault) bool { return f.Hops != 0 }, get: func(f Fault) string { return strconv.Itoa(f.Hops) },
		parse: func(f *Fault, v string) error { return parseInt(&f.Hops, v) }},
	{key: "size", field: "Size", kinds: only(FaultGzipBomb),
		set: func(f Fault) bool { return f.Size != 0 }, get: func(f Fault) string { return strconv.FormatInt(f.Size, 10) },
		parse: func(f *Fault, v string) error {
			n, err := parseSize(v)
			if err != nil {
				return err
			}
			f.Size = n
			return nil
		}},
	{key: "page", field: "Page", kinds: func(FaultKind) bool { return true },
		set: func(f Fault) bool { return f.Page != 0 && !f.From }, get: func(f Fault) string { return strconv.Itoa(f.Page) },
		parse: func(f *Fault, v string) error { return parseInt(&f.Page, v) }},
	{key: "from", field: "From", kinds: FaultKind.perRequest,
		set: func(f Fault) bool { return f.From }, get: func(f Fault) string { return strconv.Itoa(f.Page) },
		parse: func(f *Fault, v string) error { f.From = true; return parseInt(&f.Page, v) }},
	{key: "times", field: "Times", kinds: FaultKind.perRequest,
		set: func(f Fault) bool { return f.Times != 0 }, get: func(f Fault) string { return strconv.Itoa(f.Times) },
		parse: func(f *Fault, v string) error { return parseInt(&f.Times, v) }},
	{key: "p", field: "Probability", kinds: FaultKind.perRequest,
		set: func(f Fault) bool { return f.Probability != 0 },
		get: func(f Fault) string { return strconv.FormatFloat(f.Probability, 'g', -1, 64) },
		parse: func(f *Fault, v string) error {
			p, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return fmt.Errorf("%q is not a number between 0 and 1", v)
			}
			f.Probability = p
			return nil
		}},
}

// parseSize reads a byte count with an optional KiB, MiB or GiB suffix.
func parseSize(v string) (int64, error) {
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}} {
		if n, ok := strings.CutSuffix(v, u.suffix); ok {
			v, mult = n, u.mult
			break
		}
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 || n > (1<<40)/mult {
		return 0, fmt.Errorf("%q is not a size such as 80MiB", v)
	}
	return n * mult, nil
}

// String writes the fault in the textual form ParseFaults reads, such as
// "status:code=503,page=2,times=1".
func (f Fault) String() string {
	var b strings.Builder
	b.WriteString(string(f.Kind))
	sep := ":"
	for _, p := range faultParams {
		if !p.set(f) {
			continue
		}
		v := p.get(f)
		if needsQuote(v) {
			v = strconv.Quote(v)
		}
		b.WriteString(sep + p.key + "=" + v)
		sep = ","
	}
	return b.String()
}

func needsQuote(v string) bool {
	if v == "" {
		return true
	}
	for _, c := range v {
		if c <= ' ' || c >= 0x7f || strings.ContainsRune(`,;:="\`, c) {
			return true
		}
	}
	return false
}

// ParseFaults reads faults from text: faults separated by ";", each a kind
// followed by ":" and comma-separated key=value parameters, for example
//
//	status:code=503,page=2,times=1;redirect:code=307,page=3
//
// Keys: page=N (the page; every page when absent for per-request kinds),
// from=N (page N and every later one), times=N (the first N attempts at a
// page; all when absent), p=F (probability), code=N, retry-after=V,
// delay=DURATION, count=N, to=N, hops=N, size=BYTES (with KiB, MiB or
// GiB). A value holding "," ";" ":" "=", a quote or a space is written as a
// double-quoted Go string, such as retry-after="Wed, 21 Oct 2015 07:28:00 GMT".
// An empty spec is no fault. Errors name the fault and the key at fault.
func ParseFaults(spec string) ([]Fault, error) {
	items, err := splitQuoted(spec, ';')
	if err != nil {
		return nil, fmt.Errorf("sandbox: fault spec: %w", err)
	}
	var out []Fault
	for i, item := range items {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		f, err := parseFault(item)
		if err != nil {
			return nil, fmt.Errorf("sandbox: fault %d (%q): %w", i+1, item, err)
		}
		out = append(out, f)
	}
	return out, nil
}

func parseFault(item string) (Fault, error) {
	kind, params, _ := strings.Cut(item, ":")
	f := Fault{Kind: FaultKind(strings.ToLower(strings.TrimSpace(kind)))}
	if !slices.Contains(faultKinds, f.Kind) {
		return f, fmt.Errorf("unknown fault kind %q: use one of %s", strings.TrimSpace(kind), kindList())
	}
	kvs, err := splitQuoted(params, ',')
	if err != nil {
		return f, err
	}
	seen := map[string]bool{}
	for _, kv := range kvs {
		kv = strings.TrimSpace(kv)
		if kv == "" {
			continue
		}
		k, v, ok := strings.Cut(kv, "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if !ok {
			return f, fmt.Errorf("parameter %q: write key=value", kv)
		}
		i := slices.IndexFunc(faultParams, func(p faultParam) bool { return p.key == k })
		if i < 0 || !faultParams[i].allowed(f.Kind) {
			return f, fmt.Errorf("unknown parameter %q for %s: use %s", k, f.Kind, paramList(f.Kind))
		}
		if seen[k] || (k == "page" && seen["from"]) || (k == "from" && seen["page"]) {
			return f, fmt.Errorf("parameter %q given twice (page and from name the same page)", k)
		}
		seen[k] = true
		if strings.HasPrefix(v, `"`) {
			if v, err = strconv.Unquote(v); err != nil {
				return f, fmt.Errorf("parameter %s: the quoted value is not a valid Go string", k)
			}
		}
		if err := faultParams[i].parse(&f, v); err != nil {
			return f, fmt.Errorf("parameter %s: %w", k, err)
		}
	}
	return f, f.Validate()
}

func paramList(k FaultKind) string {
	var keys []string
	for _, p := range faultParams {
		if p.allowed(k) {
			keys = append(keys, p.key)
		}
	}
	return strings.Join(keys, ", ")
}

// splitQuoted splits s at sep outside double-quoted strings.
func splitQuoted(s string, sep byte) ([]string, error) {
	var out []string
	start, quoted := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case !quoted && c == sep:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	if quoted {
		return nil, fmt.Errorf("unterminated quoted value in %q", s)
	}
	return append(out, s[start:]), nil
}

// FaultSpec writes faults in the textual form ParseFaults reads.
func FaultSpec(faults []Fault) string {
	parts := make([]string, len(faults))
	for i, f := range faults {
		parts[i] = f.String()
	}
	return strings.Join(parts, ";")
}
