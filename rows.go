package saasapi

import (
	"database/sql/driver"
	"io"
	"reflect"

	"github.com/saasapi/saasapi/engine"
)

// rows streams a query's result to database/sql.
type rows struct {
	res  *engine.Result
	done bool
	// c and query name the query in the error of a recovered panic.
	c     *Connector
	query string
}

var (
	_ driver.Rows                           = (*rows)(nil)
	_ driver.RowsColumnTypeDatabaseTypeName = (*rows)(nil)
	_ driver.RowsColumnTypeScanType         = (*rows)(nil)
	_ driver.RowsColumnTypeNullable         = (*rows)(nil)
)

// Columns returns the result column names.
func (r *rows) Columns() []string {
	defer r.c.catch(nil, r.query)
	names := make([]string, len(r.res.Columns))
	for i, c := range r.res.Columns {
		names[i] = c.Name
	}
	return names
}

// Close stops the query; no further requests are sent.
func (r *rows) Close() (err error) {
	defer r.c.catch(&err, r.query)
	r.done = true
	return r.res.Close()
}

// Next fills dest with the next row.
func (r *rows) Next(dest []driver.Value) (err error) {
	defer func() {
		if err != nil {
			r.done = true
		}
	}()
	defer r.c.catch(&err, r.query)
	if r.done {
		return io.EOF
	}
	row, err := r.res.Next()
	if err != nil {
		if err != io.EOF {
			err = wrap(err)
		}
		r.done = true
		return err
	}
	copy(dest, row)
	return nil
}

// ColumnTypeDatabaseTypeName returns the SQL type (INTEGER, REAL, TEXT,
// BOOLEAN, DATE, TIMESTAMP, JSON).
func (r *rows) ColumnTypeDatabaseTypeName(i int) string {
	defer r.c.catch(nil, r.query)
	return r.res.Columns[i].Type.String()
}

// ColumnTypeNullable reports whether the column may hold NULL.
func (r *rows) ColumnTypeNullable(i int) (nullable, ok bool) {
	defer r.c.catch(nil, r.query)
	return r.res.Columns[i].Nullable, true
}

// ColumnTypeScanType returns the Go type to scan into: sql.Null* for
// nullable columns, the plain type otherwise.
func (r *rows) ColumnTypeScanType(i int) reflect.Type {
	defer r.c.catch(nil, r.query)
	c := r.res.Columns[i]
	if c.Nullable {
		return c.Type.NullScanType()
	}
	return c.Type.ScanType()
}
