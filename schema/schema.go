package schema

import (
	"fmt"
	"strings"
	"time"
)

// Provider describes one REST API as a set of tables: where it lives, how it
// authenticates, pages and limits requests, and how its errors read.
type Provider struct {
	// Name is the profile name users write in Profile= ("harvest").
	Name string `json:"name" yaml:"name"`
	// Title is the API's display name ("Harvest API v2").
	Title string `json:"title,omitempty" yaml:"title,omitempty"`
	// Doc describes the provider in a sentence or two.
	Doc string `json:"doc,omitempty" yaml:"doc,omitempty"`
	// BaseURL is the API root, templated from ProfileSettings
	// ("https://{Domain}.aha.io/api/v1"); the BaseURL setting overrides it.
	BaseURL string `json:"base_url" yaml:"base_url"`
	// Settings are the ProfileSettings keys the provider understands.
	Settings []Setting `json:"settings,omitempty" yaml:"settings,omitempty"`
	// Headers are sent with every request; values are templated from
	// ProfileSettings ("{AccountId}").
	Headers map[string]string `json:"headers,omitempty" yaml:"headers,omitempty"`
	// Auth lists the authentication schemes the API accepts.
	Auth Auth `json:"auth" yaml:"auth"`
	// Paging is the default pagination of the provider's list endpoints.
	Paging Paging `json:"paging" yaml:"paging"`
	// RateLimit is the documented request budget.
	RateLimit RateLimit `json:"rate_limit,omitempty" yaml:"rate_limit,omitempty"`
	// ErrorMessage lists JSON paths, in order of preference, where error
	// bodies carry a human-readable message ("error_description").
	ErrorMessage []string `json:"error_message,omitempty" yaml:"error_message,omitempty"`
	// Tables are the provider's tables, in catalog order.
	Tables []*Table `json:"tables" yaml:"tables"`
}

// Setting is one key of ProfileSettings.
type Setting struct {
	// Name is the key as documented ("AccountId"); matched case-insensitively.
	Name string `json:"name" yaml:"name"`
	// Doc says what the setting is and where to find its value.
	Doc string `json:"doc,omitempty" yaml:"doc,omitempty"`
	// Secret settings never appear in logs, errors or String().
	Secret bool `json:"secret,omitempty" yaml:"secret,omitempty"`
	// Pattern, when set, names the accepted form of the value ("digits",
	// "dnslabel"); a value of another form is refused before any request
	// is sent (see Provider.CheckSetting and SettingInURL).
	Pattern Pattern `json:"pattern,omitempty" yaml:"pattern,omitempty"`
}

// Pattern names the accepted form of a setting's value.
type Pattern string

// The patterns a Setting may require.
const (
	PatternAny      Pattern = ""
	PatternDigits   Pattern = "digits"   // 1-20 ASCII digits
	PatternDNSLabel Pattern = "dnslabel" // one DNS label: letters, digits, '-'
)

// Check reports whether v has the form p requires, with a message
// describing the expected form when it does not.
func (p Pattern) Check(v string) error {
	switch p {
	case PatternDigits:
		if v == "" || len(v) > 20 || strings.Trim(v, "0123456789") != "" {
			return fmt.Errorf("must be a number (digits only)")
		}
	case PatternDNSLabel:
		if v == "" || len(v) > 63 || v[0] == '-' || v[len(v)-1] == '-' ||
			strings.Trim(strings.ToLower(v), "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			return fmt.Errorf("must be a single DNS label (letters, digits and '-')")
		}
	}
	return nil
}

// known reports whether p is one of the patterns Check knows.
func (p Pattern) known() bool {
	switch p {
	case PatternAny, PatternDigits, PatternDNSLabel:
		return true
	}
	return false
}

// CheckSetting reports whether v is an acceptable value of the setting
// name: the form its Pattern declares and, when the setting is templated
// into the host of the base URL or of an OAuth endpoint, the characters of
// a host name only (letters, digits, '-' and '.'), declared pattern or
// not, so that no value can end the host early and send the requests
// elsewhere ("evil.com/x", "a@b", "evil.com?").
func (p *Provider) CheckSetting(name, v string) error {
	if s, ok := p.Setting(name); ok {
		if err := s.Pattern.Check(v); err != nil {
			return err
		}
	}
	if v != "" && p.inURL(name, true) && strings.Trim(strings.ToLower(v), "abcdefghijklmnopqrstuvwxyz0123456789-.") != "" {
		return fmt.Errorf("must be part of a host name (letters, digits, '-' and '.'): it is templated into the API's host")
	}
	return nil
}

