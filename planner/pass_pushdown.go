package planner

import (
	"fmt"
	"slices"
	"strings"

	"github.com/saasapi/saasapi/schema"
)

// pushdownPass places the conditions of each FROM clause as deep as they
// may go (into one table's scan, a join step, or above every join) and
// chooses each table's access: the access path and the filters sent to
// the API (see pushdown), one scan per value of an IN list, or a fan-out
// over the parent table. It changes the plan when something of the query
// reaches the API.
func pushdownPass(o *optimizer, n Node) (Node, bool, error) {
	changed := false
	out, err := rewrite(n, func(x Node) (Node, error) {
		f, ok := x.(*fromClause)
		if !ok || f.placed {
			return x, nil
		}
		var top []Expr
		for _, c := range splitAnd(f.where) {
			top = append(top, place(c, f.leaves, f.steps, -1)...)
		}
		for i := range f.steps {
			conds := f.steps[i].conds
			f.steps[i].conds = nil
			for _, c := range conds {
				place(c, f.leaves, f.steps, i)
			}
		}
		f.where = andAll(top)
		for _, l := range f.leaves {
			l.built = o.build(l)
			walkNodes(l.built, func(y Node) {
				switch s := y.(type) {
				case *Scan:
					changed = changed || len(s.Params) > 0 || (len(s.Keys) > 0 && !s.usesRuntime())
				case *Union:
					changed = true
				}
			})
		}
		f.placed = true
		if o.err != nil {
			return nil, o.err
		}
		return f, nil
	})
	return out, changed, err
}

// pushdown is the package's pushdown, or with Options.NoPushdown the
// table's plain listing with every condition left to the scan's filter;
// extra (a parent's key) is still sent, as the only way to read a table
// that exists below a parent.
func (o *optimizer) pushdown(t *schema.Table, alias string, conds []Expr, extra []atom) *Scan {
	if !o.opts.NoPushdown {
		return pushdown(o.cat, t, alias, conds, extra)
	}
	s := pushdown(o.cat, t, alias, nil, extra)
	if s != nil && len(conds) > 0 {
		s.Filter = and(s.Filter, andAll(conds))
		s.Exact = false
	}
	return s
}

// place decides where a condition is evaluated: inside one leaf's scan,
// in a join step, or (returned) above all joins. at is the join step whose
// ON clause the condition comes from, -1 for WHERE.
func place(c Expr, leaves []*leaf, steps []step, at int) []Expr {
	keep := func() []Expr {
		if at >= 0 {
			steps[at].conds = append(steps[at].conds, c)
			return nil
		}
		return []Expr{c}
	}
	refs, hasSub := references(c, leaves)
	if hasSub || len(refs) == 0 {
		return keep()
	}
	if len(refs) == 1 {
		l := leaves[refs[0]]
		var into bool
		switch {
		case at < 0 || steps[at].kind != JoinLeft:
			// WHERE, or the ON of an inner join: any leaf that never
			// supplies NULLs may be filtered early.
			into = !l.nullable
		case !steps[at].right:
			// The ON of a LEFT JOIN filters the joined leaf only.
			into = refs[0] == at+1
		}
		if into {
			l.conds = append(l.conds, localize(c, l.offset))
			return nil
		}
		return keep()
	}
	if at >= 0 {
		return keep()
	}
	for _, r := range refs {
		if leaves[r].nullable {
			return keep()
		}
	}
	// A WHERE condition over several leaves joins them: evaluate it at
	// the join that brings in the last of them.
	last := refs[len(refs)-1]
	steps[last-1].conds = append(steps[last-1].conds, c)
	return nil
}

// references returns the sorted indexes of the leaves whose columns c
// reads, and whether c holds a subquery.
func references(c Expr, leaves []*leaf) ([]int, bool) {
	seen := map[int]bool{}
	sub := false
	Walk(c, func(e Expr) bool {
		switch x := e.(type) {
		case *Col:
			for i, l := range leaves {
				if x.Index >= l.offset && x.Index < l.offset+l.width {
					seen[i] = true
				}
			}
		case *Subquery:
			sub = true
		}
		return true
	})
	var out []int
	for i := range leaves {
		if seen[i] {
			out = append(out, i)
		}
	}
	return out, sub
}

// localize shifts column references of the combined row to a leaf's own
// row.
func localize(e Expr, offset int) Expr {
	if offset == 0 {
		return e
	}
	return Transform(e, func(x Expr) (Expr, bool) {
		if c, ok := x.(*Col); ok {
			return &Col{Index: c.Index - offset, Name: c.Name, Column: c.Column}, true
		}
		return nil, false
	})
}

// build returns the leaf's node with its conditions applied: a scan, a
// union of scans (one per value of an IN list the API can take), or a
// fan-out over the parent table when a required key is not given. A
// failure is recorded in o.err.
func (o *optimizer) build(l *leaf) Node {
	if l.table == nil {
		if len(l.conds) == 0 {
			return l.node
		}
		return &Filter{Input: l.node, Cond: andAll(l.conds)}
	}
	if n := o.replica(l); n != nil {
		return n // the table's copy in the cache
	}
	if n := o.perValue(l); n != nil {
		return n
	}
	if s := o.pushdown(l.table, l.alias, l.conds, nil); s != nil {
		s.Used = l.used
		return s
	}
	if n := o.fanOut(l); n != nil {
		return n
	}
	if o.err == nil {
		o.err = &Error{Err: ErrMissingKey, Table: l.table.Name, Msg: missingKeys(l.table)}
	}
	return &Values{Cols: l.columns(), Name: l.table.Name}
}

