package engine_test

import (
	"context"
	"database/sql/driver"
	"io"
	"testing"

	"github.com/saasapi/saasapi/engine"
	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/providers/harvest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// run executes a query that reads no table (dual, derived tables of
// literals) and returns its rows.
func run(t *testing.T, sql string) ([][]driver.Value, error) {
	t.Helper()
	q, err := planner.Plan(harvest.Provider(), sql, nil)
	require.NoError(t, err, sql)
	res, err := engine.Execute(context.Background(), nil, q, engine.Options{})
	if err != nil {
		return nil, err
	}
	defer res.Close()
	var rows [][]driver.Value
	for {
		row, err := res.Next()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		rows = append(rows, row)
	}
}

// one runs a query of one row and one column.
func one(t *testing.T, sql string) driver.Value {
	t.Helper()
	rows, err := run(t, sql)
	require.NoError(t, err, sql)
	require.Len(t, rows, 1, sql)
	return rows[0][0]
}

func TestIntegerArithmeticNeverWraps(t *testing.T) {
	for expr, says := range map[string]string{
		"9223372036854775807 + 1":              "(9223372036854775807 + 1)",
		"-9223372036854775807 - 2":             "(-9223372036854775807 - 2)",
		"4611686018427387904 * 2":              "(4611686018427387904 * 2)",
		"-4611686018427387905 * 2":             "(-4611686018427387905 * 2)",
		"3037000500 * 3037000500":              "(3037000500 * 3037000500)",
		"TRUE + 9223372036854775807":           "(TRUE + 9223372036854775807)",
		"-(-9223372036854775807 - 1)":          "-(-9223372036854775807 - 1)",
		"(-9223372036854775807 - 1) DIV -1":    "DIV",
		"ABS(-9223372036854775807 - 1)":        "ABS",
		"FLOOR(1e19)":                          "FLOOR",
		"CEIL(-1e19)":                          "CEIL",
		"1e300 DIV 1":                          "DIV",
		"(9223372036854775807 + 1) * 0":        "(9223372036854775807 + 1)",
		"CONCAT('x', 9223372036854775807 * 9)": "(9223372036854775807 * 9)",
	} {
		_, err := run(t, "SELECT "+expr+" FROM dual")
		require.ErrorIs(t, err, planner.ErrOutOfRange, expr)
		require.ErrorIs(t, err, engine.ErrEval, expr)
		assert.Contains(t, err.Error(), says, expr)
	}
	for expr, want := range map[string]driver.Value{
		"9223372036854775807 + 0":         int64(9223372036854775807),
		"9223372036854775806 + 1":         int64(9223372036854775807),
		"-9223372036854775807 - 1":        int64(-9223372036854775808),
		"-9223372036854775808":            int64(-9223372036854775808),
		"4611686018427387904 * -2":        int64(-9223372036854775808),
		"3037000499 * 3037000499":         int64(9223372030926249001),
		"(-9223372036854775807 - 1) % -1": int64(0),
		"9223372036854775807 DIV -1":      int64(-9223372036854775807),
		"9223372036854775807 + 1.0":       9223372036854775808.0,
		"CAST(1e19 AS SIGNED)":            int64(9223372036854775807), // clamps, as MySQL and SQLite
		"CAST(-1e19 AS SIGNED)":           int64(-9223372036854775808),
		"9223372036854775808":             9223372036854775808.0, // beyond BIGINT: REAL, as SQLite
		"LEFT('abc', 1e30)":               "abc",
	} {
		assert.Equal(t, want, one(t, "SELECT "+expr+" FROM dual"), expr)
	}
}

func TestSumAndAvgOfIntegersAreExact(t *testing.T) {
	values := func(vs ...string) string {
		s := ""
		for i, v := range vs {
			if i > 0 {
				s += " UNION ALL "
			}
			s += "SELECT " + v + " AS v FROM dual"
		}
		return "(" + s + ") AS d"
	}
	big := "9223372036854775807"
	// The sum is exact whatever the order: it fits, so it is an integer.
	assert.Equal(t, int64(9223372036854775807), one(t, "SELECT SUM(v) FROM "+values(big, "1", "-1")))
	assert.Equal(t, int64(1), one(t, "SELECT SUM(v) FROM "+values(big, big, "1", "-"+big, "-"+big)))
	// One that does not fit is an error naming the aggregate.
	_, err := run(t, "SELECT SUM(v) FROM "+values(big, "1"))
	require.ErrorIs(t, err, planner.ErrOutOfRange)
	assert.Contains(t, err.Error(), "SUM(v)")
	_, err = run(t, "SELECT SUM(v) FROM "+values("-"+big, "-2"))
	require.ErrorIs(t, err, planner.ErrOutOfRange)
	// AVG is REAL, from the exact sum.
	assert.Equal(t, 1.0/3, one(t, "SELECT AVG(v) FROM "+values("4611686018427387904", "1", "-4611686018427387904")))
	assert.Equal(t, 9223372036854775807.0, one(t, "SELECT AVG(v) FROM "+values(big, big)))
	// With a REAL among the values, SUM is REAL.
	assert.Equal(t, 2.5, one(t, "SELECT SUM(v) FROM "+values("1", "1.5")))
	assert.Equal(t, 9223372036854775808.0, one(t, "SELECT SUM(v) FROM "+values(big, "1.0")))
	// Booleans sum as 1 and 0; DISTINCT applies before.
	assert.Equal(t, int64(1), one(t, "SELECT SUM(DISTINCT v) FROM "+values("TRUE", "TRUE", "FALSE")))
	assert.Nil(t, one(t, "SELECT SUM(v) FROM "+values("NULL")))
}
