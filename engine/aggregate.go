package engine

import (
	"database/sql/driver"
	"fmt"
	"io"
	"math/big"
	"strings"

	"github.com/saasapi/saasapi/planner"
)

// accumulator folds the values of one aggregate over a group.
type accumulator struct {
	agg   *planner.Agg
	count int64
	// The integers of SUM and AVG add up exactly: in sumI while they fit
	// 64 bits, in sumB (when set) beyond.
	sumI  int64
	sumB  *big.Int
	sumF  float64 // the sum of the non-integers
	float bool    // the sum has seen a non-integer
	any   bool    // a non-NULL value was seen
	best  driver.Value
	seen  map[string]bool // DISTINCT
	parts []concatPart    // GROUP_CONCAT
}

type concatPart struct {
	text string
	keys []driver.Value
}

func (a *accumulator) add(row []driver.Value, en *env) error {
	g := a.agg
	if g.Arg == nil { // COUNT(*)
		a.count++
		return nil
	}
	v, err := eval(g.Arg, row, en)
	if err != nil || v == nil {
		return err
	}
	if g.Distinct {
		if a.seen == nil {
			a.seen = map[string]bool{}
		}
		k := rowKey([]driver.Value{v})
		if a.seen[k] {
			return nil
		}
		a.seen[k] = true
	}
	switch g.Name {
	case "COUNT":
		a.count++
	case "SUM", "AVG":
		a.count++
		if i, ok := asInt(v); ok {
			if a.sumB != nil {
				a.sumB.Add(a.sumB, big.NewInt(i))
			} else if s, ok := addInt(a.sumI, i); ok {
				a.sumI = s
			} else {
				a.sumB = new(big.Int).Add(big.NewInt(a.sumI), big.NewInt(i))
			}
		} else if f, ok := toFloat(v); ok {
			a.float = true
			a.sumF += f
		} else {
			return fmt.Errorf("%w: %s of a non-number %q", ErrEval, g.Name, Text(v))
		}
	case "MIN", "MAX":
		if !a.any {
			a.best = v
		} else if c, ok := Compare(v, a.best); ok && ((g.Name == "MIN" && c < 0) || (g.Name == "MAX" && c > 0)) {
			a.best = v
		}
	case "ANY_VALUE":
		if !a.any {
			a.best = v
		}
	case "GROUP_CONCAT":
		p := concatPart{text: Text(v)}
		for _, o := range g.OrderBy {
			k, err := eval(o.Expr, row, en)
			if err != nil {
				return err
			}
			p.keys = append(p.keys, k)
		}
		a.parts = append(a.parts, p)
	}
	a.any = true
	return nil
}

// exactSum is the exact sum of the integers seen.
func (a *accumulator) exactSum() *big.Int {
	if a.sumB != nil {
		return a.sumB
	}
	return big.NewInt(a.sumI)
}

func (a *accumulator) result() (driver.Value, error) {
	switch a.agg.Name {
	case "COUNT":
		return a.count, nil
	case "SUM":
		if !a.any {
			return nil, nil
		}
		if a.float {
			f, _ := new(big.Float).SetInt(a.exactSum()).Float64()
			return f + a.sumF, nil
		}
		if a.sumB == nil {
			return a.sumI, nil
		}
		if a.sumB.IsInt64() {
			return a.sumB.Int64(), nil
		}
		return nil, fmt.Errorf("%w: %w: %s is %s, which does not fit a 64-bit integer (BIGINT); SUM(CAST(x AS DECIMAL)) sums as REAL",
			ErrEval, planner.ErrOutOfRange, a.agg, a.sumB)
	case "AVG":
		if !a.any {
			return nil, nil
		}
		if a.float {
			f, _ := new(big.Float).SetInt(a.exactSum()).Float64()
			return (f + a.sumF) / float64(a.count), nil
		}
		// The exact mean, rounded once.
		f, _ := new(big.Rat).SetFrac(a.exactSum(), big.NewInt(a.count)).Float64()
		return f, nil
	case "GROUP_CONCAT":
		if !a.any {
			return nil, nil
		}
		if len(a.agg.OrderBy) > 0 {
			sortParts(a.parts, a.agg.OrderBy)
		}
		texts := make([]string, len(a.parts))
		for i, p := range a.parts {
			texts[i] = p.text
		}
		return strings.Join(texts, a.agg.Sep), nil
	}
	if !a.any {
		return nil, nil
	}
	return a.best, nil
}

func sortParts(parts []concatPart, keys []planner.Order) {
	rows := make([][]driver.Value, len(parts))
	for i, p := range parts {
		rows[i] = append(append([]driver.Value{}, p.keys...), p.text)
	}
	ord := make([]planner.Order, len(keys))
	for i, k := range keys {
		ord[i] = planner.Order{Expr: &planner.Col{Index: i}, Desc: k.Desc}
	}
	_ = sortRows(rows, ord, nil)
	for i, r := range rows {
		parts[i].text = r[len(r)-1].(string)
	}
}

// aggregate groups the input rows. Groups come out in the order their
// first row arrived.
func (x *executor) aggregate(a *planner.Aggregate, en *env) (iter, error) {
	in, err := x.open(a.Input, en)
	if err != nil {
		return nil, err
	}
	type group struct {
		keys []driver.Value
		accs []*accumulator
	}
	newGroup := func(keys []driver.Value) *group {
		g := &group{keys: keys}
		for _, agg := range a.Aggs {
			g.accs = append(g.accs, &accumulator{agg: agg})
		}
		return g
	}
	groups := map[string]*group{}
	var order []*group
	if len(a.GroupBy) == 0 {
		g := newGroup(nil)
		groups[""] = g
		order = append(order, g)
	}
	for {
		row, err := in()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		keys := make([]driver.Value, len(a.GroupBy))
		for i, e := range a.GroupBy {
			if keys[i], err = eval(e, row, en); err != nil {
				return nil, err
			}
		}
		k := rowKey(keys)
		g := groups[k]
		if g == nil {
			g = newGroup(keys)
			groups[k] = g
			order = append(order, g)
		}
		for _, acc := range g.accs {
			if err := acc.add(row, en); err != nil {
				return nil, err
			}
		}
	}
	rows := make([][]driver.Value, len(order))
	for i, g := range order {
		row := append([]driver.Value{}, g.keys...)
		for _, acc := range g.accs {
			v, err := acc.result()
			if err != nil {
				return nil, err
			}
			row = append(row, v)
		}
		rows[i] = row
	}
	return values(rows), nil
}
