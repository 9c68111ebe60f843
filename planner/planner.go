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

const bridgeHint = "; the SQLite bridge (driver saasapi-sqlite) runs all of SQLite's SQL"

// Options adjusts what Plan does; the zero value is Plan's default.
type Options struct {
	// NoPushdown plans every table as its plain listing (or, for a table
	// read only below a parent, the fan-out over the parent) and leaves
	// every condition, join key, IN list, LIMIT and COUNT to the engine:
	// nothing of the query reaches the API. Tests use it to hold the
	// results of pushed-down plans to those of unpushed ones.
	NoPushdown bool
	// Replicas are the tables' copies in the cache (PlanCached); nil
	// reads every table from the API.
	Replicas Replicas
}

// Plan parses sql, binds args (by position for ?, by name for :name) and
// plans it against the catalog. Identifiers may be quoted with backticks,
// double quotes or brackets; || concatenates (see prepass).
func Plan(cat Catalog, sql string, args []driver.NamedValue) (*Query, error) {
	return PlanWith(cat, sql, args, Options{})
}

// PlanWith is Plan with options.
func PlanWith(cat Catalog, sql string, args []driver.NamedValue, opts Options) (*Query, error) {
	lx, err := prepass(sql)
	if err != nil {
		return nil, err
	}
	return plan(cat, lx, lx.sql, args, opts)
}

// plan plans the statement sql, the pre-passed text of lx or a part of it,
// with the tables' copies in the cache when opts.Replicas is set.
func plan(cat Catalog, lx *lexed, sql string, args []driver.NamedValue, opts Options) (*Query, error) {
	reps := opts.Replicas
	if reShowTables.MatchString(sql) {
		return &Query{Root: showTables(cat)}, nil
	}
	if m := reDescribe.FindStringSubmatch(sql); m != nil {
		t, err := lookupTable(cat, m[1])
		if err != nil {
			return nil, err
		}
		return &Query{Root: describe(t)}, nil
	}
	if m := reExplain.FindStringSubmatch(sql); m != nil {
		inner, err := plan(cat, lx, m[1], args, opts)
		if err != nil {
			return nil, err
		}
		if inner.Kind != KindSelect {
			return nil, newError(ErrUnsupported, "EXPLAIN takes a SELECT statement")
		}
		return &Query{Kind: KindExplain, Explained: inner, Root: &Values{Cols: explainColumns}}, nil
	}
	if m := reFirstWord.FindStringSubmatch(sql); m != nil && readOnlyVerbs[strings.ToUpper(m[1])] {
		return nil, newError(ErrReadOnly, fmt.Sprintf("saasapi is read-only: %s is not supported; only SELECT, SHOW TABLES, DESCRIBE and EXPLAIN are", strings.ToUpper(m[1])))
	}
	if reWith.MatchString(sql) {
		return nil, newError(ErrUnsupported, "WITH (common table expressions) is not supported by the native driver's SQL parser"+bridgeHint)
	}
	stmt, err := sqlparser.Parse(sql)
	if err != nil {
		msg := strings.TrimSpace(err.Error())
		lower := strings.ToLower(sql)
		switch {
		case strings.Contains(lower, " over") && strings.Contains(lower, "("):
			msg += "; window functions (OVER) are not supported by the native driver" + bridgeHint
		case len(lx.dquoted) > 0:
			msg += `; a word in double quotes is a name, not a string: write strings in single quotes ('…')`
		}
		return nil, newError(ErrSyntax, msg)
	}
	b := &binder{cat: cat, args: args, dquoted: lx.dquoted, replicas: reps}
	var root Node
	switch s := stmt.(type) {
	case *sqlparser.Select, *sqlparser.Union, *sqlparser.ParenSelect:
		root, err = b.selectStatement(stmt.(sqlparser.SelectStatement), nil)
	case *sqlparser.Insert, *sqlparser.Update, *sqlparser.Delete, *sqlparser.DDL, *sqlparser.Set:
		return nil, newError(ErrReadOnly, "saasapi is read-only: only SELECT, SHOW TABLES, DESCRIBE and EXPLAIN are supported")
	default:
		_ = s
		return nil, newError(ErrUnsupported, fmt.Sprintf("statement %q is not supported; only SELECT, SHOW TABLES, DESCRIBE and EXPLAIN are", firstWords(sql)))
	}
	if err != nil {
		return nil, err
	}
	if err := b.checkArgs(); err != nil {
		return nil, err
	}
	root, runs, err := optimize(cat, root, opts)
	if err != nil {
		return nil, err
	}
	return &Query{Root: root, Passes: runs, Cached: reps != nil}, nil
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
	names := append(cat.TableNames(), SysTables, SysTableColumns, SysCache)
	if s := schema.Suggest(name, names); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	} else {
		msg += "; SHOW TABLES lists the tables"
	}
	return nil, &Error{Err: ErrUnknownTable, Table: name, Msg: msg}
}

// binder turns parsed statements into plans: tables and columns looked
// up, arguments bound, expressions typed.
type binder struct {
	cat  Catalog
	args []driver.NamedValue
	used map[int]bool // ordinals of the arguments bound
	// err is the first failure of building a leaf (see build).
	err error
	// correlated is the flag of the subquery being planned, set when it
	// reads a column of an enclosing query.
	correlated *bool
	// dquoted are the lower-cased names the query wrote in double quotes.
	dquoted map[string]bool
	// replicas are the tables' copies in the cache (nil: no cache), for
	// sys_cache.
	replicas Replicas
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
