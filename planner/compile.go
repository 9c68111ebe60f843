package planner

import (
	"database/sql/driver"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/saasapi/saasapi/schema"
	"github.com/xwb1989/sqlparser"
)

// FuncSpec describes a scalar function: its arity and result type.
type FuncSpec struct {
	Min, Max int         // argument count; Max -1 = any
	Type     schema.Type // result type; see ArgType
	ArgType  bool        // the result has the first argument's type
}

// Funcs are the scalar functions of the native SQL dialect, by upper-case
// name. The engine implements each.
var Funcs = map[string]FuncSpec{
	"COALESCE":     {Min: 1, Max: -1, ArgType: true},
	"IFNULL":       {Min: 2, Max: 2, ArgType: true},
	"NULLIF":       {Min: 2, Max: 2, ArgType: true},
	"IF":           {Min: 3, Max: 3, Type: schema.TypeText},
	"CONCAT":       {Min: 1, Max: -1, Type: schema.TypeText},
	"CONCAT_WS":    {Min: 2, Max: -1, Type: schema.TypeText},
	"LOWER":        {Min: 1, Max: 1, Type: schema.TypeText},
	"UPPER":        {Min: 1, Max: 1, Type: schema.TypeText},
	"LENGTH":       {Min: 1, Max: 1, Type: schema.TypeInteger},
	"SUBSTRING":    {Min: 2, Max: 3, Type: schema.TypeText},
	"SUBSTR":       {Min: 2, Max: 3, Type: schema.TypeText},
	"TRIM":         {Min: 1, Max: 1, Type: schema.TypeText},
	"REPLACE":      {Min: 3, Max: 3, Type: schema.TypeText},
	"LEFT":         {Min: 2, Max: 2, Type: schema.TypeText},
	"RIGHT":        {Min: 2, Max: 2, Type: schema.TypeText},
	"ROUND":        {Min: 1, Max: 2, Type: schema.TypeReal},
	"FLOOR":        {Min: 1, Max: 1, Type: schema.TypeInteger},
	"CEIL":         {Min: 1, Max: 1, Type: schema.TypeInteger},
	"CEILING":      {Min: 1, Max: 1, Type: schema.TypeInteger},
	"ABS":          {Min: 1, Max: 1, ArgType: true},
	"DATE":         {Min: 1, Max: 1, Type: schema.TypeDate},
	"YEAR":         {Min: 1, Max: 1, Type: schema.TypeInteger},
	"MONTH":        {Min: 1, Max: 1, Type: schema.TypeInteger},
	"DAY":          {Min: 1, Max: 1, Type: schema.TypeInteger},
	"NOW":          {Min: 0, Max: 0, Type: schema.TypeTimestamp},
	"DATEDIFF":     {Min: 2, Max: 2, Type: schema.TypeInteger},
	"DATE_FORMAT":  {Min: 2, Max: 2, Type: schema.TypeText},
	"JSON_EXTRACT": {Min: 2, Max: 2, Type: schema.TypeText},
}

// aggregates are the aggregate functions, by upper-case name.
var aggregates = map[string]bool{"COUNT": true, "SUM": true, "AVG": true, "MIN": true, "MAX": true, "GROUP_CONCAT": true}

