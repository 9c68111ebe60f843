// Command extension is the saasapi loadable SQLite extension, built with
// -buildmode=c-shared into build/saasapi.so ("make extension"). It is a C
// shim over sqlite3ext.h (shim.c) and this Go half; it does not link
// go-sqlite3: every SQLite call goes through the routine table of the
// process that loads it (the sqlite3 shell, Python's sqlite3, a BI tool).
//
//	sqlite> .load build/saasapi
//	sqlite> SELECT saasapi_connect('Profile=harvest;ProfileSettings=''APIKey=…;AccountId=…''');
//	sqlite> SELECT count(*) FROM time_entries WHERE project_id = 14308103;
//
// saasapi_connect(dsn) creates one TEMP virtual table per table of the
// profile and returns how many; saasapi_connect(dsn, 'name') attaches an
// in-memory schema of that name and creates them there. CREATE VIRTUAL
// TABLE t USING saasapi('<dsn>', 'time_entries') makes one table.
// saasapi_connect('env:NAME', 'main') writes a database file for BI
// tools: persistent tables for what can be read without inputs, the
// reports registered as eponymous tables of every connection that loads
// the extension over that file. See docs/sqlite.md.
package main

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include <stdlib.h>
#include "shim.h"
*/
import "C"

import (
	"fmt"
	"runtime/cgo"
	"strings"
	"unsafe"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/sqlite/vtab"
)

func main() {}

// cstr copies a Go string to C memory (malloc), for shim.c to free.
func cstr(s string) *C.char { return C.CString(s) }

// fail stores err's message for shim.c and returns SQLITE_ERROR.
func fail(out **C.char, err error) C.int {
	if out != nil {
		*out = cstr(err.Error())
	}
	return C.SQLITE_ERROR
}

// xtable is a virtual table of the extension: the shared vtab logic and
// the connector it reads through.
type xtable struct {
	t *vtab.Table
	c *connector
}

// xcursor is a cursor of an xtable. err keeps the error of a panic in
// xEof, which cannot report one, for the next callback to return.
type xcursor struct {
	cur *vtab.Cursor
	c   *connector
	err error
}

// testPanic is a hook of the tests (build tag saasapi_panictest): it panics
// in the callback it is called from when the test asks for one there.
var testPanic = func(callback string) {}

// catch is deferred by every function that SQLite calls, so that no Go
// panic unwinds through SQLite's C frames: a panic becomes an error
// matching saasapi.ErrInternal, whose message (the secrets of the
// connection of h, a table or cursor handle, redacted) SQLite shows; the
// stack goes to that connection's log. It stores the message in *out and
// SQLITE_ERROR in *rc. With out nil the panic is only logged.
func catch(h C.uintptr_t, out **C.char, rc *C.int) {
	if r := recover(); r != nil {
		err := baseOf(h).Recovered(r, "")
		if rc != nil {
			*rc = fail(out, err)
		}
	}
}

// baseOf returns the saasapi connector of a table or cursor handle, nil
// when there is none (the connection string is still being read).
func baseOf(h C.uintptr_t) (base *saasapi.Connector) {
	defer func() { _ = recover() }() // an invalid handle
	if h == 0 {
		return nil
	}
	switch v := cgo.Handle(h).Value().(type) {
	case *xtable:
		return v.c.base
	case *xcursor:
		return v.c.base
	}
	return nil
}

//export goOpenDB
func goOpenDB() (h C.uintptr_t) {
	defer catch(0, nil, nil)
	return C.uintptr_t(cgo.NewHandle(&database{}))
}

//export goCloseDB
func goCloseDB(h C.uintptr_t) {
	defer catch(0, nil, nil)
	cgo.Handle(h).Delete()
}

