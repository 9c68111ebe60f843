package saasapi_test

import (
	"database/sql"
	"testing"

	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSystemTables(t *testing.T) {
	db, srv := start(t, sandbox.Options{Rows: 10}, "")
	rows, err := db.Query("SELECT TableName, TableType FROM sys_tables WHERE TableName LIKE '%s' AND TableName NOT LIKE '%!_%' ESCAPE '!' ORDER BY TableName")
	require.NoError(t, err)
	var names []string
	for rows.Next() {
		var n, typ string
		require.NoError(t, rows.Scan(&n, &typ))
		assert.Equal(t, "TABLE", typ)
		names = append(names, n)
	}
	require.NoError(t, rows.Err())
	rows.Close()
	assert.Equal(t, []string{"clients", "contacts", "estimates", "expenses", "invoices", "projects", "roles", "tasks", "teammates", "users"}, names)

	var col, typ, push string
	var key, nullable, pushable bool
	require.NoError(t, db.QueryRow(`SELECT ColumnName, DataTypeName, IsKey, IsNullable, IsPushdown, Pushdown
		FROM sys_tablecolumns WHERE TableName = 'time_entries' AND ColumnName = 'spent_date'`).Scan(&col, &typ, &key, &nullable, &pushable, &push))
	assert.Equal(t, "DATE", typ)
	assert.False(t, key)
	assert.True(t, nullable)
	assert.True(t, pushable)
	assert.Equal(t, ">= > = (from), <= < = (to)", push)

	var n int
	require.NoError(t, db.QueryRow("SELECT COUNT(DISTINCT TableName) FROM sys_tablecolumns WHERE IsKey").Scan(&n))
	var tables int
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM sys_tables").Scan(&tables))
	assert.Equal(t, tables, n, "every table has a key")
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM sys_tablecolumns WHERE IsKey AND TableName = 'time_report_clients'").Scan(&n))
	assert.Equal(t, 2, n, "a report row is identified by its subject and currency")
	assert.EqualValues(t, 0, srv.Requests(), "metadata costs no request")
}

func TestPreparedStatementsAreReusable(t *testing.T) {
	db, srv := start(t, sandbox.Options{Rows: 200}, "")
	stmt, err := db.Prepare("SELECT COUNT(*) FROM time_entries WHERE user_id = ? AND hours >= ?")
	require.NoError(t, err)
	defer stmt.Close()
	for _, u := range srv.Dataset().Users[:3] {
		want := 0
		for _, e := range srv.Dataset().TimeEntries {
			if e.User.ID == u.ID && e.Hours >= 2 {
				want++
			}
		}
		var got int
		require.NoError(t, stmt.QueryRow(u.ID, 2).Scan(&got))
		assert.Equal(t, want, got, "user %d", u.ID)
	}
}

func TestNilArgumentMatchesNothing(t *testing.T) {
	db, srv := start(t, sandbox.Options{Rows: 50}, "")
	var n int
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM time_entries WHERE project_id = ?", nil).Scan(&n))
	assert.Zero(t, n)
	var s sql.NullString
	require.NoError(t, db.QueryRow("SELECT COALESCE(?, 'x')", nil).Scan(&s))
	assert.Equal(t, "x", s.String)
	assert.EqualValues(t, 0, srv.Requests(), "an equality with NULL needs no request")
}

func TestUnsupportedSQLPointsToTheBridge(t *testing.T) {
	db, _ := start(t, sandbox.Options{Rows: 10}, "")
	for _, q := range []string{
		"WITH x AS (SELECT id FROM users) SELECT * FROM x",
		"SELECT id, ROW_NUMBER() OVER (ORDER BY id) FROM users",
	} {
		_, err := db.Query(q)
		require.Error(t, err, q)
		var pe *planner.Error
		assert.ErrorAs(t, err, &pe, q)
		assert.Contains(t, err.Error(), "saasapi-sqlite", q)
	}
}
