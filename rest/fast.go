package rest

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/saasapi/saasapi/schema"
)

// The page decoder below reads a response held in memory byte by byte:
// keys are matched against the column tree without allocating, skipped
// values are stepped over without building tokens, and only the values of
// columns are converted. It accepts exactly the JSON encoding/json accepts
// (a differential fuzz test holds it to the token-based decoder).

// maxDepth bounds nesting, so hostile input cannot exhaust the stack.
const maxDepth = 1000

type scanner struct {
	b     []byte
	i     int
	depth int
}

func (s *scanner) fail(what string) error {
	return fmt.Errorf("%w: malformed JSON at byte %d: %s", ErrBadResponse, s.i, what)
}

func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// peek returns the next significant byte, or 0 at the end.
func (s *scanner) peek() byte {
	s.ws()
	if s.i >= len(s.b) {
		return 0
	}
	return s.b[s.i]
}

func (s *scanner) expect(c byte) error {
	if s.peek() != c {
		return s.fail(fmt.Sprintf("expected %q", c))
	}
	s.i++
	return nil
}

// str reads a string (at its opening quote) and returns its bytes between
// the quotes and whether they hold escapes or bytes needing care.
func (s *scanner) str() ([]byte, bool, error) {
	if s.peek() != '"' {
		return nil, false, s.fail("expected a string")
	}
	s.i++
	start := s.i
	special := false
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			raw := s.b[start:s.i]
			s.i++
			return raw, special, nil
		case c == '\\':
			special = true
			if s.i+1 >= len(s.b) {
				return nil, false, s.fail("unterminated escape")
			}
			switch s.b[s.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.i += 2
			case 'u':
				if s.i+6 > len(s.b) {
					return nil, false, s.fail("short \\u escape")
				}
				for _, h := range s.b[s.i+2 : s.i+6] {
					if !isHex(h) {
						return nil, false, s.fail("bad \\u escape")
					}
				}
				s.i += 6
			default:
				return nil, false, s.fail("bad escape")
			}
		case c < 0x20:
			return nil, false, s.fail("control character in string")
		case c >= 0x80:
			special = true
			s.i++
		default:
			s.i++
		}
	}
	return nil, false, s.fail("unterminated string")
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// unquote decodes a string's bytes as encoding/json does: escapes
// resolved, each invalid UTF-8 byte and lone surrogate as U+FFFD.
func unquote(raw []byte, special bool) string {
	if !special {
		return string(raw)
	}
	var b []byte
	for i := 0; i < len(raw); {
		c := raw[i]
		if c == '\\' {
			switch raw[i+1] {
			case 'u':
				r := rune(hex4(raw[i+2 : i+6]))
				i += 6
				if utf16.IsSurrogate(r) {
					if i+6 <= len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
						if r2 := utf16.DecodeRune(r, rune(hex4(raw[i+2:i+6]))); r2 != utf8.RuneError {
							b = utf8.AppendRune(b, r2)
							i += 6
							continue
						}
					}
					r = utf8.RuneError
				}
				b = utf8.AppendRune(b, r)
				continue
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			default: // " \ /
				b = append(b, raw[i+1])
			}
			i += 2
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && size == 1 {
			b = utf8.AppendRune(b, utf8.RuneError)
		} else {
			b = append(b, raw[i:i+size]...)
		}
		i += size
	}
	return string(b)
}

func hex4(h []byte) uint16 {
	var v uint16
	for _, c := range h {
		v <<= 4
		switch {
		case c >= '0' && c <= '9':
			v |= uint16(c - '0')
		case c >= 'a' && c <= 'f':
			v |= uint16(c - 'a' + 10)
		default:
			v |= uint16(c - 'A' + 10)
		}
	}
	return v
}

// number reads a JSON number and returns its text.
func (s *scanner) number() ([]byte, error) {
	start := s.i
	if s.i < len(s.b) && s.b[s.i] == '-' {
		s.i++
	}
	digits := func() int {
		n := 0
		for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
			s.i++
			n++
		}
		return n
	}
	if s.i < len(s.b) && s.b[s.i] == '0' {
		s.i++
	} else if digits() == 0 {
		return nil, s.fail("bad number")
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if digits() == 0 {
			return nil, s.fail("bad number")
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if digits() == 0 {
			return nil, s.fail("bad number")
		}
	}
	return s.b[start:s.i], nil
}

func (s *scanner) literal(word string) error {
	if !bytes.HasPrefix(s.b[s.i:], []byte(word)) {
		return s.fail("bad literal")
	}
	s.i += len(word)
	return nil
}

