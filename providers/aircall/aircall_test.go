package aircall_test

import (
	"testing"

	"github.com/saasapi/saasapi/providers/aircall"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestProfile checks the Aircall conventions: every listing that filters
// on from/to can be split into windows of the same column (the 10,000
// record cap), and get-by-id unwraps the singular envelope.
func TestProfile(t *testing.T) {
	p := aircall.Provider()
	require.NoError(t, p.Validate())
	assert.Equal(t, 10000, p.Paging.Cap)
	for _, tbl := range p.Tables {
		assert.NotZero(t, tbl.Rows, tbl.Name)
		for _, a := range tbl.Paths {
			for _, f := range a.Filters {
				if f.Param == "from" || f.Param == "to" {
					require.NotNil(t, a.Window, "%s.%s has a window", tbl.Name, a.Name)
					assert.Equal(t, f.Column, a.Window.Column, "%s.%s", tbl.Name, a.Name)
					assert.False(t, f.Exact, "%s.%s: from/to are re-checked", tbl.Name, a.Name)
				}
			}
		}
	}
	calls, ok := p.Table("calls")
	require.True(t, ok)
	byID := calls.Paths[len(calls.Paths)-1]
	assert.Equal(t, []string{"id"}, byID.Keys)
	assert.Equal(t, "call", byID.Object)
	assert.Equal(t, int64(1262304000), calls.Paths[0].Window.Start)
}
