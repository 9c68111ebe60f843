package planner

import (
	"database/sql/driver"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/saasapi/saasapi/schema"
	"github.com/xwb1989/sqlparser"
)

// Statements the parser would mangle are recognized first: it loses the
// table names of DESCRIBE and SHOW COLUMNS, and EXPLAIN.
var (
	reShowTables  = regexp.MustCompile(`(?is)^\s*show\s+(?:full\s+)?tables\s*;?\s*$`)
	reDescribe    = regexp.MustCompile("(?is)^\\s*(?:describe|desc|show\\s+(?:full\\s+)?columns\\s+(?:from|in))\\s+`?([A-Za-z_][A-Za-z0-9_]*)`?\\s*;?\\s*$")
	reExplain     = regexp.MustCompile(`(?is)^\s*explain\s+(.*)$`)
	reWith        = regexp.MustCompile(`(?is)^\s*with\s`)
	reFirstWord   = regexp.MustCompile(`^\s*([A-Za-z]+)`)
	readOnlyVerbs = map[string]bool{"INSERT": true, "UPDATE": true, "DELETE": true, "REPLACE": true, "CREATE": true,
		"DROP": true, "ALTER": true, "TRUNCATE": true, "RENAME": true, "GRANT": true, "REVOKE": true, "MERGE": true, "UPSERT": true}
)

// Plan parses sql, binds args (by position for ?, by name for :name) and
// plans it against the catalog.
func Plan(cat Catalog, sql string, args []driver.NamedValue) (*Query, error) {
	if reShowTables.MatchString(sql) {
		return &Query{Kind: KindShow, Limit: -1}, nil
	}
	if m := reDescribe.FindStringSubmatch(sql); m != nil {
		t, err := lookupTable(cat, m[1])
		if err != nil {
			return nil, err
		}
		return &Query{Kind: KindDescribe, Table: t, Limit: -1}, nil
	}
	if m := reExplain.FindStringSubmatch(sql); m != nil {
		inner, err := Plan(cat, m[1], args)
		if err != nil {
			return nil, err
		}
		if inner.Kind != KindSelect {
			return nil, newError(ErrUnsupported, "EXPLAIN takes a SELECT statement")
		}
		return &Query{Kind: KindExplain, Explained: inner, Limit: -1}, nil
	}
	if m := reFirstWord.FindStringSubmatch(sql); m != nil && readOnlyVerbs[strings.ToUpper(m[1])] {
		return nil, newError(ErrReadOnly, fmt.Sprintf("saasapi is read-only: %s is not supported; only SELECT, SHOW TABLES, DESCRIBE and EXPLAIN are", strings.ToUpper(m[1])))
	}
	if reWith.MatchString(sql) {
		return nil, newError(ErrUnsupported, "WITH (common table expressions) is not supported by the native driver's SQL parser; use the SQLite bridge (driver saasapi-sqlite), where all of SQLite's SQL works")
	}
	stmt, err := sqlparser.Parse(sql)
	if err != nil {
		msg := strings.TrimSpace(err.Error())
		if strings.Contains(strings.ToLower(sql), " over") || strings.Contains(sql, "||") || strings.Contains(sql, `"`) {
			msg += `; the native driver speaks MySQL's dialect (CONCAT() not ||, 'strings', backtick identifiers, no window functions); for all of SQLite's SQL use the SQLite bridge (driver saasapi-sqlite)`
		}
		return nil, newError(ErrSyntax, msg)
	}
	switch s := stmt.(type) {
	case *sqlparser.Select:
		b := &binder{cat: cat, args: args}
		q, err := b.selectStmt(s)
		if err != nil {
			return nil, err
		}
		if err := b.checkArgs(); err != nil {
			return nil, err
		}
		return q, nil
	case *sqlparser.Union:
		return nil, newError(ErrUnsupported, "UNION is not supported by the native driver yet; use the SQLite bridge (driver saasapi-sqlite)")
	case *sqlparser.ParenSelect:
		return nil, newError(ErrUnsupported, "a parenthesized SELECT is not supported; remove the parentheses")
	case *sqlparser.Insert, *sqlparser.Update, *sqlparser.Delete, *sqlparser.DDL, *sqlparser.Set:
		return nil, newError(ErrReadOnly, "saasapi is read-only: only SELECT, SHOW TABLES, DESCRIBE and EXPLAIN are supported")
	default:
		return nil, newError(ErrUnsupported, fmt.Sprintf("statement %q is not supported; only SELECT, SHOW TABLES, DESCRIBE and EXPLAIN are", firstWords(sql)))
	}
}

func firstWords(s string) string {
	f := strings.Fields(s)
	if len(f) > 3 {
		f = f[:3]
	}
	return strings.Join(f, " ")
}

// lookupTable finds a table or says which names exist.
func lookupTable(cat Catalog, name string) (*schema.Table, error) {
	if t, ok := cat.Table(name); ok {
		return t, nil
	}
	msg := fmt.Sprintf("unknown table %q", name)
	if s := schema.Suggest(name, cat.TableNames()); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	} else {
		msg += "; SHOW TABLES lists the tables"
	}
	return nil, &Error{Err: ErrUnknownTable, Table: name, Msg: msg}
}

// binder turns the parsed SELECT into a Query: tables and columns looked
// up, arguments bound, expressions typed.
type binder struct {
	cat  Catalog
	args []driver.NamedValue
	used map[int]bool // ordinals of the positional args bound
}

// arg returns the value of a placeholder: ":v1" is the first positional
// argument, ":name" the named one.
func (b *binder) arg(name string) (driver.Value, error) {
	name = strings.TrimPrefix(name, ":")
	if b.used == nil {
		b.used = map[int]bool{}
	}
	if rest, ok := strings.CutPrefix(name, "v"); ok {
		if n, err := strconv.Atoi(rest); err == nil {
			for _, a := range b.args {
				if a.Ordinal == n && a.Name == "" {
					b.used[n] = true
					return a.Value, nil
				}
			}
			if n <= len(b.args) && b.args[n-1].Name == "" {
				b.used[n] = true
				return b.args[n-1].Value, nil
			}
			return nil, newError(ErrArgument, fmt.Sprintf("placeholder %d has no argument: the query has more ? than the %d argument(s) given", n, len(b.args)))
		}
	}
	for _, a := range b.args {
		if strings.EqualFold(a.Name, name) {
			b.used[a.Ordinal] = true
			return a.Value, nil
		}
	}
	return nil, newError(ErrArgument, fmt.Sprintf("no argument named %q: pass sql.Named(%q, value)", name, name))
}

func (b *binder) checkArgs() error {
	for _, a := range b.args {
		if !b.used[a.Ordinal] {
			if a.Name != "" {
				return newError(ErrArgument, fmt.Sprintf("argument %q is not used by the query", a.Name))
			}
			return newError(ErrArgument, fmt.Sprintf("%d argument(s) given but the query has only %d placeholder(s)", len(b.args), len(b.used)))
		}
	}
	return nil
}
