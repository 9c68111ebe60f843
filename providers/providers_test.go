package providers_test

import (
	"testing"

	"github.com/saasapi/saasapi/providers"
	"github.com/saasapi/saasapi/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestConformance checks every built-in profile: it validates, every
// table has a keyless list path and a get-by-id path, every filter names
// a column of its table with a format that suits the column.
func TestConformance(t *testing.T) {
	for _, name := range providers.Names() {
		p, err := providers.Resolve(name)
		require.NoError(t, err)
		t.Run(name, func(t *testing.T) {
			require.NoError(t, p.Validate())
			for _, tbl := range p.Tables {
				var list, byID bool
				for _, a := range tbl.Paths {
					list = list || (len(a.Keys) == 0 && !a.Single())
					byID = byID || (len(a.Keys) == 1 && a.Keys[0] == "id" && a.Single())
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
				assert.True(t, list, "%s has a list path", tbl.Name)
				assert.True(t, byID, "%s has a get-by-id path", tbl.Name)
				key := 0
				for _, c := range tbl.Columns {
					assert.NotEmpty(t, c.Doc, "%s.%s has a doc", tbl.Name, c.Name)
					if c.Key {
						key++
					}
				}
				assert.Equal(t, 1, key, "%s has one key column", tbl.Name)
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
