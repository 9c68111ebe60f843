package vtab

import (
	"context"
	"database/sql/driver"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/providers/harvest"
	"github.com/saasapi/saasapi/rest"
	"github.com/saasapi/saasapi/sandbox"
	"github.com/saasapi/saasapi/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// demo is a small provider for planning tests: entries (a listing with
// exact and widening filters, and a get-by-id path) and comments (only
// reachable below an entry).
func demo() *schema.Provider {
	eq := []schema.Op{schema.OpEQ}
	return &schema.Provider{
		Name: "demo", BaseURL: "http://127.0.0.1:1/api",
		Paging: schema.Paging{Style: schema.PagingNextLink, PageSizeParam: "per_page", MaxPageSize: 100, NextPath: "next"},
		Tables: []*schema.Table{{
			Name: "entries",
			Columns: []schema.Column{
				{Name: "id", Type: schema.TypeInteger, Key: true},
				{Name: "project_id", Type: schema.TypeInteger},
				{Name: "spent_date", Type: schema.TypeDate},
				{Name: "hours", Type: schema.TypeReal},
				{Name: "ref", Type: schema.TypeText},
				{Name: "billed", Type: schema.TypeBoolean},
				{Name: "updated_at", Type: schema.TypeTimestamp},
				{Name: "meta", Type: schema.TypeJSON},
			},
			Paths: []schema.AccessPath{
				{Name: "list", Path: "/entries", Records: "entries", Filters: []schema.Filter{
					{Column: "project_id", Param: "project_id", Ops: eq, Format: schema.FormatInteger, Exact: true},
					{Column: "billed", Param: "billed", Ops: eq, Format: schema.FormatBool, Exact: true},
					{Column: "ref", Param: "ref", Ops: eq, Exact: true},
					{Column: "spent_date", Param: "from", Ops: []schema.Op{schema.OpGE, schema.OpGT}, Format: schema.FormatDate},
				}},
				{Name: "by_id", Path: "/entries/{id}", Keys: []string{"id"}},
			},
		}, {
			Name: "comments",
			Columns: []schema.Column{
				{Name: "entry_id", Type: schema.TypeInteger},
				{Name: "id", Type: schema.TypeInteger, Key: true},
				{Name: "body", Type: schema.TypeText},
			},
			Paths: []schema.AccessPath{{Name: "list", Path: "/entries/{entry_id}/comments", Keys: []string{"entry_id"}, Records: "comments",
				Parents: map[string]string{"entry_id": "entries.id"}}},
		}, {
			Name: "receipts",
			Columns: []schema.Column{
				{Name: "id", Type: schema.TypeInteger, Key: true},
				{Name: "total", Type: schema.TypeReal},
			},
			Paths: []schema.AccessPath{{Name: "by_id", Path: "/receipts/{id}", Keys: []string{"id"}}},
		}, {
			Name: "totals",
			Columns: []schema.Column{
				{Name: "project_id", Type: schema.TypeInteger, Key: true},
				{Name: "currency", Type: schema.TypeText, Key: true},
				{Name: "hours", Type: schema.TypeReal},
				{Name: "from_date", Type: schema.TypeDate, Input: true},
				{Name: "to_date", Type: schema.TypeDate, Input: true},
			},
			Paths: []schema.AccessPath{{Name: "report", Path: "/totals", Records: "results", Filters: []schema.Filter{
				{Column: "from_date", Param: "from", Ops: eq, Format: schema.FormatDate, Exact: true, Required: true},
				{Column: "to_date", Param: "to", Ops: eq, Format: schema.FormatDate, Exact: true, Required: true},
			}}},
		}},
	}
}

func demoTable(t *testing.T, opts Options, name string) *Table {
	t.Helper()
	tbl, err := NewConn(demo(), nil, opts).Table(name)
	require.NoError(t, err)
	return tbl
}

func col(t *Table, name string) int { return t.Schema.Column(name) }

func TestBestIndexUsesOnlyExactConstraintsWithoutRecheck(t *testing.T) {
	tbl := demoTable(t, Options{}, "entries")
	cons := []Constraint{
		{Column: col(tbl, "hours"), Op: OpGT, Usable: true},      // no filter: SQLite checks it
		{Column: col(tbl, "project_id"), Op: OpEQ, Usable: true}, // exact: pushed and omitted
		{Column: col(tbl, "spent_date"), Op: OpGE, Usable: true}, // widening: not sent
		{Column: col(tbl, "ref"), Op: OpLIKE(), Usable: true},    // not a comparison
		{Column: col(tbl, "billed"), Op: OpEQ, Usable: false},    // value not available
		{Op: OpLIMIT, Usable: true},                              // SQLite still checks hours
	}
	idx := tbl.BestIndex(cons, 0)
	assert.Equal(t, []int{0, 1, 0, 0, 0, 0}, idx.Argv)
	assert.Equal(t, []bool{false, true, false, false, false, false}, idx.Omit)
	assert.Equal(t, "project_id=", idx.Str)

	// Used always means omitted here: every used constraint is exact.
	for i, a := range idx.Argv {
		assert.Equal(t, a > 0, idx.Omit[i], "constraint %d", i)
	}
}

// OpLIKE is SQLite's SQLITE_INDEX_CONSTRAINT_LIKE, which the bridges leave
// to SQLite.
func OpLIKE() Op { return 65 }

func TestBestIndexRecheckSendsWideningFilters(t *testing.T) {
	tbl := demoTable(t, Options{Recheck: true}, "entries")
	cons := []Constraint{
		{Column: col(tbl, "hours"), Op: OpGT, Usable: true},
		{Column: col(tbl, "project_id"), Op: OpEQ, Usable: true},
		{Column: col(tbl, "spent_date"), Op: OpGE, Usable: true},
		{Op: OpLIMIT, Usable: true},
	}
	idx := tbl.BestIndex(cons, 0)
	assert.Equal(t, []int{0, 1, 2, 0}, idx.Argv)
	assert.Equal(t, []bool{false, true, false, false}, idx.Omit, "spent_date is sent but SQLite checks it again")
	assert.Equal(t, "project_id= spent_date>=~", idx.Str)
}

func TestBestIndexCollation(t *testing.T) {
	tbl := demoTable(t, Options{Recheck: true}, "entries")
	idx := tbl.BestIndex([]Constraint{{Column: col(tbl, "ref"), Op: OpEQ, Usable: true, Collation: "NOCASE"}}, 0)
	assert.Equal(t, []int{0}, idx.Argv, "a NOCASE text comparison is never sent")
	idx = tbl.BestIndex([]Constraint{{Column: col(tbl, "ref"), Op: OpEQ, Usable: true, Collation: "BINARY"}}, 0)
	assert.Equal(t, []int{1}, idx.Argv)
	idx = tbl.BestIndex([]Constraint{{Column: col(tbl, "project_id"), Op: OpEQ, Usable: true, Collation: "NOCASE"}}, 0)
	assert.Equal(t, []int{1}, idx.Argv, "collation does not matter for numbers")
}

func TestBestIndexLimitOffset(t *testing.T) {
	tbl := demoTable(t, Options{}, "entries")
	cons := []Constraint{
		{Column: col(tbl, "project_id"), Op: OpEQ, Usable: true},
		{Op: OpLIMIT, Usable: true},
		{Op: OpOFFSET, Usable: true},
	}
	idx := tbl.BestIndex(cons, 0)
	assert.Equal(t, []int{1, 2, 3}, idx.Argv)
	assert.Equal(t, []bool{true, true, true}, idx.Omit)
	assert.Equal(t, "project_id= limit offset", idx.Str)

	// With ORDER BY, SQLite sorts: LIMIT must stay with it.
	idx = tbl.BestIndex(cons, 1)
	assert.Equal(t, []int{1, 0, 0}, idx.Argv)

	// A constraint SQLite checks after the scan keeps LIMIT and OFFSET
	// away too, even when the host can recheck.
	rt := demoTable(t, Options{Recheck: true}, "entries")
	idx = rt.BestIndex([]Constraint{
		{Column: col(rt, "spent_date"), Op: OpGE, Usable: true},
		{Op: OpLIMIT, Usable: true},
	}, 0)
	assert.Equal(t, []int{1, 0}, idx.Argv)
	idx = rt.BestIndex([]Constraint{
		{Column: col(rt, "hours"), Op: OpGT, Usable: true},
		{Op: OpLIMIT, Usable: true},
	}, 0)
	assert.Equal(t, []int{0, 0}, idx.Argv)
}

func TestBestIndexCosts(t *testing.T) {
	tbl := demoTable(t, Options{}, "entries")
	full := tbl.BestIndex(nil, 0)
	byID := tbl.BestIndex([]Constraint{{Column: col(tbl, "id"), Op: OpEQ, Usable: true}}, 0)
	unusable := tbl.BestIndex([]Constraint{{Column: col(tbl, "id"), Op: OpEQ, Usable: false}}, 0)
	assert.Less(t, byID.Cost, full.Cost)
	assert.Equal(t, "id=", byID.Str)
	assert.Equal(t, full.Cost, unusable.Cost)
	assert.GreaterOrEqual(t, byID.Rows, 1.0)

	// Equal plans share one number; different plans do not.
	again := tbl.BestIndex([]Constraint{{Column: col(tbl, "id"), Op: OpEQ, Usable: true}}, 0)
	assert.Equal(t, byID.Num, again.Num)
	assert.NotEqual(t, byID.Num, full.Num)
}

func TestChildTableFansOutOverItsParent(t *testing.T) {
	tbl := demoTable(t, Options{}, "comments")
	fan := tbl.BestIndex(nil, 0)
	keyed := tbl.BestIndex([]Constraint{{Column: col(tbl, "entry_id"), Op: OpEQ, Usable: true}}, 0)
	assert.Equal(t, "fan-out entry_id=entries.id", fan.Str)
	assert.Equal(t, "entry_id=", keyed.Str)
	assert.Less(t, fan.Cost, 1e12, "a fan-out can run")
	assert.Greater(t, fan.Cost, 10*keyed.Cost, "a key given by a join is far cheaper")
	// A constraint the child's endpoint does not take stays with SQLite.
	withID := tbl.BestIndex([]Constraint{{Column: col(tbl, "id"), Op: OpEQ, Usable: true}}, 0)
	assert.Equal(t, "fan-out entry_id=entries.id", withID.Str)
	assert.Equal(t, []int{0}, withID.Argv)
}

func TestMissingKeyIsExpensiveAndFilterNamesIt(t *testing.T) {
	tbl := demoTable(t, Options{}, "receipts")
	missing := tbl.BestIndex(nil, 0)
	keyed := tbl.BestIndex([]Constraint{{Column: col(tbl, "id"), Op: OpEQ, Usable: true}}, 0)
	assert.Greater(t, missing.Cost, 1e12)
	assert.Less(t, keyed.Cost, 1e6)
	assert.Equal(t, "needs:id", missing.Str)
	cur := tbl.Open()
	defer cur.Close()
	err := cur.Filter(missing.Num, missing.Str, nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, planner.ErrMissingKey)
	assert.Equal(t, "saasapi: table receipts can only be read with id given: add WHERE id = …", err.Error())
	assert.True(t, cur.EOF())
	err = cur.Filter(99, "nonsense", nil)
	assert.ErrorContains(t, err, "did not make")
}

func TestInputsAreHiddenAndNamedWhenMissing(t *testing.T) {
	tbl := demoTable(t, Options{}, "totals")
	assert.Equal(t, []string{"from_date", "to_date"}, tbl.Inputs())
	missing := tbl.BestIndex(nil, 0)
	assert.Equal(t, "needs:from_date,to_date", missing.Str)
	cur := tbl.Open()
	defer cur.Close()
	err := cur.Filter(missing.Num, missing.Str, nil)
	assert.ErrorIs(t, err, planner.ErrMissingKey)
	assert.EqualError(t, err, "saasapi: table totals can only be read with from_date and to_date given: "+
		"add WHERE from_date = … AND to_date = …, or give from_date and to_date as arguments: SELECT * FROM totals('2024-01-01', '2024-12-31')")
	// The arguments of a table-valued function are equalities on the
	// hidden columns: the report's path takes them.
	given := tbl.BestIndex([]Constraint{
		{Column: col(tbl, "from_date"), Op: OpEQ, Usable: true},
		{Column: col(tbl, "to_date"), Op: OpEQ, Usable: true},
	}, 0)
	assert.Equal(t, "from_date= to_date=", given.Str)
	assert.Equal(t, []int{1, 2}, given.Argv)
	assert.Equal(t, []bool{true, true}, given.Omit)
}

func TestDeclaration(t *testing.T) {
	tbl := demoTable(t, Options{}, "entries")
	assert.Equal(t, `CREATE TABLE x("id" INTEGER NOT NULL, "project_id" INTEGER, "spent_date" DATE, "hours" REAL, "ref" TEXT, `+
		`"billed" BOOLEAN, "updated_at" TIMESTAMP, "meta" JSON, PRIMARY KEY ("id"))`, tbl.Declaration())
	totals := demoTable(t, Options{}, "totals")
	assert.Equal(t, `CREATE TABLE x("project_id" INTEGER NOT NULL, "currency" TEXT NOT NULL, "hours" REAL, `+
		`"from_date" DATE HIDDEN, "to_date" DATE HIDDEN, PRIMARY KEY ("project_id", "currency"))`, totals.Declaration())
}

func TestLookupTable(t *testing.T) {
	_, err := NewConn(demo(), nil, Options{}).Table("entrie")
	require.Error(t, err)
	assert.True(t, errors.Is(err, planner.ErrUnknownTable))
	var pe *planner.Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "entrie", pe.Table)
	assert.Contains(t, err.Error(), `did you mean "entries"?`)

	_, err = LookupTable(demo(), "zzzzzzzzzz")
	assert.ErrorContains(t, err, "its tables are entries, comments, receipts, totals")

	tbl, err := LookupTable(demo(), "ENTRIES")
	require.NoError(t, err)
	assert.Equal(t, "entries", tbl.Name)
}

