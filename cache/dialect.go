package cache

import (
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"time"

	"github.com/saasapi/saasapi/schema"
)

// dialect is what differs between the databases a Store writes.
type dialect interface {
	// name is "sqlite" or "postgres".
	name() string
	// columnType is the SQL type of a column of type t.
	columnType(t schema.Type) string
	// placeholder is the n-th (1-based) parameter marker.
	placeholder(n int) string
	// qualify names a table of the namespace.
	qualify(ns, table string) string
	// index names an index of a table (unqualified in PostgreSQL, which
	// puts it in the table's schema).
	index(ns, table, column string) string
	// lockTable serializes the refreshes of one table inside tx.
	lockTable(ctx context.Context, tx *sql.Tx, ns, table string) error
	// value converts a row value for writing into a column of type t.
	value(v any, t schema.Type) any
	// maxParams is the most parameters one statement may hold.
	maxParams() int
}

// quoteIdent quotes an SQL identifier ("a""b").
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// lockKey is the advisory-lock key of a name.
func lockKey(parts ...string) int64 {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return int64(h.Sum64())
}

// sqliteDialect writes SQLite: one account per file, in the main schema.
type sqliteDialect struct{}

func (sqliteDialect) name() string { return "sqlite" }

func (sqliteDialect) columnType(t schema.Type) string {
	switch t {
	case schema.TypeInteger:
		// Not INTEGER: a single INTEGER primary key would become the
		// rowid, and a copy would read back in key order instead of the
		// order the API listed it.
		return "BIGINT"
	case schema.TypeReal:
		return "REAL"
	case schema.TypeBoolean:
		return "BOOLEAN"
	case schema.TypeDate:
		return "DATE"
	case schema.TypeTimestamp:
		return "TIMESTAMP"
	}
	// JSON stays TEXT: a declared JSON type would have NUMERIC affinity
	// and turn the text "12" into a number.
	return "TEXT"
}

func (sqliteDialect) placeholder(int) string { return "?" }

func (sqliteDialect) qualify(_, table string) string { return quoteIdent(table) }

func (sqliteDialect) index(_, table, column string) string {
	return quoteIdent("ix_" + table + "_" + column)
}

// lockTable does nothing: the transaction began IMMEDIATE, holding the
// file's write lock.
func (sqliteDialect) lockTable(context.Context, *sql.Tx, string, string) error { return nil }

// value writes times as text SQLite's date functions read (DATE
// 'YYYY-MM-DD', TIMESTAMP 'YYYY-MM-DD HH:MM:SS[.fff]', UTC) and booleans
// as 0/1.
func (sqliteDialect) value(v any, t schema.Type) any {
	switch x := v.(type) {
	case time.Time:
		if t == schema.TypeDate {
			return x.UTC().Format("2006-01-02")
		}
		return x.UTC().Format("2006-01-02 15:04:05.999999999")
	case bool:
		if x {
			return int64(1)
		}
		return int64(0)
	}
	return v
}

func (sqliteDialect) maxParams() int { return 30000 }

// postgresDialect writes PostgreSQL: one schema per account.
type postgresDialect struct{}

func (postgresDialect) name() string { return "postgres" }

func (postgresDialect) columnType(t schema.Type) string {
	switch t {
	case schema.TypeInteger:
		return "BIGINT"
	case schema.TypeReal:
		return "DOUBLE PRECISION"
	case schema.TypeBoolean:
		return "BOOLEAN"
	case schema.TypeDate:
		return "DATE"
	case schema.TypeTimestamp:
		return "TIMESTAMPTZ"
	case schema.TypeJSON:
		return "JSON" // keeps the text as the API sent it (JSONB would reorder it)
	}
	return "TEXT"
}

func (postgresDialect) placeholder(n int) string { return "$" + strconv.Itoa(n) }

func (postgresDialect) qualify(ns, table string) string {
	return quoteIdent(ns) + "." + quoteIdent(table)
}

func (postgresDialect) index(_, table, column string) string {
	name := "ix_" + table + "_" + column
	if len(name) > 63 {
		name = fmt.Sprintf("%s_%x", name[:50], lockKey(name)&0xffffffff)
	}
	return quoteIdent(name)
}

func (postgresDialect) lockTable(ctx context.Context, tx *sql.Tx, ns, table string) error {
	_, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", lockKey("saasapi refresh", ns, table))
	return err
}

func (postgresDialect) value(v any, t schema.Type) any {
	if x, ok := v.(time.Time); ok {
		if t == schema.TypeDate {
			return time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC)
		}
		return x.UTC()
	}
	return v
}

func (postgresDialect) maxParams() int { return 60000 }
