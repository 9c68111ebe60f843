package planner

import (
	"net/url"

	"github.com/saasapi/saasapi/schema"
)

// Catalog is what the planner needs of a provider: its tables by name.
type Catalog interface {
	Table(name string) (*schema.Table, bool)
	TableNames() []string
}

// Kind says what a Query does.
type Kind int

// The kinds of query.
const (
	KindSelect   Kind = iota // SELECT over one table
	KindShow                 // SHOW TABLES
	KindDescribe             // DESCRIBE t, SHOW COLUMNS FROM t
	KindExplain              // EXPLAIN SELECT …
)

// Query is a planned statement.
type Query struct {
	Kind Kind
	// Table is the table read (KindSelect, KindDescribe).
	Table *schema.Table
	// Scan is how rows are fetched (KindSelect).
	Scan *Scan
	// Filter is the residual predicate every fetched row must pass; nil
	// when the API applies the whole WHERE exactly.
	Filter Expr
	// Output are the result columns.
	Output []Output
	// OrderBy sorts rows before OFFSET and LIMIT.
	OrderBy []Order
	// Distinct removes duplicate output rows.
	Distinct bool
	// Limit is the row limit, -1 for none; Offset the rows skipped.
	Limit, Offset int64
	// Explained is the planned SELECT of an EXPLAIN.
	Explained *Query
}

// Output is one result column.
type Output struct {
	Name string
	Expr Expr
}

// Order is one ORDER BY key.
type Order struct {
	Expr Expr
	Desc bool
}

// Scan is the access to the API: one access path, its bound keys, and the
// filters pushed down as query parameters.
type Scan struct {
	Table *schema.Table
	Path  *schema.AccessPath
	// Keys fill the path's placeholders.
	Keys map[string]string
	// Params are the pushed filters' query parameters.
	Params url.Values
	// Pushed describes each pushed predicate ("spent_date >= '2024-01-01' → from=2024-01-01").
	Pushed []string
	// Exact is true when the pushed filters and keys are the whole WHERE
	// and the API applies them exactly.
	Exact bool
	// Need is how many rows the query needs from the scan, -1 when all:
	// the scan stops paging once that many rows passed the filter.
	Need int64
	// PageSize, when positive, shrinks the first page (LIMIT without a
	// residual filter).
	PageSize int
}
