package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/saasapi/saasapi"
)

// cmdSync copies tables into an SQLite file or a PostgreSQL database:
//
//	saasapi sync --dsn DSN [--tables a,b] [--to FILE.db | --to postgres://…] [--full] [--reconcile-every DURATION]
func cmdSync(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c conn
	fs := newFlags("sync")
	c.register(fs)
	tables := fs.String("tables", "", "comma-separated tables to copy (default: every table but the reports)")
	to := fs.String("to", "", "an SQLite file, or a PostgreSQL URL postgres://… (default: the connection string's cache)")
	full := fs.Bool("full", false, "copy every table whole (and reconcile every deletion)")
	reconcile := fs.Duration("reconcile-every", 0, "list the keys to remove deleted rows when the last listing is older (0: every run)")
	progress := fs.String("progress", "auto", "a progress line per table: auto (on a terminal), always or never")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("%w: sync takes no arguments (tables go in --tables a,b)", errUsage)
	}
	var tty bool
	switch *progress {
	case "auto":
		tty = isTerminal(stderr)
	case "always":
		tty = true
	case "never":
	default:
		return fmt.Errorf("%w: --progress %q (allowed: auto, always, never)", errUsage, *progress)
	}
	connector, done, err := c.connector()
	if err != nil {
		return err
	}
	defer done()
	defer connector.Close()
	opt := saasapi.SyncOptions{To: *to, Full: *full, ReconcileEvery: *reconcile}
	if *tables != "" {
		opt.Tables = strings.Split(*tables, ",")
	}
	p := &syncPrinter{w: stderr, tty: tty}
	if tty {
		opt.Progress = p.progress
	}
	start := time.Now()
	report, err := connector.Sync(ctx, opt)
	p.finish()
	if report != nil {
		if tty {
			p.skipped(report)
		}
		fmt.Fprintln(stdout, summary(report, time.Since(start), err))
	}
	return err
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// syncPrinter draws a progress line per table on a terminal: rows, pages,
// rate-limit waits and an ETA, rewritten in place while the table is
// copied, then replaced by the table's outcome.
type syncPrinter struct {
	mu   sync.Mutex
	w    io.Writer
	tty  bool
	last time.Time
	open bool
}

// progress rewrites the current table's line (at most 10 times a second),
// and ends it with the outcome when the table is done.
func (p *syncPrinter) progress(sp saasapi.SyncProgress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if sp.Done != nil {
		fmt.Fprintf(p.w, "\r\033[K%s\n", tableLine(*sp.Done))
		p.open = false
		return
	}
	if p.open && time.Since(p.last) < 100*time.Millisecond && sp.Rows != 0 {
		return
	}
	p.last = time.Now()
	fmt.Fprintf(p.w, "\r\033[K%s", progressLine(sp))
	p.open = true
}

// finish erases a progress line left open (a failed table).
func (p *syncPrinter) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.open {
		fmt.Fprint(p.w, "\r\033[K")
		p.open = false
	}
}

// skipped prints a line per table that was not copied.
func (p *syncPrinter) skipped(r *saasapi.SyncReport) {
	for _, t := range r.Tables {
		if t.Skipped != "" {
			fmt.Fprintln(p.w, tableLine(t))
		}
	}
}

// progressLine describes a table being copied: "time_entries  incremental
// 1200 rows  3 pages  waited 0s  ETA 12s".
func progressLine(sp saasapi.SyncProgress) string {
	unit := "rows"
	if sp.Phase == "keys" {
		unit = "keys"
	}
	eta := "ETA ?"
	if sp.Expected > 0 && sp.Rows > 0 && sp.Phase == "full" {
		left := max(sp.Expected-sp.Rows, 0)
		eta = "ETA " + (time.Duration(float64(sp.Elapsed) * float64(left) / float64(sp.Rows))).Round(time.Second).String()
	}
	return fmt.Sprintf("%-28s %-12s %8d %s  %4d pages  waited %s  %s", sp.Table, sp.Phase, sp.Rows, unit, sp.Requests,
		sp.Waited.Round(100*time.Millisecond), eta)
}

// tableLine describes a table's outcome.
func tableLine(t saasapi.SyncResult) string {
	if t.Skipped != "" {
		return fmt.Sprintf("%-28s skipped: %s", t.Table, t.Skipped)
	}
	how := "incremental"
	if t.Full {
		how = "full"
	}
	return fmt.Sprintf("%-28s %-12s %8d rows  %d fetched, %d deleted  %d requests  waited %s  %s", t.Table, how, t.Rows,
		t.Fetched, t.Deleted, t.Requests, t.Waited.Round(100*time.Millisecond), t.Elapsed.Round(time.Millisecond))
}

// summary is the one line a sync prints when it ends.
func summary(r *saasapi.SyncReport, elapsed time.Duration, err error) string {
	var copied, skipped, requests int
	var fetched, deleted, rows int64
	var waited time.Duration
	for _, t := range r.Tables {
		if t.Skipped != "" {
			skipped++
			continue
		}
		copied++
		fetched += t.Fetched
		deleted += t.Deleted
		rows += t.Rows
		requests += t.Requests
		waited += t.Waited
	}
	status := "synced"
	if err != nil {
		status = "sync failed after"
	}
	line := fmt.Sprintf("%s %d tables of %s into %s: %d rows (%d fetched, %d deleted), %d requests, waited %s, %s",
		status, copied, r.Namespace, r.Target, rows, fetched, deleted, requests, waited.Round(100*time.Millisecond), elapsed.Round(time.Millisecond))
	if skipped > 0 {
		line += fmt.Sprintf("; %d skipped (reports need their range in WHERE)", skipped)
	}
	return line
}

// cmdCache manages the cache:
//
//	saasapi cache clear [--dsn DSN] [TABLE]
func cmdCache(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "clear" {
		return fmt.Errorf("%w: cache takes the subcommand clear", errUsage)
	}
	var c conn
	fs := newFlags("cache clear")
	c.register(fs)
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return fmt.Errorf("%w: cache clear takes at most one table", errUsage)
	}
	stmt := "CLEAR CACHE"
	if fs.NArg() == 1 {
		table := fs.Arg(0)
		if strings.ContainsAny(table, " ;`'\"") {
			return fmt.Errorf("%w: %q is not a table name", errUsage, table)
		}
		stmt += " " + table
	}
	db, done, err := c.open()
	if err != nil {
		return err
	}
	defer done()
	rows, err := db.QueryContext(ctx, stmt)
	if err != nil {
		return err
	}
	defer rows.Close()
	var cleared []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		cleared = append(cleared, name)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(cleared) == 0 {
		fmt.Fprintln(stdout, "the cache held nothing to clear")
		return nil
	}
	fmt.Fprintf(stdout, "cleared %d table(s): %s\n", len(cleared), strings.Join(cleared, ", "))
	return nil
}
