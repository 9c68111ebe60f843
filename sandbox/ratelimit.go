package sandbox

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// RateLimit is a request budget the server enforces ([Options.RateLimit]):
// at most Requests API requests of one account in any window of Period (a
// sliding window). A request over the budget is answered 429 with a
// Retry-After header (whole seconds, rounded up) and the provider's
// rate-limit body; it does not count against the budget. The zero value
// enforces nothing.
type RateLimit struct {
	// Requests is the number of requests allowed in any window.
	Requests int
	// Period is the length of the window.
	Period time.Duration
}

// String writes r as N/DURATION ("100/15s"), or "off".
func (r RateLimit) String() string {
	if r.Requests <= 0 {
		return "off"
	}
	return fmt.Sprintf("%d/%s", r.Requests, r.Period)
}

// ParseRateLimit reads a budget written N/DURATION, a whole number of
// requests per a Go duration ("100/15s", "100/1.5s", "60/1m"; a bare unit
// s, m or h means one of it), or "off".
func ParseRateLimit(v string) (RateLimit, error) {
	v = strings.TrimSpace(v)
	if strings.EqualFold(v, "off") || v == "" {
		return RateLimit{}, nil
	}
	n, per, ok := strings.Cut(v, "/")
	reqs, err := strconv.Atoi(strings.TrimSpace(n))
	if !ok || err != nil || reqs < 1 {
		return RateLimit{}, fmt.Errorf("sandbox: rate limit %q: want N/DURATION such as 100/15s (N a positive whole number) or off", v)
	}
	per = strings.ToLower(strings.TrimSpace(per))
	switch per {
	case "s", "m", "h":
		per = "1" + per
	}
	d, err := time.ParseDuration(per)
	if err != nil || d <= 0 {
		return RateLimit{}, fmt.Errorf("sandbox: rate limit %q: the period must be a positive duration such as 15s, 1.5s or 1m", v)
	}
	return RateLimit{Requests: reqs, Period: d}, nil
}

// limiter enforces a RateLimit per account: the admission times of each
// account's last Requests requests, a ring.
type limiter struct {
	n      int
	period time.Duration

	mu       sync.Mutex
	accounts map[string]*window
}

type window struct {
	times []time.Time
	head  int // the oldest of times, once full
}

func newLimiter(r RateLimit) *limiter {
	if r.Requests <= 0 || r.Period <= 0 {
		return nil
	}
	return &limiter{n: r.Requests, period: r.Period, accounts: map[string]*window{}}
}

// verdict is the limiter's answer to one request: whether it may be
// served, how many requests of the window remain after it, when the oldest
// request of the window leaves it, and (when refused) how long to wait.
type verdict struct {
	ok         bool
	remaining  int
	reset      time.Time
	retryAfter time.Duration // from the request's arrival
}

// admit counts a request of account at now if the window has room.
func (l *limiter) admit(account string, now time.Time) verdict {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.accounts[account]
	if w == nil {
		w = &window{times: make([]time.Time, 0, l.n)}
		l.accounts[account] = w
	}
	if len(w.times) == l.n {
		oldest := w.times[w.head]
		if free := oldest.Add(l.period); free.After(now) {
			return verdict{remaining: 0, reset: free, retryAfter: free.Sub(now)}
		}
		w.times[w.head] = now
		w.head = (w.head + 1) % l.n
	} else {
		w.times = append(w.times, now)
	}
	inWindow := 0
	for _, t := range w.times {
		if t.Add(l.period).After(now) {
			inWindow++
		}
	}
	return verdict{ok: true, remaining: l.n - inWindow, reset: w.times[w.head%len(w.times)].Add(l.period)}
}

// rateAccount names the account a request spends the budget of: the
// Harvest account id, the Aircall API ID (or OAuth token), the Aha!
// account (one per server).
func (s *Server) rateAccount(r *http.Request) string {
	switch s.opts.Provider {
	case ProviderAircall:
		if id, _, ok := r.BasicAuth(); ok {
			return "basic:" + id
		}
		return "token:" + r.Header.Get("Authorization")
	case ProviderAha:
		return s.opts.Domain
	}
	if a := r.Header.Get("Harvest-Account-Id"); a != "" {
		return a
	}
	return r.URL.Query().Get("account_id")
}

// admitRequest counts r against its account's budget when it arrives;
// limited is false when no budget applies to r (none set, the OAuth
// endpoints, the account lookup).
func (s *Server) admitRequest(r *http.Request) (v verdict, limited bool) {
	if s.limits == nil || !strings.HasPrefix(r.URL.Path, s.basePath()+"/") || r.URL.Path == harvestAccountsPath {
		return verdict{}, false
	}
	if auth, token := oauthPaths(s.opts.Provider); r.URL.Path == auth || r.URL.Path == token {
		return verdict{}, false
	}
	return s.limits.admit(s.rateAccount(r), time.Now()), true
}

// rateLimited answers r with a 429 when the budget refused it (v), true
// then, with Retry-After the whole seconds until the window has room;
// otherwise it sets the provider's rate-limit headers of the admitted
// request on w.
func (s *Server) rateLimited(w http.ResponseWriter, r *http.Request, v verdict) bool {
	headers := s.rateHeaders(v)
	if v.ok {
		for k, val := range headers {
			w.Header().Set(k, val)
		}
		return false
	}
	wait := max(time.Until(v.reset), 0)
	resp := s.injected(http.StatusTooManyRequests, strconv.Itoa(int(math.Ceil(wait.Seconds()))))
	for k, val := range headers {
		resp.header[k] = val
	}
	s.write(w, r, resp, "")
	return true
}

// rateHeaders are the rate-limit headers the provider sends with every
// answer: Aircall's X-AircallApi-Limit/Remaining/Reset and Aha!'s
// X-Ratelimit-Limit/Remaining/Reset (the reset a UNIX time, rounded up to
// the second); Harvest sends none.
func (s *Server) rateHeaders(v verdict) map[string]string {
	prefix := ""
	switch s.opts.Provider {
	case ProviderAircall:
		prefix = "X-AircallApi-"
	case ProviderAha:
		prefix = "X-Ratelimit-"
	default:
		return nil
	}
	reset := v.reset.Unix()
	if v.reset.After(time.Unix(reset, 0)) {
		reset++
	}
	return map[string]string{
		prefix + "Limit":     strconv.Itoa(s.limits.n),
		prefix + "Remaining": strconv.Itoa(v.remaining),
		prefix + "Reset":     strconv.FormatInt(reset, 10),
	}
}
