package planner_test

import (
	"testing"

	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/providers/harvest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// outputs plans a query and returns its output names and the rendering of
// its select expressions.
func outputs(t *testing.T, sql string) ([]string, []string) {
	t.Helper()
	q, err := planner.Plan(harvest.Provider(), sql, nil)
	require.NoError(t, err, sql)
	var names, exprs []string
	for _, c := range q.Columns() {
		names = append(names, c.Name)
	}
	if p, ok := q.Root.(*planner.Project); ok {
		for _, e := range p.Exprs {
			exprs = append(exprs, e.String())
		}
	}
	return names, exprs
}

func TestQuotedIdentifiers(t *testing.T) {
	for _, sql := range []string{
		`SELECT "name", "Code" FROM projects`,
		`SELECT [name], [Code] FROM [projects]`,
		"SELECT `name`, `Code` FROM `projects`",
		`SELECT "p"."name", [p].[code] FROM "projects" AS "p"`,
		`SELECT "name" , "code"FROM"projects"`,
	} {
		names, exprs := outputs(t, sql)
		assert.Equal(t, []string{"name", "code"}, exprs, sql)
		assert.Len(t, names, 2, sql)
	}
	names, _ := outputs(t, `SELECT name AS "the name", code AS [the code] FROM projects`)
	assert.Equal(t, []string{"the name", "the code"}, names)

	// A quote of the other kinds inside a quoted name, and a doubled one.
	_, err := planner.Plan(harvest.Provider(), `SELECT "a""b" FROM projects`, nil)
	require.ErrorIs(t, err, planner.ErrUnknownColumn)
	assert.Contains(t, err.Error(), `"a\"b"`)
	_, err = planner.Plan(harvest.Provider(), `SELECT [a]]b] FROM projects`, nil)
	require.ErrorIs(t, err, planner.ErrUnknownColumn)
	assert.Contains(t, err.Error(), `"a]b"`)
}

func TestDoubleQuotedUnknownNameIsAnError(t *testing.T) {
	_, err := planner.Plan(harvest.Provider(), `SELECT id FROM projects WHERE code = "OS1"`, nil)
	require.ErrorIs(t, err, planner.ErrUnknownColumn)
	var pe *planner.Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "OS1", pe.Column)
	assert.Contains(t, err.Error(), `"OS1"`)
	assert.Contains(t, err.Error(), `'OS1'`, "the error says how to write the string")
}

func TestDoubleQuotedStringInAStringOnlyPlace(t *testing.T) {
	_, err := planner.Plan(harvest.Provider(), `SELECT GROUP_CONCAT(name SEPARATOR "|") FROM projects`, nil)
	require.ErrorIs(t, err, planner.ErrSyntax)
	assert.Contains(t, err.Error(), "single quotes")
}

func TestQuotesInsideStringsAndComments(t *testing.T) {
	_, exprs := outputs(t, `SELECT 'a"b[c]||d''e', 'x\'"y' FROM dual -- "z" [w] || ^`+"\n")
	assert.Equal(t, []string{`'a"b[c]||d''e'`, `'x''"y'`}, exprs)
	_, exprs = outputs(t, `SELECT /* "z" [w] || ^ */ 1 # "q"`)
	assert.Equal(t, []string{"1"}, exprs)
}

func TestDoubleBarConcatenates(t *testing.T) {
	names, exprs := outputs(t, `SELECT first_name || ' ' || last_name, 1 + 2 || 3, is_active || 'x' OR is_contractor FROM users`)
	assert.Equal(t, []string{"first_name || ' ' || last_name", "1 + 2 || 3", "is_active || 'x' or is_contractor"}, names)
	// || binds tighter than + and *, as in SQLite; OR stays OR.
	assert.Equal(t, []string{"((first_name || ' ') || last_name)", "(1 + (2 || 3))", "((is_active || 'x') OR is_contractor)"}, exprs)
	q, err := planner.Plan(harvest.Provider(), "SELECT id FROM users WHERE is_active OR is_contractor", nil)
	require.NoError(t, err)
	assert.Equal(t, "(is_active OR is_contractor)", scanOf(t, q.Root).Filter.String())
}

func TestRefusedByName(t *testing.T) {
	cat := harvest.Provider()
	for _, sql := range []string{
		"SELECT c.name, p.name FROM clients c FULL OUTER JOIN projects p ON p.client_id = c.id",
		"SELECT c.name, p.name FROM clients c full join projects p ON p.client_id = c.id",
		"SELECT * FROM clients c FULL /* x */ OUTER\nJOIN projects p USING (id)",
	} {
		_, err := planner.Plan(cat, sql, nil)
		require.ErrorIs(t, err, planner.ErrUnsupported, sql)
		assert.Contains(t, err.Error(), "FULL OUTER JOIN is not supported", sql)
		assert.Contains(t, err.Error(), "LEFT JOIN", sql)
		assert.Contains(t, err.Error(), "RIGHT JOIN", sql)
	}
	_, err := planner.Plan(cat, "SELECT id ^ 2 FROM clients", nil)
	require.ErrorIs(t, err, planner.ErrUnsupported)
	assert.Contains(t, err.Error(), "^")
	for _, sql := range []string{`SELECT "name FROM projects`, `SELECT [name FROM projects`, `SELECT "" FROM projects`} {
		_, err = planner.Plan(cat, sql, nil)
		require.ErrorIs(t, err, planner.ErrSyntax, sql)
		assert.Contains(t, err.Error(), "identifier", sql)
	}
}

func TestUnknownColumnNamesTheTableNotTheAlias(t *testing.T) {
	cat := harvest.Provider()
	for sql, table := range map[string]string{
		"SELECT u.frobnicate FROM users u":                                           "users",
		"SELECT frobnicate FROM users u":                                             "users",
		"SELECT u.frobnicate FROM time_entries t JOIN users u ON u.id = t.user_id":   "users",
		"SELECT x.frobnicate FROM clients x WHERE x.id IN (SELECT id FROM projects)": "clients",
	} {
		_, err := planner.Plan(cat, sql, nil)
		require.ErrorIs(t, err, planner.ErrUnknownColumn, sql)
		var pe *planner.Error
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, table, pe.Table, sql)
		assert.Contains(t, err.Error(), "DESCRIBE "+table+" lists", sql)
	}
	_, err := planner.Plan(cat, "SELECT d.frobnicate FROM (SELECT id FROM users) d", nil)
	require.ErrorIs(t, err, planner.ErrUnknownColumn)
	assert.NotContains(t, err.Error(), "DESCRIBE")
	assert.Contains(t, err.Error(), "its columns are id", "lists the derived table's columns")
}

func TestQuotedMetaStatements(t *testing.T) {
	cat := harvest.Provider()
	for _, sql := range []string{`DESCRIBE "projects"`, `DESC [projects]`, `SHOW COLUMNS FROM "projects"`} {
		q, err := planner.Plan(cat, sql, nil)
		require.NoError(t, err, sql)
		v, ok := q.Root.(*planner.Values)
		require.True(t, ok, sql)
		assert.Len(t, v.Rows, 26, sql)
	}
	q, err := planner.Plan(cat, `EXPLAIN SELECT "name" || '!' FROM [projects] WHERE "code" = 'OS1'`, nil)
	require.NoError(t, err)
	assert.Equal(t, planner.KindExplain, q.Kind)
}