// SettingInURL reports whether the setting name is templated into the
// base URL or an OAuth endpoint of p: its value addresses the requests,
// so it is checked as soon as the connection string is opened. A setting
// only sent in a header (Harvest's AccountId) is checked before the first
// request instead, so that a connection string still holding a
// documentation placeholder opens.
func (p *Provider) SettingInURL(name string) bool { return p.inURL(name, false) }

// inURL reports whether {name} is in one of p's URL templates (in its
// host, when hostOnly).
func (p *Provider) inURL(name string, hostOnly bool) bool {
	urls := []string{p.BaseURL}
	if o := p.Auth.OAuth; o != nil {
		urls = append(urls, o.AuthURL, o.TokenURL, o.RefreshURL)
	}
	for _, u := range urls {
		if hostOnly {
			u = urlHost(u)
		}
		for _, m := range placeholderPattern.FindAllStringSubmatch(u, -1) {
			if strings.EqualFold(m[1], name) {
				return true
			}
		}
	}
	return false
}

// urlHost is the template up to the end of its host: everything before
// the first '/', '?' or '#' after the scheme.
func urlHost(tmpl string) string {
	i := strings.Index(tmpl, "://")
	if i < 0 {
		return tmpl
	}
	if j := strings.IndexAny(tmpl[i+3:], "/?#"); j >= 0 {
		return tmpl[:i+3+j]
	}
	return tmpl
}

// Auth describes how a provider authenticates.
type Auth struct {
	// Schemes are the AuthScheme values the provider supports, first the default.
	Schemes []string `json:"schemes" yaml:"schemes"`
	// TokenSetting is the ProfileSettings key holding an API key sent as a
	// Bearer token under the APIKEY scheme ("APIKey").
	TokenSetting string `json:"token_setting,omitempty" yaml:"token_setting,omitempty"`
	// Hint is appended to authentication failures to say what to check.
	Hint string `json:"hint,omitempty" yaml:"hint,omitempty"`
	// OAuth describes the provider's OAuth 2.0 endpoints, when it has them.
	OAuth *OAuth `json:"oauth,omitempty" yaml:"oauth,omitempty"`
}

// OAuth describes a provider's OAuth 2.0 authorization server. URLs are
// templated from ProfileSettings ("https://{Domain}.aha.io/oauth/token").
type OAuth struct {
	// AuthURL is the authorization endpoint the user's browser visits.
	AuthURL string `json:"auth_url" yaml:"auth_url"`
	// TokenURL is where codes are exchanged and tokens refreshed.
	TokenURL string `json:"token_url" yaml:"token_url"`
	// RefreshURL, when set, is used for refreshing instead of TokenURL.
	RefreshURL string `json:"refresh_url,omitempty" yaml:"refresh_url,omitempty"`
	// ClientAuth is how the client authenticates at the token endpoint:
	// "params" (client_id and client_secret in the form) or "header"
	// (HTTP Basic).
	ClientAuth string `json:"client_auth,omitempty" yaml:"client_auth,omitempty"`
	// PKCE is set when the provider accepts PKCE (S256).
	PKCE bool `json:"pkce,omitempty" yaml:"pkce,omitempty"`
	// ClientCredentials is set when the provider offers the
	// client-credentials grant (AuthScheme=OAUTH_CLIENT).
	ClientCredentials bool `json:"client_credentials,omitempty" yaml:"client_credentials,omitempty"`
	// Scopes are requested when the Scope property is absent.
	Scopes []string `json:"scopes,omitempty" yaml:"scopes,omitempty"`
	// Extra are token-response fields kept with the token
	// ("account_subdomain").
	Extra []string `json:"extra,omitempty" yaml:"extra,omitempty"`
}

