package planner

import (
	"slices"

	"github.com/saasapi/saasapi/schema"
)

// joinOrderPass turns each FROM clause, its conditions placed and its
// tables' access chosen by the pushdown pass, into a tree of joins: each
// join a hash join or a parameterized nested loop, whichever is estimated
// to cost fewer requests, and an inner join of two tables either way
// round. It changes the plan when it chooses a nested loop or a swap.
func joinOrderPass(o *optimizer, n Node) (Node, bool, error) {
	changed := false
	out, err := rewrite(n, func(x Node) (Node, error) {
		f, ok := x.(*fromClause)
		if !ok {
			return x, nil
		}
		node := o.joinAll(f.leaves, f.steps)
		walkNodes(node, func(y Node) {
			switch j := y.(type) {
			case *Join:
				changed = changed || j.Strategy == NestedLoop
			case *Project:
				changed = changed || j.Reorder
			}
		})
		if f.where != nil {
			node = &Filter{Input: node, Cond: f.where}
		}
		return node, nil
	})
	return out, changed, err
}

// joinAll joins the leaves left to right, choosing each join's strategy.
func (o *optimizer) joinAll(leaves []*leaf, steps []step) Node {
	node := leaves[0].access()
	width := leaves[0].width
	for i, st := range steps {
		right := leaves[i+1]
		if st.right {
			// a RIGHT JOIN b = b LEFT JOIN a, with the columns put back.
			j := o.join(right.access(), right.width, &leaf{node: node, width: width}, swap(st, width, right.width))
			node = reorder(j, right.width, width)
		} else {
			node = o.join(node, width, right, st)
			// An inner join of two tables may run either way round: a
			// nested loop from the smaller side can beat both.
			if first := leaves[0]; i == 0 && st.kind != JoinLeft && first.table != nil && right.table != nil {
				swapped := o.join(right.access(), right.width, &leaf{table: first.table, alias: first.alias, conds: first.conds, width: width, used: first.used, built: first.built}, swap(st, width, right.width))
				if swapped.Estimate().Requests < node.Estimate().Requests {
					node = reorder(swapped, right.width, width)
				}
			}
		}
		width += right.width
	}
	if n := len(leaves); n >= 3 && n <= maxReorder && !o.opts.NoPushdown {
		if best := o.reorderJoins(leaves, steps); best != nil && best.Estimate().Requests < node.Estimate().Requests {
			node = best
		}
	}
	return node
}

// maxReorder is the most tables whose inner joins are tried in every
// order (5! = 120 orders).
const maxReorder = 5

// reorderJoins plans inner joins of three or more tables in each order of
// the tables and returns the one estimated to send the fewest requests,
// its columns put back in FROM order; nil when an outer join fixes the
// order. Each condition over several tables joins at the first join that
// has them all; a table may be read by a nested loop from any table
// joined before it.
func (o *optimizer) reorderJoins(leaves []*leaf, steps []step) Node {
	type cond struct {
		expr Expr
		refs []int
	}
	var conds []cond
	for _, st := range steps {
		if st.kind == JoinLeft || st.right {
			return nil
		}
		for _, c := range st.conds {
			refs, _ := references(c, leaves)
			conds = append(conds, cond{expr: c, refs: refs})
		}
	}
	var best Node
	bestCost := 0.0
	order := make([]int, len(leaves))
	for i := range order {
		order[i] = i
	}
	permutations(order, func(perm []int) {
		if slices.IsSorted(perm) {
			return // the FROM order, planned already
		}
		// offset of each leaf's columns in the reordered row
		offset := make([]int, len(leaves))
		w := 0
		for _, l := range perm {
			offset[l] = w
			w += leaves[l].width
		}
		m := func(i int) int {
			for l, lf := range leaves {
				if i >= lf.offset && i < lf.offset+lf.width {
					return offset[l] + i - lf.offset
				}
			}
			return i
		}
		joined := map[int]bool{perm[0]: true}
		placed := make([]bool, len(conds))
		node := leaves[perm[0]].access()
		width := leaves[perm[0]].width
		for _, l := range perm[1:] {
			joined[l] = true
			st := step{kind: JoinCross}
			for i, c := range conds {
				if !placed[i] && !slices.ContainsFunc(c.refs, func(r int) bool { return !joined[r] }) {
					placed[i] = true
					st.conds = append(st.conds, remapRow(c.expr, m))
				}
			}
			node = o.join(node, width, leaves[l], st)
			width += leaves[l].width
		}
		if cost := node.Estimate().Requests; best == nil || cost < bestCost {
			p := &Project{Input: node, Reorder: true}
			cols := node.Columns()
			for _, lf := range leaves {
				for i := lf.offset; i < lf.offset+lf.width; i++ {
					j := m(i)
					p.Exprs = append(p.Exprs, &Col{Index: j, Name: cols[j].Name, Column: cols[j].Type})
					p.Cols = append(p.Cols, cols[j])
				}
			}
			best, bestCost = p, cost
		}
	})
	return best
}

// permutations calls f with each order of xs (Heap's algorithm); f must
// not keep the slice.
func permutations(xs []int, f func([]int)) {
	var gen func(k int)
	gen = func(k int) {
		if k <= 1 {
			f(xs)
			return
		}
		gen(k - 1)
		for i := 0; i < k-1; i++ {
			if k%2 == 0 {
				xs[i], xs[k-1] = xs[k-1], xs[i]
			} else {
				xs[0], xs[k-1] = xs[k-1], xs[0]
			}
			gen(k - 1)
		}
	}
	gen(len(xs))
}

// swap rewrites a step's conditions for a join with its sides exchanged:
// the left relation (width lw) moves after the right leaf (width rw).
func swap(st step, lw, rw int) step {
	out := step{kind: st.kind}
	m := func(i int) int {
		if i >= lw {
			return i - lw
		}
		return i + rw
	}
	for _, c := range st.conds {
		out.conds = append(out.conds, remapRow(c, m))
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
func (o *optimizer) join(left Node, lw int, right *leaf, st step) Node {
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
	rightNode := right.access()
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
		if nl := o.nestedLoop(j, right, lw); nl != nil && nl.Est.Requests < j.Est.Requests {
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
func (o *optimizer) nestedLoop(j *Join, right *leaf, lw int) *Join {
	if o.opts.NoPushdown {
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
	scan := pushdown(o.cat, right.table, right.alias, conds, extra)
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
