package cache

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/saasapi/saasapi/schema"
)

// ErrNotReplicable is returned for a table that cannot be copied whole: a
// report whose rows depend on the range the query gives, or a table
// reachable only by key.
var ErrNotReplicable = errors.New("table cannot be replicated")

// Overlap is how far before the watermark an incremental refresh starts,
// so that a record changed while the last refresh ran, or stamped by a
// server clock a little behind, is not missed.
const Overlap = 5 * time.Minute

// Mode is how a table's replica is refreshed.
type Mode int

// The refresh modes.
const (
	// ModeFull copies the whole table at every refresh: the API cannot
	// list what changed.
	ModeFull Mode = iota
	// ModeUpdated lists the rows updated since the watermark (a filter
	// on updated_at: Harvest's and Aha!'s updated_since).
	ModeUpdated
	// ModeCreated lists the rows created since the watermark (Aircall's
	// from=): new records arrive incrementally, changes to old ones at
	// the next reconciliation, which copies the table whole.
	ModeCreated
)

// String names the mode for sys_cache and EXPLAIN.
func (m Mode) String() string {
	switch m {
	case ModeUpdated:
		return "incremental (updated since)"
	case ModeCreated:
		return "incremental (created since)"
	}
	return "full"
}

// Strategy is how a table is replicated.
type Strategy struct {
	// Key is the primary key of the replica: the table's key columns and,
	// for a table read once per parent row, the parent's key column (a
	// record may appear under several parents).
	Key []string
	// Mode is how a refresh lists the rows.
	Mode Mode
	// Column is the TIMESTAMP column of an incremental refresh
	// ("updated_at", "started_at"); empty for ModeFull.
	Column string
	// Param is the API's parameter for Column ("updated_since", "from"),
	// for EXPLAIN.
	Param string
	// Indexes are the columns the API filters by: each gets an index.
	Indexes []string
}

// StrategyOf decides how t is replicated, or returns an error wrapping
// ErrNotReplicable saying why it cannot be.
func StrategyOf(t *schema.Table) (Strategy, error) {
	var inputs []string
	for _, c := range t.Columns {
		if c.Input {
			inputs = append(inputs, c.Name)
		}
	}
	if len(inputs) > 0 {
		return Strategy{}, fmt.Errorf("%w: %s is a report: its rows depend on %s in WHERE", ErrNotReplicable, t.Name, strings.Join(inputs, " and "))
	}
	var s Strategy
	for _, c := range t.Columns {
		if c.Key {
			s.Key = append(s.Key, c.Name)
		}
	}
	// The path that reads the table whole: a listing without keys, or
	// one per parent row.
	var whole *schema.AccessPath
	fanOut := false
	for i := range t.Paths {
		a := &t.Paths[i]
		if len(a.Keys) == 0 && !required(a) {
			whole = a
			break
		}
	}
	if whole == nil {
		for i := range t.Paths {
			a := &t.Paths[i]
			if len(a.Keys) == 1 && a.Parents[a.Keys[0]] != "" && !required(a) && t.Column(a.Keys[0]) >= 0 {
				whole, fanOut = a, true
				break
			}
		}
	}
	if whole == nil {
		return Strategy{}, fmt.Errorf("%w: %s can only be read by key", ErrNotReplicable, t.Name)
	}
	if fanOut && len(s.Key) > 0 && !slices.Contains(s.Key, whole.Keys[0]) {
		s.Key = append(s.Key, whole.Keys[0])
	}
	for _, a := range t.Paths {
		for _, k := range a.Keys {
			if !slices.Contains(s.Indexes, k) && !slices.Contains(s.Key, k) {
				s.Indexes = append(s.Indexes, k)
			}
		}
		for _, f := range a.Filters {
			if !slices.Contains(s.Indexes, f.Column) && !slices.Contains(s.Key, f.Column) && t.Column(f.Column) >= 0 && !t.Columns[t.Column(f.Column)].Input {
				s.Indexes = append(s.Indexes, f.Column)
			}
		}
	}
	// An incremental refresh merges by key; rows made of a record's
	// array elements (invoice line items) change as a set, so they are
	// copied whole.
	if len(s.Key) == 0 || t.Explode != "" {
		return s, nil
	}
	for _, f := range whole.Filters {
		ci := t.Column(f.Column)
		if ci >= 0 && t.Columns[ci].Type == schema.TypeTimestamp && strings.EqualFold(f.Column, "updated_at") && f.Accepts(schema.OpGE) {
			s.Mode, s.Column, s.Param = ModeUpdated, t.Columns[ci].Name, f.Param
			return s, nil
		}
	}
	if w := whole.Window; w != nil {
		if ci := t.Column(w.Column); ci >= 0 && t.Columns[ci].Type == schema.TypeTimestamp {
			s.Mode, s.Column, s.Param = ModeCreated, t.Columns[ci].Name, w.From
		}
	}
	return s, nil
}

// required reports whether a path needs a filter the query must give.
func required(a *schema.AccessPath) bool {
	for _, f := range a.Filters {
		if f.Required {
			return true
		}
	}
	return false
}
