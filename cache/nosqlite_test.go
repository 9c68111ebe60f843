//go:build !cgo || no_sqlite_cache

package cache_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/saasapi/saasapi/cache"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNoSQLiteWithoutCgo: a pure-Go build has no cache file, and says how
// to get one or use PostgreSQL.
func TestNoSQLiteWithoutCgo(t *testing.T) {
	assert.False(t, cache.SQLiteAvailable())
	_, err := cache.Open(context.Background(), filepath.Join(t.TempDir(), "c.db"), "harvest_1", "harvest")
	require.ErrorIs(t, err, cache.ErrNoSQLite)
	assert.Contains(t, err.Error(), "CacheConnection=postgres://")
}
