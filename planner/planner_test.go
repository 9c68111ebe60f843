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

// scanOf returns the first scan of a plan.
func scanOf(t *testing.T, n planner.Node) *planner.Scan {
	t.Helper()
	for {
		switch x := n.(type) {
		case *planner.Scan:
			return x
		case *planner.Project:
			n = x.Input
		case *planner.Filter:
			n = x.Input
		case *planner.Limit:
			n = x.Input
		case *planner.Sort:
			n = x.Input
		case *planner.Distinct:
			n = x.Input
		case *planner.Aggregate:
			n = x.Input
		case *planner.Join:
			n = x.Left
		case *planner.Count:
			return x.Scan
		default:
			t.Fatalf("no scan under %T", n)
		}
	}
}

// formatted returns a scan's keys and params with their plan-time values.
func formatted(ps []planner.Param) url.Values {
	out := url.Values{}
	for _, p := range ps {
		c := p.Value.(*planner.Const)
		v, ok := planner.FormatValue(c.Value, p.Format, p.Op)
		if ok {
			out.Add(p.Name, v)
		}
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
		keys     url.Values
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
		{name: "IN on a column the API cannot filter stays local", sql: "SELECT * FROM time_entries WHERE notes IN ('a', 'b')", path: "/time_entries",
			params: url.Values{}, residual: "notes IN ('a', 'b')"},
		{name: "non-integer never pushed to an integer filter", sql: "SELECT * FROM time_entries WHERE user_id = 1.5", path: "/time_entries",
			params: url.Values{}, residual: "(user_id = 1.5)"},
		{name: "numeric text is pushed", sql: "SELECT * FROM time_entries WHERE user_id = '42'", path: "/time_entries", params: url.Values{"user_id": {"42"}}},
		{name: "non-date text is not pushed", sql: "SELECT * FROM time_entries WHERE spent_date >= 'soon'", path: "/time_entries",
			params: url.Values{}, residual: "(spent_date >= 'soon')"},
		{name: "NULL is never pushed", sql: "SELECT * FROM time_entries WHERE project_id = NULL", path: "/time_entries",
			params: url.Values{}, residual: "(project_id = NULL)"},
		{name: "get by id", sql: "SELECT * FROM time_entries WHERE id = ? AND notes LIKE 'x%'", args: args(int64(9007199254740993)),
			path: "/time_entries/{id}", keys: url.Values{"id": {"9007199254740993"}}, params: url.Values{}, residual: "notes LIKE 'x%'"},
		{name: "only the first of two bounds", sql: "SELECT * FROM time_entries WHERE spent_date >= '2024-01-01' AND spent_date >= '2024-06-01'",
			path: "/time_entries", params: url.Values{"from": {"2024-01-01"}}, residual: "((spent_date >= '2024-01-01') AND (spent_date >= '2024-06-01'))"},
		{name: "text equality", sql: "SELECT * FROM time_entries WHERE external_reference_id = 'abc'", path: "/time_entries",
			params: url.Values{"external_reference_id": {"abc"}}},
		{name: "a number compared with a date is the date", sql: "SELECT * FROM time_entries WHERE spent_date >= 20240101", path: "/time_entries",
			params: url.Values{"from": {"2024-01-01"}}, residual: "(spent_date >= '2024-01-01')"},
		{name: "a number compared with a date, reversed", sql: "SELECT * FROM time_entries WHERE 20240229123000 >= spent_date", path: "/time_entries",
			params: url.Values{"to": {"2024-02-29"}}, residual: "('2024-02-29T12:30:00Z' >= spent_date)"},
		{name: "a number compared with a timestamp", sql: "SELECT * FROM clients WHERE updated_at >= 20240501100000", path: "/clients",
			params: url.Values{"updated_since": {"2024-05-01T10:00:00Z"}}, residual: "(updated_at >= '2024-05-01T10:00:00Z')"},
		{name: "a number argument compared with a date", sql: "SELECT * FROM time_entries WHERE spent_date BETWEEN ? AND ?", args: args(int64(20240101), int64(20240131)),
			path: "/time_entries", params: url.Values{"from": {"2024-01-01"}, "to": {"2024-01-31"}}, residual: "spent_date BETWEEN '2024-01-01' AND '2024-01-31'"},
		{name: "LIKE is never pushed, even without wildcards", sql: "SELECT * FROM time_entries WHERE external_reference_id LIKE 'ABC'", path: "/time_entries",
			params: url.Values{}, residual: "external_reference_id LIKE 'ABC'"},
		{name: "LIKE BINARY is never pushed", sql: "SELECT * FROM time_entries WHERE external_reference_id LIKE BINARY 'abc'", path: "/time_entries",
			params: url.Values{}, residual: "external_reference_id LIKE BINARY 'abc'"},
		{name: "IN with NULL pushes the value", sql: "SELECT * FROM time_entries WHERE task_id IN (9, NULL)", path: "/time_entries", params: url.Values{"task_id": {"9"}}},
		{name: "IN of NULL and a value, reversed", sql: "SELECT * FROM time_entries WHERE task_id IN (NULL, 9)", path: "/time_entries", params: url.Values{"task_id": {"9"}}},
		{name: "NOT of <> is =", sql: "SELECT * FROM time_entries WHERE NOT (user_id <> 5)", path: "/time_entries", params: url.Values{"user_id": {"5"}}},
		{name: "NOT of < is >=", sql: "SELECT * FROM time_entries WHERE NOT (spent_date < '2024-01-01')", path: "/time_entries",
			params: url.Values{"from": {"2024-01-01"}}, residual: "(NOT (spent_date < '2024-01-01'))"},
		{name: "NOT of = stays local", sql: "SELECT * FROM time_entries WHERE NOT (user_id = 5)", path: "/time_entries",
			params: url.Values{}, residual: "(NOT (user_id = 5))"},
		{name: "timestamp equality widens to updated_since", sql: "SELECT * FROM clients WHERE updated_at = '2024-05-01T10:00:00Z'", path: "/clients",
			params: url.Values{"updated_since": {"2024-05-01T10:00:00Z"}}, residual: "(updated_at = '2024-05-01T10:00:00Z')"},
		{name: "timestamp equality, reversed", sql: "SELECT * FROM clients WHERE '2024-05-01T10:00:00Z' = updated_at", path: "/clients",
			params: url.Values{"updated_since": {"2024-05-01T10:00:00Z"}}, residual: "('2024-05-01T10:00:00Z' = updated_at)"},
		{name: "boolean <> 0", sql: "SELECT * FROM projects WHERE is_active <> 0", path: "/projects", params: url.Values{"is_active": {"true"}}},
		{name: "boolean != false", sql: "SELECT * FROM projects WHERE is_active != false", path: "/projects", params: url.Values{"is_active": {"true"}}},
		{name: "boolean <> 1", sql: "SELECT * FROM projects WHERE is_active <> 1", path: "/projects", params: url.Values{"is_active": {"false"}}},
		{name: "boolean != TRUE, reversed", sql: "SELECT * FROM projects WHERE TRUE != is_active", path: "/projects", params: url.Values{"is_active": {"false"}}},
		{name: "boolean <> 2 stays local", sql: "SELECT * FROM projects WHERE is_active <> 2", path: "/projects", params: url.Values{}, residual: "(is_active != 2)"},
		{name: "number never pushed to a text filter", sql: "SELECT * FROM time_entries WHERE external_reference_id = 123", path: "/time_entries",
			params: url.Values{}, residual: "(external_reference_id = 123)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q, err := planner.Plan(cat, tc.sql, tc.args)
			require.NoError(t, err)
			require.Equal(t, planner.KindSelect, q.Kind)
			scan := scanOf(t, q.Root)
			assert.Equal(t, tc.path, scan.Path.Path)
			if tc.keys == nil {
				tc.keys = url.Values{}
			}
			assert.Equal(t, tc.keys, formatted(scan.Keys))
			assert.Equal(t, tc.params, formatted(scan.Params))
			if tc.residual == "" {
				assert.Nil(t, scan.Filter)
				assert.True(t, scan.Exact)
			} else {
				require.NotNil(t, scan.Filter)
				assert.Equal(t, tc.residual, scan.Filter.String())
				assert.False(t, scan.Exact)
			}
		})
	}
}

