package vtab

import (
	"fmt"
	"slices"
	"strings"

	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/schema"
)

// Op is a constraint operator, as SQLite passes it to xBestIndex
// (sqlite3_index_info.aConstraint[].op, SQLITE_INDEX_CONSTRAINT_*).
type Op int

// The operators the bridges push down or consume. SQLite passes others
// (LIKE, !=, IS NULL, MATCH…); they stay with SQLite.
const (
	OpEQ     Op = 2
	OpGT     Op = 4
	OpLE     Op = 8
	OpLT     Op = 16
	OpGE     Op = 32
	OpLIMIT  Op = 73
	OpOFFSET Op = 74
)

var schemaOps = map[Op]schema.Op{OpEQ: schema.OpEQ, OpGT: schema.OpGT, OpLE: schema.OpLE, OpLT: schema.OpLT, OpGE: schema.OpGE}

// Constraint is one WHERE term SQLite offers xBestIndex: Column Op value,
// the value known only when xFilter runs.
type Constraint struct {
	// Column is the column index in the declaration; -1 is the rowid.
	Column int
	// Op is the operator.
	Op Op
	// Usable is false when the value is not available for this plan (it
	// comes from a table SQLite would have to read later).
	Usable bool
	// Collation is the constraint's collating sequence when the host
	// knows it (sqlite3_vtab_collation); "" means BINARY or unknown. A
	// text comparison under another collation (NOCASE) is never pushed.
	Collation string
}

// Index is the answer to xBestIndex.
type Index struct {
	// Argv holds, for each constraint, its 1-based position among the
	// values xFilter receives (aConstraintUsage[].argvIndex), 0 when the
	// constraint is not used. Positions follow constraint order.
	Argv []int
	// Omit marks the used constraints SQLite need not check again. In a
	// host without Options.Recheck, every used constraint is omitted.
	Omit []bool
	// Num and Str are idxNum and idxStr; Str names the pushed columns and
	// operators for EXPLAIN QUERY PLAN.
	Num int
	Str string
	// Cost and Rows are the estimates for SQLite's planner.
	Cost float64
	Rows float64
}

// requestCost is the cost of one HTTP request in SQLite's units, against
// one row handed to SQLite: requests dominate.
const requestCost = 1e4

// prepared is a plan BestIndex chose, kept for xFilter under its number.
type prepared struct {
	str  string
	scan *planner.Scan // nil when the table cannot be read
	// parent, when set, lists the parent table the scan fans out over:
	// the scan runs once per parent row, with the value of the parent's
	// column parentCol first among its values.
	parent    *planner.Scan
	parentCol int
	// cols are the columns of the constraint values, in xFilter order.
	cols   []int
	limit  int // position of the LIMIT value, -1 when not used
	offset int // position of the OFFSET value, -1 when not used
}

// access is how a table is read for a set of constraints: a scan, a
// fan-out over the parent table, or nothing (scan nil).
type access struct {
	scan       *planner.Scan
	parent     *planner.Scan
	parentCol  int
	key        string // the column the parent binds, in a fan-out
	used, omit []bool
	cost, rows float64
	missing    []string
}

// access plans the table for constraints: the cheapest access path
// (planner.PlanScan) or, when every path needs a key none gives, the
// native driver's fan-out over the parent table (planner.PlanFanOut).
func (t *Table) access(cons []planner.Constraint) access {
	plan := planner.PlanScan(t.conn.provider, t.Schema, cons)
	if plan.Scan != nil {
		return t.inputsExact(cons, access{scan: plan.Scan, used: plan.Used, omit: plan.Omit, cost: plan.Cost, rows: plan.Rows})
	}
	if fo := planner.PlanFanOut(t.conn.provider, t.Schema, cons); fo != nil {
		return t.inputsExact(cons, access{scan: fo.Child.Scan, parent: fo.Parent, parentCol: fo.ParentColumn, key: fo.Key,
			used: fo.Child.Used[1:], omit: fo.Child.Omit[1:], cost: fo.Cost, rows: fo.Rows})
	}
	return access{used: plan.Used, omit: plan.Omit, cost: plan.Cost, rows: plan.Rows, missing: t.needs()}
}

// inputsExact marks the used equalities on input columns (a report's
// from_date) as exact: the rows hold the value the request sent, and
// Cursor.Filter refuses a value not written in the column's own form, so
// SQLite need not check them again. Without this, a host that cannot
// have SQLite recheck a used constraint (go-sqlite3) could not send a
// report's required dates at all.
func (t *Table) inputsExact(cons []planner.Constraint, a access) access {
	for k, c := range cons {
		if a.used[k] && c.Op == schema.OpEQ && t.Schema.Columns[c.Column].Input {
			a.omit[k] = true
		}
	}
	return a
}