//export goVTabConnect
func goVTabConnect(aux C.uintptr_t, db *C.sqlite3, argc C.int, argv **C.char, decl, errOut **C.char) (h C.uintptr_t) {
	var rc C.int
	defer func() {
		if rc != C.SQLITE_OK {
			h = 0
		}
	}()
	defer catch(0, errOut, &rc) // the arguments hold the connection string: the panic's value is not shown
	testPanic("xConnect")
	raw := unsafe.Slice(argv, int(argc))
	args := make([]string, len(raw))
	for i, a := range raw {
		args[i] = C.GoString(a)
	}
	var (
		d              *database
		connStr, table string
		err            error
	)
	switch v := cgo.Handle(aux).Value().(type) {
	case *eponym: // a table that needs inputs, under its own name
		d, connStr, table = v.db, v.ref, v.table
	case *database:
		// argv: module name, schema, table name, then the USING arguments.
		d = v
		name := args[2]
		connStr, table, err = tableArgs(name, args[3:])
		if err == nil && connStr == "" {
			err = fmt.Errorf("saasapi: %s: the connection string is empty; use %s", name, usage)
		}
	}
	if err != nil {
		*errOut = cstr(err.Error())
		return 0
	}
	c, err := openConnector(connStr)
	if err != nil {
		*errOut = cstr(err.Error())
		return 0
	}
	t, err := d.conn(c).Table(table)
	if err != nil {
		*errOut = cstr(err.Error())
		return 0
	}
	*decl = cstr(t.Declaration())
	return C.uintptr_t(cgo.NewHandle(&xtable{t: t, c: c}))
}

//export goVTabRelease
func goVTabRelease(h C.uintptr_t) {
	defer catch(h, nil, nil)
	cgo.Handle(h).Delete()
}

//export goBestIndex
func goBestIndex(h C.uintptr_t, info *C.sqlite3_index_info, errOut **C.char) (rc C.int) {
	defer catch(h, errOut, &rc)
	testPanic("xBestIndex")
	t := cgo.Handle(h).Value().(*xtable).t
	n := int(info.nConstraint)
	var cs []C.struct_sqlite3_index_constraint
	var usage []C.struct_sqlite3_index_constraint_usage
	if n > 0 {
		cs = unsafe.Slice(info.aConstraint, n)
		usage = unsafe.Slice(info.aConstraintUsage, n)
	}
	cons := make([]vtab.Constraint, n)
	for i, c := range cs {
		cons[i] = vtab.Constraint{Column: int(c.iColumn), Op: vtab.Op(c.op), Usable: c.usable != 0}
		if cons[i].Usable && cons[i].Op != vtab.OpLIMIT && cons[i].Op != vtab.OpOFFSET {
			if coll := C.saas_collation(info, C.int(i)); coll != nil {
				cons[i].Collation = C.GoString(coll)
			}
		}
	}
	idx := t.BestIndex(cons, int(info.nOrderBy))
	for i := range usage {
		usage[i].argvIndex = C.int(idx.Argv[i])
		if idx.Omit[i] {
			usage[i].omit = 1
		} else {
			usage[i].omit = 0
		}
	}
	info.idxNum = C.int(idx.Num)
	s := C.CString(idx.Str)
	info.idxStr = C.saas_strdup(s)
	C.free(unsafe.Pointer(s))
	info.needToFreeIdxStr = 1
	info.orderByConsumed = 0
	info.estimatedCost = C.double(idx.Cost)
	info.estimatedRows = C.sqlite3_int64(idx.Rows)
	return C.SQLITE_OK
}

//export goOpen
func goOpen(h C.uintptr_t, out *C.uintptr_t, errOut **C.char) (rc C.int) {
	defer catch(h, errOut, &rc)
	testPanic("xOpen")
	t := cgo.Handle(h).Value().(*xtable)
	*out = C.uintptr_t(cgo.NewHandle(&xcursor{cur: t.t.Open(), c: t.c}))
	return C.SQLITE_OK
}

//export goClose
func goClose(h C.uintptr_t) {
	defer catch(h, nil, nil)
	defer cgo.Handle(h).Delete()
	cgo.Handle(h).Value().(*xcursor).cur.Close()
}

