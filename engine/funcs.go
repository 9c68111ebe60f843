package engine

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/schema"
)

// evalLike matches SQL LIKE: % is any run, _ any one character, the escape
// character (default \) makes the next one literal. ASCII letters match
// either case (as in SQLite and MySQL's default collation; other letters
// match only themselves, as in SQLite); LIKE BINARY is case-sensitive.
func evalLike(x *planner.Like, row []driver.Value, en *env) (driver.Value, error) {
	v, err := eval(x.X, row, en)
	if err != nil {
		return nil, err
	}
	p, err := eval(x.Pattern, row, en)
	if err != nil {
		return nil, err
	}
	if v == nil || p == nil {
		return nil, nil
	}
	esc := '\\'
	if x.Escape != nil {
		e, err := eval(x.Escape, row, en)
		if err != nil {
			return nil, err
		}
		s := Text(e)
		if utf8.RuneCountInString(s) != 1 {
			return nil, fmt.Errorf("%w: ESCAPE must be one character, got %q", ErrEval, s)
		}
		esc, _ = utf8.DecodeRuneInString(s)
	}
	return like([]rune(Text(v)), []rune(Text(p)), esc, !x.Binary) != x.Not, nil
}

// lowerASCII lower-cases an ASCII letter, and only those.
func lowerASCII(r rune) rune {
	if 'A' <= r && r <= 'Z' {
		return r + ('a' - 'A')
	}
	return r
}

// like matches s against the pattern p. The escape character is found
// exactly; the characters matched (escaped or not) ignore the case of ASCII
// letters when fold is set, as in SQLite.
func like(s, p []rune, esc rune, fold bool) bool {
	same := func(a, b rune) bool { return a == b || fold && lowerASCII(a) == lowerASCII(b) }
	for len(p) > 0 {
		switch {
		case p[0] == esc && len(p) > 1:
			if len(s) == 0 || !same(s[0], p[1]) {
				return false
			}
			s, p = s[1:], p[2:]
		case p[0] == '%':
			for len(p) > 0 && p[0] == '%' {
				p = p[1:]
			}
			if len(p) == 0 {
				return true
			}
			for i := 0; i <= len(s); i++ {
				if like(s[i:], p, esc, fold) {
					return true
				}
			}
			return false
		case p[0] == '_':
			if len(s) == 0 {
				return false
			}
			s, p = s[1:], p[1:]
		default:
			if len(s) == 0 || !same(s[0], p[0]) {
				return false
			}
			s, p = s[1:], p[1:]
		}
	}
	return len(s) == 0
}

// now is the clock of NOW(); tests replace it.
var now = time.Now

