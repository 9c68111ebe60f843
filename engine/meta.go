package engine

import (
	"database/sql/driver"
	"fmt"
	"math"
	"net/url"
	"strings"

	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/rest"
	"github.com/saasapi/saasapi/schema"
)

// Pushdown describes which predicates on a column reach the API.
func Pushdown(t *schema.Table, column string) string { return planner.Pushdown(t, column) }

// explain renders the plan tree as rows of (plan, detail, est_requests):
// one row per operator, indented under its parent, and for each scan the
// exact first request (credentials travel in headers and are not shown;
// a value taken from an outer row shows as {outer.column}); the last row
// names the optimizer's passes.
func explain(c *rest.Client, q *planner.Query) ([][]driver.Value, error) {
	var rows [][]driver.Value
	var walk func(n planner.Node, depth int) error
	copying := false // walking the plan that copies a table into the cache
	add := func(depth int, op, detail string, n planner.Node) {
		est := ""
		if n != nil {
			e := n.Estimate()
			est = fmt.Sprintf("%g", math.Ceil(e.Requests))
		}
		rows = append(rows, []driver.Value{strings.Repeat("  ", depth) + op, detail, est})
	}
	// subs renders the plans of the subqueries in expressions.
	subs := func(depth int, exprs ...planner.Expr) error {
		for _, e := range exprs {
			var found []*planner.Subquery
			planner.Walk(e, func(x planner.Expr) bool {
				if s, ok := x.(*planner.Subquery); ok {
					found = append(found, s)
				}
				return true
			})
			for _, s := range found {
				how := "uncorrelated: runs once"
				if s.Correlated {
					how = "correlated: runs once per row; equal requests are sent once"
				}
				if d := s.Decorrelation; d != nil {
					cols := strings.Join(d.Columns, ", ")
					if d.Chosen {
						how = fmt.Sprintf("correlated on %s: decorrelated, its listing read once and hashed on %s (est %g requests; once per row: est %g)", cols, cols, math.Ceil(d.Once), math.Ceil(d.PerRow))
					} else {
						how = fmt.Sprintf("correlated: runs once per row, equal requests sent once (est %g requests; one listing hashed on %s: est %g)", math.Ceil(d.PerRow), cols, math.Ceil(d.Once))
					}
				}
				add(depth, "subquery", how, s.Plan)
				if err := walk(s.Plan, depth+1); err != nil {
					return err
				}
			}
		}
		return nil
	}
	walk = func(n planner.Node, depth int) error {
		switch x := n.(type) {
		case *planner.Scan:
			line, err := scanLine(c, x)
			if err != nil {
				return err
			}
			if x.Empty {
				line = "nothing: the WHERE can never hold"
				if x.Never != "" {
					line = "nothing: " + x.Never
				}
			}
			add(depth, "scan "+x.Table.Name+alias(x), line, x)
			for _, p := range append(append([]planner.Param{}, x.Keys...), x.Params...) {
				add(depth+1, "pushed", pushed(p), nil)
			}
			if x.Filter != nil {
				add(depth+1, "filter", x.Filter.String(), nil)
				if err := subs(depth+2, x.Filter); err != nil {
					return err
				}
			}
			if x.Need >= 0 {
				add(depth+1, "stop", fmt.Sprintf("paging stops once %d row(s) passed", x.Need), nil)
			}
			if line := pagingLine(c, x); line != "" {
				add(depth+1, "paging", line, nil)
			}
			if len(x.Partition) > 0 {
				var on []string
				for _, k := range x.Partition {
					on = append(on, x.Columns()[k.Column].Name+" = "+k.Value.String())
				}
				add(depth+1, "hash", "read once per query, hashed; each run takes the rows with "+strings.Join(on, " AND "), nil)
			} else if x.Cached {
				add(depth+1, "cache", "each distinct request is sent once per query", nil)
			} else if x.Shared > 1 {
				add(depth+1, "shared", fmt.Sprintf("%d scans of the query make this request: it is sent once, its rows kept until each has read them", x.Shared), nil)
			}
			if q.Cached && !copying {
				add(depth+1, "source", "API: read live, not kept in the cache", nil)
			}
		case *planner.ReplicaScan:
			line, err := replicaLine(c, x)
			if err != nil {
				return err
			}
			name := "scan " + x.Table.Name
			if x.Alias != "" && x.Alias != x.Table.Name {
				name += " AS " + x.Alias
			}
			add(depth, name, line, x)
			if live, ok := x.Live.(*planner.Scan); ok && x.Scope != "" {
				for _, p := range append(append([]planner.Param{}, live.Keys...), live.Params...) {
					add(depth+1, "pushed", pushed(p), nil)
				}
			}
			if x.Filter != nil {
				add(depth+1, "filter", x.Filter.String(), nil)
				if err := subs(depth+2, x.Filter); err != nil {
					return err
				}
			}
			if x.Replica.Source != "" {
				add(depth+1, "source", x.Replica.Source, nil)
			}
			if x.Fill {
				add(depth+1, "copy", "the whole table, read by:", nil)
				copying = true
				err := walk(x.Live, depth+2)
				copying = false
				return err
			}
		case *planner.Count:
			line, err := scanLine(c, x.Scan)
			if err != nil {
				return err
			}
			add(depth, "count "+x.Scan.Table.Name, "COUNT(*) from the total of the first page: "+line, x)
			for _, p := range x.Scan.Params {
				add(depth+1, "pushed", pushed(p), nil)
			}
		case *planner.Values:
			add(depth, "values", fmt.Sprintf("%s (%d rows, no request)", x.Name, len(x.Rows)), x)
		case *planner.Filter:
			add(depth, "filter", x.Cond.String(), x)
			if err := subs(depth+1, x.Cond); err != nil {
				return err
			}
			return walk(x.Input, depth+1)
		case *planner.Project:
			if x.Reorder {
				add(depth, "reorder", "the joins ran in another order: columns back in FROM order", x)
				return walk(x.Input, depth+1)
			}
			if x.FanOut {
				add(depth, "fan-out", "no key given: one request per row of the parent table", x)
				return walk(x.Input, depth+1)
			}
			names := make([]string, len(x.Exprs))
			for i, e := range x.Exprs {
				names[i] = e.String()
				if x.Cols[i].Name != names[i] {
					names[i] += " AS " + x.Cols[i].Name
				}
			}
			add(depth, "project", strings.Join(names, ", "), x)
			if err := subs(depth+1, x.Exprs...); err != nil {
				return err
			}
			return walk(x.Input, depth+1)
		case *planner.Aggregate:
			var parts []string
			for _, g := range x.GroupBy {
				parts = append(parts, g.String())
			}
			detail := "group by " + strings.Join(parts, ", ")
			if len(parts) == 0 {
				detail = "one group"
			}
			var aggs []string
			for _, a := range x.Aggs {
				aggs = append(aggs, a.String())
			}
			add(depth, "aggregate", detail+"; "+strings.Join(aggs, ", "), x)
			exprs := append([]planner.Expr{}, x.GroupBy...)
			for _, a := range x.Aggs {
				exprs = append(exprs, a)
			}
			if err := subs(depth+1, exprs...); err != nil {
				return err
			}
			return walk(x.Input, depth+1)
		case *planner.Distinct:
			add(depth, "distinct", "", x)
			return walk(x.Input, depth+1)
		case *planner.Sort:
			parts := make([]string, len(x.Keys))
			for i, k := range x.Keys {
				parts[i] = k.Expr.String()
				if k.Desc {
					parts[i] += " DESC"
				}
			}
			add(depth, "sort", strings.Join(parts, ", "), x)
			return walk(x.Input, depth+1)
		case *planner.Limit:
			add(depth, "limit", fmt.Sprintf("%d offset %d", x.Limit, x.Offset), x)
			return walk(x.Input, depth+1)
		case *planner.Join:
			kind := map[planner.JoinKind]string{planner.JoinInner: "inner", planner.JoinLeft: "left", planner.JoinCross: "cross"}[x.Kind]
			strategy := "hash join"
			if x.Strategy == planner.NestedLoop {
				strategy = "nested loop"
			}
			var detail []string
			for i := range x.LeftKeys {
				detail = append(detail, x.LeftKeys[i].String()+" = right."+x.RightKeys[i].String())
			}
			if x.Cond != nil {
				detail = append(detail, x.Cond.String())
			}
			add(depth, kind+" "+strategy, strings.Join(detail, " AND "), x)
			if err := subs(depth+1, x.Cond); err != nil {
				return err
			}
			if err := walk(x.Left, depth+1); err != nil {
				return err
			}
			return walk(x.Right, depth+1)
		case *planner.Union:
			op := "union"
			if x.All {
				op = "union all"
			}
			add(depth, op, "", x)
			for _, in := range x.Inputs {
				if err := walk(in, depth+1); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := walk(q.Root, 0); err != nil {
		return nil, err
	}
	if len(q.Passes) > 0 {
		add(0, "passes", passesLine(q.Passes), nil)
	}
	return rows, nil
}

// passesLine names the optimizer's passes that changed the plan, in the
// order they ran.
func passesLine(runs []planner.PassRun) string {
	var changed []string
	for _, r := range runs {
		if r.Changed {
			changed = append(changed, r.Name)
		}
	}
	if len(changed) == 0 {
		return "none changed the plan"
	}
	return "changed the plan: " + strings.Join(changed, ", ")
}

func alias(s *planner.Scan) string {
	if s.Alias != "" && s.Alias != s.Table.Name {
		return " AS " + s.Alias
	}
	return ""
}

// scanLine is the first request of a scan, with the values known at plan
// time filled in.
func scanLine(c *rest.Client, s *planner.Scan) (string, error) {
	req := &rest.Request{Table: s.Table, Path: s.Path, Keys: map[string]string{}, Query: url.Values{}, PageSize: s.PageSize}
	if s.Path.Fields != "" {
		req.Fields = s.Fields()
	}
	var runtime []string
	for _, k := range s.Keys {
		if v, ok := constValue(k); ok {
			req.Keys[k.Name] = v
		} else {
			req.Keys[k.Name] = "{" + k.Value.String() + "}"
		}
	}
	for _, p := range s.Params {
		if v, ok := constValue(p); ok {
			req.Query.Set(p.Name, v)
		} else {
			runtime = append(runtime, p.Name+"={"+p.Value.String()+"}")
		}
	}
	u, err := c.URL(req)
	if err != nil {
		return "", err
	}
	line := "GET " + c.ShowURL(u)
	if len(runtime) > 0 {
		sep := "?"
		if strings.Contains(line, "?") {
			sep = "&"
		}
		line += sep + strings.Join(runtime, "&")
	}
	line = strings.NewReplacer("%7B", "{", "%7D", "}").Replace(line)
	if s.Path.Single() {
		return line + " (get by key)", nil
	}
	return line, nil
}

// pagingLine says how a listing scan pages and what holds it to the
// API's counters (docs/reliability.md); empty for a get-by-key or a scan
// that sends nothing.
func pagingLine(c *rest.Client, s *planner.Scan) string {
	if s.Empty || s.Path.Single() {
		return ""
	}
	pg := c.Paging(s.Path)
	var parts []string
	switch pg.Style {
	case schema.PagingNextLink:
		parts = append(parts, pg.NextPath)
	case schema.PagingPageNumber:
		parts = append(parts, pg.PageParam+" numbers")
	default:
		return ""
	}
	// A listing read whole streams its pages several at a time, unless
	// its rows are kept for other readers (a nested loop's cache, a shared
	// or a hashed listing): those read it page after page.
	whole := s.Need < 0 && !s.Cached && s.Shared <= 1 && len(s.Partition) == 0
	switch w := s.Path.Window; {
	case w != nil && pg.Cap > 0:
		parts = append(parts, fmt.Sprintf("over %d records: split by %s", pg.Cap, w.Column))
	case whole && w != nil:
		parts = append(parts, fmt.Sprintf("from %d pages: up to %d %s ranges at once", rest.MinSplitPages, rest.MaxParts, w.Column))
	case whole && pg.Style == schema.PagingPageNumber:
		parts = append(parts, fmt.Sprintf("%d pages at once", pageWorkers))
	}
	counter := pg.TotalPath
	if counter == "" {
		counter = pg.TotalPagesPath
	}
	if counter != "" {
		parts = append(parts, "held to "+counter)
	}
	return strings.Join(parts, "; ")
}

// pushed describes a pushed predicate and the value it sends.
func pushed(p planner.Param) string {
	if strings.Contains(p.Desc, "→ path") {
		return p.Desc
	}
	if v, ok := constValue(p); ok {
		return p.Desc + "=" + v
	}
	return p.Desc + "={" + p.Value.String() + "}"
}

func constValue(p planner.Param) (string, bool) {
	c, ok := p.Value.(*planner.Const)
	if !ok {
		return "", false
	}
	return planner.FormatValue(c.Value, p.Format, p.Op)
}
