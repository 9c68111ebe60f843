// Package saasapi is a database/sql driver that answers SQL SELECTs over
// SaaS REST APIs (Harvest today) with the fewest paginated, authenticated
// requests that can answer them.
//
//	db, err := sql.Open("saasapi", "Profile=harvest;ProfileSettings='APIKey=…;AccountId=123'")
//	rows, err := db.QueryContext(ctx,
//		"SELECT spent_date, hours, notes FROM time_entries WHERE project_id = ? AND spent_date >= ?",
//		projectID, "2024-01-01")
//
// The connection string follows CData's format (docs/dsn.md lists every
// property). For what a string cannot carry — an *http.Client, a
// *slog.Logger — build a connector with [NewConnector] and open it with
// sql.OpenDB.
//
// # Pushdown
//
// Predicates the API can apply become query parameters (project_id=…,
// from=…); `id = ?` fetches one record by its key; LIMIT stops paging as
// soon as enough rows passed. A pushed filter may only widen what the API
// returns: every predicate the API does not apply exactly is checked again
// on every row. EXPLAIN SELECT … shows the requests a query will send.
//
// # Errors
//
// Errors name the property, table or column at fault. Match them with
// errors.Is against the Err* variables of this package, or errors.As for
// *dsn.Error, *planner.Error and *rest.APIError. No error, log line or
// String() contains a secret.
//
// The driver is read-only: anything but SELECT, SHOW TABLES, DESCRIBE and
// EXPLAIN is refused with [ErrReadOnly].
package saasapi
