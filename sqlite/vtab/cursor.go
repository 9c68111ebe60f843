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
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/saasapi/saasapi/engine"
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
}

// Filter starts the scan that BestIndex numbered num (with idxStr str).
// args are the values of the used constraints, in Index.Argv order, as
// SQLite passes them: int64, float64, string, []byte or nil. An IN list or
// a join calls Filter once per value: scans with constraint values keep
// their rows for the statement, so each distinct request is sent once.
func (c *Cursor) Filter(num int, str string, args []any) error {
	c.filters++
	c.rows, c.row, c.eof, c.rowid, c.left = nil, nil, true, 0, -1
	p, err := c.t.plan(num, str)
	if err != nil {
		return err
	}
	if p.scan == nil {
		return c.t.missingError(p.missing)
	}
	if len(args) < len(p.cols) {
		return fmt.Errorf("saasapi: %s: xFilter got %d values, the plan needs %d", c.t.Schema.Name, len(args), len(p.cols))
	}
	vals := make([]driver.Value, len(p.cols))
	for i, col := range p.cols {
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
	if limit > 0 && limit+offset > 0 && limit+offset <= math.MaxInt32 {
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
	c.rows, err = c.sess.Scan(scan, vals, keep)
	if err != nil {
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
	if c.rows == nil || c.left == 0 {
		c.rows, c.row, c.eof = nil, nil, true
		return nil
	}
	if c.left > 0 {
		c.left--
	}
	row, err := c.rows.Next()
	if err == io.EOF {
		c.rows, c.row, c.eof = nil, nil, true
		// A statement whose context ended must not look complete.
		return c.t.conn.context().Err()
	}
	if err != nil {
		c.rows, c.row, c.eof = nil, nil, true
		return c.t.wrap(err)
	}
	c.row = row
	c.rowid++
	return nil
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

// missingError names the table and the keys it needs and, when the
// profile names a key's parent table, the join that supplies it.
func (t *Table) missingError(keys []string) error {
	var uniq []string
	for _, k := range keys {
		if !slices.Contains(uniq, k) {
			uniq = append(uniq, k)
		}
	}
	if len(uniq) == 0 {
		return fmt.Errorf("saasapi: table %s cannot be read: it has no access path", t.Schema.Name)
	}
	msg := fmt.Sprintf("saasapi: table %s needs %s: add WHERE %s = …", t.Schema.Name, strings.Join(uniq, " or "), uniq[0])
	for _, a := range t.Schema.Paths {
		if len(a.Keys) != 1 {
			continue
		}
		if parent, ok := a.Parents[a.Keys[0]]; ok {
			if pt, pc, ok := strings.Cut(parent, "."); ok {
				return fmt.Errorf("%s, or join %s: FROM %s p JOIN %s c ON c.%s = p.%s", msg, pt, pt, t.Schema.Name, a.Keys[0], pc)
			}
		}
	}
	return errors.New(msg + " (or join on it)")
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

// FormatTime writes a time as SQLite text, in UTC: YYYY-MM-DD for a DATE
// column, YYYY-MM-DD HH:MM:SS for a TIMESTAMP (with milliseconds when
// they are not zero).
func FormatTime(t schema.Type, tm time.Time) string {
	tm = tm.UTC()
	if t == schema.TypeDate {
		return tm.Format(time.DateOnly)
	}
	if tm.Nanosecond() >= int(time.Millisecond) {
		return tm.Format("2006-01-02 15:04:05.000")
	}
	return tm.Format(time.DateTime)
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
