package sandbox

import (
	"cmp"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type sortRec struct{ key, seq int }

func byKey(a, b *sortRec) int { return cmp.Compare(a.key, b.key) }

// TestSortStableIsStable: sortStable gives slices.SortStableFunc's order,
// ties included.
func TestSortStableIsStable(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 17, 1000} {
		recs := make([]sortRec, n)
		for i := range recs {
			recs[i] = sortRec{key: r.IntN(max(n/4, 1)), seq: i}
		}
		want := slices.Clone(recs)
		slices.SortStableFunc(want, func(a, b sortRec) int { return byKey(&a, &b) })
		sortStable(recs, byKey)
		assert.Equal(t, want, recs, "n=%d", n)
	}
}

// TestSortedOrderViews: the ordered view of sortedOrder is the stable sort,
// whether the records are in order, strictly reversed, reversed with ties
// (which must keep their order) or shuffled.
func TestSortedOrderViews(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	asc := make([]sortRec, 50)
	for i := range asc {
		asc[i] = sortRec{key: i, seq: i}
	}
	desc := slices.Clone(asc)
	slices.Reverse(desc)
	ties := []sortRec{{3, 0}, {2, 1}, {2, 2}, {1, 3}}
	shuffled := slices.Clone(asc)
	r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	for name, recs := range map[string][]sortRec{"asc": asc, "desc": desc, "ties": ties, "shuffled": shuffled} {
		want := slices.Clone(recs)
		slices.SortStableFunc(want, func(a, b sortRec) int { return byKey(&a, &b) })
		o := sortedOrder(recs, byKey)
		got := mapOrdered(o, func(r *sortRec) sortRec { return *r })
		assert.Equal(t, want, got, name)
	}
	assert.True(t, sortedOrder(desc, byKey).rev, "a strictly reversed slice needs no permutation")
	assert.Nil(t, sortedOrder(asc, byKey).perm, "a sorted slice needs no permutation")
}

// TestNoEncodeBudgetServesSameBytes: a server that keeps no encoded
// record answers byte for byte what one that keeps them does, and the
// budget never goes negative.
func TestNoEncodeBudgetServesSameBytes(t *testing.T) {
	kept, err := newServer(Options{Rows: 700})
	require.NoError(t, err)
	bare, err := newServer(Options{Rows: 700})
	require.NoError(t, err)
	for _, tb := range bare.api.tables {
		tb.budget = nil
	}
	small := newEncodeBudget(5000)
	for _, tb := range kept.api.tables {
		tb.budget = small
	}
	for _, u := range []string{"/v2/time_entries?per_page=300", "/v2/time_entries?per_page=300", "/v2/projects?page=2&per_page=5",
		"/v2/time_entries?per_page=50&page=3&is_billed=false", "/v2/users/me/project_assignments", "/v2/expenses"} {
		var bodies [2]string
		for k, s := range []*Server{kept, bare} {
			r := httptest.NewRequest(http.MethodGet, u, nil)
			r.Header.Set("Authorization", "Bearer sandbox-token")
			r.Header.Set("Harvest-Account-Id", "123456")
			r.Header.Set("User-Agent", "tests")
			w := httptest.NewRecorder()
			s.Handler().ServeHTTP(w, r)
			require.Equal(t, http.StatusOK, w.Code, u)
			bodies[k] = w.Body.String()
		}
		assert.Equal(t, bodies[0], bodies[1], u)
	}
	assert.GreaterOrEqual(t, small.left.Load(), int64(0))
	assert.Less(t, small.left.Load(), int64(5000), "some records were kept")
}

// TestWarmEncodesWithinBudget: Warm encodes what the budget keeps, and
// what it encoded is what a request would have.
func TestWarmEncodesWithinBudget(t *testing.T) {
	s, err := newServer(Options{Rows: 300})
	require.NoError(t, err)
	entries := s.api.tables["time_entries"]
	assert.Nil(t, entries.raw[0].Load(), "nothing is encoded before it is served")
	s.Warm()
	for name, tb := range s.api.tables {
		for i := range tb.raw {
			p := tb.raw[i].Load()
			require.NotNil(t, p, "%s[%d]", name, i)
			want, err := tb.enc(i)
			require.NoError(t, err)
			require.Equal(t, string(want), string(*p))
		}
	}

	small, err := newServer(Options{Rows: 300})
	require.NoError(t, err)
	budget := newEncodeBudget(10000)
	for _, tb := range small.api.tables {
		tb.budget = budget
	}
	small.Warm()
	assert.GreaterOrEqual(t, budget.left.Load(), int64(0))
	kept, skipped := 0, 0
	for _, tb := range small.api.tables {
		for i := range tb.raw {
			if tb.raw[i].Load() != nil {
				kept++
			} else {
				skipped++
			}
		}
	}
	assert.Positive(t, kept)
	assert.Positive(t, skipped, "10,000 bytes keep only some records")
}
