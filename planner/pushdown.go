package planner

import (
	"database/sql/driver"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/saasapi/saasapi/schema"
)

// atom is a predicate of the form column op constant.
type atom struct {
	col   int
	op    schema.Op
	value driver.Value
}

// conjunct is one AND-term of the WHERE clause and the atoms it implies.
type conjunct struct {
	expr  Expr
	atoms []atom
}

// pushdown chooses the access path and the filters sent to the API. The
// returned residual holds every conjunct not applied exactly by the API;
// the engine checks it on every row, so a pushed filter may only widen what
// the API returns, never narrow it.
func pushdown(t *schema.Table, where Expr) (*Scan, Expr) {
	var conj []conjunct
	for _, e := range splitAnd(where) {
		conj = append(conj, conjunct{expr: e, atoms: atomsOf(e)})
	}
	var best *Scan
	var bestConsumed []bool
	bestCost := 0
	for i := range t.Paths {
		s, consumed, ok := tryPath(t, &t.Paths[i], conj)
		if !ok {
			continue
		}
		cost := 100
		if s.Path.Single() {
			cost = 1
		}
		cost -= len(s.Pushed)
		if best == nil || cost < bestCost {
			best, bestConsumed, bestCost = s, consumed, cost
		}
	}
	if best == nil { // no path usable: profiles always have a keyless list path
		best = &Scan{Table: t, Path: &t.Paths[0], Keys: map[string]string{}, Params: url.Values{}}
		bestConsumed = make([]bool, len(conj))
	}
	var residual Expr
	for i, c := range conj {
		if !bestConsumed[i] {
			residual = and(residual, c.expr)
		}
	}
	best.Exact = residual == nil
	best.Need = -1
	return best, residual
}

// tryPath binds a path's keys and filters from the conjuncts. It reports
// false when a key is not bound by an equality.
func tryPath(t *schema.Table, p *schema.AccessPath, conj []conjunct) (*Scan, []bool, bool) {
	s := &Scan{Table: t, Path: p, Keys: map[string]string{}, Params: url.Values{}}
	exact := make([][]bool, len(conj))
	for i := range conj {
		exact[i] = make([]bool, len(conj[i].atoms))
	}
	for _, key := range p.Keys {
		ci := t.Column(key)
		bound := false
		for i, c := range conj {
			for j, a := range c.atoms {
				if bound || a.col != ci || a.op != schema.OpEQ {
					continue
				}
				format := schema.FormatText
				if t.Columns[ci].Type == schema.TypeInteger {
					format = schema.FormatInteger
				}
				if v, ok := formatValue(a.value, format, a.op); ok {
					s.Keys[key] = v
					s.Pushed = append(s.Pushed, fmt.Sprintf("%s = %s → path %s", key, Literal(a.value), p.Path))
					exact[i][j], bound = true, true
				}
			}
		}
		if !bound {
			return nil, nil, false
		}
	}
	for _, f := range p.Filters {
		ci := t.Column(f.Column)
		done := false
		for i, c := range conj {
			for j, a := range c.atoms {
				if done || a.col != ci || !f.Accepts(a.op) || s.Params.Has(f.Param) {
					continue
				}
				v, ok := formatValue(a.value, f.Format, a.op)
				if !ok {
					continue
				}
				s.Params.Set(f.Param, v)
				s.Pushed = append(s.Pushed, fmt.Sprintf("%s %s %s → %s=%s", f.Column, a.op, Literal(a.value), f.Param, v))
				exact[i][j] = f.Exact && a.op == schema.OpEQ
				done = true
			}
		}
	}
	consumed := make([]bool, len(conj))
	for i := range conj {
		consumed[i] = len(conj[i].atoms) > 0
		for _, e := range exact[i] {
			consumed[i] = consumed[i] && e
		}
	}
	return s, consumed, true
}

// splitAnd flattens the top-level AND-terms.
func splitAnd(e Expr) []Expr {
	if e == nil {
		return nil
	}
	if b, ok := e.(*Binary); ok && b.Op == "AND" {
		return append(splitAnd(b.L), splitAnd(b.R)...)
	}
	return []Expr{e}
}

func and(a, b Expr) Expr {
	if a == nil {
		return b
	}
	return &Binary{Op: "AND", L: a, R: b}
}

