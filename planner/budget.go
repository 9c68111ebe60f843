package planner

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/saasapi/saasapi/schema"
)

// EstimateRequests is the planner's estimate of the requests a plan sends
// in all: its operators', its subqueries', each request that several
// scans share counted once.
func EstimateRequests(root Node) float64 {
	total := root.Estimate().Requests
	type group struct {
		sum, most float64
	}
	groups := map[string]*group{}
	seen := map[Node]bool{}
	var visit func(n Node)
	visit = func(n Node) {
		if seen[n] {
			return
		}
		seen[n] = true
		if s, ok := n.(*Scan); ok && s.Shared > 1 {
			k := fmt.Sprintf("%s %s %p", s.Table.Name, s.Path.Path, s.Path)
			for _, p := range append(append([]Param{}, s.Keys...), s.Params...) {
				k += " " + p.Name + "=" + p.Value.String()
			}
			g := groups[k]
			if g == nil {
				g = &group{}
				groups[k] = g
			}
			g.sum += s.Est.Requests
			g.most = max(g.most, s.Est.Requests)
		}
		forSubqueries(n, func(s *Subquery) { visit(s.Plan) })
		for _, c := range children(n) {
			visit(c)
		}
	}
	visit(root)
	for _, g := range groups {
		total -= g.sum - g.most
	}
	return math.Ceil(max(0, total))
}

// forSubqueries calls f with each subquery in the expressions of a node.
func forSubqueries(n Node, f func(*Subquery)) {
	for _, e := range nodeExprs(n) {
		Walk(e, func(y Expr) bool {
			if s, ok := y.(*Subquery); ok && s.Plan != nil {
				f(s)
			}
			return true
		})
	}
}

// Cheaper says which part of a plan costs the most requests and what
// would make it cheaper: a condition the API applies to its table (the
// filters its access paths take and the query does not give), or one
// that narrows the rows it is asked for once each.
func Cheaper(root Node) string {
	var worst *Scan
	worstCost := -1.0
	var visit func(n Node, mult float64)
	visit = func(n Node, mult float64) {
		switch x := n.(type) {
		case *Scan:
			if x.Empty {
				return
			}
			cost := x.Est.Requests
			if x.usesRuntime() {
				cost *= mult
			}
			if cost > worstCost {
				worst, worstCost = x, cost
			}
			return
		case *Count:
			if x.Scan.usesRuntime() && mult > worstCost {
				worst, worstCost = x.Scan, mult
			}
			return
		case *Join:
			visit(x.Left, mult)
			if x.Strategy == NestedLoop {
				keys := x.Left.Estimate().Rows
				if s, ok := x.Right.(*Scan); ok {
					keys = min(keys, float64(tableRows(s.Table)))
				}
				visit(x.Right, max(1, keys))
			} else {
				visit(x.Right, mult)
			}
			forSubqueries(n, func(s *Subquery) { visit(s.Plan, subMult(s, mult, x.Est.Rows)) })
			return
		}
		rows := evalRows(n)
		forSubqueries(n, func(s *Subquery) { visit(s.Plan, subMult(s, mult, rows)) })
		for _, c := range children(n) {
			visit(c, mult)
		}
	}
	visit(root, 1)
	if worst == nil {
		return "the query reads no table"
	}
	name := worst.Table.Name
	if worst.Alias != "" && worst.Alias != name {
		name += " " + worst.Alias
	}
	if worst.usesRuntime() {
		return fmt.Sprintf("the costliest part is %s, asked once per row of the query around it (est %g requests): a condition that narrows those rows would make it cheaper", name, math.Ceil(worstCost))
	}
	conds := pushable(worst)
	if len(conds) == 0 {
		return fmt.Sprintf("the costliest part is the scan of %s (est %g requests), which the API cannot filter further: a LIMIT without ORDER BY stops its paging early", name, math.Ceil(worstCost))
	}
	return fmt.Sprintf("the costliest part is the scan of %s (est %g requests): a condition the API applies would make it cheaper, such as %s", name, math.Ceil(worstCost), strings.Join(conds, ", "))
}

// subMult is the number of times a subquery's per-row scans run.
func subMult(s *Subquery, mult, rows float64) float64 {
	if s.Correlated {
		return mult * max(1, rows)
	}
	return mult
}

// pushable lists the conditions the API would apply to a scan's table that
// the scan does not send: up to three equalities on keys and exact
// filters, then up to two other bounds.
func pushable(s *Scan) []string {
	sent := map[string]bool{}
	for _, p := range append(append([]Param{}, s.Keys...), s.Params...) {
		sent[p.Name] = true
	}
	var eqs, others []string
	add := func(list *[]string, c string) {
		if !slices.Contains(eqs, c) && !slices.Contains(others, c) {
			*list = append(*list, c)
		}
	}
	for _, p := range s.Table.Paths {
		for _, k := range p.Keys {
			if !sent[k] {
				add(&eqs, k+" = …")
			}
		}
		for _, f := range p.Filters {
			if sent[f.Param] {
				continue
			}
			switch {
			case f.Accepts(schema.OpEQ) && f.Exact:
				add(&eqs, f.Column+" = …")
			case len(f.Ops) > 0:
				op := f.Ops[0]
				if f.Accepts(schema.OpGE) {
					op = schema.OpGE
				} else if f.Accepts(schema.OpLE) {
					op = schema.OpLE
				}
				add(&others, fmt.Sprintf("%s %s …", f.Column, op))
			}
		}
	}
	return append(eqs[:min(3, len(eqs))], others[:min(2, len(others))]...)
}
