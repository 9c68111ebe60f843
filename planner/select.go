package planner

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/saasapi/saasapi/schema"
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
}

// step joins the relation of the leaves before it with leaf i.
type step struct {
	kind  JoinKind
	right bool   // RIGHT JOIN: planned as LEFT JOIN with sides swapped
	conds []Expr // ON conditions (and WHERE conditions of inner joins) over the combined row
}

// selectQuery plans one SELECT.
func (b *binder) selectQuery(s *sqlparser.Select, parent *scope) (Node, error) {
	leaves, steps, sc, err := b.from(s.From, parent)
	if err != nil {
		return nil, err
	}
	// Place every condition as deep as it may go.
	var top []Expr
	if s.Where != nil {
		where, err := b.expr(s.Where.Expr, sc)
		if err != nil {
			return nil, err
		}
		for _, c := range splitAnd(where) {
			top = append(top, place(c, leaves, steps, -1)...)
		}
	}
	for i := range steps {
		conds := steps[i].conds
		steps[i].conds = nil
		for _, c := range conds {
			place(c, leaves, steps, i)
		}
	}
	node, err := b.joinAll(leaves, steps, sc)
	if err != nil {
		return nil, err
	}
	if b.err != nil {
		return nil, b.err
	}
	if len(top) > 0 {
		node = &Filter{Input: node, Cond: andAll(top)}
	}
	return b.finish(s, node, sc)
}

// place decides where a condition is evaluated: inside one leaf's scan,
// in a join step, or (returned) above all joins. at is the join step whose
// ON clause the condition comes from, -1 for WHERE.
func place(c Expr, leaves []*leaf, steps []step, at int) []Expr {
	keep := func() []Expr {
		if at >= 0 {
			steps[at].conds = append(steps[at].conds, c)
			return nil
		}
		return []Expr{c}
	}
	refs, hasSub := references(c, leaves)
	if hasSub || len(refs) == 0 {
		return keep()
	}
	if len(refs) == 1 {
		l := leaves[refs[0]]
		var into bool
		switch {
		case at < 0 || steps[at].kind != JoinLeft:
			// WHERE, or the ON of an inner join: any leaf that never
			// supplies NULLs may be filtered early.
			into = !l.nullable
		case !steps[at].right:
			// The ON of a LEFT JOIN filters the joined leaf only.
			into = refs[0] == at+1
		}
		if into {
			l.conds = append(l.conds, localize(c, l.offset))
			return nil
		}
		return keep()
	}
	if at >= 0 {
		return keep()
	}
	for _, r := range refs {
		if leaves[r].nullable {
			return keep()
		}
	}
	// A WHERE condition over several leaves joins them: evaluate it at
	// the join that brings in the last of them.
	last := refs[len(refs)-1]
	steps[last-1].conds = append(steps[last-1].conds, c)
	return nil
}

// references returns the sorted indexes of the leaves whose columns c
// reads, and whether c holds a subquery.
func references(c Expr, leaves []*leaf) ([]int, bool) {
	seen := map[int]bool{}
	sub := false
	Walk(c, func(e Expr) bool {
		switch x := e.(type) {
		case *Col:
			for i, l := range leaves {
				if x.Index >= l.offset && x.Index < l.offset+l.width {
					seen[i] = true
				}
			}
		case *Subquery:
			sub = true
		}
		return true
	})
	var out []int
	for i := range leaves {
		if seen[i] {
			out = append(out, i)
		}
	}
	return out, sub
}

