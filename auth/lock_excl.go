//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package auth

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"time"
)

// staleLock is the age after which a lock file left by a dead process is
// removed.
const staleLock = 2 * time.Minute

// lockFile creates path with O_EXCL (mode 0600) as the lock, polling until
// ctx ends; the returned function removes it. A lock file older than
// staleLock is taken as abandoned. O_EXCL never follows a symbolic link
// at path; one found there is errLockSymlink rather than a lock to wait
// for.
func lockFile(ctx context.Context, path string) (func(), error) {
	for {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err == nil {
			f.Close()
			return func() { os.Remove(path) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
		if st, err := os.Lstat(path); err == nil {
			if st.Mode()&fs.ModeSymlink != 0 {
				return nil, errLockSymlink
			}
			if time.Since(st.ModTime()) > staleLock {
				os.Remove(path)
				continue
			}
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// syncDir flushes the directory dir to disk where the system allows it:
// Windows cannot open a directory for syncing (its renames are durable by
// themselves) and some systems refuse to sync one, so failures other
// than a missing directory are ignored.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	defer d.Close()
	d.Sync()
	return nil
}
