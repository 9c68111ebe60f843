package planner_test

import (
	"testing"

	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/providers/harvest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestJoinOrderStartsFromTheSelectiveTable: three tables joined in FROM
// order would read every time entry; the planner starts from the one
// project the WHERE selects, reads its time entries by project_id, and
// puts the columns back in FROM order.
func TestJoinOrderStartsFromTheSelectiveTable(t *testing.T) {
	cat := harvest.Provider()
	const q = "SELECT * FROM time_entries t JOIN tasks k ON k.id = t.task_id JOIN projects p ON p.id = t.project_id WHERE p.code = 'MA1'"
	plan, err := planner.Plan(cat, q, nil)
	require.NoError(t, err)
	plain, err := planner.PlanWith(cat, q, nil, planner.Options{NoPushdown: true})
	require.NoError(t, err)
	proj := plan.Root.(*planner.Project)
	reorder, ok := proj.Input.(*planner.Project)
	require.True(t, ok, "a reorder projection under the select list")
	assert.True(t, reorder.Reorder)
	first := scanOf(t, reorder.Input)
	assert.Equal(t, "projects", first.Table.Name, "the join starts from projects")
	ss, keyed := scans(reorder.Input)
	assert.True(t, keyed, "time entries are read by project_id")
	for _, s := range ss {
		if s.Table.Name == "time_entries" {
			require.Len(t, s.Params, 1)
			assert.Equal(t, "project_id", s.Params[0].Name)
		}
	}
	// The columns are in FROM order: time entries, tasks, projects.
	cols := reorder.Columns()
	assert.Equal(t, "t", cols[0].Table)
	assert.Equal(t, "p", cols[len(cols)-1].Table)
	want := plain.Root.(*planner.Project).Input.Columns()
	require.Len(t, cols, len(want))
	for i, c := range want {
		assert.Equal(t, c.Table+"."+c.Name, cols[i].Table+"."+cols[i].Name)
	}
	assert.Less(t, plan.Root.Estimate().Requests, plain.Root.Estimate().Requests)
	assert.True(t, passChanged(plan, "joinorder"))
}

// TestOuterJoinsKeepTheirOrder: a LEFT JOIN fixes the order of the
// tables.
func TestOuterJoinsKeepTheirOrder(t *testing.T) {
	cat := harvest.Provider()
	plan, err := planner.Plan(cat, "SELECT * FROM time_entries t LEFT JOIN tasks k ON k.id = t.task_id JOIN projects p ON p.id = t.project_id WHERE p.code = 'MA1'", nil)
	require.NoError(t, err)
	assert.Equal(t, "time_entries", scanOf(t, plan.Root).Table.Name)
}
