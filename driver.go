package saasapi

import (
	"context"
	"database/sql"
	"database/sql/driver"
)

// DriverName is the name saasapi registers with database/sql.
const DriverName = "saasapi"

func init() {
	sql.Register(DriverName, &Driver{})
}

// Driver is the database/sql driver. Use it through sql.Open("saasapi", dsn),
// or build a connector with [NewConnector] and sql.OpenDB.
type Driver struct{}

var (
	_ driver.Driver        = (*Driver)(nil)
	_ driver.DriverContext = (*Driver)(nil)
)

// Open parses the connection string and opens a connection. database/sql
// prefers OpenConnector, which parses the string once per pool.
func (d *Driver) Open(name string) (_ driver.Conn, err error) {
	defer (*Connector)(nil).catch(&err, "")
	c, err := d.OpenConnector(name)
	if err != nil {
		return nil, err
	}
	return c.Connect(context.Background())
}

// OpenConnector parses the connection string and returns a Connector.
func (d *Driver) OpenConnector(name string) (_ driver.Connector, err error) {
	defer (*Connector)(nil).catch(&err, "")
	cfg, err := parseDSN(name)
	if err != nil {
		return nil, err
	}
	return NewConnector(cfg)
}
