// Package planner turns SQL text into a [Query]: it parses with
// github.com/xwb1989/sqlparser (MySQL dialect), binds ? and :name
// arguments, resolves tables and columns (unknown names get a did-you-mean),
// and chooses the access path and the filters pushed down to the API.
//
// The pushdown contract: a pushed filter may only widen what the API
// returns; every predicate the API does not apply exactly stays in
// [Query.Filter] and is checked on every row. SHOW TABLES, DESCRIBE and
// EXPLAIN are recognized before parsing, since the parser loses their table
// names.
package planner
