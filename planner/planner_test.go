package planner_test

import (
	"database/sql/driver"
	"net/url"
	"testing"
	"time"

	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/providers/harvest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func args(vals ...driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(vals))
	for i, v := range vals {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out
}

func TestPushdown(t *testing.T) {
	cat := harvest.Provider()
	cases := []struct {
		name     string
		sql      string
		args     []driver.NamedValue
		path     string
		keys     map[string]string
		params   url.Values
		residual string // "" when the API applies the whole WHERE exactly
	}{
		{name: "no where", sql: "SELECT * FROM time_entries", path: "/time_entries", params: url.Values{}},
		{name: "exact id equality", sql: "SELECT * FROM time_entries WHERE project_id = 5", path: "/time_entries",
			params: url.Values{"project_id": {"5"}}},
		{name: "reversed comparison", sql: "SELECT * FROM time_entries WHERE 5 = project_id", path: "/time_entries",
			params: url.Values{"project_id": {"5"}}},
		{name: "date lower bound is re-checked", sql: "SELECT * FROM time_entries WHERE spent_date > '2024-01-01'",
			path: "/time_entries", params: url.Values{"from": {"2024-01-01"}}, residual: "(spent_date > '2024-01-01')"},
		{name: "between becomes from and to", sql: "SELECT * FROM time_entries WHERE spent_date BETWEEN ? AND ?",
			args: args("2024-01-01", time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)),
			path: "/time_entries", params: url.Values{"from": {"2024-01-01"}, "to": {"2024-03-31"}},
			residual: "spent_date BETWEEN '2024-01-01' AND '2024-03-31'"},
		{name: "date equality is from and to", sql: "SELECT * FROM time_entries WHERE spent_date = '2024-02-29'",
			path: "/time_entries", params: url.Values{"from": {"2024-02-29"}, "to": {"2024-02-29"}}, residual: "(spent_date = '2024-02-29')"},
		{name: "timestamp truncates to the day, widening", sql: "SELECT * FROM time_entries WHERE spent_date <= '2024-02-29 13:00:00'",
			path: "/time_entries", params: url.Values{"to": {"2024-02-29"}}, residual: "(spent_date <= '2024-02-29 13:00:00')"},
		{name: "bare boolean", sql: "SELECT * FROM projects WHERE is_active", path: "/projects", params: url.Values{"is_active": {"true"}}},
		{name: "negated boolean", sql: "SELECT * FROM projects WHERE NOT is_active", path: "/projects", params: url.Values{"is_active": {"false"}}},
		{name: "is true", sql: "SELECT * FROM projects WHERE is_active IS TRUE", path: "/projects", params: url.Values{"is_active": {"true"}}},
		{name: "boolean as 1", sql: "SELECT * FROM projects WHERE is_active = 1", path: "/projects", params: url.Values{"is_active": {"true"}}},
		{name: "boolean 2 is not pushed", sql: "SELECT * FROM projects WHERE is_active = 2", path: "/projects", params: url.Values{}, residual: "(is_active = 2)"},
		{name: "updated since", sql: "SELECT * FROM clients WHERE updated_at >= '2024-05-01T10:00:00Z'", path: "/clients",
			params: url.Values{"updated_since": {"2024-05-01T10:00:00Z"}}, residual: "(updated_at >= '2024-05-01T10:00:00Z')"},
		{name: "upper bound on updated_at is not pushed", sql: "SELECT * FROM clients WHERE updated_at < '2024-05-01'", path: "/clients",
			params: url.Values{}, residual: "(updated_at < '2024-05-01')"},
		{name: "OR stays local", sql: "SELECT * FROM time_entries WHERE project_id = 1 OR project_id = 2", path: "/time_entries",
			params: url.Values{}, residual: "((project_id = 1) OR (project_id = 2))"},
		{name: "IN of one value", sql: "SELECT * FROM time_entries WHERE task_id IN (9)", path: "/time_entries", params: url.Values{"task_id": {"9"}}},
		{name: "IN of two stays local", sql: "SELECT * FROM time_entries WHERE task_id IN (9, 10)", path: "/time_entries",
			params: url.Values{}, residual: "task_id IN (9, 10)"},
		{name: "non-integer never pushed to an integer filter", sql: "SELECT * FROM time_entries WHERE user_id = 1.5", path: "/time_entries",
			params: url.Values{}, residual: "(user_id = 1.5)"},
		{name: "numeric text is pushed", sql: "SELECT * FROM time_entries WHERE user_id = '42'", path: "/time_entries", params: url.Values{"user_id": {"42"}}},
		{name: "non-date text is not pushed", sql: "SELECT * FROM time_entries WHERE spent_date >= 'soon'", path: "/time_entries",
			params: url.Values{}, residual: "(spent_date >= 'soon')"},
		{name: "NULL is never pushed", sql: "SELECT * FROM time_entries WHERE project_id = NULL", path: "/time_entries",
			params: url.Values{}, residual: "(project_id = NULL)"},
		{name: "get by id", sql: "SELECT * FROM time_entries WHERE id = ? AND notes LIKE 'x%'", args: args(int64(9007199254740993)),
			path: "/time_entries/{id}", keys: map[string]string{"id": "9007199254740993"}, params: url.Values{}, residual: "notes LIKE 'x%'"},
		{name: "only the first of two bounds", sql: "SELECT * FROM time_entries WHERE spent_date >= '2024-01-01' AND spent_date >= '2024-06-01'",
			path: "/time_entries", params: url.Values{"from": {"2024-01-01"}}, residual: "((spent_date >= '2024-01-01') AND (spent_date >= '2024-06-01'))"},
		{name: "text equality", sql: "SELECT * FROM time_entries WHERE external_reference_id = 'abc'", path: "/time_entries",
			params: url.Values{"external_reference_id": {"abc"}}},
		{name: "number never pushed to a text filter", sql: "SELECT * FROM time_entries WHERE external_reference_id = 123", path: "/time_entries",
			params: url.Values{}, residual: "(external_reference_id = 123)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q, err := planner.Plan(cat, tc.sql, tc.args)
			require.NoError(t, err)
			require.Equal(t, planner.KindSelect, q.Kind)
			assert.Equal(t, tc.path, q.Scan.Path.Path)
			if tc.keys == nil {
				tc.keys = map[string]string{}
			}
			assert.Equal(t, tc.keys, q.Scan.Keys)
			assert.Equal(t, tc.params, q.Scan.Params)
			if tc.residual == "" {
				assert.Nil(t, q.Filter)
				assert.True(t, q.Scan.Exact)
			} else {
				require.NotNil(t, q.Filter)
				assert.Equal(t, tc.residual, q.Filter.String())
				assert.False(t, q.Scan.Exact)
			}
		})
	}
}

