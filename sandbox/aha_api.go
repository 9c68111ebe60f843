package sandbox

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Fixed Aha! error bodies ({"error","message"}, §3.5).
const (
	ahaUnauthorizedBody = `{"error":"Unauthorized","message":"The API key or access token is missing, invalid or expired."}`
	ahaNotFoundBody     = `{"error":"Not Found","message":"The record was not found."}`
	ahaReadOnlyBody     = `{"error":"Method Not Allowed","message":"The sandbox is read-only: only GET requests are supported."}`
	ahaRateLimitedBody  = `{"error":"Rate limit exceeded","message":"You have exceeded the rate limit of 300 requests per minute. Retry after the number of seconds given in the Retry-After header."}`
)

func ahaError(status int, msg, detail string) response {
	b, _ := marshal(struct {
		Error   string `json:"error"`
		Message string `json:"message"`
	}{msg, detail})
	return jsonResponse(status, b)
}

// ahaInjected builds an Aha!-style FailNext failure (below 500).
func ahaInjected(status int) response {
	switch status {
	case http.StatusTooManyRequests:
		return fixed(status, ahaRateLimitedBody)
	case http.StatusUnauthorized:
		return fixed(status, ahaUnauthorizedBody)
	case http.StatusNotFound:
		return fixed(status, ahaNotFoundBody)
	}
	return ahaError(status, http.StatusText(status), "Injected failure (sandbox FailNext)")
}

// answerAha checks auth (Bearer API key or OAuth token, or the
// access_token parameter), path and method, then answers the endpoint.
func (s *Server) answerAha(r *http.Request) response {
	if !s.validToken(bearerToken(r)) {
		return fixed(http.StatusUnauthorized, ahaUnauthorizedBody)
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/api/v1/")
	if !ok {
		return fixed(http.StatusNotFound, ahaNotFoundBody)
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		resp := fixed(http.StatusMethodNotAllowed, ahaReadOnlyBody)
		resp.header = map[string]string{"Allow": "GET, HEAD"}
		return resp
	}
	return s.aha.route(r, strings.Split(rest, "/"))
}

// Aha! page sizes (§3.3).
const ahaDefaultPerPage = 30

// ahaFilter is one supported query parameter of a table.
type ahaFilter struct {
	param string
	parse func(v string) (func(i int) bool, error)
}

// ahaChild is a nested list under a parent record: /<parent>/{id}/<path>.
type ahaChild struct {
	table string // child table name
	extra func(q url.Values) func(i int) bool
}

// ahaTable is one Aha! resource with its records split into fields, so
// that lists can return the default subset or the fields= projection.
type ahaTable struct {
	name     string
	key, one string // list and get-by-id envelope keys; one == "" has no get-by-id
	list     bool   // has an account-wide list
	keys     []string
	vals     [][]json.RawMessage
	defaults []int // field indexes of list records without fields=
	byRef    map[string]int
	filters  []ahaFilter
	parents  map[string]map[int][]int // parent table -> parent index -> child indexes
	children map[string]ahaChild      // path segment -> child
	sort     func(q url.Values, idx []int) error
}

// ahaAPI serves an AhaDataset.
type ahaAPI struct {
	ds         *AhaDataset
	maxPerPage int
	tables     map[string]*ahaTable
}

// splitObject splits an encoded JSON object into its keys and raw values.
func splitObject(b []byte) ([]string, []json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, nil, fmt.Errorf("not an object")
	}
	var keys []string
	var vals []json.RawMessage
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, err
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, nil, err
		}
		keys, vals = append(keys, tok.(string)), append(vals, raw)
	}
	return keys, vals, nil
}