func TestAPIValueFollowsSQLiteAffinity(t *testing.T) {
	tests := []struct {
		name string
		typ  schema.Type
		in   any
		want driver.Value
	}{
		{"integer", schema.TypeInteger, int64(12), int64(12)},
		{"numeric text", schema.TypeInteger, "12", int64(12)},
		{"real text of an integer", schema.TypeInteger, " 12.0 ", int64(12)},
		{"integral real", schema.TypeInteger, 12.0, int64(12)},
		{"fraction stays", schema.TypeInteger, 12.5, 12.5},
		{"text stays", schema.TypeInteger, "abc", "abc"},
		{"hex is not numeric", schema.TypeInteger, "0x10", "0x10"},
		{"boolean one", schema.TypeBoolean, "1", int64(1)},
		{"boolean real", schema.TypeBoolean, 1.0, int64(1)},
		{"real column", schema.TypeReal, "2.5", 2.5},
		{"null", schema.TypeInteger, nil, nil},
		{"text column number", schema.TypeText, int64(5), "5"},
		{"text column real", schema.TypeText, 1.5, "1.5"},
		{"text column blob", schema.TypeText, []byte("ab"), "ab"},
		{"date", schema.TypeDate, "2024-01-01", "2024-01-01"},
		{"date with time", schema.TypeDate, "2024-01-01 10:00", "2024-01-01 10:00"},
		{"ISO date-time is not sent", schema.TypeTimestamp, "2024-01-01T10:00:00-05:00", unsendable{}},
		{"number is not a time", schema.TypeTimestamp, int64(1700000000), unsendable{}},
		{"null time", schema.TypeDate, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, apiValue(tt.typ, tt.in))
		})
	}
	// What is not sent does not narrow: FormatValue refuses it.
	_, ok := planner.FormatValue(unsendable{}, schema.FormatDate, schema.OpGE)
	assert.False(t, ok)
}

