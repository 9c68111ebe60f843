package planner_test

import (
	"testing"

	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/providers/harvest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scans returns every scan of a plan tree (not those of subqueries inside
// expressions), and whether a nested loop pushes a join key.
func scans(n planner.Node) (out []*planner.Scan, keyed bool) {
	switch x := n.(type) {
	case *planner.Scan:
		return []*planner.Scan{x}, false
	case *planner.Count:
		return []*planner.Scan{x.Scan}, false
	case *planner.Project:
		return scans(x.Input)
	case *planner.Filter:
		return scans(x.Input)
	case *planner.Limit:
		return scans(x.Input)
	case *planner.Sort:
		return scans(x.Input)
	case *planner.Distinct:
		return scans(x.Input)
	case *planner.Aggregate:
		return scans(x.Input)
	case *planner.Join:
		l, lk := scans(x.Left)
		r, rk := scans(x.Right)
		return append(l, r...), lk || rk || x.Strategy == planner.NestedLoop
	case *planner.Union:
		for _, in := range x.Inputs {
			s, k := scans(in)
			out = append(out, s...)
			keyed = keyed || k
		}
	}
	return out, keyed
}

// TestNoPushdownSendsNothingOfTheQuery: with Options.NoPushdown every scan
// is a plain listing with no key, parameter, page size or row budget, and
// no COUNT, IN list or join key reaches the API; the same queries planned
// normally do push (so the check is not vacuous).
func TestNoPushdownSendsNothingOfTheQuery(t *testing.T) {
	cat := harvest.Provider()
	for _, q := range []string{
		"SELECT id FROM time_entries WHERE project_id = 14308205 AND spent_date >= '2024-01-01'",
		"SELECT name FROM projects WHERE id = 14308205",
		"SELECT COUNT(*) FROM time_entries WHERE is_billed",
		"SELECT id FROM time_entries LIMIT 3",
		"SELECT id FROM time_entries WHERE user_id IN (1782959, 1783143)",
		"SELECT p.name, t.hours FROM projects p JOIN time_entries t ON t.project_id = p.id WHERE p.code = 'MA1'",
	} {
		pushed, err := planner.Plan(cat, q, nil)
		require.NoError(t, err, q)
		got, gotKeyed := scans(pushed.Root)
		pushes := gotKeyed
		for _, s := range got {
			pushes = pushes || len(s.Keys)+len(s.Params) > 0 || s.Need >= 0 || s.PageSize > 0
		}
		_, isCount := pushed.Root.(*planner.Count)
		assert.True(t, pushes || isCount || hasCount(pushed.Root), "planned normally, %s pushes something", q)

		plain, err := planner.PlanWith(cat, q, nil, planner.Options{NoPushdown: true})
		require.NoError(t, err, q)
		assert.False(t, hasCount(plain.Root), q)
		assert.Equal(t, pushed.Root.Columns(), plain.Root.Columns(), "the same result columns: %s", q)
		got, keyed := scans(plain.Root)
		require.NotEmpty(t, got, q)
		assert.False(t, keyed, "no join key is sent: %s", q)
		for _, s := range got {
			assert.Empty(t, s.Keys, q)
			assert.Empty(t, s.Params, q)
			assert.EqualValues(t, -1, s.Need, q)
			assert.Zero(t, s.PageSize, q)
		}
	}
}

func hasCount(n planner.Node) bool {
	switch x := n.(type) {
	case *planner.Count:
		return true
	case *planner.Project:
		return hasCount(x.Input)
	case *planner.Filter:
		return hasCount(x.Input)
	}
	return false
}