// scalar reads a scalar as the token encoding/json would give: string,
// json.Number, bool or nil. It reports false (and reads nothing) at an
// object or array.
func (s *scanner) scalar() (json.Token, bool, error) {
	switch c := s.peek(); {
	case c == '"':
		raw, special, err := s.str()
		if err != nil {
			return nil, true, err
		}
		return unquote(raw, special), true, nil
	case c == 't':
		return true, true, s.literal("true")
	case c == 'f':
		return false, true, s.literal("false")
	case c == 'n':
		return nil, true, s.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		n, err := s.number()
		return json.Number(n), true, err
	case c == '{' || c == '[':
		return nil, false, nil
	case c == 0:
		return nil, true, s.fail("unexpected end")
	}
	return nil, true, s.fail("unexpected character")
}

// skip steps over any value.
func (s *scanner) skip() error {
	switch s.peek() {
	case '{':
		return s.object(func(_ []byte, _ bool) error { return s.skip() })
	case '[':
		return s.array(s.skip)
	}
	_, _, err := s.scalar()
	return err
}

// object reads an object, calling each with every key (its raw bytes)
// positioned at the value, which each must consume.
func (s *scanner) object(each func(key []byte, special bool) error) error {
	if err := s.expect('{'); err != nil {
		return err
	}
	if s.depth++; s.depth > maxDepth {
		return s.fail("nested too deep")
	}
	defer func() { s.depth-- }()
	if s.peek() == '}' {
		s.i++
		return nil
	}
	for {
		key, special, err := s.str()
		if err != nil {
			return err
		}
		if err := s.expect(':'); err != nil {
			return err
		}
		if err := each(key, special); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.i++
		case '}':
			s.i++
			return nil
		default:
			return s.fail("expected ',' or '}'")
		}
	}
}

// array reads an array, calling each at every element.
func (s *scanner) array(each func() error) error {
	if err := s.expect('['); err != nil {
		return err
	}
	if s.depth++; s.depth > maxDepth {
		return s.fail("nested too deep")
	}
	defer func() { s.depth-- }()
	if s.peek() == ']' {
		s.i++
		return nil
	}
	for {
		if err := each(); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.i++
		case ']':
			s.i++
			return nil
		default:
			return s.fail("expected ',' or ']'")
		}
	}
}

// child finds the tree node of a key without allocating for plain keys.
func child(n *colNode, key []byte, special bool) *colNode {
	if n == nil || n.children == nil {
		return nil
	}
	if special {
		return n.children[unquote(key, true)]
	}
	return n.children[string(key)]
}

// decodeBytes is decode over a body held in memory.
func (d *decoder) decodeBytes(body []byte, recordsPath, objectPath string, pg schema.Paging) (*Page, error) {
	return d.decodeHead(body, recordsPath, objectPath, pg, 0)
}

// errHead stops decodeHead's walk once it has its rows.
var errHead = errors.New("rest: the head of the page is read")

// decodeHead is decodeBytes that stops after the first limit records (0:
// none), for a page whose first rows are wanted before the rest is
// decoded. A page it stops in is marked partial: its counters and link,
// and whether the rest of it is well formed, are unknown.
func (d *decoder) decodeHead(body []byte, recordsPath, objectPath string, pg schema.Paging, limit int) (*Page, error) {
	s := &scanner{b: body}
	p := &Page{Total: -1, TotalPages: -1, limit: limit}
	var err error
	switch {
	case recordsPath == "" && objectPath == "":
		err = d.fastRecord(s, d.tree, p)
	case recordsPath == "$":
		err = d.fastRecords(s, p)
	default:
		env := &envNode{}
		if recordsPath != "" {
			env.add(recordsPath, envRecords)
			env.add(pg.NextPath, envNext)
			env.add(pg.TotalPath, envTotal)
			env.add(pg.TotalPagesPath, envTotalPages)
		} else {
			env.add(objectPath, envRecord)
		}
		err = d.fastEnvelope(s, env, p)
	}
	if errors.Is(err, errHead) {
		p.partial = true
		return p, nil
	}
	if err != nil {
		return nil, err
	}
	if s.ws(); s.i < len(s.b) {
		return nil, fmt.Errorf("%w: data after the JSON value", ErrBadResponse)
	}
	return p, nil
}

