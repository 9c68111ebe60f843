package planner

import (
	"database/sql/driver"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/saasapi/saasapi/schema"
)

// atom is a predicate of the form column op value, where value is a
// constant or an expression fixed for one execution of the scan (a column
// of an outer row).
type atom struct {
	col   int
	op    schema.Op
	value Expr
}

// constant returns the value of a plan-time constant atom.
func (a atom) constant() (driver.Value, bool) {
	c, ok := a.value.(*Const)
	if !ok {
		return nil, false
	}
	return c.Value, true
}

// conjunct is one AND-term of the conditions and the atoms it implies.
type conjunct struct {
	expr  Expr
	atoms []atom
}

// defaultRows is the size assumed for a table whose profile gives none.
const defaultRows = 1000

func tableRows(t *schema.Table) int {
	if t.Rows > 0 {
		return t.Rows
	}
	return defaultRows
}

// pushdown chooses the access path of a table and the filters sent to the
// API; nil when every path needs a key the conditions do not bind. conds are conditions over the table's row; extra are equalities
// with a value fixed per execution (a nested loop's outer key), which the
// caller checks itself. The scan's Filter holds every condition the API
// does not apply exactly: a pushed filter may only widen what the API
// returns, never narrow it.
func pushdown(cat Catalog, t *schema.Table, alias string, conds []Expr, extra []atom) *Scan {
	var conj []conjunct
	for _, c := range conds {
		for _, e := range splitAnd(c) {
			conj = append(conj, conjunct{expr: e, atoms: atomsOf(e)})
		}
	}
	if len(extra) > 0 {
		conj = append(conj, conjunct{atoms: extra})
	}
	var best *Scan
	var bestConsumed []bool
	var bestCost float64
	for i := range t.Paths {
		s, consumed, ok := tryPath(t, &t.Paths[i], conj)
		if !ok {
			continue
		}
		estimate(cat, s, conj, consumed)
		cost := s.Est.Requests - float64(len(s.Params)+len(s.Keys))/100
		if best == nil || cost < bestCost {
			best, bestConsumed, bestCost = s, consumed, cost
		}
	}
	if best == nil { // every path needs a key the conditions do not give
		return nil
	}
	var residual Expr
	for i, c := range conj {
		if !bestConsumed[i] && c.expr != nil {
			residual = and(residual, c.expr)
		}
	}
	for _, c := range conds {
		best.where = append(best.where, splitAnd(c)...)
	}
	best.extra = extra
	best.Alias = alias
	best.Filter = residual
	best.Exact = residual == nil
	best.Need = -1
	for _, c := range t.Columns {
		best.cols = append(best.cols, Column{Name: c.Name, Table: alias, Type: c.Type, Nullable: !c.Key})
	}
	return best
}

// estimate fills the scan's row and request estimates: each pushed
// equality keeps a tenth of the rows, each other pushed or local
// condition a third; a page holds the provider's maximum page size.
func estimate(cat Catalog, s *Scan, conj []conjunct, consumed []bool) {
	rows := float64(tableRows(s.Table))
	if s.Path.Single() {
		s.Est = Estimate{Rows: 1, Requests: 1}
		return
	}
	for _, p := range s.Params {
		switch {
		case p.Op != schema.OpEQ:
			rows /= 3
		case p.Format == schema.FormatBool:
			rows /= 2
		case p.Format == schema.FormatInteger:
			rows /= 100 // an id of a related record: a small share
		default:
			rows /= 10
		}
	}
	fetched := max(1, rows)
	sent := map[Expr]bool{}
	for _, p := range append(append([]Param{}, s.Keys...), s.Params...) {
		sent[p.Value] = true
	}
	for i := range conj {
		if consumed[i] || conj[i].expr == nil {
			continue
		}
		// A term the API applied, widened, keeps what the parameter
		// kept: it is not counted twice.
		if slices.ContainsFunc(conj[i].atoms, func(a atom) bool { return sent[a.value] }) {
			continue
		}
		rows *= selectivity(s.Table, conj[i])
		if rows < 1 {
			rows = 1
		}
	}
	page := float64(pagingOf(cat, s.Path).MaxPageSize)
	if page <= 0 {
		page = 100
	}
	s.Est = Estimate{Rows: max(1, rows), Requests: max(1, math.Ceil(fetched/page))}
}

