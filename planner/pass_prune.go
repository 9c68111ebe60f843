package planner

import (
	"database/sql/driver"
	"math"
	"strings"
	"time"

	"github.com/saasapi/saasapi/schema"
)

// prunePass finds the parts of a plan that can return no row and makes
// them send nothing: a scan whose conditions contradict each other (or
// can never hold: x = NULL, a BOOLEAN compared with 2, an INTEGER with
// 4.5, an IN list of NULLs), a filter whose condition cannot hold, a
// LIMIT 0, and the joins and filters above an empty input that return no
// row either.
func prunePass(o *optimizer, n Node) (Node, bool, error) {
	changed := false
	out, err := rewrite(n, func(x Node) (Node, error) {
		switch y := x.(type) {
		case *Scan:
			if !y.Empty {
				if why, ok := contradiction(y.where); ok {
					y.Empty, y.Est = true, Estimate{}
					y.Never = why
					changed = true
				}
			}
		case *Filter:
			if isEmpty(y.Input) {
				changed = true
				return nothing(y, "its input returns no row"), nil
			}
			if why, ok := contradiction(splitAnd(y.Cond)); ok {
				changed = true
				return nothing(y, why), nil
			}
		case *Limit:
			if y.Limit == 0 && !isEmpty(y.Input) {
				changed = true
				return nothing(y, "LIMIT 0"), nil
			}
		case *Join:
			le, re := isEmpty(y.Left), isEmpty(y.Right)
			if le || (re && y.Kind != JoinLeft) {
				changed = true
				return nothing(y, "a side of the join returns no row"), nil
			}
		}
		return x, nil
	})
	return out, changed, err
}

// never reports whether a condition can never be TRUE whatever the row:
// FALSE, NULL, a comparison with NULL, or of two constants that is false,
// EXISTS or IN of a subquery that returns no row.
func never(e Expr) bool {
	switch x := e.(type) {
	case *Subquery:
		return (x.Mode == SubExists || x.Mode == SubIn) && !x.Not && x.Plan != nil && isEmpty(x.Plan)
	case *Const:
		if x.Value == nil {
			return true
		}
		b, ok := x.Value.(bool)
		return ok && !b
	case *Binary:
		switch x.Op {
		case "=", "!=", "<", "<=", ">", ">=":
			l, lok := x.L.(*Const)
			r, rok := x.R.(*Const)
			if (lok && l.Value == nil) || (rok && r.Value == nil) {
				return true
			}
			if !lok || !rok {
				return false
			}
			t := typeOf(l.Value)
			if t != typeOf(r.Value) && !(isNumber(l.Value) && isNumber(r.Value)) {
				return false
			}
			if t == schema.TypeBoolean {
				t = schema.TypeInteger
			}
			a, aok := domainValue(t, l.Value)
			b, bok := domainValue(t, r.Value)
			if !aok || !bok {
				return false
			}
			c, ok := compareIn(t, a, b)
			if !ok {
				return false
			}
			switch x.Op {
			case "=":
				return c != 0
			case "!=":
				return c == 0
			case "<":
				return c >= 0
			case "<=":
				return c > 0
			case ">":
				return c <= 0
			case ">=":
				return c < 0
			}
		}
	}
	return false
}

// nothing is an empty result with the columns of n: it sends no request.
func nothing(n Node, why string) *Values {
	return &Values{Cols: n.Columns(), Name: "nothing: " + why}
}

// isEmpty reports whether a node surely returns no row and sends nothing.
func isEmpty(n Node) bool {
	switch x := n.(type) {
	case *Scan:
		return x.Empty
	case *Values:
		return len(x.Rows) == 0 && strings.HasPrefix(x.Name, "nothing")
	case *Project:
		return isEmpty(x.Input)
	case *Filter:
		return isEmpty(x.Input)
	case *Sort:
		return isEmpty(x.Input)
	case *Distinct:
		return isEmpty(x.Input)
	case *Limit:
		return isEmpty(x.Input)
	}
	return false
}

// bound is a constraint on one column from the conditions: values it
// must equal and a range it must lie in.
type bound struct {
	col        Expr
	typ        schema.Type
	eq         []driver.Value
	lo, hi     driver.Value
	loIn, hiIn bool // the bound is inclusive
	hasLo      bool
	hasHi      bool
}

