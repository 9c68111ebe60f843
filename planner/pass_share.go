package planner

// sharePass marks the scans that are opened more than once per query, so
// that each distinct request they make is sent once: the scans of a
// correlated subquery's plan, which runs once per outer row (the inner
// scan of a nested loop is marked when the loop is planned).
func sharePass(o *optimizer, n Node) (Node, bool, error) {
	changed := false
	walkNodes(n, func(x Node) {
		for _, e := range nodeExprs(x) {
			Walk(e, func(y Expr) bool {
				if s, ok := y.(*Subquery); ok && s.Correlated && s.Plan != nil {
					markCached(s.Plan, true)
					changed = true
				}
				return true
			})
		}
	})
	return n, changed, nil
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
