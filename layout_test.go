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
	"":                  {"auth", "cache", "dsn", "engine", "fixtures", "planner", "providers", "rest", "schema"},
	"dsn":               {},
	"schema":            {},
	"fixtures":          {},
	"providers":         {"schema", "providers/aha", "providers/aircall", "providers/harvest"},
	"providers/aha":     {"schema"},
	"providers/aircall": {"schema"},
	"providers/harvest": {"schema"},
	"planner":           {"schema"},
	"engine":            {"schema", "planner", "rest"},
	"rest":              {"schema"},
	"auth":              {"schema", "dsn"},
	"sandbox":           {"schema"},
	"saasapitest":       {"", "dsn"},
	"cmd/saasapi":       {"", "auth", "dsn", "providers", "sandbox"},
	"sqlite":            {"", "dsn", "rest", "schema", "sqlite/vtab"},
	"sqlite/vtab":       {"engine", "planner", "rest", "schema"},
	"sqlite/extension":  {"", "dsn", "sqlite/vtab"},
	"cache":             {"schema", "rest"},
	"cache/pgtest":      {},
}

// needCgo are the packages that need cgo: the SQLite bridge (go-sqlite3)
// and the loadable extension (a C shim). Everything else builds with
// CGO_ENABLED=0 (DESIGN.md §2).
var needCgo = map[string]bool{"sqlite": true, "sqlite/extension": true}

// sqliteCache are the packages that link go-sqlite3 when cgo is on, for
// the cache's SQLite store (cache/sqlite.go, behind the build tags cgo
// and !no_sqlite_cache): with CGO_ENABLED=0 they build without it, and
// keep PostgreSQL.
var sqliteCache = map[string]bool{"cache": true, "": true, "saasapitest": true, "cmd/saasapi": true}

const module = "github.com/saasapi/saasapi"

// listed is what go list says of a package.
type listed struct {
	ImportPath string
	Imports    []string
	Deps       []string
	CgoFiles   []string
	Error      *struct{ Err string }
}

// goList lists the module's packages, with cgo or without.
func goList(t *testing.T, cgo bool) []listed {
	t.Helper()
	cmd := exec.Command("go", "list", "-e", "-json", "./...")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if cgo {
		cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	}
	out, err := cmd.Output()
	require.NoError(t, err, "go list (cgo %v)", cgo)
	dec := json.NewDecoder(strings.NewReader(string(out)))
	var pkgs []listed
	for dec.More() {
		var pkg listed
		require.NoError(t, dec.Decode(&pkg))
		pkgs = append(pkgs, pkg)
	}
	return pkgs
}

// TestImportGraph keeps the layout honest: each package imports only what
// DESIGN.md §2 allows, there is no util/common/helpers package, and
// everything but the SQLite bridge and the extension builds without cgo.
func TestImportGraph(t *testing.T) {
	withCgo := goList(t, true)
	seen := 0
	for _, pkg := range withCgo {
		rel := strings.TrimPrefix(strings.TrimPrefix(pkg.ImportPath, module), "/")
		if pkg.Error != nil {
			assert.Fail(t, "go list", "%s: %s", pkg.ImportPath, pkg.Error.Err)
		}
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

	for _, pkg := range withCgo {
		rel := strings.TrimPrefix(strings.TrimPrefix(pkg.ImportPath, module), "/")
		if needCgo[rel] {
			continue
		}
		assert.Empty(t, pkg.CgoFiles, "%s must build without cgo", pkg.ImportPath)
		for _, dep := range pkg.Deps {
			depRel := strings.TrimPrefix(strings.TrimPrefix(dep, module), "/")
			isOurs := dep == module || strings.HasPrefix(dep, module+"/")
			assert.False(t, isOurs && needCgo[depRel] || dep == "github.com/mattn/go-sqlite3" && !sqliteCache[rel],
				"%s must build without cgo: it depends on %s", pkg.ImportPath, dep)
		}
	}
	for _, pkg := range goList(t, false) {
		rel := strings.TrimPrefix(strings.TrimPrefix(pkg.ImportPath, module), "/")
		if !needCgo[rel] && pkg.Error != nil {
			assert.Fail(t, "go list with CGO_ENABLED=0", "%s: %s", pkg.ImportPath, pkg.Error.Err)
		}
		if !needCgo[rel] {
			assert.NotContains(t, pkg.Deps, "github.com/mattn/go-sqlite3", "%s links go-sqlite3 without cgo", pkg.ImportPath)
		}
	}
}