func (d *decoder) fastEnvelope(s *scanner, n *envNode, p *Page) error {
	switch c := s.peek(); {
	case c == 'n':
		return s.literal("null")
	case c != '{':
		t, _, err := s.scalar()
		if err != nil {
			return err
		}
		if c == '[' {
			return fmt.Errorf("%w: expected a JSON object, got an array", ErrBadResponse)
		}
		return fmt.Errorf("%w: expected a JSON object, got %v", ErrBadResponse, describe(t))
	}
	return s.object(func(key []byte, special bool) error {
		var c *envNode
		if special {
			c = n.children[unquote(key, true)]
		} else if n.children != nil {
			c = n.children[string(key)]
		}
		if c == nil {
			return s.skip()
		}
		switch c.kind {
		case envObject:
			return d.fastEnvelope(s, c, p)
		case envRecords:
			return d.fastRecords(s, p)
		case envRecord:
			return d.fastRecord(s, d.tree, p)
		}
		t, ok, err := s.scalar()
		if err != nil {
			return err
		}
		if !ok {
			if c.kind == envNext {
				return fmt.Errorf("%w: next page link is an object or array, not a string", ErrBadResponse)
			}
			return fmt.Errorf("%w: a count is an object or array, not a number", ErrBadResponse)
		}
		switch c.kind {
		case envNext:
			switch v := t.(type) {
			case string:
				p.Next = v
			case nil:
			default:
				return fmt.Errorf("%w: next page link is %v, not a string", ErrBadResponse, describe(t))
			}
		case envTotal, envTotalPages:
			if num, ok := t.(json.Number); ok {
				v, _ := num.Int64()
				if c.kind == envTotal {
					p.Total = v
				} else {
					p.TotalPages = v
				}
			}
		}
		return nil
	})
}

func (d *decoder) fastRecords(s *scanner, p *Page) error {
	switch s.peek() {
	case 'n':
		return s.literal("null")
	case '[':
	case '{':
		return fmt.Errorf("%w: expected the array of records, got an object", ErrBadResponse)
	default:
		t, _, err := s.scalar()
		if err != nil {
			return err
		}
		return fmt.Errorf("%w: expected the array of records, got %v", ErrBadResponse, describe(t))
	}
	return s.array(func() error {
		p.Records++
		if err := d.fastRecord(s, d.tree, p); err != nil {
			return fmt.Errorf("record %d: %w", len(p.Rows)+1, err)
		}
		if p.limit > 0 && p.Records >= p.limit {
			return errHead
		}
		return nil
	})
}

// fastRecord reads one record into a new row appended to p (none for
// null).
func (d *decoder) fastRecord(s *scanner, n *colNode, p *Page) error {
	if s.peek() == 'n' {
		return s.literal("null")
	}
	row := make([]driver.Value, len(d.table.Columns))
	if d.parent == nil {
		if err := d.fastObject(s, n, row, nil); err != nil {
			return err
		}
		p.Rows = append(p.Rows, row)
		return nil
	}
	// A table of array elements: read the enclosing record's columns and
	// the elements, then make one row per element.
	var elems [][]byte
	if err := d.fastObject(s, d.parent, row, &elems); err != nil {
		return err
	}
	for _, e := range elems {
		r := append([]driver.Value(nil), row...)
		if err := d.fastObject(&scanner{b: e}, d.tree, r, nil); err != nil {
			return fmt.Errorf("%s element: %w", d.table.Explode, err)
		}
		p.Rows = append(p.Rows, r)
	}
	return nil
}

// fastObject reads an object into row along the column tree; the elements
// of an exploded array are appended to elems.
func (d *decoder) fastObject(s *scanner, n *colNode, row []driver.Value, elems *[][]byte) error {
	if c := s.peek(); c != '{' {
		t, ok, err := s.scalar()
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%w: expected an object, got an array", ErrBadResponse)
		}
		return fmt.Errorf("%w: expected an object, got %v", ErrBadResponse, describe(t))
	}
	return s.object(func(key []byte, special bool) error {
		c := child(n, key, special)
		switch {
		case c == nil:
			return s.skip()
		case c.explode && elems != nil:
			if s.peek() == 'n' {
				return s.literal("null")
			}
			if s.peek() != '[' {
				return fmt.Errorf("%w: %s is not an array", ErrBadResponse, d.table.Explode)
			}
			return s.array(func() error {
				s.ws()
				start := s.i
				if err := s.skip(); err != nil {
					return err
				}
				*elems = append(*elems, s.b[start:s.i])
				return nil
			})
		case c.col >= 0 && c.typ == schema.TypeJSON:
			s.ws()
			start := s.i
			if err := s.skip(); err != nil {
				return err
			}
			raw := s.b[start:s.i]
			if bytes.Equal(raw, []byte("null")) {
				return nil
			}
			row[c.col] = compact(raw)
			if c.children != nil && raw[0] == '{' {
				sub := &scanner{b: raw}
				return d.fastObject(sub, c, row, elems)
			}
			return nil
		case c.col >= 0:
			t, ok, err := s.scalar()
			if err != nil {
				return err
			}
			if !ok {
				what := "an object"
				if s.peek() == '[' {
					what = "an array"
				}
				return fmt.Errorf("%w: column %s: expected %s, got %s", ErrBadResponse, d.table.Columns[c.col].Name, c.typ, what)
			}
			v, err := convert(t, c.typ)
			if err != nil {
				return fmt.Errorf("%w: column %s: %v", ErrBadResponse, d.table.Columns[c.col].Name, err)
			}
			row[c.col] = v
			return nil
		}
		if s.peek() == 'n' {
			return s.literal("null")
		}
		return d.fastObject(s, c, row, elems)
	})
}
