package planner

import (
	"database/sql/driver"
	"fmt"
	"math"
	"time"

	"github.com/saasapi/saasapi/schema"
)

// NumberTime reads a number compared with a date or timestamp the way
// MySQL does: 20240131 is 2024-01-31 and 20240131103000 is 2024-01-31
// 10:30:00 (UTC). Any other number (2024, 240131, 20241301, a fraction)
// reads as no date: comparing it with one is an error, never a silent
// false.
func NumberTime(v driver.Value) (time.Time, bool) {
	var n int64
	switch x := v.(type) {
	case int64:
		n = x
	case float64:
		if x != math.Trunc(x) || math.Abs(x) > 1e15 {
			return time.Time{}, false
		}
		n = int64(x)
	default:
		return time.Time{}, false
	}
	var y, mo, d, h, mi, s int64
	switch {
	case n >= 10000101 && n <= 99991231:
		y, mo, d = n/10000, n/100%100, n%100
	case n >= 10000101000000 && n <= 99991231235959:
		y, mo, d, h, mi, s = n/10000000000, n/100000000%100, n/1000000%100, n/10000%100, n/100%100, n%100
	default:
		return time.Time{}, false
	}
	t := time.Date(int(y), time.Month(mo), int(d), int(h), int(mi), int(s), 0, time.UTC)
	if int64(t.Year()) != y || int64(t.Month()) != mo || int64(t.Day()) != d || int64(t.Hour()) != h || int64(t.Minute()) != mi || int64(t.Second()) != s {
		return time.Time{}, false // 2024-02-30, 25:00…
	}
	return t, true
}

// isTemporal reports whether a type holds dates or times.
func isTemporal(t schema.Type) bool { return t == schema.TypeDate || t == schema.TypeTimestamp }

// isNumber reports whether a constant is a number (booleans are 1 and 0).
func isNumber(v driver.Value) bool {
	switch v.(type) {
	case int64, float64, bool:
		return true
	}
	return false
}

// temporalOperands reads a number constant compared with a date or
// timestamp as the date it spells (see NumberTime), so that the engine
// and the API filters see a date; a number that spells none is an error
// naming the date side. Other operands come back unchanged.
func temporalOperands(l, r Expr) (Expr, Expr, error) {
	conv := func(date, other Expr) (Expr, error) {
		c, ok := other.(*Const)
		if !ok || !isNumber(c.Value) || !isTemporal(typ(date)) {
			return other, nil
		}
		if t, ok := NumberTime(c.Value); ok {
			return &Const{Value: t}, nil
		}
		return nil, &Error{Err: ErrType, Column: str(date), Msg: fmt.Sprintf(
			"%s is a %s and %s is a number that reads as no date: a number compared with a date must spell YYYYMMDD or YYYYMMDDhhmmss (20240131, 20240131103000); or write the date as text ('2024-01-31')",
			str(date), typ(date), str(other))}
	}
	var err error
	if r, err = conv(l, r); err != nil {
		return nil, nil, err
	}
	if l, err = conv(r, l); err != nil {
		return nil, nil, err
	}
	return l, r, nil
}

// isNumericType reports whether a type holds numbers (booleans are 1 and 0).
func isNumericType(t schema.Type) bool {
	return t == schema.TypeInteger || t == schema.TypeReal || t == schema.TypeBoolean
}
