//go:build !linux

package main

import (
	"io"
	"os"
)

// isTerminal reports whether w is a character device, the closest the
// standard library tells of a terminal off Linux (it also holds for
// /dev/null, where a progress line does no harm).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
