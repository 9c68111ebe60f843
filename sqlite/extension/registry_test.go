package main

import (
	"testing"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTableArgs(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		conn, tbl string
		err       string
	}{
		{"dsn only: the table is the virtual table's name", []string{`'Profile=harvest'`}, "Profile=harvest", "te", ""},
		{"dsn and table", []string{` 'Profile=harvest;ProfileSettings=''APIKey=x''' `, ` 'time_entries'`},
			"Profile=harvest;ProfileSettings='APIKey=x'", "time_entries", ""},
		{"double quotes", []string{`"@1"`, `"projects"`}, "@1", "projects", ""},
		{"bare word", []string{`'@1'`, `tasks`}, "@1", "tasks", ""},
		{"none", nil, "", "", "takes 1 or 2 arguments, got 0"},
		{"too many", []string{"a", "b", "c"}, "", "", "takes 1 or 2 arguments, got 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conn, tbl, err := tableArgs("te", tt.args)
			if tt.err != "" {
				assert.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.conn, conn)
			assert.Equal(t, tt.tbl, tbl)
		})
	}
}

func TestCheckSchema(t *testing.T) {
	dsn := "Profile=harvest"
	assert.NoError(t, checkSchema("aircall", dsn))
	assert.NoError(t, checkSchema("Harvest_2", dsn))
	assert.ErrorIs(t, checkSchema("MAIN", dsn), errMainSchema)
	assert.NoError(t, checkSchema("main", "env:SAASAPI_DSN"), "an env: connection survives in a database file")
	assert.ErrorContains(t, checkSchema("", dsn), "empty")
	assert.ErrorContains(t, checkSchema("a-b", dsn), "letters, digits and _")
	assert.ErrorContains(t, checkSchema("2x", dsn), "letters, digits and _")
}

func TestIsOurs(t *testing.T) {
	assert.True(t, isOurs(`CREATE VIRTUAL TABLE "projects" USING saasapi('@1', 'projects')`))
	assert.True(t, isOurs("create virtual table te using SAASAPI ('Profile=harvest')"))
	assert.False(t, isOurs("CREATE TABLE projects(x)"))
	assert.False(t, isOurs("CREATE VIRTUAL TABLE f USING fts5(body)"))
}

func TestOpenConnector(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 5})
	require.NoError(t, err)
	defer srv.Close()
	a, err := openConnector(srv.DSN())
	require.NoError(t, err)
	b, err := openConnector(" " + srv.DSN() + " ")
	require.NoError(t, err)
	assert.Same(t, a, b, "one connector (one rate limiter) per connection string")
	c, err := openConnector(a.ref())
	require.NoError(t, err)
	assert.Same(t, a, c)
	assert.Equal(t, `CREATE VIRTUAL TABLE "x"."time_entries" USING saasapi('`+a.ref()+`', 'time_entries')`,
		createStatement("x", "time_entries", storedRef(srv.DSN(), a)))

	// env:NAME reads the connection string from the environment, and is
	// what the tables store.
	t.Setenv("SAASAPI_TEST_DSN", srv.DSN())
	e, err := openConnector("env:SAASAPI_TEST_DSN")
	require.NoError(t, err)
	assert.Same(t, a, e)
	assert.Equal(t, "env:SAASAPI_TEST_DSN", storedRef(" env:SAASAPI_TEST_DSN", e))
	_, err = openConnector("env:SAASAPI_UNSET_VARIABLE")
	assert.ErrorContains(t, err, "environment variable SAASAPI_UNSET_VARIABLE is not set")

	_, err = openConnector("@999")
	assert.ErrorContains(t, err, "no connection @999 in this process")
	_, err = openConnector("Profile=harvest;AuthSchem=APIKEY")
	assert.ErrorIs(t, err, saasapi.ErrUnknownProperty)

	d := &database{}
	assert.Same(t, d.conn(a), d.conn(a), "one vtab connection per database and connector")
	assert.NotSame(t, d.conn(a), (&database{}).conn(a))
}