var flipped = map[string]schema.Op{"=": schema.OpEQ, "<": schema.OpGT, "<=": schema.OpGE, ">": schema.OpLT, ">=": schema.OpLE}

// atomsOf returns the column-op-constant predicates a conjunct is made of,
// or nil when it is anything else. All atoms of a conjunct hold together.
func atomsOf(e Expr) []atom {
	switch x := e.(type) {
	case *Binary:
		switch x.Op {
		case "=", "<", "<=", ">", ">=":
			if c, ok := x.L.(*Col); ok {
				if k, ok := x.R.(*Const); ok && k.Value != nil {
					return []atom{{col: c.Index, op: schema.Op(x.Op), value: k.Value}}
				}
			}
			if c, ok := x.R.(*Col); ok {
				if k, ok := x.L.(*Const); ok && k.Value != nil {
					return []atom{{col: c.Index, op: flipped[x.Op], value: k.Value}}
				}
			}
		}
	case *Between:
		c, ok1 := x.X.(*Col)
		lo, ok2 := x.Lo.(*Const)
		hi, ok3 := x.Hi.(*Const)
		if !x.Not && ok1 && ok2 && ok3 && lo.Value != nil && hi.Value != nil {
			return []atom{{col: c.Index, op: schema.OpGE, value: lo.Value}, {col: c.Index, op: schema.OpLE, value: hi.Value}}
		}
	case *In:
		if c, ok := x.X.(*Col); ok && !x.Not && len(x.List) == 1 {
			if k, ok := x.List[0].(*Const); ok && k.Value != nil {
				return []atom{{col: c.Index, op: schema.OpEQ, value: k.Value}}
			}
		}
	case *Col:
		if x.Column == schema.TypeBoolean {
			return []atom{{col: x.Index, op: schema.OpEQ, value: true}}
		}
	case *Unary:
		if c, ok := x.X.(*Col); ok && x.Op == "NOT" && c.Column == schema.TypeBoolean {
			return []atom{{col: c.Index, op: schema.OpEQ, value: false}}
		}
	case *Is:
		if c, ok := x.X.(*Col); ok && c.Column == schema.TypeBoolean && !x.Not && x.What != "null" {
			return []atom{{col: c.Index, op: schema.OpEQ, value: x.What == "true"}}
		}
	}
	return nil
}

// formatValue writes a constant as a query parameter value, or reports
// false when the value cannot be written without changing its meaning (the
// predicate then stays in the engine only).
func formatValue(v driver.Value, f schema.Format, op schema.Op) (string, bool) {
	switch f {
	case schema.FormatInteger:
		switch x := v.(type) {
		case int64:
			return strconv.FormatInt(x, 10), true
		case float64:
			if x == float64(int64(x)) {
				return strconv.FormatInt(int64(x), 10), true
			}
		case string:
			if n, err := strconv.ParseInt(x, 10, 64); err == nil {
				return strconv.FormatInt(n, 10), true
			}
		}
	case schema.FormatBool:
		switch x := v.(type) {
		case bool:
			return strconv.FormatBool(x), true
		case int64:
			if x == 0 || x == 1 {
				return strconv.FormatBool(x == 1), true
			}
		}
	case schema.FormatDate, schema.FormatDateTime, schema.FormatUnix:
		var tm time.Time
		switch x := v.(type) {
		case time.Time:
			tm = x.UTC()
		case string:
			parsed, err := schema.ParseTime(x)
			if err != nil {
				return "", false
			}
			tm = parsed
		default:
			return "", false
		}
		if f == schema.FormatDate {
			// Truncating to the day widens both bounds: from=day(v)
			// includes all of v's day, to=day(v) too.
			return tm.Format("2006-01-02"), true
		}
		// Dropping sub-second digits rounds down: that widens a lower
		// bound and would narrow anything else.
		ok := tm.Nanosecond() == 0 || op == schema.OpGE || op == schema.OpGT
		if f == schema.FormatDateTime {
			return tm.Format(time.RFC3339), ok
		}
		return strconv.FormatInt(tm.Unix(), 10), ok
	default:
		if s, ok := v.(string); ok {
			return s, true
		}
	}
	return "", false
}
