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

// write prints every row in the format: an aligned table, CSV with one
// header line, or a JSON array of objects with the columns in order.
func write(w io.Writer, rows *sql.Rows, format string) error {
	cols, err := rows.ColumnTypes()
	if err != nil {
		return err
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name()
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var (
		tw   *tabwriter.Writer
		cw   *csv.Writer
		n    int
		line = make([]string, len(cols))
	)
	switch format {
	case "csv":
		cw = csv.NewWriter(w)
		if err := cw.Write(names); err != nil {
			return err
		}
	case "json":
		io.WriteString(w, "[")
	default:
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, strings.Join(names, "\t"))
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		switch format {
		case "csv":
			for i, v := range vals {
				line[i] = text(v, cols[i].DatabaseTypeName(), "")
			}
			if err := cw.Write(line); err != nil {
				return err
			}
		case "json":
			var b bytes.Buffer
			if n > 0 {
				b.WriteString(",")
			}
			b.WriteString("\n  {")
			for i, v := range vals {
				if i > 0 {
					b.WriteString(", ")
				}
				k, _ := json.Marshal(names[i])
				b.Write(k)
				b.WriteString(": ")
				b.Write(jsonValue(v, cols[i].DatabaseTypeName()))
			}
			b.WriteString("}")
			if _, err := w.Write(b.Bytes()); err != nil {
				return err
			}
		default:
			for i, v := range vals {
				line[i] = strings.NewReplacer("\t", " ", "\n", " ", "\r", "").Replace(text(v, cols[i].DatabaseTypeName(), "NULL"))
			}
			fmt.Fprintln(tw, strings.Join(line, "\t"))
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	switch format {
	case "csv":
		cw.Flush()
		return cw.Error()
	case "json":
		if n > 0 {
			io.WriteString(w, "\n")
		}
		_, err := io.WriteString(w, "]\n")
		return err
	}
	return tw.Flush()
}

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
