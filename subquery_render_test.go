package saasapi_test

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/saasapi/saasapi/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// subqueryClauseCases put EXISTS, IN and scalar subqueries in every clause
// of a grouped query and in ORDER BY: these render their subquery as text
// (to name a column and match GROUP BY expressions), which used to panic
// for EXISTS (issue #11). Each runs through saasapi and SQLite and the
// results must agree.
var subqueryClauseCases = []diffCase{
	// EXISTS in a grouped select list, HAVING, GROUP BY; ORDER BY EXISTS.
	q("SELECT c.id, EXISTS (SELECT 1 FROM projects p WHERE p.client_id = c.id), COUNT(*) FROM clients c GROUP BY c.id"),
	q("SELECT c.id, NOT EXISTS (SELECT 1 FROM projects p WHERE p.client_id = c.id AND p.is_active) FROM clients c GROUP BY c.id"),
	q("SELECT c.id FROM clients c GROUP BY c.id HAVING EXISTS (SELECT 1 FROM projects p WHERE p.client_id = c.id AND NOT p.is_active)"),
	q("SELECT c.id FROM clients c GROUP BY c.id HAVING NOT EXISTS (SELECT 1 FROM projects p WHERE p.client_id = c.id)"),
	q("SELECT EXISTS (SELECT 1 FROM projects p WHERE p.client_id = c.id), COUNT(*) FROM clients c GROUP BY EXISTS (SELECT 1 FROM projects p WHERE p.client_id = c.id)"),
	q("SELECT COUNT(*) FROM clients c GROUP BY NOT EXISTS (SELECT 1 FROM projects p WHERE p.client_id = c.id AND p.is_billable)"),
	qo("SELECT c.id FROM clients c ORDER BY EXISTS (SELECT 1 FROM projects p WHERE p.client_id = c.id AND NOT p.is_active), c.id"),
	qo("SELECT c.id FROM clients c ORDER BY NOT EXISTS (SELECT 1 FROM projects p WHERE p.client_id = c.id) DESC, c.id"),
	// The same with IN and scalar subqueries.
	q("SELECT c.id, c.id IN (SELECT client_id FROM projects WHERE is_active), COUNT(*) FROM clients c GROUP BY c.id"),
	q("SELECT c.id FROM clients c GROUP BY c.id HAVING c.id NOT IN (SELECT client_id FROM projects WHERE is_active)"),
	q("SELECT c.id IN (SELECT client_id FROM projects), COUNT(*) FROM clients c GROUP BY c.id IN (SELECT client_id FROM projects)"),
	qo("SELECT c.id FROM clients c ORDER BY c.id IN (SELECT client_id FROM projects WHERE is_active), c.id"),
	q("SELECT c.id, (SELECT COUNT(*) FROM projects p WHERE p.client_id = c.id), COUNT(*) FROM clients c GROUP BY c.id"),
	q("SELECT c.id FROM clients c GROUP BY c.id HAVING (SELECT COUNT(*) FROM projects p WHERE p.client_id = c.id) > 1"),
	q("SELECT (SELECT COUNT(*) FROM projects p WHERE p.client_id = c.id), COUNT(*) FROM clients c GROUP BY (SELECT COUNT(*) FROM projects p WHERE p.client_id = c.id)"),
	qo("SELECT c.id FROM clients c ORDER BY (SELECT COUNT(*) FROM projects p WHERE p.client_id = c.id), c.id"),
	// Two different subqueries that read alike up to their constants
	// must stay two columns.
	q("SELECT (SELECT MAX(id) FROM users), (SELECT MIN(id) FROM users), COUNT(*) FROM clients GROUP BY 1"),
	q("SELECT EXISTS (SELECT 1 FROM users WHERE id < 0), EXISTS (SELECT 1 FROM users WHERE id > 0), COUNT(*) FROM clients GROUP BY 1"),
	// A correlated subquery of a grouped query reads the group's columns,
	// wherever they sit in the aggregate's row.
	q("SELECT c.name, EXISTS (SELECT 1 FROM projects p WHERE p.client_id = c.id) FROM clients c GROUP BY c.name"),
	q("SELECT c.name FROM clients c GROUP BY c.name HAVING EXISTS (SELECT 1 FROM projects p WHERE p.client_id = c.id AND p.is_active)"),
	q("SELECT c.name, (SELECT COUNT(*) FROM projects p WHERE p.client_id = c.id) FROM clients c GROUP BY c.name"),
	qo("SELECT c.name FROM clients c GROUP BY c.name ORDER BY (SELECT COUNT(*) FROM projects p WHERE p.client_id = c.id), c.name"),
	// Columns of the same name from two tables are two group keys.
	q("SELECT t.id, p.id FROM time_entries t JOIN projects p ON p.id = t.project_id GROUP BY t.id, p.id"),
	q("SELECT p.id, t.id FROM time_entries t JOIN projects p ON p.id = t.project_id GROUP BY t.id, p.id"),
	// GROUP_CONCAT calls that differ only in order or separator.
	q("SELECT GROUP_CONCAT(name ORDER BY name), GROUP_CONCAT(name ORDER BY name DESC) FROM tasks"),
	qv("SELECT GROUP_CONCAT(name ORDER BY name SEPARATOR ','), GROUP_CONCAT(name ORDER BY name SEPARATOR ';') FROM tasks",
		"SELECT group_concat(name, ',' ORDER BY name), group_concat(name, ';' ORDER BY name) FROM tasks", "SQLite spells the separator as an argument"),
	// In WHERE, for completeness (rendered by EXPLAIN and residual filters).
	q("SELECT id FROM clients c WHERE EXISTS (SELECT 1 FROM projects p WHERE p.client_id = c.id) AND id IN (SELECT client_id FROM projects)"),
}

