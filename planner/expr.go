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

// Binary is an arithmetic, comparison or logical operation. Op is one of
// + - * / % DIV = != < <= > >= <=> AND OR XOR.
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

// Like is x [NOT] LIKE pattern [ESCAPE esc].
type Like struct {
	X, Pattern, Escape Expr
	Not                bool
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
func (b *Binary) String() string { return "(" + b.L.String() + " " + b.Op + " " + b.R.String() + ")" }

// Type is BOOLEAN for comparisons and logic, numeric for arithmetic.
func (b *Binary) Type() schema.Type {
	switch b.Op {
	case "+", "-", "*", "%":
		if b.L.Type() == schema.TypeInteger && b.R.Type() == schema.TypeInteger {
			return schema.TypeInteger
		}
		return schema.TypeReal
	case "/":
		return schema.TypeReal
	case "DIV":
		return schema.TypeInteger
	}
	return schema.TypeBoolean
}

// String renders the operation.
func (u *Unary) String() string {
	if u.Op == "NOT" {
		return "(NOT " + u.X.String() + ")"
	}
	return u.Op + u.X.String()
}

// Type is BOOLEAN for NOT and the operand's type otherwise.
func (u *Unary) Type() schema.Type {
	if u.Op == "NOT" {
		return schema.TypeBoolean
	}
	return u.X.Type()
}

// String renders the IN list.
func (i *In) String() string {
	parts := make([]string, len(i.List))
	for k, e := range i.List {
		parts[k] = e.String()
	}
	return i.X.String() + not(i.Not) + " IN (" + strings.Join(parts, ", ") + ")"
}

// Type is BOOLEAN.
func (i *In) Type() schema.Type { return schema.TypeBoolean }

// String renders the range.
func (b *Between) String() string {
	return b.X.String() + not(b.Not) + " BETWEEN " + b.Lo.String() + " AND " + b.Hi.String()
}

// Type is BOOLEAN.
func (b *Between) Type() schema.Type { return schema.TypeBoolean }

// String renders the pattern match.
func (l *Like) String() string {
	s := l.X.String() + not(l.Not) + " LIKE " + l.Pattern.String()
	if l.Escape != nil {
		s += " ESCAPE " + l.Escape.String()
	}
	return s
}

// Type is BOOLEAN.
func (l *Like) Type() schema.Type { return schema.TypeBoolean }

// String renders the test.
func (i *Is) String() string {
	return i.X.String() + " IS" + not(i.Not) + " " + strings.ToUpper(i.What)
}

// Type is BOOLEAN.
func (i *Is) Type() schema.Type { return schema.TypeBoolean }

// String renders the call.
func (f *Func) String() string {
	parts := make([]string, len(f.Args))
	for k, e := range f.Args {
		parts[k] = e.String()
	}
	return f.Name + "(" + strings.Join(parts, ", ") + ")"
}

// Type is the function's result type.
func (f *Func) Type() schema.Type { return f.typ }

// String renders the CASE.
func (c *Case) String() string {
	var b strings.Builder
	b.WriteString("CASE")
	if c.Operand != nil {
		b.WriteString(" " + c.Operand.String())
	}
	for _, w := range c.Whens {
		b.WriteString(" WHEN " + w.Cond.String() + " THEN " + w.Then.String())
	}
	if c.Else != nil {
		b.WriteString(" ELSE " + c.Else.String())
	}
	b.WriteString(" END")
	return b.String()
}

// Type is the type of the first branch.
func (c *Case) Type() schema.Type {
	if len(c.Whens) > 0 {
		return c.Whens[0].Then.Type()
	}
	return schema.TypeText
}

// String renders the cast.
func (c *Cast) String() string { return "CAST(" + c.X.String() + " AS " + c.Name + ")" }

// Type is the target type.
func (c *Cast) Type() schema.Type { return c.To }

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
	}
	return fmt.Sprintf("'%v'", v)
}