// needs names what the table needs to be read: its paths' keys and
// required filters.
func (t *Table) needs() []string {
	var out []string
	for _, a := range t.Schema.Paths {
		for _, k := range a.Keys {
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
		for _, f := range a.Filters {
			if f.Required && !slices.Contains(out, f.Column) {
				out = append(out, f.Column)
			}
		}
	}
	return out
}

// BestIndex chooses the access path for SQLite's constraints (see the
// package documentation). orderBy is the number of ORDER BY terms. It
// never fails: a plan that cannot run is only prohibitively expensive.
func (t *Table) BestIndex(cons []Constraint, orderBy int) *Index {
	idx := &Index{Argv: make([]int, len(cons)), Omit: make([]bool, len(cons))}
	var cand []int // indexes into cons
	for i, c := range cons {
		if t.pushable(c) {
			cand = append(cand, i)
		}
	}
	// Plan, keep what the scan uses (and, without Recheck, only what it
	// applies exactly), plan again with that, until the scan uses all.
	var plan access
	for {
		pc := make([]planner.Constraint, len(cand))
		for k, i := range cand {
			pc[k] = planner.Constraint{Column: cons[i].Column, Op: schemaOps[cons[i].Op]}
		}
		plan = t.access(pc)
		keep := cand[:0:0]
		for k, i := range cand {
			if plan.used[k] && (plan.omit[k] || t.conn.opts.Recheck) {
				keep = append(keep, i)
			}
		}
		if len(keep) == len(cand) {
			break
		}
		cand = keep
	}
	p := &prepared{scan: plan.scan, parent: plan.parent, parentCol: plan.parentCol, limit: -1, offset: -1}
	var words []string
	if plan.parent != nil {
		pt := plan.parent.Table
		words = append(words, fmt.Sprintf("fan-out %s=%s.%s", plan.key, pt.Name, pt.Columns[plan.parentCol].Name))
	}
	n := 0
	for k, i := range cand {
		n++
		idx.Argv[i] = n
		idx.Omit[i] = plan.omit[k]
		col := t.Schema.Columns[cons[i].Column].Name
		p.cols = append(p.cols, cons[i].Column)
		w := col + string(schemaOps[cons[i].Op])
		if !plan.omit[k] {
			w += "~"
		}
		words = append(words, w)
	}
	// LIMIT and OFFSET only when SQLite checks nothing after the scan and
	// the rows need no other order than the API's.
	exact := plan.scan != nil && orderBy == 0
	for i, c := range cons {
		if c.Op != OpLIMIT && c.Op != OpOFFSET && !idx.Omit[i] {
			exact = false
		}
	}
	if exact {
		for i, c := range cons {
			if !c.Usable || (c.Op != OpLIMIT && c.Op != OpOFFSET) {
				continue
			}
			n++
			idx.Argv[i], idx.Omit[i] = n, true
			if c.Op == OpLIMIT {
				p.limit = n - 1
				words = append(words, "limit")
			} else {
				p.offset = n - 1
				words = append(words, "offset")
			}
		}
	}
	if plan.scan == nil {
		words = append(words, "needs:"+strings.Join(plan.missing, ","))
	}
	p.str = strings.Join(words, " ")
	idx.Str = p.str
	idx.Num = t.keep(p)
	idx.Cost = plan.cost*requestCost + plan.rows
	idx.Rows = max(plan.rows, 1)
	return idx
}

// pushable reports whether a constraint may reach the planner: a usable
// comparison on a column, under the default collation for text.
func (t *Table) pushable(c Constraint) bool {
	if !c.Usable || c.Column < 0 || c.Column >= len(t.Schema.Columns) {
		return false
	}
	if _, ok := schemaOps[c.Op]; !ok {
		return false
	}
	if c.Collation != "" && !strings.EqualFold(c.Collation, "BINARY") {
		switch t.Schema.Columns[c.Column].Type {
		case schema.TypeInteger, schema.TypeReal, schema.TypeBoolean:
		default:
			return false
		}
	}
	return true
}

// keep stores a plan and returns its number; equal plans share one.
func (t *Table) keep(p *prepared) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	if n, ok := t.byStr[p.str]; ok {
		return n
	}
	t.plans = append(t.plans, p)
	t.byStr[p.str] = len(t.plans) - 1
	return len(t.plans) - 1
}

// plan returns the plan BestIndex numbered num.
func (t *Table) plan(num int, str string) (*prepared, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if num < 0 || num >= len(t.plans) || t.plans[num].str != str {
		return nil, fmt.Errorf("saasapi: %s: xFilter got plan %d %q, which xBestIndex did not make", t.Schema.Name, num, str)
	}
	return t.plans[num], nil
}
