package aha

import (
	"time"

	"github.com/saasapi/saasapi/schema"
)

// Provider returns the Aha! REST API v1 profile. Each call returns a fresh
// value, so callers may modify it.
func Provider() *schema.Provider {
	return &schema.Provider{
		Name:    "aha",
		Title:   "Aha! REST API v1",
		Doc:     "Product roadmaps from Aha! (aha.io): workspaces, features, epics, ideas, releases, initiatives and goals.",
		BaseURL: "https://{Domain}.aha.io/api/v1",
		Settings: []schema.Setting{
			{Name: "Domain", Pattern: schema.PatternDNSLabel, Doc: "Account subdomain, the first part of the account's address (mycompany in https://mycompany.aha.io)."},
			{Name: "APIKey", Secret: true, Doc: "API key, generated in Aha! under Settings > Personal > Developer > API keys."},
			{Name: "BaseURL", Doc: "Overrides https://{Domain}.aha.io/api/v1, for proxies and the sandbox; plain http only for loopback hosts."},
		},
		Auth: schema.Auth{
			Schemes:      []string{"APIKEY", "OAUTH"},
			TokenSetting: "APIKey",
			Hint:         "check APIKey (an API key from Settings > Personal > Developer > API keys in Aha!) and Domain (the account subdomain) in ProfileSettings",
			OAuth: &schema.OAuth{
				AuthURL:    "https://{Domain}.aha.io/oauth/authorize",
				TokenURL:   "https://{Domain}.aha.io/oauth/token",
				ClientAuth: "params",
				Extra:      []string{"account_subdomain"},
			},
		},
		Paging: schema.Paging{
			Style:           schema.PagingPageNumber,
			PageParam:       "page",
			PageSizeParam:   "per_page",
			MaxPageSize:     200,
			DefaultPageSize: 30,
			TotalPath:       "pagination.total_records",
			TotalPagesPath:  "pagination.total_pages",
		},
		RateLimit: schema.RateLimit{Requests: 300, Period: time.Minute,
			RemainingHeader: "X-Ratelimit-Remaining", ResetHeader: "X-Ratelimit-Reset"},
		ErrorMessage: []string{"message", "error"},
		Tables: []*schema.Table{
			products(),
			features(),
			epics(),
			ideas(),
			ideaEndorsements(),
			ideaVotes(),
			ideaComments(),
			ideaCategories(),
			ideaOrganizations(),
			releases(),
			releasePhases(),
			initiatives(),
			goals(),
			requirements(),
			comments(),
			users(),
			todos(),
			competitors(),
		},
	}
}

// Column types, shared by the table files.
const (
	s = schema.TypeText
	i = schema.TypeInteger
	r = schema.TypeReal
	b = schema.TypeBoolean
	d = schema.TypeDate
	t = schema.TypeTimestamp
	j = schema.TypeJSON
)

// Column shorthands keep the table files close to the API's own docs.

// key is the id column: a digit string, often above 2^53.
func key(doc string) schema.Column {
	return schema.Column{Name: "id", Type: schema.TypeText, Key: true, Doc: doc + " (digits, kept as text)."}
}

// pathKey is a column filled from the request path of a parent-scoped
// listing; the records do not carry it.
func pathKey(name, doc string) schema.Column {
	return schema.Column{Name: name, Type: schema.TypeText,
		Doc: doc + " (from the request path, set only on rows read with it bound in WHERE; the records do not carry it)."}
}

var (
	col    = schema.Col
	nested = schema.Nested
	cols   = schema.Concat
)

func one(c ...schema.Column) []schema.Column { return c }

// Shared nested objects.

// user flattens an embedded user: id, name and email, plus created_at and
// updated_at when times is set.
func user(object, doc string, times bool) []schema.Column {
	f := []schema.Column{col("id", s, "user ID"), col("name", s, "name"), col("email", s, "email")}
	if times {
		f = append(f, col("created_at", t, "created"), col("updated_at", t, "updated"))
	}
	return nested(object, doc, f...)
}

func workflowStatus() []schema.Column {
	return nested("workflow_status", "Workflow status",
		col("id", s, "status ID"), col("name", s, "status name"), col("position", i, "position in the workflow"),
		col("complete", b, "whether the status means done"), col("color", s, "color"))
}

// description is the rich-text description object; attachments is
// included where the reference lists it.
func description(attachments bool) []schema.Column {
	f := []schema.Column{col("id", s, "ID"), col("body", s, "HTML body"), col("created_at", t, "created"), col("updated_at", t, "updated")}
	if attachments {
		f = append(f, col("attachments", j, "attachments, a JSON array"))
	}
	return nested("description", "Description", f...)
}

// project is the embedded product (workspace) of a record.
func project() []schema.Column {
	return nested("project", "Product (workspace) of the record",
		col("id", s, "product ID"), col("reference_prefix", s, "reference prefix"), col("name", s, "name"),
		col("product_line", b, "whether a product line"), col("created_at", t, "created"),
		col("workspace_type", s, "workspace type"), col("url", s, "web URL"))
}

// Filter and path shorthands.

var (
	eq    = []schema.Op{schema.OpEQ}
	since = []schema.Op{schema.OpGE, schema.OpGT}

	// updatedSince returns rows updated after the instant; the engine
	// re-checks the predicate.
	updatedSince = schema.Filter{Column: "updated_at", Param: "updated_since", Ops: since, Format: schema.FormatDateTime}
	// assignedTo takes a user ID or email, so it is re-checked.
	assignedTo = schema.Filter{Column: "assigned_to_user_id", Param: "assigned_to_user", Ops: eq}
)

// list is a listing path: records under key, fields= for projection.
func list(name, path, records string, filters ...schema.Filter) schema.AccessPath {
	return schema.AccessPath{Name: name, Path: path, Records: records, Filters: filters, Fields: "fields"}
}

// scoped is a listing below a parent (/products/{product_id}/features),
// used when WHERE binds keyCol.
func scoped(name, path, keyCol, records string, filters ...schema.Filter) schema.AccessPath {
	a := list(name, path, records, filters...)
	a.Keys = []string{keyCol}
	return a
}

// child is a listing that exists only below a parent: without keyCol in
// WHERE, the planner reads parent ("ideas.id") and asks once per row.
func child(name, path, keyCol, parent, records string, filters ...schema.Filter) schema.AccessPath {
	a := scoped(name, path, keyCol, records, filters...)
	a.Parents = map[string]string{keyCol: parent}
	return a
}

// byID is the get-by-id path of resource; the API wraps the record in
// object ({"feature":{…}}) and accepts the id or the reference number.
func byID(resource, object string) schema.AccessPath {
	return schema.AccessPath{Name: "by_id", Path: "/" + resource + "/{id}", Keys: []string{"id"}, NotFoundIsEmpty: true, Object: object}
}
