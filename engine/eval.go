package engine

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/schema"
)

// ErrEval is wrapped by errors raised while evaluating an expression
// (division by zero is not one: it yields NULL, as in MySQL).
var ErrEval = errors.New("evaluation error")

// Eval evaluates e over row. NULL follows SQL three-valued logic. An
// expression that reads outer rows or runs subqueries needs a query: use
// Execute.
func Eval(e planner.Expr, row []driver.Value) (driver.Value, error) { return eval(e, row, nil) }

// env is what an expression sees beyond its row: the rows of the
// enclosing queries (or of a nested loop's outer side), and the executor
// that runs subqueries.
type env struct {
	row    []driver.Value
	parent *env
	x      *executor
}

func eval(e planner.Expr, row []driver.Value, en *env) (driver.Value, error) {
	switch x := e.(type) {
	case *planner.Col:
		return row[x.Index], nil
	case *planner.Outer:
		o := en
		for i := 1; i < x.Level && o != nil; i++ {
			o = o.parent
		}
		if o == nil || x.Index >= len(o.row) {
			return nil, fmt.Errorf("%w: outer reference %s out of scope", ErrEval, x.Name)
		}
		return o.row[x.Index], nil
	case *planner.Subquery:
		if en == nil || en.x == nil {
			return nil, fmt.Errorf("%w: a subquery needs a running query", ErrEval)
		}
		return en.x.subquery(x, row, en)
	case *planner.Const:
		return x.Value, nil
	case *planner.Binary:
		return evalBinary(x, row, en)
	case *planner.Unary:
		v, err := eval(x.X, row, en)
		if err != nil || v == nil {
			return nil, err
		}
		switch x.Op {
		case "NOT":
			t, _ := truth(v)
			return !t, nil
		case "-":
			switch n := v.(type) {
			case int64:
				if n == math.MinInt64 {
					return nil, outOfRange(x)
				}
				return -n, nil
			case float64:
				return -n, nil
			}
			f, ok := toFloat(v)
			if !ok {
				return nil, nil
			}
			return -f, nil
		}
		return v, nil
	case *planner.In:
		return evalIn(x, row, en)
	case *planner.Between:
		v, err := eval(x.X, row, en)
		if err != nil {
			return nil, err
		}
		lo, err := eval(x.Lo, row, en)
		if err != nil {
			return nil, err
		}
		hi, err := eval(x.Hi, row, en)
		if err != nil {
			return nil, err
		}
		if err := noDate(v, lo); err != nil {
			return nil, err
		}
		if err := noDate(v, hi); err != nil {
			return nil, err
		}
		ge := cmpBool(v, lo, func(c int) bool { return c >= 0 })
		le := cmpBool(v, hi, func(c int) bool { return c <= 0 })
		r := and3(ge, le)
		if x.Not {
			return not3(r), nil
		}
		return r, nil
	case *planner.Like:
		return evalLike(x, row, en)
	case *planner.Is:
		v, err := eval(x.X, row, en)
		if err != nil {
			return nil, err
		}
		var r bool
		switch x.What {
		case "null":
			r = v == nil
		case "true":
			t, ok := truth(v)
			r = ok && t
		case "false":
			t, ok := truth(v)
			r = ok && !t
		}
		return r != x.Not, nil
	case *planner.Func:
		return evalFunc(x, row, en)
	case *planner.Case:
		return evalCase(x, row, en)
	case *planner.Cast:
		v, err := eval(x.X, row, en)
		if err != nil || v == nil {
			return nil, err
		}
		return cast(v, x.To), nil
	}
	return nil, fmt.Errorf("%w: cannot evaluate %T", ErrEval, e)
}

// Truth evaluates a predicate: only TRUE passes; FALSE and NULL do not.
func Truth(e planner.Expr, row []driver.Value) (bool, error) { return truthOf(e, row, nil) }

func truthOf(e planner.Expr, row []driver.Value, en *env) (bool, error) {
	v, err := eval(e, row, en)
	if err != nil {
		return false, err
	}
	t, ok := truth(v)
	return ok && t, nil
}

// cmpBool compares with three-valued logic: nil when either side is NULL or
// the values cannot be compared.
func cmpBool(a, b driver.Value, pred func(int) bool) driver.Value {
	if a == nil || b == nil {
		return nil
	}
	c, ok := Compare(a, b)
	if !ok {
		return nil
	}
	return pred(c)
}

