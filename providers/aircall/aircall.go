package aircall

import (
	"time"

	"github.com/saasapi/saasapi/schema"
)

// Provider returns the Aircall Public API v1 profile. Each call returns a
// fresh value, so callers may modify it.
func Provider() *schema.Provider {
	return &schema.Provider{
		Name:    "aircall",
		Title:   "Aircall Public API v1",
		Doc:     "Calls, users, numbers, teams and contacts from Aircall (aircall.io) cloud telephony.",
		BaseURL: "https://api.aircall.io/v1",
		Settings: []schema.Setting{
			{Name: "BaseURL", Doc: "Overrides https://api.aircall.io/v1, for proxies and the sandbox; plain http only for loopback hosts."},
		},
		Auth: schema.Auth{
			Schemes: []string{"BASIC", "OAUTH"},
			Hint:    "check User (the API ID) and Password (the API token) from Dashboard > Integrations > API Keys in Aircall; Aircall answers 403 for an invalid key",
			OAuth: &schema.OAuth{
				AuthURL:    "https://dashboard.aircall.io/oauth/authorize",
				TokenURL:   "https://api.aircall.io/v1/oauth/token",
				ClientAuth: "params",
				Scopes:     []string{"public_api"},
			},
		},
		Paging: schema.Paging{
			Style:           schema.PagingNextLink,
			PageSizeParam:   "per_page",
			MaxPageSize:     50,
			DefaultPageSize: 20,
			NextPath:        "meta.next_page_link",
			TotalPath:       "meta.total",
			Cap:             10000,
		},
		RateLimit: schema.RateLimit{Requests: 60, Period: time.Minute,
			RemainingHeader: "X-AircallApi-Remaining", ResetHeader: "X-AircallApi-Reset"},
		ErrorMessage: []string{"message", "error", "troubleshoot"},
		Tables: []*schema.Table{
			calls(),
			users(),
			userAvailabilities(),
			teams(),
			numbers(),
			contacts(),
			tags(),
			webhooks(),
			company(),
			callTranscriptions(),
			callSentiments(),
			callTopics(),
			callSummaries(),
		},
	}
}

// Column shorthands keep the table files close to the API's own docs.

func key(doc string) schema.Column {
	return schema.Column{Name: "id", Type: schema.TypeInteger, Key: true, Doc: doc}
}

var (
	col    = schema.Col
	nested = schema.Nested
	cols   = schema.Concat
)

func one(c ...schema.Column) []schema.Column { return c }

// userRef are the fields of a user object embedded in another record
// (a call's assigned_to, transferred_by, transferred_to).
func userRef(object, doc string) []schema.Column {
	return nested(object, doc,
		col("id", schema.TypeInteger, "user ID"),
		col("direct_link", schema.TypeText, "API URL of the user"),
		col("name", schema.TypeText, "user name"),
		col("email", schema.TypeText, "user email"))
}

// Filter and path shorthands.

var (
	eq    = []schema.Op{schema.OpEQ}
	lower = []schema.Op{schema.OpGE, schema.OpGT, schema.OpEQ}
	upper = []schema.Op{schema.OpLE, schema.OpLT, schema.OpEQ}
)

// windowStart is the earliest creation time asked for when a query gives
// no lower bound: 2010-01-01, before Aircall existed.
const windowStart = 1262304000

// created returns the from/to filters of a listing on column (the
// resource's creation time, as Unix seconds) and the window that splits a
// listing over the 10,000-record cap.
func created(column string) ([]schema.Filter, *schema.Window) {
	return []schema.Filter{
			{Column: column, Param: "from", Ops: lower, Format: schema.FormatUnix},
			{Column: column, Param: "to", Ops: upper, Format: schema.FormatUnix},
		}, &schema.Window{
			Column: column, From: "from", To: "to", Format: schema.FormatUnix, Start: windowStart,
		}
}

// list is a listing path of resource; byID is its get-by-id path, whose
// response wraps the record in object ({"call":{…}}).
func list(resource string, filters []schema.Filter, w *schema.Window) schema.AccessPath {
	return schema.AccessPath{Name: "list", Path: "/" + resource, Records: resource, Filters: filters, Window: w}
}

func byID(resource, object string) schema.AccessPath {
	return schema.AccessPath{Name: "by_id", Path: "/" + resource + "/{id}", Keys: []string{"id"}, NotFoundIsEmpty: true, Object: object}
}