func TestLimitShrinksFirstPageOnlyWithoutResidual(t *testing.T) {
	cat := harvest.Provider()
	q, err := planner.Plan(cat, "SELECT id FROM time_entries WHERE project_id = 3 LIMIT 10 OFFSET 5", nil)
	require.NoError(t, err)
	assert.EqualValues(t, 15, scanOf(t, q.Root).Need)
	assert.Equal(t, 15, scanOf(t, q.Root).PageSize)

	q, err = planner.Plan(cat, "SELECT id FROM time_entries WHERE hours > 3 LIMIT 10", nil)
	require.NoError(t, err)
	assert.EqualValues(t, 10, scanOf(t, q.Root).Need)
	assert.Zero(t, scanOf(t, q.Root).PageSize, "a residual filter may drop rows: keep full pages")

	q, err = planner.Plan(cat, "SELECT id FROM time_entries ORDER BY hours LIMIT 10", nil)
	require.NoError(t, err)
	assert.EqualValues(t, -1, scanOf(t, q.Root).Need, "ORDER BY needs every row")
}

func TestMetaStatements(t *testing.T) {
	cat := harvest.Provider()
	for sql, rows := range map[string]int{
		"SHOW TABLES":             len(cat.Tables),
		"show tables;":            len(cat.Tables),
		"DESCRIBE projects":       26,
		"desc `users`":            17,
		"SHOW COLUMNS FROM tasks": 8,
	} {
		q, err := planner.Plan(cat, sql, nil)
		require.NoError(t, err, sql)
		v, ok := q.Root.(*planner.Values)
		require.True(t, ok, sql)
		assert.Len(t, v.Rows, rows, sql)
	}
	q, err := planner.Plan(cat, "EXPLAIN SELECT * FROM clients", nil)
	require.NoError(t, err)
	assert.Equal(t, planner.KindExplain, q.Kind)
	_, err = planner.Plan(cat, "DESCRIBE project", nil)
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
	_, err := planner.Plan(harvest.Provider(), "SELECT name AS n FROM time_entries", nil)
	require.ErrorIs(t, err, planner.ErrUnknownColumn, "time_entries has no name column")
	q, err := planner.Plan(harvest.Provider(), "SELECT notes AS n, hours * 2, t.id FROM time_entries t ORDER BY n DESC, 2, t.id, user_id", nil)
	require.NoError(t, err)
	var names []string
	for _, c := range q.Columns() {
		names = append(names, c.Name)
	}
	assert.Equal(t, []string{"n", "hours * 2", "id"}, names)
	trim, ok := q.Root.(*planner.Project)
	require.True(t, ok, "the hidden sort key is trimmed")
	sort, ok := trim.Input.(*planner.Sort)
	require.True(t, ok)
	require.Len(t, sort.Keys, 4)
	assert.Equal(t, "n", sort.Keys[0].Expr.String())
	assert.True(t, sort.Keys[0].Desc)
	assert.Equal(t, "hours * 2", sort.Keys[1].Expr.String())
	assert.Equal(t, "id", sort.Keys[2].Expr.String())
	assert.Equal(t, "user_id", sort.Keys[3].Expr.String())
}

