package planner

// limitPass lets each scan below a LIMIT stop paging once the LIMIT is
// met (see pushLimit).
func limitPass(o *optimizer, n Node) (Node, bool, error) {
	changed := false
	walkNodes(n, func(x Node) {
		if l, ok := x.(*Limit); ok && pushLimit(l) {
			changed = true
		}
	})
	return n, changed, nil
}

// pushLimit lets a scan stop paging once a LIMIT is met, when nothing
// between them can drop or reorder rows; with no filter at all, the first
// page shrinks to the limit.
func pushLimit(node Node) bool {
	l, ok := node.(*Limit)
	if !ok {
		if p, isProj := node.(*Project); isProj {
			l, ok = p.Input.(*Limit)
		}
		if !ok {
			return false
		}
	}
	if l.Limit < 0 {
		return false
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
			if len(x.Partition) > 0 {
				return false // read whole, once for every run
			}
			x.Need = need
			if !filtered && x.Filter == nil && need > 0 && need < 1<<31 {
				x.PageSize = int(need)
			}
			return true
		}
		return false
	}
}
