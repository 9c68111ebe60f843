package planner

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/xwb1989/sqlparser"
)

// selectStatement plans a SELECT, a UNION or a parenthesized SELECT.
// parent is the enclosing query's scope for a subquery, nil otherwise.
func (b *binder) selectStatement(stmt sqlparser.SelectStatement, parent *scope) (Node, error) {
	switch s := stmt.(type) {
	case *sqlparser.Select:
		return b.selectQuery(s, parent)
	case *sqlparser.ParenSelect:
		return b.selectStatement(s.Select, parent)
	case *sqlparser.Union:
		return b.union(s, parent)
	}
	return nil, newError(ErrUnsupported, fmt.Sprintf("%s is not supported", render(stmt)))
}

// union plans UNION [ALL]; ORDER BY and LIMIT apply to the whole result
// and may name its columns by name or ordinal.
func (b *binder) union(u *sqlparser.Union, parent *scope) (Node, error) {
	left, err := b.selectStatement(u.Left, parent)
	if err != nil {
		return nil, err
	}
	right, err := b.selectStatement(u.Right, parent)
	if err != nil {
		return nil, err
	}
	if l, r := len(left.Columns()), len(right.Columns()); l != r {
		return nil, newError(ErrSyntax, fmt.Sprintf("the SELECTs of a UNION must have the same number of columns (%d and %d)", l, r))
	}
	var node Node = &Union{Inputs: []Node{left, right}, All: u.Type == sqlparser.UnionAllStr}
	cols := node.Columns()
	if len(u.OrderBy) > 0 {
		sort := &Sort{Input: node}
		for _, o := range u.OrderBy {
			idx := -1
			switch x := o.Expr.(type) {
			case *sqlparser.SQLVal:
				if n, err := strconv.Atoi(string(x.Val)); err == nil && x.Type == sqlparser.IntVal && n >= 1 && n <= len(cols) {
					idx = n - 1
				}
			case *sqlparser.ColName:
				for i, c := range cols {
					if strings.EqualFold(c.Name, x.Name.String()) {
						idx = i
						break
					}
				}
			}
			if idx < 0 {
				return nil, newError(ErrUnsupported, fmt.Sprintf("ORDER BY %s: the ORDER BY of a UNION takes result column names or ordinals", render(o.Expr)))
			}
			sort.Keys = append(sort.Keys, Order{Expr: &Col{Index: idx, Name: cols[idx].Name, Column: cols[idx].Type}, Desc: o.Direction == sqlparser.DescScr})
		}
		node = sort
	}
	return b.limit(node, u.Limit)
}

// selectQuery binds one SELECT: its FROM and WHERE become a logical
// fromClause (the passes place the conditions and plan the joins), the
// rest the operators above it.
func (b *binder) selectQuery(s *sqlparser.Select, parent *scope) (Node, error) {
	leaves, steps, sc, err := b.from(s.From, parent)
	if err != nil {
		return nil, err
	}
	f := &fromClause{leaves: leaves, steps: steps}
	for _, l := range leaves {
		for _, c := range l.columns() {
			c.Nullable = c.Nullable || l.nullable
			f.cols = append(f.cols, c)
		}
	}
	if s.Where != nil {
		if f.where, err = b.expr(s.Where.Expr, sc); err != nil {
			return nil, err
		}
	}
	return b.finish(s, f, sc)
}