func TestLimitShrinksFirstPageOnlyWithoutResidual(t *testing.T) {
	cat := harvest.Provider()
	q, err := planner.Plan(cat, "SELECT id FROM time_entries WHERE project_id = 3 LIMIT 10 OFFSET 5", nil)
	require.NoError(t, err)
	assert.EqualValues(t, 15, q.Scan.Need)
	assert.Equal(t, 15, q.Scan.PageSize)

	q, err = planner.Plan(cat, "SELECT id FROM time_entries WHERE hours > 3 LIMIT 10", nil)
	require.NoError(t, err)
	assert.EqualValues(t, 10, q.Scan.Need)
	assert.Zero(t, q.Scan.PageSize, "a residual filter may drop rows: keep full pages")

	q, err = planner.Plan(cat, "SELECT id FROM time_entries ORDER BY hours LIMIT 10", nil)
	require.NoError(t, err)
	assert.EqualValues(t, -1, q.Scan.Need, "ORDER BY needs every row")
}

func TestMetaStatements(t *testing.T) {
	cat := harvest.Provider()
	for sql, kind := range map[string]planner.Kind{
		"SHOW TABLES":                   planner.KindShow,
		"show tables;":                  planner.KindShow,
		"DESCRIBE projects":             planner.KindDescribe,
		"desc `users`":                  planner.KindDescribe,
		"SHOW COLUMNS FROM tasks":       planner.KindDescribe,
		"EXPLAIN SELECT * FROM clients": planner.KindExplain,
	} {
		q, err := planner.Plan(cat, sql, nil)
		require.NoError(t, err, sql)
		assert.Equal(t, kind, q.Kind, sql)
	}
	_, err := planner.Plan(cat, "DESCRIBE project", nil)
	assert.ErrorIs(t, err, planner.ErrUnknownTable)
	assert.ErrorContains(t, err, `did you mean "projects"`)
}

