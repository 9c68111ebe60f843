package saasapi_test

import (
	"database/sql"
	"errors"
	"testing"

	"github.com/saasapi/saasapi/engine"
	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/rest"
	"github.com/saasapi/saasapi/sandbox"
)

// FuzzQuery plans and runs arbitrary SQL against a small sandbox: nothing
// may panic (a panic recovered by the driver is ErrInternal, which fails
// the target too), and a query that fails to plan fails with a
// *planner.Error.
func FuzzQuery(f *testing.F) {
	for _, c := range diffCases {
		if len(c.args) == 0 {
			f.Add(c.sql)
		}
	}
	for _, c := range subqueryClauseCases {
		f.Add(c.sql)
		f.Add("EXPLAIN " + c.sql)
	}
	f.Add("EXPLAIN SELECT p.name, t.hours FROM projects p JOIN time_entries t ON t.project_id = p.id WHERE p.code = 'OS1'")
	f.Add("SELECT TableName FROM sys_tablecolumns WHERE IsPushdown GROUP BY TableName HAVING COUNT(*) > 2")
	srv, err := sandbox.Start(sandbox.Options{Rows: 40})
	if err != nil {
		f.Fatal(err)
	}
	defer srv.Close()
	db, err := sql.Open("saasapi", srv.DSN())
	if err != nil {
		f.Fatal(err)
	}
	defer db.Close()
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
		// Every error is a planning error or, at run time, an evaluation
		// error (a scalar subquery with two rows, a bad JSON path) or an
		// API error: never anything unexplained.
		var pe *planner.Error
		var ae *rest.APIError
		if !errors.As(err, &pe) && !errors.Is(err, engine.ErrEval) && !errors.As(err, &ae) {
			t.Fatalf("%q: unexpected error %T: %v", query, err, err)
		}
	})
}
