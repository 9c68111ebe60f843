package engine_test

import (
	"context"
	"database/sql/driver"
	"io"
	"net/http"
	"testing"

	"github.com/saasapi/saasapi/engine"
	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/providers/harvest"
	"github.com/saasapi/saasapi/rest"
	"github.com/saasapi/saasapi/sandbox"
	"github.com/saasapi/saasapi/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPlanScanAndSession(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 300})
	require.NoError(t, err)
	defer srv.Close()
	p := harvest.Provider()
	c, err := rest.New(rest.Config{Provider: p, Settings: map[string]string{"APIKey": "sandbox-token", "AccountId": "123456", "BaseURL": srv.URL()},
		HTTPClient: &http.Client{Transport: bearer("sandbox-token")}})
	require.NoError(t, err)
	tbl, _ := p.Table("time_entries")

	// hours > ? cannot be pushed; project_id = ? can, exactly; spent_date >= ? widens.
	plan := planner.PlanScan(p, tbl, []planner.Constraint{
		{Column: tbl.Column("hours"), Op: schema.OpGT},
		{Column: tbl.Column("project_id"), Op: schema.OpEQ},
		{Column: tbl.Column("spent_date"), Op: schema.OpGE},
	})
	require.NotNil(t, plan.Scan)
	assert.Equal(t, []bool{false, true, true}, plan.Used)
	assert.Equal(t, []bool{false, true, false}, plan.Omit)

	project := srv.Dataset().TimeEntries[0].Project.ID
	want := 0
	for _, e := range srv.Dataset().TimeEntries {
		if e.Project.ID == project && e.SpentDate >= "2024-01-01" {
			want++
		}
	}
	s := engine.NewSession(context.Background(), c)
	for range 2 { // the second scan is answered from the session's cache
		rows, err := s.Scan(plan.Scan, []driver.Value{project, "2024-01-01"}, true)
		require.NoError(t, err)
		n := 0
		for {
			row, err := rows.Next()
			if err == io.EOF {
				break
			}
			require.NoError(t, err)
			assert.Equal(t, project, row[tbl.Column("project_id")])
			n++
		}
		assert.Equal(t, want, n)
	}
	assert.Equal(t, 1, s.Requests())
	assert.EqualValues(t, 1, srv.Requests())

	// id = ? uses the get-by-id path, exactly.
	plan = planner.PlanScan(p, tbl, []planner.Constraint{{Column: tbl.Column("id"), Op: schema.OpEQ}})
	assert.Equal(t, "/time_entries/{id}", plan.Scan.Path.Path)
	assert.Equal(t, []bool{true}, plan.Omit)
	assert.Less(t, plan.Cost, 2.0)
}

// bearer adds a Bearer token to every request.
type bearer string

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+string(b))
	return http.DefaultTransport.RoundTrip(r)
}

func TestPlanScanWithoutUsablePath(t *testing.T) {
	p := &schema.Provider{Name: "x", Tables: []*schema.Table{{Name: "children",
		Columns: []schema.Column{{Name: "parent_id", Type: schema.TypeInteger}, {Name: "id", Type: schema.TypeInteger, Key: true}},
		Paths:   []schema.AccessPath{{Name: "list", Path: "/parents/{parent_id}/children", Keys: []string{"parent_id"}, Records: "children"}},
	}}}
	plan := planner.PlanScan(p, p.Tables[0], nil)
	assert.Nil(t, plan.Scan)
	assert.Equal(t, []string{"parent_id"}, plan.Missing)
	assert.Greater(t, plan.Cost, 1e9)
	plan = planner.PlanScan(p, p.Tables[0], []planner.Constraint{{Column: 0, Op: schema.OpEQ}})
	require.NotNil(t, plan.Scan)
	assert.Equal(t, []bool{true}, plan.Omit)
}