// contradiction reports whether AND-terms can never hold together (and
// says why): a term that can never be TRUE, or constraints on one column
// that exclude each other.
func contradiction(conds []Expr) (string, bool) {
	bounds := map[string]*bound{}
	get := func(c Expr) *bound {
		k := key(c)
		if bounds[k] == nil {
			bounds[k] = &bound{col: c, typ: typ(c)}
		}
		return bounds[k]
	}
	var order []string
	for _, e := range conds {
		if never(e) || neverIn(e) {
			return e.String() + " can never hold", true
		}
		for _, c := range constraintsOf(e) {
			b := get(c.col)
			if len(b.eq) == 0 && !b.hasLo && !b.hasHi {
				order = append(order, key(c.col))
			}
			v, ok := domainValue(b.typ, c.value)
			if !ok {
				continue
			}
			if c.op == schema.OpEQ && impossible(b.typ, v) {
				return e.String() + " can never hold: " + str(c.col) + " is " + strings.ToUpper(b.typ.String()), true
			}
			switch c.op {
			case schema.OpEQ:
				b.eq = append(b.eq, v)
			case schema.OpGT, schema.OpGE:
				if cmp, ok := compareIn(b.typ, v, b.lo); !b.hasLo || (ok && (cmp > 0 || (cmp == 0 && c.op == schema.OpGT))) {
					b.lo, b.loIn, b.hasLo = v, c.op == schema.OpGE, true
				}
			case schema.OpLT, schema.OpLE:
				if cmp, ok := compareIn(b.typ, v, b.hi); !b.hasHi || (ok && (cmp < 0 || (cmp == 0 && c.op == schema.OpLT))) {
					b.hi, b.hiIn, b.hasHi = v, c.op == schema.OpLE, true
				}
			}
		}
	}
	for _, k := range order {
		b := bounds[k]
		name := str(b.col)
		show := func(v driver.Value) string {
			if n, ok := v.(int64); ok && b.typ == schema.TypeBoolean {
				return Literal(n == 1)
			}
			return Literal(v)
		}
		for _, v := range b.eq[min(1, len(b.eq)):] {
			if c, ok := compareIn(b.typ, b.eq[0], v); ok && c != 0 {
				return name + " cannot equal both " + show(b.eq[0]) + " and " + show(v), true
			}
		}
		for _, v := range b.eq {
			if b.hasLo {
				if c, ok := compareIn(b.typ, v, b.lo); ok && (c < 0 || (c == 0 && !b.loIn)) {
					return name + " = " + show(v) + " is outside its range", true
				}
			}
			if b.hasHi {
				if c, ok := compareIn(b.typ, v, b.hi); ok && (c > 0 || (c == 0 && !b.hiIn)) {
					return name + " = " + show(v) + " is outside its range", true
				}
			}
		}
		if b.hasLo && b.hasHi {
			if c, ok := compareIn(b.typ, b.lo, b.hi); ok && (c > 0 || (c == 0 && !(b.loIn && b.hiIn))) {
				return "the ranges of " + name + " exclude each other", true
			}
		}
	}
	return "", false
}

// constraint is col op value with a constant value.
type constraint struct {
	col   Expr
	op    schema.Op
	value driver.Value
}

// constraintsOf returns the column-op-constant predicates a term implies.
// The column is a plain column of the row.
func constraintsOf(e Expr) []constraint {
	var out []constraint
	for _, a := range atomsOf(e) {
		c, ok := a.value.(*Const)
		if !ok || c.Value == nil {
			continue
		}
		col := columnOf(e, a.col)
		if col == nil {
			continue
		}
		out = append(out, constraint{col: col, op: a.op, value: c.Value})
	}
	return out
}

// columnOf finds the column reference with index i in e.
func columnOf(e Expr, i int) Expr {
	var found Expr
	Walk(e, func(x Expr) bool {
		if c, ok := x.(*Col); ok && c.Index == i && found == nil {
			found = &Col{Index: c.Index, Name: c.Name, Column: c.Column}
		}
		return found == nil
	})
	return found
}

// neverIn reports whether an IN list can never be TRUE: x IN (NULL, …)
// with no other value, or x NOT IN (…, NULL, …).
func neverIn(e Expr) bool {
	in, ok := e.(*In)
	if !ok || len(in.List) == 0 {
		return false
	}
	nulls := 0
	for _, v := range in.List {
		if c, ok := v.(*Const); ok && c.Value == nil {
			nulls++
		}
	}
	if in.Not {
		return nulls > 0
	}
	return nulls == len(in.List)
}

// domainValue returns a constant as the comparisons with a column of type
// t read it, or false when the planner does not compare such values (the
// engine then decides, row by row).
func domainValue(t schema.Type, v driver.Value) (driver.Value, bool) {
	switch t {
	case schema.TypeInteger, schema.TypeReal, schema.TypeBoolean:
		switch x := v.(type) {
		case int64, float64:
			return x, true
		case bool:
			if x {
				return int64(1), true
			}
			return int64(0), true
		}
	case schema.TypeText:
		if s, ok := v.(string); ok {
			return s, true
		}
	case schema.TypeDate, schema.TypeTimestamp:
		switch x := v.(type) {
		case time.Time:
			return x.UTC(), true
		case string:
			if tm, err := schema.ParseTime(x); err == nil {
				return tm, true
			}
		}
	}
	return nil, false
}

// impossible reports whether no value of a column of type t equals v: a
// BOOLEAN is 0 or 1, an INTEGER has no fraction.
func impossible(t schema.Type, v driver.Value) bool {
	f, isFloat := v.(float64)
	n, isInt := v.(int64)
	switch t {
	case schema.TypeBoolean:
		return (isInt && n != 0 && n != 1) || (isFloat && f != 0 && f != 1)
	case schema.TypeInteger:
		return isFloat && (f != math.Trunc(f) || math.IsInf(f, 0) || math.IsNaN(f))
	}
	return false
}

// compareIn compares two values of domainValue of the same type; false
// when they do not compare.
func compareIn(t schema.Type, a, b driver.Value) (int, bool) {
	if a == nil || b == nil {
		return 0, false
	}
	switch x := a.(type) {
	case int64:
		switch y := b.(type) {
		case int64:
			return cmp3(x < y, x > y), true
		case float64:
			return cmpFloat(float64(x), y)
		}
	case float64:
		switch y := b.(type) {
		case int64:
			return cmpFloat(x, float64(y))
		case float64:
			return cmpFloat(x, y)
		}
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(x, y), true
		}
	case time.Time:
		if y, ok := b.(time.Time); ok {
			return x.Compare(y), true
		}
	}
	return 0, false
}

// cmpFloat compares numbers as float64, only where that is exact enough:
// integers beyond 2^53 do not compare.
func cmpFloat(a, b float64) (int, bool) {
	if math.IsNaN(a) || math.IsNaN(b) || math.Abs(a) > 1<<53 || math.Abs(b) > 1<<53 {
		return 0, false
	}
	return cmp3(a < b, a > b), true
}

func cmp3(less, more bool) int {
	switch {
	case less:
		return -1
	case more:
		return 1
	}
	return 0
}
