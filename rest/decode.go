package rest

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/saasapi/saasapi/schema"
)

// colNode is one step of the tree of column JSON paths: a record key that
// is a column, leads to nested columns, or both (a JSON column whose
// fields are also columns).
type colNode struct {
	col      int // column index, -1 for an intermediate object
	typ      schema.Type
	children map[string]*colNode
}

// newColTree builds the path tree of a table's columns.
func newColTree(t *schema.Table) *colNode {
	root := &colNode{col: -1}
	for i := range t.Columns {
		n := root
		for _, seg := range strings.Split(t.Columns[i].JSONPath(), ".") {
			if n.children == nil {
				n.children = map[string]*colNode{}
			}
			child := n.children[seg]
			if child == nil {
				child = &colNode{col: -1}
				n.children[seg] = child
			}
			n = child
		}
		n.col, n.typ = i, t.Columns[i].Type
	}
	return root
}

// decoder turns JSON into rows of one table without building a map per
// record: tokens are walked and values land in their column's slot.
type decoder struct {
	table *schema.Table
	tree  *colNode
}

func newDecoder(t *schema.Table) *decoder {
	return &decoder{table: t, tree: newColTree(t)}
}

// envelope kinds
const (
	envObject = iota
	envRecords
	envNext
	envTotal
	envTotalPages
	envRecord
)

type envNode struct {
	kind     int
	children map[string]*envNode
}

func (n *envNode) add(path string, kind int) {
	if path == "" {
		return
	}
	for _, seg := range strings.Split(path, ".") {
		if n.children == nil {
			n.children = map[string]*envNode{}
		}
		child := n.children[seg]
		if child == nil {
			child = &envNode{kind: envObject}
			n.children[seg] = child
		}
		n = child
	}
	n.kind = kind
}

// Page is one decoded response.
type Page struct {
	// Rows hold one value per column: nil, int64, float64, bool, string
	// or time.Time.
	Rows [][]driver.Value
	// Next is the next page's URL, empty on the last page.
	Next string
	// Total is the row count the API reports for the whole listing, -1
	// when it reports none.
	Total int64
	// TotalPages is the number of pages the API reports, -1 when it
	// reports none.
	TotalPages int64
}

// decodePage reads a list response: the records under recordsPath and
// the paging metadata the provider declares.
func (d *decoder) decodePage(r io.Reader, recordsPath string, pg schema.Paging) (*Page, error) {
	return d.decode(r, recordsPath, "", pg)
}

// decode reads a response: the records under recordsPath and the paging
// metadata, or, when recordsPath is empty, one record at objectPath (the
// body itself when objectPath is empty too).
func (d *decoder) decode(r io.Reader, recordsPath, objectPath string, pg schema.Paging) (*Page, error) {
	p := &Page{Total: -1, TotalPages: -1}
	dec := json.NewDecoder(r)
	dec.UseNumber()
	if recordsPath == "" && objectPath == "" {
		row := make([]driver.Value, len(d.table.Columns))
		found, err := d.record(dec, d.tree, row)
		if err != nil {
			return nil, err
		}
		if found {
			p.Rows = append(p.Rows, row)
		}
		return p, trailing(dec)
	}
	if recordsPath == "$" { // the body is the array of records
		if err := d.records(dec, p); err != nil {
			return nil, err
		}
		return p, trailing(dec)
	}
	env := &envNode{}
	if recordsPath != "" {
		env.add(recordsPath, envRecords)
		env.add(pg.NextPath, envNext)
		env.add(pg.TotalPath, envTotal)
		env.add(pg.TotalPagesPath, envTotalPages)
	} else {
		env.add(objectPath, envRecord)
	}
	if err := d.envelope(dec, env, p); err != nil {
		return nil, err
	}
	return p, trailing(dec)
}

// compact returns JSON text without insignificant white space, so that a
// JSON column reads the same however the API indents its responses.
func compact(raw []byte) string {
	if bytes.IndexAny(raw, " \t\r\n") < 0 {
		return string(raw)
	}
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return string(raw)
	}
	return b.String()
}

func trailing(dec *json.Decoder) error {
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("%w: data after the JSON value", ErrBadResponse)
	}
	return nil
}

func (d *decoder) envelope(dec *json.Decoder, n *envNode, p *Page) error {
	tok, err := dec.Token()
	if err != nil {
		return badJSON(err)
	}
	if tok == nil {
		return nil
	}
	if tok != json.Delim('{') {
		return fmt.Errorf("%w: expected a JSON object, got %v", ErrBadResponse, describe(tok))
	}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return badJSON(err)
		}
		child := n.children[kt.(string)]
		if child == nil {
			if err := skip(dec); err != nil {
				return err
			}
			continue
		}
		switch child.kind {
		case envObject:
			err = d.envelope(dec, child, p)
		case envRecords:
			err = d.records(dec, p)
		case envNext:
			var t json.Token
			if t, err = dec.Token(); err == nil {
				switch v := t.(type) {
				case string:
					p.Next = v
				case nil:
				default:
					err = fmt.Errorf("%w: next page link is %v, not a string", ErrBadResponse, describe(t))
				}
			}
		case envTotal, envTotalPages:
			var t json.Token
			if t, err = dec.Token(); err == nil {
				if num, ok := t.(json.Number); ok {
					n, _ := num.Int64()
					if child.kind == envTotal {
						p.Total = n
					} else {
						p.TotalPages = n
					}
				} else if _, isDelim := t.(json.Delim); isDelim {
					err = fmt.Errorf("%w: a count is %v, not a number", ErrBadResponse, describe(t))
				}
			}
		case envRecord:
			row := make([]driver.Value, len(d.table.Columns))
			var found bool
			if found, err = d.record(dec, d.tree, row); err == nil && found {
				p.Rows = append(p.Rows, row)
			}
		}
		if err != nil {
			return badJSON(err)
		}
	}
	_, err = dec.Token()
	return badJSON(err)
}

