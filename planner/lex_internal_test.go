package planner

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzPrepass holds the pre-pass: it never panics; a query without
// double quotes, brackets or || outside its strings and comments comes
// back unchanged; the rewritten text has none of them left outside its
// strings and comments, and keeps its length when no quote was doubled
// (and no \% or \_ of a string got its backslash doubled).
func FuzzPrepass(f *testing.F) {
	for _, s := range []string{
		`SELECT "name", [code], ` + "`id`" + ` FROM "projects" WHERE notes || 'x' = 'a"b[c]||d' -- "x" [y] ||`,
		`SELECT 'it''s', 'it\'s "x"', "a""b", [a]]b] FROM t /* "c" [d] || */ # "e"`,
		"SELECT * FROM a FULL OUTER JOIN b ON a.id = b.id",
		`SELECT "unterminated FROM t`, `SELECT [unterminated FROM t`, `SELECT ""`, `SELECT 1 ^ 2`,
		"SELECT `a``b` FROM t // comment \"x\"\nWHERE a || b || c",
		`/*! SELECT "x" */`, `'`, `"`, `[`, "`", `||`, `|||`, `-`, `/`, `/*`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		lx, err := prepass(sql)
		if err != nil {
			return
		}
		likeEscape := strings.Contains(sql, `\%`) || strings.Contains(sql, `\_`)
		if !hasRewritable(sql) && strings.IndexByte(sql, '^') < 0 && !likeEscape {
			if lx.sql != sql {
				t.Fatalf("changed a query without \", [ or ||:\n%q\n%q", sql, lx.sql)
			}
		}
		if hasRewritable(lx.sql) {
			t.Fatalf("left a token to rewrite:\n%q\n%q", sql, lx.sql)
		}
		if !strings.Contains(sql, `""`) && !strings.Contains(sql, "]]") && !strings.Contains(sql, "`") && !likeEscape && len(lx.sql) != len(sql) {
			t.Fatalf("length changed from %d to %d:\n%q\n%q", len(sql), len(lx.sql), sql, lx.sql)
		}
		if utf8.ValidString(sql) && !utf8.ValidString(lx.sql) {
			t.Fatalf("broke the UTF-8 of %q", sql)
		}
	})
}

// hasRewritable reports whether s has ", [ or || outside its strings,
// backtick identifiers and comments.
func hasRewritable(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\'':
			i = skipString(s, i)
		case c == '`':
			i = skipBackticks(s, i)
		case c == '"' || c == '[':
			return true
		case c == '|' && i+1 < len(s) && s[i+1] == '|':
			return true
		case c == '#' || (c == '-' || c == '/') && i+1 < len(s) && s[i+1] == c:
			end := strings.IndexByte(s[i:], '\n')
			if end < 0 {
				return false
			}
			i += end + 1
		case strings.HasPrefix(s[i:], "/*") && !strings.HasPrefix(s[i:], "/*!"):
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				return false
			}
			i += end + 4
		default:
			i++
		}
	}
	return false
}

func TestPrepassRewrites(t *testing.T) {
	cases := map[string]string{
		`SELECT "name" FROM projects`:                "SELECT `name` FROM projects",
		`SELECT [name] FROM [projects]`:              "SELECT `name` FROM `projects`",
		`SELECT "a""b", [c]]d] FROM t`:               "SELECT `a\"b` , `c]d`  FROM t",
		`SELECT "a` + "`" + `b" FROM t`:              "SELECT `a``b` FROM t",
		`SELECT a || b, a||b FROM t`:                 "SELECT a  ^ b, a ^b FROM t",
		`SELECT 'a"b' || "c" FROM t -- "d"`:          "SELECT 'a\"b'  ^ `c` FROM t -- \"d\"",
		`SELECT 'x\'"' FROM t`:                       `SELECT 'x\'"' FROM t`,
		"SELECT `\"x\"` FROM t":                      "SELECT `\"x\"` FROM t",
		`SELECT 1 /* [x] */ FROM t # "y" ||`:         `SELECT 1 /* [x] */ FROM t # "y" ||`,
		"SELECT a FROM t // \"x\"\nWHERE [b]":        "SELECT a FROM t // \"x\"\nWHERE `b`",
		`SELECT 'a' FROM t WHERE b = 'it''s"'`:       `SELECT 'a' FROM t WHERE b = 'it''s"'`,
		`SELECT "é" FROM t`:                          "SELECT `é` FROM t",
		`SELECT /*! "x" */ 1`:                        "SELECT /*! `x` */ 1",
		`SELECT * FROM full_table JOIN x USING (id)`: `SELECT * FROM full_table JOIN x USING (id)`,
	}
	for in, want := range cases {
		lx, err := prepass(in)
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if lx.sql != want {
			t.Errorf("%s:\n got %q\nwant %q", in, lx.sql, want)
		}
	}
}
