package planner

import (
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"github.com/saasapi/saasapi/schema"
)

// Expr is a bound expression over the columns of one table row. The engine
// evaluates it; String renders it as SQL for EXPLAIN and column names.
type Expr interface {
	String() string
	// Type is the SQL type of the result, as far as it is known.
	Type() schema.Type
}

// Col reads a column of the row.
type Col struct {
	Index  int
	Name   string
	Column schema.Type
}

// Const is a literal or a bound argument: nil, int64, float64, bool,
// string or time.Time.
type Const struct{ Value driver.Value }

// Binary is an arithmetic, comparison, logical or string operation. Op is
// one of + - * / % DIV || = != < <= > >= <=> AND OR.
type Binary struct {
	Op   string
	L, R Expr
}

// Unary is NOT, unary minus or unary plus.
type Unary struct {
	Op string // "NOT", "-", "+"
	X  Expr
}

// In is x [NOT] IN (list).
type In struct {
	X    Expr
	List []Expr
	Not  bool
}

// Between is x [NOT] BETWEEN lo AND hi.
type Between struct {
	X, Lo, Hi Expr
	Not       bool
}

// Like is x [NOT] LIKE [BINARY] pattern [ESCAPE esc]. It ignores the case
// of ASCII letters unless Binary is set.
type Like struct {
	X, Pattern, Escape Expr
	Not                bool
	Binary             bool // LIKE BINARY: case-sensitive
}

// Is is x IS [NOT] NULL|TRUE|FALSE; What is "null", "true" or "false".
type Is struct {
	X    Expr
	What string
	Not  bool
}

// Func is a call of a scalar function; Name is upper-case.
type Func struct {
	Name string
	Args []Expr
	typ  schema.Type
}

// When is one branch of a CASE.
type When struct{ Cond, Then Expr }

// Case is CASE [operand] WHEN … THEN … [ELSE …] END.
type Case struct {
	Operand Expr
	Whens   []When
	Else    Expr
}

// Cast is CAST(x AS type).
type Cast struct {
	X  Expr
	To schema.Type
	// Name is the SQL type as written ("SIGNED").
	Name string
}

// String renders the column name.
func (c *Col) String() string { return c.Name }

// Type is the column's type.
func (c *Col) Type() schema.Type { return c.Column }

// String renders the literal as SQL.
func (c *Const) String() string { return Literal(c.Value) }

// Type is the literal's type.
func (c *Const) Type() schema.Type { return typeOf(c.Value) }

// String renders the operation.
func (b *Binary) String() string { return "(" + str(b.L) + " " + b.Op + " " + str(b.R) + ")" }

// Type is BOOLEAN for comparisons and logic, numeric for arithmetic.
func (b *Binary) Type() schema.Type {
	switch b.Op {
	case "+", "-", "*", "%":
		if typ(b.L) == schema.TypeInteger && typ(b.R) == schema.TypeInteger {
			return schema.TypeInteger
		}
		return schema.TypeReal
	case "/":
		return schema.TypeReal
	case "DIV":
		return schema.TypeInteger
	case "||":
		return schema.TypeText
	}
	return schema.TypeBoolean
}

// String renders the operation.
func (u *Unary) String() string {
	x := str(u.X)
	if u.Op == "NOT" {
		return "(NOT " + x + ")"
	}
	if strings.HasPrefix(x, "-") || strings.HasPrefix(x, "+") {
		// "--1" would read as a comment.
		return u.Op + "(" + x + ")"
	}
	return u.Op + x
}

// Type is BOOLEAN for NOT and the operand's type otherwise.
func (u *Unary) Type() schema.Type {
	if u.Op == "NOT" {
		return schema.TypeBoolean
	}
	return typ(u.X)
}

// String renders the IN list.
func (i *In) String() string {
	return str(i.X) + not(i.Not) + " IN (" + list(i.List) + ")"
}

// Type is BOOLEAN.
func (i *In) Type() schema.Type { return schema.TypeBoolean }

// String renders the range.
func (b *Between) String() string {
	return str(b.X) + not(b.Not) + " BETWEEN " + str(b.Lo) + " AND " + str(b.Hi)
}

// Type is BOOLEAN.
func (b *Between) Type() schema.Type { return schema.TypeBoolean }

// String renders the pattern match.
func (l *Like) String() string {
	op := " LIKE "
	if l.Binary {
		op = " LIKE BINARY "
	}
	s := str(l.X) + not(l.Not) + op + str(l.Pattern)
	if l.Escape != nil {
		s += " ESCAPE " + str(l.Escape)
	}
	return s
}

// Type is BOOLEAN.
func (l *Like) Type() schema.Type { return schema.TypeBoolean }

// String renders the test.
func (i *Is) String() string {
	return str(i.X) + " IS" + not(i.Not) + " " + strings.ToUpper(i.What)
}

// Type is BOOLEAN.
func (i *Is) Type() schema.Type { return schema.TypeBoolean }

// String renders the call.
func (f *Func) String() string {
	return f.Name + "(" + list(f.Args) + ")"
}