func and3(a, b driver.Value) driver.Value {
	at, aok := truth(a)
	bt, bok := truth(b)
	if (aok && !at) || (bok && !bt) {
		return false
	}
	if !aok || !bok {
		return nil
	}
	return true
}

func or3(a, b driver.Value) driver.Value {
	at, aok := truth(a)
	bt, bok := truth(b)
	if (aok && at) || (bok && bt) {
		return true
	}
	if !aok || !bok {
		return nil
	}
	return false
}

func not3(v driver.Value) driver.Value {
	t, ok := truth(v)
	if !ok {
		return nil
	}
	return !t
}

func evalBinary(x *planner.Binary, row []driver.Value, en *env) (driver.Value, error) {
	l, err := eval(x.L, row, en)
	if err != nil {
		return nil, err
	}
	switch x.Op {
	case "AND":
		if t, ok := truth(l); ok && !t {
			return false, nil // short-circuit
		}
	case "OR":
		if t, ok := truth(l); ok && t {
			return true, nil
		}
	}
	r, err := eval(x.R, row, en)
	if err != nil {
		return nil, err
	}
	switch x.Op {
	case "=", "!=", "<", "<=", ">", ">=", "<=>":
		if err := noDate(l, r); err != nil {
			return nil, err
		}
	}
	switch x.Op {
	case "AND":
		return and3(l, r), nil
	case "OR":
		return or3(l, r), nil
	case "=":
		return cmpBool(l, r, func(c int) bool { return c == 0 }), nil
	case "!=":
		return cmpBool(l, r, func(c int) bool { return c != 0 }), nil
	case "<":
		return cmpBool(l, r, func(c int) bool { return c < 0 }), nil
	case "<=":
		return cmpBool(l, r, func(c int) bool { return c <= 0 }), nil
	case ">":
		return cmpBool(l, r, func(c int) bool { return c > 0 }), nil
	case ">=":
		return cmpBool(l, r, func(c int) bool { return c >= 0 }), nil
	case "<=>":
		if l == nil || r == nil {
			return l == nil && r == nil, nil
		}
		c, ok := Compare(l, r)
		return ok && c == 0, nil
	case "||":
		if l == nil || r == nil {
			return nil, nil
		}
		return Text(l) + Text(r), nil
	}
	v, err := arith(x.Op, l, r)
	if errors.Is(err, planner.ErrOutOfRange) {
		return nil, outOfRange(x)
	}
	return v, err
}

// outOfRange is the error of integer arithmetic whose result does not fit
// 64 bits: it names the expression, and wraps ErrEval and
// planner.ErrOutOfRange.
func outOfRange(e planner.Expr) error {
	return fmt.Errorf("%w: %w: %s does not fit a 64-bit integer (BIGINT); CAST an operand AS DECIMAL for approximate arithmetic",
		ErrEval, planner.ErrOutOfRange, e)
}

// errRange reports an integer overflow to the caller that names the
// expression.
var errRange = fmt.Errorf("%w", planner.ErrOutOfRange)

// addInt, subInt and mulInt are exact or report an overflow.
func addInt(a, b int64) (int64, bool) {
	c := a + b
	return c, (c > a) == (b > 0)
}

func subInt(a, b int64) (int64, bool) {
	c := a - b
	return c, (c < a) == (b > 0)
}

func mulInt(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	c := a * b
	if (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) || c/b != a {
		return 0, false
	}
	return c, true
}

// floatToInt converts a whole float to an integer, or reports that it
// does not fit.
func floatToInt(f float64) (int64, bool) {
	if f != f || f >= 9223372036854775807.0 || f < -9223372036854775808.0 {
		return 0, false
	}
	return int64(f), true
}

