package planner_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/saasapi/saasapi/engine"
	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/providers/harvest"
	"github.com/saasapi/saasapi/rest"
)

// renderSeeds put EXISTS, IN and scalar subqueries in every clause (select
// list, WHERE, GROUP BY, HAVING, ORDER BY, ON, a derived table), with and
// without grouping, correlated or not, and every other kind of expression
// node: rendering them panicked for EXISTS (issue #11).
var renderSeeds = []string{
	// The optimizer's passes (issue #13): decorrelation, pruning, the new
	// pushdowns, join orders, shared scans, a RIGHT JOIN's subquery.
	"SELECT p.id, (SELECT COUNT(*) FROM time_entries t WHERE t.project_id = p.id AND t.spent_date >= p.starts_on) FROM projects p",
	"SELECT t.id, (SELECT COUNT(*) FROM time_entries x WHERE x.user_id = t.user_id AND x.project_id = t.project_id AND x.id <> t.id) FROM time_entries t",
	"SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM time_entries t JOIN tasks k ON k.id = t.task_id WHERE t.user_id = u.id AND k.is_default)",
	"SELECT id FROM time_entries WHERE is_billed = 2 OR project_id = 1 AND project_id = 2 AND hours BETWEEN 5 AND 3",
	"SELECT id FROM time_entries WHERE user_id IN (NULL, 1) AND NOT (task_id <> 3) AND is_running <> 0 AND updated_at = '2024-01-01 10:00:00' LIMIT 0",
	"SELECT t.id FROM time_entries t JOIN tasks k ON k.id = t.task_id JOIN projects p ON p.id = t.project_id JOIN users u ON u.id = t.user_id WHERE p.code = 'MA1'",
	"SELECT p.name, c.name FROM projects p RIGHT JOIN clients c ON c.id = p.client_id AND EXISTS (SELECT 1 FROM tasks k WHERE k.is_active = p.is_active AND EXISTS (SELECT 1 FROM users u WHERE c.name > p.name))",
	"SELECT a.id FROM projects a JOIN projects b ON a.client_id = b.client_id UNION SELECT id FROM projects WHERE id IN (SELECT project_id FROM time_entries) OR id IN (SELECT project_id FROM time_entries)",
	"SELECT c.id, EXISTS (SELECT 1 FROM projects p WHERE p.client_id = c.id), COUNT(*) FROM clients c GROUP BY c.id",
	"SELECT c.name FROM clients c GROUP BY c.name HAVING NOT EXISTS (SELECT 1 FROM projects p WHERE p.client_id = c.id)",
	"SELECT COUNT(*) FROM clients c GROUP BY EXISTS (SELECT 1 FROM projects p WHERE p.client_id = c.id)",
	"SELECT c.id FROM clients c ORDER BY EXISTS (SELECT 1 FROM projects p WHERE p.client_id = c.id) DESC",
	"SELECT name FROM clients c WHERE EXISTS (SELECT 1 FROM projects p WHERE p.client_id = c.id AND NOT p.is_active)",
	"SELECT c.id IN (SELECT client_id FROM projects), COUNT(*) FROM clients c GROUP BY c.id IN (SELECT client_id FROM projects)",
	"SELECT c.id FROM clients c GROUP BY c.id HAVING c.id NOT IN (SELECT client_id FROM projects WHERE is_active)",
	"SELECT c.id FROM clients c ORDER BY c.id IN (SELECT client_id FROM projects WHERE is_active)",
	"SELECT name FROM projects WHERE id IN (SELECT project_id FROM time_entries WHERE hours > 7.5)",
	"SELECT c.name, (SELECT COUNT(*) FROM projects p WHERE p.client_id = c.id) FROM clients c GROUP BY c.name",
	"SELECT c.id FROM clients c GROUP BY c.id HAVING (SELECT COUNT(*) FROM projects p WHERE p.client_id = c.id) > 1",
	"SELECT (SELECT MAX(id) FROM users), (SELECT MIN(id) FROM users), COUNT(*) FROM clients GROUP BY 1",
	"SELECT c.id FROM clients c ORDER BY (SELECT COUNT(*) FROM projects p WHERE p.client_id = c.id), c.id",
	"SELECT id FROM time_entries t WHERE hours = (SELECT MAX(hours) FROM time_entries x WHERE x.user_id = t.user_id)",
	"SELECT t.id, p.name FROM time_entries t JOIN projects p ON p.id = t.project_id AND EXISTS (SELECT 1 FROM users u WHERE u.id = t.user_id)",
	"SELECT x.n FROM (SELECT COUNT(*) AS n FROM time_entries GROUP BY user_id HAVING EXISTS (SELECT 1 FROM users)) AS x",
	"SELECT t.id, p.id FROM time_entries t JOIN projects p ON p.id = t.project_id GROUP BY t.id, p.id",
	"SELECT GROUP_CONCAT(DISTINCT name ORDER BY name DESC SEPARATOR ';'), GROUP_CONCAT(name) FROM tasks",
	"SELECT CASE WHEN EXISTS (SELECT 1 FROM users) THEN -(-1) ELSE CAST(id AS CHAR) END FROM tasks WHERE name LIKE 'a!%' ESCAPE '!'",
	"SELECT id FROM time_entries WHERE (hours BETWEEN 1 AND 2) IS NOT TRUE AND notes NOT LIKE '%x%' AND billable_rate IS NULL",
	"SELECT id FROM time_entries WHERE project_id = ? AND spent_date >= ? UNION SELECT id FROM users WHERE id IN (SELECT user_id FROM time_entries)",
	"SELECT COUNT(*) FROM time_entries WHERE user_id = 1782959",
	"SELECT id FROM clients WHERE NOT EXISTS (SELECT 1 FROM projects WHERE id IN (SELECT project_id FROM time_entries WHERE hours > (SELECT AVG(hours) FROM time_entries)))",
	"SELECT * FROM sys_tablecolumns WHERE IsPushdown GROUP BY TableName HAVING COUNT(*) > 2",
	"SHOW TABLES", "DESCRIBE tasks",
}

