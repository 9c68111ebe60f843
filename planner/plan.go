package planner

import (
	"database/sql/driver"
	"strings"

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
	KindSelect  Kind = iota // rows from Root
	KindExplain             // the plan of Explained, as rows
)

// Query is a planned statement: a tree of operators.
type Query struct {
	Kind Kind
	// Root produces the result rows.
	Root Node
	// Explained is the planned statement of an EXPLAIN.
	Explained *Query
	// Cached is set when the query was planned with the cache
	// (PlanCached): EXPLAIN says where each scan reads from.
	Cached bool
	// Passes are the optimizer's passes that ran, in order, and whether
	// each changed the plan (EXPLAIN shows them).
	Passes []PassRun
}

// PassRun is one pass of the optimizer over a query.
type PassRun struct {
	// Name is the pass's name (see PassNames).
	Name string
	// Changed is set when the pass rewrote the plan.
	Changed bool
}

// Columns returns the result columns.
func (q *Query) Columns() []Column { return q.Root.Columns() }

// Column describes an output column of a node.
type Column struct {
	Name string
	// Table is the qualifier the column is known by (a table name or alias).
	Table    string
	Type     schema.Type
	Nullable bool
}

// Estimate is the planner's guess of what a node costs.
type Estimate struct {
	Rows     float64 // rows produced
	Requests float64 // HTTP requests sent, including those of the inputs
}

// Node is an operator of the plan tree. Every node produces rows of
// driver.Value, one per column of Columns.
type Node interface {
	Columns() []Column
	Estimate() Estimate
}

// Scan reads a table through one access path. Keys and parameter values
// are expressions: constants, or references to an outer row (the current
// row of a nested-loop join's outer side, or of an enclosing query), so a
// scan can be opened once per outer row.
type Scan struct {
	Table *schema.Table
	// Alias is the name the query uses for the table.
	Alias string
	Path  *schema.AccessPath
	// Keys fill the path's placeholders.
	Keys []Param
	// Params are the pushed filters' query parameters.
	Params []Param
	// Filter is the residual predicate every fetched row must pass, over
	// the table's columns; nil when the API applies the whole predicate.
	Filter Expr
	// Exact is true when Filter is nil and the API applies every pushed
	// predicate exactly.
	Exact bool
	// Need is how many rows the query needs, -1 when all: paging stops
	// once that many rows passed the filter.
	Need int64
	// PageSize, when positive, shrinks the first page.
	PageSize int
	// Used flags the columns the query reads, for APIs that return only
	// the attributes asked for (schema.AccessPath.Fields); nil means all.
	Used []bool
	// Empty scans send nothing: a condition can never hold (x = NULL,
	// FALSE, x = 1 AND x = 2).
	Empty bool
	// Never says which condition can never hold, for EXPLAIN.
	Never string
	// Cached scans are opened repeatedly (the inner side of a nested loop,
	// a correlated subquery): their results are kept per request URL for
	// the duration of the query, so each distinct request is sent once.
	Cached bool
	// Partition, when set, makes the scan (of a decorrelated subquery)
	// read its listing once per query and hash the rows on these
	// columns: each opening returns the rows whose columns equal the
	// values of the expressions, evaluated like keys (over the enclosing
	// rows), instead of sending a request per distinct value. Filter
	// still checks every row.
	Partition []PartitionKey
	// Shared, when above 1, is how many scans of the query make this
	// scan's request: the first to run reads it whole and keeps the rows
	// until the others have read them, so it is sent once.
	Shared int
	Est    Estimate
	cols   []Column
	// where are the conditions over the table's row the scan was planned
	// from (its AND-terms), extra the equalities with values fixed per
	// execution (a nested loop's key): passes read them to prune or plan
	// the scan again.
	where []Expr
	extra []atom
}

// PartitionKey is a column of a partitioned scan and the value it must
// equal at each opening.
type PartitionKey struct {
	Column int
	Value  Expr
}

// Param is one key or query parameter of a scan.
type Param struct {
	Name   string
	Value  Expr
	Format schema.Format
	// Op is the operator of the pushed predicate; the value is written
	// for it (FormatValue).
	Op schema.Op
	// Exact, for a value known only when the scan runs, means the API
	// applies the predicate exactly: a value that cannot be sent matches
	// no row.
	Exact bool
	// Desc describes the pushed predicate for EXPLAIN.
	Desc string
}

// Columns are the table's columns.
func (s *Scan) Columns() []Column { return s.cols }

// Fields returns the top-level JSON attributes of the columns the query
// reads (with the key, and the columns the path fills), in column order:
// what a projection parameter should ask for.
func (s *Scan) Fields() []string {
	var out []string
	seen := map[string]bool{}
	for i, c := range s.Table.Columns {
		if s.Used != nil && !s.Used[i] && !c.Key {
			continue
		}
		top, _, _ := strings.Cut(c.JSONPath(), ".")
		if !seen[top] {
			seen[top] = true
			out = append(out, top)
		}
	}
	return out
}

// Estimate is the scan's.
func (s *Scan) Estimate() Estimate { return s.Est }

// Count answers SELECT COUNT(*) from the total the API reports on the first
// page of Scan (requested with a page size of 1); it counts rows by paging
// when the API reports no total.
type Count struct {
	Scan *Scan
	Name string
}

// Columns is the one count column.
func (c *Count) Columns() []Column {
	return []Column{{Name: c.Name, Type: schema.TypeInteger}}
}

// Estimate is one request.
func (c *Count) Estimate() Estimate { return Estimate{Rows: 1, Requests: 1} }

// Values produces fixed rows (SHOW TABLES, DESCRIBE, sys_tables, FROM dual).
type Values struct {
	Cols []Column
	Rows [][]driver.Value
	// Name says what the rows are, for EXPLAIN.
	Name string
}

