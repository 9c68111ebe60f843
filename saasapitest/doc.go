// Package saasapitest runs the tests of code that queries SaaS APIs
// through saasapi against recorded fixtures: no credentials and no network
// in CI, exchanges recorded once from the real API.
//
//	func TestMonthlyReport(t *testing.T) {
//		db := saasapitest.Open(t, os.Getenv("HARVEST_DSN"), "testdata/report.yaml")
//		got, err := report.Monthly(context.Background(), db, "2024-05")
//		...
//	}
//
// By default [Open] replays the cassette: the connection string needs the
// profile only (Profile=harvest), and a request that was not recorded
// fails the query with an error naming it. To record, run the test once
// with credentials and SAASAPI_RECORD=1:
//
//	HARVEST_DSN="Profile=harvest;ProfileSettings='APIKey=…;AccountId=…'" SAASAPI_RECORD=1 go test -run TestMonthlyReport
//
// then commit the cassette. Secrets are scrubbed before anything is
// written; docs/fixtures.md describes what is scrubbed and the format.
package saasapitest