// expr binds a parsed expression to the scope's columns.
func (b *binder) expr(e sqlparser.Expr, sc *scope) (Expr, error) {
	switch x := e.(type) {
	case *sqlparser.ParenExpr:
		return b.expr(x.Expr, sc)
	case *sqlparser.ColName:
		e, err := sc.resolve(x)
		if err != nil && sc.aggOK && x.Qualifier.IsEmpty() {
			// HAVING and ORDER BY may name a select-list alias.
			if a, ok := sc.aliases[strings.ToLower(x.Name.String())]; ok {
				return b.expr(a, sc.without(x.Name.String()))
			}
		}
		if pe, ok := err.(*Error); ok && pe.Err == ErrUnknownColumn && b.dquoted[strings.ToLower(x.Name.String())] {
			name := x.Name.String()
			c := *pe
			c.Msg += fmt.Sprintf(`; "%s" in double quotes is a column name, as in standard SQL: write '%s' for a string`, name, strings.ReplaceAll(name, "'", "''"))
			return nil, &c
		}
		return e, err
	case *sqlparser.SQLVal:
		return b.literal(x)
	case *sqlparser.NullVal:
		return &Const{}, nil
	case sqlparser.BoolVal:
		return &Const{Value: bool(x)}, nil
	case *sqlparser.AndExpr:
		return b.binary("AND", x.Left, x.Right, sc)
	case *sqlparser.OrExpr:
		return b.binary("OR", x.Left, x.Right, sc)
	case *sqlparser.NotExpr:
		inner, err := b.expr(x.Expr, sc)
		if err != nil {
			return nil, err
		}
		return &Unary{Op: "NOT", X: inner}, nil
	case *sqlparser.ComparisonExpr:
		return b.comparison(x, sc)
	case *sqlparser.RangeCond:
		l, err := b.expr(x.Left, sc)
		if err != nil {
			return nil, err
		}
		lo, err := b.expr(x.From, sc)
		if err != nil {
			return nil, err
		}
		hi, err := b.expr(x.To, sc)
		if err != nil {
			return nil, err
		}
		if _, lo, err = temporalOperands(l, lo); err != nil {
			return nil, err
		}
		if _, hi, err = temporalOperands(l, hi); err != nil {
			return nil, err
		}
		return &Between{X: l, Lo: lo, Hi: hi, Not: x.Operator == sqlparser.NotBetweenStr}, nil
	case *sqlparser.IsExpr:
		inner, err := b.expr(x.Expr, sc)
		if err != nil {
			return nil, err
		}
		op := strings.TrimPrefix(x.Operator, "is ")
		not := strings.HasPrefix(op, "not ")
		return &Is{X: inner, What: strings.TrimPrefix(op, "not "), Not: not}, nil
	case *sqlparser.BinaryExpr:
		op := x.Operator
		switch op {
		case sqlparser.PlusStr, sqlparser.MinusStr, sqlparser.MultStr, sqlparser.DivStr, sqlparser.ModStr:
		case sqlparser.IntDivStr:
			op = "DIV"
		case sqlparser.BitXorStr:
			op = "||" // the pre-pass writes || as ^
		default:
			return nil, newError(ErrUnsupported, fmt.Sprintf("operator %s is not supported", x.Operator))
		}
		if op == "%" || strings.EqualFold(op, "mod") {
			op = "%"
		}
		return b.binary(op, x.Left, x.Right, sc)
	case *sqlparser.UnaryExpr:
		inner, err := b.expr(x.Expr, sc)
		if err != nil {
			return nil, err
		}
		switch x.Operator {
		case sqlparser.UMinusStr:
			if v, ok := x.Expr.(*sqlparser.SQLVal); ok && v.Type == sqlparser.IntVal && string(v.Val) == "9223372036854775808" {
				return &Const{Value: int64(math.MinInt64)}, nil // the smallest BIGINT
			}
			if c, ok := inner.(*Const); ok {
				switch v := c.Value.(type) {
				case int64:
					if v == math.MinInt64 {
						break // -(-2^63) does not fit: the engine says so
					}
					return &Const{Value: -v}, nil
				case float64:
					return &Const{Value: -v}, nil
				}
			}
			return &Unary{Op: "-", X: inner}, nil
		case sqlparser.UPlusStr:
			return inner, nil
		case sqlparser.BangStr:
			return &Unary{Op: "NOT", X: inner}, nil
		case sqlparser.BinaryStr:
			// Comparisons are binary already; under LIKE, BINARY makes
			// the match case-sensitive (see comparison).
			return inner, nil
		}
		return nil, newError(ErrUnsupported, fmt.Sprintf("operator %s is not supported", x.Operator))
	case *sqlparser.FuncExpr:
		return b.call(x, sc)
	case *sqlparser.CaseExpr:
		c := &Case{}
		var err error
		if x.Expr != nil {
			if c.Operand, err = b.expr(x.Expr, sc); err != nil {
				return nil, err
			}
		}
		for _, w := range x.Whens {
			cond, err := b.expr(w.Cond, sc)
			if err != nil {
				return nil, err
			}
			if c.Operand != nil {
				if _, cond, err = temporalOperands(c.Operand, cond); err != nil {
					return nil, err
				}
			}
			then, err := b.expr(w.Val, sc)
			if err != nil {
				return nil, err
			}
			c.Whens = append(c.Whens, When{Cond: cond, Then: then})
		}
		if x.Else != nil {
			if c.Else, err = b.expr(x.Else, sc); err != nil {
				return nil, err
			}
		}
		return c, nil
	case *sqlparser.ConvertExpr:
		inner, err := b.expr(x.Expr, sc)
		if err != nil {
			return nil, err
		}
		name := strings.ToUpper(x.Type.Type)
		var to schema.Type
		switch name {
		case "SIGNED", "UNSIGNED", "INTEGER", "INT":
			to = schema.TypeInteger
		case "DECIMAL", "DOUBLE", "FLOAT", "REAL":
			to = schema.TypeReal
		case "CHAR", "NCHAR", "VARCHAR", "BINARY":
			to = schema.TypeText
		case "DATE":
			to = schema.TypeDate
		case "DATETIME", "TIMESTAMP":
			to = schema.TypeTimestamp
		default:
			return nil, newError(ErrUnsupported, fmt.Sprintf("CAST to %s is not supported (allowed: SIGNED, DECIMAL, CHAR, DATE, DATETIME)", name))
		}
		return &Cast{X: inner, To: to, Name: name}, nil
	case *sqlparser.SubstrExpr:
		f := &Func{Name: "SUBSTRING", typ: schema.TypeText}
		for _, a := range []sqlparser.Expr{x.Name, x.From, x.To} {
			if a == nil || a == sqlparser.Expr((*sqlparser.ColName)(nil)) {
				continue
			}
			e, err := b.expr(a, sc)
			if err != nil {
				return nil, err
			}
			f.Args = append(f.Args, e)
		}
		return f, nil
	case *sqlparser.Subquery:
		return b.subquery(x, SubScalar, nil, false, sc)
	case *sqlparser.ExistsExpr:
		return b.subquery(x.Subquery, SubExists, nil, false, sc)
	case *sqlparser.GroupConcatExpr:
		args := make([]sqlparser.SQLNode, len(x.Exprs))
		for i, a := range x.Exprs {
			args[i] = a
		}
		if e, ok, err := b.outerAggregate(x, append(args, x.OrderBy), sc); ok || err != nil {
			return e, err
		}
		if !sc.aggOK {
			return nil, newError(ErrSyntax, "GROUP_CONCAT is an aggregate function: it is not allowed in WHERE, ON or GROUP BY")
		}
		if len(x.Exprs) != 1 {
			return nil, newError(ErrUnsupported, "GROUP_CONCAT takes one expression")
		}
		ae, ok := x.Exprs[0].(*sqlparser.AliasedExpr)
		if !ok {
			return nil, newError(ErrSyntax, "GROUP_CONCAT(*) is not valid")
		}
		arg, err := b.expr(ae.Expr, sc.rows())
		if err != nil {
			return nil, err
		}
		a := &Agg{Name: "GROUP_CONCAT", Arg: arg, Distinct: x.Distinct != "", Sep: ","}
		if x.Separator != "" {
			sep := strings.TrimSpace(x.Separator)
			sep = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(sep, "separator"), "SEPARATOR"))
			a.Sep = strings.Trim(sep, "'")
		}
		for _, o := range x.OrderBy {
			e, err := b.expr(o.Expr, sc.rows())
			if err != nil {
				return nil, err
			}
			a.OrderBy = append(a.OrderBy, Order{Expr: e, Desc: o.Direction == sqlparser.DescScr})
		}
		return a, nil
	}
	return nil, newError(ErrUnsupported, fmt.Sprintf("expression %s is not supported", render(e)))
}

