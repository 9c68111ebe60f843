package providers_test

import (
	"testing"

	"github.com/saasapi/saasapi/providers"
	"github.com/saasapi/saasapi/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestConformance checks every built-in profile: it validates, every
// table can be read without a key (a keyless path or a fan-out over its
// parent), get-by-id paths turn a 404 into no row, every filter names a
// column of its table with a format that suits the column.
func TestConformance(t *testing.T) {
	for _, name := range providers.Names() {
		p, err := providers.Resolve(name)
		require.NoError(t, err)
		t.Run(name, func(t *testing.T) {
			require.NoError(t, p.Validate())
			for _, tbl := range p.Tables {
				// Every table can be read with no WHERE: a keyless path, or
				// a path whose keys all come from a parent table (fan-out).
				var readable bool
				for _, a := range tbl.Paths {
					fanOut := len(a.Keys) > 0
					for _, k := range a.Keys {
						fanOut = fanOut && a.Parents[k] != ""
					}
					readable = readable || len(a.Keys) == 0 || fanOut
					if a.Single() && len(a.Keys) > 0 {
						assert.True(t, a.NotFoundIsEmpty, "%s: a missing %v is no row", tbl.Name, a.Keys)
					}
					for _, f := range a.Filters {
						c := tbl.Columns[tbl.Column(f.Column)]
						switch f.Format {
						case schema.FormatBool:
							assert.Equal(t, schema.TypeBoolean, c.Type, "%s.%s", tbl.Name, c.Name)
						case schema.FormatInteger:
							assert.Equal(t, schema.TypeInteger, c.Type, "%s.%s", tbl.Name, c.Name)
						case schema.FormatDate, schema.FormatDateTime:
							assert.Contains(t, []schema.Type{schema.TypeDate, schema.TypeTimestamp}, c.Type, "%s.%s", tbl.Name, c.Name)
						}
					}
				}
				assert.True(t, readable, "%s can be read without a key", tbl.Name)
				key := 0
				for _, c := range tbl.Columns {
					assert.NotEmpty(t, c.Doc, "%s.%s has a doc", tbl.Name, c.Name)
					if c.Key {
						key++
					}
				}
				assert.Positive(t, key, "%s has a key", tbl.Name)
				assert.LessOrEqual(t, key, 2, "%s: a key of one column, or a report's subject and currency", tbl.Name)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	for _, in := range []string{"harvest", "Harvest", "HARVEST", `C:\profiles\Harvest.apip`, "/opt/profiles/harvest.apip", " harvest "} {
		p, err := providers.Resolve(in)
		require.NoError(t, err, in)
		assert.Equal(t, "harvest", p.Name)
	}
	a, _ := providers.Resolve("harvest")
	b, _ := providers.Resolve("harvest")
	a.Tables[0].Name = "changed"
	assert.NotEqual(t, a.Tables[0].Name, b.Tables[0].Name, "each Resolve returns a fresh copy")

	_, err := providers.Resolve("harvset")
	assert.ErrorIs(t, err, providers.ErrUnknownProfile)
	assert.ErrorContains(t, err, `did you mean "harvest"`)
	_, err = providers.Resolve("")
	assert.ErrorIs(t, err, providers.ErrUnknownProfile)
}
