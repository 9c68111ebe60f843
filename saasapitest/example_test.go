package saasapitest_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"testing"

	"github.com/saasapi/saasapi/saasapitest"
)

// HoursByProject is the code under test, in the user's own package: the
// hours logged on each project between two dates.
func HoursByProject(ctx context.Context, db *sql.DB, from, to string) (map[string]float64, []string, error) {
	rows, err := db.QueryContext(ctx, `SELECT project_name, SUM(hours) FROM time_entries
		WHERE spent_date >= ? AND spent_date <= ? GROUP BY project_name ORDER BY project_name`, from, to)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	hours := map[string]float64{}
	var names []string
	for rows.Next() {
		var name string
		var h float64
		if err := rows.Scan(&name, &h); err != nil {
			return nil, nil, err
		}
		hours[name] = h
		names = append(names, name)
	}
	return hours, names, rows.Err()
}

// exampleCassette was recorded from the sandbox by
// TestExampleCassetteIsCurrent; in a user's repository it is recorded once
// from the real API and committed.
const exampleCassette = "testdata/report.yaml"

// reportTest is the user's test. It replays testdata/report.yaml in CI,
// with no credentials and no network; with SAASAPI_RECORD=1 and a real
// connection string in HARVEST_DSN it records the cassette again.
func reportTest(t testing.TB) {
	dsn := os.Getenv("HARVEST_DSN")
	if dsn == "" {
		dsn = "Profile=harvest" // enough to replay
	}
	db := saasapitest.Open(t, dsn, exampleCassette)
	hours, names, err := HoursByProject(context.Background(), db, "2025-04-01", "2025-06-30")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		fmt.Printf("%-32s %6.2f h\n", name, hours[name])
	}
}

// A user's test of code that queries Harvest, replayed from a committed
// cassette. In a _test.go file it reads
//
//	func TestReport(t *testing.T) {
//		db := saasapitest.Open(t, os.Getenv("HARVEST_DSN"), "testdata/report.yaml")
//		...
//	}
//
// Here, runTest stands for go test.
func Example() {
	runTest(reportTest)
	// Output:
	// API Integration - Phase 1          8.00 h
	// Cloud Migration - Phase 1         14.58 h
	// Data Migration - Phase 1          11.25 h
	// Payment Gateway - Phase 1         30.75 h
}
