package dsn

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// segment is one Key=Value pair found by scan.
type segment struct {
	key    string // trimmed key as written
	keyOff int    // offset of the key's first byte
	val    string // value: trimmed if unquoted, unescaped if quoted
	valOff int    // offset of the value's first byte (the quote if quoted)
	quoted bool
	quote  byte   // the quote character when quoted
	raw    string // text between the quotes, still escaped

	// afterSecret names the secret property whose unquoted value precedes
	// this segment ("" if none): the key may be part of that secret.
	afterSecret string
}

// outerOffset maps an offset into seg.val to an offset into the scanned
// string, accounting for the opening quote and doubled quotes.
func (seg *segment) outerOffset(inner int) int {
	if !seg.quoted {
		return seg.valOff + inner
	}
	r := 0
	for n := 0; n < inner && r < len(seg.raw); n++ {
		if seg.raw[r] == seg.quote {
			r += 2
		} else {
			r++
		}
	}
	return seg.valOff + 1 + r
}

// isSpace is the white-space test used everywhere (it matches
// strings.TrimSpace).
func isSpace(r rune) bool { return unicode.IsSpace(r) }

// skipSpace returns the offset of the first non-space rune at or after i.
func skipSpace(s string, i int) int {
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c != ' ' && (c < '\t' || c > '\r') {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isSpace(r) {
			return i
		}
		i += n
	}
	return i
}

func quoteName(s string) string { return strconv.Quote(clip(s)) }

// scan splits s into Key=Value segments and calls fn for each, in order.
// It reports the syntax errors of the grammar itself. name maps a key to
// the name used in error messages; secret reports whether a key's value is
// secret, so that text following an unquoted secret value (which may be
// part of a secret containing ';') is never echoed.
func scan(s, prefix string, name func(key string) string, secret func(key string) bool, fn func(*segment) error) error {
	afterSecret := "" // name of the secret property whose unquoted value precedes
	i := 0
	for {
		i = skipSpace(s, i)
		if i >= len(s) {
			return nil
		}
		if s[i] == ';' { // empty segment
			i++
			continue
		}
		start := i
		j := start + strings.IndexAny(s[start:], "=;")
		if j < start || s[j] == ';' {
			end := len(s)
			if j >= start {
				end = j
			}
			e := &Error{Property: strings.TrimSuffix(prefix, "."), Offset: start, Err: ErrSyntax}
			if afterSecret != "" {
				e.Msg = `missing "=" in the text after the value of ` + afterSecret +
					` (not shown, it may be part of the secret; quote values that contain ";")`
			} else {
				e.Msg = `missing "=" after ` + quoteName(strings.TrimSpace(s[start:end]))
			}
			return e
		}
		seg := segment{key: strings.TrimSpace(s[start:j]), keyOff: start}
		if seg.key == "" {
			return &Error{Property: strings.TrimSuffix(prefix, "."), Offset: start, Err: ErrSyntax,
				Msg: "empty property name"}
		}
		i = skipSpace(s, j+1)
		if i < len(s) && (s[i] == '\'' || s[i] == '"') {
			q := s[i]
			seg.quoted, seg.quote, seg.valOff = true, q, i
			k := i + 1
			doubled := false
			for {
				n := strings.IndexByte(s[k:], q)
				if n < 0 {
					return &Error{Property: name(seg.key), Offset: i, Err: ErrSyntax,
						Msg: "unterminated quoted value (opening " + string(q) + " never closed)"}
				}
				k += n
				if k+1 < len(s) && s[k+1] == q { // doubled quote: a literal quote
					doubled = true
					k += 2
					continue
				}
				break
			}
			seg.raw = s[i+1 : k]
			seg.val = seg.raw
			if doubled {
				seg.val = strings.ReplaceAll(seg.raw, string([]byte{q, q}), string(q))
			}
			k = skipSpace(s, k+1)
			if k < len(s) && s[k] != ';' {
				return &Error{Property: name(seg.key), Offset: k, Err: ErrSyntax,
					Msg: "unexpected text after the closing quote (a quote inside a quoted value must be doubled)"}
			}
			i = k
		} else {
			seg.valOff = i
			k := strings.IndexByte(s[i:], ';')
			if k < 0 {
				k = len(s)
			} else {
				k += i
			}
			seg.val = strings.TrimRightFunc(s[i:k], isSpace)
			i = k
		}
		seg.afterSecret = afterSecret
		if err := fn(&seg); err != nil {
			return err
		}
		afterSecret = ""
		if !seg.quoted && secret(seg.key) {
			afterSecret = name(seg.key)
		}
		if i < len(s) { // skip ';'
			i++
		}
	}
}
