package engine_test

import (
	"database/sql/driver"
	"testing"
	"time"

	"github.com/saasapi/saasapi/engine"
	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/providers/harvest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// eval plans "SELECT expr FROM time_entries" and evaluates the expression
// over a row where notes is 'Hello', hours 1.5, billable_rate NULL,
// spent_date 2024-02-29, is_billed true.
func eval(t *testing.T, expr string) driver.Value {
	t.Helper()
	p := harvest.Provider()
	q, err := planner.Plan(p, "SELECT "+expr+" FROM time_entries", nil)
	require.NoError(t, err, expr)
	tbl, _ := p.Table("time_entries")
	row := make([]driver.Value, len(tbl.Columns))
	row[tbl.Column("id")] = int64(7)
	row[tbl.Column("notes")] = "Hello"
	row[tbl.Column("hours")] = 1.5
	row[tbl.Column("spent_date")] = time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)
	row[tbl.Column("is_billed")] = true
	v, err := engine.Eval(q.Root.(*planner.Project).Exprs[0], row)
	require.NoError(t, err, expr)
	return v
}

func TestEval(t *testing.T) {
	cases := []struct {
		expr string
		want driver.Value
	}{
		// Three-valued logic.
		{"billable_rate = 1", nil},
		{"billable_rate IS NULL", true},
		{"billable_rate IS NOT NULL", false},
		{"NULL AND FALSE", false},
		{"NULL AND TRUE", nil},
		{"NULL OR TRUE", true},
		{"NULL OR FALSE", nil},
		{"NOT NULL", nil},
		{"billable_rate <=> NULL", true},
		{"1 IN (2, NULL)", nil},
		{"1 IN (1, NULL)", true},
		{"1 NOT IN (2, NULL)", nil},
		{"1 NOT IN (2, 3)", true},
		{"billable_rate IN (1)", nil},
		// Comparison and coercion.
		{"id = 7", true},
		{"id = '7'", true},
		{"id = 7.0", true},
		{"id < 'abc'", true},
		{"hours > 1", true},
		{"notes = 'hello'", false},
		{"notes < 'Hellp'", true},
		{"spent_date = '2024-02-29'", true},
		// A number compared with a date reads as YYYYMMDD or
		// YYYYMMDDhhmmss, as in MySQL.
		{"spent_date = 20240229", true},
		{"spent_date >= 20240101", true},
		{"spent_date > 20240229", false},
		{"20240301 > spent_date", true},
		{"spent_date = 20240229000000", true},
		{"spent_date < 20240229123000", true},
		{"spent_date BETWEEN 20240101 AND 20241231", true},
		{"spent_date IN (20240228, 20240229)", true},
		{"spent_date NOT IN (20240228)", true},
		{"spent_date = 20240229.0", true},
		{"spent_date = 20240228 + 1", true},
		{"spent_date <=> 20240229", true},
		{"CASE spent_date WHEN 20240229 THEN 'leap' END", "leap"},
		{"DATE(spent_date) = 20240229", true},
		{"spent_date > '2024-02-28T23:00:00Z'", true},
		{"spent_date BETWEEN '2024-01-01' AND '2024-12-31'", true},
		{"spent_date NOT BETWEEN '2024-01-01' AND '2024-12-31'", false},
		{"is_billed = 1", true},
		{"is_billed = TRUE", true},
		{"is_billed IS TRUE", true},
		{"is_billed IS FALSE", false},
		{"billable_rate IS NOT TRUE", true},
		// Arithmetic.
		{"id + 1", int64(8)},
		{"id * hours", 10.5},
		{"id / 2", 3.5},
		{"id DIV 2", int64(3)},
		{"id % 4", int64(3)},
		{"id / 0", nil},
		{"-id", int64(-7)},
		{"hours + billable_rate", nil},
		// LIKE.
		{"notes LIKE 'H%'", true},
		{"notes LIKE 'h%'", true},
		{"notes LIKE 'HELLO'", true},
		{"notes LIKE '_ELL_'", true},
		{"notes NOT LIKE 'hello'", false},
		{"notes LIKE BINARY 'h%'", false},
		{"notes LIKE BINARY 'H%'", true},
		{"BINARY notes LIKE 'h%'", false},
		{"notes NOT LIKE BINARY 'hello'", true},
		{"'ÉTÉ' LIKE 'été'", false}, // ASCII letters only, as SQLite
		{"'Été' LIKE 'ÉTÉ'", false},
		{"'x[' LIKE 'X['", true},
		{"'50%' LIKE BINARY '50!%' ESCAPE '!'", true},
		{"'50%' LIKE '50Z%' ESCAPE 'Z'", true},
		{"'50x' LIKE '50z%' ESCAPE 'Z'", false}, // the escape is found exactly, as in SQLite
		{"'A' LIKE '!a' ESCAPE '!'", true},
		{"'X' LIKE 'xx' ESCAPE 'x'", true},
		{"'x' LIKE 'XX' ESCAPE 'x'", false},
		{"notes LIKE '_ello'", true},
		{"notes LIKE '%ll%'", true},
		{"notes NOT LIKE '%z%'", true},
		{"'50%' LIKE '50!%' ESCAPE '!'", true},
		{"'50x' LIKE '50!%' ESCAPE '!'", false},
		{"'a_b' LIKE 'a\\_b'", true},
		{"billable_rate LIKE '%'", nil},
		// Quoted identifiers and ||.
		{`"notes"`, "Hello"},
		{"[notes]", "Hello"},
		{"notes || '-' || id", "Hello-7"},
		{"notes || billable_rate", nil},
		{"NULL || 'x'", nil},
		{"hours || 'h'", "1.5h"},
		{"1 + 2 || 3", 24.0}, // || binds first; text in arithmetic reads as a number
		{"'a' || 'b' = 'ab'", true},
		{"is_billed OR FALSE", true},
		// CASE and functions.
		{"CASE WHEN hours > 1 THEN 'long' ELSE 'short' END", "long"},
		{"CASE id WHEN 6 THEN 'six' WHEN 7 THEN 'seven' END", "seven"},
		{"CASE id WHEN 1 THEN 'one' END", nil},
		{"COALESCE(billable_rate, hours)", 1.5},
		{"IFNULL(billable_rate, 0)", int64(0)},
		{"NULLIF(id, 7)", nil},
		{"IF(hours > 1, 'y', 'n')", "y"},
		{"CONCAT(notes, '-', id)", "Hello-7"},
		{"CONCAT(notes, billable_rate)", nil},
		{"CONCAT_WS(',', notes, billable_rate, id)", "Hello,7"},
		{"LOWER(notes)", "hello"},
		{"UPPER(notes)", "HELLO"},
		{"LENGTH(notes)", int64(5)},
		{"SUBSTRING(notes, 2, 3)", "ell"},
		{"SUBSTRING(notes, -3)", "llo"},
		{"LEFT(notes, 2)", "He"},
		{"RIGHT(notes, 2)", "lo"},
		{"TRIM('  x ')", "x"},
		{"REPLACE(notes, 'l', 'L')", "HeLLo"},
		{"ROUND(hours)", 2.0},
		{"ROUND(1.2345, 2)", 1.23},
		{"FLOOR(hours)", int64(1)},
		{"CEIL(hours)", int64(2)},
		{"ABS(-id)", int64(7)},
		{"YEAR(spent_date)", int64(2024)},
		{"MONTH(spent_date)", int64(2)},
		{"DAY(spent_date)", int64(29)},
		{"DATE('2024-03-01 10:11:12')", time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"DATEDIFF('2024-03-01', spent_date)", int64(1)},
		{"CAST(hours AS SIGNED)", int64(2)},
		{"CAST('1.7' AS SIGNED)", int64(1)},
		{"CAST('12' AS DECIMAL)", 12.0},
		{"CAST(id AS CHAR)", "7"},
		{"CAST('2024-01-02' AS DATE)", time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)},
		{"CAST('x' AS SIGNED)", nil},
	}
	for _, tc := range cases {
		t.Run(tc.expr, func(t *testing.T) {
			assert.Equal(t, tc.want, eval(t, tc.expr))
		})
	}
}

