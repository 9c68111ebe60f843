package planner

import (
	"fmt"
	"strings"

	"github.com/xwb1989/sqlparser"
)

// The parser speaks MySQL, where "x" is a string and || is OR. The SQL
// that users, SQLite, PostgreSQL and BI tools write reads "x" (and CData's
// [x]) as an identifier and || as concatenation. prepass rewrites those
// tokens, outside strings and comments, into what the parser reads the
// same way: `x` for an identifier and ^ for ||. ^ has the precedence of
// SQLite's || (above * and /, below unary operators and COLLATE) and the
// native dialect has no XOR, so the binder reads every ^ as ||. Each
// rewrite keeps the text's length where it can, so that the positions in
// the parser's errors point into the text the user wrote.

// lexed is the SQL text after the pre-pass.
type lexed struct {
	sql string
	// dquoted are the lower-cased identifiers written in double quotes,
	// so that an unknown one can be reported as a quoted name, not a
	// string.
	dquoted map[string]bool
}

// prepass rewrites "ident" and [ident] to `ident` and || to ^, and
// refuses the constructs the parser would misread or reject without
// saying why (FULL OUTER JOIN, ^).
func prepass(sql string) (*lexed, error) {
	out := &lexed{}
	var b strings.Builder
	b.Grow(len(sql))
	// words are the bare words of the code, upper-cased, with their
	// positions, for recognizing keyword sequences.
	type word struct {
		text string
		pos  int
	}
	var words []word
	i := 0
	for i < len(sql) {
		c := sql[i]
		switch {
		case c == '\'':
			end := skipString(sql, i)
			writeString(&b, sql[i:end])
			words = append(words, word{text: "'", pos: i})
			i = end
		case c == '`':
			end := skipBackticks(sql, i)
			b.WriteString(sql[i:end])
			words = append(words, word{text: "`", pos: i})
			i = end
		case c == '"' || c == '[':
			closer := byte('"')
			if c == '[' {
				closer = ']'
			}
			name, end, ok := readQuoted(sql, i, closer)
			if !ok {
				return nil, newError(ErrSyntax, fmt.Sprintf("unterminated identifier %s at position %d: close it with %c", clip(sql[i:]), i+1, closer))
			}
			if name == "" {
				return nil, newError(ErrSyntax, fmt.Sprintf("empty identifier %s at position %d", sql[i:end], i+1))
			}
			ident := "`" + strings.ReplaceAll(name, "`", "``") + "`"
			b.WriteString(ident)
			for n := len(ident); n < end-i; n++ {
				b.WriteByte(' ')
			}
			if c == '"' {
				if out.dquoted == nil {
					out.dquoted = map[string]bool{}
				}
				out.dquoted[strings.ToLower(name)] = true
			}
			words = append(words, word{text: "`", pos: i})
			i = end
		case c == '#' || (c == '-' || c == '/') && i+1 < len(sql) && sql[i+1] == c:
			// A comment to the end of the line (#, -- and //, as the
			// parser reads them).
			end := strings.IndexByte(sql[i:], '\n')
			if end < 0 {
				end = len(sql)
			} else {
				end += i + 1
			}
			b.WriteString(sql[i:end])
			i = end
		case c == '/' && strings.HasPrefix(sql[i:], "/*") && !strings.HasPrefix(sql[i:], "/*!"):
			end := strings.Index(sql[i+2:], "*/")
			if end < 0 {
				end = len(sql)
			} else {
				end += i + 4
			}
			b.WriteString(sql[i:end])
			i = end
		case c == '|' && i+1 < len(sql) && sql[i+1] == '|':
			b.WriteString(" ^")
			words = append(words, word{text: "||", pos: i})
			i += 2
		case c == '^':
			return nil, newError(ErrUnsupported, fmt.Sprintf("operator ^ (bitwise XOR) at position %d is not supported", i+1))
		case isWordByte(c):
			end := i
			for end < len(sql) && isWordByte(sql[end]) {
				end++
			}
			b.WriteString(sql[i:end])
			words = append(words, word{text: strings.ToUpper(sql[i:end]), pos: i})
			i = end
		default:
			b.WriteByte(c)
			if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
				words = append(words, word{text: string(c), pos: i})
			}
			i++
		}
	}
	for k, w := range words {
		if w.text != "FULL" {
			continue
		}
		next := k + 1
		if next < len(words) && words[next].text == "OUTER" {
			next++
		}
		if next < len(words) && words[next].text == "JOIN" {
			return nil, newError(ErrUnsupported, "FULL OUTER JOIN is not supported: write it as the UNION ALL of a LEFT JOIN and of the RIGHT JOIN's rows that found no match, "+
				"SELECT … FROM a LEFT JOIN b ON a.k = b.k UNION ALL SELECT … FROM a RIGHT JOIN b ON a.k = b.k WHERE a.k IS NULL"+bridgeHint)
		}
	}
	out.sql = b.String()
	return out, nil
}

// isWordByte reports whether c continues a bare word (an identifier,
// keyword or number), as the parser's tokenizer reads them.
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '@' || c == '$' || c >= 0x80
}

// skipString returns the end of the '…' string starting at i: a doubled
// quote or a backslash escapes the next character, as in MySQL. An
// unterminated string runs to the end (the parser reports it).
// writeString writes the '…' string constant s, keeping MySQL's meaning
// of \% and \_ (a backslash and the character, for LIKE patterns): the
// parser reads them as the bare character, so their backslash is doubled.
func writeString(b *strings.Builder, s string) {
	for j := 0; j < len(s); j++ {
		b.WriteByte(s[j])
		if s[j] == '\\' && j+1 < len(s) {
			j++
			if s[j] == '%' || s[j] == '_' {
				b.WriteByte('\\')
			}
			b.WriteByte(s[j])
		}
	}
}

func skipString(s string, i int) int {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '\'':
			if j+1 < len(s) && s[j+1] == '\'' {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(s)
}

// skipBackticks returns the end of the `…` identifier starting at i (“
// is a backtick inside it).
func skipBackticks(s string, i int) int {
	for j := i + 1; j < len(s); j++ {
		if s[j] == '`' {
			if j+1 < len(s) && s[j+1] == '`' {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(s)
}

// readQuoted reads a "…" or […] identifier starting at i: the closing
// character doubled stands for itself. It returns the name and the end.
func readQuoted(s string, i int, closer byte) (string, int, bool) {
	var name strings.Builder
	for j := i + 1; j < len(s); j++ {
		if s[j] == closer {
			if j+1 < len(s) && s[j+1] == closer {
				name.WriteByte(closer)
				j++
				continue
			}
			return name.String(), j + 1, true
		}
		name.WriteByte(s[j])
	}
	return "", len(s), false
}

// clip shortens text quoted in an error message.
func clip(s string) string {
	if len(s) > 20 {
		return s[:20] + "…"
	}
	return s
}

// render prints a parsed node as SQL, with || for the ^ the pre-pass
// wrote.
func render(n sqlparser.SQLNode) string {
	buf := sqlparser.NewTrackedBuffer(func(buf *sqlparser.TrackedBuffer, node sqlparser.SQLNode) {
		if x, ok := node.(*sqlparser.BinaryExpr); ok && x.Operator == sqlparser.BitXorStr {
			buf.Myprintf("%v || %v", x.Left, x.Right)
			return
		}
		node.Format(buf)
	})
	buf.Myprintf("%v", n)
	return buf.String()
}
