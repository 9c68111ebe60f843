// Package sqlite offers a provider's tables to SQLite, in process: importing
// it registers the database/sql driver "saasapi-sqlite", whose connections
// are in-memory SQLite databases (mattn/go-sqlite3) where every table of the
// connection string's profile is an eponymous virtual table. Queries get all
// of SQLite's SQL — CTEs, window functions, JSON functions — over the APIs:
//
//	import _ "github.com/saasapi/saasapi/sqlite"
//
//	db, err := sql.Open("saasapi-sqlite", "Profile=harvest;ProfileSettings='APIKey=…;AccountId=123456'")
//	rows, err := db.QueryContext(ctx, `
//		WITH daily AS (
//			SELECT spent_date, sum(hours) AS hours FROM time_entries
//			WHERE project_id = ? GROUP BY spent_date)
//		SELECT spent_date, hours, sum(hours) OVER (ORDER BY spent_date) FROM daily`, projectID)
//
// The package needs cgo and the build tag sqlite_vtable (go-sqlite3's
// virtual tables): build and test with GOFLAGS=-tags=sqlite_vtable. To pass
// what a connection string cannot carry (an *http.Client, a logger), build
// a saasapi.Connector and open it with sql.OpenDB(sqlite.NewConnector(c)).
//
// # Types
//
// Columns are declared INTEGER, REAL or TEXT, so that rows.ColumnTypes
// reports them and SQLite compares with the right affinity: BOOLEAN columns
// are INTEGER 0 or 1; DATE columns are TEXT 'YYYY-MM-DD'; TIMESTAMP columns
// are TEXT 'YYYY-MM-DD HH:MM:SS' in UTC; JSON columns are TEXT, for
// SQLite's JSON functions. A time.Time argument is bound as that text
// ('YYYY-MM-DD' when it is midnight UTC), so `spent_date >= ?` compares
// as it reads.
//
// # Pushdown
//
// SQLite's xBestIndex constraints go through the same planner as the native
// driver (see package vtab): equalities the API applies exactly (id =, an
// ID or boolean filter) are sent as the request's path or query
// parameters, and SQLite does not check them again. go-sqlite3 cannot
// push a filter and still have SQLite check it, so filters the API applies
// only loosely (spent_date >= by day) are not sent: SQLite reads the
// wider listing and filters it. An IN list or a join sends one request per
// distinct value. EXPLAIN QUERY PLAN names the pushed columns:
//
//	SCAN time_entries VIRTUAL TABLE INDEX 1:project_id=
//
// # Context
//
// The context of QueryContext and ExecContext (and of a prepared
// statement's) reaches every request the statement sends: cancelling it
// stops them. With several statements open at once on one connection (in a
// transaction), the latest statement's context governs the requests of all.
//
// Each pooled connection is its own in-memory database: a TEMP table or an
// ATTACHed database is seen by the connection that made it only (use
// db.Conn or db.SetMaxOpenConns(1) to keep one).
package sqlite
