package saasapi

import (
	"bufio"
	"bytes"
	"fmt"
	"log/slog"
	"path"
	"runtime/debug"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/saasapi/saasapi/dsn"
	"github.com/saasapi/saasapi/engine"
)

// internalError is a panic recovered where the program called into
// saasapi. It matches ErrInternal.
type internalError struct {
	value string // the panic's value, redacted; "" when not shown
	at    string // the function, file and line that panicked
	query string // the query, redacted
}

func (e *internalError) Error() string {
	var b strings.Builder
	b.WriteString("saasapi: internal error (a bug in saasapi; please report it)")
	if e.value != "" {
		b.WriteString(": " + e.value)
	}
	if e.at != "" {
		b.WriteString(" at " + e.at)
	}
	if e.query != "" {
		b.WriteString("; query: " + e.query)
	}
	return b.String()
}

func (e *internalError) Unwrap() error { return ErrInternal }

// maxShown bounds the query and the panic's value in an internal error.
const maxShown = 500

// recovered turns the value r of a recovered panic into an error matching
// ErrInternal. The error names the query and the panic's value with every
// secret of the connection (secrets) replaced by REDACTED, and where it
// happened; the stack goes to log, at error level, when log is set. With
// secrets nil (the connection string is still being read, its secrets are
// not known) the panic's value is not shown: it could quote the
// connection string. A *engine.Panic, a panic forwarded from one of the
// engine's goroutines, brings the stack of its origin.
func recovered(r any, query string, secrets []string, log *slog.Logger) error {
	stack := debug.Stack()
	if p, ok := r.(*engine.Panic); ok {
		r, stack = p.Value, p.Stack
	}
	e := &internalError{at: panicSite(stack), query: redact(query, secrets)}
	if secrets != nil {
		e.value = redact(fmt.Sprint(r), secrets)
	}
	if log != nil {
		log.Error("saasapi: internal error (a bug in saasapi; please report it)",
			"panic", e.value, "at", e.at, "query", e.query, "stack", string(stack))
	}
	return e
}

// redact replaces each secret in s (as written, and as written inside an
// SQL string literal: quotes doubled or escaped) by REDACTED, and shortens
// the result to maxShown characters.
func redact(s string, secrets []string) string {
	byLength := slices.Clone(secrets)
	slices.SortFunc(byLength, func(a, b string) int { return len(b) - len(a) })
	for _, secret := range byLength {
		if secret == "" {
			continue
		}
		for _, form := range []string{secret, strings.ReplaceAll(secret, "'", "''"), strings.ReplaceAll(secret, "'", `\'`)} {
			s = strings.ReplaceAll(s, form, dsn.Redacted)
		}
	}
	if utf8.RuneCountInString(s) > maxShown {
		s = string([]rune(s)[:maxShown]) + "…"
	}
	return s
}

// panicSite reads, in a stack from debug.Stack, the function that
// panicked (the first frame below the latest panic that is not the
// runtime's) and returns it as "package.Function (file.go:line)".
func panicSite(stack []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(stack))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	below := false
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "\t") || line == "" {
			continue
		}
		if strings.HasPrefix(line, "panic(") {
			below = true
			continue
		}
		if !below || strings.HasPrefix(line, "runtime.") {
			continue
		}
		fn := line
		if i := strings.LastIndex(fn, "("); i > 0 {
			fn = fn[:i]
		}
		const module = "github.com/saasapi/saasapi"
		if rest, ok := strings.CutPrefix(fn, module+"/"); ok {
			fn = rest
		} else if rest, ok := strings.CutPrefix(fn, module+"."); ok {
			fn = "saasapi." + rest
		}
		if !sc.Scan() {
			return fn
		}
		file := strings.TrimSpace(sc.Text())
		if i := strings.LastIndex(file, " +0x"); i > 0 {
			file = file[:i]
		}
		return fn + " (" + path.Base(file) + ")"
	}
	return ""
}

// catch is deferred by every method where the program calls into
// saasapi (Driver, Connector, conn, stmt, rows): it turns a panic into *err,
// an error matching ErrInternal (see recovered), with c's secrets redacted
// and the stack in c's logger. A nil c is a connection string still being
// read. With err nil (a method that returns no error) the panic is only
// logged. (recover works only in the deferred function itself: this is
// why each method defers catch rather than calling recovered.)
func (c *Connector) catch(err *error, query string) {
	r := recover()
	if r == nil {
		return
	}
	var secrets []string
	var log *slog.Logger
	if c != nil {
		secrets, log = c.secrets, c.logger
	}
	e := recovered(r, query, secrets, log)
	if err != nil {
		*err = e
	}
}

// Recovered turns the value of a panic recovered where a program called
// into saasapi through one of the SQLite bridges (a virtual table's
// callback) into an error matching [ErrInternal]: the query (which may be
// "") and the panic's value with the connection's secrets redacted, and
// the place of the panic; the stack goes to the connector's logger at
// error level. Call it from the deferred function that recovered, so that
// the stack is the panic's. A nil Connector (no connection yet) shows no
// value, since it could quote the connection string. The database/sql
// driver recovers its own panics.
func (c *Connector) Recovered(r any, query string) error {
	if c == nil {
		return recovered(r, query, nil, nil)
	}
	return recovered(r, query, c.secrets, c.logger)
}
