package planner_test

import (
	"testing"

	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/providers/harvest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sendsNothing reports whether a plan surely sends no request: every scan
// is empty, or under an empty result.
func sendsNothing(n planner.Node) bool {
	ss, _ := scans(n)
	for _, s := range ss {
		if !s.Empty {
			return false
		}
	}
	return true
}

func passChanged(q *planner.Query, name string) bool {
	for _, r := range q.Passes {
		if r.Name == name {
			return r.Changed
		}
	}
	return false
}

// TestPruneSendsNothingWhenNothingCanMatch: conditions that can never
// hold and LIMIT 0 plan no request (the prune pass), and conditions that
// can hold are left alone.
func TestPruneSendsNothingWhenNothingCanMatch(t *testing.T) {
	cat := harvest.Provider()
	for _, q := range []string{
		"SELECT id FROM time_entries LIMIT 0",
		"SELECT id FROM time_entries ORDER BY hours LIMIT 0",
		"SELECT COUNT(*) FROM time_entries LIMIT 0",
		"SELECT id FROM time_entries WHERE is_billed = 2",
		"SELECT id FROM time_entries WHERE is_billed = -1",
		"SELECT id FROM time_entries WHERE project_id = 14308004.5",
		"SELECT id FROM time_entries WHERE project_id = 1 AND project_id = 2",
		"SELECT id FROM time_entries WHERE project_id = 1 AND 2 = project_id",
		"SELECT id FROM time_entries WHERE notes = 'a' AND notes = 'b'",
		"SELECT id FROM time_entries WHERE hours > 5 AND hours < 3",
		"SELECT id FROM time_entries WHERE hours >= 5 AND hours < 5",
		"SELECT id FROM time_entries WHERE hours BETWEEN 5 AND 3",
		"SELECT id FROM time_entries WHERE hours = 2 AND hours > 2",
		"SELECT id FROM time_entries WHERE spent_date >= '2024-06-01' AND spent_date < '2024-01-01'",
		"SELECT id FROM time_entries WHERE spent_date = '2024-06-01' AND spent_date = '2024-06-02'",
		"SELECT id FROM time_entries WHERE is_billed AND NOT is_billed",
		"SELECT id FROM time_entries WHERE is_billed IS TRUE AND is_billed = false",
		"SELECT id FROM time_entries WHERE hours = NULL",
		"SELECT id FROM time_entries WHERE user_id IN (NULL)",
		"SELECT id FROM time_entries WHERE user_id IN (NULL, NULL)",
		"SELECT id FROM time_entries WHERE user_id NOT IN (1, NULL)",
		"SELECT id FROM time_entries WHERE 1 = 0",
		"SELECT id FROM time_entries WHERE 'a' = 'b'",
		"SELECT id FROM time_entries WHERE FALSE",
		"SELECT t.id FROM time_entries t JOIN projects p ON p.id = t.project_id WHERE t.is_billed = 2",
		"SELECT t.id FROM time_entries t JOIN projects p ON p.id = t.project_id WHERE p.id = 1 AND p.id = 2",
		"SELECT t.id FROM time_entries t LEFT JOIN projects p ON p.id = t.project_id WHERE t.hours < 0 AND t.hours > 1",
		"SELECT COUNT(*) FROM time_entries HAVING COUNT(*) = 1 AND COUNT(*) = 2",
		"SELECT id FROM tasks WHERE EXISTS (SELECT 1 FROM time_entries LIMIT 0)",
	} {
		t.Run(q, func(t *testing.T) {
			plan, err := planner.Plan(cat, q, nil)
			require.NoError(t, err)
			assert.True(t, sendsNothing(plan.Root), "plans a request")
			assert.True(t, passChanged(plan, "prune"))
			assert.Zero(t, plan.Root.Estimate().Requests)
			off, err := planner.PlanWith(cat, q, nil, planner.Options{NoPushdown: true})
			require.NoError(t, err)
			assert.False(t, sendsNothing(off.Root), "without pushdown the query reads the table")
		})
	}
	for _, q := range []string{
		"SELECT id FROM time_entries LIMIT 1",
		"SELECT id FROM time_entries WHERE is_billed = 1",
		"SELECT id FROM time_entries WHERE is_billed = 0",
		"SELECT id FROM time_entries WHERE project_id = 14308004.0",
		"SELECT id FROM time_entries WHERE project_id = 1 AND project_id = 1.0",
		"SELECT id FROM time_entries WHERE hours >= 3 AND hours <= 3",
		"SELECT id FROM time_entries WHERE hours BETWEEN 3 AND 3",
		"SELECT id FROM time_entries WHERE hours > 2.5 AND hours < 2.6",
		"SELECT id FROM time_entries WHERE spent_date = '2024-06-01' AND spent_date = '2024-06-01 00:00:00'",
		"SELECT id FROM time_entries WHERE notes = 'a' AND notes = 'a'",
		"SELECT id FROM time_entries WHERE user_id IN (1, NULL)",
		"SELECT id FROM time_entries WHERE user_id = 1 OR user_id = 2",
		"SELECT id FROM time_entries WHERE 1 = 1",
		"SELECT id FROM time_entries WHERE notes = '1' AND notes = 1",
		"SELECT t.id FROM time_entries t LEFT JOIN projects p ON p.id = t.project_id AND p.id = 1 AND p.id = 2",
	} {
		t.Run(q, func(t *testing.T) {
			plan, err := planner.Plan(cat, q, nil)
			require.NoError(t, err)
			assert.False(t, sendsNothing(plan.Root), "the query can match rows")
		})
	}
}
