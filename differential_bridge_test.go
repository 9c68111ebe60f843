//go:build sqlite_vtable && cgo

package saasapi_test

import (
	"database/sql"
	"testing"

	"github.com/saasapi/saasapi/sqlite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDifferentialBridge runs the cases through saasapi-sqlite, the SQLite
// bridge over the same sandbox, and holds it to SQLite's own answer on the
// copied rows: in SQLite's spelling of each case (which the native driver
// is held to as well, so the two ways in agree with each other), and, for
// the cases whose saasapi spelling SQLite also runs, in that spelling too —
// there the bridge gives SQLite's answer, which docs/sql.md lists where it
// is not the native driver's.
func TestDifferentialBridge(t *testing.T) {
	native, srv := start(t, diffSandbox, "")
	lite := loadSQLite(t, native)
	bridge, err := sql.Open(sqlite.DriverName, srv.DSN())
	require.NoError(t, err)
	t.Cleanup(func() { bridge.Close() })
	bridge.SetMaxOpenConns(1) // the prelude's pragma and view belong to one connection
	for _, s := range litePrelude {
		_, err := bridge.Exec(s)
		require.NoError(t, err, s)
	}
	for i, c := range allCases() {
		t.Run(c.label(i), func(t *testing.T) {
			spellings := []string{c.sqlite()}
			if c.sql != c.sqlite() {
				spellings = append(spellings, c.sql)
			}
			for _, s := range spellings {
				want, wantErr := collect(t, lite, s, c.args)
				got, err := collect(t, bridge, s, c.args)
				if wantErr != nil {
					assert.Error(t, err, "SQLite fails on %s (%v); so does the bridge", s, wantErr)
					continue
				}
				require.NoError(t, err, s)
				assertSame(t, c, want, got, "saasapi-sqlite: %s", s)
			}
		})
	}
}
