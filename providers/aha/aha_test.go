package aha_test

import (
	"strings"
	"testing"

	"github.com/saasapi/saasapi/providers/aha"
	"github.com/saasapi/saasapi/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestProfile checks the Aha! conventions: IDs are text, every listing asks
// for fields=, get-by-id unwraps the singular envelope, and parent keys
// name real columns.
func TestProfile(t *testing.T) {
	p := aha.Provider()
	require.NoError(t, p.Validate())
	for _, tbl := range p.Tables {
		assert.NotZero(t, tbl.Rows, tbl.Name)
		assert.NotEmpty(t, tbl.Doc, tbl.Name)
		for _, c := range tbl.Columns {
			if c.Name == "id" || strings.HasSuffix(c.Name, "_id") {
				assert.Equal(t, schema.TypeText, c.Type, "%s.%s: Aha! IDs are digit strings", tbl.Name, c.Name)
			}
		}
		for _, a := range tbl.Paths {
			if a.Single() {
				assert.NotEmpty(t, a.Object, "%s.%s unwraps the envelope", tbl.Name, a.Name)
				assert.True(t, a.NotFoundIsEmpty, "%s.%s", tbl.Name, a.Name)
			} else {
				assert.Equal(t, "fields", a.Fields, "%s.%s projects", tbl.Name, a.Name)
			}
		}
	}
	features, ok := p.Table("features")
	require.True(t, ok)
	assert.Equal(t, "/products/{product_id}/features", features.Paths[1].Path)
	assert.Equal(t, []string{"product_id"}, features.Paths[1].Keys)
}
