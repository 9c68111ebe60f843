package engine

import (
	"database/sql/driver"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/rest"
	"github.com/saasapi/saasapi/schema"
)

// static returns a Result over fixed rows.
func static(cols []Column, rows [][]driver.Value) *Result {
	i := 0
	return &Result{
		Columns:  cols,
		Requests: func() int { return 0 },
		next: func() ([]driver.Value, error) {
			if i >= len(rows) {
				return nil, io.EOF
			}
			i++
			return rows[i-1], nil
		},
	}
}

func textCols(names ...string) []Column {
	cols := make([]Column, len(names))
	for i, n := range names {
		cols[i] = Column{Name: n, Type: schema.TypeText, Nullable: false}
	}
	return cols
}

// showTables answers SHOW TABLES: name and description of every table.
func showTables(p *schema.Provider) *Result {
	var rows [][]driver.Value
	for _, t := range p.Tables {
		rows = append(rows, []driver.Value{t.Name, t.Doc})
	}
	return static(textCols("table_name", "description"), rows)
}

// describe answers DESCRIBE t: one row per column with its type, whether
// it is the key, which predicates on it reach the API, and its doc.
func describe(t *schema.Table) *Result {
	var rows [][]driver.Value
	for _, c := range t.Columns {
		key := ""
		if c.Key {
			key = "PRI"
		}
		null := "YES"
		if c.Key {
			null = "NO"
		}
		rows = append(rows, []driver.Value{c.Name, c.Type.String(), null, key, Pushdown(t, c.Name), c.Doc})
	}
	return static(textCols("column_name", "data_type", "nullable", "key", "pushdown", "description"), rows)
}

// Pushdown describes which predicates on a column reach the API, e.g.
// "= (path /time_entries/{id})" or ">= > = (from), <= < = (to)".
func Pushdown(t *schema.Table, column string) string {
	var parts []string
	for _, a := range t.Paths {
		for _, k := range a.Keys {
			if strings.EqualFold(k, column) {
				parts = append(parts, fmt.Sprintf("= (path %s)", a.Path))
			}
		}
		for _, f := range a.Filters {
			if strings.EqualFold(f.Column, column) {
				ops := make([]string, len(f.Ops))
				for i, o := range f.Ops {
					ops[i] = string(o)
				}
				parts = append(parts, fmt.Sprintf("%s (%s)", strings.Join(ops, " "), f.Param))
			}
		}
	}
	return strings.Join(parts, ", ")
}

// explain answers EXPLAIN SELECT: the plan, step by step, with the exact
// first request the scan sends (no secrets: credentials travel in headers,
// which are not shown).
func explain(c *rest.Client, q *planner.Query) (*Result, error) {
	var rows [][]driver.Value
	add := func(op, detail string) { rows = append(rows, []driver.Value{op, detail}) }
	s := q.Scan
	u, err := c.URL(request(s))
	if err != nil {
		return nil, err
	}
	add("scan", fmt.Sprintf("%s via %s (%s)", s.Table.Name, s.Path.Name, s.Path.Path))
	add("request", "GET "+u.String())
	keys := make([]string, 0, len(s.Pushed))
	keys = append(keys, s.Pushed...)
	sort.Strings(keys)
	for _, p := range keys {
		add("pushed", p)
	}
	switch {
	case s.Path.Single():
		add("requests", "1 (get by key)")
	case q.Scan.Need >= 0:
		add("requests", fmt.Sprintf("1 or more: paging stops once %d row(s) passed the filter", q.Scan.Need))
	default:
		add("requests", "1 per page of "+pageSize(c, s)+" rows, following the next-page link")
	}
	if q.Filter != nil {
		add("filter", q.Filter.String())
	} else if len(s.Pushed) > 0 {
		add("filter", "none: the API applies the whole WHERE exactly")
	}
	if len(q.OrderBy) > 0 {
		parts := make([]string, len(q.OrderBy))
		for i, o := range q.OrderBy {
			parts[i] = o.Expr.String()
			if o.Desc {
				parts[i] += " DESC"
			}
		}
		add("sort", strings.Join(parts, ", "))
	}
	if q.Distinct {
		add("distinct", "")
	}
	if q.Limit >= 0 || q.Offset > 0 {
		add("limit", fmt.Sprintf("%d offset %d", q.Limit, q.Offset))
	}
	names := make([]string, len(q.Output))
	for i, o := range q.Output {
		names[i] = o.Expr.String()
		if o.Name != names[i] {
			names[i] += " AS " + o.Name
		}
	}
	add("project", strings.Join(names, ", "))
	return static(textCols("operation", "detail"), rows), nil
}

func pageSize(c *rest.Client, s *planner.Scan) string {
	n := c.PageSize()
	if s.PageSize > 0 && s.PageSize < n {
		n = s.PageSize
	}
	return fmt.Sprint(n)
}