// explainClient is a REST client for EXPLAIN: it renders requests and
// sends none (its transport refuses every request).
func explainClient(t testing.TB) *rest.Client {
	c, err := rest.New(rest.Config{
		Provider:   harvest.Provider(),
		Settings:   map[string]string{"APIKey": "k", "AccountId": "1", "BaseURL": "http://127.0.0.1:9/v2"},
		HTTPClient: &http.Client{Transport: refuse{}},
		MaxRetries: -1,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

type refuse struct{}

func (refuse) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("EXPLAIN sends no request")
}

// render calls String and Type on every expression of a plan and of its
// subqueries' plans, and Columns and Estimate on every node.
func render(n planner.Node) {
	if n == nil {
		return
	}
	n.Columns()
	n.Estimate()
	expr := func(es ...planner.Expr) {
		for _, e := range es {
			planner.Walk(e, func(x planner.Expr) bool {
				_ = x.String()
				_ = x.Type()
				if s, ok := x.(*planner.Subquery); ok {
					render(s.Plan)
				}
				return true
			})
		}
	}
	switch x := n.(type) {
	case *planner.Scan:
		for _, p := range append(append([]planner.Param{}, x.Keys...), x.Params...) {
			expr(p.Value)
		}
		expr(x.Filter)
		x.Fields()
	case *planner.Count:
		render(x.Scan)
	case *planner.Filter:
		expr(x.Cond)
		render(x.Input)
	case *planner.Project:
		expr(x.Exprs...)
		render(x.Input)
	case *planner.Aggregate:
		expr(x.GroupBy...)
		for _, a := range x.Aggs {
			expr(a)
		}
		render(x.Input)
	case *planner.Distinct:
		render(x.Input)
	case *planner.Sort:
		for _, k := range x.Keys {
			expr(k.Expr)
		}
		render(x.Input)
	case *planner.Limit:
		render(x.Input)
	case *planner.Join:
		expr(x.LeftKeys...)
		expr(x.RightKeys...)
		expr(x.Cond)
		render(x.Left)
		render(x.Right)
	case *planner.Union:
		for _, in := range x.Inputs {
			render(in)
		}
	}
}

// FuzzExplain plans arbitrary SQL and, for every statement that plans,
// renders every expression of the plan (String, Type) and the EXPLAIN of
// the statement, as the driver would: nothing may panic, a statement that
// fails to plan fails with a *planner.Error, and the EXPLAIN of a
// statement that plans succeeds.
func FuzzExplain(f *testing.F) {
	for _, s := range renderSeeds {
		f.Add(s)
	}
	// The driver's fuzz corpus, whose queries run end to end (FuzzQuery).
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "fuzz", "*", "*"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if arg, ok := strings.CutPrefix(line, "string("); ok {
				if s, err := strconv.Unquote(strings.TrimSuffix(arg, ")")); err == nil {
					f.Add(s)
				}
			}
		}
	}
	cat := harvest.Provider()
	client := explainClient(f)
	f.Fuzz(func(t *testing.T, sql string) {
		q, err := planner.Plan(cat, sql, nil)
		if err != nil {
			var pe *planner.Error
			if !errors.As(err, &pe) {
				t.Fatalf("%q: error is %T, not *planner.Error: %v", sql, err, err)
			}
			return
		}
		render(q.Root)
		if q.Kind != planner.KindSelect {
			return
		}
		for _, c := range q.Columns() {
			_ = c.Name
		}
		eq, err := planner.Plan(cat, "EXPLAIN "+sql, nil)
		if err != nil {
			// Only what EXPLAIN cannot take: SHOW and DESCRIBE.
			var pe *planner.Error
			if !errors.As(err, &pe) {
				t.Fatalf("EXPLAIN %q: error is %T, not *planner.Error: %v", sql, err, err)
			}
			return
		}
		res, err := engine.Execute(context.Background(), client, eq, engine.Options{})
		if err != nil {
			t.Fatalf("EXPLAIN %q: %v", sql, err)
		}
		defer res.Close()
		rows := 0
		for {
			_, err := res.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("EXPLAIN %q: %v", sql, err)
			}
			rows++
		}
		if rows == 0 {
			t.Fatalf("EXPLAIN %q: no plan", sql)
		}
	})
}
