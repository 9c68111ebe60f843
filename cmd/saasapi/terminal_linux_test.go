package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// openPTY opens a pseudo-terminal: its master and its slave (the
// terminal a program writes to).
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	unlock := int32(0)
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); errno != 0 {
		master.Close()
		t.Skipf("unlockpt: %v", errno)
	}
	var n uint32
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); errno != 0 {
		master.Close()
		t.Skipf("ptsname: %v", errno)
	}
	slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		master.Close()
		t.Skipf("open pts: %v", err)
	}
	t.Cleanup(func() { slave.Close(); master.Close() })
	return master, slave
}

func TestIsTerminal(t *testing.T) {
	_, slave := openPTY(t)
	assert.True(t, isTerminal(slave), "a pseudo-terminal")

	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	assert.False(t, isTerminal(w), "a pipe")
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	require.NoError(t, err)
	defer f.Close()
	assert.False(t, isTerminal(f), "a file")
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	require.NoError(t, err)
	defer null.Close()
	assert.False(t, isTerminal(null), "/dev/null is a character device, not a terminal")
	assert.False(t, isTerminal(&strings.Builder{}), "not a file")
}

// TestProgressOnAPseudoTerminal runs a query with stderr a real
// pseudo-terminal, the terminal check not replaced: the progress line
// reaches the terminal.
func TestProgressOnAPseudoTerminal(t *testing.T) {
	master, slave := openPTY(t)
	srv := slowSandbox(t)
	delay, every := progressDelay, progressEvery
	t.Cleanup(func() { progressDelay, progressEvery = delay, every })
	progressDelay, progressEvery = 0, 5*time.Millisecond

	seen := make(chan string, 1)
	go func() {
		var b strings.Builder
		rd := bufio.NewReader(master)
		buf := make([]byte, 4096)
		for !strings.Contains(b.String(), "pages left") {
			n, err := rd.Read(buf)
			if err != nil {
				break
			}
			b.Write(buf[:n])
		}
		seen <- b.String()
	}()
	var out safeBuffer
	code := run(t.Context(), []string{"query", "--dsn", srv.DSN() + ";Pagesize=10", "--format", "csv", "SELECT id FROM projects"}, &out, slave)
	require.Equal(t, 0, code)
	select {
	case s := <-seen:
		assert.Contains(t, s, "saasapi: ")
		assert.Contains(t, s, "rows read")
	case <-time.After(10 * time.Second):
		t.Fatal("no progress reached the terminal")
	}
	assert.Contains(t, out.String(), "id\n")
}
