// Package engine runs planned queries: it pulls rows from the REST client
// page by page, applies the residual filter, sorts, removes duplicates,
// skips and limits, and projects, streaming wherever the query allows.
//
// Expressions follow SQL's three-valued logic; the coercions of [Compare]
// are documented there. Rows hold nil, int64, float64, bool, string or
// time.Time.
package engine