// cursorOf returns the cursor of a handle, or the error a panic in its
// xEof left.
func cursorOf(h C.uintptr_t) (*vtab.Cursor, error) {
	x := cgo.Handle(h).Value().(*xcursor)
	if err := x.err; err != nil {
		x.err = nil
		return nil, err
	}
	return x.cur, nil
}

//export goFilter
func goFilter(h C.uintptr_t, idxNum C.int, idxStr *C.char, argc C.int, argv **C.sqlite3_value, errOut **C.char) (rc C.int) {
	defer catch(h, errOut, &rc)
	testPanic("xFilter")
	x := cgo.Handle(h).Value().(*xcursor)
	x.err = nil // a new scan
	var vals []any
	if argc > 0 {
		for _, v := range unsafe.Slice(argv, int(argc)) {
			vals = append(vals, goValue(v))
		}
	}
	str := ""
	if idxStr != nil {
		str = C.GoString(idxStr)
	}
	if err := x.cur.Filter(int(idxNum), str, vals); err != nil {
		return fail(errOut, err)
	}
	return C.SQLITE_OK
}

// goValue converts an sqlite3_value to int64, float64, string, []byte or
// nil.
func goValue(v *C.sqlite3_value) any {
	switch C.saas_value_type(v) {
	case C.SQLITE_INTEGER:
		return int64(C.saas_value_int64(v))
	case C.SQLITE_FLOAT:
		return float64(C.saas_value_double(v))
	case C.SQLITE_TEXT:
		p := C.saas_value_text(v)
		return C.GoStringN(p, C.saas_value_bytes(v))
	case C.SQLITE_BLOB:
		p := C.saas_value_blob(v)
		return C.GoBytes(p, C.saas_value_bytes(v))
	}
	return nil
}

//export goNext
func goNext(h C.uintptr_t, errOut **C.char) (rc C.int) {
	defer catch(h, errOut, &rc)
	testPanic("xNext")
	c, err := cursorOf(h)
	if err == nil {
		err = c.Next()
	}
	if err != nil {
		return fail(errOut, err)
	}
	return C.SQLITE_OK
}

// goEOF reports whether the scan is done. xEof cannot fail: after a panic
// it reports a row, and the cursor's next callback (xColumn, xRowid or
// xNext) fails with the panic's error, so that the statement fails rather
// than ending short.
//
//export goEOF
func goEOF(h C.uintptr_t) (eof C.int) {
	defer func() {
		if r := recover(); r != nil {
			err := baseOf(h).Recovered(r, "")
			func() {
				defer func() { _ = recover() }() // an invalid handle: nothing to keep it in
				cgo.Handle(h).Value().(*xcursor).err = err
			}()
			eof = 0
		}
	}()
	testPanic("xEof")
	if cgo.Handle(h).Value().(*xcursor).cur.EOF() {
		return 1
	}
	return 0
}

//export goColumn
func goColumn(h C.uintptr_t, ctx *C.sqlite3_context, i C.int) (rc C.int) {
	var msg *C.char
	defer func() {
		if msg != nil {
			C.saas_result_error(ctx, msg)
			C.free(unsafe.Pointer(msg))
		}
	}()
	defer catch(h, &msg, &rc)
	testPanic("xColumn")
	c, err := cursorOf(h)
	if err != nil {
		return fail(&msg, err)
	}
	switch v := c.Column(int(i)).(type) {
	case int64:
		C.saas_result_int64(ctx, C.sqlite3_int64(v))
	case float64:
		C.saas_result_double(ctx, C.double(v))
	case string:
		C.saas_result_text(ctx, (*C.char)(unsafe.Pointer(unsafe.StringData(v))), C.int(len(v)))
	default:
		C.saas_result_null(ctx)
	}
	return C.SQLITE_OK
}

//export goRowid
func goRowid(h C.uintptr_t, rowid *C.sqlite3_int64, errOut **C.char) (rc C.int) {
	defer catch(h, errOut, &rc)
	testPanic("xRowid")
	c, err := cursorOf(h)
	if err != nil {
		return fail(errOut, err)
	}
	*rowid = C.sqlite3_int64(c.Rowid())
	return C.SQLITE_OK
}

