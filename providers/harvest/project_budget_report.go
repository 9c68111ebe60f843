package harvest

import "github.com/saasapi/saasapi/schema"

func projectBudgetReport() *schema.Table {
	const (
		i = schema.TypeInteger
		r = schema.TypeReal
		s = schema.TypeText
		b = schema.TypeBoolean
	)
	return &schema.Table{
		Name: "project_budget_report",
		Rows: 300,
		Doc:  "Budget and spend of each project. GET /v2/reports/project_budget (the Reports API: 100 requests per 15 minutes).",
		Columns: one(
			col("client_id", i, "ID of the project's client."),
			col("client_name", s, "Name of the project's client."),
			schema.Column{Name: "project_id", Type: i, Key: true, Doc: "ID of the project; one row per project."},
			col("project_name", s, "Name of the project."),
			col("budget_is_monthly", b, "Whether the budget resets every month."),
			col("budget_by", s, "project, project_cost, task, task_fees, person or none."),
			col("is_active", b, "Whether the project is active or archived."),
			col("budget", r, "Budget, in hours or money per budget_by."),
			col("budget_spent", r, "Budget spent."),
			col("budget_remaining", r, "Budget remaining."),
		),
		Paths: []schema.AccessPath{
			{Name: "list", Path: "/reports/project_budget", Records: "results", RateLimit: reportsBudget, Filters: []schema.Filter{boolEq("is_active")}},
		},
	}
}
