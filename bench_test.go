package saasapi_test

import (
	"database/sql"
	"testing"
	"time"

	"github.com/saasapi/saasapi/sandbox"
)

// BenchmarkScanTimeEntries reads every column of 2000 time entries from
// the sandbox on loopback, in pages of 500: decoding, paging and the
// database/sql path, per query.
func BenchmarkScanTimeEntries(b *testing.B) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 2000})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	db, err := sql.Open("saasapi", srv.DSN()+";Pagesize=500")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.ReportAllocs()
	rowsRead := 0
	for b.Loop() {
		rows, err := db.Query("SELECT * FROM time_entries")
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
			rowsRead++
		}
		if err := rows.Err(); err != nil {
			b.Fatal(err)
		}
		rows.Close()
	}
	b.ReportMetric(float64(rowsRead)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(srv.Requests())/float64(b.N), "requests/op")
}

// BenchmarkFilteredScan measures a query whose filters are pushed down and
// re-checked locally.
func BenchmarkFilteredScan(b *testing.B) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 2000})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	db, err := sql.Open("saasapi", srv.DSN())
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.ReportAllocs()
	for b.Loop() {
		rows, err := db.Query("SELECT id, hours, notes FROM time_entries WHERE spent_date >= '2024-01-01' AND hours > 2 ORDER BY hours DESC")
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
		}
		rows.Close()
	}
}

// BenchmarkNestedLoopOverLatency joins users to their time entries, one
// request per user, against a sandbox answering in 20 ms: the inner
// requests are fetched ahead, several at a time.
func BenchmarkNestedLoopOverLatency(b *testing.B) {
	srv, err := sandbox.Start(sandbox.Options{Rows: 300, Latency: 20 * time.Millisecond})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	db, err := sql.Open("saasapi", srv.DSN())
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for b.Loop() {
		var n int
		if err := db.QueryRow("SELECT COUNT(*) FROM users u JOIN time_entries t ON t.user_id = u.id WHERE u.is_contractor = false AND u.is_active").Scan(&n); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(srv.Requests())/float64(b.N), "requests/op")
}
