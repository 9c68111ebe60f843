package main

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// flushAt is how much output is gathered before it is written to stdout.
// Output is only ever written up to the end of a whole row, so when a
// query fails half-way stdout ends at a row boundary, never mid-value.
const flushAt = 64 << 10

// write prints every row in the format: an aligned table, CSV with one
// header line, or a JSON array of objects with the columns in order.
//
// When reading the rows fails, what was read is still printed whole (the
// CSV and table lines of the rows delivered, a closed JSON array of them)
// and the error is returned for stderr and the exit status: a consumer
// never takes a cut-off last row as data.
func write(w io.Writer, rows *sql.Rows, format string) error {
	cols, err := rows.ColumnTypes()
	if err != nil {
		return err
	}
	names := make([]string, len(cols))
	types := make([]string, len(cols))
	for i, c := range cols {
		names[i], types[i] = c.Name(), c.DatabaseTypeName()
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var buf bytes.Buffer
	var out printer
	switch format {
	case "csv":
		out = newCSVPrinter(&buf, names, types)
	case "json":
		out = newJSONPrinter(&buf, names, types)
	default:
		out = newTablePrinter(&buf, names, types)
	}
	var readErr error
	for rows.Next() {
		if readErr = rows.Scan(ptrs...); readErr != nil {
			break
		}
		out.row(vals)
		if buf.Len() >= flushAt {
			if _, err := w.Write(buf.Bytes()); err != nil {
				return err
			}
			buf.Reset()
		}
	}
	if readErr == nil {
		readErr = rows.Err()
	}
	out.end()
	_, err = w.Write(buf.Bytes())
	if readErr != nil {
		return readErr
	}
	return err
}

// printer formats rows into a buffer: row appends one whole row, end
// closes the document (the JSON array's bracket, the table's alignment).
type printer interface {
	row(vals []any)
	end()
}

type csvPrinter struct {
	cw    *csv.Writer
	types []string
	line  []string
}

func newCSVPrinter(b *bytes.Buffer, names, types []string) *csvPrinter {
	p := &csvPrinter{cw: csv.NewWriter(b), types: types, line: make([]string, len(names))}
	p.cw.Write(names) // writes to a bytes.Buffer cannot fail
	p.cw.Flush()
	return p
}

func (p *csvPrinter) row(vals []any) {
	for i, v := range vals {
		p.line[i] = text(v, p.types[i], "")
	}
	p.cw.Write(p.line)
	p.cw.Flush() // into the buffer, so it holds whole rows only
}

func (p *csvPrinter) end() {}

type jsonPrinter struct {
	b     *bytes.Buffer
	keys  [][]byte
	types []string
	n     int
}

func newJSONPrinter(b *bytes.Buffer, names, types []string) *jsonPrinter {
	p := &jsonPrinter{b: b, types: types}
	for _, n := range names {
		k, _ := json.Marshal(n)
		p.keys = append(p.keys, k)
	}
	b.WriteString("[")
	return p
}

func (p *jsonPrinter) row(vals []any) {
	if p.n > 0 {
		p.b.WriteString(",")
	}
	p.b.WriteString("\n  {")
	for i, v := range vals {
		if i > 0 {
			p.b.WriteString(", ")
		}
		p.b.Write(p.keys[i])
		p.b.WriteString(": ")
		p.b.Write(jsonValue(v, p.types[i]))
	}
	p.b.WriteString("}")
	p.n++
}

func (p *jsonPrinter) end() {
	if p.n > 0 {
		p.b.WriteString("\n")
	}
	p.b.WriteString("]\n")
}

// tablePrinter aligns the columns; the tabwriter holds the rows until
// end, as aligning needs every row's width.
type tablePrinter struct {
	tw    *tabwriter.Writer
	types []string
	line  []string
	clean *strings.Replacer
}

func newTablePrinter(b *bytes.Buffer, names, types []string) *tablePrinter {
	p := &tablePrinter{tw: tabwriter.NewWriter(b, 0, 0, 2, ' ', 0), types: types, line: make([]string, len(names)),
		clean: strings.NewReplacer("\t", " ", "\n", " ", "\r", "")}
	fmt.Fprintln(p.tw, strings.Join(names, "\t"))
	return p
}

func (p *tablePrinter) row(vals []any) {
	for i, v := range vals {
		p.line[i] = p.clean.Replace(text(v, p.types[i], "NULL"))
	}
	fmt.Fprintln(p.tw, strings.Join(p.line, "\t"))
}

func (p *tablePrinter) end() { p.tw.Flush() }

// text renders a value: dates as YYYY-MM-DD, timestamps in RFC 3339,
// NULL as null.
func text(v any, typ, null string) string {
	switch x := v.(type) {
	case nil:
		return null
	case time.Time:
		if typ == "DATE" {
			return x.Format("2006-01-02")
		}
		return x.Format(time.RFC3339)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}

func jsonValue(v any, typ string) []byte {
	switch x := v.(type) {
	case nil:
		return []byte("null")
	case time.Time:
		b, _ := json.Marshal(text(x, typ, ""))
		return b
	case string:
		if typ == "JSON" && json.Valid([]byte(x)) {
			return []byte(x)
		}
	case int64:
		return []byte(strconv.FormatInt(x, 10))
	}
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(fmt.Sprint(v))
	}
	return b
}
