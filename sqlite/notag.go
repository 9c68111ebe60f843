//go:build !sqlite_vtable || !cgo

package sqlite

// The SQLite bridge needs cgo and go-sqlite3's virtual tables: build with
// GOFLAGS=-tags=sqlite_vtable and CGO_ENABLED=1. This undefined name makes
// any other build fail with that hint.
var _ = saasapi_sqlite_needs_cgo_and_build_tag_sqlite_vtable