func evalFunc(f *planner.Func, row []driver.Value, en *env) (driver.Value, error) {
	// Functions that look at NULL arguments themselves.
	switch f.Name {
	case "COALESCE", "IFNULL":
		for _, a := range f.Args {
			v, err := eval(a, row, en)
			if err != nil || v != nil {
				return v, err
			}
		}
		return nil, nil
	case "IF":
		c, err := eval(f.Args[0], row, en)
		if err != nil {
			return nil, err
		}
		if t, ok := truth(c); ok && t {
			return eval(f.Args[1], row, en)
		}
		return eval(f.Args[2], row, en)
	case "CONCAT_WS":
		sep, err := eval(f.Args[0], row, en)
		if err != nil || sep == nil {
			return nil, err
		}
		var parts []string
		for _, a := range f.Args[1:] {
			v, err := eval(a, row, en)
			if err != nil {
				return nil, err
			}
			if v != nil {
				parts = append(parts, Text(v))
			}
		}
		return strings.Join(parts, Text(sep)), nil
	case "NOW":
		return now().UTC().Truncate(time.Second), nil
	}
	args := make([]driver.Value, len(f.Args))
	for i, a := range f.Args {
		v, err := eval(a, row, en)
		if err != nil {
			return nil, err
		}
		args[i] = v
	}
	if f.Name == "NULLIF" {
		if args[0] == nil {
			return nil, nil
		}
		if c, ok := Compare(args[0], args[1]); ok && args[1] != nil && c == 0 {
			return nil, nil
		}
		return args[0], nil
	}
	for _, a := range args {
		if a == nil {
			return nil, nil // every other function is NULL on a NULL argument
		}
	}
	switch f.Name {
	case "CONCAT":
		var b strings.Builder
		for _, a := range args {
			b.WriteString(Text(a))
		}
		return b.String(), nil
	case "LOWER":
		return strings.ToLower(Text(args[0])), nil
	case "UPPER":
		return strings.ToUpper(Text(args[0])), nil
	case "LENGTH":
		return int64(len(Text(args[0]))), nil
	case "TRIM":
		return strings.Trim(Text(args[0]), " "), nil // spaces only, as MySQL and SQLite
	case "REPLACE":
		from := Text(args[1])
		if from == "" {
			return Text(args[0]), nil
		}
		return strings.ReplaceAll(Text(args[0]), from, Text(args[2])), nil
	case "SUBSTRING", "SUBSTR":
		s := []rune(Text(args[0]))
		pos, _ := asWhole(args[1])
		n := int64(len(s))
		if len(args) == 3 {
			n, _ = asWhole(args[2])
		}
		return substring(s, pos, n), nil
	case "LEFT":
		n, _ := asWhole(args[1])
		return substring([]rune(Text(args[0])), 1, n), nil
	case "RIGHT":
		s := []rune(Text(args[0]))
		n, _ := asWhole(args[1])
		if n <= 0 {
			return "", nil
		}
		return string(s[max(0, int64(len(s))-n):]), nil
	case "ROUND":
		x, ok := toFloat(args[0])
		if !ok {
			return nil, nil
		}
		d := int64(0)
		if len(args) == 2 {
			d, _ = asWhole(args[1])
		}
		p := math.Pow(10, float64(d))
		r := math.Round(x*p) / p
		if _, isInt := args[0].(int64); isInt && d >= 0 {
			return args[0], nil
		}
		return r, nil
	case "FLOOR", "CEIL", "CEILING":
		if i, ok := args[0].(int64); ok {
			return i, nil
		}
		x, ok := toFloat(args[0])
		if !ok {
			return nil, nil
		}
		r := math.Ceil(x)
		if f.Name == "FLOOR" {
			r = math.Floor(x)
		}
		i, ok := floatToInt(r)
		if !ok {
			return nil, outOfRange(f)
		}
		return i, nil
	case "ABS":
		if i, ok := args[0].(int64); ok {
			if i == math.MinInt64 {
				return nil, outOfRange(f)
			}
			if i < 0 {
				return -i, nil
			}
			return i, nil
		}
		x, ok := toFloat(args[0])
		if !ok {
			return nil, nil
		}
		return math.Abs(x), nil
	case "DATE", "YEAR", "MONTH", "DAY":
		t, ok := asTime(args[0])
		if !ok {
			return nil, nil
		}
		switch f.Name {
		case "DATE":
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
		case "YEAR":
			return int64(t.Year()), nil
		case "MONTH":
			return int64(t.Month()), nil
		}
		return int64(t.Day()), nil
	case "DATEDIFF":
		a, ok1 := asTime(args[0])
		b, ok2 := asTime(args[1])
		if !ok1 || !ok2 {
			return nil, nil
		}
		da := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
		db := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
		return int64(da.Sub(db).Hours() / 24), nil
	case "DATE_FORMAT":
		t, ok := asTime(args[0])
		if !ok {
			return nil, nil
		}
		return dateFormat(t, Text(args[1])), nil
	case "JSON_EXTRACT":
		return jsonExtract(Text(args[0]), Text(args[1]))
	}
	return nil, fmt.Errorf("%w: function %s has no implementation", ErrEval, f.Name)
}

// dateFormat implements MySQL's DATE_FORMAT specifiers.
func dateFormat(t time.Time, f string) string {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '%' || i+1 == len(f) {
			b.WriteByte(f[i])
			continue
		}
		i++
		switch f[i] {
		case 'Y':
			fmt.Fprintf(&b, "%04d", t.Year())
		case 'y':
			fmt.Fprintf(&b, "%02d", t.Year()%100)
		case 'm':
			fmt.Fprintf(&b, "%02d", int(t.Month()))
		case 'c':
			fmt.Fprintf(&b, "%d", int(t.Month()))
		case 'd':
			fmt.Fprintf(&b, "%02d", t.Day())
		case 'e':
			fmt.Fprintf(&b, "%d", t.Day())
		case 'H':
			fmt.Fprintf(&b, "%02d", t.Hour())
		case 'k':
			fmt.Fprintf(&b, "%d", t.Hour())
		case 'h', 'I':
			fmt.Fprintf(&b, "%02d", (t.Hour()+11)%12+1)
		case 'l':
			fmt.Fprintf(&b, "%d", (t.Hour()+11)%12+1)
		case 'i':
			fmt.Fprintf(&b, "%02d", t.Minute())
		case 's', 'S':
			fmt.Fprintf(&b, "%02d", t.Second())
		case 'f':
			fmt.Fprintf(&b, "%06d", t.Nanosecond()/1000)
		case 'p':
			if t.Hour() < 12 {
				b.WriteString("AM")
			} else {
				b.WriteString("PM")
			}
		case 'M':
			b.WriteString(t.Month().String())
		case 'b':
			b.WriteString(t.Month().String()[:3])
		case 'W':
			b.WriteString(t.Weekday().String())
		case 'a':
			b.WriteString(t.Weekday().String()[:3])
		case 'j':
			fmt.Fprintf(&b, "%03d", t.YearDay())
		case 'w':
			fmt.Fprintf(&b, "%d", int(t.Weekday()))
		case 'T':
			b.WriteString(t.Format("15:04:05"))
		case '%':
			b.WriteByte('%')
		default:
			b.WriteByte(f[i])
		}
	}
	return b.String()
}

