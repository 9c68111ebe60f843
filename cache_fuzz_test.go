package saasapi_test

import (
	"database/sql"
	"errors"
	"path/filepath"
	"testing"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/engine"
	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/rest"
	"github.com/saasapi/saasapi/sandbox"
)

// FuzzCachedQuery runs arbitrary SQL, cache statements included, through
// a connection with AutoCache over a warm cache: nothing may panic, and
// every error is explained (a planning, evaluation or API error).
func FuzzCachedQuery(f *testing.F) {
	for _, s := range []string{
		"CLEAR CACHE", "clear cache `clients`;", "CLEAR CACHE nope", "REFRESH CACHE", "REFRESH CACHE tasks FULL", "refresh cache full",
		"SELECT * FROM sys_cache WHERE cached", "EXPLAIN SELECT c.name FROM clients c JOIN projects p ON p.client_id = c.id",
		"SELECT COUNT(*) FROM time_entries WHERE project_id = 1", "SELECT * FROM time_report_projects WHERE from_date = '2024-01-01' AND to_date = '2024-02-01'",
		"SELECT name FROM tasks WHERE id IN (SELECT task_id FROM time_entries WHERE hours > 3)", "CLEAR CACHE x y",
	} {
		f.Add(s)
	}
	for _, c := range diffCases {
		if len(c.args) == 0 {
			f.Add(c.sql)
		}
	}
	srv, err := sandbox.Start(sandbox.Options{Rows: 40})
	if err != nil {
		f.Fatal(err)
	}
	defer srv.Close()
	db, err := sql.Open("saasapi", srv.DSN()+";AutoCache=true;CacheLocation="+filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	defer db.Close()
	for _, warm := range []string{"SELECT * FROM tasks", "SELECT * FROM clients", "SELECT * FROM time_entries WHERE project_id = 14308069"} {
		if _, err := db.Exec("REFRESH CACHE"); err != nil {
			f.Fatal(err)
		}
		rows, err := db.Query(warm)
		if err != nil {
			f.Fatal(err)
		}
		rows.Close()
	}
	f.Fuzz(func(t *testing.T, query string) {
		rows, err := db.Query(query)
		if err == nil {
			for rows.Next() {
			}
			err = rows.Err()
			rows.Close()
		}
		if err == nil {
			return
		}
		var pe *planner.Error
		var ae *rest.APIError
		if errors.Is(err, saasapi.ErrInternal) || !errors.As(err, &pe) && !errors.Is(err, engine.ErrEval) && !errors.As(err, &ae) {
			t.Fatalf("%q: unexpected error %T: %v", query, err, err)
		}
	})
}