// arith applies + - * / % DIV. Integers stay integers except under /, which
// is exact division; division by zero is NULL.
func arith(op string, l, r driver.Value) (driver.Value, error) {
	if l == nil || r == nil {
		return nil, nil
	}
	li, lInt := asInt(l)
	ri, rInt := asInt(r)
	if lInt && rInt {
		var v int64
		ok := true
		switch op {
		case "+":
			v, ok = addInt(li, ri)
		case "-":
			v, ok = subInt(li, ri)
		case "*":
			v, ok = mulInt(li, ri)
		case "%":
			if ri == 0 {
				return nil, nil
			}
			if ri == -1 {
				return int64(0), nil
			}
			return li % ri, nil
		case "DIV":
			if ri == 0 {
				return nil, nil
			}
			if li == math.MinInt64 && ri == -1 {
				return nil, errRange
			}
			return li / ri, nil
		}
		if op != "/" {
			if !ok {
				return nil, errRange
			}
			return v, nil
		}
	}
	lf, ok1 := toFloat(l)
	rf, ok2 := toFloat(r)
	if !ok1 || !ok2 {
		return nil, nil
	}
	switch op {
	case "+":
		return lf + rf, nil
	case "-":
		return lf - rf, nil
	case "*":
		return lf * rf, nil
	case "/":
		if rf == 0 {
			return nil, nil
		}
		return lf / rf, nil
	case "%":
		if rf == 0 {
			return nil, nil
		}
		return math.Mod(lf, rf), nil
	case "DIV":
		if rf == 0 {
			return nil, nil
		}
		q, ok := floatToInt(math.Trunc(lf / rf))
		if !ok {
			return nil, errRange
		}
		return q, nil
	}
	return nil, fmt.Errorf("%w: unknown operator %s", ErrEval, op)
}

func asInt(v driver.Value) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// toFloat reads a value as a number; text is parsed (MySQL reads a
// leading number and 0 otherwise; we read the whole text or NULL).
func toFloat(v driver.Value) (float64, bool) {
	if f, ok := number(v); ok {
		return f, true
	}
	if s, ok := v.(string); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		return f, err == nil
	}
	return 0, false
}

func evalIn(x *planner.In, row []driver.Value, en *env) (driver.Value, error) {
	v, err := eval(x.X, row, en)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, nil
	}
	sawNull := false
	for _, e := range x.List {
		w, err := eval(e, row, en)
		if err != nil {
			return nil, err
		}
		if w == nil {
			sawNull = true
			continue
		}
		if err := noDate(v, w); err != nil {
			return nil, err
		}
		if c, ok := Compare(v, w); ok && c == 0 {
			return !x.Not, nil
		}
	}
	if sawNull {
		return nil, nil
	}
	return x.Not, nil
}

func evalCase(x *planner.Case, row []driver.Value, en *env) (driver.Value, error) {
	var operand driver.Value
	if x.Operand != nil {
		var err error
		if operand, err = eval(x.Operand, row, en); err != nil {
			return nil, err
		}
	}
	for _, w := range x.Whens {
		c, err := eval(w.Cond, row, en)
		if err != nil {
			return nil, err
		}
		var hit bool
		if x.Operand != nil {
			if err := noDate(operand, c); err != nil {
				return nil, err
			}
			t, _ := truth(cmpBool(operand, c, func(k int) bool { return k == 0 }))
			hit = t
		} else {
			hit, _ = truth(c)
		}
		if hit {
			return eval(w.Then, row, en)
		}
	}
	if x.Else != nil {
		return eval(x.Else, row, en)
	}
	return nil, nil
}

// Text renders a value as text, the way CONCAT and CAST AS CHAR see it.
func Text(v driver.Value) string {
	switch x := v.(type) {
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		if x {
			return "1"
		}
		return "0"
	case time.Time:
		return timeText(x)
	}
	return fmt.Sprint(v)
}

// clampInt converts a whole float to the nearest 64-bit integer.
func clampInt(f float64) driver.Value {
	switch {
	case f != f:
		return nil
	case f >= 9223372036854775807.0:
		return int64(math.MaxInt64)
	case f <= -9223372036854775808.0:
		return int64(math.MinInt64)
	}
	return int64(f)
}

// cast converts a non-NULL value; a value that does not convert is NULL.
func cast(v driver.Value, to schema.Type) driver.Value {
	switch to {
	case schema.TypeInteger:
		// As MySQL: a number is rounded half away from zero, text is
		// read up to its fraction.
		// Beyond 64 bits the value clamps, as in MySQL and SQLite.
		if i, ok := asInt(v); ok {
			return i
		}
		if f, ok := v.(float64); ok {
			return clampInt(math.Round(f))
		}
		if f, ok := toFloat(v); ok {
			return clampInt(math.Trunc(f))
		}
		return nil
	case schema.TypeReal:
		if f, ok := toFloat(v); ok {
			return f
		}
		return nil
	case schema.TypeDate, schema.TypeTimestamp:
		var t time.Time
		switch x := v.(type) {
		case time.Time:
			t = x
		case string:
			p, err := schema.ParseTime(x)
			if err != nil {
				return nil
			}
			t = p
		default:
			return nil
		}
		if to == schema.TypeDate {
			return t.Truncate(24 * time.Hour)
		}
		return t
	}
	return Text(v)
}