// splitCompact splits a compact JSON object, as marshal writes it (no
// space between tokens), into its raw values, which share b; the keys are
// returned only when keys is true; fields is the number of values
// expected. It is splitObject without a decoder,
// for the hundreds of thousands of records a large data set holds.
func splitCompact(b []byte, keys bool, fields int) ([]string, []json.RawMessage, error) {
	bad := fmt.Errorf("not a compact JSON object")
	if len(b) < 2 || b[0] != '{' || b[len(b)-1] != '}' {
		return nil, nil, bad
	}
	var ks []string
	vals := make([]json.RawMessage, 0, fields)
	i := 1
	if b[i] == '}' {
		return ks, vals, nil
	}
	for {
		if b[i] != '"' {
			return nil, nil, bad
		}
		end := skipString(b, i)
		if end < 0 || end >= len(b) || b[end] != ':' {
			return nil, nil, bad
		}
		if keys {
			k, err := strconv.Unquote(string(b[i:end]))
			if err != nil {
				return nil, nil, bad
			}
			ks = append(ks, k)
		}
		start := end + 1
		i = skipValue(b, start)
		if i < 0 || i >= len(b) {
			return nil, nil, bad
		}
		vals = append(vals, json.RawMessage(b[start:i:i]))
		switch b[i] {
		case ',':
			i++
		case '}':
			if i != len(b)-1 {
				return nil, nil, bad
			}
			return ks, vals, nil
		default:
			return nil, nil, bad
		}
	}
}

// skipString returns the index after the string that starts at b[i] ('"'),
// or -1.
func skipString(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

// skipValue returns the index after the value that starts at b[i]: a
// string, an object or array (to its matching bracket), or a literal
// (number, true, false, null: to the first byte that cannot be in one);
// -1 when there is none.
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				j = skipString(b, j)
				if j < 0 {
					return -1
				}
				j--
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	}
	for j := i; j < len(b); j++ {
		if c := b[j]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c == 'E' || c == '.' || c == '+' || c == '-') {
			if j == i {
				return -1
			}
			return j
		}
	}
	return -1
}

// newAhaTable encodes recs. refs lists the ids and references a record is
// addressable by; defaults names the fields of list records (nil: all).
func newAhaTable[T any](name, key, one string, list bool, recs []T, refs func(T) []string, defaults []string) (*ahaTable, error) {
	t := &ahaTable{name: name, key: key, one: one, list: list, vals: make([][]json.RawMessage, len(recs)),
		byRef: map[string]int{}, parents: map[string]map[int][]int{}, children: map[string]ahaChild{}}
	for i, r := range recs {
		b, err := marshalRecord(r) // exactly sized: the values share it
		if err != nil {
			return nil, fmt.Errorf("sandbox: encoding aha %s: %w", name, err)
		}
		keys, vals, err := splitCompact(b, t.keys == nil, len(t.keys))
		if err != nil {
			return nil, fmt.Errorf("sandbox: encoding aha %s: %w", name, err)
		}
		if t.keys == nil {
			t.keys = keys
		}
		t.vals[i] = vals
		for _, ref := range refs(r) {
			if ref != "" {
				t.byRef[ref] = i
			}
		}
	}
	if t.keys == nil { // no records: take the keys from the zero value
		var zero T
		b, _ := marshal(zero)
		t.keys, _, _ = splitObject(b)
	}
	if defaults == nil {
		defaults = t.keys
	}
	for _, d := range defaults {
		if k := slices.Index(t.keys, d); k >= 0 {
			t.defaults = append(t.defaults, k)
		}
	}
	return t, nil
}

// link records that child record c belongs to parent record p of table
// parent.
func (t *ahaTable) link(parent string, p, c int) {
	m := t.parents[parent]
	if m == nil {
		m = map[int][]int{}
		t.parents[parent] = m
	}
	m[p] = append(m[p], c)
}

// The default fields of list records: documented for products, features
// and ideas (§3.3, §3.8) and shown by the list examples of epics and
// releases (§3.9); the other work items (initiatives, goals,
// requirements) follow the features' pattern, and the remaining tables
// list full records.
var ahaDefaults = map[string][]string{
	"products": {"id", "reference_prefix", "name", "product_line", "created_at", "workspace_type", "url"},
	"features": {"id", "reference_num", "name", "created_at", "url", "resource", "product_id"},
	"ideas":    {"id", "name", "reference_num", "created_at", "updated_at", "workflow_status", "description", "url", "resource"},
	"epics": {"id", "name", "reference_num", "initiative_reference_num", "position", "score", "created_at", "updated_at",
		"start_date", "due_date", "product_id", "progress", "progress_source", "duration_source", "workflow_status", "url", "resource"},
	"releases": {"id", "name", "reference_num", "theme", "start_date", "release_date", "external_release_date", "parking_lot",
		"position", "created_at", "updated_at", "product_id", "progress", "progress_source", "url", "resource", "workflow_status"},
	"initiatives":  {"id", "name", "reference_num", "created_at", "url", "resource", "product_id"},
	"goals":        {"id", "name", "reference_num", "created_at", "url", "resource", "product_id"},
	"requirements": {"id", "name", "reference_num", "created_at", "url", "resource"},
}