// missingKeys says what a table needs in WHERE to be read: the keys of a
// path, or its required filters.
func missingKeys(t *schema.Table) string {
	var needs []string
	for _, a := range t.Paths {
		var need []string
		need = append(need, a.Keys...)
		for _, f := range a.Filters {
			if f.Required {
				need = append(need, f.Column)
			}
		}
		if len(need) > 0 && !slices.Contains(needs, strings.Join(need, " and ")) {
			needs = append(needs, strings.Join(need, " and "))
		}
	}
	if len(needs) == 0 {
		return fmt.Sprintf("table %s has no usable access path", t.Name)
	}
	example := strings.Join(strings.Split(needs[0], " and "), " = … AND ") + " = …"
	return fmt.Sprintf("table %s can only be read with %s given: add WHERE %s", t.Name, strings.Join(needs, ", or "), example)
}

// maxPerValue is the most values of an IN list sent as separate requests.
const maxPerValue = 50

// perValue turns `col IN (v1, v2, …)` on a column the API filters by
// equality (a key or an exact filter) into one scan per distinct value,
// when that costs fewer requests than one scan filtered locally.
func (o *optimizer) perValue(l *leaf) Node {
	if o.opts.NoPushdown {
		return nil
	}
	for i, c := range l.conds {
		in, ok := c.(*In)
		if !ok || in.Not || len(in.List) < 2 || len(in.List) > maxPerValue {
			continue
		}
		col, ok := in.X.(*Col)
		if !ok || !equalityPushable(l.table, col.Index) {
			continue
		}
		var values []Expr
		seen := map[string]bool{}
		for _, v := range in.List {
			k, ok := v.(*Const)
			if ok && k.Value == nil {
				continue // NULL never matches
			}
			if !ok {
				values = nil
				break
			}
			key := Literal(k.Value)
			if f, ok := FormatValue(k.Value, schema.FormatInteger, schema.OpEQ); ok && col.Column == schema.TypeInteger {
				key = f
			}
			if !seen[key] {
				seen[key] = true
				values = append(values, k)
			}
		}
		if len(values) == 0 {
			continue
		}
		u := &Union{All: true}
		total := 0.0
		for _, v := range values {
			conds := append(append([]Expr{}, l.conds[:i]...), l.conds[i+1:]...)
			conds = append(conds, &Binary{Op: "=", L: col, R: v})
			s := pushdown(o.cat, l.table, l.alias, conds, nil)
			if s == nil {
				u = nil
				break
			}
			s.Used = l.used
			total += s.Est.Requests
			u.Inputs = append(u.Inputs, s)
		}
		if u == nil {
			continue
		}
		if whole := pushdown(o.cat, l.table, l.alias, l.conds, nil); whole != nil && whole.Est.Requests <= total {
			continue
		}
		return u
	}
	return nil
}

// equalityPushable reports whether some access path takes an equality on
// the column, as a key or as an exact filter.
func equalityPushable(t *schema.Table, col int) bool {
	name := t.Columns[col].Name
	for _, a := range t.Paths {
		for _, k := range a.Keys {
			if k == name {
				return true
			}
		}
		for _, f := range a.Filters {
			if f.Column == name && f.Exact && f.Accepts(schema.OpEQ) {
				return true
			}
		}
	}
	return false
}

// fanOut reads a table that needs a parent key the query does not give:
// it scans the parent table and asks the child endpoint once per parent
// row (a nested loop), keeping the child's columns.
func (o *optimizer) fanOut(l *leaf) Node {
	for _, src := range fanOutSources(o.cat, l.table) {
		a, pt, pc, parent := src.path, src.table, src.column, src.parent
		keyCol := l.table.Column(a.Keys[0])
		conds := make([]Expr, len(l.conds))
		for k, c := range l.conds {
			conds[k] = shiftOuter(c, 1)
		}
		key := atom{col: keyCol, op: schema.OpEQ, value: &Outer{Level: 1, Index: pc, Name: pt.Name + "." + pt.Columns[pc].Name, Column: pt.Columns[pc].Type}}
		child := o.pushdown(l.table, l.alias, conds, []atom{key})
		if child == nil {
			continue
		}
		child.Used = l.used
		pe := parent.Estimate()
		j := &Join{Left: parent, Right: child, Kind: JoinInner, Strategy: NestedLoop,
			cols: append(append([]Column{}, parent.Columns()...), child.Columns()...)}
		j.Est = Estimate{Rows: pe.Rows * child.Est.Rows, Requests: pe.Requests + float64(tableRows(pt))*child.Est.Requests}
		p := &Project{Input: j, Cols: child.Columns(), FanOut: true, fanOutConds: l.conds}
		for c, col := range child.Columns() {
			p.Exprs = append(p.Exprs, &Col{Index: len(pt.Columns) + c, Name: col.Name, Column: col.Type})
		}
		return p
	}
	return nil
}
