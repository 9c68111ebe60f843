package sandbox_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/saasapi/saasapi/sandbox"
)

func startAha(t *testing.T, rows int) *sandbox.Server {
	t.Helper()
	return start(t, sandbox.Options{Provider: "aha", Rows: rows, Domain: "acme"})
}

type ahaPagination struct {
	TotalRecords int `json:"total_records"`
	TotalPages   int `json:"total_pages"`
	CurrentPage  int `json:"current_page"`
}

type ahaPage[T any] struct {
	Records    []T
	Pagination ahaPagination
}

func decodeAha[T any](t *testing.T, key string, res result) ahaPage[T] {
	t.Helper()
	require.Equal(t, http.StatusOK, res.status, "body: %s", res.body)
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(res.body, &m))
	require.Contains(t, m, key, "body: %.300s", res.body)
	var p ahaPage[T]
	require.NoError(t, json.Unmarshal(m[key], &p.Records))
	require.NoError(t, json.Unmarshal(m["pagination"], &p.Pagination))
	require.NotNil(t, p.Records)
	return p
}

// ahaAll pages through path with page=1..total_pages.
func ahaAll[T any](t *testing.T, s *sandbox.Server, key, path string) ([]T, int) {
	t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	var all []T
	for page := 1; ; page++ {
		p := decodeAha[T](t, key, get(t, s, fmt.Sprintf("%s%spage=%d", path, sep, page)))
		assert.Equal(t, page, p.Pagination.CurrentPage)
		all = append(all, p.Records...)
		if p.Pagination.CurrentPage >= p.Pagination.TotalPages {
			assert.Len(t, all, p.Pagination.TotalRecords)
			return all, page
		}
		require.Less(t, page, 1000)
	}
}

// allFields is a fields= value naming every field of a record type.
func allFields(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return strings.Join(topKeys(t, b), ",")
}

var ahaFeatureKeys = []string{"id", "name", "reference_num", "initiative_reference_num", "release_reference_num",
	"epic_reference_num", "position", "score", "created_at", "updated_at", "start_date", "due_date", "product_id",
	"progress", "progress_source", "status_changed_on", "created_by_user", "workflow_kind", "workflow_status", "project",
	"description", "attachments", "integration_fields", "url", "resource", "release", "assigned_to_user", "requirements",
	"goals", "key_results", "comments_count", "score_facts", "tags", "full_tags", "custom_fields", "feature_links",
	"workflow_status_times", "feature_only_original_estimate", "feature_only_remaining_estimate", "feature_only_work_done"}

var ahaIdeaKeys = []string{"id", "name", "reference_num", "score", "created_at", "updated_at", "product_id", "votes",
	"initial_votes", "status_changed_at", "workflow_status", "description", "visibility", "url", "resource", "product",
	"created_by_user", "created_by_portal_user", "created_by_idea_user", "assigned_to_user", "endorsements_count",
	"comments_count", "score_facts", "tags", "full_tags", "categories", "custom_fields", "workflow_status_times",
	"submitted_idea_portal_record_url", "integration_fields"}

