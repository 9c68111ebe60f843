package engine

import (
	"database/sql/driver"
	"io"
	"strconv"
	"strings"

	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/schema"
)

// keyMode says how join key values are normalized so that values SQL
// calls equal hash alike.
type keyMode int

const (
	keyPlain   keyMode = iota // same types on both sides
	keyNumeric                // a number against text: read text as a number
	keyTime                   // a date or time against text: read text as a time
)

func isNumeric(t schema.Type) bool {
	return t == schema.TypeInteger || t == schema.TypeReal || t == schema.TypeBoolean
}

func isTime(t schema.Type) bool { return t == schema.TypeDate || t == schema.TypeTimestamp }

func modeOf(l, r schema.Type) keyMode {
	switch {
	case isNumeric(l) != isNumeric(r):
		return keyNumeric
	case isTime(l) != isTime(r):
		return keyTime
	}
	return keyPlain
}

// joinKey encodes key values; false when one is NULL (it matches nothing).
func joinKey(vals []driver.Value, modes []keyMode) (string, bool) {
	var b strings.Builder
	for i, v := range vals {
		if v == nil {
			return "", false
		}
		if s, ok := v.(string); ok {
			switch modes[i] {
			case keyNumeric:
				if f, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
					v = f
				}
			case keyTime:
				if t, err := schema.ParseTime(s); err == nil {
					v = t
				}
			}
		}
		writeKey(&b, v)
		b.WriteByte(0)
	}
	return b.String(), true
}

// join runs a hash join or a nested loop. For a LEFT JOIN a left row that
// matches nothing comes out once, with NULLs for the right columns.
func (x *executor) join(j *planner.Join, en *env) (iter, error) {
	left, err := x.open(j.Left, en)
	if err != nil {
		return nil, err
	}
	rightWidth := len(j.Right.Columns())
	// matches returns the right rows to try with a left row.
	var matches func(l []driver.Value) (iter, error)
	if j.Strategy == planner.NestedLoop {
		matches = func(l []driver.Value) (iter, error) {
			return x.open(j.Right, &env{row: l, parent: en, x: x})
		}
	} else {
		in, err := x.open(j.Right, en)
		if err != nil {
			return nil, err
		}
		rows, err := drain(in)
		if err != nil {
			return nil, err
		}
		if len(j.LeftKeys) == 0 {
			matches = func([]driver.Value) (iter, error) { return values(rows), nil }
		} else {
			modes := make([]keyMode, len(j.LeftKeys))
			for i := range modes {
				modes[i] = modeOf(j.LeftKeys[i].Type(), j.RightKeys[i].Type())
			}
			table := map[string][][]driver.Value{}
			for _, r := range rows {
				vals := make([]driver.Value, len(j.RightKeys))
				for i, k := range j.RightKeys {
					if vals[i], err = eval(k, r, en); err != nil {
						return nil, err
					}
				}
				if key, ok := joinKey(vals, modes); ok {
					table[key] = append(table[key], r)
				}
			}
			matches = func(l []driver.Value) (iter, error) {
				vals := make([]driver.Value, len(j.LeftKeys))
				for i, k := range j.LeftKeys {
					v, err := eval(k, l, en)
					if err != nil {
						return nil, err
					}
					vals[i] = v
				}
				key, ok := joinKey(vals, modes)
				if !ok {
					return eof, nil
				}
				return values(table[key]), nil
			}
		}
	}
	var (
		cur     []driver.Value // the left row being joined
		cand    iter
		matched bool
	)
	return func() ([]driver.Value, error) {
		for {
			if cand == nil {
				l, err := left()
				if err != nil {
					return nil, err
				}
				if cand, err = matches(l); err != nil {
					return nil, err
				}
				cur, matched = l, false
			}
			r, err := cand()
			if err == io.EOF {
				cand = nil
				if j.Kind == planner.JoinLeft && !matched {
					return append(append(make([]driver.Value, 0, len(cur)+rightWidth), cur...), make([]driver.Value, rightWidth)...), nil
				}
				continue
			}
			if err != nil {
				return nil, err
			}
			row := append(append(make([]driver.Value, 0, len(cur)+len(r)), cur...), r...)
			if j.Cond != nil {
				ok, err := truthOf(j.Cond, row, en)
				if err != nil {
					return nil, err
				}
				if !ok {
					continue
				}
			}
			matched = true
			return row, nil
		}
	}, nil
}
