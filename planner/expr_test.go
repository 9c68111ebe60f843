package planner_test

import (
	"testing"
	"time"

	"github.com/saasapi/saasapi/planner"
	"github.com/saasapi/saasapi/providers/harvest"
	"github.com/saasapi/saasapi/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExprString renders every kind of expression node, built by hand:
// EXISTS and NOT EXISTS (whose rendering used to slice out of range, issue
// #11), IN subqueries, and nodes with missing operands, which render a
// marker instead of panicking.
func TestExprString(t *testing.T) {
	id := &planner.Col{Index: 0, Name: "id", Column: schema.TypeInteger}
	one := &planner.Const{Value: int64(1)}
	sub := &planner.Values{Cols: []planner.Column{{Name: "x", Type: schema.TypeReal}}}
	cases := []struct {
		e    planner.Expr
		want string
	}{
		{&planner.Subquery{Plan: sub, Mode: planner.SubExists}, "EXISTS (SELECT …)"},
		{&planner.Subquery{Plan: sub, Mode: planner.SubExists, Not: true}, "NOT EXISTS (SELECT …)"},
		{&planner.Subquery{Plan: sub, Mode: planner.SubExists, Correlated: true}, "EXISTS (correlated SELECT …)"},
		{&planner.Subquery{Plan: sub, Mode: planner.SubExists, SQL: "(select 1 from users)"}, "EXISTS (select 1 from users)"},
		{&planner.Subquery{Plan: sub, Mode: planner.SubIn, X: id, Not: true, SQL: "(select id from users)"}, "id NOT IN (select id from users)"},
		{&planner.Subquery{Plan: sub, Mode: planner.SubIn}, "<missing> IN (SELECT …)"},
		{&planner.Subquery{Plan: sub, SQL: "(select max(x) from t)"}, "(select max(x) from t)"},
		{&planner.Unary{Op: "-", X: &planner.Const{Value: int64(-1)}}, "-(-1)"},
		{&planner.Unary{Op: "-", X: id}, "-id"},
		{&planner.Unary{Op: "NOT"}, "(NOT <missing>)"},
		{&planner.Binary{Op: "+", L: id}, "(id + <missing>)"},
		{&planner.In{List: []planner.Expr{one, nil}}, "<missing> IN (1, <missing>)"},
		{&planner.Between{X: id, Lo: one}, "id BETWEEN 1 AND <missing>"},
		{&planner.Like{X: id}, "id LIKE <missing>"},
		{&planner.Is{What: "null", Not: true}, "<missing> IS NOT NULL"},
		{&planner.Func{Name: "COALESCE", Args: []planner.Expr{nil, one}}, "COALESCE(<missing>, 1)"},
		{&planner.Case{Whens: []planner.When{{Then: one}}}, "CASE WHEN <missing> THEN 1 END"},
		{&planner.Cast{Name: "SIGNED"}, "CAST(<missing> AS SIGNED)"},
		{&planner.Agg{Name: "COUNT"}, "COUNT(*)"},
		{&planner.Agg{Name: "GROUP_CONCAT", Arg: id, Sep: ",", OrderBy: []planner.Order{{Expr: id, Desc: true}}}, "GROUP_CONCAT(id ORDER BY id DESC)"},
		{&planner.Agg{Name: "GROUP_CONCAT", Arg: id, Sep: "'"}, "GROUP_CONCAT(id SEPARATOR '''')"},
		{&planner.Const{Value: []byte("it's")}, "'it''s'"},
		{&planner.Const{Value: int32(7)}, "'7'"},
		{&planner.Const{Value: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)}, "'2024-03-05'"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, c.e.String())
		assert.NotPanics(t, func() { c.e.Type() }, c.want)
	}
	assert.Equal(t, schema.TypeReal, (&planner.Subquery{Plan: sub}).Type())
	assert.Equal(t, schema.TypeText, (&planner.Subquery{}).Type(), "a subquery without a plan")
	assert.Equal(t, schema.TypeText, (&planner.Agg{Name: "MAX"}).Type())
}

// TestSubqueryNamesItsText plans EXISTS, IN and scalar subqueries: each
// renders with its own text, so that two subqueries never read alike.
func TestSubqueryNamesItsText(t *testing.T) {
	q, err := planner.Plan(harvest.Provider(), "SELECT EXISTS (SELECT 1 FROM users WHERE id < 0), EXISTS (SELECT 1 FROM users WHERE id > 0), "+
		"id IN (SELECT client_id FROM projects), (SELECT MAX(id) FROM users) FROM clients", nil)
	require.NoError(t, err)
	var got []string
	var walk func(n planner.Node)
	walk = func(n planner.Node) {
		if p, ok := n.(*planner.Project); ok {
			for _, e := range p.Exprs {
				got = append(got, e.String())
			}
			walk(p.Input)
		}
	}
	walk(q.Root)
	assert.Equal(t, []string{
		"EXISTS (select 1 from users where id < 0)",
		"EXISTS (select 1 from users where id > 0)",
		"id IN (select client_id from projects)",
		"(select MAX(id) from users)",
	}, got)
}