func TestSQLiteValue(t *testing.T) {
	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	ts := time.Date(2024, 3, 5, 13, 4, 5, 0, time.FixedZone("x", 3600))
	assert.Equal(t, "2024-03-05", SQLiteValue(schema.TypeDate, day))
	assert.Equal(t, "2024-03-05 12:04:05", SQLiteValue(schema.TypeTimestamp, ts))
	assert.Equal(t, "2024-03-05 12:04:05.250", SQLiteValue(schema.TypeTimestamp, ts.Add(250*time.Millisecond)))
	assert.Equal(t, "2024-03-05 12:04:05.000250", SQLiteValue(schema.TypeTimestamp, ts.Add(250*time.Microsecond)), "no precision is lost")
	assert.Equal(t, "2024-03-05 12:04:05.000000250", SQLiteValue(schema.TypeTimestamp, ts.Add(250)))
	assert.Equal(t, int64(1), SQLiteValue(schema.TypeBoolean, true))
	assert.Equal(t, int64(0), SQLiteValue(schema.TypeBoolean, false))
	assert.Equal(t, int64(7), SQLiteValue(schema.TypeInteger, int64(7)))
	assert.Equal(t, 1.5, SQLiteValue(schema.TypeReal, 1.5))
	assert.Equal(t, `{"a":1}`, SQLiteValue(schema.TypeJSON, `{"a":1}`))
	assert.Nil(t, SQLiteValue(schema.TypeText, nil))
}

