package saasapi_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/saasapi/saasapi/dsn"
	"github.com/saasapi/saasapi/engine"
	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/providers"
	"github.com/saasapi/saasapi/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the generated docs")

// providerDoc renders the table reference of a provider.
func providerDoc(p *schema.Provider) string {
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
			if a.Window != nil {
				how += fmt.Sprintf("; listings over the API's cap are split by `%s` windows", a.Window.Column)
			}
			fmt.Fprintf(&b, "- `GET %s` %s\n", a.Path, how)
			for k, parent := range a.Parents {
				fmt.Fprintf(&b, "  - without `%s` in WHERE: one request per row of `%s` (fan-out)\n", k, parent)
			}
		}
		example := "SELECT * FROM " + t.Name + " LIMIT 10"
		if !keyless {
			for _, a := range t.Paths {
				if len(a.Keys) > 0 && !a.Single() {
					example = fmt.Sprintf("SELECT * FROM %s WHERE %s = ?", t.Name, a.Keys[0])
					break
				}
			}
		} else {
			for _, a := range t.Paths {
				if len(a.Filters) > 0 {
					example = fmt.Sprintf("SELECT * FROM %s WHERE %s %s ? LIMIT 10", t.Name, a.Filters[0].Column, a.Filters[0].Ops[0])
					break
				}
			}
		}
		fmt.Fprintf(&b, "\nExample: `%s`\n", example)
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
	return b.String()
}

func TestGeneratedDocs(t *testing.T) {
	for _, name := range providers.Names() {
		p, err := providers.Resolve(name)
		require.NoError(t, err)
		path := filepath.Join("docs", "tables", name+".md")
		got := providerDoc(p)
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