//export goConnectFunc
func goConnectFunc(ctx *C.sqlite3_context, argc C.int, argv **C.sqlite3_value) {
	var c *connector
	defer func() {
		if r := recover(); r != nil {
			var base *saasapi.Connector // nil while the connection string is read
			if c != nil {
				base = c.base
			}
			resultError(ctx, base.Recovered(r, ""))
		}
	}()
	testPanic("saasapi_connect")
	args := unsafe.Slice(argv, int(argc))
	connStr, _ := goValue(args[0]).(string)
	schemaName := "temp"
	if argc > 1 {
		s, _ := goValue(args[1]).(string)
		if err := checkSchema(s, connStr); err != nil {
			resultError(ctx, err)
			return
		}
		schemaName = s
	}
	c, err := openConnector(connStr)
	if err != nil {
		resultError(ctx, err)
		return
	}
	d := cgo.Handle(C.saas_user_data(ctx)).Value().(*database)
	n, err := d.connectTables(C.saas_context_db(ctx), c, storedRef(connStr, c), schemaName)
	if err != nil {
		resultError(ctx, err)
		return
	}
	C.saas_result_int64(ctx, C.sqlite3_int64(n))
}

// connectTables creates a virtual table in schemaName (attached as an
// in-memory database if needed) for every table of c's provider, replacing
// the saasapi tables of the same names, and returns how many tables it
// made reachable. In main — the database file of the recipe for BI tools —
// it creates persistent tables only for the tables that can be read with
// no input: a tool that counts the rows of every table in sqlite_master
// must not stop on a report. The others (reports) become eponymous tables
// of the connection instead (see registerInputs), reachable by name.
func (d *database) connectTables(db *C.sqlite3, c *connector, ref, schemaName string) (int, error) {
	inMain := strings.EqualFold(schemaName, "main")
	if !strings.EqualFold(schemaName, "temp") && !inMain {
		name, err := queryText(db, "SELECT name FROM pragma_database_list WHERE name = ?1 COLLATE NOCASE", schemaName)
		if err != nil {
			return 0, err
		}
		if name == nil {
			if err := execSQL(db, "ATTACH DATABASE ':memory:' AS "+quoteIdent(schemaName)); err != nil {
				return 0, err
			}
		}
	}
	p := c.base.Provider()
	for _, tbl := range p.Tables {
		t := tbl.Name
		sql, err := queryText(db, "SELECT sql FROM "+quoteIdent(schemaName)+".sqlite_master WHERE type = 'table' AND name = ?1 COLLATE NOCASE", t)
		if err != nil {
			return 0, err
		}
		if sql != nil {
			if !isOurs(*sql) {
				return 0, fmt.Errorf("saasapi_connect: %s.%s exists and is not a saasapi table; pass a schema name: saasapi_connect(dsn, '%s')", schemaName, t, p.Name)
			}
			if err := execSQL(db, "DROP TABLE "+quoteIdent(schemaName)+"."+quoteIdent(t)); err != nil {
				return 0, err
			}
		}
		if inMain && !vtab.Browsable(p, tbl) {
			continue
		}
		if err := execSQL(db, createStatement(schemaName, t, ref)); err != nil {
			return 0, err
		}
	}
	if inMain {
		if err := d.registerInputs(db, ref, c); err != nil {
			return 0, err
		}
	}
	return len(p.Tables), nil
}

// eponym is the aux data of an eponymous module: the table of that name,
// read through the connection ref.
type eponym struct {
	db    *database
	ref   string
	table string
}

