package planner

// Moving the columns of a row: a join run the other way round, or in
// another order, puts its tables' columns at other positions, and every
// expression over the joined row must read them there, including the
// subqueries that read that row as their enclosing row (through Outer).

// remapRow rewrites e, an expression over a row whose column i moves to
// m(i). The plans of its subqueries that read the row are copied with
// their references moved; e itself is not changed.
func remapRow(e Expr, m func(int) int) Expr { return remapAt(e, 0, m) }

// remapAt rewrites e, evaluated depth rows inside the moved row (0: over
// the row itself; 1: in a subquery's plan run for it, where Outer level 1
// is the row).
func remapAt(e Expr, depth int, m func(int) int) Expr {
	return Transform(e, func(x Expr) (Expr, bool) {
		switch y := x.(type) {
		case *Col:
			if depth == 0 {
				return &Col{Index: m(y.Index), Name: y.Name, Column: y.Column}, true
			}
		case *Outer:
			if y.Level == depth {
				return &Outer{Level: y.Level, Index: m(y.Index), Name: y.Name, Column: y.Column}, true
			}
		case *Subquery:
			c := *y
			c.X = remapAt(y.X, depth, m)
			if y.Plan != nil && readsRow(y.Plan, depth+1) {
				c.Plan = remapPlan(y.Plan, depth+1, m)
			}
			return &c, true
		}
		return nil, false
	})
}

// readsRow reports whether a plan, depth rows inside a row, reads it.
func readsRow(n Node, depth int) bool {
	found := false
	var visit func(n Node, depth int)
	visitExpr := func(e Expr, depth int) {
		Walk(e, func(x Expr) bool {
			switch y := x.(type) {
			case *Outer:
				found = found || y.Level == depth
			case *Subquery:
				if y.Plan != nil && !found {
					visit(y.Plan, depth+1)
				}
			}
			return !found
		})
	}
	visit = func(n Node, depth int) {
		for _, e := range nodeExprs(n) {
			visitExpr(e, depth)
		}
		if s, ok := n.(*Scan); ok {
			for _, e := range s.where {
				visitExpr(e, depth)
			}
			for _, a := range s.extra {
				visitExpr(a.value, depth)
			}
		}
		for i, c := range children(n) {
			d := depth
			if j, ok := n.(*Join); ok && j.Strategy == NestedLoop && i == 1 {
				d++ // the inner side runs inside the outer row
			}
			visit(c, d)
		}
	}
	visit(n, depth)
	return found
}

// remapPlan copies a plan that runs depth rows inside the moved row, with
// its references to that row moved.
func remapPlan(n Node, depth int, m func(int) int) Node {
	ex := func(e Expr) Expr { return remapAt(e, depth, m) }
	exs := func(es []Expr) []Expr {
		out := make([]Expr, len(es))
		for i, e := range es {
			out[i] = ex(e)
		}
		return out
	}
	switch x := n.(type) {
	case *Scan:
		c := *x
		c.Filter = ex(x.Filter)
		c.Keys = remapParams(x.Keys, ex)
		c.Params = remapParams(x.Params, ex)
		c.where = exs(x.where)
		c.Partition = nil
		for _, k := range x.Partition {
			c.Partition = append(c.Partition, PartitionKey{Column: k.Column, Value: ex(k.Value)})
		}
		c.extra = nil
		for _, a := range x.extra {
			c.extra = append(c.extra, atom{col: a.col, op: a.op, value: ex(a.value)})
		}
		return &c
	case *Count:
		c := *x
		c.Scan = remapPlan(x.Scan, depth, m).(*Scan)
		return &c
	case *ReplicaScan:
		c := *x
		c.Filter = ex(x.Filter)
		return &c
	case *Values:
		return x
	case *Filter:
		return &Filter{Input: remapPlan(x.Input, depth, m), Cond: ex(x.Cond)}
	case *Project:
		c := *x
		c.Input = remapPlan(x.Input, depth, m)
		c.Exprs = exs(x.Exprs)
		if x.fanOutConds != nil {
			c.fanOutConds = exs(x.fanOutConds)
		}
		return &c
	case *Aggregate:
		c := *x
		c.Input = remapPlan(x.Input, depth, m)
		c.GroupBy = exs(x.GroupBy)
		c.Aggs = nil
		for _, a := range x.Aggs {
			c.Aggs = append(c.Aggs, ex(a).(*Agg))
		}
		return &c
	case *Distinct:
		c := *x
		c.Input = remapPlan(x.Input, depth, m)
		return &c
	case *Sort:
		c := *x
		c.Input = remapPlan(x.Input, depth, m)
		c.Keys = nil
		for _, k := range x.Keys {
			c.Keys = append(c.Keys, Order{Expr: ex(k.Expr), Desc: k.Desc})
		}
		return &c
	case *Limit:
		c := *x
		c.Input = remapPlan(x.Input, depth, m)
		return &c
	case *Join:
		c := *x
		c.Left = remapPlan(x.Left, depth, m)
		rd := depth
		if x.Strategy == NestedLoop {
			rd++
		}
		c.Right = remapPlan(x.Right, rd, m)
		c.LeftKeys = exs(x.LeftKeys)
		c.RightKeys = exs(x.RightKeys)
		c.Cond = ex(x.Cond)
		return &c
	case *Union:
		c := *x
		c.Inputs = nil
		for _, in := range x.Inputs {
			c.Inputs = append(c.Inputs, remapPlan(in, depth, m))
		}
		return &c
	}
	return n
}

func remapParams(ps []Param, ex func(Expr) Expr) []Param {
	if ps == nil {
		return nil
	}
	out := make([]Param, len(ps))
	for i, p := range ps {
		out[i] = p
		out[i].Value = ex(p.Value)
	}
	return out
}
