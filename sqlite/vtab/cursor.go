package vtab

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/saasapi/saasapi/engine"
	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/schema"
)

// Cursor reads the rows of one scan of a table. SQLite calls Filter to
// (re)start it, then Next, EOF and Column. It is not safe for concurrent
// use.
type Cursor struct {
	t       *Table
	sess    *engine.Session
	rows    *engine.Rows
	row     []driver.Value
	eof     bool
	rowid   int64
	filters int   // Filter calls so far
	left    int64 // rows LIMIT still allows, -1 without LIMIT
	closed  bool
	fan     *fanOut // the parent rows of a fan-out, nil otherwise
}

// fanOut is the state of a scan that runs once per row of the parent
// table: the parent's rows, and what each run of the child scan takes.
type fanOut struct {
	parent *engine.Rows
	col    int // the parent's key column
	scan   *planner.Scan
	vals   []driver.Value // the child's constraint values, after the key
	keep   bool
	seen   map[string]bool // parent keys already read
}

// Filter starts the scan that BestIndex numbered num (with idxStr str).
// args are the values of the used constraints, in Index.Argv order, as
// SQLite passes them: int64, float64, string, []byte or nil. An IN list or
// a join calls Filter once per value: scans with constraint values keep
// their rows for the statement, so each distinct request is sent once.
// A fan-out reads the parent table, then the scan once per distinct
// parent key, in the parent's order, as the native driver does.
func (c *Cursor) Filter(num int, str string, args []any) error {
	c.filters++
	c.rows, c.row, c.eof, c.rowid, c.left, c.fan = nil, nil, true, 0, -1, nil
	p, err := c.t.plan(num, str)
	if err != nil {
		return err
	}
	if p.scan == nil {
		return c.t.missingError()
	}
	if len(args) < len(p.cols) {
		return fmt.Errorf("saasapi: %s: xFilter got %d values, the plan needs %d", c.t.Schema.Name, len(args), len(p.cols))
	}
	vals := make([]driver.Value, len(p.cols))
	for i, col := range p.cols {
		if err := c.t.checkInput(col, args[i]); err != nil {
			return err
		}
		vals[i] = apiValue(c.t.Schema.Columns[col].Type, args[i])
	}
	scan := p.scan
	var limit, offset int64 = -1, 0
	if p.limit >= 0 && p.limit < len(args) {
		limit = intArg(args[p.limit], -1)
	}
	if p.offset >= 0 && p.offset < len(args) {
		offset = max(intArg(args[p.offset], 0), 0)
	}
	if limit == 0 {
		return nil
	}
	if limit > 0 && limit+offset > 0 && limit+offset <= math.MaxInt32 && p.parent == nil {
		// The scan needs limit+offset rows: the first page asks for no
		// more, and no page is fetched ahead.
		cp := *scan
		cp.PageSize = int(limit + offset)
		cp.Need = limit + offset
		scan = &cp
	}
	// Rows with constraint values are kept for the statement (IN lists,
	// joins); a whole-table scan is kept from its second run on (the inner
	// side of a join SQLite cannot drive by key). A scan with LIMIT is
	// never kept: keeping reads every page, and SQLite passes LIMIT only
	// for a single table without IN, which it scans once.
	keep := (len(vals) > 0 || c.filters > 1) && limit < 0
	if p.parent != nil {
		again := c.filters > 1 && limit < 0
		parent, err := c.sess.Scan(p.parent, nil, again)
		if err != nil {
			return c.t.wrap(err)
		}
		c.fan = &fanOut{parent: parent, col: p.parentCol, scan: scan, vals: vals, keep: again, seen: map[string]bool{}}
	} else if c.rows, err = c.sess.Scan(scan, vals, keep); err != nil {
		return c.t.wrap(err)
	}
	c.eof = false
	for range offset {
		if err := c.Next(); err != nil || c.eof {
			return err
		}
	}
	if limit > 0 {
		c.left = limit
	}
	return c.Next()
}

// Next moves to the next row.
func (c *Cursor) Next() error {
	if (c.rows == nil && c.fan == nil) || c.left == 0 {
		c.rows, c.row, c.eof, c.fan = nil, nil, true, nil
		return nil
	}
	if c.left > 0 {
		c.left--
	}
	for {
		if c.rows == nil {
			if err := c.nextParent(); err != nil || c.eof {
				return err
			}
		}
		row, err := c.rows.Next()
		if err == io.EOF && c.fan != nil {
			c.rows = nil
			continue
		}
		if err == io.EOF {
			c.rows, c.row, c.eof = nil, nil, true
			// A statement whose context ended must not look complete.
			return c.t.conn.context().Err()
		}
		if err != nil {
			c.rows, c.row, c.eof, c.fan = nil, nil, true, nil
			return c.t.wrap(err)
		}
		c.row = row
		c.rowid++
		return nil
	}
}