// from reads the FROM clause into leaves and join steps, and returns the
// scope of the combined row.
func (b *binder) from(from sqlparser.TableExprs, parent *scope) ([]*leaf, []step, *scope, error) {
	sc := &scope{parent: parent}
	if parent != nil {
		sc.correlated = b.correlated
	}
	var leaves []*leaf
	var steps []step
	add := func(te sqlparser.TableExpr) error {
		l, err := b.leaf(te, parent)
		if err != nil {
			return err
		}
		l.offset = len(sc.cols)
		cols := l.columns()
		l.width = len(cols)
		if l.table != nil {
			l.used = make([]bool, len(cols))
		}
		for i, c := range cols {
			col := scopeCol{qual: l.alias, name: c.Name, typ: c.Type, nullable: c.Nullable}
			if l.used != nil {
				col.used = &l.used[i]
			}
			if l.table != nil {
				col.table = l.table.Name
			}
			sc.cols = append(sc.cols, col)
		}
		leaves = append(leaves, l)
		return nil
	}
	var walk func(te sqlparser.TableExpr) error
	walk = func(te sqlparser.TableExpr) error {
		switch x := te.(type) {
		case *sqlparser.JoinTableExpr:
			if err := walk(x.LeftExpr); err != nil {
				return err
			}
			if _, nested := x.RightExpr.(*sqlparser.JoinTableExpr); nested {
				return newError(ErrUnsupported, "a parenthesized join on the right of a JOIN is not supported; write the joins left to right")
			}
			if p, nested := x.RightExpr.(*sqlparser.ParenTableExpr); nested && len(p.Exprs) != 1 {
				return newError(ErrUnsupported, "a parenthesized join on the right of a JOIN is not supported; write the joins left to right")
			}
			st := step{kind: JoinInner}
			switch x.Join {
			case sqlparser.JoinStr, sqlparser.StraightJoinStr:
				if x.Condition.On == nil && len(x.Condition.Using) == 0 {
					st.kind = JoinCross
				}
			case sqlparser.LeftJoinStr:
				st.kind = JoinLeft
			case sqlparser.RightJoinStr:
				st.kind, st.right = JoinLeft, true
			default:
				return newError(ErrUnsupported, fmt.Sprintf("%s is not supported; use JOIN … ON or USING", strings.ToUpper(x.Join)))
			}
			leftWidth := len(sc.cols)
			if err := add(x.RightExpr); err != nil {
				return err
			}
			if st.kind == JoinLeft {
				if st.right {
					for _, l := range leaves[:len(leaves)-1] {
						l.nullable = true
					}
				} else {
					leaves[len(leaves)-1].nullable = true
				}
			}
			if x.Condition.On != nil {
				on, err := b.expr(x.Condition.On, sc)
				if err != nil {
					return err
				}
				st.conds = splitAnd(on)
			}
			for _, u := range x.Condition.Using {
				name := u.String()
				li, ln := (&scope{cols: sc.cols[:leftWidth]}).find("", name)
				ri, rn := (&scope{cols: sc.cols[leftWidth:]}).find("", name)
				if ln != 1 || rn != 1 {
					return newError(ErrUnknownColumn, fmt.Sprintf("USING (%s): the column must appear once on each side of the join", name))
				}
				ri += leftWidth
				st.conds = append(st.conds, &Binary{Op: "=",
					L: &Col{Index: li, Name: sc.cols[li].name, Column: sc.cols[li].typ},
					R: &Col{Index: ri, Name: sc.cols[ri].name, Column: sc.cols[ri].typ}})
			}
			steps = append(steps, st)
			return nil
		case *sqlparser.ParenTableExpr:
			if len(x.Exprs) == 1 {
				return walk(x.Exprs[0])
			}
			return newError(ErrUnsupported, "parenthesized table lists are not supported")
		default:
			return add(te)
		}
	}
	for i, te := range from {
		if i > 0 {
			steps = append(steps, step{kind: JoinCross})
		}
		if err := walk(te); err != nil {
			return nil, nil, nil, err
		}
	}
	return leaves, steps, sc, nil
}

// leaf resolves one table expression of FROM.
func (b *binder) leaf(te sqlparser.TableExpr, parent *scope) (*leaf, error) {
	ate, ok := te.(*sqlparser.AliasedTableExpr)
	if !ok {
		return nil, newError(ErrUnsupported, fmt.Sprintf("%s is not supported in FROM", render(te)))
	}
	alias := ate.As.String()
	switch x := ate.Expr.(type) {
	case sqlparser.TableName:
		name := x.Name.String()
		if alias == "" {
			alias = name
		}
		if strings.EqualFold(name, "dual") && x.Qualifier.IsEmpty() {
			return &leaf{alias: alias, node: &Values{Name: "dual", Rows: [][]driver.Value{{}}}}, nil
		}
		if v, ok := b.sysCache(name); ok {
			return &leaf{alias: alias, node: v}, nil
		}
		if v, ok := sysTable(b.cat, name); ok {
			return &leaf{alias: alias, node: v}, nil
		}
		t, err := lookupTable(b.cat, name)
		if err != nil {
			return nil, err
		}
		return &leaf{table: t, alias: alias}, nil
	case *sqlparser.Subquery:
		if alias == "" {
			return nil, newError(ErrSyntax, "a derived table needs an alias: FROM (SELECT …) AS name")
		}
		saved := b.correlated
		b.correlated = nil
		node, err := b.selectStatement(x.Select, nil)
		b.correlated = saved
		if err != nil {
			return nil, err
		}
		return &leaf{alias: alias, node: node}, nil
	}
	return nil, newError(ErrUnsupported, fmt.Sprintf("%s is not supported in FROM", render(te)))
}

