package sandbox

import (
	"bytes"
	"encoding/json"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// ordered is a slice of records seen in API order without copying it:
// through a permutation, reversed, or as is.
type ordered[T any] struct {
	recs []T
	perm []int32 // API position -> index into recs; nil unless sorted
	rev  bool
}

// apiOrder returns recs in API order: newest first (reversed) unless asc.
func apiOrder[T any](recs []T, asc bool) ordered[T] {
	return ordered[T]{recs: recs, rev: !asc}
}

// sortedOrder returns recs in the order of a stable sort by cmp. When recs
// are already in that order, or strictly in its reverse (so that no ties
// could be reordered), no permutation is allocated.
func sortedOrder[T any](recs []T, cmp func(a, b *T) int) ordered[T] {
	inOrder, reversed := true, true
	for i := 1; i < len(recs) && (inOrder || reversed); i++ {
		c := cmp(&recs[i-1], &recs[i])
		inOrder = inOrder && c <= 0
		reversed = reversed && c > 0
	}
	switch {
	case inOrder:
		return ordered[T]{recs: recs}
	case reversed:
		return ordered[T]{recs: recs, rev: true}
	}
	perm := make([]int32, len(recs))
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortFunc(perm, func(a, b int32) int {
		if c := cmp(&recs[a], &recs[b]); c != 0 {
			return c
		}
		return int(a - b)
	})
	return ordered[T]{recs: recs, perm: perm}
}

// sortStable sorts s like slices.SortStableFunc, with the same result: it
// sorts positions, ties broken by position, and moves each record once,
// which is much faster for large records than merging them in place.
func sortStable[T any](s []T, cmp func(a, b *T) int) {
	perm := make([]int32, len(s))
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortFunc(perm, func(a, b int32) int {
		if c := cmp(&s[a], &s[b]); c != 0 {
			return c
		}
		return int(a - b)
	})
	sorted := make([]T, len(s))
	for i, k := range perm {
		sorted[i] = s[k]
	}
	copy(s, sorted)
}

func (o ordered[T]) len() int { return len(o.recs) }

// at returns the record at API position i.
func (o ordered[T]) at(i int) *T {
	switch {
	case o.perm != nil:
		return &o.recs[o.perm[i]]
	case o.rev:
		return &o.recs[len(o.recs)-1-i]
	}
	return &o.recs[i]
}

// mapOrdered applies f to the records in API order.
func mapOrdered[T, U any](o ordered[T], f func(*T) U) []U {
	out := make([]U, o.len())
	for i := range out {
		out[i] = f(o.at(i))
	}
	return out
}

// encodeBudget bounds the bytes of encoded records a server keeps: records
// are encoded when first served and kept while the budget lasts, so a
// server starts without encoding anything and a repeated scan of up to
// that many bytes costs no encoding.
type encodeBudget struct{ left atomic.Int64 }

// defaultEncodeBudget is the bytes of encoded records a Harvest server
// keeps: enough for every page of a few hundred thousand time entries.
const defaultEncodeBudget = 512 << 20

func newEncodeBudget(n int64) *encodeBudget {
	b := &encodeBudget{}
	b.left.Store(n)
	return b
}

// take reserves n bytes; false when the budget is spent (or b is nil).
func (b *encodeBudget) take(n int) bool {
	if b == nil {
		return false
	}
	if b.left.Add(-int64(n)) < 0 {
		b.left.Add(int64(n))
		return false
	}
	return true
}

func (b *encodeBudget) give(n int) {
	if b != nil {
		b.left.Add(int64(n))
	}
}

// table is one list endpoint: its records in API order, encoded on demand.
type table struct {
	name    string
	key     string // envelope key of lists
	top     bool   // listed at /v2/<name>
	get     bool   // GET /v2/<name>/{id}
	cursor  bool   // links.next uses cursor pagination
	ids     []int64
	pos     map[int64]int
	parent  []int64 // parent id of each record, for nested lists
	filters []filterSpec

	enc      func(i int) ([]byte, error) // encodes record i
	raw      []atomic.Pointer[[]byte]    // records encoded so far
	budget   *encodeBudget               // nil: nothing is kept
	children map[int64][]int32           // parent id -> positions, built on first use
	kidsOnce sync.Once
}

// newTable makes the table of recs, in API order. Records are encoded when
// first served, and kept within budget.
func newTable[T any](name string, cursor bool, recs ordered[T], id func(*T) int64, budget *encodeBudget) *table {
	n := recs.len()
	t := &table{name: name, key: name, top: true, get: true, cursor: cursor, ids: make([]int64, n),
		pos: make(map[int64]int, n), raw: make([]atomic.Pointer[[]byte], n), budget: budget}
	for i := range n {
		v := id(recs.at(i))
		t.ids[i], t.pos[v] = v, i
	}
	t.enc = func(i int) ([]byte, error) { return marshalRecord(recs.at(i)) }
	return t
}

// encoded returns the JSON of record i.
func (t *table) encoded(i int) ([]byte, error) {
	if p := t.raw[i].Load(); p != nil {
		return *p, nil
	}
	b, err := t.enc(i)
	if err != nil {
		return nil, err
	}
	if t.budget.take(len(b)) && !t.raw[i].CompareAndSwap(nil, &b) {
		t.budget.give(len(b))
	}
	return b, nil
}

// childrenOf returns the positions of the records of one parent, ascending.
func (t *table) childrenOf(parent int64) []int32 {
	t.kidsOnce.Do(func() {
		t.children = map[int64][]int32{}
		for i, p := range t.parent {
			t.children[p] = append(t.children[p], int32(i))
		}
	})
	return t.children[parent]
}

var encoders = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// marshalRecord is marshal into an exactly sized slice.
func marshalRecord(v any) ([]byte, error) {
	buf := encoders.Get().(*bytes.Buffer)
	defer encoders.Put(buf)
	buf.Reset()
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.Clone(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))), nil
}

