package saasapi_test

import (
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/saasapi/saasapi/dsn"
	"github.com/saasapi/saasapi/engine"
	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/providers"
	"github.com/saasapi/saasapi/sandbox"
	"github.com/saasapi/saasapi/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the generated docs")

// sampler returns a value of a column of a table (the first row's), from
// the sandbox's default dataset.
type sampler func(table, column string) (any, error)

// providerDoc renders the table reference of a provider; sample fills the
// examples with values the sandbox has.
func providerDoc(p *schema.Provider, sample sampler) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s tables\n\n", p.Title)
	fmt.Fprintf(&b, "<!-- Generated from the profile by `go test -run TestGeneratedDocs -update`; do not edit. -->\n\n")
	fmt.Fprintf(&b, "%s Profile `%s`, base URL `%s`.\n\n", p.Doc, p.Name, p.BaseURL)
	b.WriteString("ProfileSettings:\n\n")
	for _, s := range p.Settings {
		fmt.Fprintf(&b, "- `%s`: %s\n", s.Name, s.Doc)
	}
	b.WriteString("\n| table | description |\n|---|---|\n")
	for _, t := range p.Tables {
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s |\n", t.Name, t.Name, t.Doc)
	}
	for _, t := range p.Tables {
		fmt.Fprintf(&b, "\n## %s\n\n%s\n\nAccess paths:\n\n", t.Name, t.Doc)
		keyless := false
		for _, a := range t.Paths {
			keyless = keyless || len(a.Keys) == 0
			var how string
			switch {
			case len(a.Keys) == 0 && a.Single():
				how = "returns the one row"
			case len(a.Keys) == 0:
				how = "lists"
			case a.Single():
				how = "gets one row by " + strings.Join(a.Keys, ", ") + " (used for `" + strings.Join(a.Keys, " = ? AND ") + " = ?`)"
			default:
				how = "lists the rows of one " + strings.Join(a.Keys, ", ") + " (used for `" + strings.Join(a.Keys, " = ? AND ") + " = ?`)"
			}
			if a.Fields != "" {
				how += "; asks only for the columns the query uses (`" + a.Fields + "=`)"
			}
			switch {
			case a.Window != nil && p.Paging.Cap > 0:
				how += fmt.Sprintf("; listings over the API's cap are split by `%s` windows", a.Window.Column)
			case a.Window != nil:
				how += fmt.Sprintf("; a listing of many pages is read as `%s` ranges at once", a.Window.Column)
			}
			fmt.Fprintf(&b, "- `GET %s` %s\n", a.Path, how)
			for k, parent := range a.Parents {
				fmt.Fprintf(&b, "  - without `%s` in WHERE: one request per row of `%s` (fan-out)\n", k, parent)
			}
		}
		example, err := exampleQuery(t, keyless, sample)
		if err != nil {
			return "", fmt.Errorf("%s: %w", t.Name, err)
		}
		fmt.Fprintf(&b, "\nExample, with values of the sandbox's data:\n\n<!-- sql: expect=rows -->\n```sql\n%s\n```\n", example)
		b.WriteString("\n| column | type | pushed down | description |\n|---|---|---|---|\n")
		for _, c := range t.Columns {
			push := engine.Pushdown(t, c.Name)
			if push != "" {
				push = "`" + push + "`"
			}
			name := c.Name
			if c.Key {
				name += " (key)"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", name, c.Type, push, c.Doc)
		}
	}
	return b.String(), nil
}