func andAll(es []Expr) Expr {
	var out Expr
	for _, e := range es {
		out = and(out, e)
	}
	return out
}

// finish adds grouping, HAVING, the select list, DISTINCT, ORDER BY and
// LIMIT above the joined rows.
func (b *binder) finish(s *sqlparser.Select, node Node, sc *scope) (Node, error) {
	grouped := len(s.GroupBy) > 0 || hasAggregate(s)
	out, err := b.finishAs(s, node, sc, grouped)
	if errors.Is(err, errNotGrouped) {
		// Its aggregates all belong to enclosing queries: bind it again
		// as the plain query it is.
		return b.finishAs(s, node, sc, false)
	}
	return out, err
}

// errNotGrouped says that a query that looked grouped has no aggregate of
// its own (they all aggregate enclosing queries' columns).
var errNotGrouped = errors.New("not grouped")

// finishAs is finish, grouped or not.
func (b *binder) finishAs(s *sqlparser.Select, node Node, sc *scope, grouped bool) (Node, error) {
	sc.aliases = map[string]sqlparser.Expr{}
	for _, se := range s.SelectExprs {
		if ae, ok := se.(*sqlparser.AliasedExpr); ok && !ae.As.IsEmpty() {
			sc.aliases[strings.ToLower(ae.As.String())] = ae.Expr
		}
	}
	// The groups come first, so that the subqueries of the select list,
	// HAVING and ORDER BY read the grouping columns and aggregates of
	// this query from its aggregate's row (see scope.agg).
	var agg *Aggregate
	if grouped {
		agg = &Aggregate{Input: node}
		for _, g := range s.GroupBy {
			e, err := b.groupExpr(g, sc, s.SelectExprs)
			if err != nil {
				return nil, err
			}
			agg.GroupBy = append(agg.GroupBy, e)
			agg.Cols = append(agg.Cols, Column{Name: e.String(), Type: e.Type(), Nullable: true})
		}
	}
	if s.Having != nil && !grouped {
		// MySQL reads HAVING without grouping as a filter that may name
		// select-list aliases.
		h, err := b.expr(s.Having.Expr, sc.withAgg())
		if err != nil {
			return nil, err
		}
		node = &Filter{Input: node, Cond: h}
	}

	// The select list, expanded.
	var exprs []Expr
	var names []string
	asc := sc
	if grouped {
		asc = sc.withAgg()
		asc.agg = agg
	}
	for _, se := range s.SelectExprs {
		switch x := se.(type) {
		case *sqlparser.StarExpr:
			q := x.TableName.Name.String()
			if q != "" && !sc.hasQualifier(q) {
				return nil, &Error{Err: ErrUnknownTable, Table: q, Msg: fmt.Sprintf("%s.* names no table of the query (%s)", q, sc.qualifiers())}
			}
			for i, c := range sc.cols {
				if q == "" || strings.EqualFold(c.qual, q) {
					if c.used != nil {
						*c.used = true
					}
					exprs = append(exprs, &Col{Index: i, Name: c.name, Column: c.typ})
					names = append(names, c.name)
				}
			}
		case *sqlparser.AliasedExpr:
			e, err := b.expr(x.Expr, asc)
			if err != nil {
				return nil, err
			}
			name := x.As.String()
			if name == "" {
				if c, ok := x.Expr.(*sqlparser.ColName); ok {
					name = c.Name.String()
				} else {
					name = render(x.Expr)
				}
			}
			exprs = append(exprs, e)
			names = append(names, name)
		default:
			return nil, newError(ErrUnsupported, fmt.Sprintf("select expression %s is not supported", render(se)))
		}
	}

	// ORDER BY keys: an output ordinal or name, or an expression.
	type key struct {
		out  int // output column, or -1
		expr Expr
		desc bool
	}
	var keys []key
	for _, o := range s.OrderBy {
		k := key{out: -1, desc: o.Direction == sqlparser.DescScr}
		switch x := o.Expr.(type) {
		case *sqlparser.SQLVal:
			if x.Type == sqlparser.IntVal {
				n, err := strconv.Atoi(string(x.Val))
				if err != nil || n < 1 || n > len(exprs) {
					return nil, newError(ErrSyntax, fmt.Sprintf("ORDER BY %s: there are %d result columns", string(x.Val), len(exprs)))
				}
				k.out = n - 1
			}
		case *sqlparser.ColName:
			if x.Qualifier.IsEmpty() {
				for i, n := range names {
					if strings.EqualFold(n, x.Name.String()) {
						k.out = i
						break
					}
				}
			}
		}
		if k.out < 0 {
			e, err := b.expr(o.Expr, asc)
			if err != nil {
				return nil, err
			}
			k.expr = e
		}
		keys = append(keys, k)
	}

	var having Expr
	if grouped {
		if s.Having != nil {
			h, err := b.expr(s.Having.Expr, asc)
			if err != nil {
				return nil, err
			}
			having = h
		}
		if len(s.GroupBy) == 0 {
			own := false
			all := append(append([]Expr{}, exprs...), having)
			for _, k := range keys {
				all = append(all, k.expr)
			}
			for _, e := range all {
				Walk(e, func(x Expr) bool {
					if _, ok := x.(*Agg); ok {
						own = true
					}
					return !own
				})
			}
			if !own {
				return nil, errNotGrouped
			}
		}
		lift := func(e Expr) Expr { return agg.lift(e) }
		for i := range exprs {
			exprs[i] = lift(exprs[i])
		}
		for i := range keys {
			if keys[i].expr != nil {
				keys[i].expr = lift(keys[i].expr)
			}
		}
		if having != nil {
			having = lift(having)
		}
		node = agg
		if having != nil {
			node = &Filter{Input: node, Cond: having}
		}
	}

	// Project the outputs and the hidden sort keys.
	proj := &Project{Input: node}
	for i, e := range exprs {
		proj.Exprs = append(proj.Exprs, e)
		proj.Cols = append(proj.Cols, Column{Name: names[i], Type: e.Type(), Nullable: nullable(e, node)})
	}
	width := len(exprs)
	var sortKeys []Order
	for _, k := range keys {
		if k.out >= 0 {
			sortKeys = append(sortKeys, Order{Expr: &Col{Index: k.out, Name: names[k.out], Column: exprs[k.out].Type()}, Desc: k.desc})
			continue
		}
		idx := len(proj.Exprs)
		proj.Exprs = append(proj.Exprs, k.expr)
		proj.Cols = append(proj.Cols, Column{Name: k.expr.String(), Type: k.expr.Type(), Nullable: true})
		sortKeys = append(sortKeys, Order{Expr: &Col{Index: idx, Name: k.expr.String(), Column: k.expr.Type()}, Desc: k.desc})
	}
	node = proj
	if s.Distinct != "" {
		node = &Distinct{Input: node, Width: width}
	}
	if len(sortKeys) > 0 {
		node = &Sort{Input: node, Keys: sortKeys}
	}
	node, err := b.limit(node, s.Limit)
	if err != nil {
		return nil, err
	}
	if len(proj.Exprs) > width {
		trim := &Project{Input: node, Cols: proj.Cols[:width]}
		for i := 0; i < width; i++ {
			trim.Exprs = append(trim.Exprs, &Col{Index: i, Name: names[i], Column: exprs[i].Type()})
		}
		node = trim
	}
	return node, nil
}

