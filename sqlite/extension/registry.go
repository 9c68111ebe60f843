package main

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/dsn"
	"github.com/saasapi/saasapi/sqlite/vtab"
)

// connector is a saasapi connector opened by the extension, shared by
// every table and database connection that names the same connection
// string (one rate limiter per account).
type connector struct {
	id   int
	base *saasapi.Connector
}

// ref is how tables made by saasapi_connect name their connector in their
// CREATE VIRTUAL TABLE statement, so that no secret of the connection
// string is stored in the schema ("@1").
func (c *connector) ref() string { return "@" + strconv.Itoa(c.id) }

// connectors are the connectors of the process, by connection string and
// by id.
var connectors = struct {
	sync.Mutex
	byDSN map[string]*connector
	byID  map[int]*connector
}{byDSN: map[string]*connector{}, byID: map[int]*connector{}}

// envPrefix marks a connection string read from an environment variable:
// env:SAASAPI_DSN.
const envPrefix = "env:"

// openConnector returns the connector for a connection string, for a
// reference "@N" to one opened before, or for "env:NAME", the connection
// string held by the environment variable NAME.
func openConnector(s string) (*connector, error) {
	s = strings.TrimSpace(s)
	if name, ok := strings.CutPrefix(s, envPrefix); ok {
		v := strings.TrimSpace(os.Getenv(name))
		if v == "" {
			return nil, fmt.Errorf("saasapi: environment variable %s is not set: it should hold the connection string", name)
		}
		s = v
	}
	connectors.Lock()
	defer connectors.Unlock()
	if ref, ok := strings.CutPrefix(s, "@"); ok {
		if id, err := strconv.Atoi(ref); err == nil {
			if c := connectors.byID[id]; c != nil {
				return c, nil
			}
		}
		return nil, fmt.Errorf("saasapi: no connection %s in this process: call saasapi_connect('<connection string>') again", s)
	}
	if c := connectors.byDSN[s]; c != nil {
		return c, nil
	}
	cfg, err := dsn.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("saasapi: %w", err)
	}
	base, err := saasapi.NewConnector(cfg)
	if err != nil {
		return nil, err
	}
	c := &connector{id: len(connectors.byID) + 1, base: base}
	connectors.byDSN[s] = c
	connectors.byID[c.id] = c
	return c, nil
}

// database is the extension's state for one SQLite database connection
// (one sqlite3_saasapi_init call): the vtab connection of each connector,
// whose cursors share a session per statement.
type database struct {
	mu      sync.Mutex
	conns   map[int]*vtab.Conn
	eponyms map[string]string // lower-case table name → connection ref
}

// conn returns the database's vtab connection to c.
func (d *database) conn(c *connector) *vtab.Conn {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.conns == nil {
		d.conns = map[int]*vtab.Conn{}
	}
	vc := d.conns[c.id]
	if vc == nil {
		vc = vtab.NewConn(c.base.Provider(), c.base.Client(), vtab.Options{Recheck: true, MaxRequests: c.base.MaxRequests()})
		d.conns[c.id] = vc
	}
	return vc
}

// usage is how CREATE VIRTUAL TABLE takes its arguments.
const usage = "CREATE VIRTUAL TABLE name USING saasapi('<connection string>' [, '<table>'])"

// tableArgs reads the arguments of CREATE VIRTUAL TABLE name USING
// saasapi(dsn [, table]): the connection string (or "@N") and the API
// table, by default the virtual table's own name.
func tableArgs(name string, args []string) (conn, table string, err error) {
	switch len(args) {
	case 1:
		return unquote(args[0]), name, nil
	case 2:
		return unquote(args[0]), unquote(args[1]), nil
	}
	return "", "", fmt.Errorf("saasapi: %s takes 1 or 2 arguments, got %d; use %s", name, len(args), usage)
}

// unquote removes the quotes SQLite keeps around a module argument
// ('…' or "…", with doubled quotes inside) and the spaces around it.
func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '\'' || s[0] == '"') && s[len(s)-1] == s[0] {
		q := string(s[0])
		return strings.ReplaceAll(s[1:len(s)-1], q+q, q)
	}
	return s
}

// quoteIdent quotes an SQL identifier.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// quoteString quotes an SQL string literal.
func quoteString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// errMainSchema refuses to store tables connected to a connection string
// in main: a database file would keep them, but not their connection.
var errMainSchema = errors.New("saasapi_connect: tables go to TEMP (no schema argument) or to a schema of their own, such as saasapi_connect(dsn, 'harvest'); " +
	"main takes them only for saasapi_connect('env:NAME', 'main'), the connection string read from the environment variable NAME")

// checkSchema validates the schema argument of saasapi_connect: a plain
// identifier, main only for an env: connection.
func checkSchema(s, conn string) error {
	if strings.EqualFold(s, "main") && !strings.HasPrefix(strings.TrimSpace(conn), envPrefix) {
		return errMainSchema
	}
	if s == "" {
		return errors.New("saasapi_connect: the schema name is empty")
	}
	for i, r := range s {
		if r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9' {
			continue
		}
		return fmt.Errorf("saasapi_connect: schema name %q: use letters, digits and _", s)
	}
	return nil
}

// createStatement is the statement saasapi_connect runs for one table. It
// names the connection by ref: "@N", or the env: reference it was given,
// never the connection string itself.
func createStatement(schemaName, table, ref string) string {
	return fmt.Sprintf("CREATE VIRTUAL TABLE %s.%s USING saasapi(%s, %s)",
		quoteIdent(schemaName), quoteIdent(table), quoteString(ref), quoteString(table))
}

// storedRef is how saasapi_connect's tables name the connection given as
// conn: an env: reference as it is (it still works in another process),
// anything else by the connector's number.
func storedRef(conn string, c *connector) string {
	if conn = strings.TrimSpace(conn); strings.HasPrefix(conn, envPrefix) {
		return conn
	}
	return c.ref()
}

// ours matches the CREATE statement of a saasapi table in sqlite_master.
var ours = regexp.MustCompile(`(?is)^\s*create\s+virtual\s+table\s.*\susing\s+saasapi\s*\(`)

// isOurs reports whether a table's CREATE statement (from sqlite_master)
// made a saasapi table.
func isOurs(sql string) bool { return ours.MatchString(sql) }

// usingArgs matches the first argument of a saasapi table's CREATE
// statement: USING saasapi('<connection>', …).
var usingArgs = regexp.MustCompile(`(?is)^\s*create\s+virtual\s+table\s.*?\susing\s+saasapi\s*\(\s*('(?:[^']|'')*'|"(?:[^"]|"")*"|[^,)]*)`)

// refOf returns the connection a saasapi table's CREATE statement names
// ("env:SAASAPI_DSN", "@1", or a connection string), and false for
// another module's table.
func refOf(stmt string) (string, bool) {
	m := usingArgs.FindStringSubmatch(stmt)
	if m == nil {
		return "", false
	}
	ref := unquote(m[1])
	return ref, ref != ""
}
