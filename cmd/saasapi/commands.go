package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/dsn"
	"github.com/saasapi/saasapi/providers"
	"github.com/saasapi/saasapi/sandbox"
)

// conn are the flags every command that queries shares.
type conn struct {
	dsn     string
	sandbox bool
	rows    int
	format  string
	record  string
	replay  string
}

func (c *conn) register(fs *flag.FlagSet) {
	fs.StringVar(&c.dsn, "dsn", "", "connection string (default $SAASAPI_DSN)")
	fs.BoolVar(&c.sandbox, "sandbox", false, "start the Harvest sandbox in-process and query it")
	fs.IntVar(&c.rows, "rows", 500, "with --sandbox: number of time entries in the sandbox dataset")
	fs.StringVar(&c.format, "format", "table", "output format: table, csv or json")
	fs.StringVar(&c.record, "record", "", "record the API exchanges into this cassette file (Fixtures=FILE;FixtureMode=record)")
	fs.StringVar(&c.replay, "replay", "", "answer from this cassette file, with no credentials and no network (Fixtures=FILE;FixtureMode=replay)")
}

// fixtures returns the connector options of --record and --replay.
func (c *conn) fixtures() ([]saasapi.Option, error) {
	switch {
	case c.record != "" && c.replay != "":
		return nil, fmt.Errorf("%w: give --record or --replay, not both", errUsage)
	case c.replay != "" && c.sandbox:
		return nil, fmt.Errorf("%w: --replay answers from the cassette; drop --sandbox and give the profile with --dsn (e.g. --dsn Profile=harvest)", errUsage)
	case c.record != "":
		return []saasapi.Option{saasapi.WithFixtures(c.record, "RECORD")}, nil // dsn.FixtureRecord
	case c.replay != "":
		return []saasapi.Option{saasapi.WithFixtures(c.replay, "REPLAY")}, nil // dsn.FixtureReplay
	}
	return nil, nil
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
// database and the in-process sandbox, and reports an error writing a
// recorded cassette.
func (c *conn) open() (*sql.DB, func() error, error) {
	switch c.format {
	case "table", "csv", "json":
	default:
		return nil, nil, fmt.Errorf("%w: --format %q (allowed: table, csv, json)", errUsage, c.format)
	}
	connector, done, err := c.connector()
	if err != nil {
		return nil, nil, err
	}
	db := sql.OpenDB(connector)
	return db, func() error {
		err := db.Close() // writes a recorded cassette
		done()
		return err
	}, nil
}

// connector makes the connector the flags say; the returned function
// stops the in-process sandbox.
func (c *conn) connector() (*saasapi.Connector, func(), error) {
	opts, err := c.fixtures()
	if err != nil {
		return nil, nil, err
	}
	dsn := c.dsn
	var cleanup []func()
	if c.sandbox {
		provider, user, err := sandboxProfile(dsn)
		if err != nil {
			return nil, nil, err
		}
		srv, err := sandbox.Start(sandbox.Options{Rows: c.rows, Provider: provider})
		if err != nil {
			return nil, nil, err
		}
		cleanup = append(cleanup, func() { srv.Close() })
		if dsn, err = sandboxDSN(srv.DSN(), user); err != nil {
			srv.Close()
			return nil, nil, err
		}
	}
	if dsn == "" {
		dsn = os.Getenv("SAASAPI_DSN")
	}
	if dsn == "" && c.replay != "" {
		return nil, nil, fmt.Errorf("%w: --replay needs the profile: pass --dsn Profile=harvest (no credentials needed) or set SAASAPI_DSN", errUsage)
	}
	if dsn == "" {
		return nil, nil, fmt.Errorf("%w: no connection string: pass --dsn, set SAASAPI_DSN, or try --sandbox", errUsage)
	}
	connector, err := saasapi.OpenConnector(dsn, opts...)
	done := func() {
		for _, f := range cleanup {
			f()
		}
	}
	if err != nil {
		done()
		return nil, nil, err
	}
	return connector, done, nil
}

// sandboxes are the APIs the sandbox emulates.
var sandboxes = []string{"harvest", "aircall", "aha"}

// sandboxProfile reads which API --sandbox should emulate from the --dsn
// given with it (its Profile; Harvest when there is none).
func sandboxProfile(connStr string) (string, *dsn.Config, error) {
	if connStr == "" {
		return "harvest", nil, nil
	}
	cfg, err := dsn.Parse(connStr)
	if err != nil {
		return "", nil, err
	}
	if cfg.Profile == "" {
		return "harvest", cfg, nil
	}
	p, err := providers.Resolve(cfg.Profile)
	if err != nil {
		return "", nil, err
	}
	if !slices.Contains(sandboxes, p.Name) {
		return "", nil, fmt.Errorf("%w: --sandbox emulates %s, not %s", errUsage, strings.Join(sandboxes, ", "), p.Name)
	}
	return p.Name, cfg, nil
}

// sandboxDSN is the sandbox's connection string, with the tuning
// properties of the user's --dsn (Pagesize, MaxRows, Timeout, Logfile,
// Verbosity and the cache's) kept; its credentials are the sandbox's.
func sandboxDSN(sandboxDSN string, user *dsn.Config) (string, error) {
	cfg, err := dsn.Parse(sandboxDSN)
	if err != nil || user == nil {
		return sandboxDSN, err
	}
	cfg.Pagesize, cfg.MaxRows, cfg.Timeout = user.Pagesize, user.MaxRows, user.Timeout
	cfg.Logfile, cfg.Verbosity = user.Logfile, user.Verbosity
	cfg.AutoCache, cfg.CacheLocation, cfg.CacheTolerance = user.AutoCache, user.CacheLocation, user.CacheTolerance
	cfg.Offline, cfg.CacheConnection = user.Offline, user.CacheConnection
	return cfg.FormatDSN(), nil
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

func (c *conn) print(ctx context.Context, stdout io.Writer, query string) (err error) {
	db, done, err := c.open()
	if err != nil {
		return err
	}
	defer func() {
		if cerr := done(); err == nil {
			err = cerr
		}
	}()
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
	provider := fs.String("provider", "harvest", "API to emulate: harvest, aircall or aha")
	addr := fs.String("addr", "127.0.0.1:0", "loopback address to listen on")
	rows := fs.Int("rows", 500, "number of time entries in the dataset")
	seed := fs.Int64("seed", 1, "seed of the generated dataset")
	var faults []sandbox.Fault
	fs.Func("fault", "inject faults into listing requests, e.g. status:code=503,page=2,times=1 (repeatable; docs/reliability.md)", func(spec string) error {
		f, err := sandbox.ParseFaults(spec)
		faults = append(faults, f...)
		return err
	})
	faultSeed := fs.Int64("fault-seed", 0, "seed of the faults' probabilities (default: --seed)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if !slices.Contains(sandboxes, *provider) {
		return fmt.Errorf("%w: --provider %q: the sandbox emulates %s", errUsage, *provider, strings.Join(sandboxes, ", "))
	}
	srv, err := sandbox.Listen(*addr, sandbox.Options{Rows: *rows, Seed: *seed, Provider: *provider, Faults: faults, FaultSeed: *faultSeed})
	if err != nil {
		return err
	}
	defer srv.Close()
	fmt.Fprintf(stdout, "%s\n", srv.DSN())
	fmt.Fprintf(stderr, "saasapi: sandbox %s serving %s; interrupt to stop\n", *provider, srv.URL())
	if len(faults) > 0 {
		fmt.Fprintf(stderr, "saasapi: injecting %s; the other host is %s\n", sandbox.FaultSpec(faults), srv.OtherURL())
	}
	if f, ok := stdout.(interface{ Sync() error }); ok {
		f.Sync()
	}
	<-ctx.Done()
	return nil
}