// exampleQuery is a table's example: its listing, with the first filter
// the API takes, or with what it cannot be read without (a report's date
// range, a parent's key), the values taken from the sandbox's dataset so
// that the query returns rows there.
func exampleQuery(t *schema.Table, keyless bool, sample sampler) (string, error) {
	type cond struct {
		col string
		op  schema.Op
	}
	var conds []cond
	limit := " LIMIT 10"
	if keyless {
		for _, a := range t.Paths {
			if len(a.Keys) > 0 {
				continue
			}
			for _, f := range a.Filters {
				if f.Required {
					conds = append(conds, cond{f.Column, schema.OpEQ})
				}
			}
			if len(conds) == 0 && len(a.Filters) > 0 {
				conds = append(conds, cond{a.Filters[0].Column, a.Filters[0].Ops[0]})
			}
			if len(conds) > 0 {
				break
			}
		}
	} else {
		for _, a := range t.Paths {
			if len(a.Keys) > 0 && !a.Single() {
				conds, limit = append(conds, cond{a.Keys[0], schema.OpEQ}), ""
				break
			}
		}
	}
	var where []string
	dates := 0
	for _, c := range conds {
		col := t.Columns[t.Column(c.col)]
		var lit string
		switch {
		case col.Input && col.Type == schema.TypeDate:
			// A report's range: a year of the sandbox's data.
			lit = []string{"'2024-01-01'", "'2024-12-31'"}[min(dates, 1)]
			dates++
		default:
			v, err := sample(t.Name, c.col)
			if err != nil {
				return "", err
			}
			lit = planner.Literal(v)
			if b, ok := v.(bool); ok {
				lit = strconv.FormatBool(b)
			}
			if tm, ok := v.(time.Time); ok {
				lit = "'" + tm.Format("2006-01-02 15:04:05") + "'"
				if col.Type == schema.TypeDate || c.op == schema.OpGE || c.op == schema.OpGT {
					lit = "'" + tm.Format("2006-01-02") + "'"
				}
			}
		}
		where = append(where, fmt.Sprintf("%s %s %s", c.col, c.op, lit))
	}
	q := "SELECT * FROM " + t.Name
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	return q + limit, nil
}

// sandboxSampler reads values from a sandbox of the provider with the
// default dataset, the one `saasapi query --sandbox` serves.
func sandboxSampler(t *testing.T, provider string) sampler {
	srv, err := sandbox.Start(sandbox.Options{Provider: provider})
	require.NoError(t, err)
	t.Cleanup(func() { srv.Close() })
	db, err := sql.Open("saasapi", srv.DSN())
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return func(table, column string) (any, error) {
		var v any
		q := fmt.Sprintf("SELECT %s FROM %s WHERE %s IS NOT NULL LIMIT 1", column, table, column)
		if err := db.QueryRow(q).Scan(&v); err != nil {
			return nil, fmt.Errorf("%s: %w", q, err)
		}
		return v, nil
	}
}

func TestGeneratedDocs(t *testing.T) {
	for _, name := range providers.Names() {
		p, err := providers.Resolve(name)
		require.NoError(t, err)
		path := filepath.Join("docs", "tables", name+".md")
		got, err := providerDoc(p, sandboxSampler(t, name))
		require.NoError(t, err)
		if *update {
			require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		}
		want, err := os.ReadFile(path)
		require.NoError(t, err, "run go test -run TestGeneratedDocs -update")
		assert.Equal(t, string(want), got, "%s is stale: run go test -run TestGeneratedDocs -update", path)
	}
}

// TestDocsCoverTheSurface holds the docs to the code: every DSN property
// is in the README, every function is in docs/sql.md.
func TestDocsCoverTheSurface(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	for _, p := range dsn.Properties() {
		assert.True(t, strings.Contains(string(readme), "`"+p.Name+"`"), "README.md documents property %s", p.Name)
	}
	for _, name := range providers.Names() {
		p, _ := providers.Resolve(name)
		for _, tbl := range p.Tables {
			assert.True(t, strings.Contains(string(readme), "`"+tbl.Name+"`"), "README.md lists table %s", tbl.Name)
		}
	}
	sqlDoc, err := os.ReadFile(filepath.Join("docs", "sql.md"))
	require.NoError(t, err)
	for name := range planner.Funcs {
		assert.True(t, strings.Contains(string(sqlDoc), "`"+name+"("), "docs/sql.md documents %s", name)
	}
}