// RateLimit is a provider's documented request budget, and the response
// headers that report what is left of it.
type RateLimit struct {
	// Requests may be sent per Period.
	Requests int `json:"requests,omitempty" yaml:"requests,omitempty"`
	// Period is the window of the budget.
	Period time.Duration `json:"period,omitempty" yaml:"period,omitempty"`
	// RemainingHeader reports how many requests the window has left
	// ("X-AircallApi-Remaining").
	RemainingHeader string `json:"remaining_header,omitempty" yaml:"remaining_header,omitempty"`
	// ResetHeader reports when the window refills, as Unix seconds
	// ("X-AircallApi-Reset").
	ResetHeader string `json:"reset_header,omitempty" yaml:"reset_header,omitempty"`
}

// PagingStyle names a pagination strategy.
type PagingStyle string

// The pagination strategies.
const (
	// PagingNone: the endpoint returns everything in one response.
	PagingNone PagingStyle = "none"
	// PagingNextLink: follow the absolute URL at NextPath until it is null
	// (Harvest's links.next, Aircall's meta.next_page_link).
	PagingNextLink PagingStyle = "next_link"
	// PagingPageNumber: ask for page 1, 2, … (PageParam) until the page
	// number reaches the total at TotalPagesPath, or a page is empty
	// (Aha!'s pagination.total_pages).
	PagingPageNumber PagingStyle = "page_number"
)

// Paging describes how a list endpoint pages.
type Paging struct {
	// Style is the strategy.
	Style PagingStyle `json:"style" yaml:"style"`
	// PageSizeParam is the query parameter of the page size ("per_page").
	PageSizeParam string `json:"page_size_param,omitempty" yaml:"page_size_param,omitempty"`
	// MaxPageSize is the largest page size the API accepts.
	MaxPageSize int `json:"max_page_size,omitempty" yaml:"max_page_size,omitempty"`
	// DefaultPageSize is the page size the API uses when none is asked
	// for; 0 means unknown (the size is then always sent).
	DefaultPageSize int `json:"default_page_size,omitempty" yaml:"default_page_size,omitempty"`
	// NextPath is the dotted JSON path of the next page's URL ("links.next").
	NextPath string `json:"next_path,omitempty" yaml:"next_path,omitempty"`
	// TotalPath is the dotted JSON path of the total row count ("total_entries").
	TotalPath string `json:"total_path,omitempty" yaml:"total_path,omitempty"`
	// PageParam is the query parameter of the page number (page_number
	// paging; "page").
	PageParam string `json:"page_param,omitempty" yaml:"page_param,omitempty"`
	// TotalPagesPath is the dotted JSON path of the number of pages
	// (page_number paging; "pagination.total_pages").
	TotalPagesPath string `json:"total_pages_path,omitempty" yaml:"total_pages_path,omitempty"`
	// Cap is the most records one listing can reach however it is paged
	// (Aircall: 10,000); 0 means none. A listing over the cap is split by
	// the access path's Window.
	Cap int `json:"cap,omitempty" yaml:"cap,omitempty"`
}

// Table is one SQL table backed by one or more endpoints.
type Table struct {
	// Name is the SQL name (snake_case, the API's own words).
	Name string `json:"name" yaml:"name"`
	// Doc describes the table.
	Doc string `json:"doc,omitempty" yaml:"doc,omitempty"`
	// Columns in declaration order; SELECT * returns them in this order.
	Columns []Column `json:"columns" yaml:"columns"`
	// Paths are the access paths, like indexes: the planner picks the
	// cheapest one whose keys are bound.
	Paths []AccessPath `json:"paths" yaml:"paths"`
	// Rows is the typical number of rows of an account, used to estimate
	// the cost of plans; 0 means unknown.
	Rows int `json:"rows,omitempty" yaml:"rows,omitempty"`
	// Explode, when set, is the dotted JSON path of an array inside each
	// record the paths return: its elements are the table's rows (an
	// invoice's line_items). Column paths are then relative to the
	// element, and a path starting with "^." reads the enclosing record
	// ("^.id" is the invoice's id).
	Explode string `json:"explode,omitempty" yaml:"explode,omitempty"`
}