// nullable reports whether an output may be NULL: only a key column read
// straight from a scan is not.
func nullable(e Expr, in Node) bool {
	if c, ok := e.(*Col); ok {
		cols := in.Columns()
		if c.Index < len(cols) {
			return cols[c.Index].Nullable
		}
	}
	return true
}

// groupExpr resolves a GROUP BY item: an ordinal or alias of the select
// list, or an expression.
func (b *binder) groupExpr(g sqlparser.Expr, sc *scope, selects sqlparser.SelectExprs) (Expr, error) {
	if v, ok := g.(*sqlparser.SQLVal); ok && v.Type == sqlparser.IntVal {
		// The n-th output: a column of a * or a select expression, bound
		// over the input row.
		n, err := strconv.Atoi(string(v.Val))
		k := 0
		for _, se := range selects {
			switch x := se.(type) {
			case *sqlparser.StarExpr:
				q := x.TableName.Name.String()
				for i, c := range sc.cols {
					if q == "" || strings.EqualFold(c.qual, q) {
						if k++; err == nil && k == n {
							return &Col{Index: i, Name: c.name, Column: c.typ}, nil
						}
					}
				}
			case *sqlparser.AliasedExpr:
				if k++; err == nil && k == n {
					return b.expr(x.Expr, sc)
				}
			}
		}
		return nil, newError(ErrSyntax, fmt.Sprintf("GROUP BY %s: there are %d result columns", string(v.Val), k))
	}
	if c, ok := g.(*sqlparser.ColName); ok && c.Qualifier.IsEmpty() {
		if _, n := sc.find("", c.Name.String()); n == 0 {
			if a, ok := sc.aliases[strings.ToLower(c.Name.String())]; ok {
				return b.expr(a, sc.without(c.Name.String()))
			}
		}
	}
	return b.expr(g, sc)
}

