package planner

import "github.com/saasapi/saasapi/schema"

// fromClause is the FROM and WHERE of one SELECT as the binder leaves
// them: the tables (leaves) in FROM order, the join steps between them
// with their ON conditions, and the WHERE condition, each condition where
// the query wrote it. It is logical: the pushdown pass places the
// conditions and chooses each table's access path, the joinorder pass
// turns it into a tree of joins the engine runs.
type fromClause struct {
	leaves []*leaf
	steps  []step
	// where is the WHERE condition; after the pushdown pass, what of it
	// stays above every join.
	where Expr
	// placed is set by the pushdown pass.
	placed bool
	cols   []Column
}

// Columns are the leaves' columns in FROM order; those of the
// null-supplying side of an outer join are nullable.
func (f *fromClause) Columns() []Column { return f.cols }

// Estimate is unknown before the joins are planned.
func (f *fromClause) Estimate() Estimate { return Estimate{} }

// leaf is one table of a FROM clause: a scan, sys table, derived table or
// dual, at an offset of the combined row.
type leaf struct {
	table  *schema.Table // nil when the leaf is not a scan
	alias  string
	node   Node // the leaf's rows when it is not a scan
	offset int
	width  int
	// nullable is set on the null-supplying side of an outer join: WHERE
	// conditions cannot be moved into it.
	nullable bool
	conds    []Expr // conditions over the leaf's own columns
	// used flags the table's columns the query reads (filled while the
	// rest of the query is bound; the scan reads it when it runs).
	used []bool
	// built is the leaf's access (a scan, a union of scans, a fan-out),
	// chosen by the pushdown pass.
	built Node
}

// step joins the relation of the leaves before it with leaf i.
type step struct {
	kind  JoinKind
	right bool   // RIGHT JOIN: planned as LEFT JOIN with sides swapped
	conds []Expr // ON conditions (and WHERE conditions of inner joins) over the combined row
}

// columns are the leaf's output columns.
func (l *leaf) columns() []Column {
	if l.table != nil {
		cols := make([]Column, len(l.table.Columns))
		for i, c := range l.table.Columns {
			cols[i] = Column{Name: c.Name, Table: l.alias, Type: c.Type, Nullable: !c.Key}
		}
		return cols
	}
	return l.node.Columns()
}

// access is the leaf's rows: its access once the pushdown pass chose it,
// or the node it stands for.
func (l *leaf) access() Node {
	if l.built != nil {
		return l.built
	}
	return l.node
}