func (d *decoder) records(dec *json.Decoder, p *Page) error {
	tok, err := dec.Token()
	if err != nil || tok == nil {
		return badJSON(err)
	}
	if tok != json.Delim('[') {
		return fmt.Errorf("%w: expected the array of records, got %v", ErrBadResponse, describe(tok))
	}
	for dec.More() {
		row := make([]driver.Value, len(d.table.Columns))
		found, err := d.record(dec, d.tree, row)
		if err != nil {
			return fmt.Errorf("record %d: %w", len(p.Rows)+1, err)
		}
		if found {
			p.Rows = append(p.Rows, row)
		}
	}
	_, err = dec.Token()
	return badJSON(err)
}

// record reads one JSON object into row along the column tree. It reports
// false when the value was null.
func (d *decoder) record(dec *json.Decoder, n *colNode, row []driver.Value) (bool, error) {
	tok, err := dec.Token()
	if err != nil {
		return false, badJSON(err)
	}
	if tok == nil {
		return false, nil
	}
	if tok != json.Delim('{') {
		return false, fmt.Errorf("%w: expected an object, got %v", ErrBadResponse, describe(tok))
	}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return false, badJSON(err)
		}
		key := kt.(string)
		child := n.children[key]
		switch {
		case child == nil:
			err = skip(dec)
		case child.col >= 0 && child.typ == schema.TypeJSON:
			var raw json.RawMessage
			if err = dec.Decode(&raw); err == nil && !bytes.Equal(raw, []byte("null")) {
				row[child.col] = compact(raw)
				if child.children != nil && len(raw) > 0 && raw[0] == '{' {
					sub := json.NewDecoder(bytes.NewReader(raw))
					sub.UseNumber()
					_, err = d.record(sub, child, row)
				}
			}
		case child.col >= 0:
			var t json.Token
			if t, err = dec.Token(); err == nil {
				if delim, ok := t.(json.Delim); ok {
					err = fmt.Errorf("%w: column %s: expected %s, got %v", ErrBadResponse,
						d.table.Columns[child.col].Name, child.typ, describe(delim))
					break
				}
				row[child.col], err = convert(t, child.typ)
				if err != nil {
					err = fmt.Errorf("%w: column %s: %v", ErrBadResponse, d.table.Columns[child.col].Name, err)
				}
			}
		default:
			_, err = d.record(dec, child, row)
		}
		if err != nil {
			return false, err
		}
	}
	_, err = dec.Token()
	return true, badJSON(err)
}

// convert turns a scalar JSON token into the Go value of a column type.
func convert(t json.Token, typ schema.Type) (driver.Value, error) {
	if t == nil {
		return nil, nil
	}
	switch typ {
	case schema.TypeInteger:
		switch v := t.(type) {
		case json.Number:
			if i, err := strconv.ParseInt(string(v), 10, 64); err == nil {
				return i, nil
			}
			if f, err := strconv.ParseFloat(string(v), 64); err == nil && f == float64(int64(f)) {
				return int64(f), nil
			}
		case string:
			if i, err := strconv.ParseInt(v, 10, 64); err == nil {
				return i, nil
			}
		}
	case schema.TypeReal:
		switch v := t.(type) {
		case json.Number:
			if f, err := strconv.ParseFloat(string(v), 64); err == nil {
				return f, nil
			}
		case string:
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				return f, nil
			}
		}
	case schema.TypeBoolean:
		if b, ok := t.(bool); ok {
			return b, nil
		}
	case schema.TypeDate, schema.TypeTimestamp:
		switch v := t.(type) {
		case string:
			if v == "" {
				return nil, nil
			}
			if tm, err := schema.ParseTime(v); err == nil {
				return tm, nil
			}
		case json.Number:
			if i, err := strconv.ParseInt(string(v), 10, 64); err == nil {
				return time.Unix(i, 0).UTC(), nil
			}
		}
	case schema.TypeJSON:
		b, _ := json.Marshal(t)
		return string(b), nil
	default: // TEXT
		switch v := t.(type) {
		case string:
			return v, nil
		case json.Number:
			return string(v), nil
		case bool:
			return strconv.FormatBool(v), nil
		}
	}
	return nil, fmt.Errorf("expected %s, got %v", typ, describe(t))
}

func skip(dec *json.Decoder) error {
	depth := 0
	for {
		t, err := dec.Token()
		if err != nil {
			return badJSON(err)
		}
		switch t {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
	}
}

func describe(t json.Token) string {
	switch v := t.(type) {
	case json.Delim:
		if v == '{' {
			return "an object"
		}
		if v == '[' {
			return "an array"
		}
		return fmt.Sprintf("%q", string(v))
	case string:
		if len(v) > 40 {
			v = v[:40] + "…"
		}
		return fmt.Sprintf("string %q", v)
	case json.Number:
		return "number " + string(v)
	case bool:
		return fmt.Sprintf("boolean %t", v)
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", t)
}

func badJSON(err error) error {
	if err == nil || errors.Is(err, ErrBadResponse) {
		return err
	}
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("%w: malformed JSON: %v", ErrBadResponse, err)
}
