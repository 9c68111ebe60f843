//go:build sqlite_vtable && cgo

package saasapi_test

import (
	"database/sql"

	"github.com/saasapi/saasapi/sqlite"
)

func init() {
	openBridge = func(dsn string) (*sql.DB, error) { return sql.Open(sqlite.DriverName, dsn) }
}