// TestSubqueriesInEveryClause runs subqueryClauseCases through saasapi and
// SQLite on the same rows.
func TestSubqueriesInEveryClause(t *testing.T) {
	db, _ := start(t, sandbox.Options{Rows: 200}, "")
	lite := loadSQLite(t, db)
	for i, c := range subqueryClauseCases {
		t.Run(fmt.Sprintf("%02d", i), func(t *testing.T) {
			got, err := collect(t, db, c.sql, c.args)
			require.NoError(t, err, c.sql)
			want, err := collect(t, lite, c.sqlite(), c.args)
			require.NoError(t, err, c.sqlite())
			if !c.ordered {
				slices.Sort(got)
				slices.Sort(want)
			}
			assert.Equal(t, want, got, "saasapi: %s\nsqlite:  %s", c.sql, c.sqlite())
		})
	}
}

// TestExplainSubqueries renders the plan of each case of
// subqueryClauseCases: it names the kind of each subquery, with its text,
// and shows the subquery's own plan below, wherever the subquery sits
// (select list, WHERE, GROUP BY, HAVING, ORDER BY).
func TestExplainSubqueries(t *testing.T) {
	db, _ := start(t, sandbox.Options{Rows: 50}, "")
	for i, c := range subqueryClauseCases {
		t.Run(fmt.Sprintf("%02d", i), func(t *testing.T) {
			plan := explainText(t, db, c.sql)
			if strings.Count(c.sql, "SELECT") > 1 {
				assert.Contains(t, plan, "subquery", "every subquery's plan is shown: EXPLAIN %s:\n%s", c.sql, plan)
			}
			for _, word := range []string{"EXISTS", " IN "} {
				if strings.Contains(c.sql, word) {
					assert.Contains(t, plan, word, "EXPLAIN %s:\n%s", c.sql, plan)
				}
			}
		})
	}
	plan := explainText(t, db, "SELECT name FROM clients c WHERE NOT EXISTS (SELECT 1 FROM projects p WHERE p.client_id = c.id)")
	assert.Contains(t, plan, "NOT EXISTS (select 1 from projects as p where p.client_id = c.id)")
	plan = explainText(t, db, "SELECT name FROM clients c WHERE EXISTS (SELECT 1 FROM projects p WHERE p.client_id = c.id)")
	assert.Contains(t, plan, "EXISTS (select 1 from projects as p where p.client_id = c.id)")
	assert.NotContains(t, plan, "NOT EXISTS")
}

// explainText returns EXPLAIN's rows as lines of "plan  detail".
func explainText(t *testing.T, db *sql.DB, query string) string {
	t.Helper()
	rows, err := db.Query("EXPLAIN " + query)
	require.NoError(t, err, query)
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var plan, detail, est string
		require.NoError(t, rows.Scan(&plan, &detail, &est))
		fmt.Fprintf(&b, "%s  %s\n", plan, detail)
	}
	require.NoError(t, rows.Err())
	return b.String()
}
