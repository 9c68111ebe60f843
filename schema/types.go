package schema

import (
	"database/sql"
	"fmt"
	"reflect"
	"strings"
)

// Type is the SQL type of a column. Each maps to one Go type in rows.
type Type int

// The column types. Values of a DATE or TIMESTAMP column are time.Time in UTC.
const (
	TypeText      Type = iota // string
	TypeInteger               // int64
	TypeReal                  // float64
	TypeBoolean               // bool
	TypeDate                  // time.Time, midnight UTC
	TypeTimestamp             // time.Time, UTC
	TypeJSON                  // string holding JSON text
)

var typeNames = [...]string{"TEXT", "INTEGER", "REAL", "BOOLEAN", "DATE", "TIMESTAMP", "JSON"}

// String returns the SQL name of the type ("INTEGER").
func (t Type) String() string {
	if int(t) < len(typeNames) && t >= 0 {
		return typeNames[t]
	}
	return fmt.Sprintf("Type(%d)", int(t))
}

// ParseType parses a SQL type name, case-insensitively.
func ParseType(s string) (Type, error) {
	for i, n := range typeNames {
		if strings.EqualFold(n, s) {
			return Type(i), nil
		}
	}
	return 0, fmt.Errorf("unknown type %q (allowed: %s)", s, strings.Join(typeNames[:], ", "))
}

// MarshalText writes the SQL name.
func (t Type) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText reads a SQL name.
func (t *Type) UnmarshalText(b []byte) error {
	v, err := ParseType(string(b))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

var (
	goInt64   = reflect.TypeFor[int64]()
	goFloat64 = reflect.TypeFor[float64]()
	goString  = reflect.TypeFor[string]()
	goBool    = reflect.TypeFor[bool]()
	goTime    = reflect.TypeFor[timeType]()
)

// ScanType returns the Go type values of the column have when not NULL.
func (t Type) ScanType() reflect.Type {
	switch t {
	case TypeInteger:
		return goInt64
	case TypeReal:
		return goFloat64
	case TypeBoolean:
		return goBool
	case TypeDate, TypeTimestamp:
		return goTime
	default:
		return goString
	}
}

// NullScanType returns the sql.Null* type to scan a column of type t that
// may be NULL into (sql.NullString for TEXT and JSON).
func (t Type) NullScanType() reflect.Type {
	switch t {
	case TypeInteger:
		return reflect.TypeFor[sql.NullInt64]()
	case TypeReal:
		return reflect.TypeFor[sql.NullFloat64]()
	case TypeBoolean:
		return reflect.TypeFor[sql.NullBool]()
	case TypeDate, TypeTimestamp:
		return reflect.TypeFor[sql.NullTime]()
	default:
		return reflect.TypeFor[sql.NullString]()
	}
}