// harvestConn returns a connection to a Harvest sandbox.
func harvestConn(t *testing.T, opts sandbox.Options) (*Conn, *sandbox.Server) {
	t.Helper()
	srv, err := sandbox.Start(opts)
	require.NoError(t, err)
	t.Cleanup(func() { srv.Close() })
	p := harvest.Provider()
	c, err := rest.New(rest.Config{Provider: p,
		Settings:   map[string]string{"APIKey": sandbox.DefaultToken, "AccountId": sandbox.DefaultAccountID, "BaseURL": srv.URL()},
		HTTPClient: &http.Client{Transport: bearer(sandbox.DefaultToken)}})
	require.NoError(t, err)
	return NewConn(p, c, Options{}), srv
}

type bearer string

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+string(b))
	return http.DefaultTransport.RoundTrip(r)
}

// drain reads a cursor to the end and returns the values of column i.
func drain(t *testing.T, cur *Cursor, i int) []any {
	t.Helper()
	var out []any
	for !cur.EOF() {
		out = append(out, cur.Column(i))
		require.NoError(t, cur.Next())
	}
	return out
}

func TestCursorSharesOneSessionPerStatement(t *testing.T) {
	conn, srv := harvestConn(t, sandbox.Options{Rows: 200})
	tbl, err := conn.Table("time_entries")
	require.NoError(t, err)
	ds := srv.Dataset()
	project := ds.TimeEntries[0].Project.ID
	want := 0
	for _, e := range ds.TimeEntries {
		if e.Project.ID == project {
			want++
		}
	}
	idx := tbl.BestIndex([]Constraint{{Column: col(tbl, "project_id"), Op: OpEQ, Usable: true}}, 0)
	require.Equal(t, "project_id=", idx.Str)

	// A join calls Filter once per outer row: the same key twice is one
	// request, as long as a cursor of the statement is open.
	cur := tbl.Open()
	for range 3 {
		require.NoError(t, cur.Filter(idx.Num, idx.Str, []any{project}))
		ids := drain(t, cur, col(tbl, "project_id"))
		assert.Len(t, ids, want)
		for _, id := range ids {
			assert.Equal(t, project, id)
		}
	}
	other := tbl.Open()
	require.NoError(t, other.Filter(idx.Num, idx.Str, []any{project}))
	other.Close()
	assert.EqualValues(t, 1, srv.Requests())
	cur.Close()

	// The next statement asks again.
	cur = tbl.Open()
	require.NoError(t, cur.Filter(idx.Num, idx.Str, []any{project}))
	cur.Close()
	cur.Close() // closing twice is harmless
	assert.EqualValues(t, 2, srv.Requests())
}

