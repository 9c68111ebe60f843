package engine

import (
	"database/sql/driver"
	"fmt"
	"io"

	"github.com/saasapi/saasapi/planner"
)

// subResult is what a subquery produced: its values (IN), its one value
// (scalar) or whether it had a row (EXISTS).
type subResult struct {
	set     map[string]bool // keys of the values
	numText map[string]bool // numeric keys of text values that read as numbers
	numNum  map[string]bool // numeric keys of numbers
	sawNull bool
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
				if k, ok := numericText(v[0]); ok {
					r.numText[k] = true
				} else if _, isText := v[0].(string); !isText {
					r.numNum[rowKey(v[:1])] = true
				}
			}
		}
	}
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
	if hit {
		return !s.Not, nil
	}
	if r.sawNull {
		return nil, nil
	}
	return s.Not, nil
}
