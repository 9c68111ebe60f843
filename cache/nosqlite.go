//go:build !cgo || no_sqlite_cache

package cache

// Without cgo (or in the loadable extension, built with the tag
// no_sqlite_cache, which must not link a second SQLite), there is no
// SQLite store: openSQLite stays nil and Open says so.