// selectivity guesses the share of rows a term the driver checks keeps:
// an equality on the key one row, on a BOOLEAN half, on another column (a
// name, a code) a fiftieth, each value of an IN list as much, anything
// else a third.
func selectivity(t *schema.Table, c conjunct) float64 {
	eq := func(col int) float64 {
		switch {
		case t.Columns[col].Key:
			return 1 / float64(tableRows(t))
		case t.Columns[col].Type == schema.TypeBoolean:
			return 0.5
		}
		return 1.0 / 50
	}
	if len(c.atoms) == 1 && c.atoms[0].op == schema.OpEQ {
		return eq(c.atoms[0].col)
	}
	if in, ok := c.expr.(*In); ok && !in.Not {
		if col, ok := in.X.(*Col); ok && col.Index < len(t.Columns) {
			return min(1, float64(len(in.List))*eq(col.Index))
		}
	}
	return 1.0 / 3
}

// usesRuntime reports whether a key or parameter takes its value from an
// outer row.
func (s *Scan) usesRuntime() bool {
	for _, p := range append(append([]Param{}, s.Keys...), s.Params...) {
		if _, ok := p.Value.(*Const); !ok {
			return true
		}
	}
	return false
}

// tryPath binds a path's keys and filters from the conjuncts. It reports
// false when a key is not bound by an equality.
func tryPath(t *schema.Table, p *schema.AccessPath, conj []conjunct) (*Scan, []bool, bool) {
	s := &Scan{Table: t, Path: p}
	exact := make([][]bool, len(conj))
	for i := range conj {
		exact[i] = make([]bool, len(conj[i].atoms))
	}
	for _, key := range p.Keys {
		ci := t.Column(key)
		format := schema.FormatText
		if t.Columns[ci].Type == schema.TypeInteger {
			format = schema.FormatInteger
		}
		bound := false
		for i, c := range conj {
			for j, a := range c.atoms {
				if bound || a.col != ci || a.op != schema.OpEQ {
					continue
				}
				if v, isConst := a.constant(); isConst {
					if _, ok := FormatValue(v, format, a.op); !ok {
						continue
					}
				}
				s.Keys = append(s.Keys, Param{Name: key, Value: a.value, Format: format, Op: schema.OpEQ,
					Desc: fmt.Sprintf("%s = %s → path %s", key, a.value, p.Path)})
				exact[i][j], bound = true, true
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
				if done || a.col != ci {
					continue
				}
				op, widened := a.op, ""
				if !f.Accepts(op) {
					// x = v implies x >= v and x <= v: an equality
					// reaches a filter that takes only a bound as that
					// bound, which widens it (the equality stays in the
					// residual).
					switch {
					case op != schema.OpEQ:
						continue
					case f.Accepts(schema.OpGE):
						op = schema.OpGE
					case f.Accepts(schema.OpLE):
						op = schema.OpLE
					default:
						continue
					}
					widened = fmt.Sprintf(" (widened to %s)", op)
				}
				v, isConst := a.constant()
				if isConst {
					if _, ok := FormatValue(v, f.Format, op); !ok {
						continue
					}
				}
				// A value known only when the scan runs is exact when the
				// API's equality is and the value is sure to be sendable
				// (an integer or boolean that cannot be sent matches no
				// row: the scan returns nothing).
				ex := f.Exact && op == schema.OpEQ &&
					(isConst || f.Format == schema.FormatInteger || f.Format == schema.FormatBool)
				s.Params = append(s.Params, Param{Name: f.Param, Value: a.value, Format: f.Format, Op: op, Exact: ex && !isConst,
					Desc: fmt.Sprintf("%s %s %s%s → %s", f.Column, a.op, a.value, widened, f.Param)})
				exact[i][j] = ex
				done = true
			}
		}
	}
	for _, f := range p.Filters {
		if f.Required && !slices.ContainsFunc(s.Params, func(x Param) bool { return x.Name == f.Param }) {
			return nil, nil, false
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

// fixed reports whether e has one value for a whole execution of a scan:
// a non-NULL constant, or an expression over outer rows only.
func fixed(e Expr) bool {
	if c, ok := e.(*Const); ok {
		return c.Value != nil
	}
	ok := true
	Walk(e, func(x Expr) bool {
		switch x.(type) {
		case *Col, *Subquery, *Agg:
			ok = false
		case *Func:
			if x.(*Func).Name == "NOW" {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// negated are the comparisons NOT turns a comparison into.
var negated = map[string]string{"!=": "=", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}

// atomsOf returns the column-op-value predicates a conjunct is made of,
// or nil when it is anything else. All atoms of a conjunct hold together.
// NULL never matches, so x IN (v, NULL) is x = v; NOT (x <> v) is x = v
// (NOT of a comparison is the opposite comparison, NULL when either side
// is); a BOOLEAN compared with <> 0, != FALSE or <> 1 is its equality
// with the other truth value.
func atomsOf(e Expr) []atom {
	switch x := e.(type) {
	case *Binary:
		switch x.Op {
		case "=", "<", "<=", ">", ">=":
			if c, ok := x.L.(*Col); ok && fixed(x.R) {
				return []atom{{col: c.Index, op: schema.Op(x.Op), value: x.R}}
			}
			if c, ok := x.R.(*Col); ok && fixed(x.L) {
				return []atom{{col: c.Index, op: flipped[x.Op], value: x.L}}
			}
		case "!=":
			col, ok := x.L.(*Col)
			v, vok := x.R.(*Const)
			if !ok || !vok {
				col, ok = x.R.(*Col)
				v, vok = x.L.(*Const)
			}
			if ok && vok && col.Column == schema.TypeBoolean {
				if b, ok := truth(v.Value); ok {
					return []atom{{col: col.Index, op: schema.OpEQ, value: &Const{Value: !b}}}
				}
			}
		}
	case *Between:
		if c, ok := x.X.(*Col); ok && !x.Not && fixed(x.Lo) && fixed(x.Hi) {
			return []atom{{col: c.Index, op: schema.OpGE, value: x.Lo}, {col: c.Index, op: schema.OpLE, value: x.Hi}}
		}
	case *In:
		if c, ok := x.X.(*Col); ok && !x.Not {
			var values []Expr
			for _, v := range x.List {
				if k, isConst := v.(*Const); isConst && k.Value == nil {
					continue // NULL never matches
				}
				values = append(values, v)
			}
			if len(values) == 1 && fixed(values[0]) {
				return []atom{{col: c.Index, op: schema.OpEQ, value: values[0]}}
			}
		}
	case *Col:
		if x.Column == schema.TypeBoolean {
			return []atom{{col: x.Index, op: schema.OpEQ, value: &Const{Value: true}}}
		}
	case *Unary:
		if x.Op != "NOT" {
			break
		}
		if c, ok := x.X.(*Col); ok && c.Column == schema.TypeBoolean {
			return []atom{{col: c.Index, op: schema.OpEQ, value: &Const{Value: false}}}
		}
		if b, ok := x.X.(*Binary); ok && negated[b.Op] != "" {
			return atomsOf(&Binary{Op: negated[b.Op], L: b.L, R: b.R})
		}
		if n, ok := x.X.(*Unary); ok && n.Op == "NOT" {
			return atomsOf(n.X)
		}
	case *Is:
		if c, ok := x.X.(*Col); ok && c.Column == schema.TypeBoolean && !x.Not && x.What != "null" {
			return []atom{{col: c.Index, op: schema.OpEQ, value: &Const{Value: x.What == "true"}}}
		}
	}
	return nil
}

// truth reads a constant compared with a BOOLEAN as a truth value: TRUE,
// FALSE, 1 or 0.
func truth(v driver.Value) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case int64:
		if x == 0 || x == 1 {
			return x == 1, true
		}
	}
	return false, false
}

// FormatValue writes a value as a query parameter for a predicate with
// operator op, or reports false when it cannot be written without
// narrowing the predicate (the predicate then stays in the engine only).
func FormatValue(v driver.Value, f schema.Format, op schema.Op) (string, bool) {
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
