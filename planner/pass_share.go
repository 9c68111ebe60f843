package planner

import (
	"fmt"
	"slices"
	"strings"
)

// sharePass makes each distinct request of a query be sent once. Scans
// opened more than once keep their responses for the query (Cached): the
// scans of a correlated subquery's plan, which runs once per outer row
// (the inner scan of a nested loop is marked when the loop is planned).
// Scans of the query that make the same request (a self-join, the same
// subquery twice, a table read by both sides of a UNION) share one
// reading: the first to run keeps the rows until the others have read
// them (Shared). A scan read by one consumer only keeps streaming, and
// holds nothing.
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
	if n != o.root || o.opts.NoPushdown {
		return n, changed, nil
	}
	// The whole query: group the scans by the request they make.
	groups := map[string][]*Scan{}
	var order []string
	cached := map[string]bool{}
	seen := map[Node]bool{}
	// full is false below a LIMIT and in an EXISTS subquery, which may
	// stop before the end: reading such a scan whole for another would
	// cost more than it saves.
	var visit func(n Node, full bool)
	visit = func(n Node, full bool) {
		if seen[n] {
			return
		}
		seen[n] = true
		switch x := n.(type) {
		case *Count:
			seen[x.Scan] = true // its own one-row request
		case *Limit:
			full = full && x.Limit < 0 && x.Offset == 0
		}
		if s, ok := n.(*Scan); ok && full && !s.Empty && len(s.Partition) == 0 && !s.usesRuntime() {
			k := requestKey(o.cat, s)
			switch {
			case s.Cached:
				cached[k] = true
				fallthrough
			case s.Need < 0:
				if groups[k] == nil {
					order = append(order, k)
				}
				groups[k] = append(groups[k], s)
			}
		}
		for _, e := range nodeExprs(n) {
			Walk(e, func(y Expr) bool {
				if s, ok := y.(*Subquery); ok && s.Plan != nil {
					visit(s.Plan, s.Mode != SubExists)
				}
				return true
			})
		}
		for _, c := range children(n) {
			visit(c, full)
		}
	}
	visit(n, true)
	for _, k := range order {
		g := groups[k]
		if len(g) < 2 {
			continue
		}
		changed = true
		for _, s := range g {
			if cached[k] {
				// kept for the query anyway: the others read the same
				s.Cached = true
			} else {
				s.Shared = len(g)
			}
		}
	}
	return n, changed, nil
}

// requestKey identifies the request a scan with plan-time values makes:
// equal keys, equal requests.
func requestKey(cat Catalog, s *Scan) string {
	var parts []string
	for _, k := range s.Keys {
		v, _ := FormatValue(k.Value.(*Const).Value, k.Format, k.Op)
		parts = append(parts, "{"+k.Name+"}="+v)
	}
	var params []string
	sent := map[string]bool{}
	for _, p := range s.Params {
		v, ok := FormatValue(p.Value.(*Const).Value, p.Format, p.Op)
		if ok && !sent[p.Name] {
			sent[p.Name] = true
			params = append(params, p.Name+"="+v)
		}
	}
	slices.Sort(params)
	parts = append(parts, params...)
	if s.Path.Fields != "" {
		parts = append(parts, "fields="+strings.Join(s.Fields(), ","))
	}
	return fmt.Sprintf("%s %s %d %s", s.Table.Name, s.Path.Path, s.PageSize, strings.Join(parts, "&"))
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
