package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/sandbox"
)

// conn are the flags every command that queries shares.
type conn struct {
	dsn     string
	sandbox bool
	rows    int
	format  string
}

func (c *conn) register(fs *flag.FlagSet) {
	fs.StringVar(&c.dsn, "dsn", "", "connection string (default $SAASAPI_DSN)")
	fs.BoolVar(&c.sandbox, "sandbox", false, "start the Harvest sandbox in-process and query it")
	fs.IntVar(&c.rows, "rows", 500, "with --sandbox: number of time entries in the sandbox dataset")
	fs.StringVar(&c.format, "format", "table", "output format: table, csv or json")
}

func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %s: %v", errUsage, fs.Name(), err)
	}
	return nil
}

// open connects as the flags say; the returned function releases the
// database and the in-process sandbox.
func (c *conn) open() (*sql.DB, func(), error) {
	switch c.format {
	case "table", "csv", "json":
	default:
		return nil, nil, fmt.Errorf("%w: --format %q (allowed: table, csv, json)", errUsage, c.format)
	}
	dsn := c.dsn
	var cleanup []func()
	if c.sandbox {
		if dsn != "" {
			return nil, nil, fmt.Errorf("%w: give --dsn or --sandbox, not both", errUsage)
		}
		srv, err := sandbox.Start(sandbox.Options{Rows: c.rows})
		if err != nil {
			return nil, nil, err
		}
		cleanup = append(cleanup, func() { srv.Close() })
		dsn = srv.DSN()
	}
	if dsn == "" {
		dsn = os.Getenv("SAASAPI_DSN")
	}
	if dsn == "" {
		return nil, nil, fmt.Errorf("%w: no connection string: pass --dsn, set SAASAPI_DSN, or try --sandbox", errUsage)
	}
	db, err := sql.Open(saasapi.DriverName, dsn)
	if err != nil {
		for _, f := range cleanup {
			f()
		}
		return nil, nil, err
	}
	return db, func() {
		db.Close()
		for _, f := range cleanup {
			f()
		}
	}, nil
}

func cmdQuery(ctx context.Context, args []string, stdout io.Writer) error {
	var c conn
	fs := newFlags("query")
	c.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: query takes one SQL statement (quote it)", errUsage)
	}
	return c.print(ctx, stdout, fs.Arg(0))
}

func cmdTables(ctx context.Context, args []string, stdout io.Writer) error {
	var c conn
	fs := newFlags("tables")
	c.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("%w: tables takes no arguments", errUsage)
	}
	return c.print(ctx, stdout, "SHOW TABLES")
}

func cmdDescribe(ctx context.Context, args []string, stdout io.Writer) error {
	var c conn
	fs := newFlags("describe")
	c.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: describe takes one table name", errUsage)
	}
	table := fs.Arg(0)
	if strings.ContainsAny(table, " ;`'\"") {
		return fmt.Errorf("%w: %q is not a table name", errUsage, table)
	}
	return c.print(ctx, stdout, "DESCRIBE "+table)
}

func (c *conn) print(ctx context.Context, stdout io.Writer, query string) error {
	db, done, err := c.open()
	if err != nil {
		return err
	}
	defer done()
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	return write(stdout, rows, c.format)
}

func cmdSandbox(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "serve" {
		return fmt.Errorf("%w: sandbox takes the subcommand serve", errUsage)
	}
	fs := newFlags("sandbox serve")
	provider := fs.String("provider", "harvest", "API to emulate (harvest)")
	addr := fs.String("addr", "127.0.0.1:0", "loopback address to listen on")
	rows := fs.Int("rows", 500, "number of time entries in the dataset")
	seed := fs.Int64("seed", 1, "seed of the generated dataset")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *provider != "harvest" {
		return fmt.Errorf("%w: --provider %q: the sandbox emulates harvest", errUsage, *provider)
	}
	srv, err := sandbox.Listen(*addr, sandbox.Options{Rows: *rows, Seed: *seed})
	if err != nil {
		return err
	}
	defer srv.Close()
	fmt.Fprintf(stdout, "%s\n", srv.DSN())
	fmt.Fprintf(stderr, "saasapi: sandbox %s serving %s; interrupt to stop\n", *provider, srv.URL())
	if f, ok := stdout.(interface{ Sync() error }); ok {
		f.Sync()
	}
	<-ctx.Done()
	return nil
}