func TestAhaEnvelopesAndAbbreviatedRecords(t *testing.T) {
	s := startAha(t, 300)
	ds := s.AhaData()
	lists := map[string]struct {
		key  string
		keys []string // default list record keys
	}{
		"/products":                      {"products", []string{"id", "reference_prefix", "name", "product_line", "created_at", "workspace_type", "url"}},
		"/features":                      {"features", []string{"id", "reference_num", "name", "created_at", "url", "resource", "product_id"}},
		"/ideas":                         {"ideas", []string{"id", "name", "reference_num", "created_at", "updated_at", "workflow_status", "description", "url", "resource"}},
		"/epics":                         {"epics", []string{"id", "name", "reference_num", "initiative_reference_num", "position", "score", "created_at", "updated_at", "start_date", "due_date", "product_id", "progress", "progress_source", "duration_source", "workflow_status", "url", "resource"}},
		"/releases":                      {"releases", []string{"id", "name", "reference_num", "theme", "start_date", "release_date", "external_release_date", "parking_lot", "position", "created_at", "updated_at", "product_id", "progress", "progress_source", "url", "resource", "workflow_status"}},
		"/initiatives":                   {"initiatives", []string{"id", "name", "reference_num", "created_at", "url", "resource", "product_id"}},
		"/goals":                         {"goals", []string{"id", "name", "reference_num", "created_at", "url", "resource", "product_id"}},
		"/users":                         {"users", []string{"id", "name", "email", "created_at", "updated_at", "accessed_at", "product_roles", "enabled", "paid_seat", "administrator", "administrator_roles", "identity_provider"}},
		"/release_phases":                {"release_phases", nil},
		"/idea_organizations":            {"idea_organizations", nil},
		"/todos":                         {"tasks", nil},
		"/strategic_models":              {"strategic_models", nil},
		"/custom_field_definitions":      {"custom_field_definitions", nil},
		"/account_backups":               {"account_backups", nil},
		"/products/PRJ1/idea_categories": {"idea_categories", []string{"id", "name", "parent_id", "created_at"}},
		"/products/PRJ1/competitors":     {"competitors", nil},
		"/products/PRJ1/comments":        {"comments", []string{"id", "body", "created_at", "updated_at", "user", "attachments", "url", "resource", "commentable"}},
		fmt.Sprintf("/features/%s/requirements", ds.Requirements[0].Feature.ReferenceNum): {"requirements", []string{"id", "name", "reference_num", "created_at", "url", "resource"}},
		fmt.Sprintf("/ideas/%s/endorsements", ds.IdeaEndorsements[0].IdeaID):              {"idea_endorsements", []string{"id", "idea_id", "created_at", "updated_at", "value", "link", "weight", "endorsed_by_portal_user", "endorsed_by_idea_user", "endorsed_by_idea_organization", "endorsed_by_user"}},
		fmt.Sprintf("/ideas/%s/idea_comments", ds.IdeaComments[0].IdeaID):                 {"idea_comments", []string{"id", "idea_id", "body", "created_at", "visibility", "parent_idea_comment_id", "idea_commenter_user", "attachments"}},
	}
	for path, want := range lists {
		t.Run(path, func(t *testing.T) {
			res := get(t, s, path+"?per_page=2")
			require.Equal(t, http.StatusOK, res.status, "body: %s", res.body)
			assert.Equal(t, "application/json; charset=utf-8", res.header.Get("Content-Type"))
			assert.Equal(t, []string{want.key, "pagination"}, topKeys(t, res.body))
			var m map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(res.body, &m))
			assert.Equal(t, []string{"total_records", "total_pages", "current_page"}, topKeys(t, m["pagination"]))
			var recs []json.RawMessage
			require.NoError(t, json.Unmarshal(m[want.key], &recs))
			require.NotEmpty(t, recs)
			for _, r := range recs {
				keys := topKeys(t, r)
				assert.Equal(t, "id", keys[0])
				if want.keys != nil {
					assert.Equal(t, want.keys, keys)
				}
			}
			p := decodeAha[json.RawMessage](t, want.key, res)
			assert.Equal(t, 1, p.Pagination.CurrentPage)
			assert.Equal(t, (p.Pagination.TotalRecords+1)/2, p.Pagination.TotalPages)
		})
	}

	// Get-by-id returns the full records, in singular envelopes.
	f := ds.Features[3]
	res := get(t, s, "/features/"+f.ID)
	require.Equal(t, http.StatusOK, res.status)
	assert.Equal(t, []string{"feature"}, topKeys(t, res.body))
	var body map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(res.body, &body))
	assert.Equal(t, ahaFeatureKeys, topKeys(t, body["feature"]))
	res = get(t, s, "/ideas/"+ds.Ideas[0].ReferenceNum)
	require.NoError(t, json.Unmarshal(res.body, &body))
	assert.Equal(t, ahaIdeaKeys, topKeys(t, body["idea"]))
	res = get(t, s, "/products/PRJ2")
	require.NoError(t, json.Unmarshal(res.body, &body))
	assert.Equal(t, []string{"id", "reference_prefix", "name", "product_line", "created_at", "workspace_type", "url",
		"updated_at", "parent_id", "description", "custom_fields"}, topKeys(t, body["product"]))

	// Ids are strings of digits above 2^53.
	for _, p := range ds.Products {
		assert.Regexp(t, `^\d{19}$`, p.ID)
	}
	assert.Contains(t, string(res.body), `"id":"`+ds.Products[1].ID+`"`)
}