// Type is the function's result type.
func (f *Func) Type() schema.Type { return f.typ }

// String renders the CASE.
func (c *Case) String() string {
	var b strings.Builder
	b.WriteString("CASE")
	if c.Operand != nil {
		b.WriteString(" " + str(c.Operand))
	}
	for _, w := range c.Whens {
		b.WriteString(" WHEN " + str(w.Cond) + " THEN " + str(w.Then))
	}
	if c.Else != nil {
		b.WriteString(" ELSE " + str(c.Else))
	}
	b.WriteString(" END")
	return b.String()
}

// Type is the type of the first branch.
func (c *Case) Type() schema.Type {
	if len(c.Whens) > 0 {
		return typ(c.Whens[0].Then)
	}
	return schema.TypeText
}

// String renders the cast.
func (c *Cast) String() string { return "CAST(" + str(c.X) + " AS " + c.Name + ")" }

// Type is the target type.
func (c *Cast) Type() schema.Type { return c.To }

// str renders an operand; a missing one (a plan built by hand) reads
// "<missing>" instead of panicking.
func str(e Expr) string {
	if e == nil {
		return "<missing>"
	}
	return e.String()
}

// typ is an operand's type; TEXT when it is missing.
func typ(e Expr) schema.Type {
	if e == nil {
		return schema.TypeText
	}
	return e.Type()
}

// list renders operands separated by commas.
func list(es []Expr) string {
	parts := make([]string, len(es))
	for k, e := range es {
		parts[k] = str(e)
	}
	return strings.Join(parts, ", ")
}

func not(b bool) string {
	if b {
		return " NOT"
	}
	return ""
}

func typeOf(v driver.Value) schema.Type {
	switch v.(type) {
	case int64:
		return schema.TypeInteger
	case float64:
		return schema.TypeReal
	case bool:
		return schema.TypeBoolean
	case time.Time:
		return schema.TypeTimestamp
	}
	return schema.TypeText
}

// Literal renders a value as a SQL literal (strings quoted with doubled
// quotes, times as quoted ISO text).
func Literal(v driver.Value) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case string:
		return "'" + strings.ReplaceAll(x, "'", "''") + "'"
	case bool:
		if x {
			return "TRUE"
		}
		return "FALSE"
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return "'" + x.Format("2006-01-02") + "'"
		}
		return "'" + x.Format(time.RFC3339Nano) + "'"
	case float64, int64:
		return fmt.Sprint(x)
	case []byte:
		return Literal(string(x))
	}
	return Literal(fmt.Sprint(v))
}

// Outer reads a column of an enclosing row: Level 1 is the current row of
// the nearest enclosing query (or of a nested loop's outer side), Level 2
// the one around it, and so on.
type Outer struct {
	Level, Index int
	Name         string
	Column       schema.Type
}

// String renders the qualified name of the outer column.
func (o *Outer) String() string { return "outer." + o.Name }

// Type is the column's type.
func (o *Outer) Type() schema.Type { return o.Column }

// Agg is an aggregate call: COUNT, SUM, AVG, MIN, MAX, GROUP_CONCAT and
// ANY_VALUE (the value of a bare column outside GROUP BY, from the group's
// first row). It appears only in Aggregate nodes.
type Agg struct {
	Name     string
	Arg      Expr // nil for COUNT(*)
	Distinct bool
	// Sep and OrderBy are GROUP_CONCAT's.
	Sep     string
	OrderBy []Order
}

// String renders the call.
func (a *Agg) String() string {
	arg := "*"
	if a.Arg != nil {
		arg = a.Arg.String()
	}
	if a.Distinct {
		arg = "DISTINCT " + arg
	}
	if a.Name == "GROUP_CONCAT" {
		// Calls that differ only in order or separator are different
		// columns of a grouped query, which matches them by their text.
		for k, o := range a.OrderBy {
			if k == 0 {
				arg += " ORDER BY "
			} else {
				arg += ", "
			}
			arg += str(o.Expr)
			if o.Desc {
				arg += " DESC"
			}
		}
		if a.Sep != "," {
			arg += " SEPARATOR " + Literal(a.Sep)
		}
	}
	return a.Name + "(" + arg + ")"
}

// Type is INTEGER for COUNT, REAL for AVG, TEXT for GROUP_CONCAT and the
// argument's type otherwise.
func (a *Agg) Type() schema.Type {
	switch a.Name {
	case "COUNT":
		return schema.TypeInteger
	case "AVG":
		return schema.TypeReal
	case "GROUP_CONCAT":
		return schema.TypeText
	case "SUM":
		if t := typ(a.Arg); t == schema.TypeInteger || t == schema.TypeBoolean {
			return schema.TypeInteger
		}
		return schema.TypeReal
	}
	return typ(a.Arg)
}

// SubqueryMode says how a subquery is used.
type SubqueryMode int

// The uses of a subquery.
const (
	SubScalar SubqueryMode = iota // (SELECT x …): one value, NULL when no row
	SubExists                     // EXISTS (SELECT …)
	SubIn                         // x IN (SELECT …)
)

