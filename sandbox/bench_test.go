package sandbox_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/saasapi/saasapi/sandbox"
)

// BenchmarkGenerateHarvest generates and indexes a Harvest data set of
// 100,000 time entries (the work of Start before it listens): linear in
// the rows, so a million take ten times as long.
func BenchmarkGenerateHarvest(b *testing.B) {
	const rows = 100000
	for b.Loop() {
		s, err := sandbox.Start(sandbox.Options{Rows: rows})
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/rows, "ns/row")
}

// BenchmarkServePage answers pages of 2,000 time entries out of 100,000,
// unfiltered and by a date range, once their records are encoded: what a
// page costs the sandbox in a benchmark of the driver.
func BenchmarkServePage(b *testing.B) {
	s, err := sandbox.Start(sandbox.Options{Rows: 100000})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for _, q := range []string{"per_page=2000&page=%d", "per_page=2000&from=2024-01-01&to=2024-06-30&page=%d"} {
		b.Run(q[:len(q)-8], func(b *testing.B) {
			bytes := 0
			page := 0
			for b.Loop() {
				page = page%10 + 1
				r := httptest.NewRequest(http.MethodGet, "/v2/time_entries?"+fmt.Sprintf(q, page), nil)
				r.Header.Set("Authorization", "Bearer "+s.Options().Token)
				r.Header.Set("Harvest-Account-Id", s.Options().AccountID)
				r.Header.Set("User-Agent", "bench")
				w := httptest.NewRecorder()
				s.Handler().ServeHTTP(w, r)
				if w.Code != http.StatusOK {
					b.Fatalf("%d: %s", w.Code, w.Body.String())
				}
				bytes += w.Body.Len()
			}
			b.SetBytes(int64(bytes / b.N))
		})
	}
}
