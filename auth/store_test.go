package auth

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testRecord() *record {
	return &record{Version: storeVersion, Profile: "harvest", ClientID: "c", TokenURL: "https://id.example/token",
		Token: &token{AccessToken: "access-token-value"}}
}

// TestFileStoreSavesPrivately: the normal path works: the store is saved
// with mode 0600 in a directory created with mode 0700, read back, locked
// and unlocked; saving again replaces it.
func TestFileStoreSavesPrivately(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "tok.json")
	f := &fileStore{path: path}
	unlock, err := f.lock(context.Background())
	require.NoError(t, err)
	require.NoError(t, f.save(testRecord()))
	unlock()
	st, err := os.Stat(path)
	require.NoError(t, err)
	if runtime.GOOS != "windows" {
		assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
		dst, err := os.Stat(filepath.Dir(path))
		require.NoError(t, err)
		assert.Zero(t, dst.Mode().Perm()&0o077, "the directory is private: %v", dst.Mode())
	}
	rec, err := f.load()
	require.NoError(t, err)
	require.NotNil(t, rec)
	assert.Equal(t, "access-token-value", rec.Token.AccessToken)

	r2 := testRecord()
	r2.Token.AccessToken = "second-token-value"
	require.NoError(t, f.save(r2))
	rec, err = f.load()
	require.NoError(t, err)
	assert.Equal(t, "second-token-value", rec.Token.AccessToken)
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.ElementsMatch(t, []string{"tok.json", "tok.json.lock"}, names, "no temporary file is left")
}

// TestFileStoreRefusesASymlinkedLock: a symbolic link at the lock path is
// not followed (the file it points to is neither created nor truncated):
// locking fails with an error naming the lock file.
func TestFileStoreRefusesASymlinkedLock(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	dir := t.TempDir()
	target := filepath.Join(dir, "victim")
	require.NoError(t, os.WriteFile(target, []byte("keep me"), 0o600))
	path := filepath.Join(dir, "tok.json")
	require.NoError(t, os.Symlink(target, path+".lock"))
	dangling := filepath.Join(dir, "other.json")
	require.NoError(t, os.Symlink(filepath.Join(dir, "nowhere"), dangling+".lock"))

	for _, p := range []string{path, dangling} {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, err := (&fileStore{path: p}).lock(ctx)
		cancel()
		require.Error(t, err, p)
		assert.ErrorIs(t, err, ErrStore)
		assert.ErrorContains(t, err, p+".lock")
		assert.ErrorContains(t, err, "symbolic link")
		assert.NotErrorIs(t, err, context.DeadlineExceeded, "refused at once, not waited for")
	}
	b, err := os.ReadFile(target)
	require.NoError(t, err)
	assert.Equal(t, "keep me", string(b))
	_, err = os.Lstat(filepath.Join(dir, "nowhere"))
	assert.True(t, os.IsNotExist(err), "the dangling link's target was not created")
}

// TestFileStoreRefusesAWritableDirectory: a store directory that group or
// others may write (where another user could swap the token file) is
// refused for every operation, naming the directory and the fix.
func TestFileStoreRefusesAWritableDirectory(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no permission bits on Windows")
	}
	for _, mode := range []os.FileMode{0o777, 0o770, 0o1777, 0o722} {
		dir := filepath.Join(t.TempDir(), "shared")
		require.NoError(t, os.Mkdir(dir, 0o700))
		path := filepath.Join(dir, "tok.json")
		f := &fileStore{path: path}
		require.NoError(t, f.save(testRecord()), "saved while private")
		require.NoError(t, os.Chmod(dir, mode))

		_, lerr := f.lock(context.Background())
		_, rerr := f.load()
		for name, err := range map[string]error{"save": f.save(testRecord()), "load": rerr, "lock": lerr, "remove": f.remove()} {
			require.Error(t, err, "%s with mode %v", name, mode)
			assert.ErrorIs(t, err, ErrStore)
			assert.ErrorContains(t, err, dir)
			assert.ErrorContains(t, err, "chmod 700 "+dir)
			assert.ErrorContains(t, err, "writable by")
		}
		_, err := os.Stat(path)
		assert.NoError(t, err, "remove refused: the file is still there")

		require.NoError(t, os.Chmod(dir, 0o700))
		_, err = f.load()
		assert.NoError(t, err, "private again, it works")
	}
}

// TestSyncDir: the directory of a replaced file can be synced (the rename
// reaches the disk); a missing directory is an error.
func TestSyncDir(t *testing.T) {
	require.NoError(t, syncDir(t.TempDir()))
	if runtime.GOOS != "windows" {
		assert.Error(t, syncDir(filepath.Join(t.TempDir(), "missing")))
	}
}
