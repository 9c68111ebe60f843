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
// staleLock is taken as abandoned.
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
		if st, err := os.Stat(path); err == nil && time.Since(st.ModTime()) > staleLock {
			os.Remove(path)
			continue
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
}
