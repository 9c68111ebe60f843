// Command saasapi queries SaaS REST APIs with SQL from the shell, and runs
// the local sandbox APIs.
//
//	saasapi query [--dsn DSN | --sandbox] [--format table|csv|json] [--record FILE | --replay FILE] "SQL"
//	saasapi tables [--dsn DSN | --sandbox]
//	saasapi describe [--dsn DSN | --sandbox] TABLE
//	saasapi sandbox serve [--provider harvest|aircall|aha] [--addr 127.0.0.1:0] [--rows N] [--fault SPEC]
//	saasapi auth login|url|exchange|status|logout [--dsn DSN]
//	saasapi sync [--dsn DSN] [--tables a,b] [--to FILE.db | --to postgres://…] [--full]
//	saasapi cache clear [--dsn DSN] [TABLE]
//
// The DSN comes from --dsn or the SAASAPI_DSN environment variable.
// --sandbox starts the sandbox in-process and connects to it, so the
// commands show real results with no account.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"

	"github.com/saasapi/saasapi"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `saasapi: SQL over SaaS REST APIs

Usage:
  saasapi query    [--dsn DSN | --sandbox] [--format table|csv|json] [--record FILE | --replay FILE] "SQL"
  saasapi tables   [--dsn DSN | --sandbox] [--record FILE | --replay FILE]
  saasapi describe [--dsn DSN | --sandbox] [--record FILE | --replay FILE] TABLE
  saasapi sandbox serve [--provider harvest|aircall|aha] [--addr 127.0.0.1:0] [--rows N] [--seed N] [--fault SPEC]
  saasapi auth login|url|exchange|status|logout [--dsn DSN] …
  saasapi sync     [--dsn DSN | --sandbox] [--tables a,b] [--to FILE.db | --to postgres://…] [--full] [--reconcile-every 24h]
  saasapi cache clear [--dsn DSN] [TABLE]

The connection string comes from --dsn or $SAASAPI_DSN; docs/dsn.md lists
its properties. --sandbox starts a local emulator of the API and connects to
it (with --dsn Profile=aircall or Profile=aha, of that API). --record and
--replay write and read a cassette of the API exchanges (docs/fixtures.md).
"saasapi auth" manages OAuth tokens (docs/auth.md). "saasapi sync" copies
tables into SQLite or PostgreSQL, incrementally after the first run;
"saasapi cache clear" empties the cache of AutoCache (docs/cache.md).
`

// errUsage marks an error in the command line (exit status 2).
var errUsage = errors.New("usage")

// run executes one command and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			code = crashed(r, stderr)
		}
	}()
	err := dispatch(ctx, args, stdout, stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(stdout, usage)
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "saasapi: %v\n\n%s", err, usage)
		return 2
	default:
		msg := err.Error()
		if !strings.HasPrefix(msg, "saasapi: ") {
			msg = "saasapi: " + msg
		}
		fmt.Fprintln(stderr, msg)
		return 1
	}
}

// crashed reports a panic that reached the command (the driver recovers
// its own: they come back as errors matching saasapi.ErrInternal): the
// error, with nothing of the panic's value (it could quote the connection
// string), and the stack on stderr, for a bug report. It returns the exit
// status, 1. Call it from the deferred function that recovered.
func crashed(r any, stderr io.Writer) int {
	err := (*saasapi.Connector)(nil).Recovered(r, "")
	fmt.Fprintf(stderr, "%v\n\n%s", err, debug.Stack())
	return 1
}

func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: no command", errUsage)
	}
	switch args[0] {
	case "query":
		return cmdQuery(ctx, args[1:], stdout)
	case "tables":
		return cmdTables(ctx, args[1:], stdout)
	case "describe":
		return cmdDescribe(ctx, args[1:], stdout)
	case "sandbox":
		return cmdSandbox(ctx, args[1:], stdout, stderr)
	case "auth":
		return cmdAuth(ctx, args[1:], stdout, stderr)
	case "sync":
		return cmdSync(ctx, args[1:], stdout, stderr)
	case "cache":
		return cmdCache(ctx, args[1:], stdout)
	case "help", "-h", "--help", "-help":
		return flag.ErrHelp
	}
	return fmt.Errorf("%w: unknown command %q", errUsage, args[0])
}
