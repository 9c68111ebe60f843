package rest

// The token decoder built on encoding/json's Decoder.Token: the reference
// the byte decoder (fast.go) is held to by FuzzFastDecoder, and the
// baseline of BenchmarkDecodePageTokens.

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/saasapi/saasapi/schema"
)

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
		p.Records++
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

func badJSON(err error) error {
	if err == nil || errors.Is(err, ErrBadResponse) {
		return err
	}
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("%w: malformed JSON: %v", ErrBadResponse, err)
}
