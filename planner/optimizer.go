package planner

// The optimizer: the binder (select.go, compile.go) resolves names and
// builds the logical tree; each optimization is a rewrite pass over that
// tree, in a file of its own (pass_*.go), run in the order of passes. A
// pass sees every plan of the query: the plans of subqueries inside
// expressions are rewritten first (innermost first), then the plan around
// them, so a pass over an enclosing query finds its subqueries already
// rewritten by that pass.

// pass is one rewrite of the bound tree.
type pass struct {
	// name is how EXPLAIN calls it.
	name string
	// plain passes run with Options.NoPushdown too: they turn the logical
	// tree into one the engine runs, without choosing anything the API
	// would see.
	plain bool
	// run rewrites one plan (not entering subquery plans, which the
	// optimizer hands to it separately) and reports whether it changed
	// the plan.
	run func(o *optimizer, n Node) (Node, bool, error)
}

// passes are the rewrites, in order.
var passes = []pass{
	{name: "pushdown", plain: true, run: pushdownPass},
	{name: "joinorder", plain: true, run: joinOrderPass},
	{name: "prune", run: prunePass},
	{name: "decorrelate", run: decorrelatePass},
	{name: "limit", run: limitPass},
	{name: "count", run: countPass},
	{name: "share", plain: true, run: sharePass},
}

// PassNames are the names of the optimizer's passes, in the order they
// run; EXPLAIN names those that changed the plan.
func PassNames() []string {
	out := make([]string, len(passes))
	for i, p := range passes {
		out[i] = p.name
	}
	return out
}

// optimizer runs the passes over one query.
type optimizer struct {
	cat  Catalog
	opts Options
	// changed are the names of the passes that changed the plan.
	changed map[string]bool
	// err is the first failure of building a table's access (a key the
	// query does not give).
	err error
	// root is the query's plan, as the pass running sees it.
	root Node
}

// optimize runs every pass over the query's plans.
func optimize(cat Catalog, root Node, opts Options) (Node, []PassRun, error) {
	o := &optimizer{cat: cat, opts: opts, changed: map[string]bool{}}
	var runs []PassRun
	for _, p := range passes {
		if opts.NoPushdown && !p.plain {
			continue
		}
		var err error
		o.root = root
		root, err = o.apply(p, root, map[Node]Node{})
		if err != nil {
			return nil, nil, err
		}
		runs = append(runs, PassRun{Name: p.name, Changed: o.changed[p.name]})
	}
	// With a cache, the scans the passes chose read the tables' copies,
	// fill them, or keep their listings (a table with a complete copy was
	// read from it by the pushdown pass already).
	root, err := o.useReplicas(root)
	if err != nil {
		return nil, nil, err
	}
	return root, runs, nil
}

// apply runs one pass over the plans of the subqueries of n (each plan
// once: done maps a plan to its rewrite), then over n.
func (o *optimizer) apply(p pass, n Node, done map[Node]Node) (Node, error) {
	var err error
	walkNodes(n, func(x Node) {
		for _, e := range nodeExprs(x) {
			Walk(e, func(y Expr) bool {
				s, ok := y.(*Subquery)
				if !ok || err != nil || s.Plan == nil {
					return true
				}
				if r, seen := done[s.Plan]; seen {
					s.Plan = r
					return true
				}
				old := s.Plan
				var r Node
				if r, err = o.apply(p, old, done); err == nil {
					done[old], done[r] = r, r
					s.Plan = r
				}
				return true
			})
		}
	})
	if err != nil {
		return nil, err
	}
	out, changed, err := p.run(o, n)
	if err != nil {
		return nil, err
	}
	if changed {
		o.changed[p.name] = true
	}
	return out, nil
}

// children returns the inputs of a node.
func children(n Node) []Node {
	switch x := n.(type) {
	case *Filter:
		return []Node{x.Input}
	case *Project:
		return []Node{x.Input}
	case *Aggregate:
		return []Node{x.Input}
	case *Distinct:
		return []Node{x.Input}
	case *Sort:
		return []Node{x.Input}
	case *Limit:
		return []Node{x.Input}
	case *Join:
		return []Node{x.Left, x.Right}
	case *Union:
		return x.Inputs
	case *Count:
		return []Node{x.Scan}
	case *fromClause:
		var out []Node
		for _, l := range x.leaves {
			if l.built != nil {
				out = append(out, l.built)
			} else if l.node != nil {
				out = append(out, l.node)
			}
		}
		return out
	}
	return nil
}

// mapChildren replaces the inputs of a node by f of each, in place, and
// returns the node. A Count's scan is left alone.
func mapChildren(n Node, f func(Node) Node) Node {
	switch x := n.(type) {
	case *Filter:
		x.Input = f(x.Input)
	case *Project:
		x.Input = f(x.Input)
	case *Aggregate:
		x.Input = f(x.Input)
	case *Distinct:
		x.Input = f(x.Input)
	case *Sort:
		x.Input = f(x.Input)
	case *Limit:
		x.Input = f(x.Input)
	case *Join:
		x.Left = f(x.Left)
		x.Right = f(x.Right)
	case *Union:
		for i := range x.Inputs {
			x.Inputs[i] = f(x.Inputs[i])
		}
	case *fromClause:
		for _, l := range x.leaves {
			if l.built != nil {
				l.built = f(l.built)
			} else if l.node != nil {
				l.node = f(l.node)
			}
		}
	}
	return n
}

// walkNodes calls f on every node of the tree (not entering the plans of
// subqueries inside expressions).
func walkNodes(n Node, f func(Node)) {
	f(n)
	for _, c := range children(n) {
		walkNodes(c, f)
	}
}

// nodeExprs returns the expressions a node evaluates.
func nodeExprs(n Node) []Expr {
	var out []Expr
	switch x := n.(type) {
	case *Filter:
		out = append(out, x.Cond)
	case *Project:
		out = append(out, x.Exprs...)
	case *Aggregate:
		out = append(out, x.GroupBy...)
		for _, a := range x.Aggs {
			out = append(out, a)
		}
	case *Sort:
		for _, k := range x.Keys {
			out = append(out, k.Expr)
		}
	case *Join:
		out = append(out, x.LeftKeys...)
		out = append(out, x.RightKeys...)
		out = append(out, x.Cond)
	case *Scan:
		out = append(out, x.Filter)
		for _, p := range x.Keys {
			out = append(out, p.Value)
		}
		for _, p := range x.Params {
			out = append(out, p.Value)
		}
		for _, k := range x.Partition {
			out = append(out, k.Value)
		}
	case *ReplicaScan:
		out = append(out, x.Filter)
	case *fromClause:
		out = append(out, x.where)
		for _, l := range x.leaves {
			out = append(out, l.conds...)
		}
		for _, s := range x.steps {
			out = append(out, s.conds...)
		}
	}
	var kept []Expr
	for _, e := range out {
		if e != nil {
			kept = append(kept, e)
		}
	}
	return kept
}

// rewrite rebuilds a tree bottom-up: f sees each node after its inputs
// were rewritten, and returns its replacement.
func rewrite(n Node, f func(Node) (Node, error)) (Node, error) {
	var err error
	n = mapChildren(n, func(c Node) Node {
		if err != nil {
			return c
		}
		var r Node
		if r, err = rewrite(c, f); err != nil {
			return c
		}
		return r
	})
	if err != nil {
		return nil, err
	}
	return f(n)
}