func newAhaAPI(ds *AhaDataset, opts Options) (*ahaAPI, error) {
	a := &ahaAPI{ds: ds, maxPerPage: opts.MaxPerPage, tables: map[string]*ahaTable{}}
	var err error
	add := func(t *ahaTable, e error) *ahaTable {
		if e != nil && err == nil {
			err = e
		}
		if t != nil {
			a.tables[t.name] = t
		}
		return t
	}
	ids := func(id string, refs ...string) []string { return append([]string{id}, refs...) }

	products := add(newAhaTable("products", "products", "product", true, ds.Products,
		func(p AhaProduct) []string { return ids(p.ID, p.ReferencePrefix) }, ahaDefaults["products"]))
	features := add(newAhaTable("features", "features", "feature", true, ds.Features,
		func(f AhaFeature) []string { return ids(f.ID, f.ReferenceNum) }, ahaDefaults["features"]))
	epics := add(newAhaTable("epics", "epics", "epic", true, ds.Epics,
		func(e AhaEpic) []string { return ids(e.ID, e.ReferenceNum) }, ahaDefaults["epics"]))
	ideas := add(newAhaTable("ideas", "ideas", "idea", true, ds.Ideas,
		func(d AhaIdea) []string { return ids(d.ID, d.ReferenceNum) }, ahaDefaults["ideas"]))
	releases := add(newAhaTable("releases", "releases", "release", true, ds.Releases,
		func(r AhaRelease) []string { return ids(r.ID, r.ReferenceNum) }, ahaDefaults["releases"]))
	phases := add(newAhaTable("release_phases", "release_phases", "release_phase", true, ds.ReleasePhases,
		func(p AhaReleasePhase) []string { return ids(p.ID) }, nil))
	initiatives := add(newAhaTable("initiatives", "initiatives", "initiative", true, ds.Initiatives,
		func(in AhaInitiative) []string { return ids(in.ID, in.ReferenceNum) }, ahaDefaults["initiatives"]))
	goals := add(newAhaTable("goals", "goals", "goal", true, ds.Goals,
		func(g AhaGoal) []string { return ids(g.ID, g.ReferenceNum) }, ahaDefaults["goals"]))
	requirements := add(newAhaTable("requirements", "requirements", "requirement", false, ds.Requirements,
		func(r AhaRequirement) []string { return ids(r.ID, r.ReferenceNum) }, ahaDefaults["requirements"]))
	comments := add(newAhaTable("comments", "comments", "comment", false, ds.Comments,
		func(c AhaComment) []string { return ids(c.ID) }, nil))
	add(newAhaTable("users", "users", "user", true, ds.Users,
		func(u AhaUser) []string { return ids(u.ID) }, nil))
	categories := add(newAhaTable("idea_categories", "idea_categories", "", false, ds.IdeaCategories,
		func(c AhaIdeaCategory) []string { return ids(c.ID) }, nil))
	endorsements := add(newAhaTable("idea_endorsements", "idea_endorsements", "", false, ds.IdeaEndorsements,
		func(e AhaIdeaEndorsement) []string { return ids(e.ID) }, nil))
	votes := add(newAhaTable("idea_votes", "votes", "", false, ds.IdeaEndorsements,
		func(e AhaIdeaEndorsement) []string { return ids(e.ID) }, nil))
	ideaComments := add(newAhaTable("idea_comments", "idea_comments", "", false, ds.IdeaComments,
		func(c AhaIdeaComment) []string { return ids(c.ID) }, nil))
	orgs := add(newAhaTable("idea_organizations", "idea_organizations", "idea_organization", true, ds.IdeaOrganizations,
		func(o AhaIdeaOrganization) []string { return ids(o.ID) }, nil))
	todos := add(newAhaTable("todos", "tasks", "task", true, ds.Todos,
		func(t AhaTodo) []string { return ids(t.ID) }, nil))
	models := add(newAhaTable("strategic_models", "strategic_models", "strategic_model", true, ds.StrategicModels,
		func(m AhaStrategicModel) []string { return ids(m.ID) }, nil))
	defs := add(newAhaTable("custom_field_definitions", "custom_field_definitions", "", true, ds.CustomFieldDefinitions,
		func(d AhaCustomFieldDefinition) []string { return ids(d.ID, d.Key) }, nil))
	options := add(newAhaTable("custom_field_options", "options", "", false, ds.CustomFieldOptions,
		func(o AhaCustomFieldOption) []string { return ids(o.ID) }, nil))
	competitors := add(newAhaTable("competitors", "competitors", "competitor", false, ds.Competitors,
		func(c AhaCompetitor) []string { return ids(c.ID) }, nil))
	add(newAhaTable("account_backups", "account_backups", "account_backup", true, ds.AccountBackups,
		func(b AhaAccountBackup) []string { return ids(b.ID) }, nil))
	if err != nil {
		return nil, err
	}

	// Parent links.
	for i, f := range ds.Features {
		features.link("products", products.byRef[f.ProductID], i)
		features.link("releases", releases.byRef[f.Release.ID], i)
		if f.EpicReferenceNum != nil {
			features.link("epics", epics.byRef[*f.EpicReferenceNum], i)
		}
		if f.InitiativeReferenceNum != nil {
			features.link("initiatives", initiatives.byRef[*f.InitiativeReferenceNum], i)
		}
		for _, g := range f.Goals {
			features.link("goals", goals.byRef[g.ID], i)
		}
	}
	for i, e := range ds.Epics {
		epics.link("products", products.byRef[e.ProductID], i)
		epics.link("releases", releases.byRef[e.Release.ID], i)
		if e.InitiativeReferenceNum != nil {
			epics.link("initiatives", initiatives.byRef[*e.InitiativeReferenceNum], i)
		}
		// An epic supports the goals its features support.
		seen := map[int]bool{}
		for _, fi := range features.parents["epics"][i] {
			for _, g := range ds.Features[fi].Goals {
				if gi := goals.byRef[g.ID]; !seen[gi] {
					seen[gi] = true
					epics.link("goals", gi, i)
				}
			}
		}
	}
	for _, m := range epics.parents["goals"] {
		slices.Sort(m)
	}
	for i, d := range ds.Ideas {
		ideas.link("products", products.byRef[d.ProductID], i)
	}
	for i, r := range ds.Releases {
		releases.link("products", products.byRef[r.ProductID], i)
	}
	for i, p := range ds.ReleasePhases {
		phases.link("releases", releases.byRef[p.ReleaseID], i)
	}
	for i, in := range ds.Initiatives {
		initiatives.link("products", products.byRef[in.ProductID], i)
	}
	for i, g := range ds.Goals {
		goals.link("products", products.byRef[g.ProductID], i)
	}
	for i, r := range ds.Requirements {
		requirements.link("features", features.byRef[r.Feature.ID], i)
	}
	commentParents := map[string]string{"Feature": "features", "Epic": "epics", "Requirement": "requirements",
		"Idea": "ideas", "Release": "releases", "ReleasePhase": "release_phases", "Initiative": "initiatives",
		"Goal": "goals", "Task": "todos"}
	for i, c := range ds.Comments {
		comments.link("products", products.byRef[c.Commentable.ProductID], i)
		parent := commentParents[c.Commentable.Type]
		comments.link(parent, a.tables[parent].byRef[c.Commentable.ID], i)
	}
	for i := range ds.IdeaCategories {
		// Categories are generated product by product, len(ahaCategoryNames) each.
		categories.link("products", i/len(ahaCategoryNames), i)
	}
	for i, e := range ds.IdeaEndorsements {
		endorsements.link("ideas", ideas.byRef[e.IdeaID], i)
		if e.EndorsedByIdeaOrganization == nil {
			votes.link("ideas", ideas.byRef[e.IdeaID], i)
		}
	}
	for i, c := range ds.IdeaComments {
		ideaComments.link("ideas", ideas.byRef[c.IdeaID], i)
	}
	for i, o := range ds.CustomFieldOptions {
		options.link("custom_field_definitions", defs.byRef[o.DefinitionID], i)
	}
	for i, c := range ds.Competitors {
		competitors.link("products", products.byRef[c.ProductID], i)
	}

	// Nested paths.
	child := func(parent *ahaTable, segs ...string) {
		for _, s := range segs {
			parent.children[s] = ahaChild{table: s}
		}
	}
	child(products, "features", "epics", "ideas", "releases", "initiatives", "goals", "idea_categories", "comments", "competitors")
	child(releases, "features", "epics", "release_phases", "comments")
	child(epics, "features", "comments")
	child(goals, "features", "epics", "comments")
	child(initiatives, "features", "epics", "comments")
	child(features, "requirements", "comments")
	child(requirements, "comments")
	child(phases, "comments")
	child(todos, "comments")
	child(ideas, "comments", "idea_comments")
	ideas.children["endorsements"] = ahaChild{table: "idea_endorsements", extra: func(q url.Values) func(int) bool {
		if lastValue(q, "proxy") != "true" {
			return nil
		}
		return func(i int) bool { return ds.IdeaEndorsements[i].EndorsedByIdeaOrganization != nil }
	}}
	ideas.children["votes"] = ahaChild{table: "idea_votes"}
	defs.children["options"] = ahaChild{table: "custom_field_options"}

	// Filters.
	users2 := func(u *AhaAssignee) (string, string) {
		if u == nil {
			return "", ""
		}
		return u.ID, u.Email
	}
	features.filters = []ahaFilter{
		ahaQ(func(i int) string { return ds.Features[i].Name }),
		ahaSince("updated_since", func(i int) string { return ds.Features[i].UpdatedAt }),
		ahaTag(func(i int) []string { return ds.Features[i].Tags }),
		ahaAssignee(func(i int) (string, string) { return users2(ds.Features[i].AssignedToUser) }),
	}
	epics.filters = []ahaFilter{
		ahaQ(func(i int) string { return ds.Epics[i].Name }),
		ahaSince("updated_since", func(i int) string { return ds.Epics[i].UpdatedAt }),
		ahaTag(func(i int) []string { return ds.Epics[i].Tags }),
		ahaAssignee(func(i int) (string, string) { return users2(ds.Epics[i].AssignedToUser) }),
	}
	products.filters = []ahaFilter{ahaSince("updated_since", func(i int) string { return ds.Products[i].UpdatedAt })}
	releases.filters = []ahaFilter{
		ahaQ(func(i int) string { return ds.Releases[i].Name }),
		ahaSince("updated_since", func(i int) string { return ds.Releases[i].UpdatedAt }),
		ahaFold("status", func(i int) []string { return []string{ds.Releases[i].WorkflowStatus.Name} }),
		ahaBool("parking_lot", func(i int) bool { return ds.Releases[i].ParkingLot }),
		ahaAssignee(func(i int) (string, string) { return users2(ds.Releases[i].AssignedToUser) }),
	}
	initiatives.filters = []ahaFilter{
		ahaQ(func(i int) string { return ds.Initiatives[i].Name }),
		ahaSince("updated_since", func(i int) string { return ds.Initiatives[i].UpdatedAt }),
		ahaAssignee(func(i int) (string, string) { return users2(ds.Initiatives[i].AssignedToUser) }),
		{param: "only_active", parse: func(v string) (func(int) bool, error) {
			b, err := parseAhaBool("only_active", v)
			if err != nil || !b {
				return nil, err
			}
			return func(i int) bool { return !ds.Initiatives[i].WorkflowStatus.Complete }, nil
		}},
	}
	goals.filters = []ahaFilter{
		ahaQ(func(i int) string { return ds.Goals[i].Name }),
		ahaSince("updated_since", func(i int) string { return ds.Goals[i].UpdatedAt }),
		ahaAssignee(func(i int) (string, string) { return users2(ds.Goals[i].AssignedToUser) }),
		ahaFold("status", func(i int) []string { return []string{ds.Goals[i].Status} }),
	}
	orgs.filters = []ahaFilter{
		ahaQ(func(i int) string { return ds.IdeaOrganizations[i].Name }),
		ahaFold("email_domain", func(i int) []string { return ds.IdeaOrganizations[i].EmailDomains }),
	}
	models.filters = []ahaFilter{
		ahaQ(func(i int) string { return ds.StrategicModels[i].Name }),
		ahaFold("type", func(i int) []string { return []string{ds.StrategicModels[i].Type} }),
		ahaSince("updated_since", func(i int) string { return ds.StrategicModels[i].UpdatedAt }),
	}
	idea := func(i int) *AhaIdea { return &ds.Ideas[i] }
	ideas.filters = []ahaFilter{
		ahaQ(func(i int) string { return idea(i).Name }),
		{param: "workflow_status", parse: func(v string) (func(int) bool, error) {
			return func(i int) bool {
				ws := idea(i).WorkflowStatus
				return ws.ID == v || strings.EqualFold(ws.Name, v)
			}, nil
		}},
		ahaSince("created_since", func(i int) string { return idea(i).CreatedAt }),
		ahaBefore("created_before", func(i int) string { return idea(i).CreatedAt }),
		ahaSince("updated_since", func(i int) string { return idea(i).UpdatedAt }),
		ahaTag(func(i int) []string { return idea(i).Tags }),
		{param: "user_id", parse: func(v string) (func(int) bool, error) {
			return func(i int) bool { u := idea(i).CreatedByUser; return u != nil && u.ID == v }, nil
		}},
		{param: "idea_user_id", parse: func(v string) (func(int) bool, error) {
			return func(i int) bool { u := idea(i).CreatedByIdeaUser; return u != nil && u.ID == v }, nil
		}},
		{param: "category", parse: func(v string) (func(int) bool, error) {
			return func(i int) bool {
				return slices.ContainsFunc(idea(i).Categories, func(c AhaIdeaCategory) bool {
					return c.ID == v || strings.EqualFold(c.Name, v)
				})
			}, nil
		}},
		{param: "product_id", parse: func(v string) (func(int) bool, error) {
			return func(i int) bool { p := idea(i).Product; return p.ID == v || p.ReferencePrefix == v }, nil
		}},
		{param: "assigned_to_user", parse: func(v string) (func(int) bool, error) {
			return func(i int) bool {
				u := idea(i).AssignedToUser
				return u != nil && (u.ID == v || strings.EqualFold(u.Email, v))
			}, nil
		}},
	}
	ideas.sort = func(q url.Values, idx []int) error {
		var key func(a, b int) int
		switch v := lastValue(q, "sort"); v {
		case "":
			return nil
		case "recent":
			key = func(a, b int) int { return strings.Compare(idea(b).CreatedAt, idea(a).CreatedAt) }
		case "popular":
			key = func(a, b int) int { return cmp.Compare(idea(b).Votes, idea(a).Votes) }
		case "trending":
			key = func(a, b int) int {
				return cmp.Or(cmp.Compare(idea(b).Votes, idea(a).Votes), strings.Compare(idea(b).UpdatedAt, idea(a).UpdatedAt))
			}
		default:
			return fmt.Errorf("sort must be recent, trending or popular, got %q", v)
		}
		slices.SortStableFunc(idx, key)
		return nil
	}
	return a, nil
}