// nextParent opens the child scan of a fan-out for the next parent row
// with a key not read yet, or ends the cursor after the last.
func (c *Cursor) nextParent() error {
	f := c.fan
	for {
		prow, err := f.parent.Next()
		if err == io.EOF {
			c.rows, c.row, c.eof, c.fan = nil, nil, true, nil
			return c.t.conn.context().Err()
		}
		if err != nil {
			c.rows, c.row, c.eof, c.fan = nil, nil, true, nil
			return c.t.wrap(err)
		}
		key := prow[f.col]
		if key == nil {
			continue
		}
		k := fmt.Sprintf("%T:%v", key, key)
		if f.seen[k] {
			continue
		}
		f.seen[k] = true
		vals := append([]driver.Value{key}, f.vals...)
		if c.rows, err = c.sess.Scan(f.scan, vals, f.keep); err != nil {
			c.rows, c.row, c.eof, c.fan = nil, nil, true, nil
			return c.t.wrap(err)
		}
		return nil
	}
}

// EOF reports whether the cursor is past the last row.
func (c *Cursor) EOF() bool { return c.eof }

// Column returns the value of column i of the current row as SQLite stores
// it: int64 (INTEGER, and BOOLEAN as 0 or 1), float64, string (TEXT;
// DATE as YYYY-MM-DD, TIMESTAMP as YYYY-MM-DD HH:MM:SS in UTC, JSON as its
// text) or nil.
func (c *Cursor) Column(i int) any {
	if c.row == nil || i < 0 || i >= len(c.row) {
		return nil
	}
	return SQLiteValue(c.t.Schema.Columns[i].Type, c.row[i])
}

// Rowid identifies the current row. SQLite needs the same rowid for the
// same row in every scan of a statement: its OR optimization merges the
// scans of the OR's terms by rowid, and a RIGHT JOIN remembers by rowid
// which rows of its right table found a match. So the rowid is the
// table's integer key when it has one, otherwise a hash of its key
// columns (of every column when it has none); the number of the row
// within the scan would repeat across scans and lose or invent rows.
func (c *Cursor) Rowid() int64 {
	if c.row == nil {
		return c.rowid
	}
	cols := c.t.rowidColumns()
	if len(cols) == 1 {
		if id, ok := c.row[cols[0]].(int64); ok && c.t.Schema.Columns[cols[0]].Type == schema.TypeInteger {
			return id
		}
	}
	h := fnv.New64a()
	for _, i := range cols {
		fmt.Fprintf(h, "%T:%v\x00", c.row[i], c.row[i])
	}
	return int64(h.Sum64())
}

// Close ends the cursor; when it is the connection's last open cursor, the
// statement's session ends with it.
func (c *Cursor) Close() {
	if c.closed {
		return
	}
	c.closed = true
	c.rows, c.row = nil, nil
	c.t.conn.release()
}

// missingError is the error of a table read without what it needs: the
// native driver's (planner.MissingKeyError, matching
// planner.ErrMissingKey), naming the keys or inputs and the WHERE that
// gives them, and then the table-valued function call that gives a
// report's inputs, or the join that supplies a parent's key.
func (t *Table) missingError() error {
	e := planner.MissingKeyError(t.Schema)
	msg := "saasapi: " + e.Msg
	if inputs := t.Inputs(); len(inputs) > 0 {
		examples := make([]string, len(inputs))
		for i, name := range inputs {
			examples[i] = exampleValue(t.Schema.Columns[t.Schema.Column(name)].Type, i)
		}
		msg += fmt.Sprintf(", or give %s as arguments: SELECT * FROM %s(%s)", strings.Join(inputs, " and "), t.Schema.Name, strings.Join(examples, ", "))
	} else {
		for _, a := range t.Schema.Paths {
			if len(a.Keys) != 1 {
				continue
			}
			if parent, ok := a.Parents[a.Keys[0]]; ok {
				if pt, pc, ok := strings.Cut(parent, "."); ok {
					msg += fmt.Sprintf(", or join %s: FROM %s p JOIN %s c ON c.%s = p.%s", pt, pt, t.Schema.Name, a.Keys[0], pc)
					break
				}
			}
		}
	}
	return &planner.Error{Err: e.Err, Table: e.Table, Msg: msg}
}

// inputForms are the forms an input column's value must have, by type:
// the text the column holds, so that the rows (which hold the value sent)
// match the constraint exactly.
var inputForms = map[schema.Type]*regexp.Regexp{
	schema.TypeDate:      regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`),
	schema.TypeTimestamp: regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$`),
}

