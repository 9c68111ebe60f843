package planner

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/saasapi/saasapi/schema"
	"github.com/xwb1989/sqlparser"
)

// selectStmt plans a single-table SELECT.
func (b *binder) selectStmt(s *sqlparser.Select) (*Query, error) {
	if len(s.From) != 1 {
		return nil, newError(ErrUnsupported, "joins (several tables in FROM) are not supported by the native driver yet; use the SQLite bridge (driver saasapi-sqlite)")
	}
	ate, ok := s.From[0].(*sqlparser.AliasedTableExpr)
	if !ok {
		return nil, newError(ErrUnsupported, "JOIN is not supported by the native driver yet; use the SQLite bridge (driver saasapi-sqlite)")
	}
	tn, ok := ate.Expr.(sqlparser.TableName)
	if !ok {
		return nil, newError(ErrUnsupported, "subqueries in FROM are not supported by the native driver yet")
	}
	t, err := lookupTable(b.cat, tn.Name.String())
	if err != nil {
		return nil, err
	}
	sc := &scope{table: t, names: []string{t.Name}}
	if !ate.As.IsEmpty() {
		sc.names = append(sc.names, ate.As.String())
	}
	if !tn.Qualifier.IsEmpty() {
		sc.schema = tn.Qualifier.String()
	}
	if len(s.GroupBy) > 0 || s.Having != nil {
		return nil, newError(ErrUnsupported, "GROUP BY and HAVING are not supported by the native driver yet; use the SQLite bridge (driver saasapi-sqlite)")
	}
	q := &Query{Kind: KindSelect, Table: t, Distinct: s.Distinct != "", Limit: -1}

	var where Expr
	if s.Where != nil {
		if where, err = b.expr(s.Where.Expr, sc); err != nil {
			return nil, err
		}
	}
	for _, se := range s.SelectExprs {
		switch x := se.(type) {
		case *sqlparser.StarExpr:
			if !x.TableName.IsEmpty() && !sc.is(x.TableName.Name.String()) {
				return nil, &Error{Err: ErrUnknownTable, Table: x.TableName.Name.String(),
					Msg: fmt.Sprintf("%s.* names no table of the query (the table is %s)", x.TableName.Name.String(), t.Name)}
			}
			for i, c := range t.Columns {
				q.Output = append(q.Output, Output{Name: c.Name, Expr: &Col{Index: i, Name: c.Name, Column: c.Type}})
			}
		case *sqlparser.AliasedExpr:
			e, err := b.expr(x.Expr, sc)
			if err != nil {
				return nil, err
			}
			name := x.As.String()
			if name == "" {
				if c, ok := e.(*Col); ok {
					name = c.Name
				} else {
					name = sqlparser.String(x.Expr)
				}
			}
			q.Output = append(q.Output, Output{Name: name, Expr: e})
		default:
			return nil, newError(ErrUnsupported, fmt.Sprintf("select expression %s is not supported", sqlparser.String(se)))
		}
	}
	for _, o := range s.OrderBy {
		e, err := b.orderExpr(o.Expr, sc, q.Output)
		if err != nil {
			return nil, err
		}
		q.OrderBy = append(q.OrderBy, Order{Expr: e, Desc: o.Direction == sqlparser.DescScr})
	}
	if s.Limit != nil {
		if q.Limit, err = b.count(s.Limit.Rowcount, "LIMIT"); err != nil {
			return nil, err
		}
		if s.Limit.Offset != nil {
			if q.Offset, err = b.count(s.Limit.Offset, "OFFSET"); err != nil {
				return nil, err
			}
		}
	}
	q.Scan, q.Filter = pushdown(t, where)
	if len(q.OrderBy) == 0 && !q.Distinct && q.Limit >= 0 {
		q.Scan.Need = q.Offset + q.Limit
		if q.Filter == nil && q.Scan.Need > 0 && q.Scan.Need < 1<<31 {
			q.Scan.PageSize = int(q.Scan.Need)
		}
	}
	return q, nil
}

// count reads a LIMIT or OFFSET value: a non-negative integer literal or
// placeholder.
func (b *binder) count(e sqlparser.Expr, what string) (int64, error) {
	if e == nil {
		return -1, nil
	}
	v, ok := e.(*sqlparser.SQLVal)
	if ok {
		switch v.Type {
		case sqlparser.IntVal:
			n, err := strconv.ParseInt(string(v.Val), 10, 64)
			if err == nil {
				return n, nil
			}
		case sqlparser.ValArg:
			a, err := b.arg(string(v.Val))
			if err != nil {
				return 0, err
			}
			if n, ok := a.(int64); ok && n >= 0 {
				return n, nil
			}
			return 0, newError(ErrArgument, fmt.Sprintf("%s argument must be a non-negative integer, got %v", what, a))
		}
	}
	return 0, newError(ErrSyntax, fmt.Sprintf("%s must be a non-negative integer or ?, got %s", what, sqlparser.String(e)))
}

// orderExpr resolves an ORDER BY key: an output ordinal (ORDER BY 2), an
// output alias, or an expression over the table.
func (b *binder) orderExpr(e sqlparser.Expr, sc *scope, out []Output) (Expr, error) {
	if v, ok := e.(*sqlparser.SQLVal); ok && v.Type == sqlparser.IntVal {
		n, err := strconv.Atoi(string(v.Val))
		if err != nil || n < 1 || n > len(out) {
			return nil, newError(ErrSyntax, fmt.Sprintf("ORDER BY %s: there are %d result columns", string(v.Val), len(out)))
		}
		return out[n-1].Expr, nil
	}
	if c, ok := e.(*sqlparser.ColName); ok && c.Qualifier.IsEmpty() {
		for _, o := range out {
			if strings.EqualFold(o.Name, c.Name.String()) {
				if _, isCol := o.Expr.(*Col); !isCol || sc.table.Column(c.Name.String()) < 0 {
					return o.Expr, nil
				}
			}
		}
	}
	return b.expr(e, sc)
}

// scope is the table an expression's columns refer to.
type scope struct {
	table  *schema.Table
	names  []string // the table's name and alias
	schema string
}

func (s *scope) is(name string) bool {
	for _, n := range s.names {
		if strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}

func (s *scope) column(c *sqlparser.ColName) (Expr, error) {
	name := c.Name.String()
	if q := c.Qualifier.Name.String(); q != "" && !s.is(q) {
		return nil, &Error{Err: ErrUnknownTable, Table: q, Column: name,
			Msg: fmt.Sprintf("column %s.%s: %q is not a table of the query (the table is %s)", q, name, q, s.table.Name)}
	}
	i := s.table.Column(name)
	if i < 0 {
		msg := fmt.Sprintf("unknown column %q in table %s", name, s.table.Name)
		if sug := schema.Suggest(name, s.table.ColumnNames()); sug != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", sug)
		} else {
			msg += fmt.Sprintf("; DESCRIBE %s lists its columns", s.table.Name)
		}
		return nil, &Error{Err: ErrUnknownColumn, Table: s.table.Name, Column: name, Msg: msg}
	}
	col := s.table.Columns[i]
	return &Col{Index: i, Name: col.Name, Column: col.Type}, nil
}