func TestCursorLimitOffsetAndValues(t *testing.T) {
	conn, srv := harvestConn(t, sandbox.Options{Rows: 50})
	tbl, err := conn.Table("time_entries")
	require.NoError(t, err)
	idx := tbl.BestIndex([]Constraint{{Op: OpLIMIT, Usable: true}, {Op: OpOFFSET, Usable: true}}, 0)
	require.Equal(t, "limit offset", idx.Str)
	all := tbl.BestIndex(nil, 0)

	cur := tbl.Open()
	defer cur.Close()
	require.NoError(t, cur.Filter(all.Num, all.Str, nil))
	ids := drain(t, cur, col(tbl, "id"))
	require.Len(t, ids, 50)

	require.NoError(t, cur.Filter(idx.Num, idx.Str, []any{int64(3), int64(4)}))
	page := drain(t, cur, col(tbl, "id"))
	assert.Equal(t, ids[4:7], page, "OFFSET rows are skipped by the cursor")
	log := srv.Log()
	assert.Equal(t, "7", log[len(log)-1].Query.Get("per_page"), "LIMIT+OFFSET shrinks the page")

	require.NoError(t, cur.Filter(idx.Num, idx.Str, []any{int64(0), int64(0)}))
	assert.True(t, cur.EOF(), "LIMIT 0 reads nothing")

	// Values come in SQLite's types.
	require.NoError(t, cur.Filter(all.Num, all.Str, nil))
	require.False(t, cur.EOF())
	id := cur.Column(col(tbl, "id"))
	for _, e := range srv.Dataset().TimeEntries {
		if e.ID == id {
			assert.Equal(t, e.SpentDate, cur.Column(col(tbl, "spent_date")))
		}
	}
	assert.Regexp(t, `^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$`, cur.Column(col(tbl, "created_at")))
	assert.Contains(t, []any{int64(0), int64(1)}, cur.Column(col(tbl, "is_billed")))
	assert.IsType(t, float64(0), cur.Column(col(tbl, "hours")))
	assert.Equal(t, id, cur.Rowid(), "the rowid is the integer key, the same in every scan")
	assert.Nil(t, cur.Column(-1))
}

func TestCursorContext(t *testing.T) {
	conn, srv := harvestConn(t, sandbox.Options{Rows: 10, Latency: 5 * time.Second})
	tbl, err := conn.Table("projects")
	require.NoError(t, err)
	idx := tbl.BestIndex(nil, 0)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	conn.SetContext(ctx)
	cur := tbl.Open()
	defer cur.Close()
	start := time.Now()
	err = cur.Filter(idx.Num, idx.Str, nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 3*time.Second)
	_ = srv
}
