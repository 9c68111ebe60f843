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
// The tables declare saasapi's type names (INTEGER, REAL, TEXT, BOOLEAN,
// DATE, TIMESTAMP, JSON), their keys as the PRIMARY KEY and NOT NULL, and
// a report's inputs as HIDDEN columns (a report is a table-valued
// function: SELECT * FROM time_report_clients('2024-01-01', '2024-12-31')).
// DATE is held as the text 'YYYY-MM-DD', TIMESTAMP as 'YYYY-MM-DD
// HH:MM:SS' in UTC, BOOLEAN as 0 or 1; go-sqlite3 converts the declared
// types, so a column scans into the Go types it scans into through the
// native driver (time.Time, bool, sql.Null*), with the same values. A
// time.Time argument is bound as that text ('YYYY-MM-DD' when it is
// midnight UTC), so `spent_date >= ?` compares as it reads.
//
// # Errors
//
// The error of a statement that failed in a virtual table (a 401, a rate
// limit, a report without its dates) is saasapi's error, matching the
// native driver's sentinels with errors.Is, and also go-sqlite3's
// sqlite3.Error. INSERT, UPDATE and DELETE on an API table fail with
// saasapi.ErrReadOnly when prepared; SQLite's unknown table, unknown
// column and syntax errors match ErrUnknownTable, ErrUnknownColumn and
// ErrSyntax.
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
// distinct value; a child table read without its parent's key fans out
// over the parent, as the native driver does. EXPLAIN QUERY PLAN names
// the pushed columns:
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
