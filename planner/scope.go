package planner

import (
	"fmt"
	"strings"

	"github.com/saasapi/saasapi/schema"
	"github.com/xwb1989/sqlparser"
)

// scopeCol is a column visible to expressions: its qualifier (table name
// or alias), name and type.
type scopeCol struct {
	qual, name string
	// table is the table behind the column when it is read from one (for
	// DESCRIBE in error messages); "" for a derived table.
	table    string
	typ      schema.Type
	nullable bool
	// used, when set, is the flag of the table column behind this one:
	// set when an expression reads it, so the scan asks the API for it.
	used *bool
}

// scope is the row an expression is evaluated over, with the enclosing
// queries' rows behind parent.
type scope struct {
	cols   []scopeCol
	parent *scope
	// correlated is set when an expression of this scope reads a column
	// of an enclosing scope.
	correlated *bool
	// aliases are the select-list names usable where MySQL allows them
	// (GROUP BY, HAVING, ORDER BY): name → select expression.
	aliases map[string]sqlparser.Expr
	// aggOK allows aggregate functions (select list, HAVING, ORDER BY of
	// a grouped query).
	aggOK bool
	// agg, set in the select list, HAVING and ORDER BY of a grouped
	// query, is its aggregate: a subquery there reads this query's row
	// after grouping, so its references to the columns of this scope
	// become columns of the aggregate's row (a grouping column, or the
	// group's first value of another column), and an aggregate over
	// columns of this scope only is computed by it (outerAggregate).
	agg *Aggregate
}

// plain returns the scope with aggregates disallowed (inside an
// aggregate's argument, in WHERE).
func (s *scope) plain() *scope {
	if !s.aggOK {
		return s
	}
	c := *s
	c.aggOK = false
	return &c
}

// rows returns the scope of an aggregate's argument: it is evaluated over
// each input row, so neither aggregates nor the aggregate's row apply.
func (s *scope) rows() *scope {
	c := *s
	c.aggOK = false
	c.agg = nil
	return &c
}

// without returns the scope with one alias hidden, so that an alias
// defined by itself ("SELECT h AS h … ORDER BY h") cannot recurse.
func (s *scope) without(alias string) *scope {
	c := *s
	c.aliases = map[string]sqlparser.Expr{}
	for k, v := range s.aliases {
		if k != strings.ToLower(alias) {
			c.aliases[k] = v
		}
	}
	return &c
}

// withAgg returns the scope with aggregates allowed.
func (s *scope) withAgg() *scope {
	c := *s
	c.aggOK = true
	return &c
}

// find returns the index of the column and how many columns match.
func (s *scope) find(qual, name string) (int, int) {
	idx, n := -1, 0
	for i, c := range s.cols {
		if strings.EqualFold(c.name, name) && (qual == "" || strings.EqualFold(c.qual, qual)) {
			if idx < 0 {
				idx = i
			}
			n++
		}
	}
	return idx, n
}

// hasQualifier reports whether a table of the scope is known by q.
func (s *scope) hasQualifier(q string) bool {
	for _, c := range s.cols {
		if strings.EqualFold(c.qual, q) {
			return true
		}
	}
	return false
}

// resolve binds a column reference: a column of this scope, or an Outer
// reference to an enclosing one.
func (s *scope) resolve(c *sqlparser.ColName) (Expr, error) {
	name, qual := c.Name.String(), c.Qualifier.Name.String()
	level := 0
	for sc := s; sc != nil; sc = sc.parent {
		i, n := sc.find(qual, name)
		if n > 1 {
			return nil, &Error{Err: ErrAmbiguous, Column: name,
				Msg: fmt.Sprintf("column %q is ambiguous: %d tables of the query have it; qualify it (%s.%s)", name, n, sc.cols[i].qual, name)}
		}
		if n == 1 {
			col := sc.cols[i]
			if col.used != nil {
				*col.used = true
			}
			if level == 0 {
				return &Col{Index: i, Name: col.name, Column: col.typ}, nil
			}
			s.correlate(sc)
			if sc.agg != nil {
				// A column of a grouped query, read after grouping.
				lifted := sc.agg.lift(&Col{Index: i, Name: col.name, Column: col.typ}).(*Col)
				return &Outer{Level: level, Index: lifted.Index, Name: col.name, Column: col.typ}, nil
			}
			return &Outer{Level: level, Index: i, Name: col.name, Column: col.typ}, nil
		}
		level++
	}
	if qual != "" && !s.visibleQualifier(qual) {
		return nil, &Error{Err: ErrUnknownTable, Table: qual, Column: name,
			Msg: fmt.Sprintf("column %s.%s: %q is not a table of the query (%s)", qual, name, qual, s.qualifiers())}
	}
	var names []string
	where, table := qual, ""
	for _, sc := range s.cols {
		if qual == "" || strings.EqualFold(sc.qual, qual) {
			names = append(names, sc.name)
			if where == "" {
				where = sc.qual
			}
			if table == "" {
				table = sc.table
			}
		}
	}
	one := qual != "" || len(strings.Split(s.qualifiers(), ", ")) == 1
	if !one {
		table = ""
	}
	msg := fmt.Sprintf("unknown column %q", name)
	if len(s.qualifiers()) > 0 && one {
		if table != "" && !strings.EqualFold(table, where) {
			msg += fmt.Sprintf(" in table %s (%s)", table, where)
		} else if table != "" {
			msg += " in table " + table
		} else {
			msg += " in " + where
		}
	}
	switch sug := schema.Suggest(name, names); {
	case sug != "":
		msg += fmt.Sprintf(" (did you mean %q?)", sug)
	case table != "":
		msg += fmt.Sprintf("; DESCRIBE %s lists its columns", table)
	case one && len(names) > 0:
		msg += fmt.Sprintf("; its columns are %s", strings.Join(names, ", "))
	}
	return nil, &Error{Err: ErrUnknownColumn, Table: table, Column: name, Msg: msg}
}

// correlate marks the subqueries between s and the enclosing scope outer
// as correlated: an expression of s reads a row of outer.
func (s *scope) correlate(outer *scope) {
	for in := s; in != nil && in != outer; in = in.parent {
		if in.correlated != nil {
			*in.correlated = true
		}
	}
}

// level returns how many scopes up from s the column resolves (0 for s
// itself), or -1 when none has it once. It binds nothing.
func (s *scope) level(qual, name string) int {
	level := 0
	for sc := s; sc != nil; sc = sc.parent {
		if _, n := sc.find(qual, name); n > 0 {
			if n > 1 {
				return -1
			}
			return level
		}
		level++
	}
	return -1
}

// up returns the scope n levels above s.
func (s *scope) up(n int) *scope {
	for ; n > 0 && s != nil; n-- {
		s = s.parent
	}
	return s
}

func (s *scope) visibleQualifier(q string) bool {
	for sc := s; sc != nil; sc = sc.parent {
		if sc.hasQualifier(q) {
			return true
		}
	}
	return false
}

// qualifiers lists the table names of the scope, in order.
func (s *scope) qualifiers() string {
	var qs []string
	for _, c := range s.cols {
		if c.qual != "" && (len(qs) == 0 || !strings.EqualFold(qs[len(qs)-1], c.qual)) {
			qs = append(qs, c.qual)
		}
	}
	return strings.Join(qs, ", ")
}
