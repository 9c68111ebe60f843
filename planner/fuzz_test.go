package planner_test

import (
	"errors"
	"testing"

	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/providers/harvest"
)

func FuzzPlan(f *testing.F) {
	for _, s := range []string{
		"SELECT * FROM time_entries WHERE project_id = 5 AND spent_date >= '2024-01-01' LIMIT 3",
		"SELECT name, hourly_rate FROM projects WHERE is_active = true ORDER BY name LIMIT 5",
		"SELECT CONCAT(first_name, ' ', last_name) AS n FROM users WHERE email LIKE '%@x.com' ESCAPE '!' ORDER BY 1 DESC",
		"SELECT CASE WHEN hours > 2 THEN 'long' ELSE 'short' END FROM time_entries WHERE id IN (1, 2) OR NOT is_billed",
		"SELECT CAST(hours AS SIGNED), COALESCE(notes, ''), DATEDIFF(spent_date, '2024-01-01') FROM time_entries WHERE hours BETWEEN 1 AND 2",
		"EXPLAIN SELECT * FROM clients WHERE id = ?",
		"DESCRIBE tasks", "SHOW TABLES", "UPDATE x SET y = 1", "WITH a AS (SELECT 1) SELECT 1",
		"SELECT -id, +hours, id DIV 2, id % 3, hours / 0 FROM time_entries WHERE spent_date = ? LIMIT ?, ?",
		`SELECT "name" || ' ' || [code], 'a"b[c]' FROM "projects" p FULL OUTER JOIN clients c ON c.id = p.client_id`,
		`SELECT p.client_id, (SELECT c.name FROM clients c WHERE c.id = p.client_id AND c.id > SUM(p.id)) FROM projects p GROUP BY p.client_id HAVING COUNT(*) > (SELECT 1)`,
		"SELECT id FROM time_entries WHERE spent_date >= 20240101 AND notes LIKE BINARY 'x%' AND 9223372036854775807 + id > 0",
	} {
		f.Add(s)
	}
	cat := harvest.Provider()
	f.Fuzz(func(t *testing.T, sql string) {
		_, err := planner.Plan(cat, sql, nil)
		if err != nil {
			var pe *planner.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error is %T, not *planner.Error: %v", err, err)
			}
		}
	})
}