func TestErrors(t *testing.T) {
	cat := harvest.Provider()
	cases := []struct {
		sql    string
		args   []driver.NamedValue
		target error
		says   string
	}{
		{sql: "SELECT nme FROM projects", target: planner.ErrUnknownColumn, says: `did you mean "name"`},
		{sql: "SELECT p.name FROM projects q", target: planner.ErrUnknownTable, says: `"p" is not a table`},
		{sql: "SELECT * FROM projcts", target: planner.ErrUnknownTable, says: `did you mean "projects"`},
		{sql: "SELEC * FROM projects", target: planner.ErrSyntax, says: "syntax error"},
		{sql: "INSERT INTO projects (name) VALUES ('x')", target: planner.ErrReadOnly, says: "INSERT"},
		{sql: "drop table projects", target: planner.ErrReadOnly, says: "DROP"},
		{sql: "WITH x AS (SELECT 1) SELECT * FROM x", target: planner.ErrUnsupported, says: "saasapi-sqlite"},
		{sql: "SELECT name, ROW_NUMBER() OVER (ORDER BY name) FROM projects", target: planner.ErrSyntax, says: "saasapi-sqlite"},
		{sql: "SELECT id FROM projects WHERE id = ?", target: planner.ErrArgument, says: "placeholder 1"},
		{sql: "SELECT id FROM projects", args: args(int64(1)), target: planner.ErrArgument, says: "1 argument(s) given"},
		{sql: "SELECT id FROM projects WHERE id = ?", args: args(struct{}{}), target: planner.ErrArgument, says: "struct"},
		{sql: "SELECT id FROM projects LIMIT ?", args: args("ten"), target: planner.ErrArgument, says: "LIMIT"},
		{sql: "SELECT FROBNICATE(name) FROM projects", target: planner.ErrUnsupported, says: "FROBNICATE"},
		{sql: "SELECT LOWER(name, code) FROM projects", target: planner.ErrSyntax, says: "LOWER takes 1"},
		{sql: "SELECT id FROM projects ORDER BY 3", target: planner.ErrSyntax, says: "result columns"},
		{sql: "SELECT CAST(id AS BLOB) FROM projects", target: planner.ErrSyntax},
	}
	for _, tc := range cases {
		t.Run(tc.sql, func(t *testing.T) {
			_, err := planner.Plan(cat, tc.sql, tc.args)
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.target)
			var pe *planner.Error
			assert.ErrorAs(t, err, &pe)
			assert.Contains(t, err.Error(), tc.says)
		})
	}
}

func TestOutputNamesAndOrder(t *testing.T) {
	q, err := planner.Plan(harvest.Provider(), "SELECT name AS n, hours * 2, id FROM time_entries t ORDER BY n DESC, 2, t.id", nil)
	if err == nil {
		t.Fatal("time_entries has no name column; expected an error")
	}
	q, err = planner.Plan(harvest.Provider(), "SELECT notes AS n, hours * 2, t.id FROM time_entries t ORDER BY n DESC, 2, t.id", nil)
	require.NoError(t, err)
	var names []string
	for _, o := range q.Output {
		names = append(names, o.Name)
	}
	assert.Equal(t, []string{"n", "hours * 2", "id"}, names)
	require.Len(t, q.OrderBy, 3)
	assert.Equal(t, "notes", q.OrderBy[0].Expr.String())
	assert.True(t, q.OrderBy[0].Desc)
	assert.Equal(t, "(hours * 2)", q.OrderBy[1].Expr.String())
	assert.Equal(t, "id", q.OrderBy[2].Expr.String())
}
