package harvest

import (
	"time"

	"github.com/saasapi/saasapi/schema"
)

// Provider returns the Harvest API v2 profile. Each call returns a fresh
// value, so callers may modify it.
func Provider() *schema.Provider {
	return &schema.Provider{
		Name:    "harvest",
		Title:   "Harvest API v2",
		Doc:     "Time tracking, projects, clients and people from Harvest (getharvest.com).",
		BaseURL: "https://api.harvestapp.com/v2",
		Settings: []schema.Setting{
			{Name: "APIKey", Secret: true, Doc: "Personal access token, created under Developers at id.getharvest.com."},
			{Name: "AccountId", Pattern: schema.PatternDigits, Doc: "Harvest account ID (digits only), shown next to the personal access token at id.getharvest.com; sent as the Harvest-Account-Id header."},
			{Name: "BaseURL", Doc: "Overrides https://api.harvestapp.com/v2, for proxies and the sandbox; plain http only for loopback hosts."},
		},
		Headers: map[string]string{"Harvest-Account-Id": "{AccountId}"},
		Auth: schema.Auth{
			Schemes:      []string{"APIKEY", "OAUTH"},
			TokenSetting: "APIKey",
			Hint:         "check APIKey (a personal access token from id.getharvest.com) and AccountId in ProfileSettings",
			OAuth: &schema.OAuth{
				AuthURL:    "https://id.getharvest.com/oauth2/authorize",
				TokenURL:   "https://id.getharvest.com/api/v2/oauth2/token",
				ClientAuth: "params",
			},
		},
		Paging: schema.Paging{
			Style:           schema.PagingNextLink,
			PageSizeParam:   "per_page",
			MaxPageSize:     2000,
			DefaultPageSize: 2000,
			NextPath:        "links.next",
			TotalPath:       "total_entries",
		},
		RateLimit:    schema.RateLimit{Requests: 100, Period: 15 * time.Second},
		ErrorMessage: []string{"error_description", "message", "error"},
		Tables: append([]*schema.Table{
			timeEntries(),
			projects(),
			clients(),
			users(),
			tasks(),
			contacts(),
			invoices(),
			invoiceLineItems(),
			invoiceMessages(),
			invoicePayments(),
			invoiceItemCategories(),
			estimates(),
			estimateLineItems(),
			estimateMessages(),
			estimateItemCategories(),
			expenses(),
			expenseCategories(),
			taskAssignments(),
			userAssignments(),
			projectAssignments(),
			billableRates(),
			costRates(),
			teammates(),
			roles(),
			company(),
			projectBudgetReport(),
		}, reports()...),
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

// Filter shorthands.

var (
	eq    = []schema.Op{schema.OpEQ}
	lower = []schema.Op{schema.OpGE, schema.OpGT, schema.OpEQ}
	upper = []schema.Op{schema.OpLE, schema.OpLT, schema.OpEQ}
	since = []schema.Op{schema.OpGE, schema.OpGT}
	idEq  = func(column string) schema.Filter {
		return schema.Filter{Column: column, Param: column, Ops: eq, Format: schema.FormatInteger, Exact: true}
	}
	boolEq = func(column string) schema.Filter {
		return schema.Filter{Column: column, Param: column, Ops: eq, Format: schema.FormatBool, Exact: true}
	}
)

var updatedSince = schema.Filter{Column: "updated_at", Param: "updated_since", Ops: since, Format: schema.FormatDateTime}

// paths returns the list and get-by-id access paths of a top-level resource.
// spentWindow cuts a listing of spent_date, newest first, into date
// ranges read at once (Harvest's from and to, both inclusive); Harvest
// began in 2006.
var spentWindow = &schema.Window{Column: "spent_date", From: "from", To: "to", Format: schema.FormatDate,
	Start: time.Date(2006, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), Descending: true}

// windowed gives the listing of paths the window w.
func windowed(w *schema.Window, paths []schema.AccessPath) []schema.AccessPath {
	paths[0].Window = w
	return paths
}

func paths(resource string, filters ...schema.Filter) []schema.AccessPath {
	return []schema.AccessPath{
		{Name: "list", Path: "/" + resource, Records: resource, Filters: filters},
		{Name: "by_id", Path: "/" + resource + "/{id}", Keys: []string{"id"}, NotFoundIsEmpty: true},
	}
}
