package planner

import "github.com/saasapi/saasapi/schema"

// countPass answers SELECT COUNT(*) over a scan the API filters exactly
// from the total the API reports on the first page (see countPushdown).
func countPass(o *optimizer, n Node) (Node, bool, error) {
	changed := false
	out, err := rewrite(n, func(x Node) (Node, error) {
		a, ok := x.(*Aggregate)
		if !ok {
			return x, nil
		}
		r := countPushdown(a, o.cat)
		changed = changed || r != Node(a)
		return r, nil
	})
	return out, changed, err
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