func (b *binder) binary(op string, l, r sqlparser.Expr, sc *scope) (Expr, error) {
	le, err := b.expr(l, sc)
	if err != nil {
		return nil, err
	}
	re, err := b.expr(r, sc)
	if err != nil {
		return nil, err
	}
	return &Binary{Op: op, L: le, R: re}, nil
}

func (b *binder) comparison(x *sqlparser.ComparisonExpr, sc *scope) (Expr, error) {
	l, err := b.expr(x.Left, sc)
	if err != nil {
		return nil, err
	}
	switch x.Operator {
	case sqlparser.InStr, sqlparser.NotInStr:
		if sub, ok := x.Right.(*sqlparser.Subquery); ok {
			return b.subquery(sub, SubIn, l, x.Operator == sqlparser.NotInStr, sc)
		}
		tuple, ok := x.Right.(sqlparser.ValTuple)
		if !ok {
			return nil, newError(ErrUnsupported, fmt.Sprintf("IN %s is not supported", render(x.Right)))
		}
		in := &In{X: l, Not: x.Operator == sqlparser.NotInStr}
		for _, v := range tuple {
			e, err := b.expr(v, sc)
			if err != nil {
				return nil, err
			}
			if _, e, err = temporalOperands(l, e); err != nil {
				return nil, err
			}
			in.List = append(in.List, e)
		}
		if c, ok := l.(*Const); ok && isNumber(c.Value) {
			// 20240131 IN (spent_date, …)
			for _, e := range in.List {
				if _, _, err := temporalOperands(e, l); err != nil {
					return nil, err
				}
			}
		}
		return in, nil
	case sqlparser.LikeStr, sqlparser.NotLikeStr:
		r, err := b.expr(x.Right, sc)
		if err != nil {
			return nil, err
		}
		// BINARY on either side makes the match case-sensitive, as in
		// MySQL.
		lk := &Like{X: l, Pattern: r, Not: x.Operator == sqlparser.NotLikeStr,
			Binary: isBinary(x.Left) || isBinary(x.Right)}
		if x.Escape != nil {
			if lk.Escape, err = b.expr(x.Escape, sc); err != nil {
				return nil, err
			}
		}
		return lk, nil
	case sqlparser.EqualStr, sqlparser.NotEqualStr, sqlparser.LessThanStr, sqlparser.LessEqualStr,
		sqlparser.GreaterThanStr, sqlparser.GreaterEqualStr, sqlparser.NullSafeEqualStr:
		r, err := b.expr(x.Right, sc)
		if err != nil {
			return nil, err
		}
		if l, r, err = temporalOperands(l, r); err != nil {
			return nil, err
		}
		return &Binary{Op: x.Operator, L: l, R: r}, nil
	}
	return nil, newError(ErrUnsupported, fmt.Sprintf("operator %s is not supported", strings.ToUpper(x.Operator)))
}

