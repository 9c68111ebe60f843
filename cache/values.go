package cache

import (
	"database/sql/driver"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/saasapi/saasapi/schema"
)

// fromDB converts a value read from the database to the Go type the
// column's type has in rows (schema.Type.ScanType): what the API would
// have given.
func fromDB(v any, t schema.Type) (driver.Value, error) {
	if v == nil {
		return nil, nil
	}
	if b, ok := v.([]byte); ok {
		v = string(b)
	}
	switch t {
	case schema.TypeInteger:
		switch x := v.(type) {
		case int64:
			return x, nil
		case int32:
			return int64(x), nil
		case float64:
			if x == math.Trunc(x) {
				return int64(x), nil
			}
		case string:
			if n, err := strconv.ParseInt(x, 10, 64); err == nil {
				return n, nil
			}
		}
	case schema.TypeReal:
		switch x := v.(type) {
		case float64:
			return x, nil
		case float32:
			return float64(x), nil
		case int64:
			return float64(x), nil
		case string:
			if f, err := strconv.ParseFloat(x, 64); err == nil {
				return f, nil
			}
		}
	case schema.TypeBoolean:
		switch x := v.(type) {
		case bool:
			return x, nil
		case int64:
			return x != 0, nil
		case string:
			if b, err := strconv.ParseBool(x); err == nil {
				return b, nil
			}
		}
	case schema.TypeDate, schema.TypeTimestamp:
		var tm time.Time
		switch x := v.(type) {
		case time.Time:
			tm = x
		case string:
			p, err := schema.ParseTime(strings.TrimSpace(x))
			if err != nil {
				p, err = time.Parse("2006-01-02 15:04:05.999999999", x)
			}
			if err != nil {
				return nil, fmt.Errorf("%q is not a %s", x, t)
			}
			tm = p
		default:
			return nil, fmt.Errorf("%T is not a %s", v, t)
		}
		if t == schema.TypeDate {
			return time.Date(tm.Year(), tm.Month(), tm.Day(), 0, 0, 0, 0, time.UTC), nil
		}
		return tm.UTC(), nil
	default: // TEXT, JSON
		switch x := v.(type) {
		case string:
			return x, nil
		case int64:
			return strconv.FormatInt(x, 10), nil
		case float64:
			return strconv.FormatFloat(x, 'g', -1, 64), nil
		}
	}
	return nil, fmt.Errorf("%T %v is not a %s", v, v, t)
}

// checkValue reports whether a row value fits a column of type t.
func checkValue(v driver.Value, t schema.Type) bool {
	switch v.(type) {
	case nil:
		return true
	case int64:
		return t == schema.TypeInteger || t == schema.TypeReal
	case float64:
		return t == schema.TypeReal || t == schema.TypeInteger
	case bool:
		return t == schema.TypeBoolean
	case time.Time:
		return t == schema.TypeDate || t == schema.TypeTimestamp
	case string:
		return true
	}
	return false
}

// keyString encodes key values so that equal keys read from the API and
// from the database compare equal.
func keyString(vals []driver.Value) string {
	var b strings.Builder
	for _, v := range vals {
		switch x := v.(type) {
		case nil:
			b.WriteString("N")
		case int64:
			b.WriteString("i" + strconv.FormatInt(x, 10))
		case float64:
			if x == math.Trunc(x) && math.Abs(x) < 1<<62 {
				b.WriteString("i" + strconv.FormatInt(int64(x), 10))
			} else {
				b.WriteString("f" + strconv.FormatFloat(x, 'g', -1, 64))
			}
		case bool:
			b.WriteString("b" + strconv.FormatBool(x))
		case time.Time:
			b.WriteString("t" + x.UTC().Format(time.RFC3339Nano))
		case string:
			b.WriteString("s" + strconv.Itoa(len(x)) + ":" + x)
		default:
			fmt.Fprintf(&b, "?%v", x)
		}
		b.WriteByte(0)
	}
	return b.String()
}
