package vtab

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/saasapi/saasapi/engine"
	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/rest"
	"github.com/saasapi/saasapi/schema"
)

// Options says what the host SQLite bridge can do, and the limits it sets.
type Options struct {
	// Recheck is set when the host can use a constraint's value and still
	// have SQLite check the constraint (aConstraintUsage[].omit = 0). The
	// filters an API applies only loosely (a date range by day) are then
	// sent too. go-sqlite3 cannot: it omits every constraint it uses.
	Recheck bool
	// MaxRequests caps the requests of each statement (the DSN's
	// MaxRequests; 0: no cap): one that reaches it stops with
	// engine.ErrTooManyRequests.
	MaxRequests int
}

// Conn is the state of one SQLite connection: the provider's tables, the
// REST client they read through, the context of the statement being run
// and the session its cursors share. Its methods are safe for concurrent
// use; SQLite calls a connection's tables from one thread at a time.
type Conn struct {
	provider *schema.Provider
	client   *rest.Client
	opts     Options

	mu      sync.Mutex
	ctx     context.Context
	session *engine.Session
	open    int // cursors open
}

// NewConn returns the state of a new connection whose tables are p's,
// read through c.
func NewConn(p *schema.Provider, c *rest.Client, opts Options) *Conn {
	return &Conn{provider: p, client: c, opts: opts, ctx: context.Background()}
}

// Provider returns the provider whose tables the connection offers.
func (c *Conn) Provider() *schema.Provider { return c.provider }

// SetContext sets the context of the statement about to run: its requests
// are sent under ctx, so cancelling ctx stops them. The host calls it before
// each statement (SQLite's xFilter has no context). A nil ctx means
// context.Background().
func (c *Conn) SetContext(ctx context.Context) {
	if ctx == nil {
		ctx = context.Background()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ctx = ctx
	if c.session != nil {
		c.session.SetContext(engine.StatementBudget(ctx, c.opts.MaxRequests))
	}
}

// context returns the context of the running statement.
func (c *Conn) context() context.Context {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ctx
}

// acquire returns the session of the running statement, starting one when
// no cursor is open.
func (c *Conn) acquire() *engine.Session {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.session == nil {
		c.session = engine.NewSession(engine.StatementBudget(c.ctx, c.opts.MaxRequests), c.client)
	}
	c.open++
	return c.session
}

// release ends the session when the last cursor closes, so that the next
// statement sends its requests again; pages still being fetched ahead are
// abandoned.
func (c *Conn) release() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.open--; c.open <= 0 {
		if c.session != nil {
			c.session.Close()
		}
		c.open, c.session = 0, nil
	}
}

// Table returns the virtual table for the provider's table name, or an
// error (wrapping planner.ErrUnknownTable) naming it and the closest name.
func (c *Conn) Table(name string) (*Table, error) {
	t, err := LookupTable(c.provider, name)
	if err != nil {
		return nil, err
	}
	return &Table{Schema: t, conn: c, byStr: map[string]int{}}, nil
}

// LookupTable finds a provider's table by name, case-insensitively. The
// error names the table and suggests the closest name.
func LookupTable(p *schema.Provider, name string) (*schema.Table, error) {
	if t, ok := p.Table(name); ok {
		return t, nil
	}
	msg := fmt.Sprintf("saasapi: unknown table %q in profile %s", name, p.Name)
	if s := schema.Suggest(name, p.TableNames()); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	} else {
		msg += "; its tables are " + strings.Join(p.TableNames(), ", ")
	}
	return nil, &planner.Error{Err: planner.ErrUnknownTable, Table: name, Msg: msg}
}

// Table is one virtual table of a connection: a provider's table, with
// the plans chosen by BestIndex for its cursors. Its methods are safe for
// concurrent use.
type Table struct {
	// Schema is the provider's table.
	Schema *schema.Table
	conn   *Conn

	mu    sync.Mutex
	plans []*prepared
	byStr map[string]int

	rowidOnce sync.Once
	rowidCols []int
}

// rowidColumns are the columns a row's rowid is made of: the key columns,
// or every column of a table without a key.
func (t *Table) rowidColumns() []int {
	t.rowidOnce.Do(func() {
		for i, c := range t.Schema.Columns {
			if c.Key {
				t.rowidCols = append(t.rowidCols, i)
			}
		}
		if len(t.rowidCols) == 0 {
			for i := range t.Schema.Columns {
				t.rowidCols = append(t.rowidCols, i)
			}
		}
	})
	return t.rowidCols
}

// Declaration returns the CREATE TABLE statement to declare to SQLite
// (sqlite3_declare_vtab). Columns are declared with saasapi's type names
// (DeclaredType), so that SQLite clients convert them as they convert
// their own columns of those types (go-sqlite3 and Python's sqlite3 turn
// DATE and TIMESTAMP into times, go-sqlite3 BOOLEAN into bool). The key
// columns are NOT NULL and the PRIMARY KEY, so that PRAGMA table_info and
// the schema browsers of BI tools show them; a report's input columns
// (from_date, to_date) are HIDDEN, the arguments of the table-valued
// function: SELECT * FROM time_report_clients('2024-01-01', '2024-12-31').
func (t *Table) Declaration() string {
	var b strings.Builder
	var keys []string
	b.WriteString("CREATE TABLE x(")
	for i, c := range t.Schema.Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %s", quoteIdent(c.Name), DeclaredType(c.Type))
		switch {
		case c.Input:
			b.WriteString(" HIDDEN")
		case c.Key:
			b.WriteString(" NOT NULL")
			keys = append(keys, quoteIdent(c.Name))
		}
	}
	if len(keys) > 0 {
		fmt.Fprintf(&b, ", PRIMARY KEY (%s)", strings.Join(keys, ", "))
	}
	b.WriteString(")")
	return b.String()
}

// DeclaredType returns the SQLite type a column of type t is declared
// with: saasapi's own name (INTEGER, REAL, TEXT, BOOLEAN, DATE, TIMESTAMP,
// JSON). SQLite gives INTEGER, REAL and TEXT their affinity, and the
// others NUMERIC affinity, under which a text that is not a number (a
// date, a JSON document) stays text.
func DeclaredType(t schema.Type) string {
	return t.String()
}

// Inputs returns the names of the table's input columns (a report's
// from_date and to_date): the hidden columns a table-valued function call
// gives in order.
func (t *Table) Inputs() []string {
	var out []string
	for _, c := range t.Schema.Columns {
		if c.Input {
			out = append(out, c.Name)
		}
	}
	return out
}

// quoteIdent quotes an SQL identifier with double quotes.
func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// Open returns a new cursor on the table.
func (t *Table) Open() *Cursor {
	return &Cursor{t: t, sess: t.conn.acquire(), eof: true}
}

// Browsable reports whether table t of provider p can be read with no
// constraint at all: through an access path that needs nothing, or over
// its parent table (a fan-out). A table that is not — a report needing its
// date range — answers only with its inputs or keys given.
func Browsable(p *schema.Provider, t *schema.Table) bool {
	return planner.PlanScan(p, t, nil).Scan != nil || planner.PlanFanOut(p, t, nil) != nil
}
