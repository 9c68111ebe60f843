package saasapitest

import (
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/dsn"
)

// RecordEnv is the environment variable that makes [Open] record: "1",
// "true" or "record" record every cassette again, "once" records only the
// missing ones; empty, "0" or "false" replay.
const RecordEnv = "SAASAPI_RECORD"

// Mode returns the fixture mode [Open] uses, from the RecordEnv
// environment variable; an unknown value is an error.
func Mode() (dsn.FixtureMode, error) {
	v := os.Getenv(RecordEnv)
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "0", "false", "no", "replay":
		return dsn.FixtureReplay, nil
	case "1", "true", "yes", "record":
		return dsn.FixtureRecord, nil
	case "once":
		return dsn.FixtureOnce, nil
	}
	return "", fmt.Errorf("saasapitest: %s=%q: use 1 to record, once to record missing cassettes, or leave it empty to replay", RecordEnv, v)
}

// Open opens a database for the connection string connStr whose API
// exchanges are replayed from the cassette file, or recorded into it when
// SAASAPI_RECORD=1 is set (see [RecordEnv]). The database is closed, and a
// recorded cassette written, when the test ends. Any error fails the test
// at once.
//
// When replaying, connStr needs only the profile ("Profile=harvest"):
// credentials, if present, are not used. Fixtures and FixtureMode in
// connStr are replaced by cassette and the mode. opts are passed to
// [saasapi.NewConnector].
func Open(t testing.TB, connStr, cassette string, opts ...saasapi.Option) *sql.DB {
	t.Helper()
	mode, err := Mode()
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(connStr) == "" {
		t.Fatalf("saasapitest: empty connection string; give at least the profile, e.g. Profile=harvest")
	}
	opts = append(opts[:len(opts):len(opts)], saasapi.WithFixtures(cassette, mode))
	c, err := saasapi.OpenConnector(connStr, opts...)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(c)
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("saasapitest: %v", err)
		}
	})
	return db
}