// ideaSpam hides spam ideas unless spam=true, which shows only them.
func (a *ahaAPI) ideaSpam(q url.Values) (func(int) bool, error) {
	want := false
	if v := lastValue(q, "spam"); v != "" {
		b, err := parseAhaBool("spam", v)
		if err != nil {
			return nil, err
		}
		want = b
	}
	return func(i int) bool { return a.ds.Ideas[i].Spam == want }, nil
}

func parseAhaBool(param, v string) (bool, error) {
	switch v {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, fmt.Errorf("%s must be true or false, got %q", param, v)
}

func ahaQ(name func(i int) string) ahaFilter {
	return ahaFilter{param: "q", parse: func(v string) (func(int) bool, error) {
		v = strings.ToLower(v)
		return func(i int) bool { return strings.Contains(strings.ToLower(name(i)), v) }, nil
	}}
}

// ahaSince is an inclusive lower bound on a datetime: value >= the instant.
func ahaSince(param string, get func(i int) string) ahaFilter {
	return ahaFilter{param: param, parse: func(v string) (func(int) bool, error) {
		t, ok := parseDatetime(v)
		if !ok {
			return nil, fmt.Errorf("%s must be an ISO 8601 datetime such as 2024-01-01T00:00:00Z, got %q", param, v)
		}
		return func(i int) bool { return !mustISO(get(i)).Before(t) }, nil
	}}
}

// ahaBefore is an exclusive upper bound on a datetime: value < the instant.
func ahaBefore(param string, get func(i int) string) ahaFilter {
	return ahaFilter{param: param, parse: func(v string) (func(int) bool, error) {
		t, ok := parseDatetime(v)
		if !ok {
			return nil, fmt.Errorf("%s must be an ISO 8601 datetime such as 2024-01-01T00:00:00Z, got %q", param, v)
		}
		return func(i int) bool { return mustISO(get(i)).Before(t) }, nil
	}}
}

func ahaTag(tags func(i int) []string) ahaFilter { return ahaFold("tag", tags) }

// ahaFold matches when one of the values equals the parameter, ignoring case.
func ahaFold(param string, values func(i int) []string) ahaFilter {
	return ahaFilter{param: param, parse: func(v string) (func(int) bool, error) {
		return func(i int) bool {
			return slices.ContainsFunc(values(i), func(s string) bool { return strings.EqualFold(s, v) })
		}, nil
	}}
}

func ahaBool(param string, get func(i int) bool) ahaFilter {
	return ahaFilter{param: param, parse: func(v string) (func(int) bool, error) {
		b, err := parseAhaBool(param, v)
		if err != nil {
			return nil, err
		}
		return func(i int) bool { return get(i) == b }, nil
	}}
}

// ahaAssignee is assigned_to_user: a user id or e-mail address.
func ahaAssignee(get func(i int) (id, email string)) ahaFilter {
	return ahaFilter{param: "assigned_to_user", parse: func(v string) (func(int) bool, error) {
		return func(i int) bool {
			id, email := get(i)
			return id != "" && (id == v || strings.EqualFold(email, v))
		}, nil
	}}
}

func ahaBadRequest(msg string) response { return ahaError(http.StatusBadRequest, "Bad Request", msg) }

// route answers GET /api/v1/<parts...>.
func (a *ahaAPI) route(r *http.Request, parts []string) response {
	q := r.URL.Query()
	notFound := fixed(http.StatusNotFound, ahaNotFoundBody)
	for _, p := range parts {
		if p == "" {
			return notFound
		}
	}
	if parts[0] == "me" && len(parts) == 1 {
		return a.single(a.tables["users"], 0, q)
	}
	t := a.tables[parts[0]]
	if t == nil || !publicTable(t.name) {
		return notFound
	}
	switch len(parts) {
	case 1:
		if !t.list {
			return notFound
		}
		return a.list(r, q, t, nil, nil)
	case 2:
		i, ok := t.byRef[parts[1]]
		if !ok || t.one == "" {
			return notFound
		}
		return a.single(t, i, q)
	case 3:
		p, ok := t.byRef[parts[1]]
		c, known := t.children[parts[2]]
		if !ok || !known {
			return notFound
		}
		ct := a.tables[c.table]
		subset := ct.parents[t.name][p]
		if subset == nil {
			subset = []int{}
		}
		var extra func(int) bool
		if c.extra != nil {
			extra = c.extra(q)
		}
		return a.list(r, q, ct, subset, extra)
	}
	return notFound
}

// publicTable reports whether a table is reachable as /api/v1/<name>
// (nested-only tables are not).
func publicTable(name string) bool {
	switch name {
	case "idea_endorsements", "idea_votes", "idea_comments", "idea_categories", "custom_field_options":
		return false
	}
	return true
}

// selection returns the field indexes to write: fields= (plus id) when
// given, else the defaults (lists) or everything (get-by-id).
func (t *ahaTable) selection(q url.Values, list bool) []int {
	v := lastValue(q, "fields")
	if v == "" {
		if list {
			return t.defaults
		}
		return nil
	}
	want := map[string]bool{"id": true}
	for _, f := range strings.Split(v, ",") {
		want[strings.TrimSpace(f)] = true
	}
	var sel []int
	for k, key := range t.keys {
		if want[key] {
			sel = append(sel, k)
		}
	}
	return sel
}

// write appends record i restricted to sel (nil: every field).
func (t *ahaTable) write(buf *bytes.Buffer, i int, sel []int) {
	buf.WriteByte('{')
	first := true
	put := func(k int) {
		if !first {
			buf.WriteByte(',')
		}
		first = false
		buf.WriteString(strconv.Quote(t.keys[k]))
		buf.WriteByte(':')
		buf.Write(t.vals[i][k])
	}
	if sel == nil {
		for k := range t.keys {
			put(k)
		}
	} else {
		for _, k := range sel {
			put(k)
		}
	}
	buf.WriteByte('}')
}

func (a *ahaAPI) single(t *ahaTable, i int, q url.Values) response {
	var buf bytes.Buffer
	buf.WriteString(`{"` + t.one + `":`)
	t.write(&buf, i, t.selection(q, false))
	buf.WriteByte('}')
	return jsonResponse(http.StatusOK, buf.Bytes())
}

// ahaPagination is the pagination object of list responses.
type ahaPagination struct {
	TotalRecords int `json:"total_records"`
	TotalPages   int `json:"total_pages"`
	CurrentPage  int `json:"current_page"`
}

// list answers a list of t, restricted to subset (nil: every record) and
// extra, with the table's filters, paging and projection.
func (a *ahaAPI) list(r *http.Request, q url.Values, t *ahaTable, subset []int, extra func(int) bool) response {
	perPage := min(ahaDefaultPerPage, a.maxPerPage)
	if v := lastValue(q, "per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return ahaBadRequest(fmt.Sprintf("per_page must be an integer between 1 and %d", a.maxPerPage))
		}
		perPage = min(n, a.maxPerPage) // larger values are clamped to the maximum
	}
	page := 1
	if v := lastValue(q, "page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return ahaBadRequest("page must be a positive integer")
		}
		page = n
	}
	var preds []func(int) bool
	if extra != nil {
		preds = append(preds, extra)
	}
	if t.name == "ideas" {
		p, err := a.ideaSpam(q)
		if err != nil {
			return ahaBadRequest(err.Error())
		}
		preds = append(preds, p)
	}
	for _, f := range t.filters {
		v := lastValue(q, f.param)
		if v == "" {
			continue
		}
		p, err := f.parse(v)
		if err != nil {
			return ahaBadRequest(err.Error())
		}
		if p != nil {
			preds = append(preds, p)
		}
	}
	var idx []int
	consider := func(i int) {
		for _, p := range preds {
			if !p(i) {
				return
			}
		}
		idx = append(idx, i)
	}
	if subset != nil {
		for _, i := range subset {
			consider(i)
		}
	} else {
		for i := range t.vals {
			consider(i)
		}
	}
	if t.sort != nil {
		if err := t.sort(q, idx); err != nil {
			return ahaBadRequest(err.Error())
		}
	}
	total := len(idx)
	pg := ahaPagination{TotalRecords: total, TotalPages: (total + perPage - 1) / perPage, CurrentPage: page}
	start := total
	if page-1 < pg.TotalPages {
		start = (page - 1) * perPage
	}
	end := min(start+perPage, total)
	sel := t.selection(q, true)

	var buf bytes.Buffer
	buf.WriteString(`{"` + t.key + `":[`)
	for k, i := range idx[start:end] {
		if k > 0 {
			buf.WriteByte(',')
		}
		t.write(&buf, i, sel)
	}
	buf.WriteString(`],"pagination":`)
	pb, _ := marshal(pg)
	buf.Write(pb)
	buf.WriteByte('}')
	return jsonResponse(http.StatusOK, buf.Bytes())
}
