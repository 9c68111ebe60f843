package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/saasapi/saasapi/sandbox"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// panicBuilt is the extension built with the tag saasapi_panictest, whose
// callbacks panic on request (panic_hook.go).
var panicBuilt struct {
	sync.Once
	path string
	out  []byte
	err  error
}

// buildPanicExtension builds the extension with the test hook, once.
func buildPanicExtension(t *testing.T) string {
	t.Helper()
	buildExtension(t) // the tools are there, and built.dir is made and removed
	panicBuilt.Do(func() {
		// SQLite derives the entry point from the file's name: saasapi.
		dir := filepath.Join(built.dir, "panic")
		if panicBuilt.err = os.MkdirAll(dir, 0o755); panicBuilt.err != nil {
			return
		}
		panicBuilt.path = filepath.Join(dir, "saasapi")
		cmd := exec.Command("go", "build", "-tags=sqlite_vtable,saasapi_panictest", "-buildmode=c-shared", "-o", panicBuilt.path+".so", ".")
		panicBuilt.out, panicBuilt.err = cmd.CombinedOutput()
	})
	require.NoError(t, panicBuilt.err, "go build -tags saasapi_panictest:\n%s", panicBuilt.out)
	return panicBuilt.path
}

// TestShellPanics makes each callback of the extension panic in turn, in
// the sqlite3 shell: the statement fails with saasapi's internal error
// (the secret redacted), the shell goes on to the next statement, and the
// stack is in the connection's log file. An unrecovered Go panic would
// unwind through SQLite's frames and kill the shell.
func TestShellPanics(t *testing.T) {
	sqlite3 := tool(t, "sqlite3")
	ext := buildPanicExtension(t)
	const secret = "tok-s3cr3t-4242"
	srv, err := sandbox.Start(sandbox.Options{Rows: 30, Token: secret})
	require.NoError(t, err)
	defer srv.Close()
	logfile := filepath.Join(t.TempDir(), "saasapi.log")
	dsn := srv.DSN() + ";Logfile=" + logfile
	connect := ".output /dev/null\nSELECT saasapi_connect(" + sqlLit(dsn) + ");\n.output stdout\n"
	query := "SELECT id FROM time_entries WHERE notes <> '" + secret + "' LIMIT 3;"

	for _, c := range []struct {
		callback string
		script   string
		logged   bool // a connection exists: its log has the stack
	}{
		{"saasapi_connect", connect, false},
		{"xConnect", connect, false},
		{"xBestIndex", connect + query, true},
		{"xOpen", connect + query, true},
		{"xFilter", connect + query, true},
		{"xNext", connect + query, true},
		{"xEof", connect + query, true},
		{"xColumn", connect + query, true},
		{"xRowid", connect + "SELECT rowid FROM time_entries LIMIT 3;", true},
	} {
		t.Run(c.callback, func(t *testing.T) {
			os.Remove(logfile)
			out, errOut := shellOn(t, sqlite3, ext, ":memory:",
				[]string{"SAASAPI_TEST_PANIC=" + c.callback, "SAASAPI_TEST_SECRET=" + secret},
				c.script+"\nSELECT 'still here';")
			t.Logf("stderr: %s", errOut)
			assert.Contains(t, errOut, "saasapi: internal error (a bug in saasapi; please report it)")
			assert.NotContains(t, errOut, secret)
			assert.NotContains(t, out, secret)
			assert.True(t, strings.HasSuffix(out, "still here\n"), "the shell goes on after the error: %q", out)
			if c.logged {
				assert.Contains(t, errOut, "injected panic in "+c.callback+" holding REDACTED")
				log, err := os.ReadFile(logfile)
				require.NoError(t, err)
				assert.Contains(t, string(log), "level=ERROR")
				assert.Contains(t, string(log), "panic_hook.go")
				assert.NotContains(t, string(log), secret)
			} else {
				assert.NotContains(t, errOut, "injected panic", "the connection string is being read: the panic's value is not shown")
			}
		})
	}
}
