//go:build sqlite_vtable && cgo

package sqlite

import (
	"fmt"

	"github.com/mattn/go-sqlite3"
	"github.com/saasapi/saasapi/sqlite/vtab"
)

// register declares each table of the connection's provider as an
// eponymous virtual table on a new go-sqlite3 connection, and refuses
// writes to them (guard.authorize).
func register(sc *sqlite3.SQLiteConn, st *vtab.Conn, g *guard) error {
	sc.RegisterAuthorizer(g.authorize)
	for _, name := range st.Provider().TableNames() {
		if err := sc.CreateModule(name, &module{st: st, name: name, g: g}); err != nil {
			return fmt.Errorf("saasapi: sqlite: table %s: %w", name, err)
		}
	}
	return nil
}

// module is one table's eponymous-only module: the table exists on every
// connection under its own name, with no CREATE VIRTUAL TABLE.
type module struct {
	st   *vtab.Conn
	name string
	g    *guard
}

var (
	_ sqlite3.EponymousOnlyModule = (*module)(nil)
	_ sqlite3.VTab                = (*table)(nil)
	_ sqlite3.VTabCursor          = (*cursor)(nil)
)

// EponymousOnlyModule marks the module eponymous-only: xCreate is NULL.
func (m *module) EponymousOnlyModule() {}

// Create is Connect (SQLite does not call it for an eponymous-only module).
func (m *module) Create(c *sqlite3.SQLiteConn, args []string) (sqlite3.VTab, error) {
	return m.Connect(c, args)
}

// Connect declares the table's columns and returns its virtual table.
func (m *module) Connect(c *sqlite3.SQLiteConn, _ []string) (_ sqlite3.VTab, err error) {
	defer m.g.catch(&err)
	t, err := m.st.Table(m.name)
	if err != nil {
		return nil, err
	}
	if err := c.DeclareVTab(t.Declaration()); err != nil {
		return nil, fmt.Errorf("saasapi: sqlite: declare %s: %w", m.name, err)
	}
	return &table{t: t, g: m.g}, nil
}

// DestroyModule does nothing: the module holds no resources.
func (m *module) DestroyModule() {}

// table adapts a vtab.Table to go-sqlite3.
type table struct {
	t *vtab.Table
	g *guard
}

// BestIndex plans a scan with vtab.Table.BestIndex; go-sqlite3 omits
// every constraint it uses, which vtab.Options{} (no Recheck) expects.
func (t *table) BestIndex(cs []sqlite3.InfoConstraint, ob []sqlite3.InfoOrderBy) (_ *sqlite3.IndexResult, err error) {
	defer t.g.catch(&err)
	cons := make([]vtab.Constraint, len(cs))
	for i, c := range cs {
		cons[i] = vtab.Constraint{Column: c.Column, Op: vtab.Op(c.Op), Usable: c.Usable}
	}
	idx := t.t.BestIndex(cons, len(ob))
	used := make([]bool, len(cs))
	for i, a := range idx.Argv {
		used[i] = a > 0
	}
	return &sqlite3.IndexResult{Used: used, IdxNum: idx.Num, IdxStr: idx.Str, EstimatedCost: idx.Cost, EstimatedRows: idx.Rows}, nil
}

// Disconnect does nothing.
func (t *table) Disconnect() error { return nil }

// Destroy does nothing.
func (t *table) Destroy() error { return nil }

// Open opens a cursor.
func (t *table) Open() (_ sqlite3.VTabCursor, err error) {
	defer t.g.catch(&err)
	return &cursor{c: t.t.Open(), g: t.g}, nil
}

// cursor adapts a vtab.Cursor to go-sqlite3.
type cursor struct {
	c *vtab.Cursor
	g *guard
}

// Filter starts a scan.
func (c *cursor) Filter(idxNum int, idxStr string, vals []any) (err error) {
	defer c.g.catch(&err)
	return c.g.failed(c.c.Filter(idxNum, idxStr, vals))
}

// Next moves to the next row.
func (c *cursor) Next() (err error) {
	defer c.g.catch(&err)
	return c.g.failed(c.c.Next())
}

// EOF reports whether the scan is done. After a panic it is: the guard
// keeps the error, which the statement returns instead of its end.
func (c *cursor) EOF() (eof bool) {
	defer func() {
		if r := recover(); r != nil {
			c.g.keep(r)
			eof = true
		}
	}()
	return c.c.EOF()
}

// Column hands SQLite a value of the current row.
func (c *cursor) Column(ctx *sqlite3.SQLiteContext, col int) (err error) {
	defer c.g.catch(&err)
	switch v := c.c.Column(col).(type) {
	case int64:
		ctx.ResultInt64(v)
	case float64:
		ctx.ResultDouble(v)
	case string:
		ctx.ResultText(v)
	default:
		ctx.ResultNull()
	}
	return nil
}

// Rowid returns the row's number in the scan.
func (c *cursor) Rowid() (_ int64, err error) {
	defer c.g.catch(&err)
	return c.c.Rowid(), nil
}

// Close closes the cursor.
func (c *cursor) Close() (err error) {
	defer c.g.catch(&err)
	c.c.Close()
	return nil
}