// registerInputs makes each table of c's provider that cannot be read
// without inputs (a report) an eponymous table of the connection, named
// after it and read through the connection ref, unless a table of that
// name is in main: SELECT * FROM time_report_clients('2024-01-01',
// '2024-12-31') then works on a database file whose persistent tables
// leave reports out. A name already registered for the same connection is
// kept.
func (d *database) registerInputs(db *C.sqlite3, ref string, c *connector) error {
	p := c.base.Provider()
	for _, t := range p.Tables {
		if vtab.Browsable(p, t) {
			continue
		}
		d.mu.Lock()
		same := d.eponyms[strings.ToLower(t.Name)] == ref
		d.mu.Unlock()
		if same {
			continue
		}
		taken, err := queryText(db, "SELECT name FROM main.sqlite_master WHERE name = ?1 COLLATE NOCASE", t.Name)
		if err != nil {
			return err
		}
		if taken != nil {
			continue
		}
		name := C.CString(t.Name)
		h := cgo.NewHandle(&eponym{db: d, ref: ref, table: t.Name})
		rc := C.saas_create_eponymous(db, name, C.uintptr_t(h)) // SQLite deletes h with the module
		C.free(unsafe.Pointer(name))
		if rc != C.SQLITE_OK {
			return fmt.Errorf("saasapi_connect: cannot register table %s (SQLite error %d)", t.Name, int(rc))
		}
		d.mu.Lock()
		if d.eponyms == nil {
			d.eponyms = map[string]string{}
		}
		d.eponyms[strings.ToLower(t.Name)] = ref
		d.mu.Unlock()
	}
	return nil
}

// goInitDB runs when the extension is loaded into a connection: when the
// connection's database file holds saasapi tables (made by the recipe for
// BI tools), the tables of their providers that need inputs become
// eponymous tables, as saasapi_connect made them when it wrote the file.
// Nothing here may fail the load: a connection string that cannot be
// opened now is reported when a table is used.
//
//export goInitDB
func goInitDB(db *C.sqlite3, h C.uintptr_t) {
	defer catch(0, nil, nil)
	d, ok := cgo.Handle(h).Value().(*database)
	if !ok {
		return
	}
	stmts, err := queryText(db, "SELECT group_concat(sql, char(30)) FROM main.sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'", "")
	if err != nil || stmts == nil {
		return
	}
	seen := map[string]bool{}
	for _, stmt := range strings.Split(*stmts, "\x1e") {
		ref, ok := refOf(stmt)
		if !ok || seen[ref] {
			continue
		}
		seen[ref] = true
		c, err := openConnector(ref)
		if err != nil {
			continue
		}
		_ = d.registerInputs(db, ref, c)
	}
}

// execSQL runs SQL on the connection.
func execSQL(db *C.sqlite3, sql string) error {
	s := C.CString(sql)
	defer C.free(unsafe.Pointer(s))
	var msg *C.char
	if C.saas_exec(db, s, &msg) != C.SQLITE_OK {
		defer C.free(unsafe.Pointer(msg))
		return fmt.Errorf("saasapi_connect: %s", C.GoString(msg))
	}
	return nil
}

// queryText returns the first column of the first row of sql run with
// arg as ?1 (no argument when arg is ""), or nil when there is no row.
func queryText(db *C.sqlite3, sql, arg string) (*string, error) {
	s := C.CString(sql)
	defer C.free(unsafe.Pointer(s))
	var a *C.char
	if arg != "" {
		a = C.CString(arg)
		defer C.free(unsafe.Pointer(a))
	}
	var out, msg *C.char
	if C.saas_query_text(db, s, a, &out, &msg) != C.SQLITE_OK {
		defer C.free(unsafe.Pointer(msg))
		return nil, fmt.Errorf("saasapi_connect: %s", C.GoString(msg))
	}
	if out == nil {
		return nil, nil
	}
	defer C.free(unsafe.Pointer(out))
	v := C.GoString(out)
	return &v, nil
}

// resultError makes the SQL function fail with err's message.
func resultError(ctx *C.sqlite3_context, err error) {
	s := C.CString(err.Error())
	defer C.free(unsafe.Pointer(s))
	C.saas_result_error(ctx, s)
}
