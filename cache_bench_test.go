package saasapi_test

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/saasapi/saasapi/sandbox"
)

// dashboard is a dashboard's three queries over Harvest.
var dashboard = []string{
	"SELECT project_name, ROUND(SUM(hours), 2) AS hours FROM time_entries WHERE spent_date >= '2025-01-01' GROUP BY project_name ORDER BY hours DESC",
	"SELECT p.name, c.name, p.is_active FROM projects p JOIN clients c ON c.id = p.client_id ORDER BY p.name",
	"SELECT user_name, COUNT(*), SUM(hours) FROM time_entries WHERE NOT is_billed AND billable GROUP BY user_name",
}

// BenchmarkDashboardRefresh is a dashboard refreshed 10 times (its 3
// queries each time), against the sandbox with 20 ms of latency per
// request, pages of 200: live, every query pays its requests; with
// AutoCache (a cold cache each operation), the first refresh fills the
// cache and the nine others send nothing. It reports requests per
// operation and per query next to the time.
func BenchmarkDashboardRefresh(b *testing.B) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 2000, Latency: 20 * time.Millisecond})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	for _, mode := range []string{"live", "autocache"} {
		b.Run(mode, func(b *testing.B) {
			srv.ResetRequests()
			dir := b.TempDir()
			n := 0
			for b.Loop() {
				extra := ";Pagesize=200"
				if mode == "autocache" {
					n++
					extra += fmt.Sprintf(";AutoCache=true;CacheLocation=%s", filepath.Join(dir, fmt.Sprintf("c%d.db", n)))
				}
				db, err := sql.Open("saasapi", srv.DSN()+extra)
				if err != nil {
					b.Fatal(err)
				}
				for range 10 {
					for _, q := range dashboard {
						drainQuery(b, db, q)
					}
				}
				db.Close()
			}
			b.ReportMetric(float64(srv.Requests())/float64(b.N), "requests/op")
			b.ReportMetric(float64(srv.Requests())/float64(b.N)/float64(10*len(dashboard)), "requests/query")
		})
	}
}

func drainQuery(b *testing.B, db *sql.DB, q string) {
	rows, err := db.Query(q)
	if err != nil {
		b.Fatal(err)
	}
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			b.Fatal(err)
		}
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	rows.Close()
}
