package saasapi_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// allowed are the module's packages each package may import (DESIGN.md §2).
var allowed = map[string][]string{
	"":                  {"auth", "dsn", "engine", "planner", "providers", "rest", "schema"},
	"dsn":               {},
	"schema":            {},
	"providers":         {"schema", "providers/harvest"},
	"providers/harvest": {"schema"},
	"planner":           {"schema"},
	"engine":            {"schema", "planner", "rest"},
	"rest":              {"schema"},
	"auth":              {"schema", "dsn"},
	"sandbox":           {"schema"},
	"cmd/saasapi":       {"", "sandbox"},
}

const module = "github.com/saasapi/saasapi"

// TestImportGraph keeps the layout honest: each package imports only what
// DESIGN.md §2 allows, there is no util/common/helpers package, and
// everything builds without cgo.
func TestImportGraph(t *testing.T) {
	cmd := exec.Command("go", "list", "-json", "./...")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.Output()
	require.NoError(t, err, "go list with CGO_ENABLED=0")
	dec := json.NewDecoder(strings.NewReader(string(out)))
	seen := 0
	for dec.More() {
		var pkg struct {
			ImportPath string
			Imports    []string
		}
		require.NoError(t, dec.Decode(&pkg))
		rel := strings.TrimPrefix(strings.TrimPrefix(pkg.ImportPath, module), "/")
		for _, bad := range []string{"util", "common", "helpers"} {
			assert.NotContains(t, strings.Split(rel, "/"), bad, "no %s packages", bad)
		}
		ok, known := allowed[rel]
		if !assert.True(t, known, "package %q is not in the layout of DESIGN.md §2; add it to allowed", rel) {
			continue
		}
		seen++
		for _, imp := range pkg.Imports {
			if imp != module && !strings.HasPrefix(imp, module+"/") {
				continue
			}
			dep := strings.TrimPrefix(strings.TrimPrefix(imp, module), "/")
			assert.Contains(t, ok, dep, "%s must not import %s", pkg.ImportPath, imp)
		}
	}
	assert.Equal(t, len(allowed), seen)
}
