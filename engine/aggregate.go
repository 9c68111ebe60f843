package engine

import (
	"database/sql/driver"
	"fmt"
	"io"
	"strings"

	"github.com/saasapi/saasapi/planner"
)

// accumulator folds the values of one aggregate over a group.
type accumulator struct {
	agg   *planner.Agg
	count int64
	sumI  int64
	sumF  float64
	float bool // the sum has seen a non-integer
	any   bool // a non-NULL value was seen
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
		if i, ok := asInt(v); ok && !a.float {
			a.sumI += i
			a.sumF += float64(i)
		} else if f, ok := toFloat(v); ok {
			if !a.float {
				a.float = true
				a.sumF = float64(a.sumI)
			}
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

func (a *accumulator) result() driver.Value {
	switch a.agg.Name {
	case "COUNT":
		return a.count
	case "SUM":
		if !a.any {
			return nil
		}
		if a.float {
			return a.sumF
		}
		return a.sumI
	case "AVG":
		if !a.any {
			return nil
		}
		return a.sumF / float64(a.count)
	case "GROUP_CONCAT":
		if !a.any {
			return nil
		}
		if len(a.agg.OrderBy) > 0 {
			sortParts(a.parts, a.agg.OrderBy)
		}
		texts := make([]string, len(a.parts))
		for i, p := range a.parts {
			texts[i] = p.text
		}
		return strings.Join(texts, a.agg.Sep)
	}
	if !a.any {
		return nil
	}
	return a.best
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
			row = append(row, acc.result())
		}
		rows[i] = row
	}
	return values(rows), nil
}