// Column is one column of a table.
type Column struct {
	// Name is the SQL name.
	Name string `json:"name" yaml:"name"`
	// Type is the SQL type.
	Type Type `json:"type" yaml:"type"`
	// Path is the dotted JSON path in a record ("client.id"); empty means Name.
	Path string `json:"path,omitempty" yaml:"path,omitempty"`
	// Key marks the primary key.
	Key bool `json:"key,omitempty" yaml:"key,omitempty"`
	// Input marks a column that is not in the records: its value is the
	// one the query gives it in WHERE, sent as a required filter (a
	// report's from_date and to_date).
	Input bool `json:"input,omitempty" yaml:"input,omitempty"`
	// Doc describes the column.
	Doc string `json:"doc,omitempty" yaml:"doc,omitempty"`
}

// JSONPath returns the column's dotted JSON path.
func (c *Column) JSONPath() string {
	if c.Path != "" {
		return c.Path
	}
	return c.Name
}

// AccessPath is one endpoint that yields rows of a table.
type AccessPath struct {
	// Name identifies the path in EXPLAIN ("list", "by_id").
	Name string `json:"name" yaml:"name"`
	// Path is the URL path below the base URL, with {column} placeholders
	// for the keys ("/time_entries/{id}").
	Path string `json:"path" yaml:"path"`
	// Keys are columns that must be bound by equality to use this path;
	// each fills the placeholder of the same name.
	Keys []string `json:"keys,omitempty" yaml:"keys,omitempty"`
	// Records is the dotted JSON path of the record array in a page
	// ("time_entries"); "$" means the body itself is the array; empty
	// means the response is a single object (see Object).
	Records string `json:"records,omitempty" yaml:"records,omitempty"`
	// Filters are the predicates the endpoint accepts as query parameters.
	Filters []Filter `json:"filters,omitempty" yaml:"filters,omitempty"`
	// Paging overrides the provider's pagination; nil means the provider's,
	// and a single-object path never pages.
	Paging *Paging `json:"paging,omitempty" yaml:"paging,omitempty"`
	// NotFoundIsEmpty makes a 404 mean "no such row" (get-by-id) rather than
	// an error.
	NotFoundIsEmpty bool `json:"not_found_is_empty,omitempty" yaml:"not_found_is_empty,omitempty"`
	// RateLimit, when set, is the budget of this path instead of the
	// provider's (Harvest's Reports API: 100 requests per 15 minutes);
	// paths with equal budgets share one.
	RateLimit *RateLimit `json:"rate_limit,omitempty" yaml:"rate_limit,omitempty"`
	// Query holds fixed query parameters sent with every request of the
	// path (Aircall's fetch_contact=true, which fills the call's contact).
	Query map[string]string `json:"query,omitempty" yaml:"query,omitempty"`
	// EmptyStatuses are HTTP statuses that mean "no rows" on this path
	// (Harvest answers 422 for the teammates of a user who manages none).
	EmptyStatuses []int `json:"empty_statuses,omitempty" yaml:"empty_statuses,omitempty"`
	// Object is the dotted JSON path of the record in a single-object
	// response ("call" for Aircall's {"call":{…}}); empty means the body
	// is the record.
	Object string `json:"object,omitempty" yaml:"object,omitempty"`
	// Fields, when set, is the query parameter that selects the attributes
	// a list returns (Aha!'s fields=): the scan sends the top-level JSON
	// keys of the columns the query uses.
	Fields string `json:"fields,omitempty" yaml:"fields,omitempty"`
	// Window splits a listing larger than the paging Cap into time
	// windows of a creation-time filter.
	Window *Window `json:"window,omitempty" yaml:"window,omitempty"`
	// Parents names, for each key, the parent table and column whose
	// values the key takes ("invoices.id"): without the key in WHERE, the
	// planner reads the parent table and asks once per parent row.
	Parents map[string]string `json:"parents,omitempty" yaml:"parents,omitempty"`
}