func TestAhaFieldsProjection(t *testing.T) {
	s := startAha(t, 120)
	ds := s.AhaData()

	p := decodeAha[map[string]json.RawMessage](t, "features", get(t, s, "/features?per_page=200&fields=name,release,tags,workflow_status,not_a_field"))
	require.Len(t, p.Records, 120)
	for i, rec := range p.Records {
		f := ds.Features[i]
		assert.Equal(t, []string{"id", "name", "release", "tags", "workflow_status"}, sortedKeys(anyMapRaw(rec)))
		var rel sandbox.AhaReleaseRef
		require.NoError(t, json.Unmarshal(rec["release"], &rel))
		assert.Equal(t, f.Release, rel, "nested objects come whole")
		var id string
		require.NoError(t, json.Unmarshal(rec["id"], &id))
		assert.Equal(t, f.ID, id)
	}
	// Keys follow the record's order, whatever the order asked.
	res := get(t, s, "/features?per_page=1&fields=updated_at,%20name,id")
	var m struct {
		Features []json.RawMessage `json:"features"`
	}
	require.NoError(t, json.Unmarshal(res.body, &m))
	assert.Equal(t, []string{"id", "name", "updated_at"}, topKeys(t, m.Features[0]))

	// Every field: list records equal the dataset; fields= also works on get-by-id.
	full, _ := ahaAll[sandbox.AhaFeature](t, s, "features", "/features?per_page=50&fields="+allFields(t, sandbox.AhaFeature{}))
	assert.Equal(t, ds.Features, full)
	ideas, _ := ahaAll[sandbox.AhaIdea](t, s, "ideas", "/ideas?per_page=200&spam=false&fields="+allFields(t, sandbox.AhaIdea{}))
	var notSpam []sandbox.AhaIdea
	for _, d := range ds.Ideas {
		if !d.Spam {
			d.Spam = false
			notSpam = append(notSpam, d)
		}
	}
	assert.Equal(t, notSpam, ideas)
	res = get(t, s, "/products/"+ds.Products[0].ID+"?fields=name")
	assert.JSONEq(t, fmt.Sprintf(`{"product":{"id":%q,"name":%q}}`, ds.Products[0].ID, ds.Products[0].Name), string(res.body))
}

func anyMapRaw(m map[string]json.RawMessage) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func TestAhaPagingGetByIDAndNotFound(t *testing.T) {
	s := startAha(t, 250)
	ds := s.AhaData()
	type idRef struct {
		ID           string `json:"id"`
		ReferenceNum string `json:"reference_num"`
	}
	featureIDs := func(fs []sandbox.AhaFeature) []string {
		return mapT(fs, func(f sandbox.AhaFeature) string { return f.ID })
	}

	s.ResetRequests()
	got, pages := ahaAll[idRef](t, s, "features", "/features?per_page=37")
	assert.Equal(t, 7, pages)
	assert.EqualValues(t, 7, s.Requests())
	assert.Equal(t, featureIDs(ds.Features), mapT(got, func(r idRef) string { return r.ID }))

	// Default and maximum page sizes.
	p := decodeAha[idRef](t, "features", get(t, s, "/features"))
	assert.Len(t, p.Records, 30)
	assert.Equal(t, 9, p.Pagination.TotalPages)
	p = decodeAha[idRef](t, "features", get(t, s, "/features?per_page=1000"))
	assert.Len(t, p.Records, 200)
	assert.Equal(t, 2, p.Pagination.TotalPages)
	p = decodeAha[idRef](t, "features", get(t, s, "/features?page=99"))
	assert.Empty(t, p.Records)
	assert.Equal(t, 99, p.Pagination.CurrentPage)
	assert.Equal(t, 250, p.Pagination.TotalRecords)
	for _, q := range []string{"per_page=0", "per_page=x", "page=0", "updated_since=yesterday"} {
		res := get(t, s, "/features?"+q)
		assert.Equal(t, http.StatusBadRequest, res.status, q)
		var body map[string]string
		require.NoError(t, json.Unmarshal(res.body, &body))
		assert.Equal(t, "Bad Request", body["error"], q)
		assert.NotEmpty(t, body["message"], q)
	}

	// Get-by-id by id and by reference, equal to the dataset.
	check := func(path, key string, want any, into any) {
		t.Helper()
		res := get(t, s, path)
		require.Equal(t, http.StatusOK, res.status, "%s: %s", path, res.body)
		var m map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(res.body, &m))
		require.NoError(t, json.Unmarshal(m[key], into))
		assert.Equal(t, want, reflectAha(into), path)
	}
	f := ds.Features[17]
	check("/features/"+f.ID, "feature", f, &sandbox.AhaFeature{})
	check("/features/"+f.ReferenceNum, "feature", f, &sandbox.AhaFeature{})
	check("/products/"+ds.Products[1].ReferencePrefix, "product", ds.Products[1], &sandbox.AhaProduct{})
	check("/epics/"+ds.Epics[2].ReferenceNum, "epic", ds.Epics[2], &sandbox.AhaEpic{})
	check("/releases/"+ds.Releases[1].ReferenceNum, "release", ds.Releases[1], &sandbox.AhaRelease{})
	check("/initiatives/"+ds.Initiatives[0].ID, "initiative", ds.Initiatives[0], &sandbox.AhaInitiative{})
	check("/goals/"+ds.Goals[1].ReferenceNum, "goal", ds.Goals[1], &sandbox.AhaGoal{})
	check("/requirements/"+ds.Requirements[3].ReferenceNum, "requirement", ds.Requirements[3], &sandbox.AhaRequirement{})
	check("/comments/"+ds.Comments[5].ID, "comment", ds.Comments[5], &sandbox.AhaComment{})
	check("/users/"+ds.Users[2].ID, "user", ds.Users[2], &sandbox.AhaUser{})
	check("/me", "user", ds.Users[0], &sandbox.AhaUser{})
	check("/todos/"+ds.Todos[1].ID, "task", ds.Todos[1], &sandbox.AhaTodo{})
	check("/release_phases/"+ds.ReleasePhases[0].ID, "release_phase", ds.ReleasePhases[0], &sandbox.AhaReleasePhase{})
	check("/idea_organizations/"+ds.IdeaOrganizations[0].ID, "idea_organization", ds.IdeaOrganizations[0], &sandbox.AhaIdeaOrganization{})
	check("/competitors/"+ds.Competitors[0].ID, "competitor", ds.Competitors[0], &sandbox.AhaCompetitor{})
	idea := ds.Ideas[4]
	check("/ideas/"+idea.ReferenceNum, "idea", idea, &sandbox.AhaIdea{})

	notFound := `{"error":"Not Found","message":"The record was not found."}`
	for _, p := range []string{"/features/1", "/features/PRJ9-1", "/products/NOPE", "/nope", "/features/", "/requirements",
		"/comments", "/idea_categories", "/products/PRJ1/nope", "/products/NOPE/features", "/features/" + f.ID + "/x/y",
		"/competitors"} {
		res := get(t, s, p)
		assert.Equal(t, http.StatusNotFound, res.status, p)
		assert.Equal(t, notFound, string(res.body), p)
	}
	res := get(t, s, strings.TrimSuffix(s.URL(), "/api/v1")+"/api/v2/features")
	assert.Equal(t, http.StatusNotFound, res.status)
	res = do(t, s, http.MethodPut, "/features/"+f.ID)
	assert.Equal(t, http.StatusMethodNotAllowed, res.status)
}

