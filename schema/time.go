package schema

import (
	"fmt"
	"time"
)

type timeType = time.Time

// ParseTime reads the date and time forms APIs send: RFC 3339 (with or
// without fractional seconds or zone), "2006-01-02 15:04:05" and
// "2006-01-02". The result is in UTC.
func ParseTime(s string) (time.Time, error) {
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date or timestamp", s)
}

var timeLayouts = []string{time.RFC3339Nano, "2006-01-02", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04"}
