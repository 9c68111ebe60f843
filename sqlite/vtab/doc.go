// Package vtab is the SQLite virtual-table logic that both SQLite bridges
// share: the in-process driver of package sqlite (over mattn/go-sqlite3) and
// the loadable extension (a C shim over sqlite3ext.h). It imports neither
// SQLite nor cgo: each host converts its own xBestIndex, xFilter and xColumn
// arguments into the plain Go values of this package, so the extension does
// not link go-sqlite3 and both bridges plan scans with the same code.
//
// # Planning
//
// [Table.BestIndex] turns SQLite's usable constraints (=, <, <=, >, >= on a
// column) into a [planner.PlanScan] call. A constraint is used only when the
// scan needs its value. SQLite skips re-checking a constraint it is told to
// omit, so a constraint is omitted only when the API applies it exactly
// (planner.ScanPlan.Omit). A host that cannot ask SQLite to keep checking a
// used constraint (go-sqlite3 omits every used constraint) plans again with
// the exact constraints alone: the filters that would only narrow the API's
// answer are then not sent, and SQLite checks them on every row. A host
// that can ([Options.Recheck], the extension) sends them too and lets SQLite
// check them again.
//
// LIMIT and OFFSET are used only when the query has no ORDER BY and every
// other constraint is omitted: then LIMIT shrinks the first page and the
// cursor skips the OFFSET rows itself.
//
// A table whose required key (a path placeholder such as invoice_id) is
// not constrained is read as the native driver reads it: over its parent
// table ([planner.PlanFanOut]), one request per parent row, at a cost that
// makes SQLite prefer a plan that binds the key (a join) when there is
// one. A table with no parent to fan out over, or that needs inputs (a
// report's from_date and to_date, declared HIDDEN so that the table is a
// table-valued function), costs so much that SQLite prefers any other
// plan; if SQLite still runs it, [Cursor.Filter] returns the native
// driver's error naming what the table needs (planner.ErrMissingKey).
// Equalities on input columns are exact: the rows hold the value sent.
//
// idxStr names the pushed columns and operators in the order of xFilter's
// values, so that EXPLAIN QUERY PLAN shows what reaches the API:
// "project_id= spent_date>=~" ("~" marks a constraint SQLite checks
// again), "id=", "project_id= limit offset", "fan-out
// invoice_id=invoices.id" (a fan-out over the parent's column),
// "needs:from_date,to_date" (a plan that cannot run).
//
// # Requests
//
// The cursors of one connection share an engine.Session while any of them
// is open, that is for the statement that opened them: an IN list or a
// join, for which SQLite calls xFilter once per value, sends one request per
// distinct value. SQLite's xFilter has no context, so [Conn] keeps the
// context of the statement being run (set by the host with
// [Conn.SetContext]); it is the one place where saasapi stores a context in
// a struct.
package vtab