// isBinary reports whether e is BINARY x (in parentheses or not).
func isBinary(e sqlparser.Expr) bool {
	for {
		p, ok := e.(*sqlparser.ParenExpr)
		if !ok {
			break
		}
		e = p.Expr
	}
	u, ok := e.(*sqlparser.UnaryExpr)
	return ok && u.Operator == sqlparser.BinaryStr
}

func (b *binder) call(x *sqlparser.FuncExpr, sc *scope) (Expr, error) {
	name := strings.ToUpper(x.Name.String())
	if aggregates[name] {
		return b.aggregate(x, name, sc)
	}
	spec, ok := Funcs[name]
	if !ok {
		names := make([]string, 0, len(Funcs))
		for n := range Funcs {
			names = append(names, n)
		}
		msg := fmt.Sprintf("unknown function %s", name)
		if s := schema.Suggest(name, names); s != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", s)
		}
		return nil, newError(ErrUnsupported, msg+"; docs/sql.md lists the functions")
	}
	f := &Func{Name: name, typ: spec.Type}
	for _, a := range x.Exprs {
		ae, ok := a.(*sqlparser.AliasedExpr)
		if !ok {
			return nil, newError(ErrSyntax, fmt.Sprintf("%s(*) is not valid", name))
		}
		e, err := b.expr(ae.Expr, sc)
		if err != nil {
			return nil, err
		}
		f.Args = append(f.Args, e)
	}
	if len(f.Args) < spec.Min || (spec.Max >= 0 && len(f.Args) > spec.Max) {
		return nil, newError(ErrSyntax, fmt.Sprintf("%s takes %s argument(s), got %d", name, arity(spec), len(f.Args)))
	}
	if spec.ArgType && len(f.Args) > 0 {
		f.typ = f.Args[0].Type()
	}
	if name == "IF" {
		f.typ = f.Args[1].Type()
	}
	return f, nil
}

