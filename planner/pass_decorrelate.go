package planner

import "github.com/saasapi/saasapi/schema"

// decorrelatePass turns a correlated subquery compared with its outer row
// by equality (t.project_id = p.id) from one request per outer row into
// one listing for the query: the subquery's scan drops the correlated
// equality from its request, reads its listing once (with the filters
// that do not depend on the outer row) and hashes the rows on the
// correlated columns; each run of the subquery looks its rows up there
// and checks them as before (see Scan.Partition). The subquery still runs
// once per outer row, so what it computes (COUNT of no row is 0, EXISTS,
// IN, LIMIT) is unchanged; only its requests move. The pass chooses this
// when it is estimated to send fewer requests, and records the choice and
// both estimates for EXPLAIN.
func decorrelatePass(o *optimizer, n Node) (Node, bool, error) {
	changed := false
	decided := map[Node]*Subquery{} // plans already decided, by their root
	walkNodes(n, func(x Node) {
		rows := evalRows(x)
		for _, e := range nodeExprs(x) {
			Walk(e, func(y Expr) bool {
				s, ok := y.(*Subquery)
				if !ok || !s.Correlated || s.Plan == nil || s.Decorrelation != nil {
					return true
				}
				if d, seen := decided[s.Plan]; seen {
					// another copy of the same subquery
					s.Plan, s.Decorrelation = d.Plan, d.Decorrelation
					return true
				}
				old := s.Plan
				if o.decorrelate(s, rows) {
					changed = true
				}
				decided[old] = s
				return true
			})
		}
	})
	return n, changed, nil
}

// evalRows estimates how many rows a node evaluates its expressions over.
func evalRows(n Node) float64 {
	switch x := n.(type) {
	case *Join:
		return x.Est.Rows
	case *Scan:
		return x.Est.Rows
	}
	if c := children(n); len(c) == 1 {
		return c[0].Estimate().Rows
	}
	return 1
}

// decorrelate decides for one correlated subquery evaluated over about
// rows outer rows; it reports whether its scans are read once.
func (o *optimizer) decorrelate(s *Subquery, rows float64) bool {
	// The scans that run once per outer row: those whose request takes a
	// value from it, outside the inner side of a nested loop (whose
	// values come from its own outer side).
	var cands []*Scan
	var visit func(n Node)
	visit = func(n Node) {
		switch x := n.(type) {
		case *Scan:
			if x.usesRuntime() && len(x.Partition) == 0 {
				cands = append(cands, x)
			}
			return
		case *Join:
			visit(x.Left)
			if x.Strategy != NestedLoop {
				visit(x.Right)
			}
			return
		}
		for _, c := range children(n) {
			visit(c)
		}
	}
	visit(s.Plan)
	d := &Decorrelation{}
	repl := map[*Scan]*Scan{}
	for _, sc := range cands {
		p, cols, onKey := o.partitioned(sc)
		if p == nil {
			continue
		}
		keys := rows
		if onKey {
			// each distinct key is asked once: at most one per row of
			// the table
			keys = min(rows, float64(tableRows(sc.Table)))
		}
		d.PerRow += max(1, keys) * sc.Est.Requests
		d.Once += p.Est.Requests
		d.Columns = append(d.Columns, cols...)
		repl[sc] = p
	}
	if len(repl) == 0 {
		return false
	}
	s.Decorrelation = d
	if d.Once >= d.PerRow {
		return false
	}
	d.Chosen = true
	s.Plan, _ = rewrite(s.Plan, func(x Node) (Node, error) {
		if sc, ok := x.(*Scan); ok && repl[sc] != nil {
			return repl[sc], nil
		}
		return x, nil
	})
	return true
}

// partitioned plans a scan of a correlated subquery as one listing hashed
// on the columns its conditions compare by equality with the outer row:
// the other conditions that read the outer row are checked on each row
// (with the equalities again), the rest are pushed as usual. It returns
// nil when the scan has no such equality, or cannot be read without it (a
// path key), and the hashed columns, and whether one is the table's key.
func (o *optimizer) partitioned(sc *Scan) (*Scan, []string, bool) {
	if len(sc.extra) > 0 {
		return nil, nil, false
	}
	var keys []PartitionKey
	var names []string
	var local, outer []Expr
	onKey := false
	for _, c := range sc.where {
		if !readsOuter(c) {
			local = append(local, c)
			continue
		}
		outer = append(outer, c)
		a := atomsOf(c)
		if len(a) != 1 || a[0].op != schema.OpEQ || !hashable(sc.Table.Columns[a[0].col].Type, typ(a[0].value)) {
			continue
		}
		keys = append(keys, PartitionKey{Column: a[0].col, Value: a[0].value})
		names = append(names, sc.Alias+"."+sc.Table.Columns[a[0].col].Name)
		onKey = onKey || sc.Table.Columns[a[0].col].Key
	}
	if len(keys) == 0 {
		return nil, nil, false
	}
	p := pushdown(o.cat, sc.Table, sc.Alias, local, nil)
	if p == nil || p.usesRuntime() {
		return nil, nil, false
	}
	p.Filter = and(p.Filter, andAll(outer))
	p.Exact = false
	p.Used = sc.Used
	p.Partition = keys
	p.where = sc.where
	return p, names, onKey
}

// readsOuter reports whether an expression reads an enclosing row.
func readsOuter(e Expr) bool {
	found := false
	Walk(e, func(x Expr) bool {
		switch x.(type) {
		case *Outer, *Subquery:
			found = true
		}
		return !found
	})
	return found
}

// hashable reports whether values of the two types can be matched by
// hashing them as a hash join does (a date against a number compares as
// the date the number spells, row by row, and cannot).
func hashable(a, b schema.Type) bool {
	return !(isTemporal(a) != isTemporal(b) && (isNumericType(a) || isNumericType(b)))
}

// subqueryCost estimates the requests of the subqueries in exprs, which
// are evaluated over about rows rows: an uncorrelated subquery runs once,
// a correlated one once per row, except its scans whose requests do not
// depend on the row (sent once: their responses are kept, or they are
// read once and hashed).
func subqueryCost(rows float64, exprs ...Expr) float64 {
	total := 0.0
	for _, e := range exprs {
		Walk(e, func(x Expr) bool {
			s, ok := x.(*Subquery)
			if !ok || s.Plan == nil {
				return true
			}
			all := s.Plan.Estimate().Requests
			if !s.Correlated {
				total += all
				return true
			}
			once := onceCost(s.Plan)
			total += once + max(1, rows)*max(0, all-once)
			return true
		})
	}
	return total
}

// onceCost estimates the requests of a correlated subquery's plan that do
// not depend on the outer row.
func onceCost(n Node) float64 {
	switch x := n.(type) {
	case *Scan:
		if !x.usesRuntime() || len(x.Partition) > 0 {
			return x.Est.Requests
		}
		return 0
	case *Join:
		c := onceCost(x.Left)
		if x.Strategy != NestedLoop {
			c += onceCost(x.Right)
		}
		return c
	}
	c := 0.0
	for _, in := range children(n) {
		c += onceCost(in)
	}
	return c
}