// jsonExtract reads the value at a JSON path ($, .key, ."key", [n]). A
// string is returned unquoted, a number or boolean as itself, an object or
// array as its JSON text (compacted, keys in the document's order), as
// SQLite's json_extract does; a missing path is NULL.
func jsonExtract(doc, path string) (driver.Value, error) {
	v := json.RawMessage(doc)
	if !json.Valid(v) {
		return nil, fmt.Errorf("%w: JSON_EXTRACT: invalid JSON text", ErrEval)
	}
	if !strings.HasPrefix(path, "$") {
		return nil, fmt.Errorf("%w: JSON_EXTRACT: path %q must start with $", ErrEval, path)
	}
	p := path[1:]
	for p != "" {
		switch p[0] {
		case '.':
			p = p[1:]
			var key string
			if strings.HasPrefix(p, `"`) {
				end := strings.IndexByte(p[1:], '"')
				if end < 0 {
					return nil, fmt.Errorf("%w: JSON_EXTRACT: bad path %q", ErrEval, path)
				}
				key, p = p[1:end+1], p[end+2:]
			} else {
				end := strings.IndexAny(p, ".[")
				if end < 0 {
					end = len(p)
				}
				key, p = p[:end], p[end:]
			}
			var m map[string]json.RawMessage
			if json.Unmarshal(v, &m) != nil || m == nil {
				return nil, nil
			}
			var ok bool
			if v, ok = m[key]; !ok {
				return nil, nil
			}
		case '[':
			end := strings.IndexByte(p, ']')
			if end < 0 {
				return nil, fmt.Errorf("%w: JSON_EXTRACT: bad path %q", ErrEval, path)
			}
			n, err := strconv.Atoi(strings.TrimSpace(p[1:end]))
			if err != nil || n < 0 {
				return nil, fmt.Errorf("%w: JSON_EXTRACT: bad index in %q", ErrEval, path)
			}
			p = p[end+1:]
			var a []json.RawMessage
			if json.Unmarshal(v, &a) != nil || n >= len(a) {
				return nil, nil
			}
			v = a[n]
		default:
			return nil, fmt.Errorf("%w: JSON_EXTRACT: bad path %q", ErrEval, path)
		}
	}
	v = bytes.TrimSpace(v)
	switch v[0] {
	case '{', '[':
		var b bytes.Buffer
		if err := json.Compact(&b, v); err != nil {
			return nil, fmt.Errorf("%w: JSON_EXTRACT: invalid JSON text", ErrEval)
		}
		return b.String(), nil
	case 'n':
		return nil, nil
	case 't', 'f':
		return v[0] == 't', nil
	case '"':
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return nil, fmt.Errorf("%w: JSON_EXTRACT: invalid JSON text", ErrEval)
		}
		return s, nil
	}
	x := json.Number(v)
	if i, err := x.Int64(); err == nil {
		return i, nil
	}
	f, _ := x.Float64()
	return f, nil
}

// substring is SQL SUBSTRING with a 1-based position; a negative position
// counts from the end.
func substring(s []rune, pos, n int64) string {
	l := int64(len(s))
	switch {
	case pos > 0:
		pos--
	case pos < 0:
		pos += l
	default:
		return ""
	}
	if pos < 0 || pos >= l || n <= 0 {
		return ""
	}
	end := min(l, pos+n)
	return string(s[pos:end])
}

func asWhole(v driver.Value) (int64, bool) {
	if i, ok := asInt(v); ok {
		return i, true
	}
	f, ok := toFloat(v)
	if !ok {
		return 0, false
	}
	i, _ := clampInt(math.Round(f)).(int64) // positions and lengths: beyond 64 bits is beyond the end
	return i, true
}

func asTime(v driver.Value) (time.Time, bool) {
	switch x := v.(type) {
	case time.Time:
		return x.UTC(), true
	case string:
		t, err := schema.ParseTime(x)
		return t, err == nil
	}
	return time.Time{}, false
}