func TestInListBecomesOneScanPerValue(t *testing.T) {
	q, err := planner.Plan(harvest.Provider(), "SELECT id FROM time_entries WHERE task_id IN (9, 10, 9, '10') AND hours > 1", nil)
	require.NoError(t, err)
	u, ok := q.Root.(*planner.Project).Input.(*planner.Union)
	require.True(t, ok, "a union of scans")
	require.Len(t, u.Inputs, 2, "one scan per distinct value")
	for i, want := range []string{"9", "10"} {
		s := u.Inputs[i].(*planner.Scan)
		assert.Equal(t, url.Values{"task_id": {want}}, formatted(s.Params))
		assert.Equal(t, "(hours > 1)", s.Filter.String())
	}
	// id IN (…) on a big table uses the get-by-id path once per id…
	q, err = planner.Plan(harvest.Provider(), "SELECT id FROM time_entries WHERE id IN (1, 2, 3)", nil)
	require.NoError(t, err)
	u, ok = q.Root.(*planner.Project).Input.(*planner.Union)
	require.True(t, ok)
	require.Len(t, u.Inputs, 3)
	assert.Equal(t, "/time_entries/{id}", u.Inputs[0].(*planner.Scan).Path.Path)
	// …but on a small table one listing is cheaper than three requests.
	q, err = planner.Plan(harvest.Provider(), "SELECT id FROM projects WHERE id IN (1, 2, 3)", nil)
	require.NoError(t, err)
	_, isScan := q.Root.(*planner.Project).Input.(*planner.Scan)
	assert.True(t, isScan)
}

func TestRequiredFiltersAndExplodedTables(t *testing.T) {
	cat := harvest.Provider()
	_, err := planner.Plan(cat, "SELECT * FROM time_report_clients WHERE from_date >= '2024-01-01'", nil)
	require.ErrorIs(t, err, planner.ErrMissingKey)
	assert.ErrorContains(t, err, "from_date and to_date")
	q, err := planner.Plan(cat, "SELECT * FROM time_report_clients WHERE from_date = '2024-01-01' AND to_date = ?", args("2024-06-30"))
	require.NoError(t, err)
	s := scanOf(t, q.Root)
	assert.Equal(t, url.Values{"from": {"2024-01-01"}, "to": {"2024-06-30"}}, formatted(s.Params))
	assert.Nil(t, s.Filter, "input columns are applied exactly by the API")

	// COUNT(*) over line items counts rows, not the invoices' total.
	q, err = planner.Plan(cat, "SELECT COUNT(*) FROM invoice_line_items WHERE client_id = 7", nil)
	require.NoError(t, err)
	_, isCount := q.Root.(*planner.Project).Input.(*planner.Count)
	assert.False(t, isCount)
	q, err = planner.Plan(cat, "SELECT COUNT(*) FROM invoices WHERE client_id = 7", nil)
	require.NoError(t, err)
	_, isCount = q.Root.(*planner.Project).Input.(*planner.Count)
	assert.True(t, isCount)
}