// selection is the positions a listing's filters keep, ascending: either
// the run [lo, hi) or the explicit list idx.
type selection struct {
	lo, hi   int
	idx      []int32
	explicit bool
}

func (s selection) len() int {
	if s.explicit {
		return len(s.idx)
	}
	return s.hi - s.lo
}

func (s selection) at(k int) int {
	if s.explicit {
		return int(s.idx[k])
	}
	return s.lo + k
}

// after returns the first k whose position is greater than pos.
func (s selection) after(pos int) int {
	if s.explicit {
		return sort.Search(len(s.idx), func(k int) bool { return int(s.idx[k]) > pos })
	}
	return min(max(pos+1-s.lo, 0), s.hi-s.lo)
}

// selectionCache keeps the explicit selections of the last listings, so
// that following the pages of a filtered listing filters the table once.
type selectionCache struct {
	mu    sync.Mutex
	keys  []string
	sels  map[string]selection
	limit int
}

func newSelectionCache(limit int) *selectionCache {
	return &selectionCache{sels: map[string]selection{}, limit: limit}
}

func (c *selectionCache) get(key string) (selection, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.sels[key]
	if ok {
		k := slices.Index(c.keys, key)
		c.keys = append(slices.Delete(c.keys, k, k+1), key)
	}
	return s, ok
}

func (c *selectionCache) put(key string, s selection) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.sels[key]; ok {
		return
	}
	if len(c.keys) >= c.limit {
		delete(c.sels, c.keys[0])
		c.keys = c.keys[1:]
	}
	c.keys = append(c.keys, key)
	c.sels[key] = s
}

// selectionKey names a listing's selection: table, parent and the values
// of the filters given, in the table's filter order.
func selectionKey(t *table, parent int64, values []string) string {
	var b strings.Builder
	b.WriteString(t.name)
	b.WriteByte(0)
	b.WriteString(strconv.FormatInt(parent, 10))
	for i, v := range values {
		b.WriteByte(0)
		if v != "" {
			b.WriteString(t.filters[i].param)
			b.WriteByte('=')
			b.WriteString(v)
		}
	}
	return b.String()
}

// warm encodes every record of every table that the budget can keep.
func (a *api) warm() {
	for _, t := range a.tables {
		for i := range t.raw {
			if t.raw[i].Load() == nil {
				if b, err := t.enc(i); err == nil && t.budget.take(len(b)) && !t.raw[i].CompareAndSwap(nil, &b) {
					t.budget.give(len(b))
				}
			}
		}
	}
}