// hasAggregate reports whether the select list, HAVING or ORDER BY call an
// aggregate function (not counting subqueries).
func hasAggregate(s *sqlparser.Select) bool {
	found := false
	visit := func(node sqlparser.SQLNode) (bool, error) {
		switch x := node.(type) {
		case *sqlparser.Subquery:
			return false, nil
		case *sqlparser.FuncExpr:
			if aggregates[strings.ToUpper(x.Name.String())] {
				found = true
			}
		case *sqlparser.GroupConcatExpr:
			found = true
		}
		return true, nil
	}
	sqlparser.Walk(visit, s.SelectExprs, s.OrderBy)
	if s.Having != nil {
		sqlparser.Walk(visit, s.Having)
	}
	return found
}

// lift rewrites an expression of a grouped query over the aggregate's
// output row: group expressions and aggregate calls become columns of it
// (matched by key, not by their text: t.id and p.id both read "id"); a
// bare column outside GROUP BY, or a correlated subquery, takes its value
// from the group's first row (as MySQL without ONLY_FULL_GROUP_BY, and
// SQLite, do).
func (a *Aggregate) lift(e Expr) Expr {
	return Transform(e, func(x Expr) (Expr, bool) {
		if _, ok := x.(*Const); ok {
			return x, true
		}
		if _, ok := x.(*Outer); ok {
			return x, true
		}
		k := key(x)
		for i, g := range a.GroupBy {
			if key(g) == k {
				return &Col{Index: i, Name: x.String(), Column: g.Type()}, true
			}
		}
		switch y := x.(type) {
		case *Agg:
			return a.slot(y), true
		case *Col:
			return a.slot(&Agg{Name: "ANY_VALUE", Arg: y}), true
		case *Subquery:
			// Bound over the aggregate's row already (scope.agg): it
			// runs once per group.
			c := *y
			c.X = a.lift(y.X)
			return &c, true
		}
		return nil, false
	})
}

// slot returns the output column of an aggregate, adding it once.
func (a *Aggregate) slot(g *Agg) *Col {
	s, k := g.String(), key(g)
	for i, x := range a.Aggs {
		if key(x) == k {
			return &Col{Index: len(a.GroupBy) + i, Name: s, Column: x.Type()}
		}
	}
	a.Aggs = append(a.Aggs, g)
	a.Cols = append(a.Cols, Column{Name: s, Type: g.Type(), Nullable: g.Name != "COUNT"})
	return &Col{Index: len(a.Cols) - 1, Name: s, Column: g.Type()}
}

// limit adds LIMIT/OFFSET.
func (b *binder) limit(node Node, l *sqlparser.Limit) (Node, error) {
	if l == nil {
		return node, nil
	}
	n, err := b.count(l.Rowcount, "LIMIT")
	if err != nil {
		return nil, err
	}
	off := int64(0)
	if l.Offset != nil {
		if off, err = b.count(l.Offset, "OFFSET"); err != nil {
			return nil, err
		}
	}
	return &Limit{Input: node, Limit: n, Offset: off}, nil
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
	return 0, newError(ErrSyntax, fmt.Sprintf("%s must be a non-negative integer or ?, got %s", what, render(e)))
}