func arity(s FuncSpec) string {
	switch {
	case s.Max < 0:
		return fmt.Sprintf("at least %d", s.Min)
	case s.Min == s.Max:
		return strconv.Itoa(s.Min)
	}
	return fmt.Sprintf("%d to %d", s.Min, s.Max)
}

// literal converts a parsed literal or binds a placeholder.
func (b *binder) literal(v *sqlparser.SQLVal) (Expr, error) {
	switch v.Type {
	case sqlparser.StrVal:
		return &Const{Value: string(v.Val)}, nil
	case sqlparser.IntVal:
		n, err := strconv.ParseInt(string(v.Val), 10, 64)
		if err != nil {
			f, ferr := strconv.ParseFloat(string(v.Val), 64)
			if ferr != nil {
				return nil, newError(ErrSyntax, fmt.Sprintf("bad number %s", v.Val))
			}
			return &Const{Value: f}, nil
		}
		return &Const{Value: n}, nil
	case sqlparser.FloatVal:
		f, err := strconv.ParseFloat(string(v.Val), 64)
		if err != nil {
			return nil, newError(ErrSyntax, fmt.Sprintf("bad number %s", v.Val))
		}
		return &Const{Value: f}, nil
	case sqlparser.ValArg:
		a, err := b.arg(string(v.Val))
		if err != nil {
			return nil, err
		}
		val, err := normalizeArg(a)
		if err != nil {
			return nil, err
		}
		return &Const{Value: val}, nil
	case sqlparser.HexVal:
		return &Const{Value: string(v.Val)}, nil
	}
	return nil, newError(ErrUnsupported, fmt.Sprintf("literal %s is not supported", render(v)))
}

// normalizeArg maps an argument to one of the engine's value types.
func normalizeArg(a driver.Value) (driver.Value, error) {
	switch x := a.(type) {
	case nil, int64, float64, bool, string:
		return x, nil
	case []byte:
		return string(x), nil
	case time.Time:
		return x.UTC(), nil
	}
	return nil, newError(ErrArgument, fmt.Sprintf("argument of type %T is not supported (use int64, float64, bool, string, []byte or time.Time)", a))
}

