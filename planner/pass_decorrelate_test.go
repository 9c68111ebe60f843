package planner_test

import (
	"testing"

	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/providers/harvest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// subqueryOf returns the first subquery of the select list.
func subqueryOf(t *testing.T, n planner.Node) *planner.Subquery {
	t.Helper()
	var found *planner.Subquery
	for n != nil && found == nil {
		switch x := n.(type) {
		case *planner.Project:
			for _, e := range x.Exprs {
				planner.Walk(e, func(y planner.Expr) bool {
					if s, ok := y.(*planner.Subquery); ok && found == nil {
						found = s
					}
					return found == nil
				})
			}
			n = x.Input
		case *planner.Filter:
			planner.Walk(x.Cond, func(y planner.Expr) bool {
				if s, ok := y.(*planner.Subquery); ok && found == nil {
					found = s
				}
				return found == nil
			})
			n = x.Input
		default:
			n = nil
		}
	}
	require.NotNil(t, found, "a subquery")
	return found
}

// TestDecorrelateIntoOneListing: a subquery correlated by equality over
// every project reads the time entries once, hashed on project_id, with
// the filter that does not depend on the project still sent; over one
// project it stays one request per row.
func TestDecorrelateIntoOneListing(t *testing.T) {
	cat := harvest.Provider()
	for _, q := range []string{
		"SELECT p.id, (SELECT COUNT(*) FROM time_entries t WHERE t.project_id = p.id AND t.spent_date >= '2024-12-01') FROM projects p",
		"SELECT p.id FROM projects p WHERE EXISTS (SELECT 1 FROM time_entries t WHERE t.project_id = p.id AND t.spent_date >= '2024-12-01')",
		"SELECT p.id FROM projects p WHERE p.id IN (SELECT t.project_id FROM time_entries t WHERE t.project_id = p.id AND t.spent_date >= '2024-12-01')",
	} {
		t.Run(q, func(t *testing.T) {
			plan, err := planner.Plan(cat, q, nil)
			require.NoError(t, err)
			sub := subqueryOf(t, plan.Root)
			require.NotNil(t, sub.Decorrelation)
			assert.True(t, sub.Decorrelation.Chosen)
			assert.Equal(t, []string{"t.project_id"}, sub.Decorrelation.Columns)
			assert.Less(t, sub.Decorrelation.Once, sub.Decorrelation.PerRow)
			s := scanOf(t, sub.Plan)
			require.Len(t, s.Partition, 1)
			assert.Equal(t, "project_id", s.Table.Columns[s.Partition[0].Column].Name)
			assert.Equal(t, "outer.id", s.Partition[0].Value.String())
			assert.Equal(t, map[string][]string{"from": {"2024-12-01"}}, map[string][]string(formatted(s.Params)))
			assert.Empty(t, s.Keys)
			assert.Contains(t, s.Filter.String(), "(project_id = outer.id)", "the equality is checked on each row")
			assert.True(t, passChanged(plan, "decorrelate"))
			// Without decorrelation: one request per project.
			plain, err := planner.PlanWith(cat, q, nil, planner.Options{NoPushdown: true})
			require.NoError(t, err)
			assert.Nil(t, subqueryOf(t, plain.Root).Decorrelation)
		})
	}
	plan, err := planner.Plan(cat, "SELECT p.id, (SELECT COUNT(*) FROM time_entries t WHERE t.project_id = p.id) FROM projects p WHERE p.code = 'MA1'", nil)
	require.NoError(t, err)
	sub := subqueryOf(t, plan.Root)
	require.NotNil(t, sub.Decorrelation)
	assert.False(t, sub.Decorrelation.Chosen, "one project: one count is cheaper than the listing")
	assert.Less(t, sub.Decorrelation.PerRow, sub.Decorrelation.Once)
	assert.False(t, passChanged(plan, "decorrelate"))
	// A key the path needs cannot be dropped: no listing without it.
	plan, err = planner.Plan(cat, "SELECT i.id, (SELECT COUNT(*) FROM invoice_messages m WHERE m.invoice_id = i.id) FROM invoices i", nil)
	require.NoError(t, err)
	assert.Nil(t, subqueryOf(t, plan.Root).Decorrelation)
}
