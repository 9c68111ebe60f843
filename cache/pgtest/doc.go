// Package pgtest runs a throwaway PostgreSQL server for tests: initdb in
// a temporary directory, the server listening on a unix socket there
// only (no TCP port), stopped and removed at the end. Nothing is mocked:
// the tests of the PostgreSQL cache and of "saasapi sync --to
// postgres://" talk to a real server.
//
// The binaries are Debian's (apt-get install postgresql puts them in
// /usr/lib/postgresql/<version>/bin, off PATH), found there, on PATH or in
// $SAASAPI_POSTGRES_BIN. Without them the tests skip, unless
// SAASAPI_POSTGRES_TESTS=require (which .ci/run sets after installing
// PostgreSQL) or CI=true: then a missing server fails them.
//
// A test binary starts one server, on first use, and each test gets a
// database of its own:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }
//
//	func TestX(t *testing.T) {
//		url := pgtest.Database(t) // postgres://saasapi@/t_…?host=/tmp/…
//	}
//
// PostgreSQL refuses to run as root: when the tests run as root (CI), the
// server runs as the user "postgres" (created by Debian's package) or
// "nobody".
package pgtest
