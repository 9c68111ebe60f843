package saasapi

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/saasapi/saasapi/engine"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// boom panics as the EXISTS rendering of issue #11 did: a runtime error.
func boom(s string) string { return s[1:] }

// TestCatchRuntimeError recovers a runtime error through catch, as every
// driver method does: ErrInternal, the value and the place of the panic,
// the query with the connection's secrets redacted (as written and inside
// an SQL literal), and the stack in the log.
func TestCatchRuntimeError(t *testing.T) {
	var log bytes.Buffer
	c := &Connector{secrets: []string{"it's-secret", "tok123"}, logger: slog.New(slog.NewTextHandler(&log, nil))}
	query := "SELECT id FROM users WHERE notes = 'it''s-secret' OR notes = 'it\\'s-secret' OR token = 'tok123'"
	err := func() (err error) {
		defer c.catch(&err, query)
		boom("")
		return nil
	}()
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrInternal))
	msg := err.Error()
	assert.Contains(t, msg, "slice bounds out of range")
	assert.Contains(t, msg, "at saasapi.boom (recover_internal_test.go:")
	assert.Contains(t, msg, "query: SELECT id FROM users WHERE notes = 'REDACTED' OR notes = 'REDACTED' OR token = 'REDACTED'")
	for _, s := range c.secrets {
		assert.NotContains(t, msg, s)
		assert.NotContains(t, log.String(), s)
	}
	assert.Contains(t, log.String(), "level=ERROR")
	assert.Contains(t, log.String(), "saasapi.boom(")
}

// TestCatchWithoutConnector: while the connection string is read (no
// Connector yet) the panic's value is not shown, since it could quote the
// connection string; the place is.
func TestCatchWithoutConnector(t *testing.T) {
	err := func() (err error) {
		defer (*Connector)(nil).catch(&err, "")
		panic("Password=hunter2")
	}()
	require.ErrorIs(t, err, ErrInternal)
	assert.NotContains(t, err.Error(), "hunter2")
	assert.Contains(t, err.Error(), "TestCatchWithoutConnector")
}

// TestCatchWithoutError: a method that returns no error only logs.
func TestCatchWithoutError(t *testing.T) {
	var log bytes.Buffer
	c := &Connector{secrets: []string{}, logger: slog.New(slog.NewTextHandler(&log, nil))}
	assert.NotPanics(t, func() {
		defer c.catch(nil, "SELECT 1")
		panic("columns")
	})
	assert.Contains(t, log.String(), "columns")
}

// TestRecoveredForwardedPanic: a panic forwarded from an engine goroutine
// brings the stack where it happened, not the one where it was raised
// again.
func TestRecoveredForwardedPanic(t *testing.T) {
	p := &engine.Panic{Value: "page decoder", Stack: []byte("goroutine 7 [running]:\nruntime/debug.Stack()\n\t/go/src/runtime/debug/stack.go:26 +0x5e\npanic({0x1, 0x2})\n\t/go/src/runtime/panic.go:783 +0x132\n" +
		"github.com/saasapi/saasapi/rest.(*Pager).decode(...)\n\t/src/saasapi/rest/page.go:120 +0x10\ncreated by github.com/saasapi/saasapi/engine.(*executor).prefetched in goroutine 6\n")}
	err := recovered(p, "SELECT 1", []string{}, nil)
	assert.ErrorIs(t, err, ErrInternal)
	assert.Equal(t, "saasapi: internal error (a bug in saasapi; please report it): page decoder at rest.(*Pager).decode (page.go:120); query: SELECT 1", err.Error())
}

// TestRedactShortens bounds the query shown.
func TestRedactShortens(t *testing.T) {
	s := redact(strings.Repeat("é", 2*maxShown), nil)
	assert.Equal(t, maxShown+1, len([]rune(s)))
	assert.True(t, strings.HasSuffix(s, "…"))
}
