//go:build sqlite_vtable && cgo

package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"

	"github.com/mattn/go-sqlite3"
	"github.com/saasapi/saasapi"
	"github.com/saasapi/saasapi/dsn"
	"github.com/saasapi/saasapi/rest"
	"github.com/saasapi/saasapi/schema"
	"github.com/saasapi/saasapi/sqlite/vtab"
)

// DriverName is the name the driver is registered under with database/sql.
const DriverName = "saasapi-sqlite"

func init() {
	sql.Register(DriverName, &Driver{})
}

// Driver is the saasapi-sqlite database/sql driver. Its connection strings
// are saasapi's (CData format, see docs/dsn.md).
type Driver struct{}

var (
	_ driver.Driver        = (*Driver)(nil)
	_ driver.DriverContext = (*Driver)(nil)
	_ driver.Connector     = (*Connector)(nil)
	_ io.Closer            = (*Connector)(nil)
)

// Open opens one connection. database/sql calls OpenConnector instead,
// which parses the connection string once for the pool.
func (d *Driver) Open(name string) (_ driver.Conn, err error) {
	defer (*guard)(nil).catch(&err)
	c, err := d.OpenConnector(name)
	if err != nil {
		return nil, err
	}
	return c.Connect(context.Background())
}

// OpenConnector parses a connection string and returns a Connector.
func (d *Driver) OpenConnector(name string) (_ driver.Connector, err error) {
	defer (*guard)(nil).catch(&err)
	cfg, err := dsn.Parse(name)
	if err != nil {
		return nil, fmt.Errorf("saasapi: %w", err)
	}
	base, err := saasapi.NewConnector(cfg)
	if err != nil {
		return nil, err
	}
	return NewConnector(base), nil
}

// Connector opens in-memory SQLite connections with the tables of a
// saasapi.Connector's provider. The connections share the saasapi
// connector's REST client: its authentication, rate limiter and retries.
type Connector struct {
	provider *schema.Provider
	client   *rest.Client
	closer   io.Closer
	base     *saasapi.Connector
	maxReqs  int // the DSN's MaxRequests, for each statement
}

// NewConnector returns a Connector over base, for sql.OpenDB. Closing it
// (sql.DB.Close does) closes base.
func NewConnector(base *saasapi.Connector) *Connector {
	return &Connector{provider: base.Provider(), client: base.Client(), closer: base, base: base, maxReqs: base.MaxRequests()}
}

// Connect opens an in-memory SQLite database and declares the provider's
// tables on it as eponymous virtual tables.
func (c *Connector) Connect(ctx context.Context) (_ driver.Conn, err error) {
	g := &guard{base: c.base, provider: c.provider}
	defer g.catch(&err)
	st := vtab.NewConn(c.provider, c.client, vtab.Options{MaxRequests: c.maxReqs})
	d := &sqlite3.SQLiteDriver{ConnectHook: func(sc *sqlite3.SQLiteConn) error {
		return register(sc, st, g)
	}}
	dc, err := d.Open(":memory:")
	if err = g.result(err); err != nil {
		return nil, fmt.Errorf("saasapi: sqlite: %w", err)
	}
	return &conn{SQLiteConn: dc.(*sqlite3.SQLiteConn), st: st, g: g}, nil
}

// Driver returns the saasapi-sqlite driver.
func (c *Connector) Driver() driver.Driver { return &Driver{} }

// Close closes the saasapi connector (its log file).
func (c *Connector) Close() (err error) {
	defer (&guard{base: c.base}).catch(&err)
	if c.closer == nil {
		return nil
	}
	return c.closer.Close()
}
