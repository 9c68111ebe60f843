package sandbox_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/saasapi/saasapi/sandbox"
)

// TestDateRangeListingsEqualScan holds the binary-searched from/to of the
// date-ordered listings to the plain predicate over the data set: random
// bounds (dates that occur, dates that do not, bounds outside the data,
// from after to), alone, together and with another filter, at random page
// sizes.
func TestDateRangeListingsEqualScan(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 1500, Seed: 5})
	ds := s.Dataset()
	r := rand.New(rand.NewPCG(5, 5))
	dates := []string{"2022-12-31", "2023-01-01", "2025-06-30", "2025-07-01", "2019-05-05", "2030-01-01"}
	for range 12 {
		dates = append(dates, ds.TimeEntries[r.IntN(len(ds.TimeEntries))].SpentDate,
			fmt.Sprintf("2024-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28)))
	}
	in := func(d, from, to string) bool { return (from == "" || d >= from) && (to == "" || d <= to) }
	user := ds.Users[1].ID
	for k := range 40 {
		from, to := dates[r.IntN(len(dates))], dates[r.IntN(len(dates))]
		switch k % 4 {
		case 1:
			from = ""
		case 2:
			to = ""
		}
		q := "per_page=" + strconv.Itoa(1+r.IntN(300))
		if from != "" {
			q += "&from=" + from
		}
		if to != "" {
			q += "&to=" + to
		}
		t.Run(q, func(t *testing.T) {
			got, _ := listAll[sandbox.TimeEntry](t, s, "time_entries", "/time_entries?"+q)
			assert.Equal(t, nonNil(want(ds.TimeEntries, entryID, func(e sandbox.TimeEntry) bool { return in(e.SpentDate, from, to) })), nonNil(ids(got, entryID)), "time_entries")
			got, _ = listAll[sandbox.TimeEntry](t, s, "time_entries", "/time_entries?"+q+"&user_id="+strconv.FormatInt(user, 10))
			assert.Equal(t, nonNil(want(ds.TimeEntries, entryID, func(e sandbox.TimeEntry) bool { return in(e.SpentDate, from, to) && e.User.ID == user })), nonNil(ids(got, entryID)), "time_entries of one user")
			xs, _ := listAll[sandbox.Expense](t, s, "expenses", "/expenses?"+q)
			assert.Equal(t, nonNil(want(ds.Expenses, func(x sandbox.Expense) int64 { return x.ID }, func(x sandbox.Expense) bool { return in(x.SpentDate, from, to) })), nonNil(ids(xs, func(x sandbox.Expense) int64 { return x.ID })), "expenses")
			invs, _ := listAll[sandbox.Invoice](t, s, "invoices", "/invoices?"+q)
			assert.Equal(t, nonNil(want(ds.Invoices, func(v sandbox.Invoice) int64 { return v.ID }, func(v sandbox.Invoice) bool { return in(v.IssueDate, from, to) })), nonNil(ids(invs, func(v sandbox.Invoice) int64 { return v.ID })), "invoices")
		})
	}
}

// TestFilteredPagesAfterOtherListings follows two filtered listings page
// by page, interleaved with each other and with unfiltered pages, so that
// a selection kept for one listing can never answer another.
func TestFilteredPagesAfterOtherListings(t *testing.T) {
	s := start(t, sandbox.Options{Rows: 900})
	ds := s.Dataset()
	u1, u2 := ds.Users[0].ID, ds.Users[2].ID
	next := map[int64]string{
		u1: s.URL() + "/time_entries?per_page=40&user_id=" + strconv.FormatInt(u1, 10),
		u2: s.URL() + "/time_entries?per_page=40&user_id=" + strconv.FormatInt(u2, 10),
	}
	got := map[int64][]int64{}
	for next[u1] != "" || next[u2] != "" {
		for _, u := range []int64{u1, u2} {
			if next[u] == "" {
				continue
			}
			env := decodeList[sandbox.TimeEntry](t, "time_entries", get(t, s, next[u]))
			got[u] = append(got[u], ids(env.Records, entryID)...)
			next[u] = ""
			if env.Links.Next != nil {
				next[u] = *env.Links.Next
			}
			require.Equal(t, http.StatusOK, get(t, s, "/time_entries?per_page=7&page=3").status)
		}
	}
	assert.Equal(t, nonNil(want(ds.TimeEntries, entryID, func(e sandbox.TimeEntry) bool { return e.User.ID == u1 })), nonNil(got[u1]))
	assert.Equal(t, nonNil(want(ds.TimeEntries, entryID, func(e sandbox.TimeEntry) bool { return e.User.ID == u2 })), nonNil(got[u2]))
}

// nonNil makes an empty result comparable with an empty expectation.
func nonNil(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}