// Window describes a range filter, both bounds inclusive, that cuts a
// listing into independent parts: a listing that exceeds its cap is
// bisected until each part fits (Aircall), and a listing of many pages is
// read as several parts at once, each following its own links (Harvest).
// Rows whose Column is NULL are in no part: declare a window only on a
// column the API always fills.
type Window struct {
	// Column is the filtered column ("started_at").
	Column string `json:"column" yaml:"column"`
	// From and To are the query parameters of the range's bounds, both
	// inclusive.
	From string `json:"from" yaml:"from"`
	To   string `json:"to" yaml:"to"`
	// Format is how bounds are written (unix).
	Format Format `json:"format,omitempty" yaml:"format,omitempty"`
	// Start is the earliest time the API holds, as Unix seconds (the
	// lower bound when the query gives none); 0 means the epoch.
	Start int64 `json:"start,omitempty" yaml:"start,omitempty"`
	// Descending says the listing comes newest first by Column (Harvest's
	// time entries): its first page holds the top of the range.
	Descending bool `json:"descending,omitempty" yaml:"descending,omitempty"`
}

// Single reports whether the path returns one bare object.
func (a *AccessPath) Single() bool { return a.Records == "" }

// Op is a comparison operator a filter accepts.
type Op string

// The comparison operators.
const (
	OpEQ Op = "="
	OpLT Op = "<"
	OpLE Op = "<="
	OpGT Op = ">"
	OpGE Op = ">="
)

// Format is how a filter's value is written in the query string.
type Format string

// The value formats.
const (
	FormatText     Format = ""         // as is
	FormatInteger  Format = "integer"  // decimal int64
	FormatBool     Format = "bool"     // true/false
	FormatDate     Format = "date"     // YYYY-MM-DD
	FormatDateTime Format = "datetime" // RFC 3339, UTC
	FormatUnix     Format = "unix"     // seconds since the epoch
)

// Filter maps a predicate on a column to a query parameter.
type Filter struct {
	// Column is the filtered column.
	Column string `json:"column" yaml:"column"`
	// Ops are the operators the parameter can serve. An operator whose
	// API meaning is wider than SQL's (from= for ">") is fine: the engine
	// re-checks every row unless Exact.
	Ops []Op `json:"ops" yaml:"ops"`
	// Param is the query parameter.
	Param string `json:"param" yaml:"param"`
	// Format is how the value is written.
	Format Format `json:"format,omitempty" yaml:"format,omitempty"`
	// Exact declares the API applies exactly the SQL predicate, so the
	// predicate need not be re-checked.
	Exact bool `json:"exact,omitempty" yaml:"exact,omitempty"`
	// Required makes the path usable only when the query gives this
	// filter a value (a report's date range).
	Required bool `json:"required,omitempty" yaml:"required,omitempty"`
}

// Accepts reports whether the filter serves op.
func (f *Filter) Accepts(op Op) bool {
	for _, o := range f.Ops {
		if o == op {
			return true
		}
	}
	return false
}

// Table returns the table named name (case-insensitive).
func (p *Provider) Table(name string) (*Table, bool) {
	for _, t := range p.Tables {
		if strings.EqualFold(t.Name, name) {
			return t, true
		}
	}
	return nil, false
}

// TableNames returns the names of all tables in catalog order.
func (p *Provider) TableNames() []string {
	names := make([]string, len(p.Tables))
	for i, t := range p.Tables {
		names[i] = t.Name
	}
	return names
}

// Setting returns the declared setting named name (case-insensitive).
func (p *Provider) Setting(name string) (*Setting, bool) {
	for i := range p.Settings {
		if strings.EqualFold(p.Settings[i].Name, name) {
			return &p.Settings[i], true
		}
	}
	return nil, false
}

// Column returns the index of the column named name (case-insensitive), or -1.
func (t *Table) Column(name string) int {
	for i := range t.Columns {
		if strings.EqualFold(t.Columns[i].Name, name) {
			return i
		}
	}
	return -1
}

// ColumnNames returns the column names in declaration order.
func (t *Table) ColumnNames() []string {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	return names
}

// Pushable reports whether some access path accepts a filter on column.
func (t *Table) Pushable(column string) bool {
	for i := range t.Paths {
		for _, k := range t.Paths[i].Keys {
			if strings.EqualFold(k, column) {
				return true
			}
		}
		for _, f := range t.Paths[i].Filters {
			if strings.EqualFold(f.Column, column) {
				return true
			}
		}
	}
	return false
}