// localize shifts column references of the combined row to a leaf's own
// row.
func localize(e Expr, offset int) Expr {
	if offset == 0 {
		return e
	}
	return Transform(e, func(x Expr) (Expr, bool) {
		if c, ok := x.(*Col); ok {
			return &Col{Index: c.Index - offset, Name: c.Name, Column: c.Column}, true
		}
		return nil, false
	})
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

// build returns the leaf's node with its conditions applied: a scan, a
// union of scans (one per value of an IN list the API can take), or a
// fan-out over the parent table when a required key is not given. A
// failure is recorded in b.err.
func (b *binder) build(l *leaf) Node {
	if l.table == nil {
		if len(l.conds) == 0 {
			return l.node
		}
		return &Filter{Input: l.node, Cond: andAll(l.conds)}
	}
	if n := b.replica(l); n != nil {
		return n // the table's copy in the cache
	}
	if n := b.perValue(l); n != nil {
		return n
	}
	if s := b.pushdown(l.table, l.alias, l.conds, nil); s != nil {
		s.Used = l.used
		return s
	}
	if n := b.fanOut(l); n != nil {
		if p, ok := n.(*Project); ok {
			b.fanOuts[p] = l.conds
		}
		return n
	}
	if b.err == nil {
		b.err = &Error{Err: ErrMissingKey, Table: l.table.Name, Msg: missingKeys(l.table)}
	}
	return &Values{Cols: l.columns(), Name: l.table.Name}
}

// missingKeys says what a table needs in WHERE to be read: the keys of a
// path, or its required filters.
func missingKeys(t *schema.Table) string {
	var needs []string
	for _, a := range t.Paths {
		var need []string
		need = append(need, a.Keys...)
		for _, f := range a.Filters {
			if f.Required {
				need = append(need, f.Column)
			}
		}
		if len(need) > 0 && !slices.Contains(needs, strings.Join(need, " and ")) {
			needs = append(needs, strings.Join(need, " and "))
		}
	}
	if len(needs) == 0 {
		return fmt.Sprintf("table %s has no usable access path", t.Name)
	}
	example := strings.Join(strings.Split(needs[0], " and "), " = … AND ") + " = …"
	return fmt.Sprintf("table %s can only be read with %s given: add WHERE %s", t.Name, strings.Join(needs, ", or "), example)
}

// maxPerValue is the most values of an IN list sent as separate requests.
const maxPerValue = 50

// perValue turns `col IN (v1, v2, …)` on a column the API filters by
// equality (a key or an exact filter) into one scan per distinct value,
// when that costs fewer requests than one scan filtered locally.
func (b *binder) perValue(l *leaf) Node {
	if b.noPushdown {
		return nil
	}
	for i, c := range l.conds {
		in, ok := c.(*In)
		if !ok || in.Not || len(in.List) < 2 || len(in.List) > maxPerValue {
			continue
		}
		col, ok := in.X.(*Col)
		if !ok || !equalityPushable(l.table, col.Index) {
			continue
		}
		var values []Expr
		seen := map[string]bool{}
		for _, v := range in.List {
			k, ok := v.(*Const)
			if !ok || k.Value == nil {
				values = nil
				break
			}
			key := Literal(k.Value)
			if f, ok := FormatValue(k.Value, schema.FormatInteger, schema.OpEQ); ok && col.Column == schema.TypeInteger {
				key = f
			}
			if !seen[key] {
				seen[key] = true
				values = append(values, k)
			}
		}
		if len(values) == 0 {
			continue
		}
		u := &Union{All: true}
		total := 0.0
		for _, v := range values {
			conds := append(append([]Expr{}, l.conds[:i]...), l.conds[i+1:]...)
			conds = append(conds, &Binary{Op: "=", L: col, R: v})
			s := pushdown(b.cat, l.table, l.alias, conds, nil)
			if s == nil {
				u = nil
				break
			}
			s.Used = l.used
			total += s.Est.Requests
			u.Inputs = append(u.Inputs, s)
		}
		if u == nil {
			continue
		}
		if whole := pushdown(b.cat, l.table, l.alias, l.conds, nil); whole != nil && whole.Est.Requests <= total {
			continue
		}
		return u
	}
	return nil
}

// equalityPushable reports whether some access path takes an equality on
// the column, as a key or as an exact filter.
func equalityPushable(t *schema.Table, col int) bool {
	name := t.Columns[col].Name
	for _, a := range t.Paths {
		for _, k := range a.Keys {
			if k == name {
				return true
			}
		}
		for _, f := range a.Filters {
			if f.Column == name && f.Exact && f.Accepts(schema.OpEQ) {
				return true
			}
		}
	}
	return false
}

// fanOut reads a table that needs a parent key the query does not give:
// it scans the parent table and asks the child endpoint once per parent
// row (a nested loop), keeping the child's columns.
func (b *binder) fanOut(l *leaf) Node {
	for _, src := range fanOutSources(b.cat, l.table) {
		a, pt, pc, parent := src.path, src.table, src.column, src.parent
		keyCol := l.table.Column(a.Keys[0])
		conds := make([]Expr, len(l.conds))
		for k, c := range l.conds {
			conds[k] = shiftOuter(c, 1)
		}
		key := atom{col: keyCol, op: schema.OpEQ, value: &Outer{Level: 1, Index: pc, Name: pt.Name + "." + pt.Columns[pc].Name, Column: pt.Columns[pc].Type}}
		child := b.pushdown(l.table, l.alias, conds, []atom{key})
		if child == nil {
			continue
		}
		child.Used = l.used
		pe := parent.Estimate()
		j := &Join{Left: parent, Right: child, Kind: JoinInner, Strategy: NestedLoop,
			cols: append(append([]Column{}, parent.Columns()...), child.Columns()...)}
		j.Est = Estimate{Rows: pe.Rows * child.Est.Rows, Requests: pe.Requests + float64(tableRows(pt))*child.Est.Requests}
		p := &Project{Input: j, Cols: child.Columns(), FanOut: true}
		for c, col := range child.Columns() {
			p.Exprs = append(p.Exprs, &Col{Index: len(pt.Columns) + c, Name: col.Name, Column: col.Type})
		}
		return p
	}
	return nil
}

// joinAll joins the leaves left to right, choosing each join's strategy.
func (b *binder) joinAll(leaves []*leaf, steps []step, sc *scope) (Node, error) {
	node := b.build(leaves[0])
	width := leaves[0].width
	for i, st := range steps {
		right := leaves[i+1]
		if st.right {
			// a RIGHT JOIN b = b LEFT JOIN a, with the columns put back.
			j := b.join(b.build(right), right.width, &leaf{node: node, width: width}, swap(st, width, right.width))
			node = reorder(j, right.width, width)
		} else {
			node = b.join(node, width, right, st)
			// An inner join of two tables may run either way round: a
			// nested loop from the smaller side can beat both.
			if first := leaves[0]; i == 0 && st.kind != JoinLeft && first.table != nil && right.table != nil {
				swapped := b.join(b.build(right), right.width, &leaf{table: first.table, alias: first.alias, conds: first.conds, width: width, used: first.used}, swap(st, width, right.width))
				if swapped.Estimate().Requests < node.Estimate().Requests {
					node = reorder(swapped, right.width, width)
				}
			}
		}
		width += right.width
	}
	return node, nil
}

// swap rewrites a step's conditions for a join with its sides exchanged:
// the left relation (width lw) moves after the right leaf (width rw).
func swap(st step, lw, rw int) step {
	out := step{kind: st.kind}
	for _, c := range st.conds {
		out.conds = append(out.conds, Transform(c, func(x Expr) (Expr, bool) {
			if col, ok := x.(*Col); ok {
				i := col.Index + rw
				if col.Index >= lw {
					i = col.Index - lw
				}
				return &Col{Index: i, Name: col.Name, Column: col.Column}, true
			}
			return nil, false
		}))
	}
	return out
}

// reorder puts the columns of a swapped join back: the last w columns
// first.
func reorder(n Node, first, w int) Node {
	cols := n.Columns()
	p := &Project{Input: n, Reorder: true}
	for i := first; i < first+w; i++ {
		p.Exprs = append(p.Exprs, &Col{Index: i, Name: cols[i].Name, Column: cols[i].Type})
		p.Cols = append(p.Cols, cols[i])
	}
	for i := 0; i < first; i++ {
		p.Exprs = append(p.Exprs, &Col{Index: i, Name: cols[i].Name, Column: cols[i].Type})
		p.Cols = append(p.Cols, cols[i])
	}
	return p
}

// join joins the relation node (of width lw) with one leaf.
func (b *binder) join(left Node, lw int, right *leaf, st step) Node {
	kind := st.kind
	if kind == JoinCross && len(st.conds) > 0 {
		kind = JoinInner
	}
	j := &Join{Left: left, Kind: kind, Strategy: HashJoin}
	var rest []Expr
	for _, c := range st.conds {
		if l, r, ok := equiKey(c, lw); ok {
			j.LeftKeys = append(j.LeftKeys, l)
			j.RightKeys = append(j.RightKeys, localize(r, lw))
			continue
		}
		rest = append(rest, c)
	}
	j.Cond = andAll(rest)
	rightNode := b.build(right)
	j.Right = rightNode
	j.cols = append(append([]Column{}, left.Columns()...), rightNode.Columns()...)
	if kind == JoinLeft {
		for i := len(left.Columns()); i < len(j.cols); i++ {
			j.cols[i].Nullable = true
		}
	}
	le, re := left.Estimate(), rightNode.Estimate()
	j.Est = Estimate{Rows: max(le.Rows, re.Rows), Requests: le.Requests + re.Requests}
	if kind == JoinCross || len(j.LeftKeys) == 0 {
		j.Est.Rows = le.Rows * re.Rows
	}
	// A nested loop pays one request per distinct outer key instead of
	// reading the whole inner table: take it when that is cheaper.
	if right.table != nil && len(j.LeftKeys) > 0 {
		if nl := b.nestedLoop(j, right, lw); nl != nil && nl.Est.Requests < j.Est.Requests {
			return nl
		}
	}
	return j
}

// equiKey recognizes left-expr = right-expr, one side over the left
// relation (columns < lw) and the other over the right leaf.
func equiKey(c Expr, lw int) (Expr, Expr, bool) {
	bin, ok := c.(*Binary)
	if !ok || bin.Op != "=" {
		return nil, nil, false
	}
	side := func(e Expr) int { // 1 left, 2 right, 3 both, 0 none
		s := 0
		Walk(e, func(x Expr) bool {
			switch y := x.(type) {
			case *Col:
				if y.Index < lw {
					s |= 1
				} else {
					s |= 2
				}
			case *Subquery:
				s |= 3
			}
			return true
		})
		return s
	}
	if tl, tr := typ(bin.L), typ(bin.R); isTemporal(tl) != isTemporal(tr) && (isNumericType(tl) || isNumericType(tr)) {
		// A date against a number compares as the date the number
		// spells (or fails): the engine evaluates it row by row.
		return nil, nil, false
	}
	ls, rs := side(bin.L), side(bin.R)
	switch {
	case ls == 1 && rs == 2:
		return bin.L, bin.R, true
	case ls == 2 && rs == 1:
		return bin.R, bin.L, true
	}
	return nil, nil, false
}

// nestedLoop builds the parameterized nested-loop form of a hash join when
// a join key binds a key or an equality filter of one of the right table's
// access paths; nil when none does.
func (b *binder) nestedLoop(j *Join, right *leaf, lw int) *Join {
	if b.noPushdown {
		return nil
	}
	var extra []atom
	for k, rk := range j.RightKeys {
		col, ok := rk.(*Col)
		if !ok {
			continue
		}
		// The left key, read from the outer row of the loop.
		outer := Transform(shiftOuter(j.LeftKeys[k], 1), func(x Expr) (Expr, bool) {
			if c, ok := x.(*Col); ok {
				return &Outer{Level: 1, Index: c.Index, Name: c.Name, Column: c.Column}, true
			}
			return nil, false
		})
		extra = append(extra, atom{col: col.Index, op: schema.OpEQ, value: outer})
	}
	if len(extra) == 0 {
		return nil
	}
	conds := make([]Expr, len(right.conds))
	for i, c := range right.conds {
		conds[i] = shiftOuter(c, 1)
	}
	scan := pushdown(b.cat, right.table, right.alias, conds, extra)
	if scan == nil || !scan.usesRuntime() {
		return nil
	}
	scan.Used = right.used
	scan.Cached = true
	le := j.Left.Estimate()
	keys := min(le.Rows, float64(tableRows(right.table)))
	perKey := scan.Est.Requests
	// The join keys are rechecked on the combined row.
	var keyConds []Expr
	for k := range j.LeftKeys {
		keyConds = append(keyConds, &Binary{Op: "=", L: j.LeftKeys[k], R: shiftCols(j.RightKeys[k], lw)})
	}
	nl := &Join{Left: j.Left, Right: scan, Kind: j.Kind, Strategy: NestedLoop,
		Cond: andAll(append(keyConds, splitAnd(j.Cond)...)), cols: j.cols}
	nl.Est = Estimate{Rows: j.Est.Rows, Requests: le.Requests + keys*perKey}
	return nl
}

// shiftOuter adds n to the level of every outer reference: an expression
// moved into the inner side of a nested loop sees one more enclosing row.
func shiftOuter(e Expr, n int) Expr {
	return Transform(e, func(x Expr) (Expr, bool) {
		if o, ok := x.(*Outer); ok {
			return &Outer{Level: o.Level + n, Index: o.Index, Name: o.Name, Column: o.Column}, true
		}
		return nil, false
	})
}

// shiftCols moves column references right by n.
func shiftCols(e Expr, n int) Expr {
	return Transform(e, func(x Expr) (Expr, bool) {
		if c, ok := x.(*Col); ok {
			return &Col{Index: c.Index + n, Name: c.Name, Column: c.Column}, true
		}
		return nil, false
	})
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
		if !b.noPushdown {
			node = countPushdown(agg, b.cat)
		}
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
	if !b.noPushdown {
		pushLimit(node)
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

// countPushdown answers SELECT COUNT(*) over a scan that the API filters
// exactly from the total on its first page.
func countPushdown(a *Aggregate, cat Catalog) Node {
	scan, ok := a.Input.(*Scan)
	if !ok || len(a.GroupBy) != 0 || len(a.Aggs) != 1 || a.Aggs[0].Name != "COUNT" || a.Aggs[0].Arg != nil || a.Aggs[0].Distinct {
		return a
	}
	// The total counts the API's records: not the rows of a table made of
	// their array elements.
	if !scan.Exact || scan.Path.Single() || scan.Table.Explode != "" || pagingOf(cat, scan.Path).TotalPath == "" {
		return a
	}
	return &Count{Scan: scan, Name: a.Cols[0].Name}
}

// pagingOf returns the paging of an access path.
func pagingOf(cat Catalog, a *schema.AccessPath) schema.Paging {
	if a.Paging != nil {
		return *a.Paging
	}
	if p, ok := cat.(*schema.Provider); ok {
		return p.Paging
	}
	return schema.Paging{}
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

// pushLimit lets a scan stop paging once a LIMIT is met, when nothing
// between them can drop or reorder rows; with no filter at all, the first
// page shrinks to the limit.
func pushLimit(node Node) {
	l, ok := node.(*Limit)
	if !ok {
		if p, isProj := node.(*Project); isProj {
			l, ok = p.Input.(*Limit)
		}
		if !ok {
			return
		}
	}
	if l.Limit < 0 {
		return
	}
	need := l.Offset + l.Limit
	filtered := false
	for n := l.Input; ; {
		switch x := n.(type) {
		case *Project:
			n = x.Input
			continue
		case *Filter:
			filtered = true
			n = x.Input
			continue
		case *Scan:
			x.Need = need
			if !filtered && x.Filter == nil && need > 0 && need < 1<<31 {
				x.PageSize = int(need)
			}
		}
		return
	}
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

// markCached marks the scans of a correlated subquery's plan, which runs
// once per outer row, so that equal requests are sent once.
func markCached(n Node, correlated bool) {
	if !correlated {
		return
	}
	walkNodes(n, func(x Node) {
		if s, ok := x.(*Scan); ok {
			s.Cached = true
		}
	})
}

// walkNodes calls f on every node of the tree.
func walkNodes(n Node, f func(Node)) {
	f(n)
	switch x := n.(type) {
	case *Filter:
		walkNodes(x.Input, f)
	case *Project:
		walkNodes(x.Input, f)
	case *Aggregate:
		walkNodes(x.Input, f)
	case *Distinct:
		walkNodes(x.Input, f)
	case *Sort:
		walkNodes(x.Input, f)
	case *Limit:
		walkNodes(x.Input, f)
	case *Join:
		walkNodes(x.Left, f)
		walkNodes(x.Right, f)
	case *Union:
		for _, in := range x.Inputs {
			walkNodes(in, f)
		}
	case *Count:
		walkNodes(x.Scan, f)
	}
}
