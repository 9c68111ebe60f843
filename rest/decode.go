package rest

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"fmt"
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
	// explode marks the array whose elements are the rows (see
	// schema.Table.Explode).
	explode bool
}

// parentPrefix starts the path of a column read from the record that
// encloses an exploded array.
const parentPrefix = "^."

// newColTree builds the path tree of a table's columns: of the record, or
// for a table of array elements, of the element.
func newColTree(t *schema.Table) *colNode {
	return buildTree(t, func(path string) (string, bool) {
		return path, t.Explode == "" || !strings.HasPrefix(path, parentPrefix)
	})
}

// newParentTree builds the tree of the enclosing record of a table of
// array elements: its ^. columns and the array itself.
func newParentTree(t *schema.Table) *colNode {
	root := buildTree(t, func(path string) (string, bool) {
		rest, ok := strings.CutPrefix(path, parentPrefix)
		return rest, ok
	})
	n := root
	for _, seg := range strings.Split(t.Explode, ".") {
		if n.children == nil {
			n.children = map[string]*colNode{}
		}
		if n.children[seg] == nil {
			n.children[seg] = &colNode{col: -1}
		}
		n = n.children[seg]
	}
	n.explode = true
	return root
}

// buildTree builds a path tree of the columns that keep reports true for,
// at the path it returns.
func buildTree(t *schema.Table, keep func(path string) (string, bool)) *colNode {
	root := &colNode{col: -1}
	for i := range t.Columns {
		path, ok := keep(t.Columns[i].JSONPath())
		if !ok {
			continue
		}
		n := root
		for _, seg := range strings.Split(path, ".") {
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
	// parent is the tree of the enclosing record when the table's rows
	// are the elements of an array in it; nil otherwise.
	parent *colNode
}

func newDecoder(t *schema.Table) *decoder {
	d := &decoder{table: t, tree: newColTree(t)}
	if t.Explode != "" {
		d.parent = newParentTree(t)
	}
	return d
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
	// Records is the number of records in the page's array (a table of
	// array elements has more rows than records).
	Records int

	held    *pageSlots // the places among its listing's pages in memory
	place   *place     // the one the page holds there
	limit   int        // decodeHead's: records to stop after
	partial bool       // decodeHead stopped before the page's end
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