func mapT[T, U any](in []T, f func(T) U) []U {
	out := make([]U, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

func reflectAha(p any) any {
	switch v := p.(type) {
	case *sandbox.AhaFeature:
		return *v
	case *sandbox.AhaProduct:
		return *v
	case *sandbox.AhaEpic:
		return *v
	case *sandbox.AhaRelease:
		return *v
	case *sandbox.AhaInitiative:
		return *v
	case *sandbox.AhaGoal:
		return *v
	case *sandbox.AhaRequirement:
		return *v
	case *sandbox.AhaComment:
		return *v
	case *sandbox.AhaUser:
		return *v
	case *sandbox.AhaTodo:
		return *v
	case *sandbox.AhaReleasePhase:
		return *v
	case *sandbox.AhaIdeaOrganization:
		return *v
	case *sandbox.AhaCompetitor:
		return *v
	case *sandbox.AhaIdea:
		v.Spam = false
		return *v
	}
	return nil
}

func TestAhaNestedEndpoints(t *testing.T) {
	s := startAha(t, 400)
	ds := s.AhaData()
	type rec struct {
		ID string `json:"id"`
	}
	fetch := func(key, path string) []string {
		t.Helper()
		all, _ := ahaAll[rec](t, s, key, path+"?per_page=50")
		return mapT(all, func(r rec) string { return r.ID })
	}
	ids := func(n int, id func(i int) string, keep func(i int) bool) []string {
		out := []string{}
		for i := range n {
			if keep(i) {
				out = append(out, id(i))
			}
		}
		return out
	}
	fid := func(i int) string { return ds.Features[i].ID }
	nf := len(ds.Features)
	p := ds.Products[1]
	want := ids(nf, fid, func(i int) bool { return ds.Features[i].ProductID == p.ID })
	require.NotEmpty(t, want)
	assert.Equal(t, want, fetch("features", "/products/"+p.ID+"/features"))
	assert.Equal(t, want, fetch("features", "/products/"+p.ReferencePrefix+"/features"))

	r := ds.Releases[0]
	assert.Equal(t, ids(nf, fid, func(i int) bool { return ds.Features[i].Release.ID == r.ID }), fetch("features", "/releases/"+r.ReferenceNum+"/features"))
	e := ds.Epics[0]
	wantE := ids(nf, fid, func(i int) bool {
		f := ds.Features[i]
		return f.EpicReferenceNum != nil && *f.EpicReferenceNum == e.ReferenceNum
	})
	require.NotEmpty(t, wantE)
	assert.Equal(t, wantE, fetch("features", "/epics/"+e.ID+"/features"))
	in := ds.Initiatives[0]
	assert.Equal(t, ids(nf, fid, func(i int) bool {
		f := ds.Features[i]
		return f.InitiativeReferenceNum != nil && *f.InitiativeReferenceNum == in.ReferenceNum
	}), fetch("features", "/initiatives/"+in.ReferenceNum+"/features"))
	g := ds.Goals[0]
	assert.Equal(t, ids(nf, fid, func(i int) bool {
		return slices.ContainsFunc(ds.Features[i].Goals, func(r sandbox.AhaRecordRef) bool { return r.ID == g.ID })
	}), fetch("features", "/goals/"+g.ReferenceNum+"/features"))
	assert.Len(t, fetch("features", "/goals/"+g.ReferenceNum+"/features"), len(g.Features))

	for _, kind := range []struct{ path, key string }{{"epics", "epics"}, {"releases", "releases"}, {"initiatives", "initiatives"}, {"goals", "goals"}, {"ideas", "ideas"}} {
		got := fetch(kind.key, "/products/"+p.ReferencePrefix+"/"+kind.path)
		require.NotEmpty(t, got, kind.path)
		for _, id := range got {
			res := get(t, s, "/"+kind.path+"/"+id+"?fields=product_id")
			assert.Contains(t, string(res.body), `"product_id":"`+p.ID+`"`, kind.path)
		}
	}
	assert.Equal(t, ids(len(ds.ReleasePhases), func(i int) string { return ds.ReleasePhases[i].ID },
		func(i int) bool { return ds.ReleasePhases[i].ReleaseID == r.ID }), fetch("release_phases", "/releases/"+r.ID+"/release_phases"))

	// Requirements of a feature; comments of each kind.
	var withReq sandbox.AhaFeature
	for _, f := range ds.Features {
		if len(f.Requirements) > 1 {
			withReq = f
			break
		}
	}
	assert.Equal(t, mapT(withReq.Requirements, func(r sandbox.AhaRequirementRef) string { return r.ID }),
		fetch("requirements", "/features/"+withReq.ReferenceNum+"/requirements"))
	commentsOn := func(typ, id string) []string {
		return ids(len(ds.Comments), func(i int) string { return ds.Comments[i].ID }, func(i int) bool {
			c := ds.Comments[i].Commentable
			return c.Type == typ && c.ID == id
		})
	}
	checked := map[string]bool{}
	for _, c := range ds.Comments {
		typ, id := c.Commentable.Type, c.Commentable.ID
		if checked[typ] {
			continue
		}
		checked[typ] = true
		path := map[string]string{"Feature": "features", "Epic": "epics", "Requirement": "requirements", "Idea": "ideas",
			"Release": "releases", "ReleasePhase": "release_phases", "Initiative": "initiatives", "Goal": "goals", "Task": "todos"}[typ]
		assert.Equal(t, commentsOn(typ, id), fetch("comments", "/"+path+"/"+id+"/comments"), typ)
	}
	assert.Len(t, checked, 9, "comments on every kind")
	assert.Equal(t, ids(len(ds.Comments), func(i int) string { return ds.Comments[i].ID },
		func(i int) bool { return ds.Comments[i].Commentable.ProductID == p.ID }), fetch("comments", "/products/"+p.ID+"/comments"))
	for _, f := range ds.Features[:30] {
		assert.Len(t, commentsOn("Feature", f.ID), f.CommentsCount)
	}

	// Ideas: votes, proxy votes, portal comments.
	var proxied sandbox.AhaIdea
	for _, d := range ds.Ideas {
		if slices.ContainsFunc(ds.IdeaEndorsements, func(e sandbox.AhaIdeaEndorsement) bool {
			return e.IdeaID == d.ID && e.EndorsedByIdeaOrganization != nil
		}) {
			proxied = d
			break
		}
	}
	require.NotEmpty(t, proxied.ID)
	endorse := func(keep func(e sandbox.AhaIdeaEndorsement) bool) []string {
		return ids(len(ds.IdeaEndorsements), func(i int) string { return ds.IdeaEndorsements[i].ID },
			func(i int) bool { return ds.IdeaEndorsements[i].IdeaID == proxied.ID && keep(ds.IdeaEndorsements[i]) })
	}
	all := endorse(func(sandbox.AhaIdeaEndorsement) bool { return true })
	assert.Equal(t, all, fetch("idea_endorsements", "/ideas/"+proxied.ReferenceNum+"/endorsements"))
	assert.Len(t, all, proxied.EndorsementsCount)
	proxy, _ := ahaAll[rec](t, s, "idea_endorsements", "/ideas/"+proxied.ID+"/endorsements?proxy=true")
	assert.Equal(t, endorse(func(e sandbox.AhaIdeaEndorsement) bool { return e.EndorsedByIdeaOrganization != nil }),
		mapT(proxy, func(r rec) string { return r.ID }))
	assert.Equal(t, endorse(func(e sandbox.AhaIdeaEndorsement) bool { return e.EndorsedByIdeaOrganization == nil }),
		fetch("votes", "/ideas/"+proxied.ID+"/votes"))
	ic := ds.IdeaComments[0]
	assert.Equal(t, ids(len(ds.IdeaComments), func(i int) string { return ds.IdeaComments[i].ID },
		func(i int) bool { return ds.IdeaComments[i].IdeaID == ic.IdeaID }), fetch("idea_comments", "/ideas/"+ic.IdeaID+"/idea_comments"))

	// Categories and custom field options.
	cats := fetch("idea_categories", "/products/"+p.ID+"/idea_categories")
	assert.Len(t, cats, 4)
	for _, d := range ds.Ideas {
		if d.ProductID == p.ID {
			for _, c := range d.Categories {
				assert.Contains(t, cats, c.ID)
			}
		}
	}
	def := ds.CustomFieldDefinitions[1]
	assert.Equal(t, ids(len(ds.CustomFieldOptions), func(i int) string { return ds.CustomFieldOptions[i].ID },
		func(i int) bool { return ds.CustomFieldOptions[i].DefinitionID == def.ID }), fetch("options", "/custom_field_definitions/"+def.ID+"/options"))
}

func TestAhaFilters(t *testing.T) {
	s := startAha(t, 600)
	ds := s.AhaData()
	type rec struct {
		ID string `json:"id"`
	}
	fetch := func(key, path string) []string {
		t.Helper()
		all, _ := ahaAll[rec](t, s, key, path)
		return mapT(all, func(r rec) string { return r.ID })
	}
	features := func(keep func(f sandbox.AhaFeature) bool) []string {
		out := []string{}
		for _, f := range ds.Features {
			if keep(f) {
				out = append(out, f.ID)
			}
		}
		return out
	}
	since := slices.Sorted(slices.Values(mapT(ds.Features, func(f sandbox.AhaFeature) string { return f.UpdatedAt })))[400]
	var assigned *sandbox.AhaAssignee
	for _, f := range ds.Features {
		if f.AssignedToUser != nil {
			assigned = f.AssignedToUser
			break
		}
	}
	word := strings.Fields(ds.Features[0].Name)[1]
	cases := []struct {
		query string
		keep  func(f sandbox.AhaFeature) bool
	}{
		{"q=" + url.QueryEscape(strings.ToUpper(word)), func(f sandbox.AhaFeature) bool {
			return strings.Contains(strings.ToLower(f.Name), strings.ToLower(word))
		}},
		{"updated_since=" + url.QueryEscape(since), func(f sandbox.AhaFeature) bool { return f.UpdatedAt >= since }},
		{"tag=api", func(f sandbox.AhaFeature) bool { return slices.Contains(f.Tags, "api") }},
		{"assigned_to_user=" + assigned.ID, func(f sandbox.AhaFeature) bool { return f.AssignedToUser != nil && f.AssignedToUser.ID == assigned.ID }},
		{"assigned_to_user=" + url.QueryEscape(strings.ToUpper(assigned.Email)), func(f sandbox.AhaFeature) bool {
			return f.AssignedToUser != nil && f.AssignedToUser.ID == assigned.ID
		}},
		{"tag=mobile&updated_since=" + url.QueryEscape(since), func(f sandbox.AhaFeature) bool {
			return slices.Contains(f.Tags, "mobile") && f.UpdatedAt >= since
		}},
	}
	for _, c := range cases {
		want := features(c.keep)
		require.NotEmpty(t, want, c.query)
		assert.Equal(t, want, fetch("features", "/features?per_page=200&"+c.query), c.query)
		p := ds.Products[0]
		assert.Equal(t, features(func(f sandbox.AhaFeature) bool { return f.ProductID == p.ID && c.keep(f) }),
			fetch("features", "/products/"+p.ReferencePrefix+"/features?per_page=200&"+c.query), "nested "+c.query)
	}
	assert.Empty(t, fetch("features", "/features?q=zzzz-nothing"))

	// Ideas: spam hidden by default, statuses, creation windows, sorting.
	ideas := func(keep func(d sandbox.AhaIdea) bool) []string {
		out := []string{}
		for _, d := range ds.Ideas {
			if keep(d) {
				out = append(out, d.ID)
			}
		}
		return out
	}
	created := ds.Ideas[len(ds.Ideas)/2].CreatedAt
	status := ds.Ideas[0].WorkflowStatus
	ideaCases := []struct {
		query string
		keep  func(d sandbox.AhaIdea) bool
	}{
		{"", func(d sandbox.AhaIdea) bool { return !d.Spam }},
		{"spam=true", func(d sandbox.AhaIdea) bool { return d.Spam }},
		{"workflow_status=" + url.QueryEscape(strings.ToLower(status.Name)), func(d sandbox.AhaIdea) bool { return !d.Spam && d.WorkflowStatus.ID == status.ID }},
		{"workflow_status=" + status.ID, func(d sandbox.AhaIdea) bool { return !d.Spam && d.WorkflowStatus.ID == status.ID }},
		{"created_since=" + url.QueryEscape(created), func(d sandbox.AhaIdea) bool { return !d.Spam && d.CreatedAt >= created }},
		{"created_before=" + url.QueryEscape(created), func(d sandbox.AhaIdea) bool { return !d.Spam && d.CreatedAt < created }},
		{"product_id=PRJ2", func(d sandbox.AhaIdea) bool { return !d.Spam && d.Product.ReferencePrefix == "PRJ2" }},
		{"category=" + url.QueryEscape("Performance"), func(d sandbox.AhaIdea) bool {
			return !d.Spam && slices.ContainsFunc(d.Categories, func(c sandbox.AhaIdeaCategory) bool { return c.Name == "Performance" })
		}},
	}
	for _, c := range ideaCases {
		want := ideas(c.keep)
		require.NotEmpty(t, want, c.query)
		assert.Equal(t, want, fetch("ideas", "/ideas?per_page=200&"+c.query), c.query)
	}
	popular := decodeAha[struct {
		ID string `json:"id"`
	}](t, "ideas", get(t, s, "/ideas?sort=popular&per_page=200&fields=votes"))
	votes := map[string]int{}
	for _, d := range ds.Ideas {
		votes[d.ID] = d.Votes
	}
	for i := 1; i < len(popular.Records); i++ {
		assert.GreaterOrEqual(t, votes[popular.Records[i-1].ID], votes[popular.Records[i].ID])
	}
	recent := decodeAha[struct {
		CreatedAt string `json:"created_at"`
	}](t, "ideas", get(t, s, "/ideas?sort=recent&per_page=50"))
	assert.True(t, slices.IsSortedFunc(recent.Records, func(a, b struct {
		CreatedAt string `json:"created_at"`
	}) int {
		return strings.Compare(b.CreatedAt, a.CreatedAt)
	}))
	assert.Equal(t, http.StatusBadRequest, get(t, s, "/ideas?sort=random").status)
	assert.Equal(t, http.StatusBadRequest, get(t, s, "/ideas?spam=maybe").status)

	// Releases, initiatives, organizations.
	var parked, scheduled []string
	for _, r := range ds.Releases {
		if r.ParkingLot {
			parked = append(parked, r.ID)
		} else {
			scheduled = append(scheduled, r.ID)
		}
	}
	assert.Equal(t, parked, fetch("releases", "/releases?per_page=200&parking_lot=true"))
	assert.Equal(t, scheduled, fetch("releases", "/releases?per_page=200&parking_lot=false"))
	var active []string
	for _, in := range ds.Initiatives {
		if !in.WorkflowStatus.Complete {
			active = append(active, in.ID)
		}
	}
	assert.Equal(t, active, fetch("initiatives", "/initiatives?only_active=true"))
	assert.Len(t, fetch("initiatives", "/initiatives?only_active=false"), len(ds.Initiatives))
	org := ds.IdeaOrganizations[2]
	assert.Equal(t, []string{org.ID}, fetch("idea_organizations", "/idea_organizations?email_domain="+org.EmailDomains[0]))
	assert.Equal(t, []string{org.ID}, fetch("idea_organizations", "/idea_organizations?q="+url.QueryEscape(strings.ToLower(org.Name))))
}

func TestAhaAuth(t *testing.T) {
	s := start(t, sandbox.Options{Provider: "aha", Rows: 20, Token: "key-1"})
	unauthorized := `{"error":"Unauthorized","message":"The API key or access token is missing, invalid or expired."}`
	cases := map[string][]reqOpt{
		"no auth":     {noHeader("Authorization")},
		"wrong key":   {header("Authorization", "Bearer nope")},
		"basic":       {basicAuth("me@example.com", "key-1")},
		"empty token": {header("Authorization", "Bearer ")},
	}
	for name, opts := range cases {
		res := get(t, s, "/features", opts...)
		assert.Equal(t, http.StatusUnauthorized, res.status, name)
		assert.Equal(t, unauthorized, string(res.body), name)
	}
	assert.Equal(t, http.StatusOK, get(t, s, "/features", header("Authorization", "Bearer key-1")).status)
	assert.Equal(t, http.StatusOK, get(t, s, "/features?access_token=key-1", noHeader("Authorization")).status)
	assert.Equal(t, http.StatusOK, get(t, s, "/me", header("Authorization", "Bearer key-1"), noHeader("User-Agent")).status)
	assert.Equal(t, http.StatusUnauthorized, get(t, s, "/nope", noHeader("Authorization")).status, "auth before paths")

	s.FailNext(1, http.StatusTooManyRequests, "7")
	res := get(t, s, "/features", header("Authorization", "Bearer key-1"))
	assert.Equal(t, http.StatusTooManyRequests, res.status)
	assert.Equal(t, "7", res.header.Get("Retry-After"))
	var body map[string]string
	require.NoError(t, json.Unmarshal(res.body, &body))
	assert.Equal(t, "Rate limit exceeded", body["error"])
}

func TestAhaDeterminismAndDomain(t *testing.T) {
	a := start(t, sandbox.Options{Provider: "aha", Rows: 200, Seed: 9, Domain: "acme"})
	b := start(t, sandbox.Options{Provider: "aha", Rows: 200, Seed: 9, Domain: "acme"})
	c := start(t, sandbox.Options{Provider: "aha", Rows: 200, Seed: 10, Domain: "acme"})
	assert.Equal(t, a.AhaData(), b.AhaData())
	assert.NotEqual(t, a.AhaData(), c.AhaData())
	serve := func(s *sandbox.Server, target string) []byte {
		req := httptest.NewRequest(http.MethodGet, "http://acme.aha.test"+target, nil)
		req.Header.Set("Authorization", "Bearer sandbox-token")
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		return rec.Body.Bytes()
	}
	for _, target := range []string{"/api/v1/features?per_page=50&page=2", "/api/v1/ideas", "/api/v1/products/PRJ1/releases", "/api/v1/users"} {
		assert.Equal(t, serve(a, target), serve(b, target), target)
		assert.NotEqual(t, serve(a, target), serve(c, target), target)
	}
	ds := a.AhaData()
	assert.True(t, strings.HasPrefix(ds.Features[0].URL, "https://acme.aha.io/features/"), ds.Features[0].URL)
	assert.True(t, strings.HasPrefix(ds.Features[0].Resource, "https://acme.aha.io/api/v1/features/"))
	other := start(t, sandbox.Options{Provider: "aha", Rows: 200, Seed: 9})
	assert.True(t, strings.HasPrefix(other.AhaData().Products[0].URL, "https://sandbox.aha.io/"))

	// A copy.
	ds.Features[0].Tags = append(ds.Features[0].Tags, "changed")
	assert.NotContains(t, a.AhaData().Features[0].Tags, "changed")
}

func TestAhaDatasetConsistency(t *testing.T) {
	s := startAha(t, 500)
	ds := s.AhaData()
	assert.Len(t, ds.Features, 500)
	assert.Len(t, ds.Products, 5)
	assert.Len(t, ds.Users, 20)
	assert.Len(t, ds.Epics, 25)
	assert.Len(t, ds.Ideas, 250)
	releases := map[string]sandbox.AhaRelease{}
	for _, r := range ds.Releases {
		releases[r.ID] = r
	}
	products := map[string]sandbox.AhaProduct{}
	for _, p := range ds.Products {
		products[p.ID] = p
	}
	refs := map[string]bool{}
	for i, f := range ds.Features {
		assert.False(t, refs[f.ReferenceNum], "unique references")
		refs[f.ReferenceNum] = true
		p, ok := products[f.ProductID]
		require.True(t, ok)
		assert.True(t, strings.HasPrefix(f.ReferenceNum, p.ReferencePrefix+"-"))
		r, ok := releases[f.Release.ID]
		require.True(t, ok)
		assert.Equal(t, f.ProductID, r.ProductID)
		assert.Equal(t, r.ReferenceNum, f.ReleaseReferenceNum)
		assert.GreaterOrEqual(t, f.UpdatedAt, f.CreatedAt)
		if i > 0 {
			assert.Less(t, ds.Features[i-1].CreatedAt, f.CreatedAt)
		}
		assert.Equal(t, f.WorkflowStatus.Name, f.WorkflowStatusTimes[len(f.WorkflowStatusTimes)-1].StatusName)
	}
}