// TestDatesAgainstNumbersThatAreNoDates holds the refusal: a number that
// does not read as a date is an error, at plan time for a constant and when
// the row is evaluated otherwise, never a silent false.
func TestDatesAgainstNumbersThatAreNoDates(t *testing.T) {
	p := harvest.Provider()
	for _, expr := range []string{
		"spent_date >= 2024", "spent_date = 20241301", "spent_date < 20240230", "spent_date = 240101",
		"spent_date BETWEEN 20240101 AND 2025", "spent_date IN (20240101, 7)", "updated_at > 20240101256000",
		"spent_date = 20240101.5", "spent_date = TRUE", "2024 IN (spent_date, 1)", "CASE spent_date WHEN 2024 THEN 1 END = 1",
	} {
		_, err := planner.Plan(p, "SELECT id FROM time_entries WHERE "+expr, nil)
		require.ErrorIs(t, err, planner.ErrType, expr)
		assert.Contains(t, err.Error(), "YYYYMMDD", expr)
		var pe *planner.Error
		require.ErrorAs(t, err, &pe)
		assert.NotEmpty(t, pe.Column, expr)
	}
	// A value known only at run time.
	q, err := planner.Plan(p, "SELECT spent_date = id FROM time_entries", nil)
	require.NoError(t, err)
	tbl, _ := p.Table("time_entries")
	row := make([]driver.Value, len(tbl.Columns))
	row[tbl.Column("id")] = int64(7)
	row[tbl.Column("spent_date")] = time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)
	_, err = engine.Eval(q.Root.(*planner.Project).Exprs[0], row)
	require.ErrorIs(t, err, engine.ErrEval)
	assert.Contains(t, err.Error(), "YYYYMMDD")
	row[tbl.Column("id")] = int64(20240229)
	v, err := engine.Eval(q.Root.(*planner.Project).Exprs[0], row)
	require.NoError(t, err)
	assert.Equal(t, true, v)
}

func TestCompareOrdersNumbersBeforeText(t *testing.T) {
	c, ok := engine.Compare(int64(5), "abc")
	require.True(t, ok)
	assert.Equal(t, -1, c)
	c, ok = engine.Compare("abc", 5.0)
	require.True(t, ok)
	assert.Equal(t, 1, c)
	_, ok = engine.Compare(time.Now(), int64(1))
	assert.False(t, ok, "a time and a number that is no date do not compare")
	c, ok = engine.Compare(time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), int64(20240101))
	require.True(t, ok)
	assert.Equal(t, 1, c, "a number that reads as a date compares as one")
	c, ok = engine.Compare(int64(9007199254740993), int64(9007199254740992))
	require.True(t, ok)
	assert.Equal(t, 1, c, "integers compare exactly beyond 2^53")
}