// Columns are the declared columns.
func (v *Values) Columns() []Column { return v.Cols }

// Estimate costs no request.
func (v *Values) Estimate() Estimate { return Estimate{Rows: float64(len(v.Rows))} }

// Filter passes the rows for which Cond is TRUE.
type Filter struct {
	Input Node
	Cond  Expr
}

// Columns are the input's.
func (f *Filter) Columns() []Column { return f.Input.Columns() }

// Estimate guesses a third of the rows pass; the subqueries of the
// condition add their requests.
func (f *Filter) Estimate() Estimate {
	e := f.Input.Estimate()
	e.Requests += subqueryCost(e.Rows, f.Cond)
	e.Rows = max(1, e.Rows/3)
	return e
}

// Project computes one expression per output column.
type Project struct {
	Input Node
	Exprs []Expr
	Cols  []Column
	// Reorder marks the projection that puts a swapped join's columns
	// back in FROM order.
	Reorder bool
	// FanOut marks the projection of a table read once per parent row.
	FanOut bool
	// fanOutConds are the conditions on that table, should the cache
	// copy it whole instead (see useReplicas).
	fanOutConds []Expr
}

// Columns are the computed columns.
func (p *Project) Columns() []Column { return p.Cols }

// Estimate is the input's, and the requests of the subqueries.
func (p *Project) Estimate() Estimate {
	e := p.Input.Estimate()
	e.Requests += subqueryCost(e.Rows, p.Exprs...)
	return e
}

// Aggregate groups rows by GroupBy and computes Aggs per group. Its rows
// are the group values followed by the aggregate values. Without GroupBy
// it produces exactly one row.
type Aggregate struct {
	Input   Node
	GroupBy []Expr
	Aggs    []*Agg
	Cols    []Column
}

// Columns are the group columns, then the aggregates.
func (a *Aggregate) Columns() []Column { return a.Cols }

// Estimate guesses a tenth of the rows form groups.
func (a *Aggregate) Estimate() Estimate {
	e := a.Input.Estimate()
	exprs := append([]Expr{}, a.GroupBy...)
	for _, g := range a.Aggs {
		exprs = append(exprs, g)
	}
	e.Requests += subqueryCost(e.Rows, exprs...)
	if len(a.GroupBy) == 0 {
		e.Rows = 1
	} else {
		e.Rows = max(1, e.Rows/10)
	}
	return e
}

// Distinct drops rows whose first Width columns equal an earlier row's.
type Distinct struct {
	Input Node
	Width int
}

// Columns are the input's.
func (d *Distinct) Columns() []Column { return d.Input.Columns() }

// Estimate is the input's.
func (d *Distinct) Estimate() Estimate { return d.Input.Estimate() }

// Sort orders rows by Keys (NULLs first ascending; stable).
type Sort struct {
	Input Node
	Keys  []Order
}

// Columns are the input's.
func (s *Sort) Columns() []Column { return s.Input.Columns() }

// Estimate is the input's, and the requests of the subqueries.
func (s *Sort) Estimate() Estimate {
	e := s.Input.Estimate()
	for _, k := range s.Keys {
		e.Requests += subqueryCost(e.Rows, k.Expr)
	}
	return e
}

// Order is one sort key.
type Order struct {
	Expr Expr
	Desc bool
}

// Limit skips Offset rows and passes at most Limit (-1: all).
type Limit struct {
	Input         Node
	Limit, Offset int64
}

// Columns are the input's.
func (l *Limit) Columns() []Column { return l.Input.Columns() }

// Estimate caps the rows.
func (l *Limit) Estimate() Estimate {
	e := l.Input.Estimate()
	if l.Limit >= 0 {
		e.Rows = min(e.Rows, float64(l.Limit))
	}
	return e
}

// JoinKind is the kind of a join.
type JoinKind int

// The join kinds. RIGHT JOIN is planned as a LEFT JOIN with the sides
// swapped.
const (
	JoinInner JoinKind = iota
	JoinLeft
	JoinCross
)

// JoinStrategy is how a join runs.
type JoinStrategy int

// The join strategies.
const (
	// HashJoin reads the right side once, hashes it on the join keys and
	// probes it with each left row.
	HashJoin JoinStrategy = iota
	// NestedLoop opens the right side, a Scan whose keys or parameters
	// refer to the left row, once per left row; equal requests are sent
	// once.
	NestedLoop
)

// Join combines rows of Left and Right; its rows are a left row followed
// by a right row (NULLs for an unmatched LEFT JOIN row).
type Join struct {
	Left, Right Node
	Kind        JoinKind
	Strategy    JoinStrategy
	// LeftKeys and RightKeys are the equi-join keys of a hash join, over
	// the left and the right row.
	LeftKeys, RightKeys []Expr
	// Cond is the rest of the ON condition, over the combined row.
	Cond Expr
	Est  Estimate
	cols []Column
}

// Columns are the left columns followed by the right columns.
func (j *Join) Columns() []Column { return j.cols }

// Estimate is the planner's, and the requests of the subqueries of the
// condition.
func (j *Join) Estimate() Estimate {
	e := j.Est
	e.Requests += subqueryCost(e.Rows, j.Cond)
	return e
}

// Union concatenates its inputs' rows; without All, duplicates are dropped.
type Union struct {
	Inputs []Node
	All    bool
}

// Columns are the first input's.
func (u *Union) Columns() []Column { return u.Inputs[0].Columns() }

// Estimate sums the inputs.
func (u *Union) Estimate() Estimate {
	var e Estimate
	for _, in := range u.Inputs {
		x := in.Estimate()
		e.Rows += x.Rows
		e.Requests += x.Requests
	}
	return e
}
