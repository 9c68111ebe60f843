package planner

import (
	"database/sql/driver"
	"fmt"
	"strings"

	"github.com/saasapi/saasapi/schema"
)

// The CData system tables, queryable like any table.
const (
	SysTables       = "sys_tables"
	SysTableColumns = "sys_tablecolumns"
)

// Catalog and schema names reported by sys_tables.
const sysCatalog = "saasapi"

var explainColumns = textColumns("plan", "detail", "est_requests")

func textColumns(names ...string) []Column {
	cols := make([]Column, len(names))
	for i, n := range names {
		cols[i] = Column{Name: n, Type: schema.TypeText}
	}
	return cols
}

// providerOf returns the provider behind a catalog, when it is one.
func providerName(cat Catalog) string {
	if p, ok := cat.(*schema.Provider); ok {
		return p.Name
	}
	return ""
}

func tables(cat Catalog) []*schema.Table {
	var out []*schema.Table
	for _, n := range cat.TableNames() {
		if t, ok := cat.Table(n); ok {
			out = append(out, t)
		}
	}
	return out
}

// showTables answers SHOW TABLES.
func showTables(cat Catalog) Node {
	v := &Values{Cols: textColumns("table_name", "description"), Name: "SHOW TABLES"}
	for _, t := range tables(cat) {
		v.Rows = append(v.Rows, []driver.Value{t.Name, t.Doc})
	}
	return v
}

// describe answers DESCRIBE t: one row per column with its type, whether
// it is the key, which predicates on it reach the API, and its doc.
func describe(t *schema.Table) Node {
	v := &Values{Cols: textColumns("column_name", "data_type", "nullable", "key", "pushdown", "description"), Name: "DESCRIBE " + t.Name}
	for _, c := range t.Columns {
		key, null := "", "YES"
		if c.Key {
			key, null = "PRI", "NO"
		}
		v.Rows = append(v.Rows, []driver.Value{c.Name, c.Type.String(), null, key, Pushdown(t, c.Name), c.Doc})
	}
	return v
}

// sysTable returns the rows of sys_tables or sys_tablecolumns.
func sysTable(cat Catalog, name string) (*Values, bool) {
	prov := providerName(cat)
	switch strings.ToLower(name) {
	case SysTables:
		v := &Values{Name: SysTables, Cols: []Column{
			{Name: "CatalogName", Type: schema.TypeText}, {Name: "SchemaName", Type: schema.TypeText},
			{Name: "TableName", Type: schema.TypeText}, {Name: "TableType", Type: schema.TypeText},
			{Name: "Description", Type: schema.TypeText, Nullable: true},
		}}
		for _, t := range tables(cat) {
			v.Rows = append(v.Rows, []driver.Value{sysCatalog, prov, t.Name, "TABLE", t.Doc})
		}
		return v, true
	case SysTableColumns:
		v := &Values{Name: SysTableColumns, Cols: []Column{
			{Name: "CatalogName", Type: schema.TypeText}, {Name: "SchemaName", Type: schema.TypeText},
			{Name: "TableName", Type: schema.TypeText}, {Name: "ColumnName", Type: schema.TypeText},
			{Name: "Ordinal", Type: schema.TypeInteger}, {Name: "DataTypeName", Type: schema.TypeText},
			{Name: "IsNullable", Type: schema.TypeBoolean}, {Name: "IsKey", Type: schema.TypeBoolean},
			{Name: "IsPushdown", Type: schema.TypeBoolean}, {Name: "Pushdown", Type: schema.TypeText},
			{Name: "Description", Type: schema.TypeText, Nullable: true},
		}}
		for _, t := range tables(cat) {
			for i, c := range t.Columns {
				push := Pushdown(t, c.Name)
				v.Rows = append(v.Rows, []driver.Value{sysCatalog, prov, t.Name, c.Name, int64(i + 1), c.Type.String(),
					!c.Key, c.Key, push != "", push, c.Doc})
			}
		}
		return v, true
	}
	return nil, false
}

// Pushdown describes which predicates on a column reach the API, e.g.
// "= (path /time_entries/{id})" or ">= > = (from), <= < = (to)".
func Pushdown(t *schema.Table, column string) string {
	var parts []string
	for _, a := range t.Paths {
		for _, k := range a.Keys {
			if strings.EqualFold(k, column) {
				parts = append(parts, fmt.Sprintf("= (path %s)", a.Path))
			}
		}
		for _, f := range a.Filters {
			if strings.EqualFold(f.Column, column) {
				ops := make([]string, len(f.Ops))
				for i, o := range f.Ops {
					ops[i] = string(o)
				}
				parts = append(parts, fmt.Sprintf("%s (%s)", strings.Join(ops, " "), f.Param))
			}
		}
	}
	return strings.Join(parts, ", ")
}
