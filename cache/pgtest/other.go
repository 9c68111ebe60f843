//go:build !linux

package pgtest

import (
	"errors"
	"os"
	"testing"
)

// Required reports whether missing PostgreSQL binaries fail the tests.
func Required() bool {
	return os.Getenv("SAASAPI_POSTGRES_TESTS") == "require" || os.Getenv("CI") == "true"
}

// ErrNoBinaries: the throwaway server runs on Linux only.
var ErrNoBinaries = errors.New("pgtest: the throwaway PostgreSQL server runs on Linux only")

// Database skips t (or fails it when PostgreSQL is Required).
func Database(t testing.TB) string {
	t.Helper()
	if Required() {
		t.Fatal(ErrNoBinaries)
	}
	t.Skip(ErrNoBinaries.Error())
	return ""
}

// Run runs the tests of m.
func Run(m *testing.M) int { return m.Run() }
