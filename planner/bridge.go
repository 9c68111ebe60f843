package planner

import (
	"math"
	"strings"

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

// FanOutPlan reads a table whose every access path needs a key that no
// constraint gives, the way the native driver does: it lists the parent
// table named by the path (schema.AccessPath.Parents) and reads the table
// once per parent row, with the parent's column as the key.
type FanOutPlan struct {
	// Parent lists the parent table; it reads only ParentColumn (and the
	// key), where the API lets the query choose.
	Parent *Scan
	// ParentColumn is the index of the key's source column in Parent's
	// rows.
	ParentColumn int
	// Key is the column of the table the parent's column binds.
	Key string
	// Child reads the table for one parent row: PlanScan's plan for the
	// constraints [Key = parent value] followed by the host's. Its scan
	// takes the parent's value first, then the values of the host
	// constraints it uses; Child.Used[0] and Child.Omit[0] are the key's.
	Child *ScanPlan
	// Cost is the estimated number of requests: the parent's, plus the
	// child's per parent row. Rows is the estimated rows.
	Cost, Rows float64
}

// PlanFanOut plans reading t over its parent table, as the native driver
// does when a required key is not given (see FanOutPlan): the first access
// path, in profile order, whose one key names a parent table that can be
// listed without keys. It returns nil when t has no such path.
func PlanFanOut(cat Catalog, t *schema.Table, cons []Constraint) *FanOutPlan {
	for _, src := range fanOutSources(cat, t) {
		withKey := append([]Constraint{{Column: t.Column(src.path.Keys[0]), Op: schema.OpEQ}}, cons...)
		child := PlanScan(cat, t, withKey)
		if child.Scan == nil || !child.Used[0] || !child.Omit[0] {
			continue
		}
		pe := src.parent.Estimate()
		parents := float64(tableRows(src.table))
		return &FanOutPlan{
			Parent: src.parent, ParentColumn: src.column, Key: src.path.Keys[0], Child: child,
			Cost: pe.Requests + parents*child.Cost, Rows: math.Max(parents*child.Rows, 1),
		}
	}
	return nil
}

// fanOutSource is a way to read a table over its parent: the access path
// whose one key the parent binds, the parent table, the index of the
// parent's column, and the scan listing the parent (reading that column).
type fanOutSource struct {
	path   *schema.AccessPath
	table  *schema.Table
	column int
	parent *Scan
}

// fanOutSources returns the ways to read t over a parent table, in path
// order: paths with one key whose parent (Parents) is a table of cat that
// can be listed without keys.
func fanOutSources(cat Catalog, t *schema.Table) []fanOutSource {
	var out []fanOutSource
	for i := range t.Paths {
		a := &t.Paths[i]
		if len(a.Keys) != 1 || a.Parents[a.Keys[0]] == "" {
			continue
		}
		ptName, pcol, _ := strings.Cut(a.Parents[a.Keys[0]], ".")
		pt, ok := cat.Table(ptName)
		if !ok || pt.Column(pcol) < 0 {
			continue
		}
		parent := pushdown(cat, pt, pt.Name, nil, nil)
		if parent == nil {
			continue
		}
		pc := pt.Column(pcol)
		parent.Used = make([]bool, len(pt.Columns))
		parent.Used[pc] = true
		out = append(out, fanOutSource{path: a, table: pt, column: pc, parent: parent})
	}
	return out
}

// MissingKeyError is the error of a table read without the keys or
// required filters it needs (a report's date range): the native driver's,
// naming them and the WHERE that gives them. It matches ErrMissingKey.
func MissingKeyError(t *schema.Table) *Error {
	return &Error{Err: ErrMissingKey, Table: t.Name, Msg: missingKeys(t)}
}
