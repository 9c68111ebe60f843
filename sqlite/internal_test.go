//go:build sqlite_vtable && cgo

package sqlite

import (
	"database/sql"
	"net/http"
	"testing"

	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/providers/harvest"
	"github.com/saasapi/saasapi/rest"
	"github.com/saasapi/saasapi/sandbox"
	"github.com/saasapi/saasapi/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type bearer string

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+string(b))
	return http.DefaultTransport.RoundTrip(r)
}

// TestRequiredKey uses a table that can only be read by id: a plan
// without the id costs so much that SQLite drives the table by key in a
// join, and reading it alone is an error naming the key.
func TestRequiredKey(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 100})
	require.NoError(t, err)
	defer srv.Close()
	p := harvest.Provider()
	projects, ok := p.Table("projects")
	require.True(t, ok)
	byID := *projects
	byID.Name = "project"
	byID.Paths = []schema.AccessPath{{Name: "by_id", Path: "/projects/{id}", Keys: []string{"id"}}}
	p.Tables = append(p.Tables, &byID)
	client, err := rest.New(rest.Config{Provider: p,
		Settings:   map[string]string{"APIKey": sandbox.DefaultToken, "AccountId": sandbox.DefaultAccountID, "BaseURL": srv.URL()},
		HTTPClient: &http.Client{Transport: bearer(sandbox.DefaultToken)}})
	require.NoError(t, err)
	db := sql.OpenDB(&Connector{provider: p, client: client})
	defer db.Close()

	_, err = db.Query("SELECT * FROM project")
	require.Error(t, err)
	assert.ErrorIs(t, err, planner.ErrMissingKey, "the native driver's error, kept through SQLite")
	assert.Equal(t, "saasapi: table project can only be read with id given: add WHERE id = …", err.Error())
	assert.EqualValues(t, 0, srv.Requests(), "nothing is sent for a plan that cannot run")

	distinct := map[int64]bool{}
	for _, e := range srv.Dataset().TimeEntries {
		distinct[e.Project.ID] = true
	}
	var n int
	require.NoError(t, db.QueryRow("SELECT count(DISTINCT p.name) FROM time_entries te JOIN project p ON p.id = te.project_id").Scan(&n))
	assert.Equal(t, len(distinct), n)
	assert.EqualValues(t, 1+len(distinct), srv.Requests(), "one listing, then one request per distinct project")

	var plan []string
	rows, err := db.Query("EXPLAIN QUERY PLAN SELECT * FROM time_entries te JOIN project p ON p.id = te.project_id")
	require.NoError(t, err)
	for rows.Next() {
		var id, parent, unused int
		var detail string
		require.NoError(t, rows.Scan(&id, &parent, &unused, &detail))
		plan = append(plan, detail)
	}
	require.NoError(t, rows.Err())
	require.Len(t, plan, 2)
	assert.Regexp(t, `^SCAN te VIRTUAL TABLE INDEX \d+:$`, plan[0])
	assert.Regexp(t, `^SCAN p VIRTUAL TABLE INDEX \d+:id=$`, plan[1])
}