// Subquery is a SELECT inside an expression. A correlated one refers to
// the enclosing row (through Outer) and runs once per row; otherwise it
// runs once per query.
type Subquery struct {
	Plan       Node
	Mode       SubqueryMode
	X          Expr // the left side of IN
	Not        bool // NOT IN, NOT EXISTS
	Correlated bool
	// SQL is the subquery's text, parenthesized, as the parser formats
	// it: String shows it, so that EXPLAIN says which subquery runs and
	// two different subqueries never render alike (grouping matches
	// expressions by their text).
	SQL string
	// Decorrelation, for a correlated subquery whose scans are read once
	// and hashed on the correlated columns when that costs fewer requests
	// (see Scan.Partition), says what was chosen and the estimates.
	Decorrelation *Decorrelation
}

// Decorrelation is the planner's choice between running a correlated
// subquery's scans once per outer row and reading them once, hashed on
// the columns the subquery compares with the outer row.
type Decorrelation struct {
	// Chosen is set when the scans are read once.
	Chosen bool
	// Columns are the columns hashed on ("t.project_id").
	Columns []string
	// PerRow is the estimated requests of the scans run once per outer
	// row (each distinct request sent once); Once the estimate of reading
	// them once.
	PerRow, Once float64
}

// String renders the subquery: its SQL text, or "(SELECT …)" when the
// plan was built without one.
func (s *Subquery) String() string {
	body := s.SQL
	if body == "" {
		body = "(SELECT …)"
		if s.Correlated {
			body = "(correlated SELECT …)"
		}
	}
	switch s.Mode {
	case SubExists:
		return strings.TrimPrefix(not(s.Not)+" EXISTS ", " ") + body
	case SubIn:
		return str(s.X) + not(s.Not) + " IN " + body
	}
	return body
}

// Type is the subquery's column type, or BOOLEAN for EXISTS and IN.
func (s *Subquery) Type() schema.Type {
	if s.Mode == SubScalar {
		if s.Plan == nil || len(s.Plan.Columns()) == 0 {
			return schema.TypeText
		}
		return s.Plan.Columns()[0].Type
	}
	return schema.TypeBoolean
}

// Transform rebuilds e bottom-up, replacing each node n by f(n) when f
// reports true. Subquery plans are not entered.
func Transform(e Expr, f func(Expr) (Expr, bool)) Expr {
	if e == nil {
		return nil
	}
	if r, ok := f(e); ok {
		return r
	}
	tr := func(x Expr) Expr { return Transform(x, f) }
	switch x := e.(type) {
	case *Binary:
		return &Binary{Op: x.Op, L: tr(x.L), R: tr(x.R)}
	case *Unary:
		return &Unary{Op: x.Op, X: tr(x.X)}
	case *In:
		c := &In{X: tr(x.X), Not: x.Not}
		for _, l := range x.List {
			c.List = append(c.List, tr(l))
		}
		return c
	case *Between:
		return &Between{X: tr(x.X), Lo: tr(x.Lo), Hi: tr(x.Hi), Not: x.Not}
	case *Like:
		return &Like{X: tr(x.X), Pattern: tr(x.Pattern), Escape: tr(x.Escape), Not: x.Not, Binary: x.Binary}
	case *Is:
		return &Is{X: tr(x.X), What: x.What, Not: x.Not}
	case *Func:
		c := &Func{Name: x.Name, typ: x.typ}
		for _, a := range x.Args {
			c.Args = append(c.Args, tr(a))
		}
		return c
	case *Case:
		c := &Case{Operand: tr(x.Operand), Else: tr(x.Else)}
		for _, w := range x.Whens {
			c.Whens = append(c.Whens, When{Cond: tr(w.Cond), Then: tr(w.Then)})
		}
		return c
	case *Cast:
		return &Cast{X: tr(x.X), To: x.To, Name: x.Name}
	case *Agg:
		c := &Agg{Name: x.Name, Arg: tr(x.Arg), Distinct: x.Distinct, Sep: x.Sep}
		for _, o := range x.OrderBy {
			c.OrderBy = append(c.OrderBy, Order{Expr: tr(o.Expr), Desc: o.Desc})
		}
		return c
	case *Subquery:
		c := *x
		c.X = tr(x.X)
		return &c
	}
	return e
}

// key identifies an expression over one row: its text with columns by
// position, so that two columns of the same name from two tables differ.
// Grouping matches expressions by key.
func key(e Expr) string {
	return str(Transform(e, func(x Expr) (Expr, bool) {
		switch c := x.(type) {
		case *Col:
			return &Col{Name: fmt.Sprintf("#%d", c.Index)}, true
		case *Outer:
			return &Outer{Name: fmt.Sprintf("%d#%d", c.Level, c.Index)}, true
		}
		return nil, false
	}))
}

// Walk calls f on e and every expression under it (not entering subquery
// plans), stopping early when f returns false.
func Walk(e Expr, f func(Expr) bool) {
	Transform(e, func(x Expr) (Expr, bool) {
		if !f(x) {
			return x, true
		}
		return nil, false
	})
}
