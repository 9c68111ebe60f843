package engine

import (
	"database/sql/driver"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/schema"
)

// noDate returns an error when a and b are a date or time and a number
// that spells no date: comparing them is refused, never a silent false.
func noDate(a, b driver.Value) error {
	t, n := a, b
	if _, ok := b.(time.Time); ok {
		t, n = b, a
	}
	if _, ok := t.(time.Time); !ok {
		return nil
	}
	if _, isNum := number(n); !isNum {
		return nil
	}
	if _, ok := planner.NumberTime(n); ok {
		return nil
	}
	return fmt.Errorf("%w: cannot compare the date %s with the number %s: a number compared with a date must spell YYYYMMDD or YYYYMMDDhhmmss (20240131, 20240131103000)",
		ErrEval, timeText(t.(time.Time)), Text(n))
}

// Compare orders two non-NULL values. Numbers (and booleans, as 0 and 1)
// compare numerically; a string compared with a number is read as a number
// when it is one and otherwise sorts after every number (as in SQLite); a
// string compared with a time is read as a date or timestamp when it is
// one, and a number as the date it spells (20240131, 20240131103000:
// planner.NumberTime); strings compare byte by byte (case-sensitive). The
// second result is false when the values cannot be compared.
func Compare(a, b driver.Value) (int, bool) {
	switch x := a.(type) {
	case string:
		switch y := b.(type) {
		case string:
			return strings.Compare(x, y), true
		case time.Time:
			c, ok := Compare(b, a)
			return -c, ok
		}
		if _, ok := number(b); ok {
			c, ok := Compare(b, a)
			return -c, ok
		}
	case time.Time:
		switch y := b.(type) {
		case time.Time:
			return x.Compare(y), true
		case string:
			if t, err := schema.ParseTime(y); err == nil {
				return x.Compare(t), true
			}
			return strings.Compare(timeText(x), y), true
		}
		if t, ok := planner.NumberTime(b); ok {
			return x.Compare(t), true
		}
		return 0, false
	}
	if y, ok := b.(time.Time); ok {
		if t, ok := planner.NumberTime(a); ok {
			return t.Compare(y), true
		}
		return 0, false
	}
	fa, ok := number(a)
	if !ok {
		return 0, false
	}
	if ia, ok := a.(int64); ok {
		if ib, ok := b.(int64); ok {
			return cmpInt(ia, ib), true
		}
	}
	switch y := b.(type) {
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(y), 64)
		if err != nil {
			return -1, true // numbers sort before text
		}
		return cmpFloat(fa, f), true
	}
	fb, ok := number(b)
	if !ok {
		return 0, false
	}
	return cmpFloat(fa, fb), true
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	case math.IsNaN(a) || math.IsNaN(b):
		return 0
	}
	return 0
}

// number reads a numeric value: int64, float64 or bool.
func number(v driver.Value) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// timeText renders a time the way it prints: a date alone at midnight.
func timeText(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format("2006-01-02")
	}
	return t.Format("2006-01-02 15:04:05")
}

// truth reads a value as a SQL truth value: NULL is unknown.
func truth(v driver.Value) (bool, bool) {
	switch x := v.(type) {
	case nil:
		return false, false
	case bool:
		return x, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return err == nil && f != 0, true
	case time.Time:
		return true, true
	}
	f, _ := number(v)
	return f != 0, true
}
