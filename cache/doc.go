// Package cache keeps replicas of a provider's tables in a database: the
// driver's cache (AutoCache, an SQLite file by default or a PostgreSQL
// database named by CacheConnection) and the copies "saasapi sync" writes
// are the same thing, made by the same code.
//
// A replica is an ordinary table with typed columns, a primary key and an
// index on every column the API filters by, in the namespace of one
// account: the SQLite file holds one account, a PostgreSQL database one
// schema per account ("harvest_123456"). A metadata table
// (_saasapi_tables) records, for each replicated table, its row count,
// when it was last copied whole, refreshed incrementally and reconciled,
// and the watermark of the next incremental refresh. Credentials are
// never written.
//
// [Store.Refresh] brings one table up to date from a [Source] (the live
// API, in the driver) and commits atomically: the refresh runs in one
// transaction, so a crash, a failed request or a cancelled context leaves
// the previous complete copy readable. The refresh of a table is
// serialized across processes (SQLite's write lock, a PostgreSQL advisory
// lock) and re-checks the table's freshness once it holds the lock, so
// processes sharing a cache never fetch the same refresh twice.
//
// A refresh is incremental where the API can list what changed (see
// [StrategyOf]): rows updated since the watermark (Harvest's and Aha!'s
// updated_since) or created since (Aircall's from=), less a safety overlap
// ([Overlap]), merged by primary key. Deletions, which such listings do
// not show, are reconciled by a listing of the keys at an interval the
// caller chooses and on request.
//
// The SQLite store needs cgo (mattn/go-sqlite3); it is left out of a
// build with CGO_ENABLED=0 or the build tag no_sqlite_cache (the loadable
// SQLite extension), where only PostgreSQL remains.
package cache