// outerAggregate binds an aggregate call whose argument reads columns of
// one enclosing query only: in SQL it aggregates that query's groups, so
// that query's Aggregate computes it and the subquery reads the result
// from the aggregate's row. It reports false for an aggregate of the
// current query (one that reads a column of its own, or none).
func (b *binder) outerAggregate(call sqlparser.Expr, args []sqlparser.SQLNode, sc *scope) (Expr, bool, error) {
	level := 0
	mixed := false
	visit := func(node sqlparser.SQLNode) (bool, error) {
		switch c := node.(type) {
		case *sqlparser.Subquery:
			mixed = true // its columns resolve in its own scopes
			return false, nil
		case *sqlparser.ColName:
			l := sc.level(c.Qualifier.Name.String(), c.Name.String())
			if l <= 0 || (level != 0 && l != level) {
				mixed = true
			}
			level = l
		}
		return true, nil
	}
	for _, a := range args {
		_ = sqlparser.Walk(visit, a)
	}
	if mixed || level <= 0 {
		return nil, false, nil
	}
	outer := sc.up(level)
	text := render(call)
	if outer.agg == nil {
		return nil, true, newError(ErrUnsupported, fmt.Sprintf(
			"%s aggregates columns of an enclosing query only, which makes that query an aggregate one; the native driver takes that only in the select list, HAVING or ORDER BY of a query with GROUP BY or an aggregate of its own: add GROUP BY there, or move the aggregate out of the subquery", text))
	}
	e, err := b.expr(call, outer.plain().withAgg())
	if err != nil {
		return nil, true, err
	}
	g, ok := e.(*Agg)
	if !ok {
		return nil, true, newError(ErrUnsupported, fmt.Sprintf("%s is not supported in a subquery", text))
	}
	sc.correlate(outer)
	slot := outer.agg.slot(g)
	return &Outer{Level: level, Index: slot.Index, Name: g.String(), Column: g.Type()}, true, nil
}

// aggregate compiles COUNT, SUM, AVG, MIN and MAX.
func (b *binder) aggregate(x *sqlparser.FuncExpr, name string, sc *scope) (Expr, error) {
	args := make([]sqlparser.SQLNode, len(x.Exprs))
	for i, a := range x.Exprs {
		args[i] = a
	}
	if e, ok, err := b.outerAggregate(x, args, sc); ok || err != nil {
		return e, err
	}
	if !sc.aggOK {
		return nil, newError(ErrSyntax, fmt.Sprintf("%s is an aggregate function: it is not allowed in WHERE, ON or GROUP BY (use HAVING)", name))
	}
	a := &Agg{Name: name, Distinct: x.Distinct}
	if len(x.Exprs) != 1 {
		return nil, newError(ErrSyntax, fmt.Sprintf("%s takes one argument, got %d", name, len(x.Exprs)))
	}
	switch ae := x.Exprs[0].(type) {
	case *sqlparser.StarExpr:
		if name != "COUNT" || x.Distinct {
			return nil, newError(ErrSyntax, fmt.Sprintf("%s(*) is not valid; only COUNT(*) is", name))
		}
	case *sqlparser.AliasedExpr:
		arg, err := b.expr(ae.Expr, sc.rows())
		if err != nil {
			return nil, err
		}
		a.Arg = arg
	default:
		return nil, newError(ErrSyntax, fmt.Sprintf("bad argument to %s", name))
	}
	return a, nil
}

// subquery plans a SELECT inside an expression, with the current scope as
// its enclosing scope.
func (b *binder) subquery(sub *sqlparser.Subquery, mode SubqueryMode, x Expr, not bool, sc *scope) (Expr, error) {
	correlated := false
	saved := b.correlated
	b.correlated = &correlated
	plan, err := b.selectStatement(sub.Select, sc.plain())
	b.correlated = saved
	if err != nil {
		return nil, err
	}
	cols := plan.Columns()
	if (mode == SubScalar || mode == SubIn) && len(cols) != 1 {
		return nil, newError(ErrSyntax, fmt.Sprintf("the subquery must return one column, not %d", len(cols)))
	}
	return &Subquery{Plan: plan, Mode: mode, X: x, Not: not, Correlated: correlated, SQL: render(sub)}, nil
}
