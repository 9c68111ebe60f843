package engine

import (
	"database/sql/driver"
	"fmt"
	"io"
	"time"

	"github.com/saasapi/saasapi/planner"
)

// subResult is what a subquery produced: its values (IN), its one value
// (scalar) or whether it had a row (EXISTS).
type subResult struct {
	set     map[string]bool // keys of the values
	numText map[string]bool // numeric keys of text values that read as numbers
	numNum  map[string]bool // numeric keys of numbers
	sawNull bool
	times   bool // a date or time is among the values
	noDate  bool // a number that spells no date is among the values
	rows    int
	value   driver.Value
}

// run executes a subquery's plan with the current row as its outer row.
func (x *executor) run(s *planner.Subquery, row []driver.Value, en *env) (*subResult, error) {
	it, err := x.open(s.Plan, &env{row: row, parent: en, x: x})
	if err != nil {
		return nil, err
	}
	r := &subResult{set: map[string]bool{}, numText: map[string]bool{}, numNum: map[string]bool{}}
	for {
		v, err := it()
		if err == io.EOF {
			return r, nil
		}
		if err != nil {
			return nil, err
		}
		r.rows++
		switch s.Mode {
		case planner.SubExists:
			return r, nil // one row is enough
		case planner.SubScalar:
			if r.rows > 1 {
				return nil, fmt.Errorf("%w: the scalar subquery returned more than one row; add LIMIT 1 or a tighter WHERE", ErrEval)
			}
			r.value = v[0]
		case planner.SubIn:
			if v[0] == nil {
				r.sawNull = true
			} else {
				r.set[rowKey(v[:1])] = true
				if _, ok := v[0].(time.Time); ok {
					r.times = true
				} else if _, isNum := number(v[0]); isNum {
					if _, ok := planner.NumberTime(v[0]); !ok {
						r.noDate = true
					}
				}
				if k, ok := numericText(v[0]); ok {
					r.numText[k] = true
				} else if _, isText := v[0].(string); !isText {
					r.numNum[rowKey(v[:1])] = true
				}
			}
		}
	}
}

// dateNumbers are the numbers that spell a time: YYYYMMDD (at midnight)
// and YYYYMMDDhhmmss.
func dateNumbers(t time.Time) []driver.Value {
	if t.Nanosecond() != 0 {
		return nil
	}
	n := int64(t.Year())*10000000000 + int64(t.Month())*100000000 + int64(t.Day())*1000000 + int64(t.Hour())*10000 + int64(t.Minute())*100 + int64(t.Second())
	if n%1000000 == 0 {
		return []driver.Value{n, n / 1000000}
	}
	return []driver.Value{n}
}

// numericText returns the key of text that reads as a number, so that
// '7' IN (SELECT 7) holds as '7' = 7 does (but '07' IN (SELECT '7') does
// not, as '07' = '7' does not).
func numericText(v driver.Value) (string, bool) {
	s, ok := v.(string)
	if !ok {
		return "", false
	}
	if f, ok := toFloat(s); ok {
		return rowKey([]driver.Value{f}), true
	}
	return "", false
}

// subquery evaluates a subquery expression. An uncorrelated subquery runs
// once per query; a correlated one once per row (its scans keep their
// responses, so equal requests are sent once).
func (x *executor) subquery(s *planner.Subquery, row []driver.Value, en *env) (driver.Value, error) {
	r, ok := x.subs[s]
	if !ok || s.Correlated {
		var err error
		if r, err = x.run(s, row, en); err != nil {
			return nil, err
		}
		if !s.Correlated {
			x.subs[s] = r
		}
	}
	switch s.Mode {
	case planner.SubExists:
		return (r.rows > 0) != s.Not, nil
	case planner.SubScalar:
		return r.value, nil
	}
	v, err := eval(s.X, row, en)
	if err != nil {
		return nil, err
	}
	if r.rows == 0 {
		return s.Not, nil
	}
	if v == nil {
		return nil, nil
	}
	hit := r.set[rowKey([]driver.Value{v})]
	if k, ok := numericText(v); ok {
		hit = hit || r.numNum[k]
	} else if _, isText := v.(string); !isText {
		hit = hit || r.numText[rowKey([]driver.Value{v})]
	}
	// Dates and numbers compare as the dates the numbers spell.
	if t, ok := v.(time.Time); ok && len(r.numNum) > 0 {
		for _, n := range dateNumbers(t) {
			hit = hit || r.numNum[rowKey([]driver.Value{n})]
		}
		if !hit && r.noDate {
			return nil, fmt.Errorf("%w: %s IN (SELECT …): the subquery returned numbers that spell no date (YYYYMMDD or YYYYMMDDhhmmss) to compare with the date %s", ErrEval, s.X, timeText(t))
		}
	} else if _, isNum := number(v); isNum && r.times && !hit {
		t, ok := planner.NumberTime(v)
		if !ok {
			return nil, noDate(v, time.Time{})
		}
		hit = r.set[rowKey([]driver.Value{t})]
	}
	if hit {
		return !s.Not, nil
	}
	if r.sawNull {
		return nil, nil
	}
	return s.Not, nil
}