// checkInput refuses a value of an input column (a report's from_date)
// that is not written as the column holds it ('2024-01-01' for a DATE):
// the request would send another value than the one SQLite compares.
func (t *Table) checkInput(col int, v any) error {
	c := t.Schema.Columns[col]
	if !c.Input {
		return nil
	}
	form, ok := inputForms[c.Type]
	if !ok {
		return nil
	}
	if s, ok := v.(string); ok && form.MatchString(s) {
		return nil
	}
	want := "'YYYY-MM-DD'"
	if c.Type == schema.TypeTimestamp {
		want = "'YYYY-MM-DD HH:MM:SS'"
	}
	return &planner.Error{Err: planner.ErrArgument, Table: t.Schema.Name, Column: c.Name,
		Msg: fmt.Sprintf("saasapi: %s.%s takes a %s written %s, got %s", t.Schema.Name, c.Name, strings.ToLower(c.Type.String()), want, quoteValue(v))}
}

// quoteValue writes a constraint value for an error message.
func quoteValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case string:
		return "'" + strings.ReplaceAll(x, "'", "''") + "'"
	case []byte:
		return fmt.Sprintf("X'%X'", x)
	}
	return fmt.Sprint(v)
}

// exampleValue is an example argument for the i-th input column, of
// type typ, in an error message: the first and last days of a year for a
// date range.
func exampleValue(typ schema.Type, i int) string {
	switch typ {
	case schema.TypeDate:
		return []string{"'2024-01-01'", "'2024-12-31'"}[min(i, 1)]
	case schema.TypeTimestamp:
		return []string{"'2024-01-01 00:00:00'", "'2024-12-31 23:59:59'"}[min(i, 1)]
	case schema.TypeInteger, schema.TypeReal:
		return "1"
	}
	return "'…'"
}

// wrap prefixes errors with saasapi, except the context's own.
func (t *Table) wrap(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("saasapi: %w", err)
}

// intArg reads a LIMIT or OFFSET value.
func intArg(v any, def int64) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case float64:
		return int64(x)
	}
	return def
}

// SQLiteValue converts a row value of a column of type t to the value
// SQLite stores (see Cursor.Column).
func SQLiteValue(t schema.Type, v driver.Value) any {
	switch x := v.(type) {
	case nil:
		return nil
	case bool:
		if x {
			return int64(1)
		}
		return int64(0)
	case time.Time:
		return FormatTime(t, x)
	case int64, float64, string:
		return x
	case []byte:
		return string(x)
	case int:
		return int64(x)
	}
	return fmt.Sprint(v)
}

// FormatTime writes a time as the text SQLite holds, in UTC: YYYY-MM-DD
// for a DATE column, YYYY-MM-DD HH:MM:SS for a TIMESTAMP (the format of
// SQLite's datetime()), with a fraction of 3, 6 or 9 digits when the time
// has one, so that no precision is lost. go-sqlite3 and Python's sqlite3
// read both forms back as the same time.
func FormatTime(t schema.Type, tm time.Time) string {
	tm = tm.UTC()
	if t == schema.TypeDate {
		return tm.Format(time.DateOnly)
	}
	switch ns := tm.Nanosecond(); {
	case ns == 0:
		return tm.Format(time.DateTime)
	case ns%int(time.Millisecond) == 0:
		return tm.Format("2006-01-02 15:04:05.000")
	case ns%int(time.Microsecond) == 0:
		return tm.Format("2006-01-02 15:04:05.000000")
	}
	return tm.Format("2006-01-02 15:04:05.000000000")
}

// unsendable is a value no query parameter format accepts: the engine
// then does not send the parameter, so the API returns more rows and
// SQLite checks them.
type unsendable struct{}

// canonicalTime matches the texts SQLite compares with DATE and TIMESTAMP
// columns in the same order as the API compares times.
var canonicalTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?$`)

// apiValue turns a constraint value into the value the planner's scan
// sends, with SQLite's comparison semantics: the column's affinity applies
// to the value (INTEGER and BOOLEAN columns take numeric text as a
// number, TEXT columns take numbers as text), and a value SQLite would not
// order as a time (for a DATE or TIMESTAMP column) is not sent at all.
func apiValue(t schema.Type, v any) driver.Value {
	if b, ok := v.([]byte); ok {
		v = string(b) // a BLOB never equals a column value; text is near enough
	}
	switch t {
	case schema.TypeInteger, schema.TypeBoolean, schema.TypeReal:
		if s, ok := v.(string); ok {
			if n, ok := numeric(s); ok {
				v = n
			}
		}
		if f, ok := v.(float64); ok && t != schema.TypeReal && f == math.Trunc(f) && math.Abs(f) < 1<<63 {
			v = int64(f)
		}
		return v
	case schema.TypeDate, schema.TypeTimestamp:
		s, ok := v.(string)
		if !ok || !canonicalTime.MatchString(s) {
			if v == nil {
				return nil
			}
			return unsendable{}
		}
		return s
	}
	switch x := v.(type) {
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', 15, 64)
	}
	return v
}

// numeric applies SQLite's NUMERIC affinity to a text: a well-formed
// integer or real literal, spaces around allowed, becomes a number.
func numeric(s string) (any, bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, "xXnNiI_pP") {
		return nil, false
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return f, true
	}
	return nil, false
}
