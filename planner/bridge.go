package planner

import (
	"math"

	"github.com/saasapi/saasapi/schema"
)

// Constraint is a predicate column op ? offered by a host query engine
// (SQLite's xBestIndex): the value is known only when the scan runs.
type Constraint struct {
	Column int
	Op     schema.Op
}

// ScanPlan is the access to one table for a set of constraints, for a host
// engine that evaluates the rest of the query itself.
type ScanPlan struct {
	// Scan reads the table; its key and parameter values are Outer
	// references to the arguments of the scan: the values of the used
	// constraints, in constraint order. Nil when no access path is
	// usable (a required key is not constrained).
	Scan *Scan
	// Used marks the constraints whose values the scan needs.
	Used []bool
	// Omit marks the used constraints the API applies exactly: the host
	// need not check them again.
	Omit []bool
	// Cost is the estimated number of requests (huge when Scan is nil);
	// Rows the estimated rows.
	Cost, Rows float64
	// Missing names the required keys when Scan is nil.
	Missing []string
}

// unusable is the cost of a plan that cannot run, so that a host engine
// prefers any other.
const unusable = 1e15

// PlanScan chooses the access path of a table for constraints whose values
// come at run time (see ScanPlan). It never fails: when no path's keys are
// bound it returns a plan with Scan nil and a prohibitive cost.
func PlanScan(cat Catalog, t *schema.Table, cons []Constraint) *ScanPlan {
	atoms := make([]atom, len(cons))
	conj := make([]conjunct, len(cons))
	for i, c := range cons {
		atoms[i] = atom{col: c.Column, op: c.Op, value: &Outer{Level: 1, Index: i, Name: "arg"}}
		conj[i] = conjunct{atoms: []atom{atoms[i]}}
	}
	best := &ScanPlan{Cost: unusable, Rows: float64(tableRows(t)), Used: make([]bool, len(cons)), Omit: make([]bool, len(cons))}
	for i := range t.Paths {
		s, consumed, ok := tryPath(t, &t.Paths[i], conj)
		if !ok {
			continue
		}
		estimate(cat, s, conj, consumed)
		cost := s.Est.Requests - float64(len(s.Params)+len(s.Keys))/100
		if best.Scan != nil && cost >= best.Cost {
			continue
		}
		plan := &ScanPlan{Scan: s, Cost: cost, Rows: s.Est.Rows, Used: make([]bool, len(cons)), Omit: make([]bool, len(cons))}
		for _, p := range append(append([]Param{}, s.Keys...), s.Params...) {
			i := p.Value.(*Outer).Index
			plan.Used[i] = true
		}
		for i := range cons {
			plan.Omit[i] = plan.Used[i] && consumed[i]
		}
		best = plan
	}
	if best.Scan == nil {
		for _, a := range t.Paths {
			best.Missing = append(best.Missing, a.Keys...)
		}
		return best
	}
	// Number the used constraints' values in order: the host passes only
	// those, in constraint order.
	pos := make([]int, len(cons))
	n := 0
	for i, u := range best.Used {
		if u {
			pos[i] = n
			n++
		}
	}
	renumber := func(ps []Param) {
		for k := range ps {
			o := ps[k].Value.(*Outer)
			ps[k].Value = &Outer{Level: 1, Index: pos[o.Index], Name: o.Name}
			ps[k].Exact = ps[k].Exact || (best.Omit[o.Index] && ps[k].Format != schema.FormatText)
		}
	}
	renumber(best.Scan.Keys)
	renumber(best.Scan.Params)
	best.Scan.Need = -1
	best.Scan.Exact = true
	for i := range cons {
		if best.Used[i] && !best.Omit[i] {
			best.Scan.Exact = false
		}
	}
	for _, c := range t.Columns {
		best.Scan.cols = append(best.Scan.cols, Column{Name: c.Name, Table: t.Name, Type: c.Type, Nullable: !c.Key})
	}
	best.Cost = math.Max(best.Cost, 0.001)
	return best
}
